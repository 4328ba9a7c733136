"""Dates and date ranges in statements, and which of them is the statement's.

Forms read (Arabic-Indic digits are folded before): ``25 April 2019``,
``25-26 April 2019``, ``25–26 April``, ``30 November – 1 December 2023``,
``from 30 May to 3 June 2022``, ``Dec 10-11, 2023``, ``November 30 –
December 1, 2023``, ``14-Jun.-2021``, ``25 و26 أبريل 2019``, ``يومي 24 و25
يناير``, ``من 25 إلى 26 نيسان/أبريل``, ``الأول من أيار/مايو 2023``,
``24-25 января 2024 года``, numeric ``18.02.2021`` and ``19 - 05 - 2023``
(day first), ISO ``2024-11-12``, and a Gregorian date displaced by bidi
reordering after its year (``يناير 2021م 5``).  Arabic months come in four
families: Levantine/Iraqi (كانون الثاني، شباط …), Egyptian/Gulf (يناير،
فبراير …, with their variant spellings), Maghrebi (جانفي، فيفري … أوت) and
Moroccan (يوليوز، غشت، شتنبر، نونبر، دجنبر), often two joined (``نيسان/أبريل``).
Hijri dates are not read: their months are not in the tables, and the
Gregorian date after ``الموافق`` is the one taken.

A page carries several dates: its own publication stamp, the statement's
dateline, the meeting's days in a sentence, the dates the clauses cite.
:func:`statement_date` ranks them (see there).  Patterns compile on first
use: importing the module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import regex

from ..text.names import PLACES, STATES
from ..text.normalize import normalize
from ..text.numbers import read_ar
from ..text.patterns import compiled, holds_any

_MONTH_NAMES = {
    1: "january jan كانون الثاني يناير جانفي январь января",
    2: "february feb شباط فبراير فيفري февраль февраля",
    3: "march mar اذار مارس март марта",
    4: "april apr نيسان ابريل افريل апрель апреля",
    5: "may ايار مايو ماي май мая",
    6: "june jun حزيران يونيو يونيه جوان июнь июня",
    7: "july jul تموز يوليو يوليه جويليه يوليوز июль июля",
    8: "august aug اب اغسطس اغسطوس اوت غشت август августа",
    9: "september sept sep ايلول سبتمبر شتنبر сентябрь сентября",
    10: "october oct تشرين الاول اكتوبر октябрь октября",
    11: "november nov تشرين الثاني نوفمبر نونبر ноябрь ноября",
    12: "december dec كانون الاول ديسمبر دجنبر декабрь декабря",
}
# Two-word Arabic months, and the split of the one-word lists above.
_TWO_WORD = ("كانون الثاني", "تشرين الاول", "تشرين الثاني", "كانون الاول")


def _months() -> dict[str, int]:
    out: dict[str, int] = {}
    for number, names in _MONTH_NAMES.items():
        rest = names
        for two in _TWO_WORD:
            if two in rest:
                out[two] = number
                rest = rest.replace(two, " ")
        for name in rest.split():
            out[name] = number
    return out


MONTHS = _months()
DateRole = Literal["dateline", "text", "bare", "publication"]


@dataclass(frozen=True, slots=True)
class DateHit:
    """One date or range found in a line (offsets into the line's key)."""

    start: str  # ISO YYYY-MM-DD, or --MM-DD without a year
    end: str | None  # the last day of a range, None for a single day
    pos: int
    stop: int

    @property
    def has_year(self) -> bool:
        return not self.start.startswith("--")


@cache
def _patterns() -> tuple[regex.Pattern[str], ...]:
    month = "(?:" + "|".join(regex.escape(m).replace(r"\ ", r"\s+")
                             for m in sorted(MONTHS, key=len, reverse=True)) + r")(?!\p{L})\.?"

    def month_ext(name: str) -> str:  # نيسان/أبريل, فبراير (شباط)
        return rf"(?P<{name}>{month})(?:\s*[/(]\s*{month}\s*\)?)?"

    def day(name: str) -> str:  # 25, or الأول من / الحادي والثلاثين من
        guard = r"(?<![\d.\-/:])" if name == "d1" else ""  # not inside 2024-11-12 or 10:15
        return (rf"(?:{guard}(?P<{name}>\d{{1,2}})(?!\d)"
                rf"|(?P<{name}w>ال\p{{Arabic}}+(?:\s+وال\p{{Arabic}}+)?)\s+من)")

    def en_day(name: str) -> str:
        return rf"(?<!\d)(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"

    sep = r"\s*(?:[-–—]|to|until|till|through|and|الي|حتي|و)\s*"  # (Arabic folded: إلى → الي)
    year = r"(?:\s*[,،/.\-]?\s*(?:عام|سنه|لعام)?\s*(?P<y>(?:19|20)\d\d)(?!\d)(?:\s*(?:م|года|г)(?!\w))?)?"
    between = r"(?:\s+|\s*[/.\-]\s*)(?:من\s+|of\s+)?"
    day_first = (rf"(?:(?:من|from|between)\s+)?{day('d1')}(?:{sep}{day('d2')})?{between}{month_ext('m1')}"
                 rf"(?:{sep}{day('d3')}{between}{month_ext('m2')})?{year}(?!\d)")
    month_first = (rf"\b{month_ext('m1')}\s+{en_day('d1')}(?:{sep}{en_day('d2')})?"
                   rf"(?:{sep}{month_ext('m2')}\s+{en_day('d3')})?{year}")
    # "يناير 2021م 5": bidi reordering put the day after the year, at the end of the line
    displaced = (rf"{month_ext('m1')}\s+(?P<y>(?:19|20)\d\d)\s*م?\s+(?P<d1>\d{{1,2}})"
                 rf"(?:\s*-\s*(?P<d2>\d{{1,2}}))?\s*$")
    numeric = r"(?<![\d.\-/])(?P<d1>\d{1,2})\s*(?P<s>[-/.])\s*(?P<mn>\d{1,2})\s*(?P=s)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
    iso = r"(?<![\d\-])(?P<y>(?:19|20)\d\d)-(?P<mn>\d\d)-(?P<d1>\d\d)(?![\d\-])"
    return tuple(compiled(p, regex.I | regex.V0) for p in (iso, numeric, displaced, day_first, month_first))


_DAYS_IN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_of(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(" ".join(name.lower().rstrip(".").split()))


def _day(g: dict[str, str | None], group: str) -> int | None:
    digits = g.get(group)
    if digits:
        return int(digits)
    words = g.get(group + "w")
    if words:
        value = read_ar(words.split())
        return value[0] if value and value[1] == len(words.split()) else None
    return None


def _iso(year: str | None, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN[month - 1]):
        return None
    if year and month == 2 and day == 29 and int(year) % 4:
        return None
    return f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _hit(m: regex.Match[str]) -> DateHit | None:
    g = m.groupdict()
    year = g.get("y")
    if g.get("mn"):
        day, month = int(g["d1"]), int(g["mn"])
        start = _iso(year, month, day)
        return DateHit(start, None, m.start(), m.end()) if start else None
    m1 = _month_of(g.get("m1"))
    d1 = _day(g, "d1")
    if m1 is None or d1 is None or (g["m1"][:1].islower() and g["m1"].isascii()):
        return None  # lower-case "may", "march": verbs
    d2, d3, m2 = _day(g, "d2"), _day(g, "d3"), _month_of(g.get("m2"))
    if d3 is not None and m2 is not None:  # 30 November – 1 December 2023
        end_day, end_month = d3, m2
    elif d2 is not None:
        end_day, end_month = d2, m1
        if d2 < d1:  # "29-26 ديسمبر": a range shown backwards by bidi reordering
            d1, end_day = d2, d1
    else:
        end_day, end_month = d1, m1
    start = _iso(year, m1, d1)
    if start is None:
        return None
    end = _iso(year, end_month, end_day)
    if end is None or end == start or end_month < m1:
        end = None
    return DateHit(start, end, m.start(), m.end())


_LETTERS = compiled(r"\p{L}+")
_DIGIT = re.compile(r"\d")


@cache
def _month_words() -> frozenset[str]:
    return frozenset(w for name in MONTHS for w in name.split())


@lru_cache(maxsize=1024)  # a line is read for the date, the title and the dateline's place
def find_dates(key: str) -> tuple[DateHit, ...]:
    """Every date in one line's key (:func:`line_key`), in order; a span
    is read by the first pattern that reads it.  The patterns with a month
    name run only around the month names a word scan finds: tried at every
    position of a long line, they cost a millisecond."""
    if _DIGIT.search(key) is None:
        return ()
    iso, numeric, displaced, day_first, month_first = _patterns()
    found: list[tuple[int, int, regex.Match[str]]] = [(m.start(), m.end(), m) for p in (iso, numeric)
                                                      for m in p.finditer(key)]
    months, read_to = _month_words(), 0
    low = key.lower()
    lowered = len(low) == len(key)  # lower() can lengthen a text (İ): then each word is lowered
    text = low if lowered else key
    cursor = 0
    # (each letter run is found where it starts: after the run before it, the first
    # place it occurs, since no letter stands between them; a match object per word
    # cost twice this loop)
    for word in _LETTERS.findall(text):
        at = text.find(word, cursor)
        cursor = at + len(word)
        if at < read_to or (word if lowered else word.lower()) not in months:
            continue  # inside a date already read ("نيسان/أبريل"), or not a month
        for m in (displaced.match(key, at), month_first.match(key, at),
                  day_first.search(key, max(0, at - 40), min(len(key), cursor + 60))):
            if m is not None:
                found.append((m.start(), m.end(), m))
                read_to = max(read_to, m.end())
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for start, end, m in found:  # in pattern order: the first pattern to read a span wins
        if any(a < end and start < b for a, b in taken):
            continue
        hit = _hit(m)
        if hit is not None:
            hits.append(hit)
            taken.append((start, end))
    return tuple(sorted(hits, key=lambda h: h.pos))


# Tatweel written as a dash between numbers ("23ـ 24 يناير", "22 ـ 11 ـ 1967");
# normalization would delete it and glue the numbers together.
_TATWEEL_DASH = compiled(r"(?<=[0-9\u0660-\u0669\u06f0-\u06f9]\s*)\u0640+(?=\s*[0-9\u0660-\u0669\u06f0-\u06f9])")


KEY_CHARS = 3000  # metadata is read from the start of each line: a dateline or lead is short


@lru_cache(maxsize=4096)  # the same lines are read for the date, round, title and parties
def line_key(text: str, limit: int = KEY_CHARS) -> str:
    """The form the metadata patterns read: the first ``limit`` characters,
    normalized (invisible marks, diacritics and tatweel off, digits ASCII,
    one space), Arabic letters folded (``أ`` → ``ا``, ``ة`` → ``ه``, ``ى`` →
    ``ي``); case kept."""
    return _key(text[:limit])


@lru_cache(maxsize=1024)
def _key(text: str) -> str:
    """:func:`line_key` of a text already cut to its limit.  Kept: the date,
    the round, the title and the parties each key the same lines (35 calls
    and fewer than 10 distinct lines in a short statement's metadata)."""
    if "\u0640" in text:
        text = _TATWEEL_DASH.sub("-", text)
    out = normalize(text)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه")):
        if a in out:
            out = out.replace(a, b)
    return out


def find_date(text: str) -> str | None:
    """The first date in ``text``, as ISO ``YYYY-MM-DD`` (``--MM-DD`` when the
    year is missing)."""
    hits = [h for line in text.splitlines() for h in find_dates(line_key(line))]
    return hits[0].start if hits else None


# --------------------------------------------------------------------------- which date is the statement's

@cache
def _role_patterns() -> tuple[regex.Pattern[str], ...]:
    publication = compiled(
        r"\b\d{1,2}:\d\d\b|published|updated|posted|last modified|\bdistr\b|^\s*(?:no|№)\s*[.:]?\s*\d"
        r"|^\s*by\s|\|\s*by\s|press release|(?:^|\|)\s*(?:نشر|تاريخ النشر|اخر تحديث)|تحديث:"
        r"|منذ \d+ (?:ساع|دقيق|يوم|ايام)|опубликовано|обновлено", regex.I)
    done_at = compiled(r"^\W*(?:done|issued|adopted|made|signed|agreed)\s+(?:at|in)\b|^\W*(?:صدر|حرر|حررت)\s"
                            r"|^\W*совершено\s", regex.I)
    # a Hijri date beside the Gregorian one: 1441هـ الموافق …, 1438H (10-11 JULY 2017)
    hijri = compiled(r"الموافق|1[34]\d\d\s*(?:ه|h)(?!\p{L})", regex.I)
    separators = compiled(r"[\s,،.:;\-–—()«»\"'*/]+|في|on|le", regex.I)
    return publication, done_at, hijri, separators


# one of these is in every line the publication pattern matches
_PUBLICATION_NEEDLES = (":", "publish", "updat", "post", "modif", "distr", "no", "№", "by", "press", "نشر", "تحديث",
                        "منذ", "опубликовано", "обновлено")


_WEEKDAYS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "يوم",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
))


