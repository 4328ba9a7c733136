"""Pieces the plain-text renderers share (unified, terminal, side by side,
markdown): op symbols, clause labels, headings and summary lines.  Every
string that reaches a terminal goes through :func:`printable`."""

from __future__ import annotations

from ..model import Diff, Document, MetaChange, OpKind
from ..text.printable import printable

SYMBOL: dict[OpKind, str] = {"unchanged": "=", "modified": "~", "moved": ">", "added": "+", "dropped": "-",
                             "split": "<", "merged": "^", "translated": "≈", "omitted": "-"}


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
    counts = diff.summary
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no clauses"


def meta_line(change: MetaChange) -> str:
    def show(v: object) -> str:
        return ", ".join(map(str, v)) if isinstance(v, tuple) else repr(v)

    return printable(f"{change.field}: {show(change.old)} → {show(change.new)}")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def excerpt(text: str, limit: int = 80) -> str:
    """The first line of ``text`` up to ``limit`` characters, cut at a word."""
    one = text.split("\n", 1)[0]
    if len(one) <= limit:
        return one
    cut = one.rfind(" ", 0, limit - 1)
    return one[: cut if cut > limit // 2 else limit - 1] + "…"


def wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped at word boundaries to ``width`` terminal cells
    (Arabic marks and bidi isolates take none); only a word wider than a
    whole line is cut.  Line breaks in ``text`` are kept.  Linear."""
    from rich.cells import cell_len

    width = max(width, 8)
    out: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        used = 0
        for word in para.split(" "):
            for piece in _chunks(word, width) if cell_len(word) > width else (word,):
                size = cell_len(piece)
                if line and used + 1 + size > width:
                    out.append(" ".join(line))
                    line, used = [], 0
                used += size + (1 if line else 0)
                line.append(piece)
        out.append(" ".join(line))
    return out


def _chunks(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` cells."""
    from rich.cells import get_character_cell_size

    pieces, start, used = [], 0, 0
    for i, ch in enumerate(word):
        size = get_character_cell_size(ch)
        if used + size > width and i > start:
            pieces.append(word[start:i])
            start, used = i, 0
        used += size
    pieces.append(word[start:])
    return pieces
