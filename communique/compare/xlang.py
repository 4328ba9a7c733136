"""Cross-language alignment: a statement against its translation.

Words cannot be compared across languages, so a pair of clauses is scored
by what survives translation:

* **position**: translations keep the order of the points (agreement of
  the relative positions, 1 at the same place);
* **length**: Gale and Church's length model, with the ratio of the two
  documents' lengths as the expected ratio;
* **facts**: the Dice of the numbers, dates, symbols and names they share
  (``facts.py``), 0.3 when neither clause has any;
* **meaning**, when the optional model is installed (``embed.py``): the
  cosine of the sentence embeddings, scaled so 0.1 → 0 and 0.9 → 1.

``score = 0.4·position + 0.3·length + 0.3·facts`` without the model and
``0.7·meaning + 0.3·that`` with it: the combination and the threshold that
``bench/xlang/embed_eval.py`` found best, leaving one fixture out at a time,
on the parallel pairs of ``tests/xlang``.

The steps mirror the monolingual aligner: the heaviest order-keeping chain
of pairs above the threshold; a lone clause between two aligned neighbours
on each side is their pair at a lower score; clauses left over on both
sides that are each other's best match on everything but position are
moved; a left-over clause next to a pair joins it as a merge or split when
the group scores better than the pair alone; the rest are omitted (in the
original only) or added (in the translation only).  Paired ops list the
facts the translation renders differently.

Candidates are bounded: each original clause is scored against the clauses
in a window around its relative position, its nearest neighbours by
meaning, and the clauses sharing a fact with it, never all of them.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from ..model import Clause, Document, Op, OpKind
from .align import heaviest_chain
from .embed import Embedder
from .facts import Fact, agreement, facts, mismatches

DEFAULT_THRESHOLD = 0.5  # with the model (fixture band 0.44–0.56, leave-one-out)
FLOOR_THRESHOLD = 0.52  # structure, length and facts only (band 0.50–0.54)
WINDOW = 0.3  # candidates within this distance of relative position
NEIGHBOURS = 3  # candidates by meaning, for moves
GAP_FACTOR = 0.7  # a lone pair between aligned neighbours, at this share of the threshold
MOVE_MARGIN = 0.1  # a move must clear the threshold by this much (position is no help)
GROUP_MARGIN = 0.02  # a merge or split must beat its best pair by this much
NO_FACTS = 0.3  # the facts signal when neither clause has any
LENGTH_VARIANCE = 6.8  # Gale and Church's s² (characters)


def _checksum(texts: Sequence[str]) -> int:
    return zlib.crc32("\x00".join(texts).encode("utf-8", "surrogatepass"))


class Scorer:
    """Scores groups of clauses of an original and its translation."""

    def __init__(self, orig: Sequence[Clause], trans: Sequence[Clause], embedder: Embedder | None) -> None:
        self.o_text = [c.full_text for c in orig]
        self.t_text = [c.full_text for c in trans]
        self.o_facts = [facts(t) for t in self.o_text]
        self.t_facts = [facts(t) for t in self.t_text]
        total_o, total_t = sum(map(len, self.o_text)), sum(map(len, self.t_text))
        # the translation's length per character of the original; a side with
        # no text at all tells nothing (and a ratio of 0 would divide by zero)
        self.ratio = total_t / total_o if total_o and total_t else 1.0
        # which side's left-over clauses join groups first: the same side
        # whichever is the original, so that diff(b, a) mirrors diff(a, b)
        self.o_first = (total_o, _checksum(self.o_text)) <= (total_t, _checksum(self.t_text))
        self.embedder = embedder
        self.o_vec = embedder.encode(self.o_text) if embedder else None
        self.t_vec = embedder.encode(self.t_text) if embedder else None
        self.group_vec: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}

    def position(self, os: Sequence[int], ts: Sequence[int]) -> float:
        n, m = len(self.o_text), len(self.t_text)
        ro = (sum(os) / len(os)) / max(n - 1, 1)
        rt = (sum(ts) / len(ts)) / max(m - 1, 1)
        return 1 - abs(ro - rt)

    def length(self, os: Sequence[int], ts: Sequence[int]) -> float:
        """Gale–Church: the probability of so large a length difference
        between a text and its translation.

        Their model is not symmetric (the variance grows with the source's
        length: δ = (lo·c − lt) / √(s²·c·(lo + lt/c)/2)), and diff(b, a) must
        mirror diff(a, b); so both lengths are put in the units halfway
        between the two sides' (x = lo·√c, y = lt/√c), which gives
        δ = (x − y) / √(s²·(x + y)/2), the same magnitude whichever side is
        the source: their δ divided by c^¼, the geometric mean of the two
        orientations' δ."""
        lo = sum(len(self.o_text[i]) for i in os)
        lt = sum(len(self.t_text[j]) for j in ts)
        if lo == 0 and lt == 0:
            return 1.0
        root = math.sqrt(self.ratio)
        x, y = lo * root, lt / root
        delta = (x - y) / math.sqrt(max((x + y) / 2, 1.0) * LENGTH_VARIANCE)
        return 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2))))

    def fact_agreement(self, os: Sequence[int], ts: Sequence[int]) -> float:
        a = [f for i in os for f in self.o_facts[i]]
        b = [f for j in ts for f in self.t_facts[j]]
        shared = agreement(a, b)
        return NO_FACTS if shared is None else shared

    def meaning(self, os: Sequence[int], ts: Sequence[int]) -> float | None:
        if self.o_vec is None or self.t_vec is None:
            return None
        cosine = float(self._vec("o", os) @ self._vec("t", ts))
        return min(1.0, max(0.0, (cosine - 0.1) / 0.8))

    def prefetch(self, groups: Sequence[tuple[str, Sequence[int]]]) -> None:
        """Embed the texts of groups that may be scored, in one batch (a
        call per group costs the model's per-call overhead each time)."""
        if self.embedder is None:
            return
        todo = list(dict.fromkeys((side, tuple(idx)) for side, idx in groups
                                  if len(idx) > 1 and (side, tuple(idx)) not in self.group_vec))
        if not todo:
            return
        texts = ["\n".join((self.o_text if side == "o" else self.t_text)[k] for k in idx) for side, idx in todo]
        for key, vec in zip(todo, self.embedder.encode(texts), strict=True):
            self.group_vec[key] = vec

    def _vec(self, side: str, idx: Sequence[int]) -> np.ndarray:
        vectors = self.o_vec if side == "o" else self.t_vec
        assert vectors is not None and self.embedder is not None
        if len(idx) == 1:
            return vectors[idx[0]]
        key = (side, tuple(idx))
        v = self.group_vec.get(key)
        if v is None:  # the group's own text, embedded: closer than a mean of its parts
            texts = self.o_text if side == "o" else self.t_text
            v = self.group_vec[key] = self.embedder.encode(["\n".join(texts[k] for k in idx)])[0]
        return v

    def group_gain(self, os: Sequence[int], ts: Sequence[int], base_os: Sequence[int],
                   base_ts: Sequence[int]) -> float:
        """How much better the group (os, ts) scores than the pair it grew
        from.  By meaning alone when the model is there: a report retelling
        a clause in two paragraphs adds its own framing, which the length
        model punishes though the meaning is closer."""
        grown, base = self.meaning(os, ts), self.meaning(base_os, base_ts)
        if grown is not None and base is not None:
            return grown - base

        def floor(o: Sequence[int], t: Sequence[int]) -> float:
            return 0.5 * self.length(o, t) + 0.5 * self.fact_agreement(o, t)

        return floor(os, ts) - floor(base_os, base_ts)

    def score(self, os: Sequence[int], ts: Sequence[int], with_position: bool = True) -> float:
        if with_position:
            floor = 0.4 * self.position(os, ts) + 0.3 * self.length(os, ts) + 0.3 * self.fact_agreement(os, ts)
        else:
            floor = 0.5 * self.length(os, ts) + 0.5 * self.fact_agreement(os, ts)
        meaning = self.meaning(os, ts)
        return floor if meaning is None else 0.7 * meaning + 0.3 * floor


