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

from rapidfuzz.distance import Indel

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
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def terms(keys: Sequence[str]) -> list[str]:
    """The content terms of a clause's word keys: words and numbers, stemmed."""
    return [stem(k) for k in keys if _WORDISH.search(k)]


def anchors(text: str, keys: Sequence[str]) -> frozenset[str]:
    """Names and numbers: the gazetteer's states and places (one name in any
    language and spelling), numbers of two digits or more, and in Latin text
    capitalized words inside a sentence (stemmed)."""
    found = {f"@{name}" for name in (*STATES.entries(text), *PLACES.entries(text))}
    for k, key in enumerate(keys):
        if _NUMBER.match(key) and len(key) >= 2:
            found.add(key.replace(",", ""))
        elif k and key[:1].isupper() and key[:1].isascii() and keys[k - 1] not in (".", ":", ";", '"'):
            found.add(stem(key))
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
        x, y = (a.counts, b.counts) if len(a.counts) <= len(b.counts) else (b.counts, a.counts)
        weight, default, get = self.weight.get, self.default_weight, y.get  # (the hottest loop of a diff)
        shared = 0.0
        for term, c in x.items():
            d = get(term)
            if d:
                shared += weight(term, default) * (c if c < d else d)
        return shared

    def features(self, a: Profile, b: Profile) -> dict[str, float]:
        w = self.w
        shared = self.overlap(a, b)
        wa, wb = self.total(a), self.total(b)
        dice = 2 * shared / (wa + wb) if wa + wb else 1.0
        contained = shared / min(wa, wb) if min(wa, wb) else 0.0
        only_a = sum(w(t) for t in a.anchors - b.anchors)
        only_b = sum(w(t) for t in b.anchors - a.anchors)
        both = sum(w(t) for t in a.anchors & b.anchors)
        clash = min(only_a, only_b)
        conflict = clash / (clash + both) if clash else 0.0
        la, lb = len(a.terms), len(b.terms)
        ratio = min(la, lb) / max(la, lb) if max(la, lb) else 1.0
        order = Indel.normalized_similarity(a.keys, b.keys) if a.keys or b.keys else 1.0
        anchor = 1.0 if any(self.anchor_df[t] <= 2 and _strong(t) for t in a.anchors & b.anchors) else 0.0
        core, middle = self._middle(a, b, shared, wa + wb)
        return {"order": order, "dice": dice, "contained": contained, "core": core, "middle": middle,
                "conflict": conflict, "anchor": anchor, "ratio": ratio, "prose": 1.0 if self.prose else 0.0}

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
        w = self.w
        frame = sum(w(t) for t in x[:head]) + sum(w(t) for t in x[len(x) - tail:])
        middles = whole - 2 * frame
        if middles <= 1e-9 or not whole:
            return 1.0, 0.0
        return max(0.0, 2 * (shared - frame)) / middles, middles / whole

    def confidence(self, a: Profile, b: Profile) -> float:
        return probability(self.features(a, b))


def probability(features: dict[str, float]) -> float:
    z = WEIGHTS["bias"] + sum(WEIGHTS[name] * features[name] for name in FEATURES)
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
