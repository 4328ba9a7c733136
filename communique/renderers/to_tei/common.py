"""Shared pieces of the TEI exports: the header's parts, language and date
elements, node text as written.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree
from lxml.builder import ElementMaker

from ...model import Block, Clause, Document, Meta, Paragraph
from ..xmlout import clean, iso_when, lang_tag, slug, version
from ..xmlout import serialize as xml_serialize

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
E = ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})
TOOL_ID = "communique"

LANGUAGES = {"ar": "Arabic", "en": "English", "ru": "Russian", "fa": "Persian", "fr": "French",
             "tr": "Turkish", "zh": "Chinese", "es": "Spanish"}


def line_prefix(doc: Document, node: Block | Paragraph | Clause) -> str:
    """What the source line holds before the node's text (a marker-like
    token the parser did not take as a clause number), or ''."""
    start, text_start = node.span[0], node.text_span[0]
    if not 0 <= start <= text_start <= len(doc.source):
        return ""
    prefix = doc.source[start:text_start].strip()
    return prefix if "\n" not in prefix and len(prefix) <= 40 else ""


def node_text(doc: Document, node: Block | Paragraph | Clause) -> str:
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


INLINE = frozenset({
    "p", "ab", "head", "closer", "dateline", "num", "title", "resp", "name", "orgName", "placeName",
    "date", "idno", "language", "change", "catDesc", "label", "measure", "authority", "note", "item",
    "term", "desc",
})



def serialize(root: etree._Element) -> str:
    return xml_serialize(root, INLINE)
