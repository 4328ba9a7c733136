"""Clause alignment: which clause of one round became which of the next.

Every clause and sub-clause of both documents (``Document.walk`` order) ends
in exactly one operation.  The steps, each near-linear in clause count:

1. **Keys.**  Each clause's text with its continuation paragraphs is
   tokenized under the normalization profile.
2. **Candidates.**  Clauses whose keys are identical pair at once (a hash
   lookup: the common case of an unchanged clause costs nothing more).  For
   the others an inverted index of word bigrams, weighted by rarity, proposes
   the few old clauses sharing the most rare bigrams; a shared formula such
   as ``شددنا على`` or ``Reaffirmed their commitment to`` is common and so
   weighs little.  Only those candidates get a real similarity (rapidfuzz's
   C-backed Indel ratio over tokens).  Never all pairs.
3. **Order-preserving alignment.**  The heaviest chain of candidate pairs
   increasing in both documents (dynamic programming over the sparse pairs
   with a Fenwick tree, O(P log n)): the clauses that kept their order.
4. **Moves.**  Left-over clauses whose best partner is also left over pair
   as ``moved``; an in-order pair is given up for a much better crossing one.
5. **Splits and merges.**  A clause whose text is spread over consecutive
   clauses of the other side (each contained in it, together more similar
   than any one alone) becomes ``split`` (or ``merged``).
6. What is left is ``added`` or ``dropped``.

The similarity ``threshold`` (default 0.5) is the least token similarity for
two clauses to count as the same clause: low enough for a reworded clause
that kept half its words, high enough that two clauses sharing only a
formula opening do not pair.  When either side is a prose report (a news
paraphrase of the statement), the default is 0.4: a paraphrase keeps fewer
of the words (measured on seeds 000/003: true pairs 0.40–0.64, the best
wrong pair 0.30).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..model import Clause, Document, Profile
from ..text.tokens import word_keys

DEFAULT_THRESHOLD = 0.5
PROSE_THRESHOLD = 0.4
CANDIDATES = 8  # old clauses examined per new clause
SWAP_MARGIN = 0.15  # a crossing pair this much better replaces an in-order one
CONTAINED = 0.7  # share of a part's words found in the whole, for split/merge


@dataclass(slots=True)
class Side:
    clauses: list[Clause]
    keys: list[list[str]]
    joined: list[str]

    @classmethod
    def of(cls, doc: Document, profile: Profile, memo: dict[str, list[str]]) -> Side:
        """``memo`` (text → keys) is shared by both sides: most clauses of a
        next round are the last round's text, and their keys were most of
        a diff's time."""
        clauses = list(doc.walk())
        keys = []
        for c in clauses:
            text = c.full_text
            k = memo.get(text)
            if k is None:
                k = memo[text] = word_keys(text, profile)
            keys.append(k)
        return cls(clauses, keys, ["\x1f".join(k) for k in keys])


def similarity(a: list[str], b: list[str]) -> float:
    """Token-sequence similarity in [0, 1]: 2·LCS / (len a + len b)."""
    if not a and not b:
        return 1.0
    return Indel.normalized_similarity(a, b)


def _bigrams(keys: list[str]) -> set[tuple[str, str]] | set[tuple[str]]:
    return set(itertools.pairwise(keys)) if len(keys) > 1 else {tuple(keys)}


