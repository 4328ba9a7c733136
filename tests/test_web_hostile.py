"""Hostile requests: each gets a 4xx answer in one line, never a 500, and
the server stays up.  In-process (TestClient) for the cases the app
decides, and against a real ``communique serve`` (uvicorn, in a child
process, on loopback) with raw sockets for what a client library would not
send: oversized uploads and pastes, path traversal in archive URLs,
malformed multipart, bodies that never arrive, lying lengths."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2", reason="starlette.testclient needs httpx2 (the web test extra)")

from starlette.testclient import TestClient

from communique.web.app import Settings, create_app
from communique.web.testing import LocalServer

from .conftest import SAMPLES

BASE = "http://127.0.0.1"
EN = [SAMPLES / "en" / f"round-0{k}.txt" for k in range(1, 5)]
LIMIT = 1_000_000
SECRET = "TOP-SECRET-OUTSIDE-THE-ARCHIVE"


def _one_line_4xx(status: int, body: bytes) -> None:
    assert 400 <= status < 500, (status, body[:300])
    text = body.decode("utf-8", "replace")
    assert "Traceback" not in text and "Internal Server Error" not in text


def _boundary_body(parts: list[tuple[str, str | None, bytes]], boundary: str = "XyZ") -> tuple[bytes, str]:
    out = b""
    for name, filename, data in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n\r\n".encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


# --------------------------------------------------------------------------- in-process


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(max_bytes=LIMIT, timeout=10)), base_url=BASE,
                    raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path", ["/compare", "/api/diff", "/api/parse"])
def test_an_oversized_upload_is_413(client, path: str) -> None:
    field = {"/compare": "old_file", "/api/diff": "old", "/api/parse": "file"}[path]
    r = client.post(path, files={field: ("big.txt", b"1. word " * (LIMIT // 8 + 10))})
    assert r.status_code == 413
    _one_line_4xx(r.status_code, r.content)


def test_a_20_mb_paste_is_413(client) -> None:
    paste = "1. " + "كلمة " * (20 * 1024 * 1024 // 10)
    for r in (client.post("/compare", data={"old_text": paste, "new_text": "1. x\n"}),
              client.post("/api/diff", json={"old": paste, "new": "1. x\n"}),
              client.post("/api/parse", json={"text": paste})):
        assert r.status_code == 413
        _one_line_4xx(r.status_code, r.content)
    assert client.get("/api/health").status_code == 200


@pytest.mark.parametrize("body", [
    b"--XyZ\r\nContent-Disposition: form-data; name=\"old_text\"\r\n\r\nunterminated",
    b"--XyZ\r\n\r\n\r\n--XyZ--\r\n",
    b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--XyZ--\r\n",
    b"\x00\xff" * 1000,
    b"--XyZ--\r\n",
    b"".join(b"--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nx\r\n" % k for k in range(200))
    + b"--XyZ--\r\n",
])
@pytest.mark.parametrize("path", ["/compare", "/api/diff", "/api/parse"])
def test_malformed_multipart_is_a_4xx(client, path: str, body: bytes) -> None:
    r = client.post(path, content=body, headers={"content-type": "multipart/form-data; boundary=XyZ"})
    _one_line_4xx(r.status_code, r.content)
    r = client.post(path, content=body, headers={"content-type": "multipart/form-data"})
    _one_line_4xx(r.status_code, r.content)


@pytest.mark.parametrize("data", [b"\x00" * 5000, bytes(range(256)) * 40, b"%PDF-1.7\n" + b"\x00\x01" * 3000,
                                  b"PK\x03\x04" + b"\x00" * 300, b"   \n\n\t ", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100])
def test_binary_or_empty_uploads_are_422(client, data: bytes) -> None:
    r = client.post("/api/diff", files={"old": ("a.bin", data), "new": ("b.txt", EN[0].read_bytes())})
    assert r.status_code == 422, r.text
    assert set(r.json()) == {"error", "status"}
    r = client.post("/compare", files={"old_file": ("a.bin", data), "new_file": ("b.txt", EN[0].read_bytes())})
    assert r.status_code == 422 and "app-error" in r.text


def test_over_the_time_cap_is_422_and_the_server_goes_on() -> None:
    big = "Title\n\n" + "".join(f"{k}. Clause number {k} says something about item {k} and more.\n\n"
                                 for k in range(1, 2000))
    with TestClient(create_app(Settings(timeout=0.001)), base_url=BASE) as c:
        r = c.post("/api/diff", json={"old": big, "new": big.replace("item 7 ", "item seven ")})
        assert r.status_code == 422 and "second limit" in r.json()["error"]
        assert c.get("/api/health").status_code == 200


def test_hostile_text_is_escaped_in_every_page(client) -> None:
    hostile = "Title <script>alert(1)</script>\n\n1. <img src=x onerror=alert(1)> & \"q\" 'a'.\n\n2. Two.\n"
    r = client.post("/compare", data={"old_text": hostile, "new_text": hostile.replace("Two", "Three")},
                    follow_redirects=True)
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    r = client.post("/compare", data={"old_text": hostile, "new_text": ""})
    assert r.status_code == 422 and "<script>alert" not in r.text


# --------------------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    db = root / "db"
    (db / "en").mkdir(parents=True)
    for f in EN:
        (db / "en" / f.name).write_bytes(f.read_bytes())
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (db / "secret.txt").write_text(SECRET, encoding="utf-8")
    with LocalServer("--max-bytes", str(LIMIT), "--timeout", "3", db=db) as s:
        yield s
        log = s.log()
    assert "Traceback" not in log, log[-3000:]


def _raw(server: LocalServer, request: bytes, read_timeout: float = 30.0) -> tuple[int, bytes]:
    """Send bytes as they are; the status and body of the answer."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=read_timeout) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), None)
                if length is not None and len(body) >= length:
                    break
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.partition(b"\r\n\r\n")[2]


