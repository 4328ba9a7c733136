"""The view-model the renderers share: each op's text cut into *pieces*
(plain, deleted, inserted, cosmetic), per clause, from the word changes the
model carries with their spans.  Built once per diff or history cell; no
text is compared here, only sliced.

Two layouts:

* *side*: one side's text (old or new) with the runs present on that side
  marked (``del`` on the old side, ``ins`` on the new side, ``cos`` where
  the profile folded a difference);
* *inline*: the new text with the deleted runs spliced in where they stood,
  each piece keeping the separator the text had before it (a deletion keeps
  the old one), so nothing is invented: no space after a clitic ``و``, none
  around quotes.

Offsets are on the side the pieces are cut by (the new text for inline); a
deletion spliced into the new text is zero-width where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..model import Clause, Diff, Op, WordChange

PieceKind = Literal["plain", "del", "ins", "cos"]
Side = Literal["old", "new"]


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    kind: PieceKind
    start: int
    end: int
    run: int | None = None  # index of the word run it shows
    clitic: bool = False
    replace: bool = False  # half of a replacement
    other: str = ""  # for ``cos``: the other side's text of the run


def side_pieces(words: Sequence[WordChange], text: str, side: Side) -> list[Piece]:
    """Pieces covering one side's ``text``, runs present on that side marked."""
    out: list[Piece] = []
    cursor = 0
    mark: PieceKind = "del" if side == "old" else "ins"
    for k, w in enumerate(words):
        start, end = w.old_span if side == "old" else w.new_span
        if start == end:
            continue
        if start > cursor:
            out.append(Piece(text[cursor:start], "plain", cursor, start))
        if w.op == "equal":
            kind: PieceKind = "cos" if w.cosmetic else "plain"
            other = (w.new if side == "old" else w.old) if w.cosmetic else ""
            out.append(Piece(text[start:end], kind, start, end, k if w.cosmetic else None, other=other))
        else:
            out.append(Piece(text[start:end], mark, start, end, k, w.clitic, w.op == "replace"))
        cursor = end
    if cursor < len(text):
        out.append(Piece(text[cursor:], "plain", cursor, len(text)))
    return out


def inline_pieces(words: Sequence[WordChange], old: str, new: str) -> list[Piece]:
    """The new text with deletions spliced in (offsets on the new text)."""
    out: list[Piece] = []
    o = n = 0  # ends of the last run on each side
    after_delete = False
    for k, w in enumerate(words):
        has_old, has_new = w.op != "insert", w.op != "delete"
        lead_new = new[n:w.new_span[0]] if has_new else ""
        if lead_new:
            out.append(Piece(lead_new, "plain", n, w.new_span[0]))
        elif has_old and (not has_new or after_delete):
            # a deletion keeps the old separator before it, and the run right
            # after a deletion the one between them when the new text has none
            lead_old = old[o:w.old_span[0]]
            if lead_old:
                out.append(Piece(lead_old, "plain", n, n))
        if w.op in ("delete", "replace"):
            at = w.new_span[0]
            out.append(Piece(w.old, "del", at, at, k, w.clitic, w.op == "replace"))
        if w.op in ("insert", "replace"):
            out.append(Piece(w.new, "ins", *w.new_span, k, w.clitic, w.op == "replace"))
        elif w.op == "equal":
            out.append(Piece(w.new, "cos" if w.cosmetic else "plain", *w.new_span,
                             k if w.cosmetic else None, other=w.old if w.cosmetic else ""))
        if has_old:
            o = w.old_span[1]
        if has_new:
            n = w.new_span[1]
        after_delete = w.op == "delete"
    if n < len(new):
        out.append(Piece(new[n:], "plain", n, len(new)))
    return out


def plain_pieces(text: str) -> list[Piece]:
    return [Piece(text, "plain", 0, len(text))] if text else []


def ranges(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets of each text inside ``"\\n".join(texts)``."""
    out, pos = [], 0
    for t in texts:
        out.append((pos, pos + len(t)))
        pos += len(t) + 1
    return out


def by_clause(pieces: list[Piece], spans: list[tuple[int, int]]) -> list[list[Piece]]:
    """Cut pieces into the clause ranges of a joined text; the joining line
    breaks between ranges are left out.  One pass over pieces and ranges."""
    out: list[list[Piece]] = [[] for _ in spans]
    if not spans:
        return out
    k = 0
    for p in pieces:
        if p.start == p.end:  # zero-width: belongs to the range it stands in
            while k + 1 < len(spans) and spans[k + 1][0] <= p.start:
                k += 1
            out[k].append(p)
            continue
        while k + 1 < len(spans) and spans[k + 1][0] <= p.start:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < p.end:
            lo, hi = max(spans[j][0], p.start), min(spans[j][1], p.end)
            if lo < hi:
                out[j].append(Piece(p.text[lo - p.start:hi - p.start], p.kind, lo, hi, p.run, p.clitic, p.replace,
                                    p.other))
            j += 1
    return out


@dataclass(frozen=True, slots=True)
class OpView:
    """One op, ready to show: its clauses and their pieces."""

    index: int
    op: Op
    old: tuple[Clause, ...]
    new: tuple[Clause, ...]
    old_pieces: tuple[list[Piece], ...]  # per old clause
    new_pieces: tuple[list[Piece], ...]  # per new clause
    inline: tuple[list[Piece], ...]  # per new clause (per old clause for a dropped op)

    @property
    def changed_words(self) -> bool:
        return any(w.op != "equal" for w in self.op.words)


def op_view(diff: Diff, k: int, op: Op) -> OpView:
    olds, news = diff.old_clauses(op), diff.new_clauses(op)
    old_ranges = ranges([c.full_text for c in olds])
    new_ranges = ranges([c.full_text for c in news])
    if op.words:
        old_p = by_clause(side_pieces(op.words, op.old_text, "old"), old_ranges)
        new_p = by_clause(side_pieces(op.words, op.new_text, "new"), new_ranges)
        inline = by_clause(inline_pieces(op.words, op.old_text, op.new_text), new_ranges) if news else old_p
    else:
        old_p = by_clause(plain_pieces(op.old_text), old_ranges)
        new_p = by_clause(plain_pieces(op.new_text), new_ranges)
        inline = new_p if news else old_p
    return OpView(k, op, olds, news, tuple(old_p), tuple(new_p), tuple(inline))


def diff_view(diff: Diff) -> list[OpView]:
    """Every op of ``diff`` as an :class:`OpView`: linear in the diff's size."""
    return [op_view(diff, k, op) for k, op in enumerate(diff.ops)]


def marked(pieces: Sequence[Piece], deleted: Callable[[str], str], inserted: Callable[[str], str],
           cosmetic: Callable[[str, str], str] | None = None) -> str:
    """One string with the changes wrapped by the marking functions, each
    mark closed on the line it opens (a run across a line break is marked on
    both lines, so a line-oriented reader such as grep sees whole marks)."""
    out = []
    for p in pieces:
        if p.kind == "del":
            out.append(_per_line(p.text, deleted))
        elif p.kind == "ins":
            out.append(_per_line(p.text, inserted))
        elif p.kind == "cos" and cosmetic is not None:
            out.append(cosmetic(p.text, p.other))
        else:
            out.append(p.text)
    return "".join(out)


def _per_line(text: str, wrap: Callable[[str], str]) -> str:
    return "\n".join(wrap(line) if line else line for line in text.split("\n"))
