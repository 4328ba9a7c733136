"""OpenDocument text (.odt) → the text as LibreOffice shows it.

The same package checks as :mod:`.docx` (zip limits, bounded inflation,
:func:`parse_xml` on every part).  ``content.xml`` is read in order:
``text:h`` (hinted ``"heading"``), ``text:p``, ``text:list`` items numbered
from their list style (``text:list-level-style-number``: ``style:num-format``
``1 a A i I``, Arabic ``أ, ب, ج`` / ``أ, ب, ت`` / ``١, ٢, ٣``, Russian
``а, б, в``; ``style:num-prefix`` / ``num-suffix``, ``text:start-value``,
``text:display-levels``; lower levels restarting under a new higher item;
``text:continue-numbering`` / ``text:continue-list``), tables row by row
(cells separated by a tab), notes after the body (hinted ``"footnote"``,
their citations as superscript numbers).  Tracked changes: OpenDocument
keeps the current text in the body and deleted text apart, so the body is
the accepted text; a ``tracked-changes`` warning says so.  ``meta.xml``
gives ``meta["title"]`` and ``meta["language"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import ParseWarning
from .base import Extracted, Hint
from .docx import format_number, open_package, read_part
from .lazy import LazyModule
from .xml import parse_xml

if TYPE_CHECKING:
    from lxml import etree
else:  # imported when a reader first uses them: see readers/lazy.py
    etree = LazyModule("lxml.etree")

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SKIP = frozenset({f"{TEXT}tracked-changes", f"{TEXT}sequence-decls", f"{OFFICE}forms", f"{OFFICE}annotation",
                   f"{TEXT}note-body", f"{TEXT}bookmark", f"{TEXT}bookmark-start", f"{TEXT}bookmark-end",
                   "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame", f"{TEXT}soft-page-break",
                   f"{TEXT}table-of-content", f"{TEXT}change", f"{TEXT}change-start", f"{TEXT}change-end"})


@dataclass(slots=True)
class _LevelStyle:
    fmt: str = "1"
    prefix: str = ""
    suffix: str = "."
    start: int = 1
    display: int = 1
    bullet: str | None = None


def _fmt_name(fmt: str) -> str:
    """A ``style:num-format`` as a Word ``w:numFmt`` for :func:`format_number`."""
    if fmt.startswith("أ, ب, ج"):
        return "arabicAbjad"
    if fmt.startswith("أ, ب, ت"):
        return "arabicAlpha"
    if fmt.startswith("١"):
        return "hindiNumbers"
    if fmt.startswith("а"):
        return "russianLower"
    if fmt.startswith("А"):
        return "russianUpper"
    return {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
            "": "none"}.get(fmt, "decimal")


def _list_styles(*roots: etree._Element | None) -> tuple[dict[str, dict[int, _LevelStyle]], dict[str, str]]:
    """List styles by name, and the list style each paragraph style links."""
    lists: dict[str, dict[int, _LevelStyle]] = {}
    para_lists: dict[str, str] = {}
    for root in roots:
        if root is None:
            continue
        for ls in root.iter(f"{TEXT}list-style"):
            levels: dict[int, _LevelStyle] = {}
            for lvl in ls:
                if not isinstance(lvl.tag, str):
                    continue
                n = int(lvl.get(f"{TEXT}level", "1") or 1) if (lvl.get(f"{TEXT}level") or "1").isdigit() else 1
                if lvl.tag == f"{TEXT}list-level-style-number":
                    start = lvl.get(f"{TEXT}start-value", "1")
                    display = lvl.get(f"{TEXT}display-levels", "1")
                    levels[n] = _LevelStyle(lvl.get(f"{STYLE}num-format", "1"), lvl.get(f"{STYLE}num-prefix", ""),
                                            lvl.get(f"{STYLE}num-suffix", ""),
                                            int(start) if start.isdigit() else 1,
                                            int(display) if display.isdigit() else 1)
                elif lvl.tag == f"{TEXT}list-level-style-bullet":
                    levels[n] = _LevelStyle(bullet=lvl.get(f"{TEXT}bullet-char", "•") or "•")
            lists[ls.get(f"{STYLE}name", "")] = levels
        for st in root.iter(f"{STYLE}style"):
            linked = st.get(f"{STYLE}list-style-name")
            if linked:
                para_lists[st.get(f"{STYLE}name", "")] = linked
    return lists, para_lists


class _Reader:
    def __init__(self, lists: dict[str, dict[int, _LevelStyle]], para_lists: dict[str, str]) -> None:
        self.lists = lists
        self.para_lists = para_lists
        self.out: list[tuple[str, Hint | None]] = []
        self.notes: list[str] = []
        self.counters: dict[str, dict[int, int]] = {}  # per list style (continued lists share them)
        self.by_id: dict[str, dict[int, int]] = {}

    def text(self, el: etree._Element) -> str:
        """The text of a paragraph's inline content (iteratively: spans may nest deep)."""
        parts: list[str] = [el.text or ""]
        stack: list[etree._Element | str] = []

        def push_children(node: etree._Element) -> None:
            for child in reversed(node):
                if child.tail:
                    stack.append(child.tail)
                stack.append(child)

        push_children(el)
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
                continue
            tag = node.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == f"{TEXT}note-citation":
                continue
            if tag == f"{TEXT}s":
                c = node.get(f"{TEXT}c", "1")
                parts.append(" " * min(int(c) if c.isdigit() else 1, 100))
            elif tag == f"{TEXT}tab":
                parts.append(" ")
            elif tag == f"{TEXT}line-break":
                parts.append("\n")
            elif tag == f"{TEXT}note":
                cite = node.find(f"{TEXT}note-citation")
                mark = ("".join(str(t) for t in cite.itertext()).strip() if cite is not None
                        else str(len(self.notes) + 1))
                sup = mark.translate(_SUPERSCRIPT)
                parts.append(sup)
                body = node.find(f"{TEXT}note-body")
                if body is not None:
                    self.notes.append(f"{sup} " + " ".join(self.text(p) for p in body if isinstance(p.tag, str)))
            else:
                parts.append(node.text or "")
                push_children(node)
        return "".join(parts)

    def walk(self, container: etree._Element) -> None:
        for el in container:
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{TEXT}h":
                self.out.append((self.text(el), "heading"))
            elif tag == f"{TEXT}p":
                self.out.append((self.text(el), None))
            elif tag == f"{TEXT}list":
                self.list(el, 1, None, None)
            elif tag == f"{TABLE}table":
                for row in el.iter(f"{TABLE}table-row"):
                    cells = [" ".join(self.text(p) for p in cell if isinstance(p.tag, str))
                             for cell in row if cell.tag == f"{TABLE}table-cell"]
                    self.out.append(("\t".join(cells), None))
            elif tag in (f"{TEXT}section", f"{OFFICE}text", f"{TEXT}index-body", f"{TEXT}numbered-paragraph"):
                self.walk(el)

    def list(self, el: etree._Element, level: int, style: str | None, counters: dict[int, int] | None) -> None:
        style = el.get(f"{TEXT}style-name") or style
        if counters is None:  # a top-level list: new counters unless it continues another
            key = style or ""
            cont = el.get(f"{TEXT}continue-list")
            if cont and cont in self.by_id:
                counters = self.by_id[cont]
            elif el.get(f"{TEXT}continue-numbering") == "true" and key in self.counters:
                counters = self.counters[key]
            else:
                counters = {}
            self.counters[key] = counters
            if el.get(_XML_ID):
                self.by_id[el.get(_XML_ID, "")] = counters
        for item in el:
            if item.tag not in (f"{TEXT}list-item", f"{TEXT}list-header"):
                continue
            first = next((c for c in item if c.tag in (f"{TEXT}p", f"{TEXT}h")), None)
            item_style = style
            if item_style is None and first is not None:
                item_style = self.para_lists.get(first.get(f"{TEXT}style-name", ""))
            label = self.label(item, level, item_style, counters) if item.tag == f"{TEXT}list-item" else ""
            labelled = False
            for child in item:
                if child.tag in (f"{TEXT}p", f"{TEXT}h"):
                    text = self.text(child)
                    if not labelled and label:
                        text = f"{label} {text.lstrip()}"
                    labelled = True
                    self.out.append((text, "heading" if child.tag == f"{TEXT}h" else None))
                elif child.tag == f"{TEXT}list":
                    self.list(child, level + 1, item_style, counters)
                elif child.tag == f"{TABLE}table":
                    self.walk(item)
                    break

    def label(self, item: etree._Element, level: int, style: str | None, counters: dict[int, int]) -> str:
        levels = self.lists.get(style or "", {})
        ls = levels.get(level, _LevelStyle())
        override = item.get(f"{TEXT}start-value")
        if override and override.isdigit():
            counters[level] = int(override)
        elif level in counters:
            counters[level] += 1
        else:
            counters[level] = ls.start
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if ls.bullet is not None:
            return ls.bullet
        if _fmt_name(ls.fmt) == "none":
            return ""
        shown = range(max(1, level - ls.display + 1), level + 1)
        numbers = ".".join(format_number(counters.get(k, levels.get(k, _LevelStyle()).start),
                                         _fmt_name(levels.get(k, _LevelStyle()).fmt)) for k in shown)
        return f"{ls.prefix}{numbers}{ls.suffix}"


