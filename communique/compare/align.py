"""Clause alignment: which clause of one round became which of the next.

Every clause and sub-clause of both documents (``Document.walk`` order) ends
in exactly one operation.  The steps, each near-linear in clause count:

1. **Keys.**  Each clause's text with its continuation paragraphs is
   tokenized under the normalization profile, and read as content terms
   (light stems) and anchors (names, numbers) for the scorer
   (``similarity.py``).
2. **Candidates.**  Clauses whose keys are identical pair at once (a hash
   lookup: the common case of an unchanged clause costs nothing more).  For
   the others an inverted index of word bigrams and rare terms, weighted by
   rarity, proposes the few clauses of the other side sharing the most; a
   shared formula such as ``شددنا على`` is common and so weighs little.  Only
   candidates are scored.  Never all pairs.
3. **Order-preserving alignment.**  The heaviest chain of candidate pairs
   (weight: the pair's confidence) increasing in both documents (dynamic
   programming over the sparse pairs with a Fenwick tree, O(P log n)): the
   clauses that kept their order.
4. **Gaps.**  Between two aligned neighbours, one left-over clause on each
   side is likely the same clause reworded: it pairs at a lower confidence.
5. **Moves.**  Left-over clauses whose best partner is also left over pair
   as ``moved``; an in-order pair is given up for a much better crossing one.
6. **Splits and merges**, in one pass: every clause with consecutive
   clauses of the other side that each repeat part of it proposes a group;
   groups better than the clause's best single partner are taken best
   first, each clause in at most one, with a tie-break that does not depend
   on which side is old: ``diff(b, a)`` mirrors ``diff(a, b)``.
7. What is left is ``added`` or ``dropped``.

Pairs are decided by the pair's *confidence*, the calibrated probability
that two clauses are the same clause (``similarity.py``); the ``threshold``
(default 0.5) is the least confidence for a pair.
"""

from __future__ import annotations

import heapq
import itertools
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Generic, Literal, TypeVar

from ..model import Clause, Document, Profile
from ..text.tokens import word_keys
from .similarity import Profile as ClauseProfile
from .similarity import Scorer, combine, token_similarity

DEFAULT_THRESHOLD = 0.5
PROSE_THRESHOLD = 0.5  # the confidence model has a feature for prose sides: one threshold serves both
IN_PLACE = 0.4  # what being in place adds to a gap pair's rank against a move (see _off_chain)
MOVE_SIMILARITY = 0.3  # the least word similarity of a move
GAP_FACTOR = 0.6  # a lone left-over pair between aligned neighbours pairs at this share of the threshold
CANDIDATES = 8  # clauses of the other side examined per clause
# A term in more than a fifth of the clauses still to align is a formula and proposes nothing;
# past COMMON_CAP clauses a term proposes nothing either, however many clauses there are:
# otherwise every clause reads every other clause's posting (quadratic when thousands of
# clauses are left to align and all look alike: 100,000 short clauses took minutes).  Such a
# term weighs less than log(1 + n/COMMON_CAP) and only orders the weakest candidates.  It
# binds only where more than 5 × COMMON_CAP clauses of a side are left to align (640), far
# beyond any statement of the evaluation sets (a few hundred clauses in all).  At 256 the
# candidate search still grew 10× from 1,200 to 4,900 clauses left to align; at 128, 5.5×.
COMMON_CAP = 128
PART = 0.45  # share of a part's weighted terms found in the whole, for split/merge
PROSE_PART = 0.3  # a report paraphrases: its paragraph keeps less of each clause it retells
GROUP_MARGIN = 0.1  # share of a clause a group must explain beyond its best single part
MAX_GROUP = 6  # parts in one split or merge


class Side:
    """One document's clauses as the aligner reads them.  Keys and profiles
    are computed on first use: most clauses of a next round are the last
    round's text byte for byte, pair by a hash lookup on the raw text and
    never need either (keys were most of a diff's time)."""

    def __init__(self, doc: Document, profile: Profile, memo: dict[str, list[str]]) -> None:
        """``memo`` (text → keys) is shared by both sides and by the rounds
        of a history, so a text is keyed once."""
        self.clauses: list[Clause] = list(doc.walk())
        self.texts = [c.full_text for c in self.clauses]
        self.keys = _Lazy(self.texts, lambda text: _keys(text, profile, memo))
        self.joined = _Lazy(self.texts, lambda text: "\x1f".join(self.keys.of(text)))
        self.profiles = _Lazy(self.texts, lambda text: ClauseProfile.of(text, self.keys.of(text)))
        # the index terms of the candidate search, read by both of its directions
        self.grams = _Lazy(self.texts, lambda text: _grams(self.keys.of(text), self.profiles.of(text).counts))
        # the chain's last tie-break (see heaviest_chain)
        self.checksums = _Lazy(self.texts, lambda text: zlib.crc32(text.encode("utf-8", "surrogatepass")))

    @classmethod
    def of(cls, doc: Document, profile: Profile, memo: dict[str, list[str]]) -> Side:
        return cls(doc, profile, memo)

    def __len__(self) -> int:
        return len(self.clauses)


