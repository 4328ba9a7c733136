"""Grammar → lines: run the Lark grammar and turn each line into a typed
:class:`Line` with its marker *candidate* (what the marker could mean).

Which candidates are really clause numbers is decided by ``parse.py``, from
the sequence they form; this module only knows about one line at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import regex
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from .errors import GrammarError

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
_DIGIT_START = regex.compile(r"[ \t\u00a0]*[0-9\u0660-\u0669\u06f0-\u06f9]")
LINE_BREAKS = "\n\r\u2028\u2029\u0085"  # as the grammar's LINE_REST has them
_BREAK = regex.compile(rf"\r\n|[{LINE_BREAKS}]")
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\u0640"


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a line-opening marker could mean.

    ``readings`` lists ``(family, value)`` pairs: a family is a numbering
    system that a run of sibling clauses shares, e.g. ``("num", "-")`` for
    ``1- 2- 3-`` in any digit script, ``("latin-lower", ")")``, ``("bullet",
    "•")``.  ``(i)`` has two readings: roman 1 and the ninth letter.
    """

    raw: str
    start: int
    end: int
    kind: str  # grammar terminal: NUM, PAREN_NUM, DOTTED, ORDINAL, ROMAN, LATIN, ARABIC_LETTER, BULLET
    readings: tuple[tuple[tuple, int | None], ...]
    styles: tuple[str, ...]  # style of each reading
    delimiter: str
    parts: tuple[int, ...] = ()
    weak: bool = False  # a number right after it: "10 - 20 كم" is more likely text


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # offset of the line's first character
    end: int  # end of its content (before the line break)
    text_start: int  # where the text after the marker (and spaces) begins
    candidate: Candidate | None

    def text(self, source: str) -> str:
        return source[self.text_start:self.end].strip()

    def content(self, source: str) -> str:
        return source[self.start:self.end].strip()


def _digit_style(s: str) -> str:
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


def roman_numeral(n: int) -> str:
    """``n`` (1–39) as a lower-case roman numeral, the inverse of the marker reading."""
    out = ""
    for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _strip(raw: str) -> str:
    return raw.strip().strip("()[]").rstrip(".):" + DASHES).strip()


def _interpret(tok: Token) -> Candidate:
    raw = str(tok).strip()
    kind = tok.type
    delim = _delimiter(raw)
    body = _strip(raw)
    start = tok.start_pos + (len(str(tok)) - len(str(tok).lstrip()))
    end = start + len(raw)
    parts: tuple[int, ...] = ()
    if kind in ("NUM", "PAREN_NUM"):
        readings = ((("num", delim), int(body)),)
        styles = (_digit_style(body),)
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
        value = _roman_value(body)
        readings = (((f"roman-{'lower' if lower else 'upper'}", delim), value),)
        styles = (f"roman-{'lower' if lower else 'upper'}",)
        if len(body) == 1:  # i, v, x are letters too
            case = "lower" if lower else "upper"
            readings += (((f"latin-{case}", delim), ord(body.lower()) - 96),)
            styles += (f"latin-{case}",)
    elif kind == "LATIN":
        case = "lower" if body.islower() else "upper"
        readings = (((f"latin-{case}", delim), ord(body.lower()) - 96),)
        styles = (f"latin-{case}",)
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
    return Candidate(raw, start, end, kind, readings, styles, delim, parts)


class _ToLines(Transformer):
    """Parse tree → list of :class:`Line` (runs inside the LALR parser)."""

    @staticmethod
    def _line(children: list[Token], marked: bool) -> Line | list[Line]:
        # LINE_REST: the text after the marker, the line break, and any blank lines after it
        rest = children[-1]
        breaks = _BREAK.finditer(rest)
        first = next(breaks)
        eol = rest.start_pos + first.start()
        cand = _interpret(children[-2]) if marked else None
        if cand is not None and _DIGIT_START.match(rest):
            cand = replace(cand, weak=True)
        # the text starts after the marker and the spaces that follow it
        text_start = min(rest.start_pos + len(rest) - len(rest.lstrip()), eol)
        line = Line(children[0].start_pos, eol, text_start, cand)
        if first.end() == len(rest):
            return line
        lines, start = [line], rest.start_pos + first.end()
        for m in breaks:
            end = rest.start_pos + m.start()
            lines.append(Line(start, end, end, None))
            start = rest.start_pos + m.end()
        return lines

    def marked(self, children: list) -> Line:
        return self._line(children, True)

    def plain(self, children: list) -> Line:
        return self._line(children, False)

    def start(self, children: list) -> list[Line]:
        lines: list[Line] = []
        for item in children:
            if type(item) is list:
                lines += item
            else:
                lines.append(item)
        return lines


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files("communique.grammar").joinpath("communique.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", regex=True, transformer=_ToLines())


def split_lines(source: str) -> list[Line]:
    """Every line of ``source`` in order, with marker candidates.

    Guarantees: lines are contiguous (each starts where the previous line's
    break ended), and ``Line.end <= len(source)``.
    """
    text = source if source.endswith(tuple(LINE_BREAKS)) else source + "\n"
    try:
        lines: list[Line] = _parser().parse(text)
    except LarkError as exc:  # the grammar accepts any text; this is a bug, not bad input
        raise GrammarError(f"statement grammar failed: {exc.__class__.__name__}",
                           getattr(exc, "line", None), getattr(exc, "column", None)) from None
    if lines and lines[-1].end > len(source):
        last = lines[-1]
        lines[-1] = Line(last.start, len(source), min(last.text_start, len(source)), last.candidate)
    return lines
