"""Which series a statement belongs to, from its metadata.

Rounds of one series share a title but for the round number: "Joint
Statement of the **20th** International Meeting on Syria in the Astana
format", "البيان الختامي للجولة **الحادية عشرة** من محادثات أستانا".  The
series key is the title's *skeleton*: the title with numbers, ordinal words
(English, Arabic, Russian), month names and dates taken out, case and
Arabic letter variants folded, plus the language (an Arabic and an English
release are two series: a history compares rounds in one language).  A
statement without a title is keyed by its place and parties.  ``--series
NAME`` on ``add`` overrides all this.
"""

from __future__ import annotations

import functools

import regex

from ..model import Meta, Profile
from ..text.normalize import normalize
from ..text.patterns import compiled

_FOLD = Profile().ignoring("case", "letters", "punctuation")

_EN_ORDINAL = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
               r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|"
               r"fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth|twenty|thirty|forty|fifty|sixty|"
               r"seventy|eighty|ninety|hundred")
_EN_MONTH = (r"january|february|march|april|may|june|july|august|september|october|november|december|"
             r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# after letter folding (أ→ا, ة→ه, ى→ي), with the article and the clitics و ل ب that join it
_AR_ORDINAL = (r"(?:و|ل|ب)?(?:ال|لل)?(?:اول|اولي|ثاني|ثانيه|ثالث|ثالثه|رابع|رابعه|خامس|خامسه|سادس|سادسه|سابع|"
               r"سابعه|ثامن|ثامنه|تاسع|تاسعه|عاشر|عاشره|حادي|حاديه|عشر|عشره|عشرون|عشرين|ثلاثون|ثلاثين|اربعون|"
               r"اربعين|خمسون|خمسين|ستون|ستين|سبعون|سبعين|ثمانون|ثمانين|تسعون|تسعين|مائه|ماىه|مئه)")
_AR_MONTH = (r"(?:و|ل|ب)?(?:يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|"
             r"كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|اب|ايلول|تشرين|الاول|الثاني)")
_RU_ORDINAL = (r"(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|\w+надцат|двадцат|тридцат|"
               r"сорок|пятидесят|шестидесят|семидесят|восьмидесят|девяност|сот)\w*")
_RU_MONTH = r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_DROP = compiled(
    rf"^(?:\p{{N}}.*|.*\p{{N}}.*|{_EN_ORDINAL}|{_EN_MONTH}|{_AR_ORDINAL}|{_AR_MONTH}|{_RU_ORDINAL}|{_RU_MONTH}|"
    r"th|st|nd|rd|го|й|ая|ое)$", regex.I)
_PARTS = compiled(r"[-–\s]+")
_WORD = compiled(r"[\p{L}\p{M}\p{N}]+(?:[-–][\p{L}\p{M}\p{N}]+)*")


def skeleton(title: str) -> list[str]:
    """The words of ``title`` that name the series (original spelling)."""
    return [m.group() for m in _WORD.finditer(title) if not _numbering(m.group())]


@functools.lru_cache(maxsize=1 << 16)
def _numbering(word: str) -> bool:
    """A number, ordinal, month or date word (memoized: the titles of a
    series repeat their words, and folding one costs more than the lookup)."""
    parts = [p for p in _PARTS.split(normalize(word, _FOLD)) if p]
    return bool(parts) and all(_DROP.match(p) for p in parts)


def series_key(meta: Meta) -> tuple[str, str]:
    """``(key, display name)`` of the series a statement with ``meta`` is in."""
    lang = meta.language or "und"
    if meta.title:
        words = skeleton(meta.title)
        if words:
            name = " ".join(words)
            return f"{lang}|title|{normalize(name, _FOLD)}", name
    place = meta.place or "?"
    parties = ", ".join(sorted(meta.parties))
    name = f"{place}: {parties}" if parties else place
    return f"{lang}|place|{normalize(name, _FOLD)}", name
