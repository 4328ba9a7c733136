"""Checkable facts of a clause, in any of its languages: numbers, dates,
document symbols and names of states and places.

A translation may reword everything but these: ``30 million`` is
``30 مليون`` and ``30 миллионов``, ``3 April 2025`` is ``3 نيسان 2025``,
``S/2025/684`` stays ``S/2025/684``, ``Türkiye`` is ``تركيا``.  Each fact
is reduced to a value that is the same in every language, so the facts of a
clause and of its translation can be compared as sets, and a fact the
translation renders differently (``2254`` → ``2245``) is reported with both
surfaces.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from ..model import FactKind, FactMismatch
from ..structure.dates import MONTHS
from ..text.names import PLACES, STATES, Gazetteer
from ..text.numbers import fold_arabic
from ..text.patterns import compiled

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Multipliers written after a number.  Prefixes, so that inflections match
# (миллионов, ملايين is listed whole: its letters differ from مليون).
_SCALES = (
    ("thousand", 1e3), ("ألف", 1e3), ("آلاف", 1e3), ("الف", 1e3), ("тыс", 1e3),
    ("million", 1e6), ("مليون", 1e6), ("ملايين", 1e6), ("млн", 1e6), ("миллион", 1e6),
    ("billion", 1e9), ("مليار", 1e9), ("مليارات", 1e9), ("млрд", 1e9), ("миллиард", 1e9),
)
# Russian months in the genitive, as dates write them ("3 апреля 2025").
_MONTHS_RU = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: its kind, the value it compares by, and the text as written."""

    kind: FactKind
    value: object
    surface: str


@cache
def _patterns() -> tuple[regex.Pattern[str], ...]:
    """Compiled on first use: start-up time is most of a small diff."""
    # the month table is letter-folded (اذار, ايار): match any hamza on the alef as written
    month = "|".join(regex.escape(k).replace("ا", "[اأإآ]")
                     for k in sorted(_months(), key=len, reverse=True))
    # 3 April 2025, 3 نيسان/أبريل 2025, 3 апреля 2025 года, 25–26 April (the first day is the fact)
    day_month = compiled(
        rf"(?<!\d)(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+(?:من\s+)?({month})"
        rf"(?:\s*/\s*(?:{month}))?(?:\s*,?\s*(?:عام\s+|سنة\s+)?(\d{{4}}))?(?!\d)", regex.I)
    # April 3, 2025
    month_day = compiled(rf"\b({month})\s+(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?,?\s+(\d{{4}})(?!\d)", regex.I)
    # April 2025 (a month of a year)
    month_year = compiled(rf"\b({month})(?:\s*/\s*(?:{month}))?\s*,?\s+(\d{{4}})(?!\d)", regex.I)
    symbol = compiled(r"\b(?:[A-Z]{1,3}/)(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]*\d[A-Z0-9.\-]*")
    number = compiled(r"(?<![\w/.,])(\d{1,3}(?:[,٬]\d{3})+|\d+(?:[.٫]\d+)?)(?:\s*(\w+))?")
    return day_month, month_day, month_year, symbol, number


@cache
def _months() -> dict[str, int]:
    """Month names (Arabic letter-folded, others case-folded) → month number."""
    return {**{k.casefold(): v for k, v in MONTHS.items()}, **_MONTHS_RU}


def _surface(gazetteer: Gazetteer, entry: str, written: str) -> str:
    """A name as written, without a conjunction or preposition attached to it
    (``وتشاد`` → ``تشاد``, ``بالفاشر`` → ``الفاشر``): the longest of the
    entry's spellings the written word ends with."""
    return max((s for s in gazetteer.table.get(entry, ()) if written.endswith(s)), key=len, default=written)


def _plain(text: str) -> str:
    """Latin digits, compatibility forms folded; same length as ``text``
    where it matters (digits map one to one), so surfaces can be cut from
    the original."""
    return unicodedata.normalize("NFC", text).translate(_DIGITS)


