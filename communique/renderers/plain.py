"""Pieces the plain-text renderers share (unified, terminal, side by side,
markdown): op symbols, clause labels, headings, summary lines, terminal
cell widths, and wrapping at word boundaries.  Every string that reaches a
terminal goes through :func:`printable`.

Wrapping works on *runs* (a text and what it is: plain, deleted, inserted,
cosmetic) so that a word change keeps its marks on every line it spans:
``[-a b-]`` wrapped between ``a`` and ``b`` is ``[-a-]`` on one line and
``[-b-]`` on the next, never a mark left open for a line-oriented reader.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Cell, Diff, Document, History, MetaChange, Op, OpKind
from ..text.printable import printable
from .view import PieceKind

SYMBOL: dict[OpKind, str] = {"unchanged": "=", "modified": "~", "moved": ">", "added": "+", "dropped": "-",
                             "split": "<", "merged": "^", "translated": "≈", "omitted": "-"}

# First-strong isolate and pop-directional isolate: a right-to-left line is
# laid out on its own, whatever stands beside it on the terminal line.
FSI, PDI = "\u2068", "\u2069"

# The marks of ``git diff --word-diff=plain`` and ``dwdiff``.
WORD_MARKS: Mapping[PieceKind, tuple[str, str]] = {"del": ("[-", "-]"), "ins": ("{+", "+}")}


def labels(doc: Document, paths: tuple[str, ...]) -> str:
    """Markers as written for top-level clauses (``1-``, ``ثانياً``), paths for
    sub-clauses (``(a)`` alone would not say under which clause)."""
    if not paths:
        return "—"

    def one(p: str) -> str:
        label = doc.clause(p).label
        return p if "." in p or not label else label.rstrip(".")

    return ",".join(printable(one(p)) for p in paths)


def doc_name(doc: Document) -> str:
    m = doc.meta
    bits = [doc.info.name or "(text)", m.title, f"round {m.round}" if m.round else None, m.date]
    return printable(" · ".join(str(b) for b in bits if b))


def heading(diff: Diff) -> tuple[str, str]:
    return f"old: {doc_name(diff.old)}", f"new: {doc_name(diff.new)}"


def summary_line(diff: Diff) -> str:
    """``12 unchanged, 1 modified, 1 added``: the ops by kind."""
    counts = diff.summary
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no clauses"


def op_flags(op: Op, rule_sep: str = ", ", similarity: bool = True) -> list[str]:
    """What an op's heading line says after its kind: similarity (unless
    ``similarity`` is False), renumbered, cosmetic rules (``rule_sep``
    between them), a move to another section."""
    flags = []
    if similarity and op.similarity is not None and op.kind != "unchanged":
        flags.append(f"{op.similarity:.2f}")
    if op.renumbered:
        flags.append("renumbered")
    if op.cosmetic:
        flags.append(f"cosmetic: {rule_sep.join(op.cosmetic)}")
    if op.section_move is not None:
        old, new = (printable(s) if s else "no section" for s in op.section_move)
        flags.append(f"section {old} → {new}")
    return flags


def fact_lines(op: Op) -> list[str]:
    """A translation's facts that differ from its original's, one a line:
    ``number: 2254 → 2245`` (``—`` where one side has none)."""
    return [printable(f"{f.kind}: {f.original or '—'} → {f.translation or '—'}") for f in op.facts]


def notes(diff: Diff) -> list[str]:
    """What the reader of a diff should know about how it was made."""
    return [printable(n) for n in diff.notes]


def meta_summary(diff: Diff) -> str:
    """``metadata changed: round, date`` or ``metadata unchanged``."""
    if not diff.meta_changes:
        return "metadata unchanged"
    return "metadata changed: " + ", ".join(c.field for c in diff.meta_changes)


def diff_summary(diff: Diff) -> str:
    """The one line ``communique diff --summary`` prints."""
    names = f"{printable(diff.old.info.name or '(text)')} → {printable(diff.new.info.name or '(text)')}"
    return f"{names}: {summary_line(diff)}; {meta_summary(diff)}"


def history_summary(history: History) -> str:
    """``14 lineages over 4 rounds; 10 unchanged throughout; …``: the line
    under the history matrix, and all ``communique history --summary`` prints."""
    n = len(history.rounds)
    lineages = history.lineages
    steady = sum(1 for lin in lineages if lin.first == 0 and lin.last == n - 1 and not lin.changed_in)
    changed = sum(1 for lin in lineages if lin.changed_in)
    added = sum(1 for lin in lineages if lin.first > 0)
    ended = sum(1 for lin in lineages if lin.last < n - 1)
    return (f"{plural(len(lineages), 'lineage')} over {plural(n, 'round')}; {steady} unchanged throughout; "
            f"{changed} changed; {added} added later; {ended} dropped before the last round")


def cell_text(cell: Cell | None) -> str:
    """A matrix cell: the clause path(s) (``7+8`` after a split), ``→L04``
    when the clause merged into lineage L04's, ``*`` when the wording
    changed, ``!`` when a translation renders a fact differently, ``·``
    when the lineage is absent."""
    if cell is None:
        return "·"
    into = ((cell.merged,) if cell.merged else ()) + cell.also_merged_into
    own = () if cell.merged else ("+".join(cell.paths),)
    marks = ("*" if cell.changed else "") + ("!" if cell.facts else "")
    return printable("+".join((*own, *(f"→{lid}" for lid in into)))) + marks


def meta_line(change: MetaChange) -> str:
    def show(v: object) -> str:
        return ", ".join(map(str, v)) if isinstance(v, tuple) else repr(v)

    return printable(f"{change.field}: {show(change.old)} → {show(change.new)}")


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 lineage``, ``2 lineages`` (``words``: an irregular plural)."""
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def excerpt(text: str, limit: int = 80) -> str:
    """The first line of ``text`` up to ``limit`` characters, cut at a word
    boundary (only a first word longer than ``limit`` is cut inside)."""
    one = text.split("\n", 1)[0]
    if len(one) <= limit:
        return one
    cut = one.rfind(" ", 0, limit)
    return (one[:cut] if cut > 0 else one[: limit - 1]).rstrip() + "…"


