"""The round, session or summit number a statement gives itself.

In digits or words, before or after the word for the meeting, in three
languages: ``the Forty-Fourth Session``, ``22nd High-Level Meeting``,
``the seventh Tripartite Summit``, ``round 20``, ``Astana-15``, ``الجولة
الـ 20``, ``الدورة الـ /40/``, ``دورته الأربعين``, ``القمة العربية الثانية
والثلاثين``, ``الدورة العادية الثالثة والثلاثين``, ``21-й Международной
встречи``, ``двадцатой встречи``.  Not a round: a day of the month
(``أستانة- 21 من حزيران``, ``round 3 June``), a relative one (``the next
round``, ``الجولة السابقة``, ``الدورة المقبلة``), the session of a host
organisation on whose margins a meeting was held (``on the margins of the
78th session of the General Assembly``), a plenary or Council meeting number
(``47th plenary meeting``, ``at its 7598th meeting``).  When digits and
words disagree only by the order of the digits (``(٩٣)`` beside
``التاسعة والثلاثون``: bidi reordering reversed them), the words win.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import regex

from ..text.numbers import EN_NUMBER_WORDS, read_ar, read_en, read_ru, ru_ordinal
from ..text.patterns import compiled
from .dates import MONTHS, line_key

_AR_RELATIVE = {"السابقه", "القادمه", "المقبله", "الماضيه", "التاليه", "الاخيره", "الحاليه", "المنصرمه",
                "السابق", "القادم", "المقبل", "الماضي", "التالي", "الاخير", "الحالي", "المنصرم"}
_EN_RELATIVE = {"next", "previous", "last", "following", "upcoming", "forthcoming", "coming", "past", "latest",
                "current", "recent", "same", "this", "that"}
_EN_STOP = {"of", "the", "a", "an", "and", "in", "on", "at", "for", "to", "with", "by", "from", "its", "their",
            "his", "her", "our", "this", "that", "which", "was", "is", "were", "be", "plenary", "half", "day",
            "time", "week", "year", "part", "phase", "stage", "paragraph", "item"}


_NUMBER_WORDS = EN_NUMBER_WORDS | {"сто", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
                                    "восемьдесят", "девяносто"}


@cache
def _stems() -> re.Pattern[str]:
    """The stems of the words for a meeting, in every pattern below."""
    return re.compile("جول|دور|قم|اجتماع|لقاء|مؤتمر|استان|astana|round|session|meeting|summit|conference|"
                      "встреч|раунд|сесси|саммит|заседани|совещани|конференци", re.I)


@cache
def _patterns() -> tuple[regex.Pattern[str], ...]:
    month = "|".join(regex.escape(m).replace(r"\ ", r"\s+") for m in sorted(MONTHS, key=len, reverse=True))
    not_date = rf"(?!\s*(?:من\s+|of\s+)?(?:{month})(?!\p{{L}}))"
    # الجوله، الدوره، دورته، بدورتها، للدوره، القمه، قمتها، الاجتماع، اللقاء، المؤتمر (folded)
    ar_word = (r"(?<![\p{L}])(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?"
               r"(?:جول(?:ه|ته|تها)|دور(?:ه|ته|تها|تهم)|قم(?:ه|ته|تها)|اجتماع(?:ه|ها)?|لقاء|مؤتمر)(?![\p{L}])")
    # digits after an Arabic word: الجوله 20, الـ 20, الـ /40/, (32), رقم 5
    ar_digits = r"\G\s*(?:رقم\s*)?(?:ال\s*)?[/(«\"]?\s*(\d{1,3})(?!\d)\s*[/)»\"]?" + not_date
    astana = r"(?:استانه|استانا|astana)\s*[-–]?\s*(\d{1,2})(?![\d.,:])" + not_date
    en_after = r"\b(?:round|session|meeting|summit|conference)\s+(?:no\.?\s*)?(\d{1,3})\b" + not_date
    en_word = r"\b(?:rounds?|sessions?|meetings?|summits?|conferences?)\b"
    ru_word = r"(?<![\p{L}])(?:встреч|раунд|сесси|саммит|заседани|совещани|конференци)\p{L}*"
    return tuple(compiled(p, regex.I | regex.V0) for p in (ar_word, ar_digits, astana, en_after, en_word,
                                                                 ru_word))


_WORDS = compiled(r"[\p{L}\p{M}]+|\d+(?:-?(?:st|nd|rd|th|й|я|го|ой|ю|м|е|ое|ая|ей|ого|ую))?", regex.I)
_ORDINAL_DIGITS = compiled(r"(\d{1,3})-?(?:st|nd|rd|th|й|я|го|ой|ю|м|е|ое|ая|ей|ого|ую)$", regex.I)


def _ar_after(key: str, end: int) -> tuple[int, bool] | None:
    """The number after an Arabic word for the meeting ending at ``end``:
    up to two adjectives (``العربيه``, ``العاديه``, ``الدولي``) may stand
    between.  ``(value, in words)``."""
    m = _patterns()[1].match(key, end)
    if m:
        return int(m.group(1)), False
    words = key[end:end + 120].split()
    for skip in range(3):
        if skip >= len(words) or words[skip].strip("،,.:;()") in _AR_RELATIVE:
            return None
        read = read_ar([w.strip("،,.:;()«»\"") for w in words[skip:skip + 5]])
        if read:
            after = words[skip + read[1]:skip + read[1] + 3]
            if after and after[0].strip("،,.:;") in _AR_RELATIVE:
                return None
            if after[:1] == ["من"] and (" ".join(after[1:3]) in MONTHS or (after[1:2] and after[1] in MONTHS)):
                return None  # "الأول من أيار": a day of the month
            return read[0], True
        if not words[skip].startswith("ال"):
            return None
        m = _patterns()[1].match(key, end + key[end:].find(words[skip]) + len(words[skip]))
        if m:  # القمه الخليجيه الـ44
            return int(m.group(1)), False
    return None


def _before(key: str, start: int, reader: str) -> tuple[int, bool] | None:
    """The number before an English or Russian word for the meeting that
    starts at ``start``: ``the Forty-Fourth Session``, ``22nd High-Level
    Meeting``, ``fifth trilateral summit``, ``21-й Международной встречи``;
    up to three qualifiers between."""
    head = key[max(0, start - 120):start]
    if head.rstrip()[-1:] in (",", ";", ":", ".", "(", ")", ""):
        return None
    words = [t.lower() for t in _WORDS.findall(head)]
    if not any(w[:1].isdigit() or w in _NUMBER_WORDS or ru_ordinal(w) for w in words[-8:]):
        return None  # no number near: the common case, decided without the readers
    for q in range(4):
        end = len(words) - q
        if end <= 0:
            return None
        if q and words[end] in _EN_STOP:
            return None
        m = _ORDINAL_DIGITS.match(words[end - 1])
        if m:
            value, begin, in_words = int(m.group(1)), end - 1, False
        else:
            read = None
            for begin in range(max(0, end - 5), end):
                got = (read_en if reader == "en" else read_ru)(words, begin)
                if got and begin + got[1] == end:
                    read = got
                    break
            # an ordinal: "two meetings" counts them
            if read is None or (reader == "en" and not words[end - 1].endswith(("th", "first", "second", "third"))):
                continue
            value, in_words = read[0], True
        context = words[max(0, begin - 4):begin]
        if (context and context[-1] in _EN_RELATIVE) or {"margins", "margin", "sidelines", "sideline"} & set(
                context) or context[-2:] == ["at", "its"]:
            return None
        return value, in_words
    return None


@lru_cache(maxsize=512)  # the title and the head lines are read for the round twice and more
def round_candidates(key: str) -> tuple[tuple[int, int, bool], ...]:
    """``(position, value, in words)`` of every round number in one line's key.

    A plain search for the words' stems finds where to look (the full
    patterns, tried at every position of a line, cost ten times more)."""
    ar_word, _, astana, en_after, en_word, ru_word = _patterns()
    out: list[tuple[int, int, bool]] = []
    last = -1
    for stem in _stems().finditer(key):
        a, b = stem.start(), stem.end()
        while a > 0 and key[a - 1].isalpha():
            a -= 1
        while b < len(key) and key[b].isalpha():
            b += 1
        if a == last:
            continue
        last, word, head = a, key[a:b], stem.group().lower()
        if head in ("استان", "astana"):
            m = astana.match(key, stem.start())
            got: tuple[int, bool] | None = (int(m.group(1)), False) if m else None
        elif "\u0600" <= head[:1] <= "\u06ff":
            got = _ar_after(key, b) if ar_word.fullmatch(word) else None
        elif head.isascii():
            m = en_after.match(key, a)
            got = (int(m.group(1)), False) if m else _before(key, a, "en") if en_word.fullmatch(word) else None
        else:
            got = _before(key, a, "ru") if ru_word.fullmatch(word) else None
        if got:
            out.append((a, *got))
    return tuple(out)


def find_round(text: str) -> int | None:
    """The first round number in ``text`` (any number of lines)."""
    candidates = [c for line in text.splitlines() for c in round_candidates(line_key(line))]
    return pick_round(candidates)


def pick_round(candidates: list[tuple[int, int, bool]]) -> int | None:
    """The first candidate, unless it is digits whose reversal the words
    give (``(٩٣)`` and ``التاسعة والثلاثون``)."""
    if not candidates:
        return None
    value = candidates[0][1]
    worded = {v for _, v, words in candidates if words}
    reverse = int(str(value)[::-1])
    if not candidates[0][2] and value not in worded and reverse in worded:
        return reverse
    return value
