"""The grammar runner: the Lark grammar turns a text into typed
:class:`Line` objects, each with its marker *candidate* (what the marker
could mean, ``markers.py``).

Which candidates are really clause numbers is decided from the sequence they
form (``numbering.py``); this module only knows one line at a time.

The grammar file is ``grammar/communique.lark`` at the top of the
repository, installed as package data ``communique.grammar``: it is found
either way, so a checkout and an installed copy behave the same.

How the grammar runs.  ``start: line*`` with ``line: INDENT? _marker?
LINE_REST`` is a regular language, and Lark's contextual lexer reads it as
one committed choice per token (the highest-priority terminal the state
allows, never backtracking into a token).  :func:`line_scanner` compiles
exactly that from the analysed grammar: Lark's own terminal patterns, in
Lark's own order, each token an atomic group, into one pattern matched once
per line.  The match is seven times faster than Lark's LALR loop (which
costs microseconds a token), ``split_lines`` with its lines built 2.5
times (it was nearly half of a parse).  The terminals stay the grammar's
(a new marker shape is a grammar edit and nothing else); when the rules are not of that shape any more (a
grammar edit that adds structure), :func:`split_lines` falls back to the
LALR parser with the :class:`~communique.structure.lalr.ToLines`
transformer, and the tests hold the two readings equal on every fixture and
on generated text.

What runs where.  The compiled pattern is kept in the user's cache folder
(:func:`communique.cache.derived`, under a digest of the grammar, of this
module's source and of the Lark release that analysed it), so a process
with a warm cache reads one string and never imports Lark: that import and
the grammar's analysis were a fifth of a small ``communique diff``.
Everything that needs Lark (the analysed parser, itself cached by Lark, and
the LALR reading) is in :mod:`communique.structure.lalr`.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import regex

from ..cache import derived
from ..errors import GrammarError
from ..text.patterns import compiled
from .markers import Candidate, interpret

if TYPE_CHECKING:
    from lark import Lark

_DIGIT_START = compiled(r"[ \t\u00a0]*[0-9\u0660-\u0669\u06f0-\u06f9]")
LINE_BREAKS = "\n\r\u2028\u2029\u0085"  # as the grammar's LINE_REST has them
_BREAK = compiled(rf"\r\n|[{LINE_BREAKS}]")
# What a LINE_REST token may end in after its text: line breaks and the
# grammar's _BLANK characters (blank lines).  The text holds no line break,
# so its first break is at or after the end of the token stripped of these.
_TAIL = LINE_BREAKS + " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b" \
    "\u202f\u205f\u3000\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
GRAMMAR_FILE = "communique.lark"


class Line(NamedTuple):
    """One line of the text.  A named tuple rather than a frozen dataclass:
    a text of 1,000 clauses makes 2,000 of them, and a frozen dataclass's
    ``__init__`` (``object.__setattr__`` per field) costs twice a tuple's."""

    start: int  # offset of the line's first character
    end: int  # end of its content (before the line break)
    text_start: int  # where the text after the marker (and spaces) begins
    candidate: Candidate | None


def lines_of(line_start: int, marker: str | None, marker_type: str, marker_start: int, rest: str,
              start_pos: int) -> Line | list[Line]:
    """One grammar line (its LINE_REST ``rest`` at ``start_pos``: the text
    after the marker, the line break, and any blank lines after it) as the
    :class:`Line` and the blank lines it ends with."""
    text_end = len(rest.rstrip(_TAIL))
    newlines = rest.endswith("\n") and rest.count("\n", text_end) == len(rest) - text_end
    if newlines:  # (most lines: the text, then "\n", or "\n\n" and more for blank lines after it)
        first_start = text_end
    else:
        breaks = _BREAK.finditer(rest, text_end)
        first = next(breaks)
        first_start, first_end = first.span()
    eol = start_pos + first_start
    cand = interpret(marker, marker_type, marker_start) if marker is not None else None
    if cand is not None and _DIGIT_START.match(rest):
        cand = cand._replace(weak=True)
    # the text starts after the marker and the spaces that follow it (one space, most often:
    # no copy of the line to count them)
    if not rest[:1].isspace():
        text_start = start_pos
    elif not rest[1:2].isspace():
        text_start = min(start_pos + 1, eol)
    else:
        text_start = min(start_pos + len(rest) - len(rest.lstrip()), eol)
    line = Line(line_start, eol, text_start, cand)
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