def cross_language_ops(orig: Document, trans: Document, threshold: float | None,
                       embedder: Embedder | None) -> tuple[tuple[Op, ...], float]:
    """The ops aligning ``trans`` with ``orig`` and the threshold used."""
    if threshold is None:
        threshold = DEFAULT_THRESHOLD if embedder else FLOOR_THRESHOLD
    o_cl, t_cl = list(orig.walk()), list(trans.walk())
    if not o_cl or not t_cl:
        return _assemble(o_cl, t_cl, [], [], set(), None), threshold
    sc = Scorer(o_cl, t_cl, embedder)
    cache: dict[tuple[int, int], float] = {}

    def pair_score(i: int, j: int) -> float:
        s = cache.get((i, j))
        if s is None:
            s = cache[(i, j)] = sc.score((i,), (j,))
        return s

    candidates = _candidates(sc, len(o_cl), len(t_cl))
    pairs = [(i, j, s) for i, js in candidates.items() for j in js if (s := pair_score(i, j)) >= threshold]
    o2t = {i: j for i, j, _ in heaviest_chain(pairs, len(o_cl))}
    _fill_gaps(o2t, len(o_cl), len(t_cl), pair_score, GAP_FACTOR * threshold)
    moved = _moves(o2t, candidates, sc, threshold + MOVE_MARGIN)
    for i, j in moved.items():
        o2t[i] = j
    groups = _groups(o2t, sc, len(o_cl), len(t_cl))
    return _assemble(o_cl, t_cl, groups, _group_scores(groups, sc), set(moved.values()), sc), threshold


