"""Marker candidates: what a line-opening marker token could mean.

The grammar (``grammar/communique.lark``) recognises marker *shapes*; this
module reads each one as a candidate with its possible values: ``(i)`` is
roman 1 or the ninth letter, ``ج-`` is the third letter in abjad order and
the fifth in hijā'ī order.  Which reading holds is decided from the sequence
(``numbering.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from ..model import MarkerStyle

ABJAD = "ابجدهوزحطيكلمنسعفصقرشتثخذضظغ"
HIJAI = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LETTER_NAMES = {  # UN section letters, abjad order
    "الف": 1, "باء": 2, "جيم": 3, "دال": 4, "هاء": 5, "واو": 6, "زاي": 7,
    "حاء": 8, "طاء": 9, "ياء": 10, "كاف": 11, "لام": 12, "ميم": 13, "نون": 14,
}
ORDINAL_STEMS = {
    "اول": 1, "ثاني": 2, "ثالث": 3, "رابع": 4, "خامس": 5, "سادس": 6,
    "سابع": 7, "ثامن": 8, "تاسع": 9, "عاشر": 10, "حادي": 1,
}
ROMAN = {"i": 1, "v": 5, "x": 10}
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\u0640"

# A family is a numbering system a run of sibling clauses shares, e.g.
# ("num", "-") for 1- 2- 3- in any digit script, ("latin-lower", ")").
Family = tuple[str, object]


class Candidate(NamedTuple):
    """What a line-opening marker could mean.

    ``readings`` lists ``(family, value)`` pairs: a family is a numbering
    system that a run of sibling clauses shares, e.g. ``("num", "-")`` for
    ``1- 2- 3-`` in any digit script, ``("latin-lower", ")")``, ``("bullet",
    "•")``.  ``(i)`` has two readings: roman 1 and the ninth letter.

    A named tuple, as the grammar's ``Line`` is: one per marked line, and a
    frozen dataclass costs twice as much to create.
    """

    raw: str
    start: int
    end: int
    kind: str  # grammar terminal: NUM, PAREN_NUM, DOTTED, ORDINAL, ROMAN, LATIN, ARABIC_LETTER, LABEL, BULLET
    readings: tuple[tuple[Family, int | None], ...]
    styles: tuple[MarkerStyle, ...]  # style of each reading
    delimiter: str
    parts: tuple[int, ...] = ()
    weak: bool = False  # a number right after it: "10 - 20 كم" is more likely text


def _digit_style(s: str) -> MarkerStyle:
    for ch in s:
        if "\u0660" <= ch <= "\u0669":
            return "arabic-indic"
        if "\u06f0" <= ch <= "\u06f9":
            return "persian"
    return "western"


def _delimiter(raw: str) -> str:
    tail = raw.rstrip()[-1:]
    if raw.startswith("(") or raw.startswith("["):
        return "()"
    if tail in DASHES:
        return "-"
    return tail if tail in ".):" else ""


def _roman_value(s: str) -> int | None:
    s = s.lower()
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def _strip(raw: str) -> str:
    return raw.strip().strip("()[]").rstrip(".):" + DASHES).strip()


def interpret(token: str, kind: str, pos: int) -> Candidate:
    """The candidate a marker token ``token`` (terminal ``kind``, at ``pos``) stands for."""
    raw, lead, readings, styles, delim, parts = _reading(token, kind)
    start = pos + lead
    return Candidate(raw, start, start + len(raw), kind, readings, styles, delim, parts)


_Reading = tuple[str, int, tuple[tuple[Family, int | None], ...], tuple[MarkerStyle, ...], str, tuple[int, ...]]


@lru_cache(maxsize=4096)
def _reading(token: str, kind: str) -> _Reading:
    """What ``interpret`` reads from a token, apart from where it stands:
    the same few markers (``1-``, ``أ-``, ``(a)``) open the lines of every
    statement, so each is read once."""
    raw = token.strip()
    core = raw.strip("*_") if kind == "NUM" else raw  # **1.** and __2.__: the emphasis is decoration
    delim = _delimiter(core)
    body = _strip(core)
    lead = len(token) - len(token.lstrip())
    parts: tuple[int, ...] = ()
    readings: tuple[tuple[Family, int | None], ...]
    styles: tuple[MarkerStyle, ...]
    if kind in ("NUM", "PAREN_NUM"):
        readings = ((("num", delim), int(body)),)
        styles = (_digit_style(body),)
    elif kind == "LABEL":  # PP1bis: → preambular paragraph 1 (a repeat), OP 3: → operative 3
        label, number = body[:2], regex.match(r"[ \t]?([0-9]+)", body[2:])
        readings = (((label.lower(), delim), int(number.group(1)) if number else None),)
        styles = ("western",)
    elif kind == "DOTTED":
        parts = tuple(int(p) for p in body.replace("\u066b", ".").split("."))
        readings = ((("dotted", parts[:-1]), parts[-1]),)
        styles = ("dotted",)
    elif kind == "ORDINAL":
        words = body.replace("\u064b", "").split()
        stem = words[0].removeprefix("ال").rstrip("ا").replace("أ", "ا")
        value = 20 if stem.startswith("عشر") else ORDINAL_STEMS.get(stem, 0) + (10 if len(words) > 1 else 0)
        readings = ((("ordinal", ""), value),)
        styles = ("ordinal",)
    elif kind == "ROMAN":
        lower = body.islower()
        roman: MarkerStyle = "roman-lower" if lower else "roman-upper"
        readings = (((roman, delim), _roman_value(body)),)
        styles = (roman,)
        if len(body) == 1:  # i, v, x are letters too
            letter_style: MarkerStyle = "latin-lower" if lower else "latin-upper"
            readings += (((letter_style, delim), ord(body.lower()) - 96),)
            styles += (letter_style,)
    elif kind == "LATIN":
        latin: MarkerStyle = "latin-lower" if body.islower() else "latin-upper"
        readings = (((latin, delim), ord(body.lower()) - 96),)
        styles = (latin,)
    elif kind == "ARABIC_LETTER":
        letter = body.replace("\u0640", "").replace("\u200d", "")
        letter = "ا" + letter[1:] if letter[:1] in ("أ", "إ") else letter  # أ- and ألف -
        if letter in LETTER_NAMES:
            readings = ((("arabic-section", delim), LETTER_NAMES[letter]),)
            styles = ("arabic-letter",)
        else:
            readings = (
                (("arabic-abjad", delim), ABJAD.index(letter) + 1),
                (("arabic-hijai", delim), HIJAI.index(letter) + 1),
            )
            styles = ("arabic-letter", "arabic-letter")
    else:  # BULLET
        readings = ((("bullet", raw), None),)
        styles = ("bullet",)
        delim = ""
    return raw, lead, readings, styles, delim, parts


