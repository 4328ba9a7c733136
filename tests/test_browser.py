"""The HTML reports in a real browser: headless Chromium, driven by its
binary (``--dump-dom``, ``--screenshot``), no Python dependency.

Skipped only when no Chromium binary is found (set ``COMMUNIQUE_CHROMIUM`` to
point at one; on Debian ``apt-get install chromium``).

To read computed styles, a copy of the page gets a probe script that writes
its measurements into the DOM, and the probe's hash is added to the page's
Content-Security-Policy; the policy otherwise stays as rendered, so the
checks also prove that the inline stylesheet and script pass it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
from functools import cache
from pathlib import Path

import pytest
from lxml import html

import communique
from communique.renderers.to_html import diff as html_diff

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
AR = [SAMPLES / "ar" / f"round-0{k}.txt" for k in range(1, 5)]


@cache
def _chromium() -> str | None:
    env = os.environ.get("COMMUNIQUE_CHROMIUM")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
                 "headless_shell"):
        found = shutil.which(name)
        if found:
            return found
    return None


pytestmark = pytest.mark.skipif(
    _chromium() is None,
    reason="no Chromium binary found (tried chromium, chromium-browser, google-chrome; "
    "set COMMUNIQUE_CHROMIUM or `apt-get install chromium`)",
)

PROBE = """\
window.addEventListener("load", function () { window.setTimeout(function () {
  var out = {};
  function style(el) { return window.getComputedStyle(el); }
  out.dataView = document.documentElement.getAttribute("data-view");
  out.views = {};
  ["side", "inline"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { out.views[id] = style(el).display; }
  });
  out.blocks = [];
  var blocks = document.querySelectorAll(".text");
  for (var i = 0; i < blocks.length; i++) {
    var b = blocks[i], s = style(b);
    out.blocks.push({dir: b.getAttribute("dir"), lang: b.getAttribute("lang"), direction: s.direction,
                     shown: b.getClientRects().length > 0, text: b.textContent.slice(0, 40)});
  }
  out.notes = [];
  var notes = document.querySelectorAll(".note");
  for (var j = 0; j < notes.length; j++) { out.notes.push(style(notes[j]).direction); }
  out.body = style(document.body).direction;
  var d = document.querySelector("del.w-del"), n = document.querySelector("ins.w-ins");
  if (d) { out.del = {bg: style(d).backgroundColor, line: style(d).textDecorationLine}; }
  if (n) { out.ins = {bg: style(n).backgroundColor, line: style(n).textDecorationLine}; }
  out.print = false;
  for (var k = 0; k < document.styleSheets.length; k++) {
    var rules = document.styleSheets[k].cssRules;
    for (var r = 0; r < rules.length; r++) {
      if (rules[r].media && rules[r].media.mediaText === "print") { out.print = true; }
    }
  }
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 50); });
"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _with_probe(page: str) -> str:
    """The page with the probe script appended and allowed by its CSP."""
    root = html.document_fromstring(page)
    (meta,) = root.xpath("//meta[@http-equiv='Content-Security-Policy']")
    policy = meta.get("content")
    if "script-src" in policy:
        policy = policy.replace("script-src ", f"script-src {_sha(PROBE)} ")
    else:
        policy += f"; script-src {_sha(PROBE)}"
    meta.set("content", policy)
    script = html.Element("script")
    script.text = PROBE
    root.find("body").append(script)
    return html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")


_runs = iter(range(1_000_000))


def _chrome(tmp_path: Path, target: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{next(_runs)}"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", "--disable-extensions", "--hide-scrollbars",
           f"--user-data-dir={profile}", "--window-size=1280,2000", *args, target]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def _dump(tmp_path: Path, file: Path, fragment: str = "") -> html.HtmlElement:
    done = _chrome(tmp_path, file.as_uri() + fragment, "--virtual-time-budget=3000", "--dump-dom")
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return html.document_fromstring(done.stdout)


def _probe(tmp_path: Path, page: str, name: str, fragment: str = "") -> dict:
    file = tmp_path / name
    file.write_text(_with_probe(page), encoding="utf-8")
    root = _dump(tmp_path, file, fragment)
    (pre,) = root.xpath("//pre[@id='probe']")
    return json.loads(pre.text_content())


def _screenshot(tmp_path: Path, file: Path, png: Path) -> None:
    done = _chrome(tmp_path, file.as_uri(), f"--screenshot={png}")
    assert done.returncode == 0, done.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 20_000, "the screenshot is (nearly) blank"


@pytest.fixture(scope="module")
def diff_ar():
    return communique.diff(AR[1], AR[2])