def grammar_text() -> str:
    """The grammar: from a checkout (``grammar/`` beside the ``communique/``
    package) when there is one, else from the installed package data.  The
    checkout comes first: an editable install maps ``communique.grammar`` to
    wherever it was installed from, which need not be the checkout whose
    code is running.  An installed package has its data beside its code;
    ``importlib.resources`` (4 ms of imports) is asked only for another
    layout (a zip archive)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parent / "grammar" / GRAMMAR_FILE, package / "grammar" / GRAMMAR_FILE):
        if candidate.is_file():
            return candidate.read_text("utf-8")
    from importlib import resources

    return resources.files("communique.grammar").joinpath(GRAMMAR_FILE).read_text("utf-8")


# The rules ``line_scanner`` compiles (Lark's expansion of the grammar's
# ``start: line*``, ``line: INDENT? _marker LINE_REST | INDENT? LINE_REST``);
# ``_marker`` may list any terminals.
_LINE_RULES = frozenset({
    ("start", ("__start_star_0",), None), ("start", (), None),
    ("__start_star_0", ("line",), None), ("__start_star_0", ("__start_star_0", "line"), None),
    ("line", ("INDENT", "_marker", "LINE_REST"), "marked"), ("line", ("_marker", "LINE_REST"), "marked"),
    ("line", ("INDENT", "LINE_REST"), "plain"), ("line", ("LINE_REST",), "plain"),
})


def line_scanner(parser: Lark) -> str | None:
    """The grammar's ``line`` as one pattern, a named group for the indent
    and for each marker terminal, or None when the analysed grammar is not
    of the shape this compiles (see the module docstring).

    Each token is an atomic group tried in the contextual lexer's order
    (priority, then Lark's tie-breaks), so the first terminal that matches
    is taken and never given back, as the lexer does."""
    rules = {(r.origin.name, tuple(t.name for t in r.expansion), r.alias) for r in parser.rules}
    marker_rules = {r for r in rules if r[0] == "_marker"}
    markers = {r[1][0] for r in marker_rules if len(r[1]) == 1 and r[2] is None}
    terminals = {t.name: t for t in parser.terminals}
    if rules - marker_rules != _LINE_RULES or len(markers) != len(marker_rules) \
            or not markers <= terminals.keys() or parser.lexer_conf.ignore \
            or parser.lexer_conf.g_regex_flags or any(t.pattern.type != "re" for t in terminals.values()):
        return None
    order = sorted(terminals.values(), key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value),
                                                       t.name))
    names = [t.name for t in order if t.name in markers | {"INDENT", "LINE_REST"}]
    if names[0] != "INDENT" or names[-1] != "LINE_REST":  # the lexer would try another token first
        return None
    regexp = {name: terminals[name].pattern.to_regexp() for name in names}
    marker_group = "|".join(f"(?P<{name}>{regexp[name]})" for name in names[1:-1])
    return f"(?>(?P<INDENT>{regexp['INDENT']})?)(?>(?:{marker_group})?)(?>{regexp['LINE_REST']})"


def _analysed_pattern() -> str | None:
    from .lalr import parser

    return line_scanner(parser())


def _scanner_sources() -> tuple[str | bytes, ...]:
    """What the compiled pattern is derived from: the grammar, this module
    (``line_scanner``) and the Lark release (its ``__init__`` holds the
    version; found without importing Lark)."""
    spec = importlib.util.find_spec("lark")
    lark_init = Path(spec.origin).read_bytes() if spec is not None and spec.origin else b""
    return grammar_text(), Path(__file__).read_bytes(), lark_init


@lru_cache(maxsize=1)
def _scanner() -> regex.Pattern[str] | None:
    pattern = derived("line-scanner", _scanner_sources(), _analysed_pattern)
    if pattern is None:
        return None
    scanner = compiled(pattern)
    # lastgroup names the token that closed last only if the terminals add no groups of their own
    return scanner if scanner.groups == len(scanner.groupindex) else None


def _scan(scanner: regex.Pattern[str], text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for m in scanner.finditer(text):
        if m.start() != pos:  # LINE_REST takes any text up to a line break; text ends with one
            raise GrammarError("statement grammar failed: no line matched here", column=pos)
        kind = m.lastgroup
        pos = m.end()
        if kind is None:
            line = lines_of(m.start(), None, "", 0, m.group(), m.start())
        elif kind == "INDENT":
            rest_start = m.end(kind)
            line = lines_of(m.start(), None, "", 0, text[rest_start:pos], rest_start)
        else:
            marker_start, rest_start = m.span(kind)
            line = lines_of(m.start(), text[marker_start:rest_start], kind, marker_start,
                             text[rest_start:pos], rest_start)
        if type(line) is list:
            lines += line
        else:
            lines.append(line)  # type: ignore[arg-type]
    if pos != len(text):
        raise GrammarError("statement grammar failed: text after the last line", column=pos)
    return lines


def split_lines(source: str) -> list[Line]:
    """Every line of ``source`` in order, with marker candidates.

    Guarantees: lines are contiguous (each starts where the previous line's
    break ended), and ``Line.end <= len(source)``.
    """
    text = source if source.endswith(tuple(LINE_BREAKS)) else source + "\n"
    scanner = _scanner()
    if scanner is not None:
        lines = _scan(scanner, text)
    else:
        from .lalr import lark_lines

        lines = lark_lines(text)
    if lines and lines[-1].end > len(source):
        last = lines[-1]
        lines[-1] = Line(last.start, len(source), min(last.text_start, len(source)), last.candidate)
    return lines