def facts(text: str) -> list[Fact]:
    """The facts of ``text`` in reading order.  A number that is part of a
    date or a document symbol is not also a number."""
    day_month, month_day, month_year, symbol, number = _patterns()
    plain = _plain(text)
    table = _months()

    def month_of(name: str) -> int:
        return table[fold_arabic(name.casefold())]
    found: list[tuple[int, Fact]] = []
    taken: list[tuple[int, int]] = []

    def free(m: regex.Match[str]) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    def take(m: regex.Match[str], fact: Fact) -> None:
        taken.append(m.span())
        found.append((m.start(), fact))

    for m in symbol.finditer(plain):
        take(m, Fact("symbol", m.group(0).rstrip(".-"), text[m.start():m.end()].rstrip(".-")))
    for m in day_month.finditer(plain):
        if free(m):
            year = int(m.group(3)) if m.group(3) else None
            take(m, Fact("date", (year, month_of(m.group(2)), int(m.group(1))), text[m.start():m.end()]))
    for m in month_day.finditer(plain):
        if free(m):
            take(m, Fact("date", (int(m.group(3)), month_of(m.group(1)), int(m.group(2))),
                         text[m.start():m.end()]))
    for m in month_year.finditer(plain):
        if free(m):
            take(m, Fact("date", (int(m.group(2)), month_of(m.group(1)), None), text[m.start():m.end()]))
    for m in number.finditer(plain):
        if not free(m):
            continue
        digits, word = m.group(1), (m.group(2) or "").casefold()
        value = float(digits.replace(",", "").replace("٬", "").replace("٫", "."))
        scale = next((s for prefix, s in _SCALES if word.startswith(prefix)), None)
        end = m.end() if scale else m.end(1)
        found.append((m.start(), Fact("number", round(value * (scale or 1), 6), text[m.start():end])))
        taken.append((m.start(), end))
    for gazetteer in (STATES, PLACES):
        for name in gazetteer.matches(text):
            written = text[name.start:name.end]
            found.append((name.start, Fact("name", name.entry, _surface(gazetteer, name.entry, written))))
    found.sort(key=lambda item: item[0])
    return [f for _, f in found]


def same(a: Fact, b: Fact) -> bool:
    """Whether two facts agree.  Dates agree where both say something: a
    year one side leaves out (``3 نيسان`` for ``3 April 2025``) is not a
    disagreement."""
    if a.kind != b.kind:
        return False
    if a.kind != "date":
        return a.value == b.value
    assert isinstance(a.value, tuple) and isinstance(b.value, tuple)
    return all(x is None or y is None or x == y for x, y in zip(a.value, b.value, strict=True))


def agreement(a: Sequence[Fact], b: Sequence[Fact]) -> float | None:
    """Dice of the facts two clauses share (None when neither has any)."""
    if not a and not b:
        return None
    matched = len(_matching(a, b))
    return 2 * matched / (len(a) + len(b))


def _matching(a: Sequence[Fact], b: Sequence[Fact]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of agreeing facts, in reading order."""
    used: set[int] = set()
    pairs = []
    for i, fa in enumerate(a):
        for j, fb in enumerate(b):
            if j not in used and same(fa, fb):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def mismatches(original: Sequence[Fact], translation: Sequence[Fact]) -> tuple[FactMismatch, ...]:
    """Facts the translation renders differently: after matching what
    agrees, a left-over fact of the original and a left-over fact of the
    translation of the same kind are one fact changed (``2254`` → ``2245``,
    ``Adre`` → ``الطينة``).  A fact only one side has is not reported: a
    translation that says "next year" for "2026", or leaves a number out,
    says less, not something else."""
    pairs = _matching(original, translation)
    left_a = [f for i, f in enumerate(original) if i not in {p for p, _ in pairs}]
    left_b = [f for j, f in enumerate(translation) if j not in {q for _, q in pairs}]
    out: list[FactMismatch] = []
    kinds: tuple[FactKind, ...] = ("number", "date", "symbol", "name")
    for kind in kinds:
        xs = [f for f in left_a if f.kind == kind]
        ys = [f for f in left_b if f.kind == kind]
        out.extend(FactMismatch(kind, x.surface, y.surface) for x, y in zip(xs, ys, strict=False))
    return tuple(out)
