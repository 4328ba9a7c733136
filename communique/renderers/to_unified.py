"""Unified: plain text, one op per block, stable for pipes and scripts.

Each op opens with a line ``<symbol> <old labels> -> <new labels> <op>
[similarity] [renumbered]``; changed clauses follow as ``-``/``+`` lines and
a ``~`` line with the word changes as ``[-deleted-]{+inserted+}`` (the
convention of ``git diff --word-diff=plain`` and ``dwdiff``).
"""

from __future__ import annotations

from typing import Any

from ..model import Diff
from ._common import SYMBOL, heading, inline, labels, meta_lines, summary_line, texts


def render_diff(diff: Diff, context: bool = False, **_: Any) -> str:
    out = [f"--- {heading(diff)[0]}", f"+++ {heading(diff)[1]}"]
    out += [f"@@ meta {line}" for line in meta_lines(diff)]
    for op in diff.ops:
        if op.op == "unchanged" and not op.renumbered and not context:
            continue
        sim = f" {op.similarity:.2f}" if op.similarity is not None and op.op != "unchanged" else ""
        flag = " renumbered" if op.renumbered else ""
        out.append(f"{SYMBOL[op.op]} {labels(diff.old, op.old)} -> {labels(diff.new, op.new)} {op.op}{sim}{flag}")
        old, new = texts(diff, op)
        if op.op == "unchanged":
            continue
        if op.op == "dropped":
            out += [f"  - {line}" for line in old.splitlines()]
        elif op.op == "added":
            out += [f"  + {line}" for line in new.splitlines()]
        elif op.words and any(w.op != "equal" for w in op.words):
            out += [f"  - {line}" for line in old.splitlines()]
            out += [f"  + {line}" for line in new.splitlines()]
            marked = inline(op.words, lambda s: f"[-{s}-]", lambda s: f"{{+{s}+}}")
            out += [f"  ~ {line}" for line in marked.splitlines()]
    out.append(f"# {summary_line(diff)}")
    return "\n".join(out) + "\n"
