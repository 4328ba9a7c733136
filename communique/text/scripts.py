"""Scripts and directions: which language a text is in, which way it runs."""

from __future__ import annotations

import unicodedata

from .patterns import compiled

_ARABIC = compiled(r"\p{Arabic}+")
_LATIN = compiled(r"\p{Latin}+")
_CYRILLIC = compiled(r"\p{Cyrillic}+")


def detect_language(text: str) -> str | None:
    """``ar``, ``en``, ``ru`` (or ``fa`` when Persian letters dominate) by script counts."""
    # Every k-th character of the first 4,000 (500 to 1,000 looked at): the
    # share of each script is the same, at a fraction of the cost (the
    # Arabic letters' count was 6 % of parsing a 10-clause statement).
    sample = text[:4_000]
    sample = sample[:: max(1, len(sample) // 500)]
    # Letters of each script: what removing the script's runs takes off the
    # sample's length (in C, no string per character: a set or Counter of
    # the sample's characters cost three times as much).  Once a script has
    # as many letters as the sample has left uncounted, no later one can win
    # (a tie goes to the earlier; the three share no letters, only a few
    # combining marks): an Arabic or English text is read once or twice, not three times.
    counts: dict[str, int] = {}
    left = len(sample)
    for lang, pattern in (("ar", _ARABIC), ("en", _LATIN), ("ru", _CYRILLIC)):
        counts[lang] = len(sample) - len(pattern.sub("", sample))
        left -= counts[lang]
        if max(counts.values()) >= left:
            break
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    if n == 0:
        return None
    if lang == "ar" and sum(sample.count(c) for c in "پچژگ") > n * 0.01:
        return "fa"
    return lang


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
