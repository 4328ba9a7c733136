"""One statement as a TEI P5 document.

The encoding, read back by
:mod:`communique.readers.tei`:

* ``text/body/div[@type="statement"]`` holds the statement: ``head`` (the
  title, when it is the first line of the statement), ``opener/dateline``
  (a dated line right after it), ``div[@type="preamble"]`` (the other lines
  before the clauses: ``p`` for prose, ``ab[@type]`` for a heading, a
  lead-in, a caption or a title), one ``div[@type="clause"]`` per clause with
  ``@n`` = the clause path (the citation key declared in ``refsDecl``) and
  ``xml:id`` = ``c`` + the path, sub-clauses as nested clause ``div``s, and
  one ``closer`` per line after the clauses.
* In a clause ``div``: the first ``p`` is the clause's own text, opening
  with the marker as written in ``<num type="marker" subtype="STYLE"
  value="N">``; each further ``p`` is a continuation paragraph; ``ab``
  elements are non-clause lines inside the clause (captions, subheadings).
* Page furniture ("boilerplate" blocks: menus, footers, comment forms) is
  kept, never dropped, but out of the statement: leading and trailing runs
  go to ``div[@type="boilerplate"]`` before and after the statement ``div``;
  a line of furniture inside the statement is a ``note[@type="boilerplate"]``
  in place (``note`` is outside the text flow in TEI).  Keeping the order
  lets the import rebuild exactly the lines the parser saw.
* A line that opened with a marker-like token the parser did not take as a
  clause number keeps that token in its text.
"""

from __future__ import annotations

from lxml import etree

from ...model import Block, Clause, Document, Paragraph, Section
from ..xmlout import clean, path_id, slug, version
from .common import (
    TOOL_ID,
    XML_ID,
    E,
    app_info,
    creation,
    lang_usage,
    node_text,
    org_ids,
    partic_desc,
    publication_stmt,
    resp_stmt,
    set_lang,
    source_bibl,
)

CITE_MATCH = "/TEI/text/body/div[@type='statement']//div[@type='clause']"
CONVENTIONS = (
    "Clause markers are kept as written in num[@type='marker'] at the start of the clause's first p; "
    "further p elements of a clause are its continuation paragraphs; sub-clauses are nested clause divs. "
    "Page furniture is kept out of the statement: div[@type='boilerplate'] before and after it, "
    "note[@type='boilerplate'] in place."
)


# --------------------------------------------------------------------------- header


def document_tei(doc: Document) -> etree._Element:
    root = E.TEI(tei_header(doc), E.text(E.body(*body_parts(doc))))
    set_lang(root, doc.meta.language)
    return root


def tei_header(doc: Document) -> etree._Element:
    meta, info = doc.meta, doc.info
    orgs = org_ids(meta.parties)
    if meta.title:
        title = E.title(clean(meta.title), type="main")
    else:
        title = E.title(f"Statement{f' from {clean(info.name)}' if info.name else ''} (untitled)", type="desc")
    title_stmt = E.titleStmt(title, *(E.author(E.orgName(clean(p), ref=f"#{i}")) for p, i in orgs.items()),
                             resp_stmt("TEI encoding (automatic)"))
    idno = info.name or (f"round-{meta.round}" if meta.round else "statement")
    file_desc = E.fileDesc(title_stmt, publication_stmt(idno), E.sourceDesc(source_bibl(doc)))
    encoding = E.encodingDesc(
        app_info(),
        E.editorialDecl(E.p(CONVENTIONS)),
        E.refsDecl(E.citeStructure(unit="clause", match=CITE_MATCH, use="@n")),
    )
    profile = E.profileDesc(*(el for el in (creation(meta), lang_usage([meta.language]), partic_desc(orgs))
                              if el is not None))
    mode = ("body paragraphs taken as clauses (no numbered clauses found)" if doc.prose
            else "clauses numbered as in the source")
    what = f"Parsed from {info.name or 'an in-memory text'} ({info.format}) by communique {version()}; {mode}."
    change = E.change(clean(what), who=f"#{TOOL_ID}")
    header = E.teiHeader(file_desc, encoding)
    if len(profile):
        header.append(profile)
    header.append(E.revisionDesc(change))
    return header


# --------------------------------------------------------------------------- body


def _furniture(b: Block) -> bool:
    return b.kind == "boilerplate"


