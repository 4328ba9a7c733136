"""How likely two clauses are the same clause: features and a calibrated score.

Readers call two clauses the same when they say the same thing about the
same subject, however much the wording moved.  Shared formula openings
(``Reaffirmed their strong commitment to …``, ``أكد المشاركون مجدداً …``)
say little; shared names, numbers and rare words say a lot; names that
differ (Yemen against Iraq, Al-Hol against Rukban) say they are different
clauses even when most words are shared.  The features:

* ``order``: token-sequence similarity (2·LCS / total length) of the keys,
  how much of the wording survived in order;
* ``dice``: overlap of lightly stemmed content terms, each weighted by its
  rarity among the clauses of both documents (inverse document frequency),
  so formulae weigh little;
* ``contained``: the same weighted overlap over the shorter side alone,
  for a clause cut short or extended;
* ``core``: the same overlap once the opening and closing words both
  sides share are set aside (two different clauses in one formula frame
  share the frame, not the middle);
* ``conflict``: names and numbers each side has and the other lacks, when
  they share few: the mark of two different clauses in the same formula;
* ``anchor``: a name or a resolution-like number (three digits or more,
  not a year) that only these two clauses carry;
* ``ratio``: length ratio; ``prose``: one side is a prose report.

A logistic model over these, fitted on the labelled evaluation set
(``bench/eval``, ``python -m bench.calibrate``), gives a probability that
the pair is the same clause: the op's ``confidence``.  Two clauses pair when
it reaches the threshold (default 0.5).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel, LCSseq

from ..text.names import PLACES, STATES
from ..text.patterns import compiled

# Fitted by bench/calibrate.py on bench/eval/alignment.jsonl (logistic regression;
# see the README of bench/ for the figures): intercept, then one weight per feature.
WEIGHTS = {"bias": -10.71, "order": -2.17, "dice": 8.71, "contained": 9.33, "core": 2.77, "middle": 3.7,
           "conflict": -3.54, "anchor": 4.95, "ratio": -0.19, "prose": 0.32}
FEATURES = ("order", "dice", "contained", "core", "middle", "conflict", "anchor", "ratio", "prose")

_WORDISH = compiled(r"[\p{L}\p{N}]")
_NUMBER = compiled(r"^\p{N}+(?:[.,]\p{N}+)*$")
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_ARABIC_SUFFIXES = ("هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "ية", "ة", "ي")


@lru_cache(maxsize=1 << 16)
def stem(key: str) -> str:
    """A light stem of one word key: English and Russian by Snowball, Arabic
    by stripping the article, clitics and common suffixes (never below three
    letters); numbers as they are."""
    if _NUMBER.match(key):
        return key.replace(",", "")
    first = key[:1]
    if "\u0600" <= first <= "\u06ff":
        out = key
        for p in _ARABIC_PREFIXES:
            if out.startswith(p) and len(out) - len(p) >= 3:
                out = out[len(p):]
                break
        for s in _ARABIC_SUFFIXES:
            if out.endswith(s) and len(out) - len(s) >= 3:
                out = out[: -len(s)]
                break
        return out
    lower = key.casefold()
    if "\u0400" <= first <= "\u04ff":
        return str(_snowball("russian").stemWord(lower))
    if first.isascii():
        return str(_snowball("english").stemWord(lower))
    return lower


@lru_cache(maxsize=4)
def _snowball(language: str):  # type: ignore[no-untyped-def]
    import Stemmer  # PyStemmer (see pyproject.toml)

    return Stemmer.Stemmer(language)


# Word key → its content term (None: not a word), and → what it makes of an anchor (None:
# nothing; see anchors): both are pure functions of the key, and a statement series' vocabulary
# is small and repeats endlessly, so each key is classified once (a regex test and a stem per
# key were a tenth of a diff).  Cleared when large, like the gazetteer's token table.
_TERM_OF: dict[str, str | None] = {}
_ANCHOR_OF: dict[str, tuple[bool, str] | None] = {}
_KEY_CACHE_SIZE = 1 << 17


def terms(keys: Sequence[str]) -> list[str]:
    """The content terms of a clause's word keys: words and numbers, stemmed."""
    cache = _TERM_OF
    if len(cache) > _KEY_CACHE_SIZE:
        cache.clear()
    for k in keys:
        if k not in cache:
            cache[k] = stem(k) if _WORDISH.search(k) else None
    return [t for t in map(cache.__getitem__, keys) if t is not None]


