"""The page the reports share: chrome (stylesheet and script inline, a
strict Content-Security-Policy), element helpers that only ever put text in
as element text or attribute values (nothing is injected unescaped), and
clause blocks with their word-change pieces."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from importlib import resources

from lxml import etree, html

from ...digest import sha256
from ...model import Clause
from ...text.patterns import compiled
from ...text.printable import printable
from ...text.scripts import detect_language, is_rtl
from ..view import Piece
from .strings import Ui

# --------------------------------------------------------------------------- page chrome

# The stylesheet and the optional script ship beside this module (package
# data) and are inlined into every report.
CSS = resources.files(__package__).joinpath("report.css").read_text("utf-8")
SCRIPT = resources.files(__package__).joinpath("report.js").read_text("utf-8")

# Characters lxml refuses beyond the controls ``printable`` shows: lone
# surrogates, U+FFFE/FFFF.
_BAD_CHARS = compiled("[\ud800-\udfff\ufffe\uffff]")


def clean(s: str) -> str:
    return _BAD_CHARS.sub("\ufffd", printable(s))


def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# --------------------------------------------------------------------------- tree helpers


def el(parent: etree._Element | None, tag: str, text: str | None = None, cls: str | None = None,
        **attrs: str | None) -> etree._Element:
    """A new element (under ``parent`` when given); ``None`` attributes are left out."""
    values = {k.rstrip("_").replace("_", "-"): clean(v) for k, v in attrs.items() if v is not None}
    if cls:
        values["class"] = cls
    node = etree.Element(tag, values) if parent is None else etree.SubElement(parent, tag, values)
    if text:
        node.text = clean(text)
    return node


def append_text(parent: etree._Element, text: str) -> None:
    """Append character data at the end of ``parent``'s content."""
    if not text:
        return
    text = clean(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def lang_attrs(text: str, fallback: str | None) -> dict[str, str]:
    lang = detect_language(text) or fallback or "und"
    return {"dir": "rtl" if is_rtl(text) else "ltr", "lang": lang}


def text_block(parent: etree._Element, tag: str, text: str, fallback: str | None,
                cls: str | None = None) -> etree._Element:
    """A block of document text with its own ``dir`` and ``lang``."""
    return el(parent, tag, text, cls=cls, **lang_attrs(text, fallback))


Chrome = Callable[[etree._Element, Ui], None]
"""How a server wraps a report: called with the new ``<body>`` (empty) and
the page's interface, it adds its own bar (navigation, downloads …).  A page
with chrome is served: it carries no ``<meta>`` policy, the server sends
:func:`policy` (``served=True``) as a header instead."""


def policy(with_script: bool, served: bool = False) -> str:
    """The Content-Security-Policy of a page: only the inline stylesheet (and
    script) by hash, nothing fetched.  A standalone file submits no form; a
    served page may submit its forms to its own server and refuses framing."""
    out = f"default-src 'none'; style-src {csp_hash(CSS)}; img-src data:; base-uri 'none'; "
    out += "form-action 'self'; frame-ancestors 'none'" if served else "form-action 'none'"
    if with_script:
        out += f"; script-src {csp_hash(SCRIPT)}"
    return out


def page(title: str, body_class: str, with_script: bool, ui: Ui | None = None,
         chrome: Chrome | None = None) -> tuple[etree._Element, etree._Element]:
    """A new page: ``<html>`` in the interface's language and direction, the
    head (charset, policy, viewport, title, stylesheet) and an empty body
    (with the server's bar when ``chrome`` is given)."""
    ui = ui or Ui()
    root = el(None, "html", lang=ui.lang, dir=ui.dir)
    head = el(root, "head")
    el(head, "meta", charset="utf-8")
    if chrome is None:
        el(head, "meta", http_equiv="Content-Security-Policy", content=policy(with_script))
    el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    el(head, "meta", name="color-scheme", content="light dark")
    el(head, "meta", name="generator", content="communique")
    el(head, "title", title)
    el(head, "style", CSS)
    body = el(root, "body", cls=body_class)
    if chrome is not None:
        chrome(body, ui)
    return root, body


def serialize(root: etree._Element, with_script: bool) -> str:
    if with_script:
        el(root.find("body"), "script", SCRIPT)
    return html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode", method="html") + "\n"


def table_wrap(parent: etree._Element, cls: str) -> etree._Element:
    """A table in a box that scrolls sideways on a narrow screen (the page itself never does)."""
    box = el(parent, "div", cls="table-wrap")
    return el(box, "table", cls=cls)


def emit(parent: etree._Element, pieces: Sequence[Piece], ui: Ui | None = None) -> None:
    """Pieces as text and ``del``/``ins`` elements (``span.w-cos`` for a
    difference the profile folded, titled with the other side's text)."""
    ui = ui or Ui()
    for p in pieces:
        if p.kind == "plain":
            append_text(parent, p.text)
            continue
        if p.kind == "cos":
            el(parent, "span", p.text, cls="w-cos", data_run=str(p.run), title=ui.t("title.cos", other=p.other))
            continue
        classes = ["w-del" if p.kind == "del" else "w-ins"]
        if p.replace:
            classes.append("w-rep")
        if p.clitic:
            classes.append("w-clitic")
        title = ui.t("title.del") if p.kind == "del" else ui.t("title.ins")
        if p.replace:
            title = ui.t("title.rep.del") if p.kind == "del" else ui.t("title.rep.ins")
        if p.clitic:
            title += ui.t("title.clitic")
        el(parent, p.kind, p.text, cls=" ".join(classes), data_run=str(p.run), title=title)


# --------------------------------------------------------------------------- clause blocks


def depth(path: str) -> int:
    return min(path.count("."), 4)


def clause_block(parent: etree._Element, clause: Clause | None, path: str, pieces: Sequence[Piece],
                  fallback: str | None, anchor: str | None, extra: str = "", ui: Ui | None = None) -> etree._Element:
    """One clause: its marker and text (pieces), in a block with its own dir/lang."""
    text = "".join(p.text for p in pieces)
    block = el(parent, "div", cls=f"clause{' ' + extra if extra else ''}", id=anchor, data_path=path)
    body = el(block, "div", cls=f"text depth-{depth(path)}", **lang_attrs(text, fallback))
    label = clause.label if clause is not None and clause.label else None
    el(body, "span", label or path, cls="marker")
    append_text(body, " ")
    emit(body, pieces, ui)
    return block


def note(parent: etree._Element, *parts: str | tuple[str, str], ui: Ui | None = None) -> etree._Element:
    """A note line in the interface's language: plain strings and ``(text, href)`` links."""
    ui = ui or Ui()
    p = el(parent, "p", cls="note", dir=ui.dir, lang=ui.lang)
    for part in parts:
        if isinstance(part, tuple):
            el(p, "a", part[0], href=part[1])
        else:
            append_text(p, part)
    return p


def links(prefix: str, side: str, paths: Sequence[str]) -> list[str | tuple[str, str]]:
    out: list[str | tuple[str, str]] = []
    for k, path in enumerate(paths):
        if k:
            out.append(", ")
        out.append((path, f"#{prefix}{side}-{path}"))
    return out