def extract_odt(data: bytes, label: str = "input") -> Extracted:
    z = open_package(data, label, ".odt")
    with z:
        content = read_part(z, "content.xml", label, ".odt")
        if content is None:
            raise InputError(f"{label}: a ZIP archive without content.xml: not an OpenDocument text", name=label)
        root, _ = parse_xml(content, f"{label} (content.xml)")
        styles_data = read_part(z, "styles.xml", label, ".odt")
        styles = parse_xml(styles_data, f"{label} (styles.xml)")[0] if styles_data else None
        meta_data = read_part(z, "meta.xml", label, ".odt")
        meta_root = parse_xml(meta_data, f"{label} (meta.xml)")[0] if meta_data else None
    lists, para_lists = _list_styles(root, styles)
    reader = _Reader(lists, para_lists)
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(f"{label}: the OpenDocument file holds no text document (a spreadsheet or drawing?)",
                         name=label)
    reader.walk(body)
    parts: list[str] = []
    hints: dict[int, Hint] = {}
    length = 0
    title = None
    for text, hint in reader.out + [(n, "footnote") for n in reader.notes]:
        text = "\n".join("\t".join(" ".join(cell.split()) for cell in line.split("\t"))
                         for line in text.split("\n") if line.strip())
        if not text.replace("\t", ""):
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        if hint is not None:
            hints[length] = hint
            if hint == "heading" and title is None:
                title = text
        parts.append(text)
        length += len(text)
    meta: dict[str, str] = {}
    if meta_root is not None:
        for el in meta_root.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname in ("title", "language") and el.text:
                meta.setdefault(etree.QName(el).localname, " ".join(el.text.split()))
    warnings: tuple[ParseWarning, ...] = ()
    if body.find(f"{TEXT}tracked-changes") is not None:
        warnings = (ParseWarning("tracked-changes", f"{label}: the document holds tracked changes; they are read "
                                 "as accepted"),)
    return Extracted("".join(parts) + "\n", "odt", "extracted-text", None, hints, title, meta, warnings)


