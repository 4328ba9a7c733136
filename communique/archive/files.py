"""The files ``add`` is given: folders walked, labels kept as given."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .records import SUFFIXES


def list_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """``(label, absolute path)`` of every statement file under ``paths``:
    a file is taken as named; a folder is walked (sorted, hidden entries
    skipped) for the suffixes communique reads.  The label is the path as
    given (joined with the walk's relative path), which is what ``communique
    history`` shows for the same files.  A path that does not exist is an
    :class:`InputError` before anything is read."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for given in paths:
        label = os.fspath(given)
        p = Path(label)
        if p.is_dir():
            items: Iterator[tuple[str, str]] = _walk(label)
        elif p.exists():
            items = iter([(label, str(p.resolve()))])
        else:
            raise InputError(f"{label}: no such file or folder", name=label)
        for lab, path in items:
            if path not in seen:
                seen.add(path)
                out.append((lab, path))
    return out


def _walk(folder: str) -> Iterator[tuple[str, str]]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUFFIXES:
                continue
            label = os.path.join(root, name)
            yield label, str(Path(label).resolve())


def read(path: str, max_bytes: int) -> bytes:
    """The bytes of ``path`` (an :class:`InputError` when it cannot be read
    or is over ``max_bytes``)."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit (raise it with --max-bytes)",
                             name=path)
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", name=path) from None
