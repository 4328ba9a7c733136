"""Lines → units: the paragraphs of a text, each with at most one marker.

A marker always opens a unit; in documents that separate paragraphs with
blank lines, a plain line directly under another line continues it
(hard-wrapped text).  A :class:`Context` holds the units of one document
with their line features and the raw spans that make the tree lossless.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from ..model import ParseWarning
from .furniture import Features
from .grammar import Line
from .markers import Candidate


@dataclass(slots=True)
class Unit:
    """A paragraph: one or more lines; at most the first opens with a marker."""

    start: int
    end: int
    text_start: int
    candidate: Candidate | None
    text: str  # after the marker (wrapped lines joined)
    index: int = 0


@dataclass(slots=True)
class Context:
    source: str
    units: list[Unit]
    feats: list[Features]
    warnings: list[ParseWarning] = field(default_factory=list)
    raw: dict[int, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every non-blank unit becomes exactly one node; its raw span runs to
        # the next non-blank unit (taking in blank lines), the first from 0,
        # so the nodes' raw spans tile the source.
        ids = [u.index for u in self.units if u.text or u.candidate is not None]
        ends = [self.units[j].start for j in ids[1:]] + [len(self.source)]
        for k, (i, end) in enumerate(zip(ids, ends, strict=True)):
            self.raw[i] = (0 if k == 0 else self.units[i].start, end)


def make_units(source: str, lines: list[Line]) -> list[Unit]:
    lengths = sorted(ln.end - ln.start for ln in lines if source[ln.start:ln.end].strip())
    # Hard-wrapped text (an e-mail, a text file at 72 columns) has no long
    # lines; a news page has one long line per paragraph and must not be
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
        units[k].text = " ".join(parts)
    for i, u in enumerate(units):
        u.index = i
    return units


_SENTENCE_END = regex.compile(r"[.:!?؟…][\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\s*$")


def wraps(source: str, unit: Unit) -> bool:
    """A hard-wrapped line is long and does not end a sentence."""
    last_line = source[max(unit.start, source.rfind("\n", unit.start, unit.end) + 1):unit.end].strip()
    return len(last_line) >= 40 and not _SENTENCE_END.search(last_line)


def unit_hints(units: list[Unit], hints: dict[int, str]) -> dict[int, str]:
    # Sorted offsets and a binary search per unit: scanning every hint for
    # every unit was quadratic on pages with thousands of boilerplate lines.
    offsets = sorted(hints)
    out = {}
    for u in units:
        k = bisect_left(offsets, u.start)
        if k < len(offsets) and offsets[k] < max(u.end, u.start + 1):
            out[u.index] = hints[offsets[k]]
    return out