def _anchor_of(key: str) -> tuple[bool, str] | None:
    """(True, the number) for a number of two digits or more; (False, the stem)
    for a capitalized Latin word (an anchor where it stands inside a sentence)."""
    if _NUMBER.match(key):
        return (True, key.replace(",", "")) if len(key) >= 2 else None
    if key[:1].isupper() and key[:1].isascii():
        return (False, stem(key))
    return None


def anchors(text: str, keys: Sequence[str]) -> frozenset[str]:
    """Names and numbers: the gazetteer's states and places (one name in any
    language and spelling), numbers of two digits or more, and in Latin text
    capitalized words inside a sentence (stemmed)."""
    found = {f"@{name}" for name in (*STATES.entries(text), *PLACES.entries(text))}
    cache = _ANCHOR_OF
    if len(cache) > _KEY_CACHE_SIZE:
        cache.clear()
    for k, key in enumerate(keys):
        kind = cache[key] if key in cache else cache.setdefault(key, _anchor_of(key))
        if kind is not None and (kind[0] or (k and keys[k - 1] not in (".", ":", ";", '"'))):
            found.add(kind[1])
    return frozenset(found)


@dataclass(slots=True)
class Profile:
    """A clause as the scorer sees it."""

    keys: list[str]
    terms: list[str]
    counts: Counter[str]
    anchors: frozenset[str]

    @classmethod
    def of(cls, text: str, keys: list[str]) -> Profile:
        t = terms(keys)
        return cls(keys, t, Counter(t), anchors(text, keys))


