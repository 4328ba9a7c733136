"""The grammar runner: the Lark grammar turns a text into typed
:class:`Line` objects, each with its marker *candidate* (what the marker
could mean, ``markers.py``).

Which candidates are really clause numbers is decided from the sequence they
form (``numbering.py``); this module only knows one line at a time.

The grammar file is ``grammar/communique.lark`` at the top of the
repository, installed as package data ``communique.grammar``: it is found
either way, so a checkout and an installed copy behave the same.  The
analysed parser is cached in the user's cache directory (Lark checks the
grammar's hash before using it), which takes grammar construction off every
process start.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from ..cache import cache_folder
from ..errors import GrammarError
from ..text.patterns import compiled
from .markers import Candidate, interpret

_DIGIT_START = compiled(r"[ \t\u00a0]*[0-9\u0660-\u0669\u06f0-\u06f9]")
LINE_BREAKS = "\n\r\u2028\u2029\u0085"  # as the grammar's LINE_REST has them
_BREAK = compiled(rf"\r\n|[{LINE_BREAKS}]")
# What a LINE_REST token may end in after its text: line breaks and the
# grammar's _BLANK characters (blank lines).  The text holds no line break,
# so its first break is at or after the end of the token stripped of these.
_TAIL = LINE_BREAKS + " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b" \
    "\u202f\u205f\u3000\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
GRAMMAR_FILE = "communique.lark"


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # offset of the line's first character
    end: int  # end of its content (before the line break)
    text_start: int  # where the text after the marker (and spaces) begins
    candidate: Candidate | None


class _ToLines(Transformer[Token, list[Line]]):
    """Parse tree → list of :class:`Line` (runs inside the LALR parser)."""

    @staticmethod
    def _line(children: list[Token], marked: bool) -> Line | list[Line]:
        # LINE_REST: the text after the marker, the line break, and any blank lines after it
        rest = children[-1]
        start_pos = rest.start_pos or 0
        text_end = len(rest.rstrip(_TAIL))
        newlines = rest.endswith("\n") and rest.count("\n", text_end) == len(rest) - text_end
        if newlines:  # (most lines: the text, then "\n", or "\n\n" and more for blank lines after it)
            first_start = text_end
        else:
            breaks = _BREAK.finditer(rest, text_end)
            first = next(breaks)
            first_start, first_end = first.span()
        eol = start_pos + first_start
        cand = interpret(str(children[-2]), children[-2].type, children[-2].start_pos or 0) if marked else None
        if cand is not None and _DIGIT_START.match(rest):
            cand = replace(cand, weak=True)
        # the text starts after the marker and the spaces that follow it (one space, most often:
        # no copy of the line to count them)
        if not rest[:1].isspace():
            text_start = start_pos
        elif not rest[1:2].isspace():
            text_start = min(start_pos + 1, eol)
        else:
            text_start = min(start_pos + len(rest) - len(rest.lstrip()), eol)
        line = Line(children[0].start_pos or 0, eol, text_start, cand)
        if newlines:
            if text_end == len(rest) - 1:
                return line
            if text_end == len(rest) - 2:  # one blank line (between paragraphs, most often)
                blank = start_pos + text_end + 1
                return [line, Line(blank, blank, blank, None)]
            # each further "\n" ends a blank line
            return [line, *(Line(start_pos + p, start_pos + p, start_pos + p, None)
                            for p in range(text_end + 1, len(rest)))]
        if first_end == len(rest):
            return line
        lines, start = [line], start_pos + first_end
        for m in breaks:
            end = start_pos + m.start()
            lines.append(Line(start, end, end, None))
            start = start_pos + m.end()
        return lines

    def marked(self, children: list[Token]) -> Line | list[Line]:
        return self._line(children, True)

    def plain(self, children: list[Token]) -> Line | list[Line]:
        return self._line(children, False)

    def start(self, children: list[Line | list[Line]]) -> list[Line]:
        lines: list[Line] = []
        for item in children:
            if type(item) is list:
                lines += item
            else:
                lines.append(item)  # type: ignore[arg-type]
        return lines


def grammar_text() -> str:
    """The grammar: from a checkout (``grammar/`` beside the ``communique/``
    package) when there is one, else from the installed package data.  The
    checkout comes first: an editable install maps ``communique.grammar`` to
    wherever it was installed from, which need not be the checkout whose
    code is running."""
    checkout = Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_FILE
    if checkout.is_file():
        return checkout.read_text("utf-8")
    return resources.files("communique.grammar").joinpath(GRAMMAR_FILE).read_text("utf-8")


def _cache_file() -> str | bool:
    """A per-user cache file for the analysed grammar, or False when there is
    no private place to keep one."""
    folder = cache_folder()
    if folder is None:
        return False
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    return str(folder / f"grammar-py{sys.version_info[0]}{sys.version_info[1]}.lark-cache")


@lru_cache(maxsize=1)
def _parser() -> Lark:
    options = {"parser": "lalr", "lexer": "contextual", "regex": True, "transformer": _ToLines()}
    cache = _cache_file()
    try:
        return Lark(grammar_text(), cache=cache, **options)
    except (OSError, EOFError, ValueError):  # an unreadable or truncated cache file: build afresh
        return Lark(grammar_text(), **options)


def split_lines(source: str) -> list[Line]:
    """Every line of ``source`` in order, with marker candidates.

    Guarantees: lines are contiguous (each starts where the previous line's
    break ended), and ``Line.end <= len(source)``.
    """
    text = source if source.endswith(tuple(LINE_BREAKS)) else source + "\n"
    try:
        lines: list[Line] = _parser().parse(text)  # type: ignore[assignment]
    except LarkError as exc:  # the grammar accepts any text; this is a bug, not bad input
        raise GrammarError(f"statement grammar failed: {exc.__class__.__name__}",
                           line=getattr(exc, "line", None), column=getattr(exc, "column", None)) from None
    if lines and lines[-1].end > len(source):
        last = lines[-1]
        lines[-1] = Line(last.start, len(source), min(last.text_start, len(source)), last.candidate)
    return lines
