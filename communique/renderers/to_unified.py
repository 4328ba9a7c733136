"""Unified: plain text, one block per op, stable for pipes and scripts.

Each op opens with a line ``<symbol> <old labels> -> <new labels> <op>
[similarity] [renumbered] [cosmetic: rules]``, then the clause text:
``-``/``+`` lines for the old and new wording and a ``~`` line with the
word changes as ``[-deleted-]{+inserted+}`` (the convention of ``git diff
--word-diff=plain`` and ``dwdiff``), ``>`` lines for a clause that moved or
stayed as it was.  Across languages an original and its translation are
``-``/``+`` lines with no word changes, and ``!`` lines name the facts
(numbers, dates, symbols, names) the translation renders differently.
Unchanged clauses are left out unless ``context`` is set or they carry
cosmetic differences or moved to another section.  Every mark closes on its own line.
"""

from __future__ import annotations

from ..model import Diff
from ..text.printable import printable
from .base import FormatRenderer, Option
from .plain import SYMBOL, fact_lines, heading, labels, meta_line, notes, op_flags, summary_line
from .view import inline_pieces, marked


def _lines(prefix: str, text: str) -> list[str]:
    return [f"  {prefix} {printable(line)}" for line in text.split("\n")]


def render_diff(diff: Diff, context: bool = False) -> str:
    old_head, new_head = heading(diff)
    out = [f"--- {old_head}", f"+++ {new_head}"]
    out += [f"@@ note {note}" for note in notes(diff)]
    out += [f"@@ meta {meta_line(change)}" for change in diff.meta_changes]
    for op in diff.ops:
        if op.kind == "unchanged" and not (context or op.renumbered or op.cosmetic or op.section_move):
            continue
        flags = "".join(f" {flag}" for flag in op_flags(op, rule_sep=","))  # (one word: a script splits on spaces)
        out.append(f"{SYMBOL[op.kind]} {labels(diff.old, op.old)} -> {labels(diff.new, op.new)} {op.kind}{flags}")
        if op.kind in ("dropped", "omitted"):
            out += _lines("-", op.old_text)
        elif op.kind == "added":
            out += _lines("+", op.new_text)
        elif diff.cross_language:
            out += _lines("-", op.old_text)
            out += _lines("+", op.new_text)
        elif op.old_text != op.new_text:
            out += _lines("-", op.old_text)
            out += _lines("+", op.new_text)
            text = marked(inline_pieces(op.words, op.old_text, op.new_text), lambda s: f"[-{s}-]",
                          lambda s: f"{{+{s}+}}", lambda new, old: f"[-{old}-]{{+{new}+}}")
            out += _lines("~", text)
        else:
            out += _lines(">", op.new_text)
        out += [f"  ! fact {line}" for line in fact_lines(op)]
    out.append(f"# {summary_line(diff)}")
    return "\n".join(out) + "\n"


RENDERER = FormatRenderer(
    "unified", "plain-text diff, one block per op (the default when piped)", diff=render_diff,
    options={"context": Option(bool, False, "also show unchanged clauses")},
)