# --------------------------------------------------------------------------- cell widths


def terminal_width(width: int = 0) -> int:
    """``width``, or the terminal's (``$COLUMNS`` first), or 80."""
    import shutil

    return width if width > 0 else shutil.get_terminal_size((80, 24)).columns


@lru_cache(maxsize=4096)
def _wide(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes: combining marks (Arabic
    harakat), format characters (bidi isolates, ZWJ) take none, East Asian
    wide characters two."""
    if text.isascii():
        return len(text)
    return sum(_wide(ch) for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` cells."""
    return text + " " * max(0, width - cells(text))


def isolate(text: str) -> str:
    """``text`` inside a first-strong isolate when it holds right-to-left
    letters, so a bidi-aware terminal lays it out on its own (a right-to-left
    *mark* in English text is no reason: it is a control, not a letter)."""
    rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") and ch not in _RTL_MARKS for ch in text)
    return f"{FSI}{text}{PDI}" if rtl else text


_RTL_MARKS = "\u200f\u061c"  # RIGHT-TO-LEFT MARK, ARABIC LETTER MARK


# --------------------------------------------------------------------------- wrapping


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text that is one thing: plain, deleted, inserted or a
    cosmetic difference (``style`` is what a colour terminal shows it in)."""

    text: str
    kind: PieceKind = "plain"
    style: str = ""


Line = list[Run]


def _merge(runs: Iterable[Run]) -> Line:
    out: Line = []
    for run in runs:
        if not run.text:
            continue
        if out and out[-1].kind == run.kind and out[-1].style == run.style:
            out[-1] = Run(out[-1].text + run.text, run.kind, run.style)
        else:
            out.append(run)
    return out


def _words(runs: Sequence[Run]) -> list[tuple[Line, Line]]:
    """One hard line's runs as ``(separator, word)`` pairs: the spaces before
    a word (with the kind they have) and the word (possibly several runs:
    ``و`` plain then ``الأمن`` deleted, with no space between)."""
    pairs: list[tuple[Line, Line]] = []
    sep: Line = []
    word: Line = []
    for run in runs:
        start = 0
        text = run.text
        while start < len(text):
            space = text[start] == " "
            end = start
            while end < len(text) and (text[end] == " ") == space:
                end += 1
            piece = Run(text[start:end], run.kind, run.style)
            if space:
                if word:
                    pairs.append((sep, word))
                    sep, word = [], []
                sep.append(piece)
            else:
                word.append(piece)
            start = end
    if word or sep:
        pairs.append((sep, word))
    return pairs


def _cut(word: Line, width: int, marks: Mapping[PieceKind, tuple[str, str]]) -> list[Line]:
    """A word wider than a whole line, cut into pieces of at most ``width``
    cells, each marked stretch of a piece counted with its marks."""
    pieces: list[Line] = [[]]
    used = 0
    for run in word:
        mark = marks.get(run.kind)
        cost = len(mark[0]) + len(mark[1]) if mark else 0
        start = 0
        opened = False  # this run's marks counted on the current piece
        for i, ch in enumerate(run.text):
            size = _wide(ch) + (0 if opened else cost)
            if used + size > width and used > 0:
                if i > start:
                    pieces[-1].append(Run(run.text[start:i], run.kind, run.style))
                pieces.append([])
                start, used, opened = i, 0, False
                size = _wide(ch) + cost
            used += size
            opened = True
        if start < len(run.text):
            pieces[-1].append(Run(run.text[start:], run.kind, run.style))
    return [p for p in pieces if p]


def wrap_runs(runs: Sequence[Run], width: int, marks: Mapping[PieceKind, tuple[str, str]] | None = None
              ) -> list[Line]:
    """``runs`` wrapped at word boundaries into lines of at most ``width``
    cells, counting the ``marks`` each marked stretch of a line gets
    (:func:`show_line` writes them); the spaces at a break are dropped, line
    breaks in the text are kept, and only a word wider than a whole line is
    cut.  Linear in the text."""
    width = max(width, 8)
    marks = marks or {}
    hard: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                hard.append([])
            if part:
                hard[-1].append(Run(part, run.kind, run.style))
    out: list[Line] = []
    for line_runs in hard:
        line: Line = []
        used = 0
        last: PieceKind | None = None

        def extra(piece: Run, before: PieceKind | None) -> int:
            mark = marks.get(piece.kind)
            return len(mark[0]) + len(mark[1]) if mark and piece.kind != before else 0

        pairs = _words(line_runs)
        groups = _group_widths(pairs, marks)
        for k, (sep, word) in enumerate(pairs):
            need = 0
            kind = last
            for piece in (sep if line else []) + word:
                need += cells(piece.text) + extra(piece, kind)
                kind = piece.kind
            # a change of several words that fits on a line is not broken: it starts the next line
            starts = groups[k] > 0 and line and used + (cells(_text(sep)) if sep else 0) + groups[k] > width
            if line and (used + need > width or (starts and groups[k] <= width)):
                out.append(_merge(line))
                line, used, last = [], 0, None
            if not line:
                sep = []
                alone = sum(cells(p.text) + extra(p, None) for p in word)
                if alone > width:
                    *full, word = _cut(word, width, marks)
                    out.extend(_merge(piece) for piece in full)
            for piece in sep + word:
                used += cells(piece.text) + extra(piece, last)
                last = piece.kind
                line.append(piece)
        out.append(_merge(line))
    return out


def _text(runs: Line) -> str:
    return "".join(r.text for r in runs)


def _group_widths(pairs: list[tuple[Line, Line]], marks: Mapping[PieceKind, tuple[str, str]]) -> list[int]:
    """For each word that opens a marked change of several words (the
    spaces between them inside the change), the cells the change takes to
    its last word, marks included; 0 elsewhere."""
    out = [0] * len(pairs)
    k = 0
    while k < len(pairs):
        word = pairs[k][1]
        kind = word[0].kind if word else "plain"
        j = k + 1
        while kind in ("del", "ins") and j < len(pairs) and pairs[j][0] and all(r.kind == kind for r in pairs[j][0]):
            j += 1
        if j > k + 1:
            pieces = [*word, *(piece for i in range(k + 1, j) for piece in (*pairs[i][0], *pairs[i][1]))]
            before: PieceKind | None = None
            for piece in pieces:
                mark = marks.get(piece.kind) if piece.kind != before else None
                out[k] += cells(piece.text) + (len(mark[0]) + len(mark[1]) if mark else 0)
                before = piece.kind
        k = j
    return out


def show_line(line: Line, marks: Mapping[PieceKind, tuple[str, str]] | None = None,
              paint: Callable[[str, str], str] | None = None) -> str:
    """One wrapped line as text: each marked stretch between its marks (all
    closed on this line), each styled run painted by ``paint(text, style)``."""
    out = []
    for run in _merge(line):
        text = printable(run.text)
        mark = (marks or {}).get(run.kind)
        if mark:
            text = f"{mark[0]}{text}{mark[1]}"
        if paint is not None and run.style:
            text = paint(text, run.style)
        out.append(text)
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """Plain ``text`` wrapped at word boundaries to ``width`` terminal cells
    (see :func:`wrap_runs`)."""
    return [show_line(line) for line in wrap_runs([Run(text)], width)]
