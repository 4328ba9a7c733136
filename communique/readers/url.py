"""URLs → :class:`Input`: fetch a statement over HTTP(S).

httpx (imported only here, only when a URL is given) fetches the page with:
``http`` and ``https`` only (a redirect to another scheme is refused), at
most :data:`MAX_REDIRECTS` redirects, separate connect / read / write /
pool timeouts and an overall deadline, a body streamed and cut at
``max_bytes`` (a declared ``Content-Length`` over it is refused before the
body is read; compressed bodies are counted after decompression, so a gzip
bomb stops at the same cap).  The final URL names the input; the
``Content-Type`` gives its media type and charset, which the readers use
(PDF, Word, HTML, Markdown, text are then told apart by content type and
content).  Every failure is one :class:`InputError` line.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from ..errors import InputError
from .base import Input
from .files import DEFAULT_MAX_BYTES

MAX_REDIRECTS = 5
TIMEOUT = 20.0  # seconds, per network operation
_ACCEPT = ("text/html,application/xhtml+xml,application/pdf,"
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
           "application/vnd.oasis.opendocument.text,text/markdown,text/plain;q=0.9,application/xml;q=0.8,*/*;q=0.5")


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """``(media type, charset)`` of a ``Content-Type`` header."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def fetch(url: str, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = TIMEOUT,
          max_redirects: int = MAX_REDIRECTS) -> Input:
    """The bytes at ``url`` (``http`` or ``https``) as an :class:`Input` named
    by the final URL, or :class:`InputError` in one line."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: only http:// and https:// URLs are fetched", name=url)
    import httpx

    from .. import __version__

    headers = {"User-Agent": f"communique/{__version__}", "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
    timeouts = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    deadline = time.monotonic() + 3 * timeout
    try:
        with httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=timeouts,
                          headers=headers) as client, client.stream("GET", url) as response:
            final = str(response.url)
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise InputError(f"{url}: HTTP {response.status_code} {reason}", name=final)
            declared = response.headers.get("content-length", "")
            encoded = response.headers.get("content-encoding", "identity").lower() not in ("", "identity")
            if declared.isdigit() and int(declared) > max_bytes and not encoded:
                raise InputError(f"{url}: {int(declared):,} bytes is over the {max_bytes:,}-byte limit "
                                 "(raise it with --max-bytes)", name=final)
            chunks: list[bytes] = []
            have = 0
            for chunk in response.iter_bytes():
                have += len(chunk)
                if have > max_bytes:
                    raise InputError(f"{url}: the page is over the {max_bytes:,}-byte limit "
                                     "(raise it with --max-bytes)", name=final)
                if time.monotonic() > deadline:
                    raise InputError(f"{url}: timed out (the download took over {3 * timeout:g} s)", name=final)
                chunks.append(chunk)
            media, charset = _content_type(response.headers.get("content-type"))
    except InputError:
        raise
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: more than {max_redirects} redirects", name=url) from None
    except httpx.UnsupportedProtocol as exc:
        raise InputError(f"{url}: redirected to a URL that is not http:// or https:// ({exc})", name=url) from None
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out (no answer within {timeout:g} s)", name=url) from None
    except httpx.ConnectError as exc:
        raise InputError(f"{url}: cannot connect ({_one_line(exc)})", name=url) from None
    except httpx.DecodingError as exc:
        raise InputError(f"{url}: the server sent a body that cannot be decoded ({_one_line(exc)})",
                         name=url) from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.CookieConflict) as exc:
        raise InputError(f"{url}: cannot fetch ({exc.__class__.__name__}: {_one_line(exc)})", name=url) from None
    except (OSError, ValueError, UnicodeError) as exc:
        raise InputError(f"{url}: cannot fetch ({_one_line(exc)})", name=url) from None
    return Input(b"".join(chunks), final, media, charset)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__
