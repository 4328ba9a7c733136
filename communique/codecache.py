"""The methods ``dataclasses`` writes for our classes, compiled once per machine.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` (and a frozen class's ``__setattr__``/``__delattr__``) as
source text and compiles it with ``exec``: six compiles per frozen class.
A ``communique diff`` defines some sixty classes, and those compiles were a
fifth of its start-up (28 of 145 ms), more than reading, parsing, diffing
and rendering two statements.  The compiled code depends only on the text
and the Python release, so it is kept in the cache folder, as the compiled
patterns are (``text/patterns.py``), and the next process executes the
same code objects without compiling.

How: ``dataclasses`` calls ``exec(text, module_globals, namespace)``, and
``exec`` is looked up in its module's globals first; :func:`install` puts
:func:`_exec` there.  It serves the classes of communique's own modules
(the globals name the module) and passes every other call through to the
built-in ``exec`` unchanged, so a user's dataclasses never reach the file.
Executing the stored code object is what ``exec`` of the text does after
compiling it (the same ``<string>`` file name in tracebacks).  A Python
that does not call ``exec`` this way simply compiles as before.

The file holds code, so it is loaded only from a private folder: the file
and its folder owned by this user and writable by no one else (what a
``__pycache__`` beside a package is not even asked).  It is named by the
bytecode magic number, so another Python never reads it;
``COMMUNIQUE_NO_CACHE=1`` turns it off, as every cache.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
import stat
import threading
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from .cache import cache_folder, write_private

_MAX_ENTRIES = 1024  # a file with more is rewritten with only what the writing process used
_OWN = "communique"  # the package whose modules' classes are served

_lock = threading.Lock()
_stored: dict[str, CodeType] | None = None  # loaded on first use
_added: dict[str, CodeType] = {}
_used: set[str] = set()


def install() -> None:
    """Have ``dataclasses`` compile our classes' methods through the cache."""
    if getattr(dataclasses, "exec", None) is not _exec:
        dataclasses.exec = _exec  # type: ignore[attr-defined]


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: dict[str, Any] | None = None) -> None:
    name = globals.get("__name__") if isinstance(globals, dict) else None
    if not isinstance(source, str) or not isinstance(name, str) or name.split(".", 1)[0] != _OWN:
        builtins.exec(source, globals, locals)
    else:
        builtins.exec(_code(source), globals, locals)


def _code(source: str) -> CodeType:
    with _lock:
        stored = _load()
        code = stored.get(source) or _added.get(source)
        if code is None:
            code = _added[source] = compile(source, "<string>", "exec")
            if len(_added) == 1:
                atexit.register(_save)
        _used.add(source)
    return code


def _path() -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"dataclass-code-{MAGIC_NUMBER.hex()}.marshal"


def _private(path: Path) -> bool:
    """The file and its folder are this user's and no one else can write them."""
    try:
        for p in (path, path.parent):
            st = p.stat()
            if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except (OSError, AttributeError):  # (no getuid on Windows: nothing is loaded)
        return False
    return True


def _load() -> dict[str, CodeType]:
    global _stored
    if _stored is None:
        _stored = {}
        path = _path()
        if path is not None and _private(path):
            try:
                loaded = marshal.loads(path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                loaded = None
            if isinstance(loaded, dict):
                _stored = {k: v for k, v in loaded.items() if type(k) is str and type(v) is CodeType}
    return _stored


def _save() -> None:
    """Write the file when this process compiled code it did not hold."""
    path = _path()
    if path is None or not _added:
        return
    entries = {**_load(), **_added}
    if len(entries) > _MAX_ENTRIES:
        entries = {k: v for k, v in entries.items() if k in _used}
    write_private(path, marshal.dumps(entries))
