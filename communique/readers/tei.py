"""TEI input → extracted statement text.

XML is parsed by :mod:`communique.readers.xml` (no entities, no DTD, no
network).  The extracted text has one line per block, blank lines between
them; a clause ``div`` opens with its marker, so the structure step finds
the same clauses it would in the plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import ParseWarning
from ..text.patterns import compiled
from ..text.scripts import roman_numeral
from .base import Extracted, Hint, Input
from .decoding import sample_text
from .lazy import LazyModule
from .xml import parse_xml, parse_xml_text, sniff_root

if TYPE_CHECKING:
    from lxml import etree
else:  # imported when a reader first uses them: see readers/lazy.py
    etree = LazyModule("lxml.etree")

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WS_BREAK = compiled(r"\s*[\n\r]\s*")
# Elements read as one line each (their nested lists become lines of their own).
_LINES = frozenset({"p", "ab", "head", "dateline", "salute", "signed", "byline", "trailer", "item", "l",
                    "docTitle", "titlePart", "label"})
# Elements whose children are lines or containers.
_CONTAINERS = frozenset({"body", "div", "opener", "closer", "postscript", "argument", "epigraph", "lg",
                         "front", "back", "group", "text", "floatingText", "quote", "sp", "table", "row",
                         "cell", "figure", "list", "listBibl", "app", "rdgGrp"})
_NESTED_BLOCKS = frozenset({"list", "lg", "table", "floatingText"})
_SKIP = frozenset({"teiHeader", "fw", "figDesc", "graphic", "pb", "cb", "milestone", "gap", "interpGrp",
                   "witDetail", "certainty", "index", "anchor", "listTranspose", "link", "linkGrp"})
_MAX_DEPTH = 300  # beyond lxml's own nesting limit (256): a guard, not a rule
_ROMAN = compiled(r"^(?i:x{0,3}(?:ix|iv|v?i{0,3}))$")
_DIGITS = compiled(r"^[0-9\u0660-\u0669\u06f0-\u06f9]+$")
_DOTTED = compiled(r"^[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.\u066b][0-9\u0660-\u0669\u06f0-\u06f9]+)+$")
_DELIMITED = compiled(r"^\(.+\)$|^.+[-.):\u2013\u2014\u0640]$")


class TeiReader:
    name = "tei"
    description = "TEI XML"

    def sniff(self, source: Input) -> bool:
        root = sniff_root(source.text[:4096] if source.text is not None else sample_text(source.data, 4096))
        return root is not None and root.local in ("TEI", "teiCorpus")

    def extract(self, source: Input) -> Extracted:
        if source.text is not None:
            root, warnings = parse_xml_text(source.text, source.label)
            encoding = None
        else:
            root, warnings = parse_xml(source.data, source.label)
            encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
        if etree.QName(root).localname == "teiCorpus":
            root, more = _first_tei(root, source.label)
            warnings += more
        text, hints, title = extract_tei(root, source.label)
        return Extracted(text, "tei", "extracted-text", encoding, hints, title, warnings=warnings)


def _first_tei(corpus: etree._Element, label: str) -> tuple[etree._Element, tuple[ParseWarning, ...]]:
    members = [el for el in corpus if isinstance(el.tag, str) and etree.QName(el).localname == "TEI"]
    if not members:
        raise InputError(f"{label}: teiCorpus holds no TEI document", name=label)
    if len(members) == 1:
        return members[0], ()
    return members[0], (ParseWarning(
        "corpus-rest-ignored",
        f"{label}: the teiCorpus holds {len(members)} TEI documents; the first is read "
        "(give each document its own file to read the others)"),)


def extract_tei(root: etree._Element, label: str = "input") -> tuple[str, dict[int, Hint], str | None]:
    """``(statement text, {line offset: furniture reason}, title)`` from a TEI document.

    One line per block (``p``, ``ab``, ``head``, ``item``, ``closer`` …),
    blank lines between them.  A clause ``div`` opens with its marker: the
    leading ``num`` of its first ``p`` (as :mod:`communique.renderers.to_tei`
    writes it), else one made from ``@n`` (``3`` → ``3.``, ``a`` → ``(a)``,
    ``2.1`` as is), else from its position; a numbered ``p``/``item`` the same
    way.  Lines inside ``div[@type="boilerplate"]`` or a
    ``note[@type="boilerplate"]`` are hinted as page furniture; other notes
    are left out.  When the body holds several statement ``div``s (one per
    language), the one in the document's language is read.
    """
    if etree.QName(root).localname != "TEI":
        raise InputError(f"{label}: XML input whose root is <{etree.QName(root).localname}>, not a TEI document",
                         name=label)
    # local names throughout, so that TEI written without its namespace reads too
    bodies = _elements(root, "//*[local-name()='text']/*[local-name()='body']") or \
        _elements(root, "//*[local-name()='body']")
    if not bodies:
        raise InputError(f"{label}: TEI document without text/body", name=label)
    body = bodies[0]
    reader = _Reader(_other_statements(root, body))
    reader.walk(body, False, 0)
    parts: list[str] = []
    hints: dict[int, Hint] = {}
    offset = 0
    for line, boiler in reader.lines:
        if parts:
            parts.append("\n\n")
            offset += 2
        if boiler:
            hints[offset] = "boilerplate"
        parts.append(line)
        offset += len(line)
    return "".join(parts) + "\n", hints, _title(root)


def _name(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _norm(text: str) -> str:
    """Layout white space (a run holding a line break) becomes one space; other
    spacing is kept as written, so exported text comes back unchanged."""
    return _WS_BREAK.sub(" ", text).strip()


def _elements(root: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath selects (its other results, text or numbers, left out)."""
    found = root.xpath(path)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _title(root: etree._Element) -> str | None:
    titles = _elements(root, "*[local-name()='teiHeader']/*[local-name()='fileDesc']/*[local-name()='titleStmt']"
                             "/*[local-name()='title']")
    ranked = sorted((t for t in titles if t.get("type") != "desc"), key=lambda t: t.get("type") != "main")
    for t in ranked:
        value = _norm("".join(str(s) for s in t.itertext()))
        if value:
            return value
    return None


