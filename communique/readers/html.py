"""HTML page → extracted text with furniture hints.

Block elements become paragraphs separated by a blank line; ``script``,
``style``, ``noscript`` and ``template`` are dropped (their text is code, not
page text); ``nav``, ``header``, ``footer``, ``aside`` and ``form`` and
link-dense lines are kept but hinted as boilerplate.  ``<ol>`` items are
written with the number the browser would show (``start=``, ``type=``), so a
list with no typed numbers still parses into numbered clauses; an item that
already types its number is left alone.  Walking is iterative (``iterwalk``),
so a deeply nested page cannot exhaust the stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..errors import InputError
from ..text.patterns import compiled
from ..text.scripts import roman_numeral
from .base import Extracted, Hint, Input
from .decoding import decode, sample_text
from .lazy import LazyModule
from .xml import has_prolog, sniff_root

if TYPE_CHECKING:
    import lxml.html as lxml_html
    from lxml import etree

    from ..model import ParseWarning
else:  # imported when a reader first uses them: see readers/lazy.py
    lxml_html = LazyModule("lxml.html")
    etree = LazyModule("lxml.etree")

DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
BOILERPLATE = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
BLOCKS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section",
    "article", "main", "ul", "ol", "dl", "dt", "dd", "table", "figure", "figcaption", "pre",
    "address", "title", "header", "footer", "nav", "aside", "form", "td", "th", "body", "center",
})
_TYPED_NUMBER = compiled(
    r"^\s*(?:[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}\s*[-.):\u2013\u2014\u0640]|\([0-9\u0660-\u0669a-zA-Z]{1,4}\))"
)

_SPACES = compiled(r" {2,}")
_HTML = compiled(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)|<(?:p|div|br|li|ol)\b[^>]*>",
                      regex.I | regex.S)
_XML_DECLARATION = compiled(r"\A\ufeff?\s*<\?xml\s[^>]*\?>")


class HtmlReader:
    name = "html"
    description = "HTML"

    def sniff(self, source: Input) -> bool:
        if source.media_type in ("text/html", "application/xhtml+xml"):
            return True
        sample = source.text[:65536] if source.text is not None else sample_text(source.data)
        root = sniff_root(sample)
        if root is not None and root.local.lower() == "html":
            return True
        if root is not None and (has_prolog(sample) or root.namespace):
            return False  # XML of another kind (the text reader refuses it by name)
        # every match holds a "<": a text without one (most plain statements) is not searched,
        # which cost about 1 ms per 64 KB sample
        return "<" in sample and _HTML.search(sample) is not None

    def extract(self, source: Input) -> Extracted:
        warnings: tuple[ParseWarning, ...]
        if source.text is not None:
            text, encoding, warnings = source.text, None, ()
        else:
            decoded = decode(source.data, source.label, html=True, declared=source.charset)
            text, encoding, warnings = decoded.text, decoded.encoding, decoded.warnings
        extracted, hints, title = extract_html(text, source.label)
        return Extracted(extracted, "html", "extracted-text", encoding, hints, title, warnings=warnings)


def _list_label(kind: str, n: int) -> str:
    if kind == "a":
        return f"({chr(96 + n)}) " if 1 <= n <= 26 else f"{n}. "
    if kind == "A":
        return f"{chr(64 + n)}. " if 1 <= n <= 26 else f"{n}. "
    if kind == "i":
        return f"({roman_numeral(n)}) " if 1 <= n <= 39 else f"{n}. "
    if kind == "I":
        return f"{roman_numeral(n).upper()}. " if 1 <= n <= 39 else f"{n}. "
    return f"{n}. "


def _number(s: str | None, signed: bool = False) -> int | None:
    """An ``<ol start>`` / ``<li value>`` number, or None when it is not one
    (``²`` is a digit to ``isdigit`` but not to ``int``; huge numbers are refused)."""
    s = (s or "").strip()
    body = s[1:] if signed and s.startswith("-") else s
    if not body.isdecimal() or len(body) > 9:
        return None
    return int(s)


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.line: list[str] = []
        self.link_chars = 0
        self.hints: dict[int, Hint] = {}
        self.length = 0
        self.line_boiler = False
        self.pending: tuple[str, bool] | None = None

    def label(self, s: str, boiler: bool) -> None:
        """An ``<ol>`` number, written before the item's first text (which may
        sit in a nested block: ``<li><p>…</p><p>…</p></li>``)."""
        self.pending = (s, boiler)

    def text(self, s: str | None, in_link: bool, boiler: bool) -> None:
        if not s:
            return
        if s.isspace():
            s = " "
        else:  # collapse white space, keeping one space at either edge
            s = (" " if s[0].isspace() else "") + " ".join(s.split()) + (" " if s[-1].isspace() else "")
            if self.pending is not None:
                label, label_boiler = self.pending
                self.pending = None
                self.line.append(label)
                self.line_boiler = self.line_boiler or label_boiler
                s = s.lstrip()
        self.line.append(s)
        if in_link:
            self.link_chars += len(s.strip())
        self.line_boiler = self.line_boiler or boiler

    def newline(self) -> None:
        text = _SPACES.sub(" ", "".join(self.line)).strip()
        if text:
            if self.parts:
                self.parts.append("\n\n")
                self.length += 2
            offset = self.length
            letters = sum(ch.isalpha() for ch in text)
            if self.line_boiler:
                self.hints[offset] = "boilerplate"
            elif self.link_chars and self.link_chars >= 0.6 * len(text) and letters < 200:
                self.hints[offset] = "links"
            self.parts.append(text)
            self.length += len(text)
        self.line, self.link_chars, self.line_boiler = [], 0, False


def _text_prefix(el: etree._Element, size: int) -> str:
    """The first ``size`` characters of ``el``'s text.  Not ``text_content()``:
    on nested lists that copies every item's whole subtree (quadratic)."""
    parts: list[str] = []
    have = 0
    for piece in map(str, el.itertext()):  # str already: lxml-stubs still says str | bytes
        parts.append(piece)
        have += len(piece)
        if have >= size:
            break
    return "".join(parts)[:size]


