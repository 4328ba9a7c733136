"""URL input against a server on 127.0.0.1 started by the test (no other
address is touched): content types, charsets, redirects, size and time
limits, schemes, and the CLI."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import communique
from communique.errors import InputError
from communique.readers.url import fetch

from .conftest import SAMPLES

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
CLI = [sys.executable, "-m", "communique.cli"]

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/round.pdf": (200, {"Content-Type": "application/pdf"}, (FORMATS / "samples" / "en-round-02.pdf").read_bytes()),
    "/download": (200, {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                  (FORMATS / "samples" / "ar-round-01.docx").read_bytes()),
    "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, (SAMPLES / "html" / "round-12.html").read_bytes()),
    "/cp1256": (200, {"Content-Type": "text/plain; charset=windows-1256"},
                (SAMPLES / "ar" / "round-01.cp1256.txt").read_bytes()),
    "/notes.md": (200, {"Content-Type": "text/markdown; charset=utf-8"},
                  (FORMATS / "samples" / "en-round-01.md").read_bytes()),
    "/missing": (404, {"Content-Type": "text/plain"}, b"not here"),
    "/ftp": (302, {"Location": "ftp://127.0.0.1/x.txt"}, b""),
    "/file": (302, {"Location": "file:///etc/passwd"}, b""),
    "/big": (200, {"Content-Type": "text/plain"}, b"1. " + b"word " * 4000),
    "/gzip-bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
                   gzip.compress(b"1. " + b"a" * (8 << 20))),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("/hop/"):  # /hop/N redirects N more times, then serves the PDF
            n = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{n - 1}" if n > 1 else "/round.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/slow":
            time.sleep(3)
            status, headers, body = 200, {"Content-Type": "text/plain"}, b"1. late\n"
        else:
            status, headers, body = ROUTES.get(path, (404, {}, b""))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loopback server is reached directly, never through a proxy."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def clauses(doc: communique.Document) -> list[tuple[str, str]]:
    return [(c.path, " ".join(c.text.split())) for c in doc.walk()]


@pytest.mark.parametrize("route,fmt,plain", [
    ("/round.pdf", "pdf", SAMPLES / "en" / "round-02.txt"),
    ("/download", "docx", SAMPLES / "ar" / "round-01.txt"),
    ("/page", "html", SAMPLES / "en" / "round-02.txt"),
    ("/cp1256", "text", SAMPLES / "ar" / "round-01.txt"),
    ("/notes.md", "markdown", SAMPLES / "en" / "round-01.txt"),
])
def test_fetch_reads_by_content_type(server, route, fmt, plain):
    doc = communique.parse(server + route)
    assert doc.info.format == fmt
    assert doc.info.name == server + route
    assert clauses(doc) == clauses(communique.parse(plain))


def test_fetch_gives_media_type_and_charset(server):
    source = fetch(server + "/cp1256", max_bytes=1 << 20)
    assert (source.media_type, source.charset) == ("text/plain", "windows-1256")
    doc = communique.parse(server + "/cp1256")
    assert doc.info.encoding == "cp1256"


def test_redirects_are_followed_up_to_five(server):
    source = fetch(server + "/hop/4", max_bytes=1 << 22)
    assert source.name == server + "/round.pdf" and source.media_type == "application/pdf"
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(server + "/hop/6", max_bytes=1 << 22)
    with pytest.raises(InputError, match="redirects"):
        fetch(server + "/loop", max_bytes=1 << 22)


@pytest.mark.parametrize("route,says", [
    ("/missing", "HTTP 404"),
    ("/ftp", "not http"),
    ("/file", "not http"),
    ("/big", "byte limit"),
    ("/gzip-bomb", "byte limit"),
])
def test_fetch_refusals(server, route, says):
    with pytest.raises(InputError) as info:
        fetch(server + route, max_bytes=10_000)
    assert says in str(info.value) and "\n" not in str(info.value)


def test_timeout(server):
    start = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetch(server + "/slow", max_bytes=10_000, timeout=0.5)
    assert time.monotonic() - start < 2.5


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "http://", "javascript:alert(1)"])
def test_only_http_and_https(url):
    with pytest.raises(InputError, match="only http"):
        fetch(url, max_bytes=1000)


def test_connection_refused():
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/x", max_bytes=1000, timeout=2)


def test_cli_parse_and_diff_urls(server):
    env = {"NO_PROXY": "127.0.0.1", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([*CLI, "parse", server + "/round.pdf", "--format", "json"], capture_output=True,
                         timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert b'"format": "pdf"' in run.stdout
    diff = subprocess.run([*CLI, "diff", server + "/round.pdf", str(FORMATS / "samples" / "en-round-02.docx")],
                          capture_output=True, timeout=120, env=env)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    bad = subprocess.run([*CLI, "parse", server + "/missing"], capture_output=True, timeout=120, env=env)
    err = bad.stderr.decode()
    assert bad.returncode == 2 and len(err.splitlines()) == 1 and "HTTP 404" in err and "Traceback" not in err
    big = subprocess.run([*CLI, "parse", server + "/big", "--max-bytes", "1000"], capture_output=True, timeout=120,
                         env=env)
    assert big.returncode == 2 and b"limit" in big.stderr