def body_parts(doc: Document, id_prefix: str = "") -> list[etree._Element]:
    """[leading boilerplate div], statement div, [trailing boilerplate div].
    ``id_prefix`` keeps the clause ids of two texts in one file apart."""
    pre, closing = list(doc.preamble), list(doc.closing)
    lead: list[Block] = []
    while pre and _furniture(pre[0]):
        lead.append(pre.pop(0))
    trail: list[Block] = []
    while closing and _furniture(closing[-1]):
        trail.insert(0, closing.pop())
    if not doc.clauses and not any(not _furniture(b) for b in pre + closing):
        # nothing but furniture before the (absent) clauses: keep the order
        lead, trail = lead + pre + closing + trail, []
        pre, closing = [], []
    statement = E.div(type="statement")
    set_lang(statement, doc.meta.language)
    if doc.meta.round is not None:
        statement.set("n", str(doc.meta.round))
    if doc.prose:
        statement.set("subtype", "prose")
    _preamble(doc, pre, statement)
    _clauses(doc, statement, id_prefix)
    for block in closing:
        statement.append(_note(doc, block) if _furniture(block) else E.closer(node_text(doc, block)))
    if not any(etree.QName(c).localname in ("div", "p", "ab") for c in statement):
        statement.append(E.p())
    parts = [statement]
    if lead:
        parts.insert(0, _boilerplate_div(doc, lead))
    if trail:
        parts.append(_boilerplate_div(doc, trail))
    return parts


def _clauses(doc: Document, statement: etree._Element, id_prefix: str = "") -> None:
    """Clause divs, inside a ``div[@type="section"]`` (its ``head``, then its
    intro lines) for the clauses a section holds."""
    sections = {s.id: s for s in doc.sections}
    current: tuple[str | None, etree._Element] = (None, statement)
    for clause in doc.clauses:
        if clause.section != current[0]:
            parent = statement
            section = sections.get(clause.section or "")
            if section is not None:
                parent = E.div(type="section", n=clean(section.id))
                if section.heading is not None:
                    parent.append(E.head(node_text(doc, section.heading)))
                parent.extend(_block_el(doc, b) for b in section.intro)
                statement.append(parent)
            current = (clause.section, parent)
        current[1].append(clause_div(doc, clause, id_prefix))
    for section in doc.sections:  # a heading with no clause of its own (a heading above a heading)
        if not any(c.section == section.id for c in doc.clauses) and section.heading is not None:
            _place_empty_section(doc, statement, section)


def _place_empty_section(doc: Document, statement: etree._Element, section: Section) -> None:
    """A section holding no clause goes right before the next section's div
    (in reading order, by where its heading stands)."""
    assert section.heading is not None
    el = E.div(E.head(node_text(doc, section.heading)), *(_block_el(doc, b) for b in section.intro),
               type="section", n=clean(section.id))
    later = [d for d in statement if etree.QName(d).localname == "div" and d.get("type") == "section"
             and _section_start(doc, d.get("n")) > section.heading.span[0]]
    if later:
        later[0].addprevious(el)
    else:
        statement.append(el)


def _section_start(doc: Document, section_id: str | None) -> int:
    s = doc.section(section_id)
    if s is None:
        return 1 << 62
    return s.heading.span[0] if s.heading is not None else min(
        (c.span[0] for c in doc.clauses if c.section == s.id), default=1 << 62)


def _boilerplate_div(doc: Document, blocks: list[Block]) -> etree._Element:
    return E.div(*(E.ab(node_text(doc, b)) for b in blocks), type="boilerplate")


def _note(doc: Document, block: Block) -> etree._Element:
    return E.note(node_text(doc, block), type="boilerplate")


def _preamble(doc: Document, blocks: list[Block], statement: etree._Element) -> None:
    rest = list(blocks)
    if rest and rest[0].kind == "title":
        statement.append(E.head(node_text(doc, rest.pop(0))))
        if rest and rest[0].kind == "dateline":
            statement.append(E.opener(E.dateline(node_text(doc, rest.pop(0)))))
    if not any(not _furniture(b) for b in rest):
        statement.extend(_note(doc, b) for b in rest)
        return
    div = E.div(type="preamble")
    for block in rest:
        div.append(_block_el(doc, block))
    statement.append(div)


def _block_el(doc: Document, block: Block) -> etree._Element:
    if _furniture(block):
        return _note(doc, block)
    if block.kind == "text":
        return E.p(node_text(doc, block))
    return E.ab(node_text(doc, block), type=block.kind)


def marker_num(clause: Clause) -> etree._Element | None:
    m = clause.marker
    if m is None:
        return None
    num = E.num(clean(m.raw), type="marker", subtype=slug(m.style))
    if m.value is not None:
        num.set("value", str(m.value))
    return num


def clause_div(doc: Document, clause: Clause, id_prefix: str = "") -> etree._Element:
    div = E.div(type="clause", n=clean(clause.path), **{XML_ID: f"{id_prefix}c{path_id(clause.path)}"})
    first = E.p()
    num = marker_num(clause)
    text = clean(clause.text)
    if num is not None:
        first.append(num)
        num.tail = f" {text}" if text else None
    else:
        first.text = node_text(doc, clause) if text else None
    div.append(first)
    inner: list[Paragraph | Block] = sorted((*clause.paragraphs, *clause.blocks), key=lambda n: n.span)
    for node in inner:
        div.append(E.p(node_text(doc, node)) if not isinstance(node, Block) else _block_el(doc, node))
    for child in clause.children:
        div.append(clause_div(doc, child, id_prefix))
    return div
