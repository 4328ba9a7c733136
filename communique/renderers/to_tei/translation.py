"""A cross-language diff as TEI: the original and its translation as two
texts of one ``group``, and the alignment stand-off.

This is how TEI projects encode parallel texts (Guidelines 16.4,
"Correspondence and Alignment": ``link`` elements in a ``linkGrp`` whose
targets are the aligned elements): each clause keeps the ``div`` of the
single-statement export (``document.py``), with ids prefixed ``o-`` in the
original and ``t-`` in the translation; ``standOff`` holds
``linkGrp[@type="translation"]``, one ``link`` per aligned op (``@type`` the
op, ``@ana`` its category in ``classDecl``, ``@cert`` the aligner's
confidence as a probability, every clause of a merge or split among its
targets), ``note[@type="omitted"]``/``note[@type="added"]`` pointing at the
clauses with no counterpart, and one ``note[@type="fact-mismatch"]`` per
fact the translation renders differently.
"""

from __future__ import annotations

from lxml import etree

from ...model import Diff
from ..xmlout import clean, path_id, version
from .common import TOOL_ID, XML_ID, E, app_info, lang_usage, publication_stmt, resp_stmt, set_lang, source_bibl
from .document import body_parts

OP_DESCRIPTIONS = {
    "translated": "the clause is translated in place",
    "moved": "the clause is translated at another place",
    "merged": "several clauses of the original are translated as one",
    "split": "one clause of the original is translated as several",
    "omitted": "the clause of the original is not in the translation",
    "added": "the clause of the translation has no counterpart in the original",
}
CONVENTIONS = (
    "The original and the translation are the two texts of the group (xml:id o and t); clause ids are "
    "prefixed o- and t-. standOff/linkGrp[@type='translation'] aligns them: one link per aligned operation "
    "(@type and @ana the operation, @cert the aligner's confidence), notes for omitted and added clauses and "
    "for facts (numbers, dates, symbols, names) the translation renders differently. There is no word-level "
    "comparison across languages."
)


def _ref(side: str, path: str) -> str:
    return f"#{side}-c{path_id(path)}"


def translation_tei(diff: Diff) -> etree._Element:
    o, t = diff.old, diff.new
    title = f"Translation alignment: {clean(o.meta.title or o.info.name or 'original')}"
    title_stmt = E.titleStmt(E.title(title, type="main"), resp_stmt("translation alignment (automatic)"))
    sources = E.listBibl(source_bibl(o), source_bibl(t))
    sources[0].set("type", "original")
    sources[1].set("type", "translation")
    file_desc = E.fileDesc(title_stmt, publication_stmt("translation-alignment"), E.sourceDesc(sources))
    taxonomy = E.taxonomy(*(E.category(E.catDesc(f"{op}: {text}"), **{XML_ID: f"op-{op}"})
                            for op, text in OP_DESCRIPTIONS.items()), **{XML_ID: "ops"})
    signals = "position, length, facts" + (f" and sentence embeddings ({diff.semantic})" if diff.semantic else "")
    encoding = E.encodingDesc(app_info(), E.editorialDecl(E.p(CONVENTIONS), E.p(clean(f"Signals: {signals}."))),
                              E.classDecl(taxonomy))
    header = E.teiHeader(file_desc, encoding)
    languages = lang_usage([o.meta.language, t.meta.language])
    if languages is not None:
        header.append(E.profileDesc(languages))
    what = f"Aligned by communique {version()}, threshold {diff.threshold:g}."
    header.append(E.revisionDesc(E.change(clean(what), who=f"#{TOOL_ID}")))

    texts = []
    for side, doc, kind in (("o", o, "original"), ("t", t, "translation")):
        text = E.text(E.body(*body_parts(doc, f"{side}-")), type=kind, **{XML_ID: side})
        set_lang(text, doc.meta.language)
        texts.append(text)

    links = E.linkGrp(type="translation")
    notes: list[etree._Element] = []
    for op in diff.ops:
        if op.old and op.new:
            link = E.link(type=op.kind, ana=f"#op-{op.kind}",
                          target=" ".join([*(_ref("o", p) for p in op.old), *(_ref("t", p) for p in op.new)]))
            if op.confidence is not None:
                link.set("cert", f"{op.confidence:.2f}")
            links.append(link)
            for fact in op.facts:
                note = E.note(clean(f"{fact.kind}: {fact.original or '—'} → {fact.translation or '—'}"),
                              type="fact-mismatch", subtype=fact.kind, target=link.get("target"))
                notes.append(note)
        else:
            side, paths = ("o", op.old) if op.old else ("t", op.new)
            notes.append(E.note(OP_DESCRIPTIONS[op.kind], type=op.kind, ana=f"#op-{op.kind}",
                                target=" ".join(_ref(side, p) for p in paths)))
    stand_off = E.standOff(*([links] if len(links) else []), *notes)
    if not len(stand_off):
        stand_off.append(E.note("nothing to align", type="empty"))
    return E.TEI(header, E.text(E.group(*texts)), stand_off)
