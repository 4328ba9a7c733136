"""Numbers written in words: English, Arabic and Russian ordinals and
cardinals from 1 to 199 (``forty-fourth``, ``the 22nd``, ``الحادية
والعشرين``, ``السادسة والخمسين بعد المائة``, ``двадцать первой``).

Statements give their round or session number in words more often than in
digits, and in every grammatical form: English with hyphens or spaces and
any case; Arabic masculine and feminine, nominative (``-ون``) and oblique
(``-ين``), with the article on every word, ``و`` between units and tens,
``بعد المائة`` for the second hundred; Russian in any case ending.  The
readers here are small grammars over word lists, not tables of whole
phrases, so every combination in range is read.

Each ``read_*`` function takes a list of words and a start index and
returns ``(value, words used)`` for the longest number phrase starting
there, or None.  Words must be pre-split (hyphens are separators); Arabic
words are expected letter-folded (``أ إ آ`` → ``ا``, ``ة`` → ``ه``,
``ى`` → ``ي``, no diacritics or tatweel: :func:`fold_arabic`), English and
Russian words lower-cased.
"""

from __future__ import annotations

from collections.abc import Sequence

_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "\u0640": None,
                          **{chr(c): None for c in range(0x064B, 0x0653)}, "\u0670": None})


def fold_arabic(word: str) -> str:
    """The folded form the Arabic tables use: hamza-alef → alef, ta marbuta →
    ha, alef maqsura → ya, no diacritics or tatweel."""
    return word.translate(_AR_FOLD)


# --------------------------------------------------------------------------- English

_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_EN_UNITS_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9}
_EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
             "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TEENS_ORD = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                 "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_EN_ONE_WORD = _EN_UNITS | _EN_UNITS_ORD | _EN_TEENS | _EN_TEENS_ORD
EN_NUMBER_WORDS = frozenset(_EN_ONE_WORD) | frozenset(_EN_TENS) | frozenset(_EN_TENS_ORD) | {"hundred", "hundredth"}


def _read_en_below_100(words: Sequence[str], i: int) -> tuple[int, int] | None:
    if i >= len(words):
        return None
    w = words[i]
    if w in _EN_TENS:
        nxt = words[i + 1] if i + 1 < len(words) else ""
        unit = _EN_UNITS.get(nxt) or _EN_UNITS_ORD.get(nxt)
        return (_EN_TENS[w] + unit, 2) if unit else (_EN_TENS[w], 1)
    value = _EN_TENS_ORD.get(w) or _EN_ONE_WORD.get(w)
    return (value, 1) if value else None


def read_en(words: Sequence[str], i: int = 0) -> tuple[int, int] | None:
    """``forty fourth`` → 44, ``one hundred and fifth`` → 105, ``a hundredth``
    → 100; digits with a suffix (``22nd``) are read by the caller."""
    n, j = len(words), i
    if j + 1 < n and words[j] in ("one", "a") and words[j + 1] in ("hundred", "hundredth"):
        j += 1
    if j < n and words[j] == "hundredth":
        return 100, j + 1 - i
    if j < n and words[j] == "hundred":
        k = j + 1 + (j + 1 < n and words[j + 1] == "and")
        rest = _read_en_below_100(words, k)
        return (100 + rest[0], k + rest[1] - i) if rest else (100, j + 1 - i)
    return _read_en_below_100(words, i)


# --------------------------------------------------------------------------- Arabic

