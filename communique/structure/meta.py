"""Metadata of a statement: title, round, date, place, parties, language.

Cues are those of ``shared/notes/arabic.md``: round numbers in Arabic and
English forms (never a day of the month), Egyptian/Gulf and Levantine month
names, a small gazetteer of places and states.  The search looks at the title
and preamble first, then the clauses.
"""

from __future__ import annotations

from functools import cache

import regex

from ..model import Block, Clause, Meta
from ..text.names import PLACES, STATES
from ..text.normalize import normalize

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"

MONTHS = {
    # Egyptian/Gulf (with variants), Levantine, English
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_RE = "|".join(sorted(map(regex.escape, MONTHS), key=len, reverse=True))
_DATE = regex.compile(
    rf"(?<!{_DIGIT})({_DIGIT}{{1,2}})(?:\s*[ـ\-–]\s*{_DIGIT}{{1,2}})?(?:\s+|\s*/\s*)(?:من\s+)?({_MONTH_RE})"
    rf"(?:\s*[/(]\s*(?:{_MONTH_RE})\s*\)?)?(?:\s*[،,/]?\s*(?:عام\s+|سنة\s+)?({_DIGIT}{{4}}))?(?!{_DIGIT})",
    regex.I,
)
# 22-11-1967, 22/11/1967, 22.11.1967 (day first, as Arabic and UN texts write it)
_DATE_NUMERIC = regex.compile(
    rf"(?<![{_DIGIT[1:-1]}.\-/])({_DIGIT}{{1,2}})\s*([-/.])\s*({_DIGIT}{{1,2}})\s*\2\s*({_DIGIT}{{4}})(?!{_DIGIT})"
)
# Tatweel written as a dash between numbers ("23ـ 24 يناير", "22 ـ 11 ـ 1967");
# normalization would delete it and glue the numbers together.
_TATWEEL_DASH = regex.compile(rf"(?<={_DIGIT}\s*)\u0640+(?=\s*{_DIGIT})")
_DATE_EN = regex.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})", regex.I)
_ISO = regex.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

ORDINALS_AR = {
    "الأول": 1, "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
    "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10,
    "الأولى": 1, "الاولى": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4, "الخامسة": 5,
    "السادسة": 6, "السابعة": 7, "الثامنة": 8, "التاسعة": 9, "العاشرة": 10,
    "الحادي": 1, "الحادية": 1,
}
_UNITS_AR = "|".join(sorted(ORDINALS_AR, key=len, reverse=True))
_TENS_AR = {"عشر": 10, "عشرة": 10, "العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30}
_ROUND_WORD = r"(?:الجولة|الاجتماع|الدورة|القمة|اللقاء|جولة|اجتماع)"
_ROUND_PATTERNS = [
    # الجولة الـ 20 / الجولة 20 / الـ15 من محادثات
    regex.compile(rf"{_ROUND_WORD}\s+(?:ال\u0640*\s*)?({_DIGIT}{{1,3}})(?!{_DIGIT})(?!\s*(?:من\s+)?(?:{_MONTH_RE}))"),
    # أستانة 15 / أستانا-15 / Astana-15
    regex.compile(rf"(?:أستانة|أستانا|آستانة|آستانا|Astana)\s*[-–]?\s*({_DIGIT}{{1,2}})"
                  rf"(?![0-9])(?!\s*(?:من\s+)?(?:{_MONTH_RE}))", regex.I),
    # 20th round / 20th International Meeting / round 20
    regex.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:round|international meeting|meeting|session)", regex.I),
    regex.compile(r"\bround\s+(\d{1,3})\b(?!\s*(?:" + _MONTH_RE + "))", regex.I),
]
_ROUND_ORDINAL = regex.compile(
    rf"{_ROUND_WORD}\s+(?:({_UNITS_AR})(?:\s+و?({'|'.join(_TENS_AR)}))?|({'|'.join(_TENS_AR)}))"
)
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}
_ROUND_EN_WORD = regex.compile(
    r"\b(?:(twenty|thirty)[- ])?(" + "|".join(_EN_ORDINALS) + r")\s+(?:round|international meeting|meeting)",
    regex.I,
)

