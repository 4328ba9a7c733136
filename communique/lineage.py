"""History: follow each clause through many rounds.

Consecutive rounds are aligned with the differ, and the pairings are chained
into *lineages*: a paired op (unchanged, modified, moved) carries the old
clause's lineage to the new clause; a split carries it to every part (the
lineage then holds several clauses in that round); a merge carries the
lineage of the first merged clause on, and the other merged lineages end
there.  A union of all linked clauses was tried first and rejected: one
split followed by a merge with a neighbour fused two unrelated clauses'
histories into one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from .align import diff_documents
from .model import Cell, Diff, Document, History, Lineage, Round
from .text import Profile

CHANGING = frozenset({"modified", "split", "merged"})


def _order(rounds: list[Round], order: str) -> list[Round]:
    if order == "given":
        return rounds
    if order == "round":
        return sorted(rounds, key=lambda r: (r.document.meta.round is None, r.document.meta.round or 0))
    if order == "date":
        return sorted(rounds, key=lambda r: (r.document.meta.date is None, r.document.meta.date or ""))
    raise ValueError(f"unknown order {order!r}; choose given, round or date")


def build_history(sources: Sequence[Any], labels: Sequence[str] | None = None, order: str = "given",
                  profile: Profile | None = None, threshold: float | None = None,
                  progress: Callable[[], None] | None = None) -> History:
    """Lineages of the clauses of ``sources`` (documents or anything
    :func:`communique.parse` takes), in the chosen ``order``.

    Guarantees: every clause of every round is in exactly one lineage cell;
    a cell is ``changed`` when the clause's wording differs from the previous
    round (it was modified, split or merged, or moved with edits).
    """
    from . import parse

    if len(sources) < 2:
        raise ValueError("a history needs at least two rounds")
    docs = [s if isinstance(s, Document) else parse(s) for s in sources]
    names = list(labels) if labels else [d.info.name or f"round {k + 1}" for k, d in enumerate(docs)]
    rounds = _order([Round(name, doc) for name, doc in zip(names, docs, strict=True)], order)

    lineage_of: dict[tuple[int, str], int] = {}
    count = 0
    for clause in rounds[0].document.walk():
        lineage_of[(0, clause.path)] = count
        count += 1
    changed: set[tuple[int, str]] = set()
    diffs: list[Diff] = []
    for r, (a, b) in enumerate(itertools.pairwise(rounds)):
        d = diff_documents(a.document, b.document, profile=profile, threshold=threshold)
        diffs.append(d)
        for op in d.ops:
            if not op.new:
                continue
            if op.old:
                lineage = lineage_of[(r, op.old[0])]
            else:
                lineage, count = count, count + 1
            for new in op.new:
                lineage_of[(r + 1, new)] = lineage
            if op.op in CHANGING or (op.op == "moved" and op.similarity is not None and op.similarity < 1):
                changed.update((r + 1, new) for new in op.new)
        if progress:
            progress()

    members: dict[int, list[tuple[int, int, str]]] = {}
    for r, rnd in enumerate(rounds):
        for pos, clause in enumerate(rnd.document.walk()):
            members.setdefault(lineage_of[(r, clause.path)], []).append((r, pos, clause.path))
    texts = [{c.path: c.full_text for c in rnd.document.walk()} for rnd in rounds]

    lineages: list[tuple[tuple[int, int], list[Cell | None]]] = []
    for items in members.values():
        cells: list[Cell | None] = [None] * len(rounds)
        for r in range(len(rounds)):
            paths = [p for rr, _, p in sorted(items) if rr == r]
            if paths:
                cells[r] = Cell(tuple(paths), any((r, p) in changed for p in paths),
                                "\n".join(texts[r][p] for p in paths))
        first = min(items)
        lineages.append(((first[0], first[1]), cells))
    lineages.sort(key=lambda item: item[0])
    width = len(str(len(lineages)))
    out = tuple(Lineage(f"L{k + 1:0{width}d}", tuple(cells)) for k, (_, cells) in enumerate(lineages))
    return History(tuple(rounds), out, tuple(diffs))