# Folded, without the article.  Ordinals, then cardinals; masculine and
# feminine.  ``حادي``/``حاديه`` only occur in compounds (11, 21, 31 …).
_AR_UNITS = {
    "اول": 1, "اولي": 1, "حادي": 1, "حاديه": 1, "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "ثاني": 2, "ثانيه": 2, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "اثنتا": 2, "اثنتي": 2,
    "ثالث": 3, "ثالثه": 3, "ثلاث": 3, "ثلاثه": 3,
    "رابع": 4, "رابعه": 4, "اربع": 4, "اربعه": 4,
    "خامس": 5, "خامسه": 5, "خمس": 5, "خمسه": 5,
    "سادس": 6, "سادسه": 6, "ست": 6, "سته": 6,
    "سابع": 7, "سابعه": 7, "سبع": 7, "سبعه": 7,
    "ثامن": 8, "ثامنه": 8, "ثمان": 8, "ثماني": 8, "ثمانيه": 8,
    "تاسع": 9, "تاسعه": 9, "تسع": 9, "تسعه": 9,
}
_AR_TEN = {"عاشر": 10, "عاشره": 10, "عشر": 10, "عشره": 10}
_AR_TENS = {f"{stem}{end}": value for stem, value in (("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50),
                                                       ("ست", 60), ("سبع", 70), ("ثمان", 80), ("تسع", 90))
            for end in ("ون", "ين")}
_AR_HUNDRED = {"مائه", "مئه", "مايه", "ميه"}
# Units that do not stand alone as a number: the compound-only ``حادي``, and
# the cardinal one and two (``الأحد`` and ``الاثنين`` are Sunday and Monday).
_AR_NOT_ALONE = {"حادي", "حاديه", "احد", "احدي", "اثنا", "اثني", "اثنتا", "اثنتي", "اثنان", "اثنين", "اثنتان",
                 "اثنتين"}


def _ar_bare(word: str, conj: bool) -> tuple[str, bool]:
    """The word without ``و`` (when ``conj``) and the article; whether it had ``و``."""
    had_waw = conj and word.startswith("و") and len(word) > 3
    if had_waw:
        word = word[1:]
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return word, had_waw


def _read_ar_below_100(words: Sequence[str], i: int) -> tuple[int, int] | None:
    if i >= len(words):
        return None
    w, _ = _ar_bare(words[i], False)
    if w in _AR_TENS:
        return _AR_TENS[w], 1
    if w in _AR_TEN:
        return 10, 1
    unit = _AR_UNITS.get(w)
    if unit is None:
        return None
    nxt, waw = _ar_bare(words[i + 1], True) if i + 1 < len(words) else ("", False)
    if not waw and nxt in _AR_TEN:  # الحادي عشر, الثانية عشرة, ثلاثة عشر
        return unit + 10, 2
    if waw and nxt in _AR_TENS:  # الحادية والعشرين, ثلاث وثلاثون
        return unit + _AR_TENS[nxt], 2
    if w in _AR_NOT_ALONE:
        return None
    return unit, 1


def read_ar(words: Sequence[str], i: int = 0) -> tuple[int, int] | None:
    """``الثانية والأربعين`` → 42, ``السادسة والخمسين بعد المائة`` → 156,
    ``المائة`` → 100, ``مائة وستة وخمسون`` → 156 (words folded)."""
    n = len(words)
    if i < n and _ar_bare(words[i], False)[0] in _AR_HUNDRED:
        if i + 1 < n:
            rest_word, waw = _ar_bare(words[i + 1], True)
            if waw:  # مائة وستة وخمسون: read the rest with its ``و`` removed
                rest = _read_ar_below_100([rest_word, *words[i + 2:i + 3]], 0)
                if rest:
                    return 100 + rest[0], 1 + rest[1]
        return 100, 1
    low = _read_ar_below_100(words, i)
    if low is None:
        return None
    j = i + low[1]
    if j + 1 < n and words[j] == "بعد" and _ar_bare(words[j + 1], False)[0] in _AR_HUNDRED:
        return 100 + low[0], low[1] + 2
    return low


# --------------------------------------------------------------------------- Russian

# Ordinal stems, longest first so that ``пятнадцат`` wins over ``пят``; the
# case ending after the stem may be any of _RU_ENDINGS.
_RU_ORD_STEMS = sorted({
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
    "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50, "шестидесят": 60,
    "семидесят": 70, "восьмидесят": 80, "девяност": 90, "сот": 100,
}.items(), key=lambda kv: -len(kv[0]))
_RU_ENDINGS = {"ый", "ой", "ий", "ая", "ое", "ого", "ому", "ом", "ую", "ые", "ых", "ым", "ыми", "ей", "его",
               "ему", "ем", "яя", "ее", "юю", "ие", "их", "им", "ими",
               "ья", "ье", "ьего", "ьей", "ьему", "ьем", "ью", "ьи", "ьих", "ьим"}  # третий: трет + ий, третья …
_RU_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
            "семьдесят": 70, "восемьдесят": 80, "девяносто": 90}


def ru_ordinal(word: str) -> int | None:
    """``двадцатой`` → 20: a Russian ordinal word in any case form."""
    if not "\u0430" <= word[:1] <= "\u044f":  # a lower-case Cyrillic letter
        return None
    for stem, value in _RU_ORD_STEMS:
        if word.startswith(stem) and word[len(stem):] in _RU_ENDINGS:
            return value
    return None


def read_ru(words: Sequence[str], i: int = 0) -> tuple[int, int] | None:
    """``двадцать первой`` → 21, ``сто двадцатого`` → 120, ``двадцатой`` → 20:
    an optional ``сто`` and cardinal tens, then an ordinal."""
    n, j, total = len(words), i, 0
    if j < n and words[j] == "сто":
        total, j = 100, j + 1
    tens = _RU_TENS.get(words[j]) if j < n else None
    if tens:
        total, j = total + tens, j + 1
    value = ru_ordinal(words[j]) if j < n else None
    # after cardinal tens only a unit ordinal (двадцать первый), after сто anything below 100
    if value is None or value >= (10 if tens else 100 if total else 1000):
        return None
    return total + value, j + 1 - i


def read_number(words: Sequence[str], i: int = 0) -> tuple[int, int] | None:
    """The number phrase at ``words[i]`` in any of the three languages, or
    digits (``22``, ``١٥``)."""
    if i >= len(words):
        return None
    w = words[i]
    if w.isdecimal():
        return int(w), 1
    first = w[:1]
    if "\u0600" <= first <= "\u06ff":
        return read_ar(words, i)
    if "\u0400" <= first <= "\u04ff":
        return read_ru(words, i)
    return read_en(words, i)