def extract_meta(preamble: tuple[Block, ...], clauses: tuple[Clause, ...], closing: tuple[Block, ...],
                 language: str | None, title_hint: str | None = None) -> Meta:
    """Metadata, looked for first *near* the statement (title, the lead-in
    and the paragraphs just before it, the dateline, the closing), then in
    the whole preamble; the parties also in the clauses.  The clauses are
    not searched for a round or date: they cite other meetings' dates and
    other bodies' sessions.  A news
    page's own date and the places its other stories mention stay out."""
    title = title_hint or next((b.text for b in preamble if b.kind == "title"), None)
    content = [b for b in preamble if b.kind != "boilerplate"]
    near_blocks = [b for b in content if b.kind in ("title", "lead-in")] + content[-3:]
    near = _norm("\n".join([title or "", *(b.text for b in near_blocks),
                             *(b.text for b in closing if b.kind != "boilerplate")]))

    # The wider texts are normalized only if ``near`` lacks a field: most
    # statements name everything near the top, and normalizing 40 clauses was
    # a third of parsing a short statement.
    @cache
    def wide() -> str:
        return _norm("\n".join(b.text for b in content))

    def body() -> str:
        return _norm("\n".join(c.text for c in clauses[:40]))

    def lead() -> str:  # a report's opening paragraphs (prose mode); numbered clauses cite other rounds
        return _norm("\n".join(c.text for c in clauses[:2] if c.marker is None))

    return Meta(
        title=title,
        round=find_round(near) or find_round(wide()) or find_round(lead()),
        date=find_date(near) or find_date(wide()),
        place=_first_place(near) or _first_place(wide()),
        parties=_parties(near) or _parties(f"{wide()}\n{body()}"),
        language=language,
    )


def _norm(text: str) -> str:
    return normalize(_TATWEEL_DASH.sub("-", text))


def find_round(text: str) -> int | None:
    """The round number: ``الجولة الـ 20``, ``أستانة 15``, ``الاجتماع العشرين``,
    ``20th round``; a day of the month (``أستانة- 21 من حزيران``) is not one."""
    best: tuple[int, int] | None = None
    for pattern in _ROUND_PATTERNS:
        for m in pattern.finditer(text):
            if best is None or m.start() < best[0]:
                best = (m.start(), int(m.group(1)))
            break
    for m in _ROUND_ORDINAL.finditer(text):
        value = ORDINALS_AR.get(m.group(1) or "", 0) + _TENS_AR.get(m.group(2) or m.group(3) or "", 0)
        if value and (best is None or m.start() < best[0]):
            best = (m.start(), value)
        break
    for m in _ROUND_EN_WORD.finditer(text):
        value = _EN_ORDINALS[m.group(2).lower()] + {"twenty": 20, "thirty": 30}.get((m.group(1) or "").lower(), 0)
        if best is None or m.start() < best[0]:
            best = (m.start(), value)
        break
    return best[1] if best else None


def find_date(text: str) -> str | None:
    """The first date, as ISO ``YYYY-MM-DD`` (``--MM-DD`` when the year is missing)."""
    candidates = []
    for m in _DATE.finditer(text):
        month = MONTHS.get(m.group(2).lower()) or MONTHS.get(m.group(2))
        if month:
            candidates.append((m.start(), _iso(m.group(3), month, int(m.group(1)))))
            break
    for m in _DATE_EN.finditer(text):
        candidates.append((m.start(), _iso(m.group(3), MONTHS[m.group(1).lower()], int(m.group(2)))))
        break
    for m in _DATE_NUMERIC.finditer(text):
        day, month = int(m.group(1)), int(m.group(3))
        if 1 <= month <= 12:
            candidates.append((m.start(), _iso(m.group(4), month, day)))
            break
    for m in _ISO.finditer(text):
        candidates.append((m.start(), m.group(0)))
        break
    candidates = [c for c in candidates if c[1]]
    return min(candidates)[1] if candidates else None


def _iso(year: str | None, month: int, day: int) -> str | None:
    if not 1 <= day <= 31:
        return None
    return f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _first_place(text: str) -> str | None:
    return next(PLACES.entries(text), None)


def _parties(text: str) -> tuple[str, ...]:
    """States named in ``text``, in order of first mention."""
    return tuple(dict.fromkeys(STATES.entries(text)))
