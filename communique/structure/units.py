"""Lines → units: the paragraphs of a text, each with at most one marker.

A marker always opens a unit; in documents that separate paragraphs with
blank lines, a plain line directly under another line continues it
(hard-wrapped text).  Numbering run into one paragraph (``1. They
reaffirmed … 2. They expressed …``, as news sites flatten lists) is split
back into one unit per item, at positions inside the source, so spans stay
lossless.  A :class:`Context` holds the units of one document with their
line features and the raw spans that make the tree lossless.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field

import regex

from ..model import ParseWarning, Span
from .furniture import Features
from .grammar import Line
from .markers import Candidate, interpret


@dataclass(slots=True)
class Unit:
    """A paragraph: one or more lines; at most the first opens with a marker."""

    start: int
    end: int
    text_start: int
    candidate: Candidate | None
    text: str  # after the marker (wrapped lines joined)
    index: int = 0
    run_in: bool = False  # split out of a paragraph that ran several items together


_TRAILING_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff \t\u00a0"


def ends_with_colon(text: str) -> bool:
    """Whether ``text`` ends in a colon (past the bidi marks Arabic pages put after it)."""
    return text.rstrip(_TRAILING_MARKS).endswith((":", "："))


@dataclass(slots=True)
class Context:
    source: str
    units: list[Unit]
    feats: list[Features]
    hints: Mapping[int, str] = field(default_factory=dict)  # unit → what the reader said about it
    warnings: list[ParseWarning] = field(default_factory=list)
    raw: dict[int, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every non-blank unit becomes exactly one node; its raw span runs to
        # the next non-blank unit (taking in blank lines), the first from 0,
        # so the nodes' raw spans tile the source.
        ids = [u.index for u in self.units if u.text or u.candidate is not None]
        ends = [self.units[j].start for j in ids[1:]] + [len(self.source)]
        for k, (i, end) in enumerate(zip(ids, ends, strict=True)):
            self.raw[i] = (0 if k == 0 else self.units[i].start, end)

    def live(self, i: int) -> bool:
        """Whether unit ``i`` becomes a node (is not a blank line)."""
        return i in self.raw

    def colon(self, i: int) -> bool:
        """Whether unit ``i``'s text ends in a colon (it introduces what follows)."""
        return ends_with_colon(self.units[i].text)


def make_units(source: str, lines: list[Line]) -> list[Unit]:
    lengths = sorted(ln.end - ln.start for ln in lines if source[ln.start:ln.end].strip())
    # Hard-wrapped text (an e-mail, a text file at 72 columns, a PDF) has no
    # long lines; a news page has one long line per paragraph and must not be
    # joined, or its header lines would run into its headline.
    join = len(lengths) >= 4 and lengths[int(len(lengths) * 0.9)] <= 100
    units: list[Unit] = []
    joined: dict[int, list[str]] = {}  # unit → its lines' texts, joined once at the end
    prev_blank = True               # (joining as we go copied the paragraph per line: quadratic)
    for ln in lines:
        text = source[ln.text_start:ln.end].strip()
        is_blank = not text and ln.candidate is None
        if is_blank:
            units.append(Unit(ln.start, ln.end, ln.end, None, ""))
            prev_blank = True
            continue
        if (join and not prev_blank and ln.candidate is None and units and units[-1].text
                and wraps(source, units[-1])):
            last = units[-1]
            last.end = ln.end
            joined.setdefault(len(units) - 1, [last.text]).append(text)
        else:
            units.append(Unit(ln.start, ln.end, ln.text_start, ln.candidate, text))
        prev_blank = False
    for k, parts in joined.items():
        units[k].text = _join_wrapped(parts)
    units = split_run_in(source, units)
    for i, u in enumerate(units):
        u.index = i
    return units


def _join_wrapped(parts: list[str]) -> str:
    """Wrapped lines joined with a space, a word hyphenated across the break
    (``re-`` + ``turn``) joined without one."""
    out = [parts[0]]
    for part in parts[1:]:
        prev = out[-1]
        if len(prev) > 1 and prev[-1] == "-" and prev[-2].islower() and part[:1].islower():
            out[-1] = prev[:-1]
            out.append(part)
        else:
            out.append(" ")
            out.append(part)
    return "".join(out)


_SENTENCE_END = regex.compile(r"[.:!?؟…][\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\s*$")