class Scorer:
    """Scores pairs (and groups) of clauses of two documents, with term
    weights from both documents' clauses."""

    def __init__(self, old: Sequence[Profile], new: Sequence[Profile], prose: bool) -> None:
        self.prose = prose
        df: Counter[str] = Counter()
        self.anchor_df: Counter[str] = Counter()
        for p in (*old, *new):
            df.update(p.counts.keys())
            self.anchor_df.update(p.anchors)
        df.update({t: c for t, c in self.anchor_df.items() if t not in df})
        n = max(len(old) + len(new), 2)
        self.weight = {t: math.log(1 + n / c) for t, c in df.items()}
        self.default_weight = math.log(1 + n)
        w = self.w
        self.totals = {id(p): sum(w(t) * c for t, c in p.counts.items()) for p in (*old, *new)}
        self.shared: dict[tuple[int, int], float] = {}  # see overlap

    def w(self, term: str) -> float:
        return self.weight.get(term, self.default_weight)

    def total(self, p: Profile) -> float:
        """The weight of all of ``p``'s terms (cached for the documents'
        own clauses, which the profiles of both sides keep alive)."""
        t = self.totals.get(id(p))
        if t is None:
            w = self.w
            t = sum(w(term) * c for term, c in p.counts.items())
        return t

    def overlap(self, a: Profile, b: Profile) -> float:
        """The weight of the terms ``a`` and ``b`` share (as multisets).
        Walks the smaller side: a long clause against a short one costs the
        short one, which keeps splits and merges against a very long clause
        linear."""
        if len(a.counts) > len(b.counts):
            a, b = b, a
        # The split/merge search asks again for the pairs the candidates were scored on.
        # Kept for the documents' own clauses only (alive as long as the scorer, so their
        # ids stay theirs), by which side is walked: the sum is the same number only then.
        totals = self.totals
        key = (id(a), id(b)) if id(a) in totals and id(b) in totals else None
        if key is not None:
            known = self.shared.get(key)
            if known is not None:
                return known
        weight, default, get = self.weight.get, self.default_weight, b.counts.get  # (the hottest loop of a diff)
        shared = 0.0
        for term, c in a.counts.items():
            d = get(term)
            if d:
                shared += weight(term, default) * (c if c < d else d)
        if key is not None:
            self.shared[key] = shared
        return shared

    def features(self, a: Profile, b: Profile) -> dict[str, float]:
        return dict(zip(FEATURES, self._values(a, b), strict=True))

    def _values(self, a: Profile, b: Profile) -> tuple[float, ...]:
        """The features in FEATURES order (the hot path of a diff: no dict)."""
        known = self._word_features(a, b)
        return self._with_sequence_features(a, b, known)

    def _word_features(self, a: Profile, b: Profile) -> tuple[float, ...]:
        """(shared, whole, dice, contained, conflict, anchor, ratio): what the
        terms and anchors as multisets and sets say, before the features that
        read the term sequences (order, core, middle)."""
        weight, default = self.weight, self.default_weight
        shared = self.overlap(a, b)
        wa, wb = self.total(a), self.total(b)
        dice = 2 * shared / (wa + wb) if wa + wb else 1.0
        contained = shared / min(wa, wb) if min(wa, wb) else 0.0
        aa, ab = a.anchors, b.anchors
        if aa and ab:
            only_a = sum([weight.get(t, default) for t in aa - ab])
            only_b = sum([weight.get(t, default) for t in ab - aa])
            common = aa & ab
            both = sum([weight.get(t, default) for t in common])
            clash = min(only_a, only_b)
            conflict = clash / (clash + both) if clash else 0.0
            anchor_df = self.anchor_df
            anchor = 1.0 if any(anchor_df[t] <= 2 and _strong(t) for t in common) else 0.0
        else:  # nothing one side lacks can clash with nothing, and nothing is shared
            conflict = anchor = 0.0
        la, lb = len(a.terms), len(b.terms)
        ratio = min(la, lb) / max(la, lb) if max(la, lb) else 1.0
        return shared, wa + wb, dice, contained, conflict, anchor, ratio

    def _with_sequence_features(self, a: Profile, b: Profile, known: tuple[float, ...]) -> tuple[float, ...]:
        shared, whole, dice, contained, conflict, anchor, ratio = known
        order = token_similarity(a.keys, b.keys)
        core, middle = self._middle(a, b, shared, whole)
        return (order, dice, contained, core, middle, conflict, anchor, ratio, 1.0 if self.prose else 0.0)

    def confidence_reaching(self, a: Profile, b: Profile, least: float) -> float | None:
        """:meth:`confidence`, or None when it is certainly below ``least``.

        Most candidate pairs of a diff are two different clauses that share
        some rare words, and the word features alone show that they cannot
        reach the threshold: the sequence features (an LCS and the frame
        walk, half the cost of a score) each lie in [0, 1], so at most their
        positive weights can be added.  A pair it returns is scored as
        :meth:`confidence` scores it, to the last bit."""
        known = self._word_features(a, b)
        words = (*known[2:], 1.0 if self.prose else 0.0)
        most = _MOST_BEYOND_WORDS + sum([w * v for w, v in zip(_WORD_WEIGHTS, words, strict=True)])
        if _sigmoid(most + 1e-6) < least:  # (the margin covers the sums' rounding)
            return None
        return _probability(self._with_sequence_features(a, b, known))

    def _middle(self, a: Profile, b: Profile, shared: float, whole: float) -> tuple[float, float]:
        """(core, middle): the weighted Dice of the terms between the common
        opening and the common ending of the two term sequences, and the
        share of both clauses' weight that middle holds.  Two clauses in one
        formula frame share the frame, not the middle, and the middle is most
        of them; one word reworded is a small middle whatever its Dice.

        The frame is the same terms on both sides and is inside what they
        share, so the middles' weights and overlap are the totals less the
        frame's: no pass over the longer clause."""
        x, y = a.terms, b.terms
        head = 0
        while head < len(x) and head < len(y) and x[head] == y[head]:
            head += 1
        tail = 0
        while tail < len(x) - head and tail < len(y) - head and x[-1 - tail] == y[-1 - tail]:
            tail += 1
        weight, default = self.weight, self.default_weight
        frame = sum([weight.get(t, default) for t in x[:head]]) + \
            sum([weight.get(t, default) for t in x[len(x) - tail:]])
        middles = whole - 2 * frame
        if middles <= 1e-9 or not whole:
            return 1.0, 0.0
        return max(0.0, 2 * (shared - frame)) / middles, middles / whole

    def confidence(self, a: Profile, b: Profile) -> float:
        return _probability(self._values(a, b))


