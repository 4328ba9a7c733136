"""Diffs and histories as TEI collations (``shared/notes/tei.md``).

* ``sourceDesc/listWit``: one ``witness`` per round, fixed-width ids
  (``r011`` from the round number when every round has a distinct one, else
  ``w01``, ``w02`` …); ``variantEncoding`` parallel segmentation, internal.
* Body: ``div[@type="statement"]`` with a collated ``div[@type="preamble"]``,
  ``div[@type="clauses"]`` and ``div[@type="closing"]`` (page furniture is
  left out of a collation).
* Diff: one block per op, in the differ's order (the new round's reading
  order).  A paired clause (unchanged, modified) is a ``p`` (``@ana`` points
  to the op's category in ``classDecl``) holding the marker, or an ``app
  type="renumbering"`` when it changed, and the text with word-level
  ``app``s (``substitution``/``omission``/``addition``) from ``op.words``;
  differences the normalization profile ignores (quotes, tatweel, marker
  digits) are ``orthographic`` apps, so every witness's text can be rebuilt.
  A *split* or *merge* is one ``p`` over the whole group: the clause boundary
  is ``<lb type="clause"/>`` plus the next marker inside the reading that has
  it (``app/@subtype="clause-boundary"``).  An added or dropped clause is an
  ``app`` between paragraphs (``clause-addition``/``clause-omission``) with
  the clause in full in one reading and an empty reading.  A moved clause is
  two ``app type="transposition"`` linked by ``@exclude`` and one ``@loc``:
  one at its old place (old reading in full), one at its new place.
* History: the same encoding over n witnesses, one block per lineage (or per
  stretch of rounds a moved lineage stayed in place); readings group the
  witnesses that agree.  Word-level ``app``s when a lineage has two wordings,
  full readings when it has more.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from lxml import etree

from ...model import Block, Cell, Clause, Diff, Document, History, Lineage, WordChange
from ..xmlout import clean, path_id, version
from .common import (
    TOOL_ID,
    XML_ID,
    E,
    app_info,
    lang_usage,
    node_text,
    publication_stmt,
    resp_stmt,
    set_lang,
    source_bibl,
)
from .inline import Side, inline_p, label_app, marker

OP_DESCRIPTIONS = {
    "unchanged": "the clause kept its wording (differences the profile ignores aside)",
    "modified": "the clause was reworded",
    "moved": "the clause moved to another place",
    "added": "the clause is new in the later round",
    "dropped": "the clause is not in the later round",
    "split": "one clause became several consecutive clauses",
    "merged": "several consecutive clauses became one",
}


CONVENTIONS = (
    "Parallel segmentation: text shared by the witnesses is written once, variation as app/rdg. "
    "Word-level apps (substitution, omission, addition) come from the word diff; orthographic apps hold "
    "differences the comparison ignores (quotes, tatweel, digit scripts); renumbering apps hold clause "
    "markers. Added and dropped clauses are clause-addition and clause-omission apps between paragraphs; "
    "a moved clause is two transposition apps linked by @exclude and a shared @loc. In a split or merged "
    "group, lb[@type='clause'] and the next marker mark the clause boundary in the reading that has it "
    "(app/@subtype='clause-boundary'). @ana points to the operation's category in classDecl."
)


def wit_ids(docs: Sequence[Document]) -> list[str]:
    """``r011`` … when every round number is known and distinct, else ``w01`` …"""
    rounds = [d.meta.round for d in docs if d.meta.round is not None and d.meta.round >= 0]
    if len(rounds) == len(docs) and len(set(rounds)) == len(rounds):
        width = max(3, len(str(max(rounds))))
        return [f"r{r:0{width}d}" for r in rounds]
    width = max(2, len(str(len(docs))))
    return [f"w{k:0{width}d}" for k in range(1, len(docs) + 1)]


def _header(docs: Sequence[Document], labels: Sequence[str], wits: list[str], what: str,
            notes: list[str]) -> etree._Element:
    rounds = [d.meta.round for d in docs]
    names = (" and ".join(map(str, rounds)) if len(docs) == 2 else f"{rounds[0]} to {rounds[-1]}") \
        if all(r is not None for r in rounds) else f"{len(docs)} versions"
    title = f"Clause-level collation of rounds {names}" if "versions" not in names else \
        f"Clause-level collation of {names}"
    base = next((d.meta.title for d in docs if d.meta.title), None)
    title_stmt = E.titleStmt(E.title(clean(title), type="main"))
    if base:
        title_stmt.append(E.title(clean(base), type="sub"))
    title_stmt.append(resp_stmt("collation (automatic clause alignment and word diff)"))
    file_desc = E.fileDesc(title_stmt, publication_stmt("collation-" + "-".join(wits)))
    if notes:
        file_desc.append(E.notesStmt(*(E.note(clean(n), type="meta-change") for n in notes)))
    listwit = E.listWit()
    for doc, label, wit in zip(docs, labels, wits, strict=True):
        witness = E.witness(clean(label) + " ", source_bibl(doc), **{XML_ID: wit})
        if doc.meta.round is not None:
            witness.set("n", str(doc.meta.round))
        set_lang(witness, doc.meta.language)  # (rounds may mix languages: a translation is a witness too)
        listwit.append(witness)
    file_desc.append(E.sourceDesc(listwit))
    taxonomy = E.taxonomy(*(E.category(E.catDesc(f"{op}: {text}"), **{XML_ID: f"op-{op}"})
                            for op, text in OP_DESCRIPTIONS.items()), **{XML_ID: "ops"})
    encoding = E.encodingDesc(
        app_info(),
        E.editorialDecl(E.p(CONVENTIONS)),
        E.classDecl(taxonomy),
        E.variantEncoding(method="parallel-segmentation", location="internal"),
    )
    header = E.teiHeader(file_desc, encoding)
    languages = lang_usage(d.meta.language for d in docs)
    if languages is not None:
        header.append(E.profileDesc(languages))
    header.append(E.revisionDesc(E.change(clean(f"{what} by communique {version()}."), who=f"#{TOOL_ID}")))
    return header


def _root(header: etree._Element, body_div: etree._Element, docs: Sequence[Document]) -> etree._Element:
    root = E.TEI(header, E.text(E.body(body_div)))
    langs = {d.meta.language for d in docs}
    if len(langs) == 1:
        set_lang(root, langs.pop())
    return root


def _block_el(doc: Document, block: Block) -> etree._Element:
    return E.p(node_text(doc, block)) if block.kind == "text" else E.ab(node_text(doc, block), type=block.kind)


def _group(keys: Sequence[object]) -> dict[object, list[int]]:
    groups: dict[object, list[int]] = {}
    for k, key in enumerate(keys):
        groups.setdefault(key, []).append(k)
    return groups


def _refs(wits: Sequence[str], members: Sequence[int]) -> str:
    return " ".join(f"#{wits[k]}" for k in members)


def _blocks_div(docs: Sequence[Document], blocks: Sequence[Sequence[Block]], wits: list[str],
                kind: str) -> etree._Element | None:
    """The preamble (or closing) lines, collated line by line when every
    round has as many, else as one ``app`` of whole readings."""
    lists = [[b for b in bl if b.kind != "boilerplate"] for bl in blocks]
    if not any(lists):
        return None
    div = E.div(type=kind)
    rows: list[list[tuple[Document, Block]] | None]
    if len({len(bl) for bl in lists}) == 1:
        rows = [[(docs[w], lists[w][i]) for w in range(len(docs))] for i in range(len(lists[0]))]
    else:
        rows = [None]
    for row in rows:
        if row is None:
            groups = _group([tuple((b.kind, node_text(d, b)) for b in bl) for d, bl in zip(docs, lists, strict=True)])
            els = {key: [_block_el(docs[m[0]], b) for b in lists[m[0]]] for key, m in groups.items()}
        else:
            groups = _group([(b.kind, node_text(d, b)) for d, b in row])
            els = {key: [_block_el(*row[m[0]])] for key, m in groups.items()}
        if len(groups) == 1:
            div.extend(next(iter(els.values())))
            continue
        app = E.app(type="substitution")
        for key, members in groups.items():
            app.append(E.rdg(*els[key], wit=_refs(wits, members)))
        div.append(app)
    return div


def clause_ps(doc: Document, clauses: Sequence[Clause], wit: str) -> list[etree._Element]:
    """Clauses in full (one ``p`` each, continuation paragraphs as further ``p``)."""
    out = []
    for clause in clauses:
        p = E.p(n=clean(clause.path), **{XML_ID: f"{wit}-c{path_id(clause.path)}"})
        if clause.marker is not None:
            p.append(marker(clause.label))
            p[-1].tail = f" {clean(clause.text)}" if clause.text else None
        else:
            p.text = node_text(doc, clause)
        out.append(p)
        out.extend(E.p(node_text(doc, para)) for para in clause.paragraphs)
    return out


def _whole_app(kind: str, readings: Sequence[tuple[str, list[etree._Element]]], **attrs: str) -> etree._Element:
    app = E.app(type=kind, **attrs)
    for refs, els in readings:
        app.append(E.rdg(*els, wit=refs))
    return app


# --------------------------------------------------------------------------- diff


def diff_tei(diff: Diff) -> etree._Element:
    docs = [diff.old, diff.new]
    wits = wit_ids(docs)
    ro, rn = f"#{wits[0]}", f"#{wits[1]}"
    old_at = {c.path: c for c in diff.old.walk()}
    new_at = {c.path: c for c in diff.new.walk()}
    old_paths = [c.path for c in diff.old.walk()]
    old_order = {path: i for i, path in enumerate(old_paths)}
    ops = diff.ops
    holder = {path: k for k, op in enumerate(ops) for path in op.old}
    moved = [k for k, op in enumerate(ops) if op.kind == "moved"]
    loc = {k: f"mv{n}" for n, k in enumerate(moved, 1)}
    after: dict[int, list[int]] = {}  # op index → moved ops whose old place is right after it
    for k in moved:
        anchor = -1
        for j in range(old_order[ops[k].old[0]] - 1, -1, -1):
            h = holder.get(old_paths[j])
            if h is not None and ops[h].kind != "moved":
                anchor = h
                break
        after.setdefault(anchor, []).append(k)

    clauses = E.div(type="clauses")

    def old_places(anchor: int) -> None:
        for k in sorted(after.get(anchor, ()), key=lambda k: old_order[ops[k].old[0]]):
            els = clause_ps(diff.old, [old_at[p] for p in ops[k].old], wits[0])
            clauses.append(_whole_app("transposition", [(ro, els), (rn, [])], loc=loc[k],
                                      exclude=f"#{loc[k]}-b", ana="#op-moved", **{XML_ID: f"{loc[k]}-a"}))

    old_places(-1)
    for k, op in enumerate(ops):
        olds, news = [old_at[p] for p in op.old], [new_at[p] for p in op.new]
        if op.kind == "moved":
            els = clause_ps(diff.new, news, wits[1])
            clauses.append(_whole_app("transposition", [(ro, []), (rn, els)], loc=loc[k],
                                      exclude=f"#{loc[k]}-a", ana="#op-moved", **{XML_ID: f"{loc[k]}-b"}))
        elif op.kind == "added":
            clauses.append(_whole_app("clause-addition", [(ro, []), (rn, clause_ps(diff.new, news, wits[1]))],
                                      ana="#op-added"))
        elif op.kind == "dropped":
            clauses.append(_whole_app("clause-omission", [(ro, clause_ps(diff.old, olds, wits[0])), (rn, [])],
                                      ana="#op-dropped"))
        else:
            old, new = Side.of(olds), Side.of(news)
            p = inline_p(old, new, op.words, ro, rn)
            p.set("n", " ".join(map(clean, op.new)))
            p.set(XML_ID, f"al-{k + 1}")
            p.set("ana", f"#op-{op.kind}")
            clauses.append(p)
        old_places(k)
    notes = [f"{c.field}: {c.old!r} → {c.new!r}" for c in diff.meta_changes]
    labels = [d.info.name or f"round {k + 1}" for k, d in enumerate(docs)]
    header = _header(docs, labels, wits, f"Collated ({diff.profile.describe()}, threshold {diff.threshold})", notes)
    return _root(header, _statement(docs, wits, clauses), docs)


def _statement(docs: Sequence[Document], wits: list[str], clauses: etree._Element) -> etree._Element:
    if not len(clauses):
        clauses.append(E.p())
    statement = E.div(type="statement")
    for el in (_blocks_div(docs, [d.preamble for d in docs], wits, "preamble"), clauses,
               _blocks_div(docs, [d.closing for d in docs], wits, "closing")):
        if el is not None:
            statement.append(el)
    return statement


# --------------------------------------------------------------------------- history


class _Slot:
    """A lineage at one place: the rounds in which it stands there."""

    def __init__(self, lineage: str, first: int) -> None:
        self.lineage = lineage
        self.rounds = [first]


def _slots(history: History) -> list[_Slot]:
    """Places in one reading order for all rounds: each round's lineages are
    merged into the order so far (longest common subsequence); a lineage
    whose place conflicts with that order gets a new place (a move)."""
    lineage_at = {(r, p): lin.id for lin in history.lineages for r, cell in enumerate(lin.cells)
                  if cell is not None and cell.merged is None for p in cell.paths}
    order: list[_Slot] = []
    current: dict[str, _Slot] = {}
    for r, rnd in enumerate(history.rounds):
        seq = list(dict.fromkeys(lineage_at[(r, c.path)] for c in rnd.document.walk()))
        carried = [lid for lid in seq if lid in current and current[lid].rounds[-1] == r - 1]
        position = {id(s): i for i, s in enumerate(order)}
        in_order = sorted(carried, key=lambda lid: position[id(current[lid])])
        matcher = SequenceMatcher(None, in_order, carried, autojunk=False)
        kept = {carried[b.b + i] for b in matcher.get_matching_blocks() for i in range(b.size)}
        last: _Slot | None = None
        for lid in seq:
            slot = current.get(lid)
            if slot is not None and lid in kept:
                slot.rounds.append(r)
            else:
                slot = _Slot(lid, r)
                order.insert(order.index(last) + 1 if last is not None else 0, slot)
                current[lid] = slot
            last = slot
    return order


def _words_between(lin: Lineage, rounds: list[int], sides: dict[int, Side], old_text: str,
                   target: int) -> tuple[WordChange, ...]:
    """The word changes from the wording ``old_text`` to the wording of round
    ``target``: those of the first round that has it (its previous round has
    the other wording, the lineage holding only two)."""
    for r in rounds:
        cell = lin.cells[r]
        if cell is not None and sides[r].text == sides[target].text and sides[r].text != old_text:
            return cell.words if cell.before == old_text else ()
    return ()


def history_tei(history: History) -> etree._Element:
    docs = [r.document for r in history.rounds]
    wits = wit_ids(docs)
    at = [{c.path: c for c in d.walk()} for d in docs]
    lineages = {lin.id: lin for lin in history.lineages}
    slots = _slots(history)
    per_lineage: dict[str, list[_Slot]] = {}
    for slot in slots:
        per_lineage.setdefault(slot.lineage, []).append(slot)
    clauses = E.div(type="clauses")
    for slot in slots:
        lin, siblings = lineages[slot.lineage], per_lineage[slot.lineage]
        ident = lin.id if len(siblings) == 1 else f"{lin.id}-{siblings.index(slot) + 1}"
        members = {r: [at[r][p] for p in _cell(lin, r).paths] for r in slot.rounds}
        sides = {r: Side.of(cl) for r, cl in members.items()}
        groups = _group([(sides[r].text, tuple(sides[r].breaks.items())) for r in slot.rounds])
        groups = {key: [slot.rounds[i] for i in idx] for key, idx in groups.items()}
        if len(slot.rounds) == len(docs) and len(groups) <= 2:
            (a, *rest) = list(groups.values())
            b = rest[0] if rest else a
            old, new = sides[a[0]], sides[b[0]]
            words = _words_between(lin, slot.rounds, sides, old.text, b[0])
            labels = [(f"#{wits[r]}", sides[r].label, sides[r].value) for r in slot.rounds]
            p = inline_p(old, new, words, _refs(wits, a), _refs(wits, b), labels=labels)
            last = slot.rounds[-1]
            p.set("n", " ".join(clean(c.path) for c in members[last]))
            p.set(XML_ID, ident)
            clauses.append(p)
            continue
        # whole readings: witnesses agree when text and every marker agree
        full = _group([(sides[r].text, tuple(sides[r].breaks.items()), sides[r].label) for r in slot.rounds])
        readings = [(_refs(wits, [slot.rounds[i] for i in idx]),
                     clause_ps(docs[slot.rounds[idx[0]]], members[slot.rounds[idx[0]]], wits[slot.rounds[idx[0]]]))
                    for idx in full.values()]
        absent = [r for r in range(len(docs)) if r not in slot.rounds]
        if absent:
            readings.append((_refs(wits, absent), []))
        kind = ("transposition" if len(siblings) > 1 else "substitution" if not absent
                else "clause-addition" if 0 in absent else "clause-omission")
        attrs = {XML_ID: ident}
        if len(siblings) > 1:
            attrs.update(loc=f"mv-{lin.id}",
                         exclude=" ".join(f"#{lin.id}-{i + 1}" for i, s in enumerate(siblings) if s is not slot))
        clauses.append(_whole_app(kind, readings, **attrs))
    names = [r.label for r in history.rounds]
    header = _header(docs, names, wits, f"Collated {len(docs)} rounds (lineages of clauses)", [])
    return _root(header, _statement(docs, wits, clauses), docs)


def _cell(lineage: Lineage, r: int) -> Cell:
    """The lineage's cell in round ``r``, which a slot of it stands in."""
    cell = lineage.cells[r]
    if cell is None:
        raise ValueError(f"lineage {lineage.id} has no clause in round {r}")
    return cell


__all__ = ["clause_ps", "diff_tei", "history_tei", "label_app", "wit_ids"]
