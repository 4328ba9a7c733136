"""Scripts and directions: which language a text is in, which way it runs."""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from .patterns import compiled

_ARABIC = compiled(r"\p{Arabic}+")
_LATIN = compiled(r"\p{Latin}+")
_CYRILLIC = compiled(r"\p{Cyrillic}+")


def detect_language(text: str) -> str | None:
    """``ar``, ``en``, ``ru`` (or ``fa`` when Persian letters dominate) by script counts."""
    # Every k-th character of the first 4,000 (about 1,000 looked at): the
    # share of each script is the same, at a quarter of the cost.
    sample = text[:4_000]
    sample = sample[:: max(1, len(sample) // 1_000)]
    # Letters of each script: each distinct character of the sample is
    # classed once per process (the same few dozen make every sample), its
    # occurrences counted in C, not found by three scans of the sample.
    counts = {"ar": 0, "en": 0, "ru": 0}
    for ch, n in Counter(sample).items():
        ar, en, ru = _scripts(ch)
        counts["ar"] += n * ar
        counts["en"] += n * en
        counts["ru"] += n * ru
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    if n == 0:
        return None
    if lang == "ar" and sum(sample.count(c) for c in "پچژگ") > n * 0.01:
        return "fa"
    return lang


@lru_cache(maxsize=4096)
def _scripts(ch: str) -> tuple[bool, bool, bool]:
    """Whether one character is Arabic, Latin, Cyrillic (the patterns the
    counts were runs of)."""
    return _ARABIC.match(ch) is not None, _LATIN.match(ch) is not None, _CYRILLIC.match(ch) is not None


def is_rtl(text: str) -> bool:
    """True when the first strong character of ``text`` is right-to-left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def roman_numeral(n: int) -> str:
    """``n`` (1–39) as a lower-case roman numeral."""
    out = ""
    for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out