@pytest.fixture(scope="module")
def history_ar():
    return communique.history(AR)


def test_diff_report_in_chromium(tmp_path: Path, diff_ar) -> None:
    page = communique.render(diff_ar, "html")
    file = tmp_path / "diff-ar.html"
    file.write_text(page, encoding="utf-8")
    source = html.document_fromstring(page)
    dom = _dump(tmp_path, file)
    # the page's own script ran (so the CSP hash of the script is right) and chose the default view
    assert dom.get("data-view") == "side"
    side = dom.xpath("//section[@id='side']")[0]
    n_clauses = sum(1 for _ in diff_ar.old.walk()) + sum(1 for _ in diff_ar.new.walk())
    assert len(side.xpath(".//div[contains(@class,'clause')]")) == n_clauses
    for tag in ("del", "ins"):
        found = dom.xpath(f"//{tag}[contains(@class,'w-')]")
        assert found and len(found) == len(source.xpath(f"//{tag}[contains(@class,'w-')]"))
    assert [e.text_content() for e in side.xpath(".//del")] == ["أهمية مكافحة", "، وأعربوا"]
    assert "داخلياً" in [e.text_content() for e in side.xpath(".//ins")]
    blocks = side.xpath(".//div[contains(@class,'text')]")
    assert blocks and all(b.get("dir") == "rtl" and b.get("lang") == "ar" for b in blocks)

    probe = _probe(tmp_path, page, "diff-ar-probe.html")
    assert probe["dataView"] == "side"
    assert probe["views"] == {"side": "block", "inline": "none"}
    assert probe["body"] == "ltr"
    shown = [b for b in probe["blocks"] if b["shown"]]
    assert shown
    for b in probe["blocks"]:
        assert b["dir"] == "rtl" and b["lang"] == "ar" and b["direction"] == "rtl", b
    assert set(probe["notes"]) == {"ltr"}
    # the inline stylesheet applied (its CSP hash is right)
    assert probe["del"]["line"] == "line-through" and probe["del"]["bg"] != "rgba(0, 0, 0, 0)"
    assert probe["ins"]["line"] == "underline" and probe["ins"]["bg"] != "rgba(0, 0, 0, 0)"
    assert probe["print"]

    # the script switches to the inline view when an inline anchor is the target
    probe = _probe(tmp_path, page, "diff-ar-probe.html", "#i-new-5")
    assert probe["dataView"] == "inline" and probe["views"] == {"side": "none", "inline": "block"}

    _screenshot(tmp_path, file, tmp_path / "diff-ar.png")


@pytest.mark.parametrize(("fragment", "shown"), [
    ("", "side"), ("#inline", "inline"), ("#i-new-5", "inline"), ("#side", "side"), ("#new-5", "side"),
])
def test_view_toggle_without_script(tmp_path: Path, diff_ar, fragment: str, shown: str) -> None:
    page = html_diff.render_diff(diff_ar, script=False)
    probe = _probe(tmp_path, page, "diff-nojs.html", fragment)
    assert probe["dataView"] is None
    hidden = "inline" if shown == "side" else "side"
    assert probe["views"] == {shown: "block", hidden: "none"}


def test_history_report_in_chromium(tmp_path: Path, history_ar) -> None:
    page = communique.render(history_ar, "html")
    file = tmp_path / "history-ar.html"
    file.write_text(page, encoding="utf-8")
    dom = _dump(tmp_path, file)
    rows = dom.xpath("//table[@class='matrix']/tbody/tr")
    assert len(rows) == len(history_ar.lineages)
    heads = [th.text_content() for th in dom.xpath("//table[@class='matrix']/thead//span[@class='round-head']")]
    assert heads == ["Round 11", "Round 12", "Round 13", "Round 14"]
    changed = dom.xpath("//table[@class='matrix']//td[contains(@class,'changed')]")
    assert len(changed) == sum(1 for lin in history_ar.lineages for c in lin.cells if c and c.changed)
    assert dom.xpath("//section[contains(@class,'lineage')]//del") and dom.xpath("//section//ins")
    probe = _probe(tmp_path, page, "history-ar-probe.html")
    clause_blocks = probe["blocks"]
    assert clause_blocks
    for b in clause_blocks:
        assert b["dir"] == "rtl" and b["lang"] == "ar" and b["direction"] == "rtl" and b["shown"], b
    assert probe["body"] == "ltr" and set(probe["notes"]) == {"ltr"}
    assert probe["del"]["line"] == "line-through" and probe["print"]
    _screenshot(tmp_path, file, tmp_path / "history-ar.png")
