"""Output safety (issue defects 7, 8, 14): hostile statement text and file
names reach every output format harmless.

Inputs: the injection fixtures (``fixtures/repro/inject_old.txt`` →
``inject_new.txt``), a statement made of every hostile piece below (C0 and
C1 controls, ``ESC[2J``, OSC 8 hyperlinks, OSC 0 titles, U+202E and the
other bidi controls, ``<script>``, ``<img onerror>``, ``<iframe>``, ``]]>``,
``&#x1b;``, Markdown links to ``javascript:``), the same text with lone
surrogates through ``communique.parse(text=…)``, and a file name carrying
controls, all parsed, diffed and put in a history.

For every format of every kind (``communique.renderers.formats(kind)``):

* text formats (text, tree, terminal, unified, side-by-side, markdown): no C0
  control but tab and line feed, no DEL or C1, no bidi embedding, override or
  LRI/RLI (FSI … PDI are the renderers' own isolates around right-to-left
  lines; these inputs are left-to-right, so none at all may appear);
  coloured terminal output has no escape sequence but SGR;
* Markdown: no raw tag, comment or declaration; rendered by a CommonMark
  renderer (markdown-it-py) it has no script, no element the statement
  brought, no event handler and no ``javascript:`` link;
* JSON: parses, no raw C0/C1, and ``load`` gives the object back;
* TEI and Akoma Ntoso: well-formed XML by lxml without DTD or entities;
* HTML: one script (the report's own), no injected element or handler, a
  CSP; and in headless Chromium no injected script runs, also with the CSP
  taken out (escaping alone must hold).
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

import communique
from communique.renderers import formats, render
from communique.text.printable import printable

from .fuzz.fuzz_target import (
    HOSTILE_NAME,
    RAW_CONTROL,
    TEXT_FORMATS,
    check_output,
    check_text_output,
)

REPRO = Path(__file__).resolve().parent / "fixtures" / "repro"

# Payloads that *mark the page* if they run: the browser test looks for the mark.
PWN = "document.documentElement.setAttribute('data-pwned','1')"
HOSTILE_PIECES = [
    "clear \x1b[2J\x1b[H screen \x1b[31mred\x1b[0m",
    "osc8 \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ done",
    "osc0 \x1b]0;pwned title\x07 bell",
    "c1 csi \x9b31m and \x9d0;t\x9c and nel \x85 here",
    "c0 \x00\x01\x07\x08\x0b\x0c\x0e\x1f\x7f all",
    "carriage \r return overwrites",
    "bidi \u202eevil\u202c \u202atext\u202c \u202dx\u202c \u2066iso\u2069 \u2067r\u2069 \u2068f\u2069",
    f"<script>{PWN}</script> script",
    f'"><img src=x onerror="{PWN}"> img',
    f"'><svg onload=\"{PWN}\"> svg",
    f"<iframe srcdoc=\"<script>parent.{PWN}</script>\"></iframe> iframe",
    "<a href=\"javascript:alert(4)\">click</a> link",
    "[clickme](javascript:alert(6)) and ![pixel](http://127.0.0.1:9/track.png)",
    "cdata ]]> <![CDATA[ x ]]> end",
    "entities &#x1b; &#27; &lt;script&gt; &amp; &nbsp; &x; &#0;",
    "<!-- comment --> <?php echo 1; ?> <!DOCTYPE x>",
    "`code` *em* _u_ ~~s~~ | pipe | # hash",
]


HOSTILE_TITLE = "Joint Statement <script>x</script> \x1b]0;t\x07"


def hostile_statement(pieces: list[str] = HOSTILE_PIECES, title: str = HOSTILE_TITLE, tail: str = "") -> str:
    """A statement whose title, clauses and a sub-clause carry the pieces."""
    lines = [title, "", "The participants agreed as follows:", ""]
    for k, piece in enumerate(pieces, 1):
        lines += [f"{k}. The participants discussed item {k} and agreed {piece} on the matter{tail}.", ""]
    lines += ["(a) sub-clause \x1b[2J with <b>markup</b> and \u202e here.", "",
              "(b) second sub-clause with ]]> and &#x1b; here.", "", "Done at Astana \x1b[5m.", ""]
    return "\n".join(lines)


def _next(text: str) -> str:
    """A next round: reworded, clause 3 dropped, clause 9 moved to the top
    (the numbering stays in sequence, so every clause is still a clause)."""
    lines = text.replace("agreed", "decided").split("\n")
    items = [k for k, line in enumerate(lines) if re.match(r"\d+\. ", line)]
    bodies = [re.sub(r"^\d+\. ", "", lines[k]) for k in items]
    bodies.insert(0, bodies.pop(8))
    del bodies[3]
    bodies.append("A new clause with <script>x</script> and \x1b[2J in it.")
    head, tail = lines[: items[0]], lines[items[-1] + 1:]
    return "\n".join([*head, *(line for k, b in enumerate(bodies, 1) for line in (f"{k}. {b}", "")), *tail])


@cache
def cases() -> dict[str, tuple]:
    """name → (old document, new document) of each hostile input."""
    text = hostile_statement()
    raw = text.replace("\x00", "")  # as a file, a NUL byte is binary input (refused)
    surrogates = hostile_statement(tail=" \ud800 \udfff") + "\udc80\n"
    out = {
        "inject-files": (communique.parse(REPRO / "inject_old.txt"), communique.parse(REPRO / "inject_new.txt")),
        "pieces": (communique.parse(text=text), communique.parse(text=_next(text))),
        "surrogates": (communique.parse(text=surrogates), communique.parse(text=_next(surrogates))),
        "file-name": (communique.parse(raw.encode("utf-8"), name=HOSTILE_NAME),
                      communique.parse(_next(raw).encode("utf-8"), name=HOSTILE_NAME + "\x9b2J-new")),
        "bytes-cp1256": (communique.parse(raw.replace("c1 csi", "c1 عربي").encode("cp1256", "replace")),
                         communique.parse(_next(raw).encode("utf-8"))),
    }
    return out


def _objects(kind: str):
    for name, (old, new) in cases().items():
        if kind == "document":
            yield f"{name}-old", old
            yield f"{name}-new", new
        elif kind == "diff":
            yield name, communique.diff(old, new)
            yield f"{name}-back", communique.diff(new, old)
        else:
            yield name, communique.history([old, new, old])


def _params():
    for kind in ("document", "diff", "history"):
        for fmt in formats(kind):
            yield pytest.param(kind, fmt, id=f"{kind}-{fmt}")


def test_the_inputs_are_hostile():
    """The parsed inputs really hold the hostile pieces (so the checks below
    are not vacuous): raw controls, markup, a name with controls."""
    old, _ = cases()["pieces"]
    texts = "\n".join(c.text for c in old.walk())
    assert "\x1b[2J" in texts and "\x9b" in texts and "\u202e" in texts and "<script>" in texts
    assert "]]>" in texts and "&#x1b;" in texts
    named, _ = cases()["file-name"]
    assert named.info.name == HOSTILE_NAME
    assert "\ufffd" in cases()["surrogates"][0].source or "?" in cases()["surrogates"][0].source


@pytest.mark.parametrize(("kind", "fmt"), list(_params()))
def test_every_format_is_safe(kind, fmt):
    for name, obj in _objects(kind):
        out = render(obj, fmt)
        out.encode("utf-8")  # no lone surrogate reached the output
        if not check_output(obj, fmt, out):  # a plug-in format: at least no raw control
            assert not RAW_CONTROL.search(out), (name, fmt)
        if fmt in TEXT_FORMATS:  # left-to-right inputs: not even an isolate of the renderer's own
            assert not re.search("[\u2066-\u2069]", out), (name, fmt)


@pytest.mark.parametrize("kind", ["diff", "history"])
def test_coloured_terminal_has_only_sgr_sequences(kind):
    """With colour on, the only escape sequences are the renderer's SGR
    (``ESC [ … m``): none from the text, no OSC, no cursor movement."""
    for name, obj in _objects(kind):
        out = render(obj, "terminal", color=True)
        assert "\x1b[" in out, "colour is on"
        check_text_output(f"terminal {name}", re.sub(r"\x1b\[[0-9;]*m", "", out))


def test_file_names_reach_headers_escaped():
    """The hostile file name shows in the text headers, made printable (its
    ESC as ␛, its C1 as U+FFFD, its U+202E dropped), and in XML and JSON
    escaped or cleaned, never raw."""
    d = communique.diff(*cases()["file-name"])
    shown = printable(HOSTILE_NAME)
    assert "\x1b" not in shown and "\u202e" not in shown
    for fmt in ("unified", "side-by-side", "terminal"):
        assert shown in render(d, fmt, **({"width": 400} if fmt != "unified" else {})), fmt
    assert "\\u001b" in render(d, "json")


def test_printable_makes_every_control_visible():
    """``printable`` (communique/text/printable.py): every C0 but tab and
    line feed, DEL and every C1 become visible, the bidi controls go, and
    other text is untouched."""
    every = "".join(chr(c) for c in range(0xA0)) + "".join(chr(c) for c in range(0x2000, 0x2070)) + "\ufeffأب"
    out = printable(every)
    assert not RAW_CONTROL.search(out)
    assert "\t" in out and "\n" in out and "أب" in out
    assert printable("plain text, عربي\tand a tab\n") == "plain text, عربي\tand a tab\n"


# --------------------------------------------------------------------------- Chromium


def _chromium() -> str | None:
    from .test_browser import _chromium as find

    return find()


def _dump_dom(tmp_path: Path, page: str, name: str) -> str:
    from .test_browser import _chrome

    file = tmp_path / name
    file.write_text(page, encoding="utf-8")
    done = _chrome(tmp_path, file.as_uri(), "--virtual-time-budget=3000", "--dump-dom")
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def _without_csp(page: str) -> str:
    return re.sub(r"<meta[^>]*Content-Security-Policy[^>]*>", "", page, flags=re.I)


@pytest.mark.skipif(_chromium() is None, reason="no Chromium binary (apt-get install chromium)")
def test_html_reports_run_no_injected_script_in_chromium(tmp_path):
    """The diff and history reports of the hostile inputs, and Markdown
    rendered to HTML by markdown-it-py, loaded in headless Chromium: no
    injected script, handler or iframe ran (each would set
    ``data-pwned`` on the root), with the page's CSP and without it."""
    from lxml import html as lhtml
    from markdown_it import MarkdownIt

    pages = {}
    for name, (old, new) in cases().items():
        d = communique.diff(old, new)
        h = communique.history([old, new])
        pages[f"{name}-diff"] = render(d, "html")
        pages[f"{name}-history"] = render(h, "html")
        md = MarkdownIt("commonmark").render(render(d, "markdown"))
        pages[f"{name}-markdown"] = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{md}</body></html>"
    # a control: the same payload unescaped does mark the page (the probe works)
    pages["control"] = f"<!DOCTYPE html><html><body><img src=x onerror=\"{PWN}\"></body></html>"
    for name, page in pages.items():
        for variant, text in (("csp", page), ("no-csp", _without_csp(page))):
            if name == "control" and variant == "csp":
                continue
            dom = lhtml.document_fromstring(_dump_dom(tmp_path, text, f"{name}-{variant}.html"))
            pwned = dom.get("data-pwned") == "1"
            if name == "control":
                assert pwned, "the probe payload did not run in the control page"
            else:
                assert not pwned, f"an injected script ran in {name} ({variant})"
                assert not dom.xpath("//iframe|//img|//svg|//object|//embed"), f"injected element in {name}"
                scripts = dom.xpath("//script")
                assert len(scripts) <= (0 if name.endswith("markdown") else 1), name


def test_chromium_helpers_exist():
    """tests/test_browser.py keeps the helpers this module uses."""
    from . import test_browser

    assert callable(test_browser._chrome) and callable(test_browser._chromium)
    assert subprocess.run is not None