# Exact LCS (rapidfuzz's bit-parallel Indel) costs len(longer) × ⌈len(shorter)/64⌉ machine
# words: quadratic in one giant clause (a malformed page of 70,000 words took a second, the
# slowest step of its diff).  Up to LCS_BUDGET word operations (a few milliseconds: two
# clauses of some 16,000 tokens each, fifty times the longest real clause) it is exact;
# beyond, the common subsequence is found window by window (LCS_WINDOW tokens of each side,
# the first half of each window's alignment committed), which is linear and can only find
# less (a block moved farther than a window counts as dropped and added).  Every clause of
# the evaluation sets and of real statements is far below the budget, so only such giant
# clauses can score differently.
LCS_BUDGET = 1 << 22
LCS_WINDOW = 1024


def token_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Token-sequence similarity in [0, 1]: 2·LCS / (len a + len b) (1 for two empty sequences)."""
    if not a and not b:
        return 1.0
    if _lcs_cost(len(a), len(b)) <= LCS_BUDGET:
        return Indel.normalized_similarity(a, b)
    total = len(a) + len(b)
    return 1.0 - (total - 2 * _windowed_lcs(a, b)) / total


def _lcs_cost(n: int, m: int) -> int:
    return max(n, m) * ((min(n, m) + 63) // 64)


def common_ends(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """How many items ``a`` and ``b`` share at their start, and then at their end."""
    n, m = len(a), len(b)
    head = 0
    while head < n and head < m and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and a[n - 1 - tail] == b[m - 1 - tail]:
        tail += 1
    return head, tail


def _windowed_lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """A common subsequence's length, linear in the lengths (see LCS_BUDGET): the common
    prefix and suffix, then window by window, exact once what is left is within budget."""
    n, m = len(a), len(b)
    head, tail = common_ends(a, b)
    found = head + tail
    i, j, n, m = head, head, n - tail, m - tail
    half = LCS_WINDOW // 2
    while _lcs_cost(n - i, m - j) > LCS_BUDGET:
        ae, be = min(n, i + LCS_WINDOW), min(m, j + LCS_WINDOW)
        ci = cj = 0
        for blk in LCSseq.opcodes(a[i:ae], b[j:be]).as_matching_blocks():
            # a match starting in the first half of both windows is settled: what follows
            # it may still match beyond the windows
            if blk.size and blk.a < half and blk.b < half:
                ci, cj = blk.a + blk.size, blk.b + blk.size
                found += blk.size
        if max(ci, cj) < half // 2:
            # little matches early: give up half a window as changed, so every step moves on
            ci, cj = max(ci, min(half, ae - i)), max(cj, min(half, be - j))
        i, j = i + ci, j + cj
    return found + int(LCSseq.similarity(a[i:n], b[j:m]))


_FEATURE_WEIGHTS = tuple(WEIGHTS[name] for name in FEATURES)
# confidence_reaching's bound: the word features' weights (in _word_features' order, then
# prose), and the most the sequence features (each in [0, 1]) can add to the intercept
_WORD_WEIGHTS = tuple(WEIGHTS[name] for name in ("dice", "contained", "conflict", "anchor", "ratio", "prose"))
_MOST_BEYOND_WORDS = WEIGHTS["bias"] + sum(max(0.0, WEIGHTS[name]) for name in ("order", "core", "middle"))


def probability(features: dict[str, float]) -> float:
    return _probability(tuple(features[name] for name in FEATURES))


def _probability(values: Sequence[float]) -> float:
    """The same sum as over a features dict, term by term in FEATURES order."""
    return _sigmoid(WEIGHTS["bias"] + sum([w * v for w, v in zip(_FEATURE_WEIGHTS, values, strict=True)]))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))


def combine(profiles: Sequence[Profile]) -> Profile:
    """One profile for clauses taken together (the parts of a split or merge)."""
    keys = [k for p in profiles for k in p.keys]
    all_terms = [t for p in profiles for t in p.terms]
    return Profile(keys, all_terms, Counter(all_terms), frozenset().union(*(p.anchors for p in profiles)))


def _strong(anchor: str) -> bool:
    """A name, or a number of three digits or more that is not a year."""
    if anchor.startswith("@"):
        return True
    return anchor.isdigit() and len(anchor) >= 3 and not (len(anchor) == 4 and 1900 <= int(anchor) <= 2100)
