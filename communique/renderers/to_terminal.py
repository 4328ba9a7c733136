"""Terminal: a coloured diff (inline word changes, a summary line) and a
history matrix, with rich, at the terminal's width.  Runs of unchanged
clauses fold into one line.

Right-to-left text is printed in logical order inside a Unicode isolate
(FSI … PDI) so that a bidi-aware terminal lays each clause out on its own,
without the Latin labels around it reordering the Arabic.  Without colour,
changes are marked the way word-diff tools do (``[-…-]{+…+}``).
"""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Diff, History, Op
from ..text.printable import printable
from ..text.scripts import is_rtl
from .base import FormatRenderer, Option
from .plain import SYMBOL, heading, labels, meta_line, plural
from .view import Piece, inline_pieces

STYLE = {"unchanged": "dim", "modified": "yellow", "moved": "magenta", "added": "green", "dropped": "red",
         "split": "cyan", "merged": "cyan", "translated": "blue", "omitted": "red"}


def _iso(s: str) -> str:
    s = printable(s)
    return f"\u2068{s}\u2069" if is_rtl(s) else s


def _console(color: bool, width: int) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    width = width or shutil.get_terminal_size((100, 24)).columns
    return Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False,
                   emoji=False, markup=False), buf


def _pieces_text(pieces: list[Piece], color: bool) -> Text:
    text = Text()
    for p in pieces:
        shown = _iso(p.text)
        if p.kind == "del":
            text.append(shown if color else f"[-{shown}-]", style="red strike")
        elif p.kind == "ins":
            text.append(shown if color else f"{{+{shown}+}}", style="green underline")
            if p.clitic:
                text.append("ᶜ", style="dim")
        elif p.kind == "cos":
            text.append(shown, style="underline dim" if color else "")
        else:
            text.append(shown)
    return text


def _body(op: Op, color: bool) -> Text | None:
    if op.kind in ("added", "dropped", "omitted"):
        return Text("  ") + Text(_iso(op.new_text or op.old_text), style="green" if op.kind == "added" else "red")
    if op.old_text != op.new_text:
        return Text("  ") + _pieces_text(inline_pieces(op.words, op.old_text, op.new_text), color)
    if op.kind != "unchanged":
        return Text("  ") + Text(_iso(op.new_text))
    return None


def render_diff(diff: Diff, color: bool = False, width: int = 0) -> str:
    console, buf = _console(color, width)
    for line in heading(diff):
        console.print(Text(line, style="bold"))
    for change in diff.meta_changes:
        console.print(Text(f"meta  {meta_line(change)}", style="blue"))
    folded: list[str] = []

    def flush() -> None:
        if folded:
            console.print(Text(f"= {len(folded)} unchanged: {', '.join(folded)}", style="dim"))
            folded.clear()

    for op in diff.ops:
        if op.kind == "unchanged" and not op.cosmetic:
            old, new = labels(diff.old, op.old), labels(diff.new, op.new)
            folded.append(new if old == new else f"{old}→{new}")
            continue
        flush()
        head = Text(f"{SYMBOL[op.kind]} {labels(diff.old, op.old)} → {labels(diff.new, op.new)} {op.kind}",
                    style=f"bold {STYLE[op.kind]}")
        if op.similarity is not None and op.kind != "unchanged":
            head.append(f"  {op.similarity:.2f}", style="dim")
        if op.renumbered:
            head.append("  renumbered", style="dim")
        if op.cosmetic:
            head.append(f"  cosmetic: {', '.join(op.cosmetic)}", style="dim")
        console.print(head)
        body = _body(op, color)
        if body is not None:
            console.print(body)
    flush()
    summary = Text("summary: ", style="bold")
    for i, (kind, n) in enumerate((k, v) for k, v in diff.summary.items() if v):
        summary.append(("" if i == 0 else ", ") + f"{n} {kind}", style=STYLE[kind])
    console.print(summary)
    return buf.getvalue()


def render_history(history: History, color: bool = False, width: int = 0) -> str:
    console, buf = _console(color, width)
    table = Table(title="clause lineages (a cell is the clause number in that round; * = wording changed)",
                  show_lines=False)
    table.add_column("lineage", style="bold", no_wrap=True)
    for rnd in history.rounds:
        m = rnd.document.meta
        table.add_column(f"r{m.round}" if m.round else printable(rnd.label.rsplit("/", 1)[-1]), justify="center",
                         no_wrap=True)
    table.add_column("text (first version)", overflow="ellipsis", no_wrap=True, ratio=1)
    for lin in history.lineages:
        row: list[Text | str] = [lin.id]
        for cell in lin.cells:
            if cell is None:
                row.append(Text("·", style="dim"))
            else:
                mark = "*" if cell.changed else ""
                shown = ("→" + cell.merged) if cell.merged else "+".join(cell.paths)
                row.append(Text(printable(shown) + mark, style="yellow" if cell.changed else ""))
        first = lin.cells[lin.first]
        row.append(_iso(first.text.split("\n", 1)[0] if first is not None else ""))
        table.add_row(*row)
    console.print(table)
    n = len(history.rounds)
    steady = sum(1 for lin in history.lineages if lin.first == 0 and lin.last == n - 1 and not lin.changed_in)
    added = sum(1 for lin in history.lineages if lin.first > 0)
    ended = sum(1 for lin in history.lineages if lin.last < n - 1)
    console.print(Text(f"{plural(len(history.lineages), 'lineage')} over {n} rounds; {steady} unchanged throughout; "
                       f"{added} added later; {ended} dropped before the last round", style="bold"))
    return buf.getvalue()


_OPTIONS = {"color": Option(bool, False, "ANSI colours"), "width": Option(int, 0, "columns; 0 for the terminal's")}
RENDERER = FormatRenderer("terminal", "coloured view for a terminal", diff=render_diff, history=render_history,
                          options=_OPTIONS)
