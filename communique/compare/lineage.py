"""History: follow each clause through many rounds.

Consecutive rounds are diffed, and the pairings are chained into
*lineages*: a paired op (unchanged, modified, moved) carries the old
clause's lineage to the new clause; a split carries it to every part (the
lineage then holds several clauses in that round); a merge carries the
lineage of the first merged clause on, and each other merged lineage ends
with a cell that records the merge (``Cell.merged``), so both rows show it.
A lineage that goes on while one of its clauses merges into another
lineage's clause (the first sentence of a split clause joining its
neighbour) keeps its own cell and names the lineage the part went into
(``Cell.also_merged_into``); that cell counts as changed, so the matrix, the
JSON ``changed_in`` and the HTML detail all show the merge in both rows.
A union of all linked clauses was tried first and rejected: one split
followed by a merge with a neighbour fused two unrelated clauses' histories
into one.

Rounds may mix languages: each round is compared with the last earlier
round in its language; a round with none is a translation, compared with
its original (the last earlier round with the same round number, else the
round before) by the cross-language diff, so its clauses join their
originals' lineages as ``translated``.  A lineage's previous version is the
cell in the round its round was compared with.

Every cell carries the word changes from the lineage's previous version,
under the history's profile: renderers show them and compare nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..cycles import no_cycle_collection
from ..errors import OptionError
from ..model import DEFAULT, Cell, Diff, Document, History, Lineage, Op, Profile, Round
from .align import SideCache
from .cosmetic import cosmetic_rules
from .diff import diff_documents
from .words import word_changes

Order = Literal["given", "round", "date"]
ORDERS: tuple[Order, ...] = ("given", "round", "date")


def order_rounds(rounds: list[Round], order: str) -> list[Round]:
    if order == "given":
        return rounds
    if order == "round":
        return sorted(rounds, key=lambda r: (r.document.meta.round is None, r.document.meta.round or 0))
    if order == "date":
        return sorted(rounds, key=lambda r: (r.document.meta.date is None, r.document.meta.date or ""))
    raise OptionError(f"unknown order {order!r}; choose {', '.join(ORDERS)}")


@dataclass(slots=True)
class _Row:
    """A lineage being built: its clauses by round, the ops that brought
    them, and the merges it ends in."""

    first: tuple[int, int]  # (round, position in that round's reading order): the sort key
    paths: dict[int, list[str]] = field(default_factory=dict)
    ops: dict[int, list[Op]] = field(default_factory=dict)  # round → the ops that brought its clauses there
    # round → (absorbing row, the merge) for each of its clauses merged into another row's clause
    merged_into: dict[int, list[tuple[int, Op]]] = field(default_factory=dict)


@no_cycle_collection
def build_history(documents: Sequence[Document], labels: Sequence[str] | None = None, order: str = "given",
                  profile: Profile | None = None, threshold: float | None = None,
                  progress: Callable[[], None] | None = None) -> History:
    """Lineages of the clauses of ``documents``, in the chosen ``order``.

    Guarantees: every clause of every round is in exactly one cell that is
    not a merge record; a cell's word changes are those of the ops that
    brought its clauses from the previous round, and it is ``changed`` when
    one of them changed the wording (modified, split, merged, or moved with
    edits) or when one of the lineage's clauses merged into another
    lineage's clause (``also_merged_into``).
    """
    if len(documents) < 2:
        raise OptionError("a history needs at least two rounds")
    profile = profile or DEFAULT
    names = list(labels) if labels else [d.info.name or f"round {k + 1}" for k, d in enumerate(documents)]
    if len(names) != len(documents):
        raise OptionError(f"{len(names)} labels for {len(documents)} rounds")
    rounds = order_rounds([Round(name, doc) for name, doc in zip(names, documents, strict=True)], order)

    rows: list[_Row] = []
    row_of: dict[tuple[int, str], int] = {}  # (round, path) → row
    for pos, clause in enumerate(rounds[0].document.walk()):
        row_of[(0, clause.path)] = len(rows)
        rows.append(_Row((0, pos), {0: [clause.path]}))
    diffs: list[Diff] = []
    sides = SideCache()  # each round's clauses read once, though every round is in two diffs
    parents = parent_rounds([r.document for r in rounds])
    for n in range(1, len(rounds)):
        r, b = parents[n], rounds[n]
        assert r is not None  # (every round but the first has one)
        d = diff_documents(rounds[r].document, b.document, profile=profile, threshold=threshold, sides=sides)
        diffs.append(d)
        position = {c.path: k for k, c in enumerate(b.document.walk())}
        for op in d.ops:
            if not op.new:
                continue
            if op.old:
                row = row_of[(r, op.old[0])]
            else:
                row = len(rows)
                rows.append(_Row((n, position[op.new[0]])))
            rows[row].paths.setdefault(n, []).extend(op.new)
            rows[row].ops.setdefault(n, []).append(op)
            for path in op.new:
                row_of[(n, path)] = row
            for other in op.old[1:]:  # a merge: the other lineages end in it
                absorbed = row_of[(r, other)]
                if absorbed != row:
                    rows[absorbed].merged_into.setdefault(n, []).append((row, op))
        if progress:
            progress()

    order_of = sorted(range(len(rows)), key=lambda k: rows[k].first)
    width = len(str(len(rows)))
    ids = {k: f"L{n + 1:0{width}d}" for n, k in enumerate(order_of)}
    lineages = tuple(Lineage(ids[k], _cells(rows, k, rounds, profile, ids)) for k in order_of)
    consecutive = all(parents[k] == k - 1 for k in range(1, len(rounds)))
    return History(tuple(rounds), lineages, tuple(diffs), profile, threshold, () if consecutive else parents)


def parent_rounds(documents: Sequence[Document]) -> tuple[int | None, ...]:
    """For each round, the round it is compared with: the last earlier round
    in its language; for a round with none (a translation), the last
    earlier round with its round number, else the round before."""
    parents: list[int | None] = [None]
    last_in: dict[str | None, int] = {documents[0].meta.language: 0}
    last_of_round: dict[int, int] = {}
    if documents[0].meta.round is not None:
        last_of_round[documents[0].meta.round] = 0
    for k in range(1, len(documents)):
        meta = documents[k].meta
        same = last_in.get(meta.language)
        original = last_of_round.get(meta.round) if meta.round is not None else None
        parents.append(same if same is not None else original if original is not None else k - 1)
        last_in[meta.language] = k
        if meta.round is not None:
            last_of_round[meta.round] = k
    return tuple(parents)


def _changes(op: Op) -> bool:
    # (no words: an op that kept its text, most of a history's cells)
    return op.kind in ("split", "merged") or (bool(op.words) and any(w.op != "equal" for w in op.words))


def _cells(rows: list[_Row], k: int, rounds: list[Round], profile: Profile,
           ids: dict[int, str]) -> tuple[Cell | None, ...]:
    row = rows[k]
    cells: list[Cell | None] = [None] * len(rounds)
    for r in range(len(rounds)):
        doc = rounds[r].document
        paths = row.paths.get(r)
        merges = row.merged_into.get(r, [])
        # the lineages this one's clauses merged into, each once, in reading order
        into = tuple(dict.fromkeys(ids[target] for target, _ in merges))
        if paths is None:
            if merges:  # this lineage's clause went into another lineage's clause
                _, op = merges[0]
                cells[r] = Cell(op.new, True, op.new_text, "merged", op.words, merged=into[0], before=op.old_text,
                                also_merged_into=into[1:])
            continue
        ops = row.ops.get(r, [])
        if len(ops) == 1:  # (most cells) one op brought the clauses: its texts are theirs
            op = ops[0]
            cells[r] = Cell(tuple(paths), bool(into) or _changes(op), op.new_text, op.kind, op.words, op.cosmetic,
                            before=op.old_text, also_merged_into=into, facts=op.facts)
            continue
        text = "\n".join(doc.clause(p).full_text for p in paths)
        if not ops:  # the first round
            cells[r] = Cell(tuple(paths), False, text)
            continue
        # the lineage's clauses came by several ops (parts of a split, each on its own way)
        before = "\n".join(op.old_text for op in ops)
        words = word_changes(before, text, profile) if before != text else ()
        cosmetic = cosmetic_rules(before, text, profile) if not any(w.op != "equal" for w in words) else ()
        changed = bool(into) or any(_changes(op) for op in ops)
        cells[r] = Cell(tuple(paths), changed, text, ops[0].kind, words, cosmetic, before=before,
                        also_merged_into=into, facts=tuple(f for op in ops for f in op.facts))
    return tuple(cells)
