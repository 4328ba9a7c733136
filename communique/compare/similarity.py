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
* ``conflict``: names and numbers each side has and the other lacks, when
  they share few: the mark of two different clauses in the same formula;
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

import regex
from rapidfuzz.distance import Indel

from ..text.names import PLACES, STATES

# Fitted by bench/calibrate.py on bench/eval/alignment.jsonl (logistic regression;
# see the README of bench/ for the figures): intercept, then one weight per feature.
WEIGHTS = {"bias": -6.0, "order": 4.0, "dice": 7.0, "contained": 3.0, "conflict": -4.0, "ratio": 0.5, "prose": 1.0}
FEATURES = ("order", "dice", "contained", "conflict", "ratio", "prose")

_WORDISH = regex.compile(r"[\p{L}\p{N}]")
_NUMBER = regex.compile(r"^\p{N}+(?:[.,]\p{N}+)*$")
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
        return _snowball("russian").stemWord(lower)  # type: ignore[no-any-return]
    if first.isascii():
        return _snowball("english").stemWord(lower)  # type: ignore[no-any-return]
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
    counts: Counter[str]
    anchors: frozenset[str]


class Scorer:
    """Scores pairs (and groups) of clauses of two documents, with term
    weights from both documents' clauses."""

    def __init__(self, old: Sequence[Profile], new: Sequence[Profile], prose: bool) -> None:
        self.prose = prose
        df: Counter[str] = Counter()
        for p in (*old, *new):
            df.update(p.counts.keys())
            df.update(p.anchors)
        n = max(len(old) + len(new), 2)
        self.weight = {t: math.log(1 + n / c) for t, c in df.items()}
        self.default_weight = math.log(1 + n)

    def w(self, term: str) -> float:
        return self.weight.get(term, self.default_weight)

    def features(self, a: Profile, b: Profile) -> dict[str, float]:
        w = self.w
        common = a.counts & b.counts
        shared = sum(w(t) * c for t, c in common.items())
        wa = sum(w(t) * c for t, c in a.counts.items())
        wb = sum(w(t) * c for t, c in b.counts.items())
        dice = 2 * shared / (wa + wb) if wa + wb else 1.0
        contained = shared / min(wa, wb) if min(wa, wb) else 0.0
        only_a = sum(w(t) for t in a.anchors - b.anchors)
        only_b = sum(w(t) for t in b.anchors - a.anchors)
        both = sum(w(t) for t in a.anchors & b.anchors)
        clash = min(only_a, only_b)
        conflict = clash / (clash + both) if clash else 0.0
        la, lb = sum(a.counts.values()), sum(b.counts.values())
        ratio = min(la, lb) / max(la, lb) if max(la, lb) else 1.0
        order = Indel.normalized_similarity(a.keys, b.keys) if a.keys or b.keys else 1.0
        return {"order": order, "dice": dice, "contained": contained, "conflict": conflict, "ratio": ratio,
                "prose": 1.0 if self.prose else 0.0}

    def confidence(self, a: Profile, b: Profile) -> float:
        return probability(self.features(a, b))


def probability(features: dict[str, float]) -> float:
    z = WEIGHTS["bias"] + sum(WEIGHTS[name] * features[name] for name in FEATURES)
    return 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))


def combine(profiles: Sequence[Profile]) -> Profile:
    """One profile for clauses taken together (the parts of a split or merge)."""
    keys = [k for p in profiles for k in p.keys]
    counts: Counter[str] = Counter()
    for p in profiles:
        counts.update(p.counts)
    return Profile(keys, counts, frozenset().union(*(p.anchors for p in profiles)))