class SideCache:
    """The sides of the documents of several diffs (a history's rounds), each
    built once: a round is the new side of one diff and the old side of the
    next, and what its clauses were found to be (keys, profiles, index terms)
    serves both.  Texts are keyed once across all of them.  The documents are
    held, so an identity stays theirs while the cache lives."""

    def __init__(self) -> None:
        self.keys: dict[Profile, dict[str, list[str]]] = {}
        self._sides: dict[int, tuple[Document, Profile, Side]] = {}

    def side(self, doc: Document, profile: Profile) -> Side:
        hit = self._sides.get(id(doc))
        if hit is not None and hit[0] is doc and hit[1] == profile:
            return hit[2]
        side = Side(doc, profile, self.keys.setdefault(profile, {}))
        self._sides[id(doc)] = (doc, profile, side)
        return side


T = TypeVar("T")


class _Lazy(Generic[T]):
    """``values[i]``: a function of clause ``i``'s text, computed once per text."""

    def __init__(self, texts: list[str], compute: Callable[[str], T]) -> None:
        self.texts, self.compute = texts, compute
        self.done: dict[str, T] = {}
        self.at: list[T | None] = [None] * len(texts)

    def of(self, text: str) -> T:
        value = self.done.get(text)
        if value is None:
            value = self.done[text] = self.compute(text)
        return value

    def __getitem__(self, i: int) -> T:
        value = self.at[i]
        if value is None:
            value = self.at[i] = self.of(self.texts[i])
        return value

    def __len__(self) -> int:
        return len(self.texts)


def _keys(text: str, profile: Profile, memo: dict[str, list[str]]) -> list[str]:
    k = memo.get(text)
    if k is None:
        k = memo[text] = word_keys(text, profile)
    return k


def similarity(a: list[str], b: list[str]) -> float:
    """Token-sequence similarity in [0, 1]: 2·LCS / (len a + len b) (see
    :func:`similarity.token_similarity`: exact but for giant clauses)."""
    return token_similarity(a, b)


def _may_reach(a: list[str], b: list[str], least: float) -> bool:
    """Whether ``similarity(a, b)`` can reach ``least``: 2·LCS / (len a + len b) is at most
    2·min / (len a + len b), known without comparing a token (the margin covers rounding)."""
    total = len(a) + len(b)
    return not total or 2 * min(len(a), len(b)) >= least * total * (1 - 1e-9)


def _grams(keys: list[str], counts: Counter[str]) -> tuple[object, ...]:
    """A clause's index terms: its word bigrams, then its rare single terms
    (a reworded clause may share few bigrams), each once, in text order.
    Not a set: the candidates' scores are sums over these terms, and a set
    of strings iterates in an order that changes with the hash seed, which
    changed the sums' last bits and the ties among near-identical clauses
    (so the same diff came out differently from one process to the next)."""
    bigrams: list[object] = list(itertools.pairwise(keys)) if len(keys) > 1 else [tuple(keys)]
    return tuple(dict.fromkeys([*bigrams, *counts]))


@dataclass(frozen=True, slots=True)
class Group:
    kind: Literal["split", "merged"]
    old: tuple[int, ...]
    new: tuple[int, ...]
    confidence: float


