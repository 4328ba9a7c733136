"""The gate every request passes before the application sees it (a pure
ASGI middleware):

* **host**: without a token only the loopback names (``127.0.0.1``,
  ``localhost``, ``[::1]``) are accepted in ``Host`` (a page elsewhere cannot
  reach the server by DNS rebinding);
* **token**: with one, every request carries it (``Authorization: Bearer``,
  an ``X-Communique-Token`` header, the ``communique_token`` cookie, or a
  ``?token=`` query that a page visit swaps for the cookie); compared in
  constant time;
* **origin**: a POST from a page of another origin is refused;
* **body size**: the body is read here, up to ``max_bytes`` (413 past it, the
  rest read and dropped up to a ceiling so the client sees the answer), in at
  most ``timeout`` seconds (408), then handed to the app;
* **headers**: ``nosniff``, ``Referrer-Policy: same-origin`` (nothing sent
  to other sites), ``no-store``, no framing, and a deny-all
  Content-Security-Policy unless the response set its own.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
COOKIE = "communique_token"
DRAIN_CEILING = 128 * 1024 * 1024  # past this a too-large body is not read on: the connection just ends
BASE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
DENY_ALL = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def host_name(value: str) -> str:
    """``Host`` without its port: ``[::1]:8000`` → ``[::1]``, ``localhost:80`` → ``localhost``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout: float, token: str | None,
                 hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.token = token
        self.hosts = hosts if hosts is not None else LOOPBACK

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        api = scope.get("path", "").startswith(("/api/", "/openapi.json"))

        if self.token is None and host_name(headers.get("host", "")) not in self.hosts:
            await _answer(send, 403, "this server answers only requests for 127.0.0.1 or localhost "
                          "(start it with --token to serve other host names)", api)
            return
        if self.token is not None:
            verdict = self._check_token(scope, headers)
            if verdict == "refused":
                await _answer(send, 401, "a token is required: open the address communique serve printed "
                              "(with ?token=…), or send Authorization: Bearer TOKEN", api,
                              [(b"www-authenticate", b"Bearer")])
                return
            if verdict == "swap" and scope["method"] in ("GET", "HEAD") and not api:
                await self._swap_cookie(scope, send)
                return
        method = scope["method"]
        if method == "POST" and "origin" in headers:
            # (our pages send Referrer-Policy: same-origin, so their own posts carry their origin;
            # "null" is what a sandboxed frame or a no-referrer page elsewhere sends)
            origin = headers["origin"].split("://", 1)[-1].rstrip("/").lower()
            if headers["origin"] == "null" or origin != headers.get("host", "").lower():
                await _answer(send, 403, "a form of another site cannot post to this server", api)
                return

        if method in ("POST", "PUT", "PATCH"):
            replay = await self._read_body(scope, receive, send, headers, api)
            if replay is None:
                return
            receive = replay

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in BASE_HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", DENY_ALL))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    # ----------------------------------------------------------------- token

    def _check_token(self, scope: Scope, headers: dict[str, str]) -> str:
        assert self.token is not None
        offered: list[str] = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(auth[7:].strip())
        if "x-communique-token" in headers:
            offered.append(headers["x-communique-token"].strip())
        if "cookie" in headers:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(headers["cookie"])
            except Exception:  # a malformed cookie header is no token
                jar = SimpleCookie()
            if COOKIE in jar:
                offered.append(jar[COOKIE].value)
        if any(_same(t, self.token) for t in offered):
            return "ok"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if _same(query.get("token", ""), self.token):
            return "swap"
        return "refused"

    async def _swap_cookie(self, scope: Scope, send: Send) -> None:
        """``?token=`` on a page visit: set the cookie, redirect to the address without it."""
        assert self.token is not None
        pairs = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                              keep_blank_values=True) if k != "token"]
        location = scope.get("root_path", "") + scope["path"] + (f"?{urlencode(pairs)}" if pairs else "")
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1", "replace")),
                                (b"set-cookie", cookie.encode("latin-1")), (b"content-length", b"0"),
                                *BASE_HEADERS, (b"content-security-policy", DENY_ALL)]})
        await send({"type": "http.response.body", "body": b""})

    # ----------------------------------------------------------------- body

    async def _read_body(self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str],
                         api: bool) -> Receive | None:
        """The whole body, within the caps, as a new ``receive``; ``None`` when answered here."""
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _answer(send, 400, "malformed Content-Length", api)
                return None
            if int(declared) > self.max_bytes:
                if int(declared) <= DRAIN_CEILING:
                    await self._drain(receive)
                await _answer(send, 413, _too_large(self.max_bytes), api, close=True)
                return None
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(self.timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return None
                    body = message.get("body", b"")
                    size += len(body)
                    if size > self.max_bytes:
                        await self._drain(receive, size)
                        await _answer(send, 413, _too_large(self.max_bytes), api, close=True)
                        return None
                    chunks.append(body)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await _answer(send, 408, f"the request body took longer than {self.timeout:g} s to arrive", api,
                          close=True)
            return None
        data = b"".join(chunks)
        done = False

        async def replay() -> Message:
            nonlocal done
            if not done:
                done = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        return replay

    async def _drain(self, receive: Receive, seen: int = 0) -> None:
        try:
            with anyio.fail_after(self.timeout):
                while seen <= DRAIN_CEILING:
                    message = await receive()
                    if message["type"] != "http.request":
                        return
                    seen += len(message.get("body", b""))
                    if not message.get("more_body", False):
                        return
        except TimeoutError:
            return


def _too_large(limit: int) -> str:
    return (f"the request is over this server's {limit:,}-byte limit (communique serve --max-bytes); "
            "send a smaller file or text")


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


async def _answer(send: Send, status: int, message: str, api: bool,
                  extra: list[tuple[bytes, bytes]] | None = None, close: bool = False) -> None:
    """A short error answer: JSON for the API, a plain page otherwise."""
    if api:
        body = json.dumps({"error": message, "status": status}, ensure_ascii=False).encode("utf-8")
        ctype = b"application/json"
    else:
        body = (f"{status} {message}\n").encode()
        ctype = b"text/plain; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), *BASE_HEADERS,
               (b"content-security-policy", DENY_ALL), *(extra or [])]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
