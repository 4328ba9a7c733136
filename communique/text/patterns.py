"""Compiled regular expressions kept between processes.

``regex`` compiles a pattern in Python (parse, optimise, emit opcodes) and
only then hands a flat opcode list to its C engine.  For the ~130 patterns
of the structure and metadata passes that Python half is 70–100 ms of every
process start: more than reading, parsing, diffing and rendering two
statements together.  The opcode list depends only on the pattern, its flags
and the versions of ``regex`` and Python, so :func:`compiled` keeps it in the
per-user cache directory (beside the grammar cache) and hands it straight to
the engine in the next process: the same ``regex.Pattern``, built in
microseconds.

This reaches below ``regex``'s public API (the engine entry
``regex._main._regex.compile``), so every step falls back to plain
``regex.compile``: a pattern with named lists, an internal that is not
where it was, a cache file that is missing, truncated, stale or foreign.
Each version of ``regex`` and Python gets its own file; the file lives in a
private (0700) folder, as the grammar cache does, and holds data only
(``marshal`` of strings, ints, tuples and dicts: no code is loaded from it).
``COMMUNIQUE_NO_CACHE=1`` turns it off.  Patterns built from user input
(a search query) go to ``regex.compile`` directly: they would only grow
the file.
"""

from __future__ import annotations

import atexit
import marshal
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, AnyStr

import regex

from ..cache import cache_folder, write_private

try:  # the pure-Python compiler, and the engine module it hands its opcodes to
    import regex._main as _regex_main

    _ENGINE: Any = getattr(_regex_main, "_regex")  # noqa: B009 - private: no stub declares it
    _COMPILER: Any = getattr(_regex_main, "_compile")  # noqa: B009
except (ImportError, AttributeError):  # a regex that is laid out otherwise: no cache
    _ENGINE = _COMPILER = None

# How many entries a cache file keeps before it is rewritten with only the
# patterns of the process writing it (old versions' patterns would pile up).
_MAX_ENTRIES = 2048
_ARGS = 11  # the engine's compile() takes eleven arguments (regex 2020 and later)

_Key = tuple[bool, "str | bytes", int, int]
_lock = threading.Lock()
_entries: dict[_Key, tuple[Any, ...]] | None = None  # loaded on first use
_added: dict[_Key, tuple[Any, ...]] = {}
_used: set[_Key] = set()


def compiled(pattern: AnyStr, flags: int = 0) -> regex.Pattern[AnyStr]:
    """``regex.compile(pattern, flags)``, from the cache when it holds it."""
    if _ENGINE is None or flags & regex.LOCALE or not isinstance(pattern, (str, bytes)) or _cache_path() is None:
        return regex.compile(pattern, flags)
    key: _Key = (isinstance(pattern, bytes), pattern, int(flags), int(regex.DEFAULT_VERSION))
    entries = _load()
    args = entries.get(key) or _added.get(key)
    if args is not None:
        try:
            built: regex.Pattern[AnyStr] = _ENGINE.compile(*args)
            _used.add(key)
            return built
        except Exception:
            entries.pop(key, None)
    return _compile_and_keep(key, pattern, flags)


def holds_any(text: str, needles: Iterable[str]) -> bool:
    """Whether ``text`` holds one of the literal strings ``needles``: the
    cheap test before a costly pattern.  A loop of ``in`` tests (C string
    search) beat one regex alternation of the needles four times over on a
    statement's head (the engine tries an alternation at every position)."""
    # (a loop, not any() over a generator: 15 % less on seven short needle lists)
    for needle in needles:  # noqa: SIM110
        if needle in text:
            return True
    return False


def _compile_and_keep(key: _Key, pattern: AnyStr, flags: int) -> regex.Pattern[AnyStr]:
    recorder = _Recorder()
    with _lock:
        setattr(_regex_main, "_regex", recorder)  # noqa: B010
        try:
            # regex's own in-process cache would answer without calling the
            # engine, and nothing would be recorded: compile past it
            pattern_object: regex.Pattern[AnyStr] = _COMPILER(pattern, flags, False, {}, False)
        finally:
            setattr(_regex_main, "_regex", _ENGINE)  # noqa: B010
    args = recorder.args
    if args is not None and len(args) == _ARGS and args[0] == pattern:
        # the flags arrive as RegexFlag members; marshal keeps plain ints
        _added[key] = tuple(int(a) if isinstance(a, regex.RegexFlag) else a for a in args)
        _used.add(key)
        if len(_added) == 1:
            atexit.register(_save)
    return pattern_object


class _Recorder:
    """Stands in for the engine module during one compile and keeps the
    arguments of its ``compile`` call (other threads compiling meanwhile
    pass through unrecorded)."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.args: tuple[Any, ...] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(_ENGINE, name)

    def compile(self, *args: Any) -> Any:
        if threading.get_ident() == self.thread:
            self.args = args
        return _ENGINE.compile(*args)


def _cache_path() -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    version = regex.__version__ if hasattr(regex, "__version__") else "unknown"
    return folder / f"regex-{version}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def _load() -> dict[_Key, tuple[Any, ...]]:
    global _entries
    if _entries is None:
        path = _cache_path()
        loaded: object = None
        try:
            if path is not None:
                loaded = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = None
        _entries = loaded if isinstance(loaded, dict) else {}
    return _entries


def _save() -> None:
    """Write the cache file when this process compiled something it did not
    hold (atomically: a rename of a private temporary file)."""
    path = _cache_path()
    if path is None or not _added:
        return
    entries = dict(_load())
    entries.update(_added)
    if len(entries) > _MAX_ENTRIES:
        entries = {k: v for k, v in entries.items() if k in _used}
    try:
        data = marshal.dumps(entries)
    except ValueError:
        return
    write_private(path, data)