def _candidates(sc: Scorer, n: int, m: int) -> dict[int, set[int]]:
    """Each original clause's candidates, the same pairs whichever side is
    the original (so that diff(b, a) can mirror diff(a, b)): the window
    around each clause's relative position on the other side, from both
    sides; its nearest neighbours by meaning, both ways; the clauses sharing
    a fact that is rare on one side."""
    out: dict[int, set[int]] = defaultdict(set)
    for i, j in _windows(n, m):
        out[i].add(j)
    for j, i in _windows(m, n):
        out[i].add(j)
    if sc.o_vec is not None and sc.t_vec is not None and m > 0:
        for i, j in _nearest(sc.o_vec, sc.t_vec):
            out[i].add(j)
        for j, i in _nearest(sc.t_vec, sc.o_vec):
            out[i].add(j)
    # a shared rare fact (a resolution number, a date) wherever the clause went
    for i, j in _rare_facts(sc.o_facts, sc.t_facts):
        out[i].add(j)
    for j, i in _rare_facts(sc.t_facts, sc.o_facts):
        out[i].add(j)
    return out


def _windows(n: int, m: int) -> Iterator[tuple[int, int]]:
    """(i, j) for each j within WINDOW of i's relative position."""
    for i in range(n):
        centre = i / max(n - 1, 1) * max(m - 1, 1)
        reach = WINDOW * max(m - 1, 1)
        for j in range(max(0, math.floor(centre - reach)), min(m, math.ceil(centre + reach) + 1)):
            yield i, j


def _nearest(a: np.ndarray, b: np.ndarray) -> Iterator[tuple[int, int]]:
    """(i, j) for the NEIGHBOURS rows j of ``b`` closest to each row i of ``a``."""
    k = min(NEIGHBOURS, len(b))
    if k == 0:
        return
    for start in range(0, len(a), 256):  # by blocks: never an n × m matrix in memory
        block = a[start:start + 256] @ b.T
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for r, row in enumerate(best):
            for j in row:
                yield start + r, int(j)


def _rare_facts(a: Sequence[Sequence[Fact]], b: Sequence[Sequence[Fact]]) -> Iterator[tuple[int, int]]:
    """(i, j) for clauses sharing a fact (not a date) that at most
    NEIGHBOURS clauses of ``b`` have."""
    by_fact: dict[tuple[str, object], list[int]] = defaultdict(list)
    for j, fs in enumerate(b):
        for f in fs:
            if f.kind != "date":
                by_fact[(f.kind, f.value)].append(j)
    for i, fs in enumerate(a):
        for f in fs:
            hits = by_fact.get((f.kind, f.value), [])
            if 0 < len(hits) <= NEIGHBOURS:
                for j in hits:
                    yield i, j


def _fill_gaps(o2t: dict[int, int], n: int, m: int, pair_score: Callable[[int, int], float], floor: float) -> None:
    chain = sorted(o2t.items())
    bounds = [(-1, -1), *chain, (n, m)]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        if i1 - i0 == 2 and j1 - j0 == 2 and pair_score(i0 + 1, j0 + 1) >= floor:
            o2t[i0 + 1] = j0 + 1


