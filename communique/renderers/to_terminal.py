"""Terminal: a diff (each op's clause text with its word changes inline, a
summary line) and a history matrix, at the terminal's width.

Lines are wrapped here, at word boundaries (only a word wider than a whole
line is cut), with a hanging indent, so that the terminal never breaks a
word.  Colour is ANSI SGR, opened and reset on each line (through
``less -R`` every line stands on its own); without colour, word changes are
marked the way word-diff tools do (``[-…-]{+…+}``), each mark closed on
its line.  A line holding right-to-left text sits inside a first-strong
isolate (FSI … PDI), so a bidi-aware terminal lays the clause out on its
own without the labels around it reordering the Arabic.  Runs of unchanged
clauses fold into one line unless ``context`` is set.

The history matrix degrades with the width: lineage × round columns with
the first version's text while that column keeps 20 cells; else one block
per lineage (its text, then its rounds, wrapped).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Cell, Diff, History, Op
from ..text.printable import printable
from .base import FormatRenderer, Option
from .plain import (
    SYMBOL,
    WORD_MARKS,
    Line,
    Run,
    cell_text,
    cells,
    fact_lines,
    heading,
    history_summary,
    isolate,
    labels,
    meta_line,
    notes,
    op_flags,
    pad,
    show_line,
    terminal_width,
    wrap_runs,
)
from .view import OpView, Piece, op_view

STYLE = {"unchanged": "dim", "modified": "yellow", "moved": "magenta", "added": "green", "dropped": "red",
         "split": "cyan", "merged": "cyan", "translated": "blue", "omitted": "red"}
_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "strike": "9", "red": "31", "green": "32",
        "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36"}
PIECE_STYLE = {"del": "red strike", "ins": "green underline", "cos": "underline dim", "plain": ""}
INDENT = "  "
MIN_TEXT = 20  # cells the history matrix's text column needs to be worth showing


def paint(text: str, style: str) -> str:
    """``text`` in an ANSI style (``"bold red"``), reset at its end."""
    codes = ";".join(_SGR[s] for s in style.split() if s in _SGR)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text


class _Out:
    """Lines being written, wrapped to a width, painted or marked."""

    def __init__(self, color: bool, width: int) -> None:
        self.color = color
        self.width = max(width, 20)
        self.lines: list[str] = []

    def show(self, line: Line) -> str:
        body = show_line(line, None if self.color else WORD_MARKS, paint if self.color else None)
        return isolate(body) if body else body

    def runs(self, runs: Sequence[Run], first: str = "", rest: str | None = None) -> None:
        """``runs`` wrapped, the first line after ``first``, the others after
        ``rest`` (hanging indent; ``first``'s width when None)."""
        rest = " " * cells(first) if rest is None else rest
        wrapped = wrap_runs(runs, self.width - max(cells(first), cells(rest)), None if self.color else WORD_MARKS)
        for k, line in enumerate(wrapped):
            self.lines.append(((first if k == 0 else rest) + self.show(line)).rstrip())

    def text(self, text: str, style: str = "", first: str = "", rest: str | None = None) -> None:
        self.runs([Run(printable(text), "plain", style if self.color else "")], first, rest)

    def __str__(self) -> str:
        return "\n".join(self.lines) + "\n"


def _piece_runs(pieces: Sequence[Piece], color: bool) -> list[Run]:
    runs = []
    for p in pieces:
        runs.append(Run(printable(p.text), p.kind if p.kind in ("del", "ins") else "plain",
                        PIECE_STYLE[p.kind] if color else ""))
        if p.kind == "ins" and p.clitic:  # the change is only a leading و ف ب ل ك
            runs.append(Run("ᶜ", "plain", "dim" if color else ""))
    return runs


def _body(out: _Out, view: OpView, translation: bool = False) -> None:
    """The op's clause text: the new text with its word changes inline
    (the old text for a dropped clause), clause by clause, each clause of a
    split or merge after its label."""
    op = view.op
    if op.kind in ("added", "dropped", "omitted"):
        side, clauses = (view.new_pieces, view.new) if op.kind == "added" else (view.old_pieces, view.old)
        style = "green" if op.kind == "added" else "red"
        blocks = [[Run(printable(p.text), "plain", style if out.color else "") for p in pieces] for pieces in side]
    elif translation:  # the original (dim) above its translation: no word changes between them
        for pieces in view.old_pieces:
            out.runs([Run(printable(p.text), "plain", "dim" if out.color else "") for p in pieces], INDENT, INDENT)
        clauses = view.new
        blocks = [[Run(printable(p.text)) for p in pieces] for pieces in view.new_pieces]
    else:
        clauses = view.new
        blocks = [_piece_runs(pieces, out.color) for pieces in view.inline]
    many = len(clauses) > 1
    for clause, runs in zip(clauses, blocks, strict=True):
        first = INDENT + (f"{labels_of(clause.path, clause.label)} " if many else "")
        out.runs(runs, first, INDENT + " " * (cells(first) - len(INDENT)) if many else INDENT)
    for line in fact_lines(op):
        out.text(line, "bold red", INDENT + "! fact ", INDENT)


def labels_of(path: str, label: str | None) -> str:
    return printable(path if "." in path or not label else label.rstrip("."))


def _head(out: _Out, diff: Diff, op: Op) -> None:
    style = f"bold {STYLE[op.kind]}" if out.color else ""
    runs = [Run(f"{SYMBOL[op.kind]} {labels(diff.old, op.old)} → {labels(diff.new, op.new)} {op.kind}", "plain",
                style)]
    runs += [Run("  " + e, "plain", "dim" if out.color else "") for e in op_flags(op)]
    out.runs(runs, "", INDENT)


def render_diff(diff: Diff, color: bool = False, width: int = 0, context: bool = False) -> str:
    out = _Out(color, terminal_width(width))
    for line in heading(diff):
        out.text(line, "bold", rest=INDENT)
    for note in notes(diff):
        out.text(note, "dim", "note  ", INDENT)
    for change in diff.meta_changes:
        out.text(meta_line(change), "blue", "meta  ", INDENT)
    folded: list[str] = []

    def flush() -> None:
        if folded:
            out.text(", ".join(folded), "dim", f"= {len(folded)} unchanged: ", INDENT)
            folded.clear()

    for k, op in enumerate(diff.ops):
        if op.kind == "unchanged" and not op.cosmetic and not op.section_move and not context:
            old, new = labels(diff.old, op.old), labels(diff.new, op.new)
            folded.append(new if old == new else f"{old}→{new}")
            continue
        flush()
        _head(out, diff, op)
        _body(out, op_view(diff, k, op), diff.cross_language)
    flush()
    summary = [Run("summary: ", "plain", "bold" if color else "")]
    for i, (kind, n) in enumerate((k, v) for k, v in diff.summary.items() if v):
        summary.append(Run(("" if i == 0 else ", ") + f"{n} {kind}", "plain", STYLE[kind] if color else ""))
    if not diff.ops:
        summary.append(Run("no clauses"))
    out.runs(summary, "", INDENT)
    return str(out)


# --------------------------------------------------------------------------- history


def _round_heads(history: History) -> list[str]:
    heads = []
    for r in history.rounds:
        m = r.document.meta
        heads.append(f"r{m.round}" if m.round is not None else printable(r.label.rsplit("/", 1)[-1]))
    if len(set(heads)) < len(heads) or max(map(cells, heads)) > 8:  # ambiguous or too wide: numbered
        heads = [f"#{k + 1}" for k in range(len(history.rounds))]
    return heads


def _excerpt(text: str, width: int) -> str:
    """The first line of ``text`` in at most ``width`` cells, cut at a word boundary."""
    line = printable(text.split("\n", 1)[0])
    if cells(line) <= width:
        return line
    wrapped = wrap_runs([Run(line)], max(width - 1, 1))
    return show_line(wrapped[0]).rstrip(" ,;:") + "…"


def render_history(history: History, color: bool = False, width: int = 0, context: bool = False) -> str:
    """The lineage matrix (``context`` is a diff option: every lineage is shown anyway)."""
    out = _Out(color, terminal_width(width))
    heads = _round_heads(history)
    legend = "clause lineages: a cell is the clause number in that round; * wording changed; →L merged into " \
             "lineage L; · absent"
    if any(c is not None and c.facts for lin in history.lineages for c in lin.cells):
        legend += "; ! a translation's fact differs"
    out.text(legend, "bold")
    if heads[0].startswith("#"):
        out.text(", ".join(f"{h} {printable(r.label)}" for h, r in zip(heads, history.rounds, strict=True)),
                 "dim", "rounds: ", INDENT)
    rows = [[cell_text(c) for c in lin.cells] for lin in history.lineages]
    id_width = max([cells("lineage"), *(len(lin.id) for lin in history.lineages)])
    widths = [max([cells(h), *(cells(row[k]) for row in rows)]) for k, h in enumerate(heads)]
    fixed = id_width + sum(w + 1 for w in widths) + 2
    text_width = out.width - fixed
    if text_width >= MIN_TEXT:
        _table(out, history, heads, rows, id_width, widths, text_width)
    else:
        _blocks(out, history, heads, rows)
    out.text(history_summary(history), "bold", rest=INDENT)
    return str(out)


def _cell_style(cell: Cell | None, color: bool) -> str:
    if not color:
        return ""
    return "dim" if cell is None else "yellow" if cell.changed else ""


def _table(out: _Out, history: History, heads: list[str], rows: list[list[str]], id_width: int,
           widths: list[int], text_width: int) -> None:
    def centred(s: str, w: int) -> str:
        room = w - cells(s)
        return " " * (room // 2) + s + " " * (room - room // 2)

    head = pad("lineage", id_width) + " " + " ".join(centred(h, w) for h, w in zip(heads, widths, strict=True))
    head += "  text (first version)"
    out.lines.append(paint(head.rstrip(), "bold") if out.color else head.rstrip())
    out.lines.append("─" * min(out.width, cells(head)))
    for lin, row in zip(history.lineages, rows, strict=True):
        parts = [paint(lin.id, "bold") if out.color else lin.id, " " * (id_width - len(lin.id))]
        for cell, shown, w in zip(lin.cells, row, widths, strict=True):
            style = _cell_style(cell, out.color)
            parts.append(" " + (paint(centred(shown, w), style) if style else centred(shown, w)))
        first = lin.cells[lin.first]
        excerpt = _excerpt(first.text if first is not None else "", text_width)
        parts.append("  " + isolate(excerpt))
        out.lines.append("".join(parts).rstrip())


def _blocks(out: _Out, history: History, heads: list[str], rows: list[list[str]]) -> None:
    """One block per lineage: its id and first text, then ``r11 1  r12 1*``
    for its rounds, wrapped (the matrix no longer fits the width)."""
    for lin, row in zip(history.lineages, rows, strict=True):
        first = lin.cells[lin.first]
        lead = lin.id + "  "
        out.lines.append((paint(lin.id, "bold") if out.color else lin.id) + "  "
                         + isolate(_excerpt(first.text if first is not None else "", out.width - cells(lead))))
        runs: list[Run] = []
        for k, (h, shown, cell) in enumerate(zip(heads, row, lin.cells, strict=True)):
            # no-break spaces hold a round and its cell together; the separators are where lines break
            runs.append(Run(("" if k == 0 else "  ") + f"{h}\u00a0{shown}".replace(" ", "\u00a0"), "plain",
                            _cell_style(cell, out.color)))
        wrapped = wrap_runs(runs, out.width - len(INDENT))
        for line in wrapped:
            out.lines.append(INDENT + show_line(line, None, paint if out.color else None).replace("\u00a0", " "))


_OPTIONS = {"color": Option(bool, False, "ANSI colours"), "width": Option(int, 0, "columns; 0 for the terminal's")}
RENDERER = FormatRenderer(
    "terminal", "a view for a terminal, wrapped to its width", diff=render_diff, history=render_history,
    options={**_OPTIONS, "context": Option(bool, False, "also show unchanged clauses with their text")},
)
