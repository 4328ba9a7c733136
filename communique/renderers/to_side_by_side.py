"""Side by side: old and new clause texts in two plain-text columns under
their headers, word changes marked (``[-deleted-]`` in the old column,
``{+inserted+}`` in the new), each column wrapped at word boundaries to
half the width, every mark closed on its line.

Each column keeps its own direction: a line holding right-to-left text
sits inside a first-strong isolate (FSI … PDI), so a bidi-aware terminal
lays the two columns out separately and the old text stays under the old
header (on the left) however the Arabic inside runs.  Padding is counted
in terminal cells (Arabic marks take none)."""

from __future__ import annotations

from itertools import zip_longest

from ..model import Diff
from ..text.printable import printable
from .base import FormatRenderer, Option
from .plain import (
    SYMBOL,
    WORD_MARKS,
    Run,
    fact_lines,
    heading,
    isolate,
    labels,
    meta_line,
    notes,
    op_flags,
    pad,
    show_line,
    summary_line,
    terminal_width,
    wrap,
    wrap_runs,
)
from .view import Piece, diff_view


def _column(per_clause: tuple[list[Piece], ...], width: int) -> list[str]:
    lines: list[str] = []
    for pieces in per_clause:
        runs = [Run(printable(p.text), p.kind if p.kind in ("del", "ins") else "plain") for p in pieces]
        lines += [show_line(line, WORD_MARKS) for line in wrap_runs(runs, width, WORD_MARKS)]
    return lines


def _cell(line: str, width: int) -> str:
    return pad(isolate(line), width)


def render_diff(diff: Diff, width: int = 0) -> str:
    width = max(40, terminal_width(width))
    col = (width - 3) // 2
    rule = "=" * width
    out = [line for h in heading(diff) for line in wrap(h, width)]
    out += [line for note in notes(diff) for line in wrap(f"note: {note}", width)]
    out += [line for c in diff.meta_changes for line in wrap(meta_line(c), width)]
    out += [rule, f"{_cell('old', col)} | new", rule]
    for view in diff_view(diff):
        op = view.op
        tag = f"{SYMBOL[op.kind]} {op.kind}" + "".join(f" ({f})" for f in op_flags(op, similarity=False))
        out += wrap(f"{tag}: {labels(diff.old, op.old)} | {labels(diff.new, op.new)}", width)
        left = _column(view.old_pieces, col)
        right = _column(view.new_pieces, col)
        bar = "|" if op.kind == "unchanged" else "‖"
        for a, b in zip_longest(left, right, fillvalue=""):
            out.append(f"{_cell(a, col)} {bar} {isolate(b)}".rstrip())
        out += [line for fact in fact_lines(op) for line in wrap(f"! fact {fact}", width)]
        out.append("-" * width)
    out += wrap(summary_line(diff), width)
    return "\n".join(out) + "\n"


RENDERER = FormatRenderer(
    "side-by-side", "old and new text in two columns", diff=render_diff,
    options={"width": Option(int, 0, "total width in columns; 0 for the terminal's")},
)
