"""Parsing and diffing for a request: what a client sent (pasted text, an
uploaded file, a URL) as a :class:`Given`, the work run in a worker thread
under the processing-time cap, and every failure turned into a
:class:`WebError` with a 4xx status and one line.

Only the public API is used: ``communique.parse(text=…)`` for text,
``communique.parse(data, name=…)`` for an upload's bytes (the readers tell
the format by content and name), ``communique.parse(url)`` for an
``http(s)`` URL.  A client's string never reaches ``parse`` as a path.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import anyio
import anyio.to_thread

import communique

from ..errors import CommuniqueError

T = TypeVar("T")

_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


class WebError(Exception):
    """An answer other than success: a status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split()) or "error"


@dataclass(frozen=True, slots=True)
class Given:
    """One statement as a client gave it: exactly one of text, data (an upload) or url."""

    text: str | None = None
    data: bytes | None = None
    url: str | None = None
    name: str | None = None

    @property
    def size(self) -> int:
        return len(self.text or "") + len(self.data or b"")


def given(label: str, text: str | None = None, data: bytes | None = None, url: str | None = None,
          name: str | None = None) -> Given:
    """The one input among ``text``/``data``/``url`` (blank ones ignored)."""
    text = text if text and text.strip() else None
    url = url.strip() if url and url.strip() else None
    data = data if data else None
    present = [k for k, v in (("text", text), ("file", data), ("URL", url)) if v is not None]
    if not present:
        raise WebError(422, f"{label}: give the text, a file or a URL")
    if len(present) > 1:
        raise WebError(422, f"{label}: give one of text, file or URL, not {' and '.join(present)}")
    if url is not None and not _URL.fullmatch(url):
        raise WebError(422, f"{label}: not an http(s) URL: {url[:100]!r}")
    return Given(text, data, url, name)


def url_reader_available() -> bool:
    return importlib.util.find_spec("communique.readers.url") is not None


def parse_given(g: Given, max_bytes: int) -> communique.Document:
    """Parse what the client gave (in a worker thread)."""
    if g.text is not None:
        return communique.parse(text=g.text, name=g.name, max_bytes=max_bytes)
    if g.data is not None:
        return communique.parse(g.data, name=g.name or "upload", max_bytes=max_bytes)
    assert g.url is not None
    if not url_reader_available():
        raise WebError(422, "reading a statement from a URL is not available in this communique "
                       "(no URL reader installed); paste the text or upload the file")
    return communique.parse(g.url, max_bytes=max_bytes)


def _guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; whatever it raises becomes a :class:`WebError` (4xx): the
    work only ever touches the client's input."""
    try:
        return fn()
    except WebError:
        raise
    except CommuniqueError as exc:
        message = str(exc)
        status = 413 if re.search(r"over the [\d,]+-(byte|character) limit", message) else 422
        raise WebError(status, message) from None
    except RecursionError:
        raise WebError(422, "the input nests too deeply to process") from None
    except MemoryError:
        raise WebError(413, "the input is too large to process in memory") from None
    except Exception as exc:  # a bug met on this input: still a one-line answer about the input
        raise WebError(422, f"could not process this input ({type(exc).__name__}: {exc}); "
                       "please report it") from None


async def run(fn: Callable[..., T], *args: object, timeout: float, limiter: anyio.CapacityLimiter) -> T:
    """``fn(*args)`` in a worker thread, at most ``timeout`` seconds (then a
    422: the input is too heavy for this server's cap).  The thread of a
    request that ran out of time is abandoned, not waited for."""
    try:
        with anyio.fail_after(timeout):
            return await anyio.to_thread.run_sync(_guard, partial(fn, *args), abandon_on_cancel=True,
                                                  limiter=limiter)
    except TimeoutError:
        raise WebError(422, f"processing took longer than the {timeout:g}-second limit of this server "
                       "(communique serve --timeout); try a smaller input") from None