def _moves(o2t: dict[int, int], candidates: dict[int, set[int]], sc: Scorer, floor: float) -> dict[int, int]:
    """Left-over clauses each other's best match, position aside (on equal
    scores the first clause, on either side: a tie-break by the order of a
    loop would not be the same in diff(b, a))."""
    taken = set(o2t.values())
    best_t: dict[int, tuple[float, int]] = {}  # i → (score, -j) of its best j
    best_o: dict[int, tuple[float, int]] = {}  # j → (score, -i) of its best i
    for i, js in candidates.items():
        if i in o2t:
            continue
        for j in js:
            if j in taken:
                continue
            s = sc.score((i,), (j,), with_position=False)
            if (s, -j) > best_t.get(i, (-1.0, 0)):
                best_t[i] = (s, -j)
            if (s, -i) > best_o.get(j, (-1.0, 0)):
                best_o[j] = (s, -i)
    return {i: -j for i, (s, j) in best_t.items() if s >= floor and best_o[-j][1] == -i}


Group = tuple[tuple[int, ...], tuple[int, ...]]


def _groups(o2t: dict[int, int], sc: Scorer, n: int, m: int) -> list[Group]:
    """Pairs, grown into merges and splits by the left-over clauses next to
    them when the group scores better than the pair alone."""
    groups: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in sorted(o2t.items())]
    o_of = {i: g for g in groups for i in g[0]}
    t_of = {j: g for g in groups for j in g[1]}
    wanted: list[tuple[str, Sequence[int]]] = []
    for x in range(n):
        for y in (x - 1, x + 1):
            if x not in o_of and y in o_of:
                wanted += [("o", sorted([*o_of[y][0], x])), ("o", o_of[y][0])]
    for x in range(m):
        for y in (x - 1, x + 1):
            if x not in t_of and y in t_of:
                wanted += [("t", sorted([*t_of[y][1], x])), ("t", t_of[y][1])]
    sc.prefetch(wanted)
    sides = (("o", n, o_of), ("t", m, t_of))
    for side, count, of in sides if sc.o_first else sides[::-1]:
        for x in range(count):
            if x in of:
                continue
            best: tuple[float, tuple[list[int], list[int]]] | None = None
            for y in (x - 1, x + 1):
                g = of.get(y)
                if g is None or len(g[1 if side == "o" else 0]) != 1:
                    continue  # grow a group on one side only
                os, ts = (sorted([*g[0], x]), g[1]) if side == "o" else (g[0], sorted([*g[1], x]))
                gain = sc.group_gain(os, ts, g[0], g[1])
                if gain > GROUP_MARGIN and (best is None or gain > best[0]):
                    best = (gain, g)
            if best is not None:
                g = best[1]
                (g[0] if side == "o" else g[1]).append(x)
                (g[0] if side == "o" else g[1]).sort()
                of[x] = g
    return [(tuple(os), tuple(ts)) for os, ts in groups]


def _group_scores(groups: list[Group], sc: Scorer) -> list[float]:
    return [sc.score(os, ts) for os, ts in groups]


def _assemble(o_cl: list[Clause], t_cl: list[Clause], groups: list[Group], scores: list[float],
              moved: set[int], sc: Scorer | None) -> tuple[Op, ...]:
    """Ops in the translation's reading order, each omitted clause after the
    op holding the original clause before it."""
    placed: list[tuple[tuple[int, ...], Op]] = []
    o_key: dict[int, tuple[int, ...]] = {}
    for (os, ts), score in zip(groups, scores, strict=True):
        kind: OpKind = "merged" if len(os) > 1 else "split" if len(ts) > 1 else \
            "moved" if ts[0] in moved else "translated"
        o_facts: list[Fact] = [f for i in os for f in sc.o_facts[i]] if sc else []
        t_facts: list[Fact] = [f for j in ts for f in sc.t_facts[j]] if sc else []
        op = Op(kind, tuple(o_cl[i].path for i in os), tuple(t_cl[j].path for j in ts), round(score, 4),
                old_text="\n".join(o_cl[i].full_text for i in os), new_text="\n".join(t_cl[j].full_text for j in ts),
                confidence=round(score, 4), facts=mismatches(o_facts, t_facts))
        placed.append(((ts[0], 0), op))
        for i in os:
            o_key[i] = (ts[0], 0)
    paired_t = {j for _, ts in groups for j in ts}
    for j, clause in enumerate(t_cl):
        if j not in paired_t:
            placed.append(((j, 0), Op("added", (), (clause.path,), new_text=clause.full_text)))
    last: tuple[int, ...] = (-1, 0)
    for i, clause in enumerate(o_cl):
        if i in o_key:
            last = o_key[i]
        else:
            placed.append(((last[0], 1, i), Op("omitted", (clause.path,), (), old_text=clause.full_text)))
    placed.sort(key=lambda item: item[0])
    return tuple(op for _, op in placed)
