"""Shared pieces of the TEI exports (``to_tei``, ``_tei_collation``).

Everything is built as lxml elements; nothing here writes XML by hand.
Text is cleaned of the characters XML 1.0 cannot hold (C0 controls other
than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), which become U+FFFD.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable

import regex
from lxml import etree
from lxml.builder import ElementMaker

from ..model import Block, Clause, Document, Meta, Paragraph

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
E = ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})
TOOL_ID = "communique"

LANGUAGES = {"ar": "Arabic", "en": "English", "ru": "Russian", "fa": "Persian", "fr": "French",
             "tr": "Turkish", "zh": "Chinese", "es": "Spanish"}
_BAD_XML = regex.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = regex.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$")
_LANG_TAG = regex.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
# Elements whose content is mixed: never re-indented.
_INLINE = frozenset({
    "p", "ab", "head", "closer", "dateline", "num", "title", "resp", "name", "orgName", "placeName",
    "date", "idno", "language", "change", "catDesc", "label", "measure", "authority", "note", "item",
    "term", "desc",
})


def clean(text: str | None) -> str:
    """``text`` with characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _BAD_XML.sub("\ufffd", text or "")


def version() -> str:
    from .. import __version__

    return __version__


def iso_when(date: str | None) -> str | None:
    """An ISO date for ``@when`` (Latin digits only), or None when ``date``
    is not one: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``--MM-DD``."""
    if not date:
        return None
    m = _ISO.match(date.strip().translate(_LATIN_DIGITS))
    if not m:
        return None
    year, month, day, md_month, md_day = m.groups()
    if md_month:
        month, day, year_for_check = md_month, md_day, 2000  # a leap year: --02-29 is valid
    else:
        year_for_check = int(year)
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= calendar.monthrange(year_for_check or 2000, int(month))[1]:
        return None
    if year is not None and int(year) == 0:
        return None
    return m.group(0)


def lang_tag(language: str | None) -> str | None:
    """A BCP 47 tag usable in ``xml:lang`` (``ar_SY`` → ``ar-SY``), or None."""
    if not language:
        return None
    tag = language.replace("_", "-")
    return tag if _LANG_TAG.match(tag) else None


def path_id(path: str) -> str:
    """An NCName piece for a clause path: ``6.1`` → ``6.1``, ``¶3`` → ``p3``,
    ``•2`` → ``b2``, ``4~2`` → ``4_2``; injective on parser paths."""
    out = path.replace("¶", "p").replace("•", "b").replace("~", "_")
    return regex.sub(r"[^\w.\-]", lambda m: f"u{ord(m.group()):x}", out)


def slug(text: str) -> str:
    s = regex.sub(r"[^\p{L}\p{N}]+", "-", text.strip().lower()).strip("-")
    return s or "x"


def line_prefix(doc: Document, node: Block | Paragraph | Clause) -> str:
    """What the source line holds before the node's text (a marker-like
    token the parser did not take as a clause number), or ''."""
    start, text_start = node.span[0], node.text_span[0]
    if not 0 <= start <= text_start <= len(doc.source):
        return ""
    prefix = doc.source[start:text_start].strip()
    return prefix if "\n" not in prefix and len(prefix) <= 40 else ""


def node_text(doc: Document, node: Block | Paragraph) -> str:
    """The node's line as written: its unused marker (if any) and its text."""
    prefix = line_prefix(doc, node)
    return clean(f"{prefix} {node.text}" if prefix else node.text)


def set_lang(el: etree._Element, language: str | None) -> None:
    tag = lang_tag(language)
    if tag:
        el.set(XML_LANG, tag)


def date_el(date: str | None) -> etree._Element | None:
    """``<date when="…">`` for a known date, ``<date>…</date>`` for one that is not ISO."""
    if not date:
        return None
    when = iso_when(date)
    return E.date(when=when) if when else E.date(clean(date))


def org_ids(parties: Iterable[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for party in parties:
        base = f"org-{slug(party)}"
        ident, k = base, 1
        while ident in ids.values():
            k += 1
            ident = f"{base}-{k}"
        ids[party] = ident
    return ids


def resp_stmt(what: str) -> etree._Element:
    return E.respStmt(E.resp(what), E.name(f"communique {version()}", ref=f"#{TOOL_ID}", type="software"))


def app_info() -> etree._Element:
    return E.appInfo(E.application(E.label("communique"), ident="communique", version=version(),
                                   **{XML_ID: TOOL_ID}))


def publication_stmt(idno: str) -> etree._Element:
    return E.publicationStmt(
        E.authority(f"communique {version()} (automatic export, not published)"),
        E.idno(clean(idno), type="local"),
    )


def source_bibl(doc: Document, *, title: bool = True) -> etree._Element:
    """``bibl`` describing where the text came from (file, encoding, bytes, SHA-256)."""
    info, meta = doc.info, doc.meta
    bibl = E.bibl()
    if title and meta.title:
        bibl.append(E.title(clean(meta.title)))
    if meta.place:
        bibl.append(E.pubPlace(clean(meta.place)))
    date = date_el(meta.date)
    if date is not None:
        bibl.append(date)
    if info.name:
        bibl.append(E.idno(clean(info.name), type="file"))
    if info.sha256:
        bibl.append(E.idno(info.sha256, type="sha256"))
    if info.bytes:
        bibl.append(E.extent(E.measure(f"{info.bytes} bytes", unit="byte", quantity=str(info.bytes))))
    bibl.append(E.note(f"{info.format} input" + (f", decoded as {info.encoding}" if info.encoding else ""),
                       type="source-format"))
    return bibl


def lang_usage(languages: Iterable[str | None]) -> etree._Element | None:
    tags = list(dict.fromkeys(t for t in map(lang_tag, languages) if t))
    if not tags:
        return None
    return E.langUsage(*(E.language(LANGUAGES.get(t.split("-")[0].lower(), t), ident=t) for t in tags))


def partic_desc(parties: dict[str, str]) -> etree._Element | None:
    if not parties:
        return None
    return E.particDesc(E.listOrg(*(E.org(E.orgName(clean(p)), **{XML_ID: i}) for p, i in parties.items())))


def creation(meta: Meta) -> etree._Element | None:
    date = date_el(meta.date)
    if date is None and not meta.place:
        return None
    el = E.creation()
    if date is not None:
        el.append(date)
    if meta.place:
        place = E.placeName(clean(meta.place))
        if date is not None:
            date.tail = " "
        el.append(place)
    return el


def indent(el: etree._Element, level: int = 0) -> None:
    """Pretty-print element-only content, leaving mixed content untouched
    (a space added inside a ``p`` or an inline ``rdg`` would change the text)."""
    children = list(el)
    if not children or etree.QName(el).localname in _INLINE:
        return
    if (el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in children):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in children:
        indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


def serialize(root: etree._Element) -> str:
    indent(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True).decode("utf-8") + "\n"