def _other_statements(root: etree._Element, body: etree._Element) -> set[etree._Element]:
    """Statement divs not to read: all but one when there are several."""
    statements = [d for d in body.iter() if _name(d) == "div" and d.get("type") == "statement"]
    if len(statements) < 2:
        return set()
    lang = root.get(_XML_LANG) or ""

    def own_lang(el: etree._Element) -> str:
        at: etree._Element | None = el
        while at is not None:
            found = at.get(_XML_LANG)
            if found:
                return str(found)
            at = at.getparent()
        return ""

    keep = next((d for d in statements if lang and own_lang(d) == lang), statements[0])
    return {d for d in statements if d is not keep}



def _marker(n: str | None, depth: int, index: int, parent: str | None) -> str | None:
    """A marker for a clause, ``p`` or ``item`` from its ``@n`` (or, with no
    ``@n``, its position ``index`` at nesting ``depth``)."""
    if n is None:
        if depth == 0:
            return f"{index}."
        return f"({chr(96 + index)})" if depth == 1 and index <= 26 else f"({roman_numeral(index)})"
    n = n.strip()
    if not n or n.startswith("\u00b6"):  # ¶3: a prose paragraph, no marker
        return None
    if n.startswith("\u2022"):
        return "\u2022"
    if _DIGITS.match(n):
        if depth and parent and _DIGITS.match(parent):  # nested numbers read as 6.1
            return f"{parent}.{n}"
        return f"{n}."
    if _DOTTED.match(n):
        return n
    if len(n) == 1 and n.isalpha():
        return f"({n})" if n.isascii() else f"{n}-"
    if _ROMAN.match(n):
        return f"({n})"
    return n if _DELIMITED.match(n) else f"{n}."