def _after_place(key: str, hit: DateHit) -> bool:
    """Whether a place (or a place and its country) stands right before the
    date, at the start of the line or after a separator: ``Astana, 20 June``,
    ``…, Nur-Sultan, 22 December 2021``, ``(Karuizawa, 18 April 2023)``,
    ``عمّان في الأول من أيار``; not ``held in Astana on 20 June``."""
    offset = max(0, hit.pos - 80)
    before = key[offset:hit.pos]
    places = PLACES.matches(before)
    if not places:
        return False
    place = places[-1]
    gap = before[place.end:]
    for state in reversed(STATES.matches(gap)):  # "New Delhi, India, 9-10 September"
        gap = gap[:state.start] + " " + gap[state.end:]
    gap_words = [w for w in _role_patterns()[3].split(gap) if w]
    if len(gap_words) > 1 or (gap_words and len(key.split()) > 10):
        return False  # "القاهرة – متابعات: 13 يوليو": one word (the agency) in a short line
    lead = key[:offset + place.start].rstrip()
    return not lead or lead[-1] in ",،(–—-|*" or _role_patterns()[1].match(lead + " ") is not None


@dataclass(frozen=True, slots=True)
class _Line:
    """What decides the role of every date in one line."""

    done_at: bool
    hijri: bool
    publication: bool

    @classmethod
    def of(cls, key: str) -> _Line:
        publication, done_at, hijri, _ = _role_patterns()
        low = key.lower()
        return cls(done_at.match(key) is not None,
                   ("الموافق" in key or "ه" in key or "h" in low) and hijri.search(key) is not None,
                   holds_any(low, _PUBLICATION_NEEDLES) and publication.search(key) is not None)


