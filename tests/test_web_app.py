"""The web application in-process (Starlette's TestClient): the compare
pages and their downloads, the options by name, the archive pages against a
fake archive, the JSON API, the token and host checks, and the ``serve``
command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2", reason="starlette.testclient needs httpx2 (the web test extra)")

from lxml import etree, html
from starlette.testclient import TestClient

import communique
from communique.renderers.to_html.page import CSS, SCRIPT, csp_hash
from communique.web.app import Settings, create_app
from communique.web.archive import ArchiveLike, MemoryArchive

from .conftest import ROOT, SAMPLES

EN = [SAMPLES / "en" / f"round-0{k}.txt" for k in range(1, 5)]
AR = [SAMPLES / "ar" / f"round-0{k}.txt" for k in range(1, 5)]
BASE = "http://127.0.0.1"


class FakeArchive:
    """The :class:`ArchiveLike` interface over two sample series, recording every call."""

    def __init__(self) -> None:
        self.inner = MemoryArchive({"en-astana": [communique.parse(p) for p in EN],
                                    "ar-astana": [communique.parse(p) for p in AR]})
        self.calls: list[tuple[str, str]] = []

    def series(self):
        self.calls.append(("series", ""))
        return self.inner.series()

    def history(self, series: str):
        self.calls.append(("history", series))
        return self.inner.history(series)

    def reuse(self, text: str):
        self.calls.append(("reuse", text))
        return self.inner.reuse(text)

    def search(self, query: str):
        self.calls.append(("search", query))
        return self.inner.search(query)


@pytest.fixture(scope="module")
def archive() -> FakeArchive:
    return FakeArchive()


@pytest.fixture(scope="module")
def client(archive):
    with TestClient(create_app(Settings(), archive), base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def plain_client():
    with TestClient(create_app(Settings()), base_url=BASE) as c:
        yield c


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _compare(client: TestClient, old: str, new: str, **fields: str) -> str:
    r = client.post("/compare", data={"old_text": old, "new_text": new, **fields}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return r.headers["location"]


def _chips(page: str) -> dict[str, int]:
    root = html.document_fromstring(page)
    return {li.get("data-op"): int(li.xpath(".//b")[0].text) for li in root.xpath("//section[@id='summary']//li")}


# --------------------------------------------------------------------------- compare


def test_home_is_the_compare_form_with_a_strict_policy(plain_client) -> None:
    r = plain_client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and f"style-src {csp_hash(CSS)}" in policy
    assert "form-action 'self'" in policy and "frame-ancestors 'none'" in policy
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "same-origin"
    root = html.document_fromstring(r.text)
    assert not root.xpath("//meta[@http-equiv]"), "a served page has its policy in the header only"
    assert not root.xpath("//script|//link|//img")
    form = root.xpath("//form[@id='compare-form']")[0]
    assert form.get("method") == "post" and form.get("enctype") == "multipart/form-data"
    names = {e.get("name") for e in form.xpath(".//textarea|.//input")}
    assert {"old_text", "new_text", "old_file", "new_file", "old_url", "new_url", "ignore", "strict",
            "threshold"} <= names
    assert {e.get("value") for e in form.xpath(".//input[@name='ignore']")} == set(
        communique.Profile().__dataclass_fields__)


def test_paste_two_rounds_gives_a_linkable_report_and_its_downloads(client) -> None:
    old, new = _text(EN[1]), _text(EN[2])
    where = _compare(client, old, new)
    assert re.fullmatch(r"/compare/[0-9a-f]{24}", where)
    r = client.get(where)
    assert r.status_code == 200
    assert f"script-src {csp_hash(SCRIPT)}" in r.headers["content-security-policy"]
    expected = communique.diff(communique.parse(text=old, name="old (pasted)"),
                               communique.parse(text=new, name="new (pasted)"))
    assert _chips(r.text) == {**expected.summary, "meta": len(expected.meta_changes)}
    root = html.document_fromstring(r.text)
    (script,) = root.xpath("//script")
    assert script.text == SCRIPT
    links = {a.get("data-format"): a.get("href") for a in root.xpath("//*[@id='downloads']//a")}
    assert set(links) == {"json", "tei", "markdown", "html"}
    # the same address again: the same page (the pair is kept)
    assert client.get(where).text == r.text

    got = client.get(links["json"])
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/json")
    assert "attachment" in got.headers["content-disposition"]
    assert communique.load(got.text) == expected
    tei = client.get(links["tei"])
    assert etree.fromstring(tei.content).tag.endswith("TEI")
    md = client.get(links["markdown"])
    assert md.headers["content-type"].startswith("text/markdown") and md.text == communique.render(expected,
                                                                                                 "markdown")
    report = client.get(links["html"])
    assert report.text == communique.render(expected, "html")
    standalone = html.document_fromstring(report.text)
    assert standalone.xpath("//meta[@http-equiv='Content-Security-Policy']"), "the download is the standalone file"


def test_the_options_of_the_cli_by_name(client) -> None:
    old, new = _text(AR[1]), _text(AR[2])
    where = _compare(client, old, new, ignore="punctuation", threshold="0.6")
    assert "ignore=punctuation" in where and "threshold=0.6" in where
    data = json.loads(client.get(where.replace("?", "/diff.json?")).text)
    assert data["profile"] == "ignore invisible,diacritics,tatweel,quotes,digits,endings,punctuation"
    assert data["threshold"] == 0.6
    strict = json.loads(client.get(where.split("?")[0] + "/diff.json?strict=1&ignore=case&ignore=letters").text)
    assert strict["profile"] == "ignore case,letters"
    page = client.get(where.split("?")[0] + "?strict=true")
    assert "“strict”" in page.text
    # the served options form shows what is in force
    root = html.document_fromstring(client.get(where).text)
    checked = {e.get("value") for e in root.xpath("//form[@id='options-form']//input[@name='ignore'][@checked]")}
    assert checked == {"punctuation"}


@pytest.mark.parametrize("query", ["bogus=1", "threshold=2", "threshold=abc", "ignore=vowels", "strict=maybe",
                                   "ui=fr", "threshold=0.3&threshold=0.4"])
def test_a_bad_option_is_a_422_in_one_line(client, query: str) -> None:
    where = _compare(client, _text(EN[0]), _text(EN[1]))
    r = client.get(f"{where}?{query}")
    assert r.status_code == 422
    message = html.document_fromstring(r.text).xpath("//*[@id='app-error']")[0].text_content()
    assert "\n" not in message and message
    api = client.post("/api/diff", json={"old": _text(EN[0]), "new": _text(EN[1]),
                                         "options": dict([query.split("&")[0].split("=")])})
    if not query.startswith("ui=") and "&" not in query:
        assert api.status_code == 422 and set(api.json()) == {"error", "status"}


def test_upload_two_files_any_format_the_readers_take(client) -> None:
    page = SAMPLES / "html" / "round-12.html"
    r = client.post("/compare", files={"old_file": (page.name, page.read_bytes(), "text/html"),
                                       "new_file": (AR[2].name, AR[2].read_bytes(), "text/plain")},
                    follow_redirects=False)
    assert r.status_code == 303
    data = json.loads(client.get(r.headers["location"] + "/diff.json").text)
    assert data["old"]["source"]["format"] == "html" and data["old"]["source"]["name"] == page.name
    assert data["new"]["source"]["format"] == "text"


def test_form_mistakes_come_back_on_the_form(client) -> None:
    r = client.post("/compare", data={"old_text": "1. Only one side.\n"})
    assert r.status_code == 422
    root = html.document_fromstring(r.text)
    assert "new round: give the text, a file or a URL" in root.xpath("//*[@id='app-error']")[0].text_content()
    assert root.xpath("//textarea[@name='old_text']")[0].text_content() == "1. Only one side.\n"
    r = client.post("/compare", data={"old_text": "x\n1. a\n", "old_url": "https://example.invalid/x",
                                      "new_text": "1. b\n"})
    assert r.status_code == 422 and "not text and URL" in r.text
    r = client.post("/compare", data={"old_text": "hello", "new_text": "x", "surprise": "1"})
    assert r.status_code == 422 and "surprise" in r.text
    r = client.post("/compare", data={"old_url": "file:///etc/passwd", "new_text": "1. a\n"})
    assert r.status_code == 422 and "not an http(s) URL" in r.text
    assert "root:" not in r.text


def test_a_url_is_read_only_by_the_url_reader() -> None:
    from communique.web.work import url_reader_available

    with TestClient(create_app(Settings()), base_url=BASE) as c:
        r = c.post("/api/diff", json={"old": {"url": "http://127.0.0.1:9/old"}, "new": "1. x\n"})
    assert r.status_code == 422
    if not url_reader_available():
        assert "URL" in r.json()["error"]


def test_an_unknown_or_forgotten_comparison_is_a_404(client) -> None:
    assert client.get("/compare/" + "0" * 24).status_code == 404
    assert client.get("/compare/nothex").status_code == 404
    where = _compare(client, _text(EN[0]), _text(EN[1]))
    assert client.get(where + "/passwd").status_code == 404


def test_the_store_keeps_the_last_comparisons_only() -> None:
    with TestClient(create_app(Settings(keep=2)), base_url=BASE) as c:
        first = _compare(c, _text(EN[0]), _text(EN[1]))
        _compare(c, _text(EN[1]), _text(EN[2]))
        _compare(c, _text(EN[2]), _text(EN[3]))
        gone = c.get(first)
    assert gone.status_code == 404 and "compare again" in gone.text


def test_arabic_interface_of_the_served_report(client) -> None:
    where = _compare(client, _text(AR[1]), _text(AR[2]), ui="ar")
    assert where.endswith("ui=ar")
    root = html.document_fromstring(client.get(where).text)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert root.xpath("//a[@class='ui-switch']")[0].text == "English"
    assert root.xpath("//h2")[0].text == "الجولتان"


# --------------------------------------------------------------------------- API


def test_api_parse_json_and_multipart(client) -> None:
    text = _text(AR[0])
    r = client.post("/api/parse", json={"text": text})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert communique.load(r.text) == communique.parse(text=text)
    r = client.post("/api/parse", files={"file": ("r.txt", AR[0].read_bytes())})
    assert r.status_code == 200 and json.loads(r.text)["source"]["name"] == "r.txt"
    r = client.post("/api/parse", data={"text": text, "format": "markdown"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    r = client.post("/api/parse", json={"text": text, "options": {"format": "tei"}})
    assert r.status_code == 200 and etree.fromstring(r.content) is not None


def test_api_diff_json_and_multipart_match_the_library(client) -> None:
    old, new = _text(EN[2]), _text(EN[3])
    expected = communique.diff(communique.parse(text=old, name="old"), communique.parse(text=new, name="new"),
                               profile=communique.Profile().ignoring("punctuation"), threshold=0.45)
    r = client.post("/api/diff", json={"old": old, "new": new,
                                       "options": {"ignore": ["punctuation"], "threshold": 0.45}})
    assert r.status_code == 200 and communique.load(r.text) == expected
    r = client.post("/api/diff", files={"old": ("old", old.encode()), "new": ("new", new.encode())},
                    data={"ignore": "punctuation", "threshold": "0.45"})
    assert r.status_code == 200
    assert json.loads(r.text)["summary"] == expected.summary
    r = client.post("/api/diff", json={"old": {"text": old, "name": "a.txt"}, "new": new,
                                       "options": {"format": "unified", "strict": True}})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")


def test_api_diff_of_an_original_and_its_translation(client, monkeypatch) -> None:
    from .xlang.test_xlang_text import ORIGINAL, TRANSLATION

    monkeypatch.setenv("COMMUNIQUE_SEMANTIC", "off")  # the same alignment with or without the model
    r = client.post("/api/diff", json={"old": ORIGINAL, "new": TRANSLATION})
    data = json.loads(r.text)
    assert r.status_code == 200 and data["cross_language"] is True
    assert [op["op"] for op in data["ops"]] == ["translated", "translated", "omitted", "translated"]
    assert data["ops"][1]["fact_mismatches"] == [{"kind": "number", "original": "250", "translation": "520"}]
    r = client.post("/api/diff", json={"old": ORIGINAL, "new": ORIGINAL.replace("250", "260"),
                                       "options": {"cross_language": True}})
    assert r.status_code == 200 and json.loads(r.text)["cross_language"] is True


@pytest.mark.parametrize(("body", "ctype", "status"), [
    (b"{not json", "application/json", 400),
    (b"\xff\xfe", "application/json", 400),
    (b"[1, 2]", "application/json", 422),
    (b'{"old": "1. a\\n"}', "application/json", 422),
    (b'{"old": 1, "new": "1. a\\n"}', "application/json", 422),
    (b'{"old": "1. a\\n", "new": "1. b\\n", "extra": 1}', "application/json", 422),
    (b'{"old": "1. a\\n", "new": "1. b\\n", "options": []}', "application/json", 422),
    (b'{"old": "1. a\\n", "new": "1. b\\n", "options": {"format": "pdf"}}', "application/json", 422),
    (b"old=x", "text/csv", 415),
    (b"", "", 415),
    (b"--b\r\nContent-Disposition: form-data; name=\"old\"\r\n\r\nx", "multipart/form-data; boundary=b", 422),
    (b"garbage", "multipart/form-data", 400),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
])
def test_api_refuses_what_it_cannot_read_in_one_line(client, body: bytes, ctype: str, status: int) -> None:
    r = client.post("/api/diff", content=body, headers={"content-type": ctype} if ctype else {})
    assert r.status_code == status, r.text
    data = r.json()
    assert set(data) == {"error", "status"} and data["status"] == status and "\n" not in data["error"]


def test_api_health_and_unknown_routes(client) -> None:
    r = client.get("/api/health")
    assert r.json()["status"] == "ok" and r.json()["archive"] is True
    assert client.get("/api/nothing").json()["status"] == 404
    r = client.get("/api/diff")
    assert r.status_code == 405 and r.json()["status"] == 405


def test_openapi_components_are_the_published_schemas(client) -> None:
    from communique.schemas import KINDS, schema
    from communique.web.openapi import NAMES, published

    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    for kind in KINDS:
        assert published(kind, doc["components"]["schemas"][NAMES[kind]]) == schema(kind)
    assert {"/api/parse", "/api/diff", "/api/archive/series", "/api/archive/search"} <= set(doc["paths"])
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(doc))
    assert refs and all(r.startswith("#/components/schemas/") for r in refs)
    with TestClient(create_app(Settings()), base_url=BASE) as c:
        assert "/api/archive/series" not in c.get("/openapi.json").json()["paths"]


# --------------------------------------------------------------------------- archive


def test_the_fake_archive_has_the_interface(archive) -> None:
    assert isinstance(archive, ArchiveLike) and isinstance(archive.inner, ArchiveLike)


def test_archive_pages_are_linkable(client, archive) -> None:
    r = client.get("/archive")
    root = html.document_fromstring(r.text)
    rows = root.xpath("//tr[@data-series]")
    assert [row.get("data-series") for row in rows] == ["en-astana", "ar-astana"]
    href = rows[0].xpath(".//a")[0].get("href")
    assert href == "/archive/series/en-astana"
    page = client.get(href)
    assert page.status_code == 200
    hist = html.document_fromstring(page.text)
    h = archive.inner.history("en-astana")
    assert len(hist.xpath("//table[@class='matrix']/tbody/tr")) == len(h.lineages)
    genealogy = hist.xpath("//section[@id='lin-L01']//a[@class='genealogy']")[0].get("href")
    assert genealogy == "/archive/series/en-astana/lineage/L01"
    g = client.get(genealogy)
    assert g.status_code == 200
    groot = html.document_fromstring(g.text)
    assert groot.xpath("//section[@id='lin-L01']") and "L01" in groot.xpath("//h1")[0].text
    # the Arabic series in the Arabic interface
    g = html.document_fromstring(client.get("/archive/series/ar-astana/lineage/L02?ui=ar").text)
    assert g.get("dir") == "rtl" and g.xpath("//section[@id='lin-L02']//div[@dir='rtl'][@lang='ar']")


def test_archive_search_and_reuse(client) -> None:
    r = client.get("/archive/search", params={"q": "sovereignty"})
    root = html.document_fromstring(r.text)
    hits = root.xpath("//ol[@class='hits']/li")
    assert hits and all(li.xpath(".//mark") for li in hits)
    assert {m.text.lower() for li in hits for m in li.xpath(".//mark")} == {"sovereignty"}
    link = hits[0].xpath(".//a")[0].get("href")
    assert re.fullmatch(r"/archive/series/[a-z-]+/lineage/L\d+#L\d+-r\d", link)
    clause = communique.parse(EN[0]).clauses[0].full_text
    r = client.get("/archive/reuse", params={"text": clause})
    assert html.document_fromstring(r.text).xpath("//ol[@class='hits']/li")
    r = client.post("/archive/reuse", data={"text": clause})
    assert r.status_code == 200 and "hits" in r.text
    api = client.get("/api/archive/reuse", params={"text": clause}).json()
    assert api["total"] >= 4 and api["hits"][0]["score"] == 1.0 and api["hits"][0]["series"] == "en-astana"
    api = client.get("/api/archive/search", params={"q": "sovereignty"}).json()
    assert api["total"] == len(hits)
    assert client.get("/api/archive/search").status_code == 422
    assert client.get("/api/archive/search", params={"q": "x" * 3000}).status_code == 422


def test_archive_api(client, archive) -> None:
    series = client.get("/api/archive/series").json()["series"]
    assert [s["id"] for s in series] == ["en-astana", "ar-astana"] and series[0]["rounds"] == 4
    h = client.get("/api/archive/series/ar-astana")
    assert communique.load(h.text) == archive.inner.history("ar-astana")
    lin = client.get("/api/archive/series/ar-astana/lineages/L01").json()
    assert lin["lineage"]["id"] == "L01" and len(lin["rounds"]) == 4
    assert client.get("/api/archive/series/ar-astana/lineages/L999").status_code == 404
    assert client.get("/api/archive/series/nope").status_code == 404


@pytest.mark.parametrize("path", [
    "/archive/series/..%2F..%2Fetc%2Fpasswd", "/archive/series/%2e%2e", "/archive/series/.hidden",
    "/archive/series/en-astana/lineage/..%2F..%2Fsecret", "/api/archive/series/..%5C..%5Cwin.ini",
    "/api/archive/series/%00", "/archive/series/en-astana%2F..%2F..", "/archive/series/" + "a" * 300,
])
def test_a_path_in_an_archive_url_never_reaches_the_archive(client, archive, path: str) -> None:
    before = len(archive.calls)
    r = client.get(path)
    assert r.status_code == 404
    asked = [c for c in archive.calls[before:] if c[0] == "history"]
    assert not asked, asked


def test_no_archive_without_db(plain_client) -> None:
    r = plain_client.get("/archive")
    assert r.status_code == 404 and "--db" in r.text
    assert plain_client.get("/api/archive/series").status_code == 404


def test_memory_archive_reads_a_folder_once(tmp_path: Path) -> None:
    from communique.web.archive import open_archive

    for name, files in (("en", EN), ("ar", AR)):
        (tmp_path / name).mkdir()
        for f in files:
            (tmp_path / name / f.name).write_bytes(f.read_bytes())
    (tmp_path / ".secret").mkdir()
    archive = open_archive(tmp_path)
    assert sorted(s.id for s in archive.series()) == ["ar", "en"]
    with pytest.raises(ValueError):
        open_archive(tmp_path / "missing")


# --------------------------------------------------------------------------- guard


def test_only_loopback_host_names_without_a_token(plain_client) -> None:
    assert plain_client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert plain_client.get("/", headers={"host": "[::1]:8000"}).status_code == 200
    r = plain_client.get("/", headers={"host": "attacker.example"})
    assert r.status_code == 403
    r = plain_client.get("/api/health", headers={"host": "attacker.example:8000"})
    assert r.status_code == 403 and r.json()["status"] == 403


def test_a_post_from_another_site_is_refused(plain_client) -> None:
    r = plain_client.post("/compare", data={"old_text": "1. a\n", "new_text": "1. b\n"},
                          headers={"origin": "https://attacker.example"}, follow_redirects=False)
    assert r.status_code == 403
    r = plain_client.post("/api/parse", json={"text": "1. a\n"}, headers={"origin": "null"})
    assert r.status_code == 403
    r = plain_client.post("/compare", data={"old_text": "Title\n\n1. a b c.\n", "new_text": "Title\n\n1. a b d.\n"},
                          headers={"origin": BASE}, follow_redirects=False)
    assert r.status_code == 303


def test_the_token_is_checked_on_every_request() -> None:
    token = "s3cret-token-value"
    app = create_app(Settings(token=token, hosts=frozenset({"0.0.0.0"})))
    with TestClient(app, base_url="http://192.0.2.10:8000") as c:
        for path in ("/", "/api/health", "/openapi.json", "/compare/" + "0" * 24, "/nothing"):
            r = c.get(path)
            assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", path
        assert c.get("/api/health", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/health", headers={"authorization": f"Bearer {token}"}).status_code == 200
        assert c.get("/api/health", headers={"x-communique-token": token}).status_code == 200
        assert c.post("/api/parse", json={"text": "1. a\n"}).status_code == 401
        # a browser: ?token= once, then the cookie
        r = c.get(f"/?token={token}&ui=ar", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/?ui=ar"
        assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
        c.cookies.set("communique_token", token)
        assert c.get("/").status_code == 200
        c.cookies.clear()
        assert c.get("/").status_code == 401


def test_serve_refuses_a_public_host_without_a_token(monkeypatch) -> None:
    import typer
    from typer.testing import CliRunner

    from communique.web.cli import serve

    app = typer.Typer()
    app.command()(serve)
    monkeypatch.delenv("COMMUNIQUE_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2 and "--token" in result.output
    result = CliRunner().invoke(app, ["--host", "0.0.0.0", "--token", "short"])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example: communique serve" in result.output
    assert "COMMUNIQUE_TOKEN" in result.output


def test_the_package_ships_in_the_wheel() -> None:
    tomllib = pytest.importorskip("tomllib")

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "communique.web" in config["tool"]["setuptools"]["packages"]
    deps = " ".join(config["project"]["dependencies"])
    assert all(name in deps for name in ("starlette", "uvicorn", "python-multipart")), "pip install . serves"


def test_the_cli_stays_light() -> None:
    code = ("import sys, communique.cli, communique.web.cli; "
            "bad = [m for m in ('starlette', 'uvicorn', 'anyio', 'multipart') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
