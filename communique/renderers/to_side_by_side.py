"""Side by side: old and new clause texts in two plain-text columns, word
changes marked (``[-deleted-]`` in the old column, ``{+inserted+}`` in the
new), each column wrapped at word boundaries to half the width.  A
right-to-left line sits inside a first-strong isolate (FSI … PDI), so a
bidi-aware terminal lays it out on its own and the old text stays under the
old header."""

from __future__ import annotations

import shutil
from itertools import zip_longest

from rich.cells import cell_len

from ..model import Diff
from ..text.printable import printable
from ..text.scripts import is_rtl
from .base import FormatRenderer, Option
from .plain import SYMBOL, heading, labels, meta_line, summary_line, wrap
from .view import Piece, diff_view, marked


def _column(per_clause: tuple[list[Piece], ...], width: int) -> list[str]:
    lines: list[str] = []
    for pieces in per_clause:
        text = printable(marked(pieces, lambda s: f"[-{s}-]", lambda s: f"{{+{s}+}}"))
        lines += wrap(text, width)
    return lines


def _cell(line: str, width: int) -> str:
    shown = f"\u2068{line}\u2069" if is_rtl(line) else line
    return shown + " " * max(0, width - cell_len(line))


def render_diff(diff: Diff, width: int = 0) -> str:
    width = width or max(60, min(shutil.get_terminal_size((120, 24)).columns, 240))
    col = (width - 3) // 2
    out = [*heading(diff), *(meta_line(c) for c in diff.meta_changes), "=" * width]
    for view in diff_view(diff):
        op = view.op
        tag = f"{SYMBOL[op.kind]} {op.kind}" + (" (renumbered)" if op.renumbered else "")
        if op.cosmetic:
            tag += f" (cosmetic: {', '.join(op.cosmetic)})"
        out.append(f"{tag}: {labels(diff.old, op.old)} | {labels(diff.new, op.new)}")
        left = _column(view.old_pieces, col)
        right = _column(view.new_pieces, col)
        bar = "|" if op.kind == "unchanged" else "‖"
        for a, b in zip_longest(left, right, fillvalue=""):
            out.append(f"{_cell(a, col)} {bar} {_cell(b, col) if b else ''}".rstrip())
        out.append("-" * width)
    out.append(summary_line(diff))
    return "\n".join(out) + "\n"


RENDERER = FormatRenderer(
    "side-by-side", "old and new text in two columns", diff=render_diff,
    options={"width": Option(int, 0, "total width in columns; 0 for the terminal's")},
)
