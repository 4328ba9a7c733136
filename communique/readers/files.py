"""Files → bytes: where input comes from, and the limits on it.

Every path is checked before it is read (missing, a directory, over the
size limit); standard input is read up to the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def read_bytes(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path`` (``-`` for stdin), refusing directories, missing
    files and files over ``max_bytes`` with an :class:`InputError`."""
    if str(path) == "-":
        import sys

        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except (AttributeError, OSError, ValueError) as exc:  # no stdin, closed, or unreadable
            raise InputError(f"{path}: cannot read standard input ({exc})", name=str(path)) from None
    else:
        p = Path(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file", name=str(path)) from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})", name=str(path)) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a directory, not a statement file", name=str(path))
        if st.st_size > max_bytes:
            raise InputError(f"{path}: {st.st_size:,} bytes is over the {max_bytes:,}-byte limit "
                             "(raise it with --max-bytes)", name=str(path))
        try:
            if stat.S_ISFIFO(st.st_mode):
                data = _read_fifo(p, max_bytes)
            else:
                with p.open("rb") as fh:
                    data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})", name=str(path)) from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: input is over the {max_bytes:,}-byte limit (raise it with --max-bytes)",
                         name=str(path))
    return data


FIFO_WAIT = 10.0  # seconds a named pipe may wait for its writer


def _read_fifo(p: Path, max_bytes: int) -> bytes:
    """A named pipe (``<(curl …)``, ``mkfifo``): opening one blocks until a
    writer opens it, so the open runs in a helper thread and a pipe with no
    writer after FIFO_WAIT seconds is an error instead of a hang."""
    import threading

    opened: list[BinaryIO] = []
    failed: list[OSError] = []

    def opener() -> None:
        try:
            opened.append(p.open("rb"))
        except OSError as exc:
            failed.append(exc)

    thread = threading.Thread(target=opener, daemon=True)  # (left blocked if no writer comes)
    thread.start()
    thread.join(FIFO_WAIT)
    if failed:
        raise failed[0]
    if not opened:
        raise InputError(f"{p}: a named pipe with no writer after {FIFO_WAIT:g} s", name=str(p))
    with opened[0] as fh:
        return fh.read(max_bytes + 1)