def _candidates(old: Side, new: Side, exact: dict[int, list[int]]) -> dict[int, list[int]]:
    """For each new clause without an exact twin, the old clauses sharing the
    most rare bigrams (IDF-weighted; bigrams in more than a fifth of the
    clauses are skipped as formulae).  Old clauses that have an exact twin are
    not indexed: they are accounted for, and in the usual round that leaves a
    tenth of the clauses to index."""
    taken = {i for olds in exact.values() for i in olds}
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, keys in enumerate(old.keys):
        if i not in taken:
            for gram in _bigrams(keys):
                index[gram].append(i)
    n = max(len(old.keys) - len(taken), 1)
    common = max(20, n // 5)
    out: dict[int, list[int]] = {}
    for j, keys in enumerate(new.keys):
        if j in exact:
            continue
        scores: Counter[int] = Counter()
        for gram in _bigrams(keys):
            posting = index.get(gram)
            if posting and len(posting) <= common:
                weight = math.log(1 + n / len(posting))
                for i in posting:
                    scores[i] += weight
        out[j] = [i for i, _ in scores.most_common(CANDIDATES)]
    return out


def _heaviest_chain(pairs: list[tuple[int, int, float]], n_old: int) -> list[tuple[int, int, float]]:
    """The chain of pairs strictly increasing in both indexes with the
    largest total weight (weighted LIS, Fenwick tree of prefix maxima)."""
    pairs = sorted(pairs, key=lambda p: (p[1], -p[0]))
    tree_w = [0.0] * (n_old + 1)
    tree_id = [-1] * (n_old + 1)
    back = [-1] * len(pairs)
    best_total, best_end = 0.0, -1
    for k, (i, _j, w) in enumerate(pairs):
        # query max over old indexes < i
        q_w, q_id, x = 0.0, -1, i
        while x > 0:
            if tree_w[x] > q_w:
                q_w, q_id = tree_w[x], tree_id[x]
            x -= x & -x
        total = q_w + w
        back[k] = q_id
        if total > best_total:
            best_total, best_end = total, k
        x = i + 1
        while x <= n_old:
            if total > tree_w[x]:
                tree_w[x], tree_id[x] = total, k
            x += x & -x
    chain = []
    while best_end != -1:
        chain.append(pairs[best_end])
        best_end = back[best_end]
    return chain[::-1]


def _contained(part: list[str], whole: Counter) -> float:
    if not part:
        return 0.0
    return sum((Counter(part) & whole).values()) / len(part)


class Aligner:
    def __init__(self, old: Side, new: Side, threshold: float) -> None:
        self.old, self.new, self.threshold = old, new, threshold
        self.sim_cache: dict[tuple[int, int], float] = {}
        self.o2n: dict[int, int] = {}
        self.n2o: dict[int, int] = {}
        self.moved: set[int] = set()  # new indexes of moved pairs
        self.groups: list[tuple[str, list[int], list[int], float]] = []  # split/merge

    def sim(self, i: int, j: int) -> float:
        s = self.sim_cache.get((i, j))
        if s is None:
            s = self.sim_cache[(i, j)] = similarity(self.old.keys[i], self.new.keys[j])
        return s

    def run(self) -> None:
        by_text: dict[str, list[int]] = defaultdict(list)
        for i, joined in enumerate(self.old.joined):
            by_text[joined].append(i)
        # Identical twins pair at once.  With k copies of one text, all of
        # them against all would be k² pairs (a page repeating a paragraph
        # thousands of times ran out of memory): the r-th copy in new is
        # offered the copies near rank r in old, which are interchangeable.
        # Up to 2·CANDIDATES + 1 copies, that is all of them.
        window = 2 * CANDIDATES + 1
        rank: Counter[str] = Counter()
        exact: dict[int, list[int]] = {}
        for j, t in enumerate(self.new.joined):
            olds = by_text.get(t)
            if olds:
                lo = max(0, min(rank[t] - CANDIDATES, len(olds) - window))
                exact[j] = olds[lo:lo + window]
                rank[t] += 1
        self.cands = _candidates(self.old, self.new, exact)
        pairs = [(i, j, 1.0) for j, olds in exact.items() for i in olds]
        for j, olds in self.cands.items():
            pairs += [(i, j, s) for i in olds if (s := self.sim(i, j)) >= self.threshold]
        self.pairs = pairs
        for i, j, _ in _heaviest_chain(pairs, len(self.old.keys)):
            self.o2n[i], self.n2o[j] = j, i
        self._moves()
        self._groups(split=True)
        self._groups(split=False)

    def _moves(self) -> None:
        best: dict[int, tuple[float, int]] = {}
        for i, j, s in self.pairs:
            crossing = i not in self.o2n and (j not in self.n2o or s >= self.sim(self.n2o[j], j) + SWAP_MARGIN)
            if crossing and s > best.get(j, (0.0, -1))[0]:
                best[j] = (s, i)
        for j, (s, i) in sorted(best.items(), key=lambda kv: -kv[1][0]):
            if i in self.o2n:
                continue
            if j in self.n2o:
                if s < self.sim(self.n2o[j], j) + SWAP_MARGIN:
                    continue
                del self.o2n[self.n2o.pop(j)]
            self.o2n[i], self.n2o[j] = j, i
            self.moved.add(j)

    def _groups(self, split: bool) -> None:
        """Find one-to-many (split) or many-to-one (merge) correspondences."""
        one, many = (self.old, self.new) if split else (self.new, self.old)
        one2, many2 = (self.o2n, self.n2o) if split else (self.n2o, self.o2n)
        if split:
            reverse: dict[int, list[int]] = defaultdict(list)
            for j, olds in self.cands.items():
                for i in olds:
                    reverse[i].append(j)
            neighbours = reverse
        else:
            neighbours = self.cands
        grouped = {m for _, a, b, _ in self.groups for m in (b if split else a)}
        for x in range(len(one.keys)):
            partner = one2.get(x)
            if partner is not None and (partner in self.moved if split else x in self.moved):
                continue
            if partner is not None and one.joined[x] == many.joined[partner]:
                # An identical twin: a group holds the partner, so it can never
                # beat its similarity of 1 (most clauses of a round; this was a
                # third of a diff of parsed documents).
                continue
            whole = Counter(one.keys[x])
            seeds = sorted({partner} if partner is not None else
                           {y for y in neighbours.get(x, ()) if y not in many2})
            # A seed inside a run already grown for ``x`` grows that same run:
            # skip it (else seeds × run length containment and similarity
            # checks, quadratic when one clause contains most others' words).
            tried: list[tuple[int, int]] = []
            for seed in seeds:
                if any(lo <= seed <= hi for lo, hi in tried):
                    continue
                run = self._grow(seed, whole, many, many2, partner, grouped)
                if len(run) < 2:
                    continue
                tried.append((run[0], run[-1]))
                joined = [k for y in run for k in many.keys[y]]
                s = similarity(one.keys[x], joined)
                single = max(similarity(one.keys[x], many.keys[y]) for y in run)
                if s >= self.threshold and s > single:
                    self._apply_group(split, x, run, s)
                    grouped.update(run)
                    break

    def _grow(self, seed: int, whole: Counter, many: Side, many2: dict, partner: int | None,
              grouped: set[int]) -> list[int]:
        def free(y: int) -> bool:
            return 0 <= y < len(many.keys) and y not in grouped and (y == partner or y not in many2)

        if not free(seed) or (seed != partner and _contained(many.keys[seed], whole) < CONTAINED):
            return []
        lo = hi = seed
        while free(lo - 1) and _contained(many.keys[lo - 1], whole) >= CONTAINED:
            lo -= 1
        while free(hi + 1) and _contained(many.keys[hi + 1], whole) >= CONTAINED:
            hi += 1
        return list(range(lo, hi + 1))

    def _apply_group(self, split: bool, x: int, run: list[int], s: float) -> None:
        if split:
            old_ids, new_ids = [x], run
        else:
            old_ids, new_ids = run, [x]
        for i in old_ids:
            if i in self.o2n:
                self.n2o.pop(self.o2n.pop(i), None)
        for j in new_ids:
            if j in self.n2o:
                self.o2n.pop(self.n2o.pop(j), None)
            self.moved.discard(j)
        self.groups.append(("split" if split else "merged", old_ids, new_ids, s))