class Aligner:
    def __init__(self, old: Side, new: Side, threshold: float, prose: bool = False) -> None:
        self.old, self.new, self.threshold = old, new, threshold
        self.prose = prose
        self.scorer = Scorer([], [], prose)  # replaced in run(), over the clauses without a twin
        self.part = PROSE_PART if prose else PART
        self.conf_cache: dict[tuple[int, int], float] = {}
        self.o2n: dict[int, int] = {}
        self.n2o: dict[int, int] = {}
        self.moved: set[int] = set()  # new indexes of moved pairs
        self.groups: list[Group] = []

    def sim(self, i: int, j: int) -> float:
        """Token similarity of old ``i`` and new ``j``."""
        return similarity(self.old.keys[i], self.new.keys[j])

    def conf(self, i: int, j: int) -> float:
        """Confidence that old ``i`` and new ``j`` are the same clause."""
        c = self.conf_cache.get((i, j))
        if c is None:
            if self.old.texts[i] == self.new.texts[j] or self.old.joined[i] == self.new.joined[j]:
                c = 1.0
            else:
                c = self.scorer.confidence(self.old.profiles[i], self.new.profiles[j])
            self.conf_cache[(i, j)] = c
        return c

    def _conf_reaching(self, i: int, j: int) -> float:
        """:meth:`conf`, or 0 for a pair the scorer knows cannot reach the
        threshold (not kept: a later question about it is answered in full)."""
        c = self.conf_cache.get((i, j))
        if c is None:
            if self._twin(i, j):
                return self.conf(i, j)
            reached = self.scorer.confidence_reaching(self.old.profiles[i], self.new.profiles[j], self.threshold)
            if reached is None:
                return 0.0
            c = self.conf_cache[(i, j)] = reached
        return c

    def _twin(self, i: int, j: int) -> bool:
        """Old ``i`` and new ``j`` are the same text, or the same keys."""
        return self.old.texts[i] == self.new.texts[j] or self.old.joined[i] == self.new.joined[j]

    def run(self) -> None:
        exact = self.prepare()
        self.cands = self._candidates()
        self.cands_of_old: dict[int, list[int]] = defaultdict(list)  # old index → new clauses it is a candidate of
        for j, olds in self.cands.items():
            for i in olds:
                self.cands_of_old[i].append(j)
        pairs = [(i, j, 1.0) for j, olds in exact.items() for i in olds]
        for j, olds in self.cands.items():
            pairs += [(i, j, c) for i in olds if (c := self._conf_reaching(i, j)) >= self.threshold]
        self.pairs = pairs
        for i, j, _ in heaviest_chain(pairs, len(self.old), self._content):
            self.o2n[i], self.n2o[j] = j, i
        self._off_chain()
        self._groups()

    def prepare(self) -> dict[int, list[int]]:
        """The twins (see :meth:`_exact`), the clauses left to align, and the
        scorer over them; the twins are returned."""
        exact = self._exact()
        taken_old = {i for olds in exact.values() for i in olds}
        self.free_old = [i for i in range(len(self.old)) if i not in taken_old]
        self.free_new = [j for j in range(len(self.new)) if j not in exact]
        # Term weights from the clauses still to align: the twins are settled,
        # and profiling them all cost more than the rest of a diff.
        self.scorer = Scorer([self.old.profiles[i] for i in self.free_old],
                             [self.new.profiles[j] for j in self.free_new], self.prose)
        return exact

    def _exact(self) -> dict[int, list[int]]:
        """New index → old indexes of its twins: the same text byte for
        byte, then (among the rest) the same keys, a difference the profile
        folds.  With k copies of one text, all of them against all would be
        k² pairs (a page repeating a paragraph thousands of times ran out of
        memory): the r-th copy in new is offered the copies near rank r in
        old, which are interchangeable."""
        exact = self._twins(self.old.texts, range(len(self.old)), self.new.texts, range(len(self.new)))
        taken = {i for olds in exact.values() for i in olds}
        rest_old = [i for i in range(len(self.old)) if i not in taken]
        rest_new = [j for j in range(len(self.new)) if j not in exact]
        if rest_old and rest_new:
            exact.update(self._twins(self.old.joined, rest_old, self.new.joined, rest_new))
        return exact

    @staticmethod
    def _twins(old_values: _Lazy[str] | list[str], old_ids: Iterable[int], new_values: _Lazy[str] | list[str],
               new_ids: Iterable[int]) -> dict[int, list[int]]:
        by_value: dict[str, list[int]] = defaultdict(list)
        for i in old_ids:
            by_value[old_values[i]].append(i)
        window = 2 * CANDIDATES + 1
        rank: Counter[str] = Counter()
        out: dict[int, list[int]] = {}
        for j in new_ids:
            value = new_values[j]
            olds = by_value.get(value)
            if olds:
                if len(olds) <= window:  # (the common case: one copy) every copy is offered, whatever the rank
                    out[j] = olds
                    continue
                lo = max(0, min(rank[value] - CANDIDATES, len(olds) - window))
                out[j] = olds[lo:lo + window]
                rank[value] += 1
        return out

    def _candidates(self) -> dict[int, list[int]]:
        """For each new clause without an exact twin, the old clauses sharing
        the most rare bigrams and terms (IDF-weighted; those in more than a
        fifth of the clauses are skipped as formulae), and the new clauses
        each such old clause would propose in turn (the candidate relation is
        the same whichever side is old).  Clauses with an exact twin are not
        indexed: they are accounted for."""
        free_old, free_new = self.free_old, self.free_new
        out: dict[int, set[int]] = defaultdict(set)
        for j, i in self._propose(self.new, free_new, self.old, free_old):
            out[j].add(i)
        for i, j in self._propose(self.old, free_old, self.new, free_new):
            out[j].add(i)
        return {j: sorted(out[j]) for j in free_new if out.get(j)}

    @staticmethod
    def _propose(query: Side, q_ids: list[int], target: Side, t_ids: list[int]) -> list[tuple[int, int]]:
        # postings hold positions in t_ids: the scores are a list, not a dict (a list's item
        # is read and written in a third of a dict's time, and this loop is most of the search);
        # one list for every query, the entries a query reached set back to 0 after it (a list
        # per query would cost queries x targets)
        index: defaultdict[object, list[int]] = defaultdict(list)
        for k, t in enumerate(t_ids):
            for gram in target.grams[t]:
                index[gram].append(k)
        n = max(len(t_ids), 1)
        common = min(max(20, n // 5), COMMON_CAP)
        # a posting's weight depends on its length only: computed once per length, and kept
        # with each posting that counts (the others never propose)
        weight_of = [0.0, *(math.log(1 + n / size) for size in range(1, common + 1))]
        weighted = {gram: (posting, weight_of[len(posting)]) for gram, posting in index.items()
                    if len(posting) <= common}
        get = weighted.get
        out: list[tuple[int, int]] = []
        scores = [0.0] * n
        for q in q_ids:
            reached: list[int] = []  # in the order first reached (heapq.nlargest breaks ties by it)
            for gram in query.grams[q]:
                hit = get(gram)
                if hit is not None:
                    posting, weight = hit
                    for k in posting:
                        s = scores[k]
                        if not s:  # (every weight is positive)
                            reached.append(k)
                        scores[k] = s + weight
            # (the candidates are a set: with CANDIDATES or fewer, all of them in any order)
            best = reached if len(reached) <= CANDIDATES else \
                heapq.nlargest(CANDIDATES, reached, key=scores.__getitem__)
            out.extend((q, t_ids[k]) for k in best)
            for k in reached:
                scores[k] = 0.0
        return out

    def _content(self, i: int, j: int) -> int:
        """The chain's last tie-break (see :func:`heaviest_chain`): the two
        texts' checksums added, the same whichever side is old."""
        return self.old.checksums[i] + self.new.checksums[j]

    def _off_chain(self) -> None:
        """The clauses the chain left over, paired best first from two kinds
        of offer (ties: nearer the start, then nearer each other):

        * a gap between two aligned neighbours holding exactly one clause on
          each side: the same clause reworded, unless the scorer is sure it
          is not (two different clauses sharing a formula);
        * a candidate pair of two left-over clauses across the chain: a move.

        One pool, so that a weak pairing in place never keeps a clause from
        its identical twin elsewhere (nor the other way), and the result is
        the mirror of the other direction's: both kinds of offer read the
        same whichever side is old.  A pairing on the chain is never taken
        away from a clause."""
        chain = sorted(self.o2n.items())
        bounds = [(-1, -1), *chain, (len(self.old), len(self.new))]
        offers: list[tuple[int, int, float, bool]] = []
        for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
            if i1 - i0 == 1 or j1 - j0 == 1:
                continue  # nothing between the neighbours on one side: no lone pair
            olds = [i for i in range(i0 + 1, i1) if i not in self.o2n]
            news = [j for j in range(j0 + 1, j1) if j not in self.n2o]
            if len(olds) == 1 and len(news) == 1 and (c := self.conf(olds[0], news[0])) >= GAP_FACTOR * self.threshold:
                offers.append((olds[0], news[0], c, False))
        # a move also needs words in common: a formula-sharing clause elsewhere with a confident
        # score but a few shared words (a dropped clause) is no move of a clause reworded in place
        offers += [(i, j, c, True) for i, j, c in self.pairs if i not in self.o2n and j not in self.n2o
                   and _may_reach(self.old.keys[i], self.new.keys[j], MOVE_SIMILARITY)
                   and similarity(self.old.keys[i], self.new.keys[j]) >= MOVE_SIMILARITY]
        # a pair in place has its position for it: it ranks IN_PLACE above its confidence, so a
        # reworded clause keeps its place against a look-alike elsewhere, but not against a twin
        offers.sort(key=lambda p: (-(p[2] + (0.0 if p[3] else IN_PLACE)), p[0] + p[1], abs(p[0] - p[1]), p[3]))
        for i, j, _c, move in offers:
            if i in self.o2n or j in self.n2o:
                continue
            self.o2n[i], self.n2o[j] = j, i
            if move:
                self.moved.add(j)

    # --------------------------------------------------------------- split / merge

    def _groups(self) -> None:
        """Splits and merges in one pass: every proposal from both sides is
        scored, then taken best first while none of its clauses is taken."""
        proposals: list[tuple[tuple[float, int, int], Group]] = []
        for x in self.free_old:
            proposals.extend(self._proposals(x, split=True))
        for y in self.free_new:
            proposals.extend(self._proposals(y, split=False))
        proposals.sort(key=lambda item: item[0])
        used_old: set[int] = set()
        used_new: set[int] = set()
        for _, group in proposals:
            if used_old.intersection(group.old) or used_new.intersection(group.new):
                continue
            if not self._beats_pairs(group):
                continue
            used_old.update(group.old)
            used_new.update(group.new)
            for i in group.old:
                if i in self.o2n:
                    self.n2o.pop(self.o2n.pop(i), None)
            for j in group.new:
                if j in self.n2o:
                    self.o2n.pop(self.n2o.pop(j), None)
                self.moved.discard(j)
            self.groups.append(group)

    def _proposals(self, x: int, split: bool) -> list[tuple[tuple[float, int, int], Group]]:
        one, many = (self.old, self.new) if split else (self.new, self.old)
        partner = (self.o2n if split else self.n2o).get(x)
        if partner is not None and (self._twin(x, partner) if split else self._twin(partner, x)):
            return []  # an identical twin: no group can beat it
        neighbours = self._neighbours(x, split)
        if partner is not None:
            neighbours.add(partner)
        whole = one.profiles[x]
        # The runs grown from x's neighbours overlap (two seeds in one run grow the same run):
        # each clause's verdict as a part of x, and its share of x, is computed once.
        verdicts: dict[int, bool] = {}
        shares: dict[int, float] = {}

        def part(y: int) -> bool:
            verdict = verdicts.get(y)
            if verdict is None:
                verdict = verdicts[y] = self._part(x, y, split)
            return verdict

        def share(y: int) -> float:
            value = shares.get(y)
            if value is None:
                value = shares[y] = self._contained(whole, many.profiles[y])
            return value

        out = []
        tried: set[tuple[int, int]] = set()
        for seed in sorted(neighbours):
            run = self._grow(seed, part)
            if len(run) < 2 or (run[0], run[-1]) in tried:
                continue
            tried.add((run[0], run[-1]))
            parts = combine([many.profiles[y] for y in run])
            conf = self.scorer.confidence(whole, parts) if split else self.scorer.confidence(parts, whole)
            # the group must explain clearly more of x than its best single part does
            best_single = max(share(y) for y in run)
            if conf < self.threshold or self._contained(whole, parts) < best_single + GROUP_MARGIN:
                continue
            group = Group("split", (x,), tuple(run), conf) if split else Group("merged", tuple(run), (x,), conf)
            # best first; ties by position, the same whichever side is old
            key = (-conf, min(group.old) + min(group.new), len(group.old) + len(group.new))
            out.append((key, group))
        return out

    def _neighbours(self, x: int, split: bool) -> set[int]:
        if split:
            return set(self.cands_of_old.get(x, ()))
        return set(self.cands.get(x, ()))

    def _part(self, x: int, y: int, split: bool) -> bool:
        """Whether clause ``y`` of the other side repeats enough of ``x`` to be
        one of its parts (and has no exact twin elsewhere)."""
        many = self.new if split else self.old
        if not 0 <= y < len(many):
            return False
        exact = self.n2o if split else self.o2n
        other = exact.get(y)
        if other is not None and (self._twin(other, y) if split else self._twin(y, other)):
            return False
        whole = self.old.profiles[x] if split else self.new.profiles[x]
        return self._contained(many.profiles[y], whole) >= self.part

    @staticmethod
    def _grow(seed: int, part: Callable[[int], bool]) -> list[int]:
        """Consecutive clauses around ``seed`` on the other side, each of
        which is a ``part``, at most MAX_GROUP of them."""
        if not part(seed):
            return []
        lo = hi = seed
        while hi - lo + 1 < MAX_GROUP and part(lo - 1):
            lo -= 1
        while hi - lo + 1 < MAX_GROUP and part(hi + 1):
            hi += 1
        return list(range(lo, hi + 1))

    def _contained(self, piece: ClauseProfile, whole: ClauseProfile) -> float:
        """The share of ``piece``'s weighted terms that ``whole`` has too."""
        total = self.scorer.total(piece)
        return self.scorer.overlap(piece, whole) / total if total else 0.0

    def _beats_pairs(self, group: Group) -> bool:
        """A group replaces the pairs its clauses are in with clauses outside
        it only when it is more confident than each of them."""
        for i in group.old:
            j = self.o2n.get(i)
            if j is not None and j not in group.new and self.conf(i, j) > group.confidence:
                return False
        for j in group.new:
            k = self.n2o.get(j)
            if k is not None and k not in group.old and self.conf(k, j) > group.confidence:
                return False
        return True


def heaviest_chain(pairs: list[tuple[int, int, float]], n_old: int,
                   content: Callable[[int, int], int] | None = None) -> list[tuple[int, int, float]]:
    """The chain of pairs strictly increasing in both indexes with the
    largest total weight (weighted LIS, Fenwick tree of prefix maxima).

    Chains of equal weight (a text repeated on one side) are told apart by
    a tie-break that reads the same whichever side is old, so ``diff(b, a)``
    mirrors ``diff(a, b)``: the pairs nearer in position, then the earlier
    ones.  It is far below any difference of confidence (1e-9 a pair).
    Positions cannot tell two crossing pairs (i, j) and (j, i) apart (two
    clauses that swapped places, each unchanged): their weights are equal
    to the last bit, and the order of the scan would decide, differently in
    each direction.  ``content(i, j)``, an integer that is the same for a
    pair whichever side is old (from the two texts), decides then: the
    chain with the larger sum (integers: exact), summed only where two
    weights are equal."""
    span = 2.0 * (n_old + max((j for _i, j, _w in pairs), default=0) + 2)
    scored = [(i, j, w - _TIE * (abs(i - j) + (i + j) / span), w) for i, j, w in pairs]
    return [(i, j, w) for i, j, _tied, w in _heaviest(scored, n_old, content)]


_TIE = 1e-9


def _heaviest(pairs: list[tuple[int, int, float, float]], n_old: int,
              content: Callable[[int, int], int] | None) -> list[tuple[int, int, float, float]]:
    # by j, then by i downwards (two stable sorts on C keys: a key tuple per pair cost more than the chain)
    pairs = sorted(sorted(pairs, key=itemgetter(0), reverse=True), key=itemgetter(1))
    tree_w = [0.0] * (n_old + 1)
    tree_id = [-1] * (n_old + 1)
    back = [-1] * len(pairs)
    # A chain's content sum (see heaviest_chain) is asked only where two weights are equal,
    # which few pairs ever meet: it is summed back along the chain then, each pair's once
    # (two checksums a pair were a tenth of a diff of two near-identical rounds).
    sums: dict[int, int] = {-1: 0}

    def content_sum(k: int) -> int:
        if content is None:
            return 0
        todo = []
        while k not in sums:
            todo.append(k)
            k = back[k]
        total = sums[k]
        for k in reversed(todo):
            i, j = pairs[k][0], pairs[k][1]
            total = sums[k] = total + content(i, j)
        return total

    best_total, best_end = 0.0, -1
    for k, (i, _j, w, _weight) in enumerate(pairs):
        q_w, q_id, x = 0.0, -1, i
        while x > 0:
            t_w = tree_w[x]
            if t_w > q_w or (t_w == q_w and content_sum(tree_id[x]) > content_sum(q_id)):
                q_w, q_id = t_w, tree_id[x]
            x -= x & -x
        total = q_w + w
        back[k] = q_id
        if total > best_total or (total == best_total and content_sum(k) > content_sum(best_end)):
            best_total, best_end = total, k
        x = i + 1
        while x <= n_old:
            t_w = tree_w[x]
            if total > t_w or (total == t_w and content_sum(k) > content_sum(tree_id[x])):
                tree_w[x], tree_id[x] = total, k
            x += x & -x
    chain = []
    while best_end != -1:
        chain.append(pairs[best_end])
        best_end = back[best_end]
    return chain[::-1]