class _Reader:
    def __init__(self, skip: set[etree._Element]) -> None:
        self.skip = skip
        self.lines: list[tuple[str, bool]] = []

    def line(self, text: str, boiler: bool) -> None:
        if text:
            self.lines.append((text, boiler))

    # ----------------------------------------------------------------- inline text

    def inline(self, el: etree._Element, depth: int = 0) -> str:
        name = _name(el)
        if not name or name in _SKIP or name == "note" or depth > _MAX_DEPTH:
            return ""
        if name in ("lb", "cb"):
            return " "
        if name in ("app", "rdgGrp"):
            reading = self._reading(el)
            return self.inline(reading, depth + 1) if reading is not None else ""
        if name == "choice":
            pick = next((c for c in el if _name(c) in ("reg", "corr", "expan")), None)
            pick = pick if pick is not None else next((c for c in el if _name(c)), None)
            return self.inline(pick, depth + 1) if pick is not None else ""
        out = [el.text or ""]
        for child in el:
            out.append(self.inline(child, depth + 1))
            out.append(child.tail or "")
        return "".join(out)

    @staticmethod
    def _reading(app: etree._Element) -> etree._Element | None:
        """The lemma, else the first reading (a collation reads as its first witness)."""
        for name in ("lem", "rdg", "rdgGrp"):
            found = next((c for c in app if _name(c) == name), None)
            if found is not None:
                return found
        return None

    # ----------------------------------------------------------------- blocks

    def _is_block(self, el: etree._Element, in_line: bool) -> bool:
        name = _name(el)
        if in_line:
            return name in _NESTED_BLOCKS or (name == "note" and el.get("type") == "boilerplate")
        return name in _LINES or name in _CONTAINERS or name.startswith("div") or name == "note" \
            or name in ("rdg", "lem")

    def walk(self, el: etree._Element, boiler: bool, depth: int, prefix: str | None = None,
             skip_first: etree._Element | None = None, parent: str | None = None) -> None:
        """Lines of ``el``: its loose text, then each block child in order."""
        in_line = _name(el) in _LINES
        if depth > _MAX_DEPTH:
            self.line(_norm(" ".join(str(s) for s in el.itertext())), boiler)
            return
        pending = [el.text or ""]
        state = {"prefix": prefix}

        def flush(force: bool = False) -> None:
            text = _norm("".join(pending))
            pending.clear()
            marker = state["prefix"]
            if marker is not None and (text or force):
                state["prefix"] = None
                # a marker made from @n is not repeated when the text already opens with it
                typed = skip_first is None and text.startswith(marker)
                text = text if typed else f"{marker} {text}".rstrip()
            self.line(text, boiler)

        counters: dict[str, int] = {}
        label: list[str] = []
        ordered = self._ordered(el)
        for child in el:
            if child is skip_first:
                pending.append(child.tail or "")
                continue
            if child in self.skip or not _name(child) or _name(child) in _SKIP:
                pending.append(child.tail or "")
                continue
            if self._is_block(child, in_line):
                flush(force=True)
                self.block(child, boiler, depth, counters, label, ordered, parent)
            else:
                pending.append(self.inline(child))
            pending.append(child.tail or "")
        flush(force=True)

    @staticmethod
    def _ordered(el: etree._Element) -> str | None:
        if _name(el) != "list":
            return None
        kind = f"{el.get('type', '')} {el.get('rend', '')}".lower()
        if any(k in kind for k in ("ordered", "numbered", "decimal")) and "unordered" not in kind:
            return "ordered"
        if any(k in kind for k in ("bullet", "unordered", "simple")):
            return "bulleted"
        return None

    def block(self, el: etree._Element, boiler: bool, depth: int, counters: dict[str, int],
              label: list[str], ordered: str | None, parent: str | None) -> None:
        name = _name(el)
        if name == "note":
            if el.get("type") == "boilerplate":
                self.walk(el, True, depth + 1)
            return
        parent_el = el.getparent()
        if name == "label" and parent_el is not None and _name(parent_el) == "list":
            label.append(_norm(self.inline(el)))
            return
        if name.startswith("div") and el.get("type") == "clause":
            counters["clause"] = counters.get("clause", 0) + 1
            self.clause(el, boiler, depth, counters["clause"], parent)
            return
        if name.startswith("div"):
            self.walk(el, boiler or el.get("type") == "boilerplate", depth + 1, parent=parent)
            return
        if name == "app":
            reading = self._reading(el)
            if reading is not None:
                self.walk(reading, boiler, depth + 1, parent=parent)
            return
        marker = None
        if name == "item":
            counters["item"] = counters.get("item", 0) + 1
            if label:
                marker = label.pop() or None
            elif el.get("n") is not None or ordered == "ordered":
                marker = _marker(el.get("n"), self._list_depth(el), counters["item"], None)
            elif ordered == "bulleted":
                marker = "\u2022"
        elif name in ("p", "ab") and el.get("n") is not None:
            marker = _marker(el.get("n"), 0, 0, None)
        self.walk(el, boiler, depth + 1, prefix=marker, parent=parent)

    @staticmethod
    def _list_depth(item: etree._Element) -> int:
        return sum(1 for a in item.iterancestors() if _name(a) == "list") - 1

    def clause(self, div: etree._Element, boiler: bool, depth: int, index: int, parent: str | None) -> None:
        level = sum(1 for a in div.iterancestors() if _name(a) == "div" and a.get("type") == "clause")
        first = None
        for child in div:
            name = _name(child)
            if name in ("p", "ab", "head", "item", "l"):
                first = child
                break
            if name.startswith("div") or name == "list":
                break
        lead = None
        if first is not None and not (first.text or "").strip():
            lead = next((c for c in first if _name(c) in ("num", "label")), None)
            if lead is not None and lead is not next((c for c in first if _name(c)), None):
                lead = None
        marker = _norm(self.inline(lead)) if lead is not None else _marker(div.get("n"), level, index, parent)
        own = (div.get("n") or "").strip()
        value = own if _DIGITS.match(own) else (marker or "").rstrip(".-)").lstrip("(") or None
        if first is None:
            self.line(marker or "", boiler)
        counters: dict[str, int] = {}
        for child in div:
            if child is first:
                self.walk(child, boiler, depth + 1, prefix=marker, skip_first=lead, parent=value)
            elif child in self.skip or not _name(child) or _name(child) in _SKIP:
                continue
            else:
                self.block(child, boiler, depth + 1, counters, [], None, value)
