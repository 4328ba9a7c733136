"""The grammar as Lark reads it: the analysed LALR parser and its reading
of a text into :class:`~communique.structure.grammar.Line` objects.

This is the reference reading of ``grammar/communique.lark`` and the
fallback of :func:`communique.structure.grammar.split_lines`; the fast path
(one pattern compiled from this parser's terminals) needs it only when its
cached pattern is missing or stale.  It is the one module that imports Lark,
so a process with a warm cache never does.

The analysed parser is cached in the user's cache folder too (Lark's own
``cache=``, which checks the grammar's hash before using the file).
"""

from __future__ import annotations

import sys
from functools import lru_cache

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from ..cache import cache_folder
from ..errors import GrammarError
from .grammar import Line, grammar_text, lines_of


class ToLines(Transformer[Token, list[Line]]):
    """Parse tree → list of :class:`Line` (runs inside the LALR parser)."""

    @staticmethod
    def _line(children: list[Token], marked: bool) -> Line | list[Line]:
        rest = children[-1]
        marker = children[-2] if marked else None
        return lines_of(children[0].start_pos or 0, None if marker is None else str(marker),
                         "" if marker is None else marker.type, 0 if marker is None else marker.start_pos or 0,
                         str(rest), rest.start_pos or 0)

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
def parser() -> Lark:
    options = {"parser": "lalr", "lexer": "contextual", "regex": True, "transformer": ToLines()}
    cache = _cache_file()
    try:
        return Lark(grammar_text(), cache=cache, **options)
    except (OSError, EOFError, ValueError):  # an unreadable or truncated cache file: build afresh
        return Lark(grammar_text(), **options)


def lark_lines(text: str) -> list[Line]:
    """The LALR parser's reading of ``text`` (which ends with a line break)."""
    try:
        return parser().parse(text)  # type: ignore[return-value]
    except LarkError as exc:  # the grammar accepts any text; this is a bug, not bad input
        raise GrammarError(f"statement grammar failed: {exc.__class__.__name__}",
                           line=getattr(exc, "line", None), column=getattr(exc, "column", None)) from None
