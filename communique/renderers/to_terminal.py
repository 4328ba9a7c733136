"""Terminal: a coloured diff (inline word changes, a summary line) and a
history matrix, with rich.  Runs of unchanged clauses fold into one line.

Right-to-left text is printed in logical order inside a Unicode isolate
(FSI … PDI) so that a bidi-aware terminal lays each clause out on its own,
without the Latin labels around it reordering the Arabic.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Diff, History
from ..text import is_rtl
from ._common import NO_SPACE_BEFORE, SYMBOL, heading, inline, labels, meta_lines, texts

STYLE = {"unchanged": "dim", "modified": "yellow", "moved": "magenta", "added": "green",
         "dropped": "red", "split": "cyan", "merged": "cyan"}


def _iso(s: str) -> str:
    return f"\u2068{s}\u2069" if is_rtl(s) else s


def _console(color: bool, width: int) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False), buf


def _words(op, color: bool) -> Text:
    if not color:  # no styles to see: mark the changes the way word-diff tools do
        return Text(inline(op.words, lambda s: f"[-{_iso(s)}-]", lambda s: f"{{+{_iso(s)}+}}"))
    text = Text()
    for i, w in enumerate(op.words):
        following = w.old if w.op != "insert" else w.new
        if i and not following.startswith(NO_SPACE_BEFORE):
            text.append(" ")
        if w.op == "equal":
            text.append(_iso(w.old))
        if w.op in ("delete", "replace"):
            text.append(_iso(w.old), style="red strike")
        if w.op in ("insert", "replace"):
            text.append(_iso(w.new), style="green underline")
        if w.clitic:
            text.append("ᶜ", style="dim")
    return text


def render_diff(diff: Diff, color: bool = False, width: int = 120, **_: Any) -> str:
    console, buf = _console(color, width)
    for line in heading(diff):
        console.print(Text(line, style="bold"))
    for line in meta_lines(diff):
        console.print(Text(f"meta  {line}", style="blue"))
    folded: list[str] = []

    def flush() -> None:
        if folded:
            console.print(Text(f"= {len(folded)} unchanged: {', '.join(folded)}", style="dim"))
            folded.clear()

    for op in diff.ops:
        if op.op == "unchanged":
            old, new = labels(diff.old, op.old), labels(diff.new, op.new)
            folded.append(new if old == new else f"{old}→{new}")
            continue
        flush()
        head = Text(f"{SYMBOL[op.op]} {labels(diff.old, op.old)} → {labels(diff.new, op.new)} {op.op}",
                    style=f"bold {STYLE[op.op]}")
        if op.similarity is not None and op.op != "unchanged":
            head.append(f"  {op.similarity:.2f}", style="dim")
        if op.renumbered:
            head.append("  renumbered", style="dim")
        console.print(head)
        old, new = texts(diff, op)
        if op.op == "added":
            console.print(Text("  " + _iso(new), style="green"))
        elif op.op == "dropped":
            console.print(Text("  " + _iso(old), style="red"))
        elif op.words and any(w.op != "equal" for w in op.words):
            console.print(Text("  ") + _words(op, color))
    flush()
    counts = diff.summary
    summary = Text("summary: ", style="bold")
    for i, (op, n) in enumerate((k, v) for k, v in counts.items() if v):
        summary.append(("" if i == 0 else ", ") + f"{n} {op}", style=STYLE[op])
    console.print(summary)
    return buf.getvalue()


def render_history(history: History, color: bool = False, width: int = 160, **_: Any) -> str:
    console, buf = _console(color, width)
    table = Table(title="clause lineages (a cell is the clause number in that round; * = wording changed)",
                  show_lines=False)
    table.add_column("lineage", style="bold")
    for rnd in history.rounds:
        m = rnd.document.meta
        table.add_column(f"r{m.round}" if m.round else rnd.label.rsplit("/", 1)[-1], justify="center")
    table.add_column("text (first version)", overflow="ellipsis", no_wrap=True, max_width=60)
    for lin in history.lineages:
        row = [lin.id]
        for cell in lin.cells:
            if cell is None:
                row.append(Text("·", style="dim"))
            else:
                row.append(Text("+".join(cell.paths) + ("*" if cell.changed else ""),
                                style="yellow" if cell.changed else ""))
        row.append(_iso(lin.cells[lin.first].text.splitlines()[0]))
        table.add_row(*row)
    console.print(table)
    n = len(history.rounds)
    steady = sum(1 for lin in history.lineages if lin.first == 0 and lin.last == n - 1 and not lin.changed_in)
    console.print(Text(f"{len(history.lineages)} lineages over {n} rounds; {steady} unchanged throughout; "
                       f"{sum(1 for lin in history.lineages if lin.first > 0)} added later; "
                       f"{sum(1 for lin in history.lineages if lin.last < n - 1)} dropped before the last round",
                       style="bold"))
    return buf.getvalue()
