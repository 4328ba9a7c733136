"""Akoma Ntoso 3.0: one statement as ``<akomaNtoso><statement>``.

* ``meta/identification``: FRBR Work / Expression / Manifestation.  URIs
  follow the AKN naming convention, ``/akn/{country}/statement/{date}/{number}``:
  the country from the meeting place (``zz`` when unknown), the statement's
  date (always a full date: ``YYYY-MM`` is padded to the first of the month
  and named ``approximate``; with no usable date, the placeholder
  ``1900-01-01`` named ``undated``, and a comment says so), the round number (else a short hash of the input).  The
  parties are ``TLCOrganization``s in ``references`` and the work's authors.
* ``preface``: the title (``docTitle``) and a dateline (``docDate``);
  ``preamble``: the other lines before the clauses; ``mainBody``: one
  ``paragraph`` per clause (``num`` as written, ``content/p`` for its text
  and continuation paragraphs); sub-clauses are ``subparagraph``s (then
  ``point``s) after an ``intro``; ``conclusions``: the lines after the clauses.
* Page furniture (boilerplate blocks) is left out: AKN has no place for it.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree
from lxml.builder import ElementMaker

from ..digest import sha256_hex
from ..model import Block, Clause, Document
from .base import FormatRenderer
from .xmlout import clean, iso_when, path_id, serialize, slug, version

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
LANG3 = {"ar": "ara", "en": "eng", "ru": "rus", "fa": "fas", "fr": "fra", "tr": "tur", "zh": "zho", "es": "spa"}
# the venue (as named at the time: Nur-Sultan is Astana 2019-2022) → ISO 3166 country code
COUNTRY = {"Astana": "kz", "Nur-Sultan": "kz", "Sochi": "ru", "Moscow": "ru", "Kazan": "ru", "Geneva": "ch",
           "Tehran": "ir", "Ankara": "tr", "Istanbul": "tr", "Damascus": "sy", "New York": "us", "Washington": "us",
           "Vienna": "at", "Cairo": "eg", "Sharm El-Sheikh": "eg", "Doha": "qa", "Riyadh": "sa", "Jeddah": "sa",
           "Al-Ula": "sa", "Dhahran": "sa", "Mecca": "sa", "Manama": "bh", "Kuwait": "kw", "Abu Dhabi": "ae",
           "Dubai": "ae", "Muscat": "om", "Amman": "jo", "Beirut": "lb", "Baghdad": "iq", "Algiers": "dz",
           "Tunis": "tn", "Rabat": "ma", "Nouakchott": "mr", "Tripoli": "ly", "Khartoum": "sd", "Port Sudan": "sd",
           "Brussels": "be", "Paris": "fr", "London": "gb", "Berlin": "de", "Rome": "it", "Apulia": "it",
           "Tokyo": "jp", "Hiroshima": "jp", "Beijing": "cn", "Abidjan": "ci", "Addis Ababa": "et"}
LEVELS = ("paragraph", "subparagraph", "point")
ABBREV = {"paragraph": "para", "subparagraph": "subpara", "point": "point"}


# Elements whose content is mixed text: never re-indented.
INLINE = frozenset({"p", "num", "docTitle", "docDate", "heading"})
# AKN requires a full date on every FRBR level; an undated statement gets
# this one, named "undated" (never today's date: output must not change
# from one day to the next).
UNDATED = "1900-01-01"


def render_document(doc: Document) -> str:
    root = A.akomaNtoso(statement(doc))
    if _work_date(doc)[1] == "undated":
        root.insert(0, etree.Comment(f" communique: the statement names no date; {UNDATED} is a placeholder "))
    return serialize(root, INLINE)


def _work_date(doc: Document) -> tuple[str, str]:
    when = iso_when(doc.meta.date) or ""
    if when.startswith("--"):  # a day with no year is no FRBR date
        when = ""
    if len(when) == 10:
        return when, "adoption"
    if len(when) in (4, 7):
        return (when + "-01-01")[:10] if len(when) == 4 else when + "-01", "approximate"
    return UNDATED, "undated"


def _frbr(doc: Document, orgs: dict[str, str]) -> etree._Element:
    meta = doc.meta
    country = COUNTRY.get(meta.place or "", "zz")
    day, kind = _work_date(doc)
    number = str(meta.round) if meta.round is not None else (
        (doc.info.sha256 or sha256_hex(doc.source.encode("utf-8", "replace")))[:8])
    lang = LANG3.get((meta.language or "").split("-")[0], "und")
    work = f"/akn/{country}/statement/{day}/{number}"
    expression = f"{work}/{lang}@{day}"
    authors = [A.FRBRauthor(href=f"#{eid}", **{"as": "#author"}) for eid in orgs.values()] or \
        [A.FRBRauthor(href="#communique")]
    return A.identification(
        A.FRBRWork(
            A.FRBRthis(value=f"{work}/!main"), A.FRBRuri(value=work),
            *([A.FRBRalias(value=clean(meta.title), name="title")] if meta.title else []),
            A.FRBRdate(date=day, name=kind), *authors,
            A.FRBRcountry(value=country), A.FRBRnumber(value=number),
        ),
        A.FRBRExpression(
            A.FRBRthis(value=f"{expression}/!main"), A.FRBRuri(value=expression),
            A.FRBRdate(date=day, name=kind), *map(deepcopy, authors),
            A.FRBRlanguage(language=lang),
        ),
        A.FRBRManifestation(
            A.FRBRthis(value=f"{expression}/!main.xml"), A.FRBRuri(value=f"{expression}.akn"),
            A.FRBRdate(date=day, name=kind), A.FRBRauthor(href="#communique"),
        ),
        source="#communique",
    )


def statement(doc: Document) -> etree._Element:
    orgs = {party: f"org-{slug(party)}" for party in doc.meta.parties}
    refs = A.references(
        A.TLCOrganization(eId="communique", href="/ontology/organization/communique",
                          showAs=f"communique {version()}"),
        *(A.TLCOrganization(eId=eid, href=f"/ontology/organization/{eid[4:]}", showAs=clean(party))
          for party, eid in orgs.items()),
        source="#communique",
    )
    el = A.statement(A.meta(_frbr(doc, orgs), refs), name="statement")
    pre = [b for b in doc.preamble if b.kind != "boilerplate"]
    preface = A.preface()
    if pre and pre[0].kind == "title":
        preface.append(A.p(A.docTitle(clean(pre.pop(0).text)), **{"class": "title"}))
    elif doc.meta.title:
        preface.append(A.p(A.docTitle(clean(doc.meta.title)), **{"class": "title"}))
    if pre and pre[0].kind == "dateline":
        line = clean(pre.pop(0).text)
        day = iso_when(doc.meta.date) or ""
        preface.append(A.p(A.docDate(line, date=day) if len(day) == 10 else line, **{"class": "dateline"}))
    if len(preface):
        el.append(preface)
    if pre:
        el.append(A.preamble(*(_p(b) for b in pre)))
    body = A.mainBody(*(_clause(c, 0, "") for c in doc.clauses))
    if not len(body):
        body.append(A.p())
    el.append(body)
    closing = [b for b in doc.closing if b.kind != "boilerplate"]
    if closing:
        el.append(A.conclusions(*(_p(b) for b in closing)))
    return el


def _p(block: Block) -> etree._Element:
    p = A.p(clean(block.text))
    if block.kind != "text":
        p.set("class", {"lead-in": "leadIn"}.get(block.kind, block.kind))
    return p


def _clause(clause: Clause, depth: int, parent: str) -> etree._Element:
    tag = LEVELS[min(depth, len(LEVELS) - 1)]
    own = path_id(clause.path.rsplit(".", 1)[-1] if depth else clause.path).replace(".", "-")
    eid = f"{parent}__{ABBREV[tag]}_{own}" if parent else f"{ABBREV[tag]}_{own}"
    el = getattr(A, tag)(eId=eid)
    if clause.marker is not None:
        el.append(A.num(clean(clause.marker.raw)))
    paras = [A.p(clean(clause.text))]
    paras += [A.p(clean(p.text)) for p in clause.paragraphs]
    paras += [_p(b) for b in clause.blocks if b.kind != "boilerplate"]
    if clause.children:
        el.append(A.intro(*paras))
        el.extend(_clause(child, depth + 1, eid) for child in clause.children)
    else:
        el.append(A.content(*paras))
    return el


RENDERER = FormatRenderer("akn", "Akoma Ntoso 3.0 XML (a statement)", document=render_document)