def role_of(key: str, hit: DateHit, after_done_at: bool = False, line: _Line | None = None) -> DateRole:
    """What a date in a line is: the statement's ``dateline`` (a place
    before it, ``Done at …``, ``صدر في``, a Hijri date with its Gregorian
    ``الموافق``), a ``publication`` stamp (a time, ``Published``,
    ``Updated``, a byline, a press-release number), a ``bare`` date alone on
    its line, or a date in running ``text``."""
    line = line or _Line.of(key)
    # "Done at Astana on 14 March 2024.", "صدر في الرياض في …": the date within the first words
    done = line.done_at and len(key[:hit.pos].split()) <= 10
    if done or after_done_at or line.hijri or _after_place(key, hit):
        return "dateline"
    if line.publication:
        return "publication"
    rest = key[:hit.pos] + " " + key[hit.stop:]
    words = _LETTERS.findall(rest)
    if len(words) - sum(map(_WEEKDAYS.__contains__, map(str.lower, words))) <= 1:  # (at most one non-weekday)
        return "bare"
    return "text"


_RANK: dict[DateRole, int] = {"dateline": 0, "text": 1, "bare": 2, "publication": 3}
_YEAR = compiled(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class StatementDate:
    date: str | None = None
    date_end: str | None = None
    place: str | None = None  # the place of the dateline the date was read from


def statement_date(lines: Sequence[str]) -> StatementDate:
    """The statement's date, last day and dateline place, from the lines
    around it (the preamble, a report's first paragraphs, the closing), in
    document order.

    The statement's own dateline or ``Done at`` date comes first, even when
    a sentence of the lead gives the meeting's days as a range (the
    statement is dated its last day); then a date in running text (``met in
    Astana on 11-12 November 2024``: the range is the date); then a date
    alone on a line; a page's publication stamp only when nothing else
    names a date.  Among equals the first with a year wins; a date without
    one borrows the year of the other dates (or of the page's copyright
    line)."""
    found: list[tuple[int, int, DateHit, str | None]] = []
    years: list[str] = []
    pending: str | None = None  # "صدر في جدة بالمملكة العربية السعودية", the date on the next line
    done_at = _role_patterns()[1]
    for k, line in enumerate(lines):
        key = line_key(line)
        if not key:
            continue
        hits = find_dates(key)
        facts = _Line.of(key) if hits else None
        for hit in hits:
            role = role_of(key, hit, pending is not None, facts)
            place = None
            if role == "dateline":
                before = PLACES.matches(key[max(0, hit.pos - 80):hit.pos])
                before = before or (PLACES.matches(pending) if pending else ())
                place = before[-1].entry if before else None
            found.append((_RANK[role], k, hit, place))
            if hit.has_year:
                years.append(hit.start[:4])
        pending = key if not hits and done_at.match(key) and len(key.split()) <= 12 else None
        if "©" in key or "جميع الحقوق" in key:
            years += _YEAR.findall(key)
    if not found:
        return StatementDate()
    _, _, best, place = min(found, key=lambda f: (f[0], not f[2].has_year, f[1], f[2].pos))
    if best.has_year or not years:
        return StatementDate(best.start, best.end, place)
    same_month = [h.start[:4] for _, _, h, _ in found if h.has_year and h.start[5:7] == best.start[2:4]]
    year = (same_month or years)[0]
    return StatementDate(year + best.start[1:], (year + best.end[1:]) if best.end else None, place)