def _request(server: LocalServer, method: str, path: str, body: bytes = b"",
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def _up(server: LocalServer) -> None:
    assert server.alive()
    status, body = _request(server, "GET", "/api/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_real_server_oversized_upload_and_20_mb_paste(server) -> None:
    body, ctype = _boundary_body([("old_file", "big.txt", b"1. x " * (LIMIT // 5 + 100)),
                                  ("new_text", None, b"1. y\n")])
    status, answer = _request(server, "POST", "/compare", body, {"content-type": ctype})
    assert status == 413
    _one_line_4xx(status, answer)
    paste = ("1. " + "word " * (20 * 1024 * 1024 // 5)).encode()
    status, answer = _request(server, "POST", "/api/diff", b'{"old": "' + paste + b'", "new": "1. x"}',
                              {"content-type": "application/json"})
    assert status == 413
    _one_line_4xx(status, answer)
    form = b"old_text=" + paste.replace(b" ", b"+") + b"&new_text=1.+x"
    status, answer = _request(server, "POST", "/compare", form, {"content-type": "application/x-www-form-urlencoded"})
    assert status == 413
    _one_line_4xx(status, answer)
    # the same without a Content-Length (chunked)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(paste[i:i + 65536]), paste[i:i + 65536])
                      for i in range(0, len(paste), 65536)) + b"0\r\n\r\n"
    status, answer = _raw(server, b"POST /api/parse HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n" + chunks)
    assert status == 413
    _up(server)


@pytest.mark.parametrize("path", [
    "/archive/series/../secret.txt", "/archive/series/..%2Fsecret.txt", "/archive/series/..%2F..%2Fsecret.txt",
    "/archive/series/%2e%2e%2fsecret.txt", "/archive/series/en/lineage/..%2F..%2F..%2Fsecret.txt",
    "/api/archive/series/..%2f..%2fsecret.txt", "/api/archive/series/en%2F..%2F..%2Fsecret.txt",
    "/archive/series/en/../../secret.txt", "/archive/series/secret.txt", "/api/archive/series/%00secret",
    "/archive/series/..\\..\\secret.txt", "/compare/..%2F..%2Fsecret.txt/diff.json", "/../../secret.txt",
    "/archive/series/%252e%252e%252fsecret.txt",
])
def test_real_server_path_traversal_finds_nothing(server, path: str) -> None:
    status, body = _raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert status in (400, 404), (status, body[:200])
    assert SECRET.encode() not in body
    _up(server)


def test_real_server_malformed_multipart_and_lying_lengths(server) -> None:
    for body in (b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end",
                 b"--b\r\n" * 5000, b"\r\n\r\n\r\n", b"--b\r\nContent-Type: x\r\n\r\n--b--"):
        status, answer = _request(server, "POST", "/compare", body, {"content-type": "multipart/form-data; boundary=b"})
        _one_line_4xx(status, answer)
    status, answer = _raw(server, b"POST /api/diff HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          b"Content-Length: abc\r\n\r\n{}")
    assert status == 0 or 400 <= status < 500
    # a body announced but never sent: the request times out (408) without holding the server
    start = time.monotonic()
    status, answer = _raw(server, b"POST /api/diff HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 500\r\n\r\n{\"old\": ", read_timeout=20)
    assert status == 408 and time.monotonic() - start < 15
    _up(server)


def test_real_server_host_and_method_checks(server) -> None:
    status, _ = _raw(server, b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert status == 403
    status, _ = _raw(server, b"DELETE /api/diff HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert status == 405
    status, _ = _raw(server, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status == 0 or 400 <= status < 500
    _up(server)


def test_real_server_serves_a_diff_after_all_that(server) -> None:
    old, new = (f.read_text(encoding="utf-8") for f in EN[1:3])
    status, body = _request(server, "POST", "/api/diff", json.dumps({"old": old, "new": new}).encode(),
                            {"content-type": "application/json"})
    assert status == 200 and json.loads(body)["kind"] == "diff"


def test_real_server_with_a_token_refuses_everything_else(tmp_path: Path) -> None:
    token = "a-long-enough-token"
    with LocalServer(token=token) as s:
        assert _request(s, "GET", "/")[0] == 401
        assert _request(s, "POST", "/api/parse", b'{"text": "1. a"}', {"content-type": "application/json"})[0] == 401
        status, _ = _request(s, "GET", "/api/health", headers={"authorization": f"Bearer {token}"})
        assert status == 200
        # with a token, any host name is accepted (the token protects)
        status, _ = _request(s, "GET", "/api/health", headers={"authorization": f"Bearer {token}",
                                                               "host": "machine.example:8000"})
        assert status == 200


def test_serve_on_a_busy_port_says_so_in_one_line() -> None:
    import typer
    from typer.testing import CliRunner

    from communique.web.cli import serve

    app = typer.Typer()
    app.command()(serve)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = CliRunner().invoke(app, ["--port", str(busy.getsockname()[1])])
    assert result.exit_code == 2 and "cannot listen on 127.0.0.1" in result.output
    assert "Traceback" not in result.output