def extract_html(html: str, label: str = "input") -> tuple[str, dict[int, Hint], str | None]:
    """``(extracted text, {line offset: furniture reason}, title)``.

    The title is the statement's headline: the first ``<h1>`` outside the
    page furniture, else ``og:title``, else ``<title>`` without the site's
    name, else an ``<h1>`` in the furniture; never the site name alone when
    the page names its headline."""
    try:
        # huge_tree: without it libxml2 stops at nesting depth 256 and silently
        # drops the rest of the page; input size is capped in sources.py.
        parser = lxml_html.HTMLParser(no_network=True, recover=True, huge_tree=True)
        # lxml refuses a str that still declares an encoding (XHTML's
        # <?xml … encoding="UTF-8"?>): the text is decoded already.
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{label}: cannot read the HTML page ({exc})") from None
    out = _Writer()
    title = None
    site_h1 = None
    boiler_depth = 0
    link_depth = 0
    lists: list[list] = []  # [type, next number]
    skip: etree._Element | None = None
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if skip is not None:
            if event == "end" and el is skip:
                skip = None
                out.text(el.tail, link_depth > 0, boiler_depth > 0)
            continue
        if event == "start":
            if not tag:  # a comment or processing instruction: only its tail is text
                continue
            if tag in DROP:
                skip = el
                continue
            if tag in BOILERPLATE:
                boiler_depth += 1
            if tag == "a":
                link_depth += 1
            if tag in BLOCKS or tag == "br":
                out.newline()
            if tag == "ol":
                start = el.get("start", "1")
                first = _number(start, signed=True)
                lists.append([el.get("type", "1"), 1 if first is None else first])
            elif tag == "ul":
                lists.append(["•", 0])
            elif tag == "li" and lists:
                kind, n = lists[-1]
                value = el.get("value")
                typed_value = _number(value)
                if typed_value is not None:
                    n = typed_value
                typed = _TYPED_NUMBER.match(_text_prefix(el, 16))
                if kind != "•" and not typed:
                    out.label(_list_label(kind, n), boiler_depth > 0)
                elif kind == "•" and not boiler_depth:
                    out.label("• ", False)
                lists[-1][1] = n + 1
            if tag == "h1":
                heading = " ".join(el.text_content().split())
                if heading and boiler_depth and site_h1 is None:
                    site_h1 = heading  # a site's logo or name in its header: a last resort
                elif heading and not boiler_depth and title is None:
                    title = heading
            out.text(el.text, link_depth > 0, boiler_depth > 0)
        else:
            if not tag:
                out.text(el.tail, link_depth > 0, boiler_depth > 0)
                continue
            if tag in BLOCKS or tag == "br":
                out.newline()
            if tag in BOILERPLATE:
                boiler_depth -= 1
            if tag == "a":
                link_depth -= 1
            if tag == "li":
                out.pending = None  # an empty item: its number is not written
            if tag in ("ol", "ul") and lists:
                lists.pop()
            out.text(el.tail, link_depth > 0, boiler_depth > 0)
    out.newline()
    return "".join(out.parts) + "\n", out.hints, title or _headline(root) or site_h1


