"""Side by side: old and new clause texts in two plain-text columns."""

from __future__ import annotations

import shutil
import textwrap
from itertools import zip_longest
from typing import Any

from ..model import Diff
from ._common import SYMBOL, heading, labels, meta_lines, summary_line, texts


def render_diff(diff: Diff, width: int | None = None, **_: Any) -> str:
    width = width or max(80, min(shutil.get_terminal_size((160, 24)).columns, 200))
    col = (width - 5) // 2
    out = [*heading(diff), *meta_lines(diff), "=" * width]
    for op in diff.ops:
        old, new = texts(diff, op)
        tag = f"{SYMBOL[op.op]} {op.op}" + (" (renumbered)" if op.renumbered else "")
        left_head = labels(diff.old, op.old)
        right_head = labels(diff.new, op.new)
        out.append(f"{tag}: {left_head} | {right_head}")
        if op.op == "unchanged":
            old = new = textwrap.shorten(old, col, placeholder=" …")
        left = [ln for para in old.splitlines() for ln in textwrap.wrap(para, col)] if old else []
        right = [ln for para in new.splitlines() for ln in textwrap.wrap(para, col)] if new else []
        for a, b in zip_longest(left, right, fillvalue=""):
            out.append(f"{a:<{col}} {'|' if op.op == 'unchanged' else '‖'} {b}")
        out.append("-" * width)
    out.append(summary_line(diff))
    return "\n".join(out) + "\n"
