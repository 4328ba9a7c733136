"""Diff assembly: the alignment of two documents becomes typed ops, each
carrying the texts it compared, its word changes (computed once, under the
diff's profile) and the cosmetic differences the profile folded; plus the
metadata changes.  Renderers take all of it from here and compare nothing."""

from __future__ import annotations

from dataclasses import fields

from ..model import DEFAULT, Clause, Diff, Document, Meta, MetaChange, Op, OpKind, Profile
from ..text.normalize import normalize
from .align import DEFAULT_THRESHOLD, PROSE_THRESHOLD, Aligner, Side, similarity
from .cosmetic import cosmetic_rules
from .words import word_changes


def diff_documents(old: Document, new: Document, profile: Profile | None = None,
                   threshold: float | None = None) -> Diff:
    """The :class:`Diff` of two documents.

    Guarantees: every clause (and sub-clause) of both documents appears in
    exactly one op; paired ops carry a similarity in [0, 1] that is at least
    ``threshold``; ops come in the reading order of ``new``, each dropped
    clause just after the op holding the old clause before it.
    ``diff_documents(a, a)`` is all ``unchanged`` with no cosmetic rules.
    """
    profile = profile or DEFAULT
    if threshold is None:
        threshold = PROSE_THRESHOLD if old.prose or new.prose else DEFAULT_THRESHOLD
    return Diff(old, new, ops(old, new, profile, threshold), meta_changes(old, new, profile), profile, threshold)


def ops(old: Document, new: Document, profile: Profile, threshold: float) -> tuple[Op, ...]:
    """The operations turning ``old``'s clauses into ``new``'s (see :func:`diff_documents`)."""
    memo: dict[str, list[str]] = {}
    o, n = Side.of(old, profile, memo), Side.of(new, profile, memo)
    al = Aligner(o, n, threshold, prose=old.prose or new.prose)
    al.run()
    placed: list[tuple[tuple[int, ...], Op]] = []
    old_pos: dict[int, tuple[int, ...]] = {}  # old index → sort key of the op holding it

    for j, i in al.n2o.items():
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
    return tuple(op for _, op in placed)


def _paired(kind: OpKind, olds: list[Clause], news: list[Clause], token_similarity: float, confidence: float,
            profile: Profile) -> Op:
    old_text = "\n".join(c.full_text for c in olds)
    new_text = "\n".join(c.full_text for c in news)
    words = word_changes(old_text, new_text, profile) if old_text != new_text else ()
    cosmetic = cosmetic_rules(old_text, new_text, profile) if kind == "unchanged" and old_text != new_text else ()
    renumbered = any(_renumbered(a, news[0]) for a in olds)
    return Op(kind, tuple(c.path for c in olds), tuple(c.path for c in news), round(token_similarity, 4), renumbered,
              words, old_text, new_text, cosmetic, round(confidence, 4), _section_move(olds, news))


def _section_move(olds: list[Clause], news: list[Clause]) -> tuple[str | None, str | None] | None:
    """Set by the caller (it knows both documents' sections): None here."""
    return None


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
