"""Where communique keeps what it derives once per machine (the analysed
grammar, compiled patterns, the gazetteers' indexes): ``$XDG_CACHE_HOME/communique``, else
``~/.cache/communique``.  None when ``COMMUNIQUE_NO_CACHE`` is set or there
is no home to put it in (a shared temporary folder would let another user
plant a file that is loaded as data)."""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from .digest import sha256

T = TypeVar("T")


def cache_folder() -> Path | None:
    env = os.environ.get
    return _cache_folder(env("COMMUNIQUE_NO_CACHE"), env("XDG_CACHE_HOME"), env("HOME"))


@lru_cache(maxsize=8)
def _cache_folder(no_cache: str | None, xdg_cache_home: str | None, home: str | None) -> Path | None:
    """The folder for these settings (asked for every compiled pattern at
    start-up: 130 times, and ``Path.home()`` is not free)."""
    if no_cache:
        return None
    base = xdg_cache_home or (str(Path.home() / ".cache") if Path.home() != Path("/") else None)
    return Path(base) / "communique" if base else None


def derived(name: str, sources: Iterable[str | bytes], build: Callable[[], T]) -> T:
    """``build()``, kept between processes: its result (plain data that
    ``marshal`` writes: dicts, tuples, strings, numbers) is stored in the
    cache folder as ``NAME.marshal`` with a digest of ``sources`` — what the
    data is derived from, the tables *and the source code* that build it,
    so that an edit to either rebuilds it — and of the Python version.  Any
    doubt (no folder, an unreadable or foreign file, another digest) builds
    afresh; a failure to write only leaves the next process to build too."""
    folder = cache_folder()
    if folder is None:
        return build()
    digest = sha256(f"py{sys.version_info[0]}.{sys.version_info[1]}".encode())
    for source in sources:
        data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    key = digest.hexdigest()
    path = folder / f"{name}.marshal"
    try:
        stored = marshal.loads(path.read_bytes())
        if type(stored) is tuple and len(stored) == 2 and stored[0] == key:
            value: T = stored[1]
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    with suppress(ValueError):  # not marshal data after all: nothing is kept
        write_private(path, marshal.dumps((key, value)))  # type: ignore[arg-type]  # (T is plain data, as documented)
    return value


def write_private(path: Path, data: bytes) -> None:
    """Write a cache file atomically (a rename of a private temporary file,
    in a private folder).  A failure (a read-only home, a full disk) leaves
    the old file or none: start-up stays slower, nothing breaks."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        return