def wraps(source: str, unit: Unit) -> bool:
    """A hard-wrapped line is long and does not end a sentence."""
    last_line = source[max(unit.start, source.rfind("\n", unit.start, unit.end) + 1):unit.end].strip()
    return len(last_line) >= 40 and not _SENTENCE_END.search(last_line)


def unit_hints(units: list[Unit], hints: Mapping[int, str]) -> dict[int, str]:
    # Sorted offsets and a binary search per unit: scanning every hint for
    # every unit was quadratic on pages with thousands of boilerplate lines.
    offsets = sorted(hints)
    out = {}
    for u in units:
        k = bisect_left(offsets, u.start)
        if k < len(offsets) and offsets[k] < max(u.end, u.start + 1):
            out[u.index] = hints[offsets[k]]
    return out


# --------------------------------------------------------------------------- run-in numbering

# Where an item marker can start inside a paragraph: after a sentence or a
# clause ends (. ; : ؛ and the like, possibly closing quotes), then at most a
# few spaces, then the marker (group 1: digits, an optional space and a
# delimiter, the grammar's NUM shape) and the item's first character.
_RUN_IN = regex.compile(
    r"(?<=[.;:!?؟؛…][\"'»”’)\]]?)[ \t\u00a0]{0,3}"
    r"((?:[0-9]{1,3}|[\u0660-\u0669]{1,3})[ \t\u00a0]?[.\-)ـ–])(?=[ \t\u00a0]?[\p{L}\"'«“])")
_MIN_RUN_IN = 40  # a paragraph shorter than this holds no run of items


def split_run_in(source: str, units: list[Unit]) -> list[Unit]:
    """Units with numbering run into one paragraph split into one unit per
    item.  A run counts only when its numbers go on in sequence: from the
    paragraph's own marker (``1. … 2. …``) or from 1 (``… as follows: 1. …
    2. …``), at least two items, so a number inside a sentence (``resolution
    2254 (2015). 3 million people``) stays text."""
    out: list[Unit] = []
    for u in units:
        if len(u.text) < _MIN_RUN_IN or not _RUN_IN.search(source, u.text_start, u.end):
            out.append(u)
            continue
        items = _run_in_items(source, u)
        if not items:
            out.append(u)
            continue
        out.extend(_split(source, u, items))
    return out


_QUOTED_START = regex.compile(
    r"[\"“«„‘'(\[][ \t\u00a0]?((?:[0-9]{1,3}|[\u0660-\u0669]{1,3})[ \t\u00a0]?[.\-)ـ–])(?=[ \t\u00a0]?\p{L})")


def _run_in_items(source: str, u: Unit) -> list[Candidate]:
    found = [interpret(m.group(1), "NUM", m.start(1)) for m in _RUN_IN.finditer(source, u.text_start, u.end)]
    quoted = _QUOTED_START.match(source, u.text_start) if u.candidate is None else None
    if quoted:  # a quoted statement: «1. They looked … 2. They voiced …
        found.insert(0, interpret(quoted.group(1), "NUM", quoted.start(1)))
    own = u.candidate
    if own is not None and own.kind == "NUM":
        family, value = own.readings[0]
        want = (value or 0) + 1
        need = 1
    else:
        family, want, need = None, 1, 2
    chosen: list[Candidate] = []
    for cand in found:
        cand_family, value = cand.readings[0]
        if value == want and (family is None or cand_family == family):
            chosen.append(cand)
            family, want = cand_family, want + 1
    return chosen if len(chosen) >= need else []


def _split(source: str, u: Unit, items: list[Candidate]) -> list[Unit]:
    bounds = [c.start for c in items] + [u.end]
    head_end = _trim_end(source, u.start, items[0].start)
    out = [Unit(u.start, head_end, u.text_start, u.candidate, _flat(source, u.text_start, head_end),
                run_in=True)]
    for cand, end in zip(items, bounds[1:], strict=True):
        text_start = cand.end
        while text_start < end and source[text_start] in " \t\u00a0":
            text_start += 1
        stop = _trim_end(source, text_start, end)
        out.append(Unit(cand.start, stop, text_start, cand, _flat(source, text_start, stop), run_in=True))
    return out


def _trim_end(source: str, start: int, end: int) -> int:
    while end > start and source[end - 1] in " \t\u00a0\n\r":
        end -= 1
    return end


def _flat(source: str, start: int, end: int) -> str:
    return " ".join(source[start:end].split())