def _meta_content(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for el in root.iter("meta"):
            if name in ((el.get("property") or "").strip().lower(), (el.get("name") or "").strip().lower()):
                content = " ".join((el.get("content") or "").split())
                if content:
                    return content
    return None


_TITLE_SEPARATOR = compiled(r"\s+(?:[|–—·•«»:]{1,2}|(-))\s+")


def _headline(root: etree._Element) -> str | None:
    """The page's headline when no ``<h1>`` outside the page furniture
    names it: ``og:title`` (or ``twitter:title``), else ``<title>`` without
    the site's name: the end part equal to ``og:site_name``, or else the
    shorter end part after ``|`` ``–`` ``—`` (``Headline | Site``,
    ``Site | Headline``), or a last part of at most four words after a
    hyphen that is at most half as long as the rest (``Russia - Iran talks``
    stays whole)."""
    site = _meta_content(root, "og:site_name", "application-name")
    headline = _meta_content(root, "og:title", "twitter:title")
    if headline is None:
        t = root.find(".//title")
        # lxml.html's parser makes every element an HtmlElement (an HtmlMixin):
        # the test narrows the type and is false only when there is no <title>
        headline = " ".join(t.text_content().split()) if isinstance(t, lxml_html.HtmlMixin) else None
    if not headline:
        return None
    cuts = list(_TITLE_SEPARATOR.finditer(headline))
    if not cuts:
        return headline
    head, tail = cuts[0], cuts[-1]
    first, last = headline[: head.start()], headline[tail.end():]
    if site is not None:
        key = site.casefold()
        return (headline[: tail.start()] if last.casefold() == key
                else headline[head.end():] if first.casefold() == key else headline)
    if tail.group(1):  # a hyphen: only a short trailing name goes
        short = len(last.split()) <= 4 and 2 * len(last) <= tail.start()
        return headline[: tail.start()] if short else headline
    if len(last) < tail.start():
        return headline[: tail.start()]
    if not head.group(1) and len(first) < len(headline) - head.end():
        return headline[head.end():]
    return headline
    first, last = headline[: cuts[0].start()], headline[cuts[-1].end():]
    if site is not None:
        key = site.casefold()
        if last.casefold() == key:
            return headline[: cuts[-1].start()]
        if first.casefold() == key:
            return headline[cuts[0].end():]
        return headline
    if len(last) <= len(first) and 2 * len(last) <= cuts[-1].start():
        return headline[: cuts[-1].start()]
    if len(first) < len(last) and 2 * len(first) <= len(headline) - cuts[0].end():
        return headline[cuts[0].end():]
    return headline
