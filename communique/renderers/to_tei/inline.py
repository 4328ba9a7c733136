"""In-line variation for the TEI collations: one aligned clause (or a split
or merged group) as one ``p`` whose differing stretches are ``app``s.

A *side* is the text the differ compared for one witness group: the clauses'
own text and continuation paragraphs joined by line breaks.  Each break is a
paragraph break (``<lb type="paragraph"/>``) or, inside a split or merged
group, a clause boundary (``<lb type="clause"/>`` and the next clause's
``<num>``), so every witness's reading can be rebuilt from the ``p``: the
shared text plus that witness's ``rdg`` of every ``app``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ...model import Clause, WordChange
from ..xmlout import clean
from .common import E

WORD_TYPES = {"replace": "substitution", "delete": "omission", "insert": "addition"}


@dataclass(frozen=True, slots=True)
class Side:
    text: str
    breaks: dict[int, tuple[str, str | None]]  # offset of a "\n" → ("paragraph"|"clause", label)
    label: str | None  # the first clause's marker as written
    value: int | None

    @classmethod
    def of(cls, clauses: Sequence[Clause]) -> Side:
        parts: list[str] = []
        breaks: dict[int, tuple[str, str | None]] = {}
        pos = 0
        for k, clause in enumerate(clauses):
            pieces = [clause.text, *(p.text for p in clause.paragraphs)]
            for j, piece in enumerate(pieces):
                if k or j:
                    breaks[pos] = ("clause", clause.label) if j == 0 else ("paragraph", None)
                    parts.append("\n")
                    pos += 1
                parts.append(piece)
                pos += len(piece)
        first = clauses[0] if clauses else None
        return cls("".join(parts), breaks, first.label if first else None, first.value if first else None)

    def layout(self, a: int, b: int) -> tuple[str, tuple]:
        """The slice and its breaks relative to ``a`` (to compare two slices)."""
        return self.text[a:b], tuple((p - a, self.breaks.get(p)) for p in range(a, b) if self.text[p] == "\n")


def add_text(parent: etree._Element, text: str) -> None:
    """Append text after ``parent``'s last child (or as its text)."""
    if not text:
        return
    text = clean(text)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def marker(label: str | None) -> etree._Element:
    return E.num(clean(label or ""), type="marker")


def emit(parent: etree._Element, side: Side, a: int, b: int) -> None:
    """Write ``side.text[a:b]`` into ``parent``, breaks as ``lb`` (+ ``num``)."""
    start = a
    for pos in range(a, b):
        if side.text[pos] != "\n":
            continue
        add_text(parent, side.text[start:pos])
        kind, label = side.breaks.get(pos, ("paragraph", None))
        parent.append(E.lb(type=kind))
        if kind == "clause" and label:
            parent.append(marker(label))
            add_text(parent, " ")
        start = pos + 1
    add_text(parent, side.text[start:b])


def segments(old: Side, new: Side, words: Sequence[WordChange]) -> list[list[Any]]:
    """``[kind, old_a, old_b, new_a, new_b]`` stretches covering both texts:
    ``same`` or an app type.  A separator that differs right after a change
    joins that change; an ``equal`` run whose raw text differs (quotes,
    tatweel…) is ``orthographic``."""
    segs: list[list] = []
    o = n = 0

    def push(kind: str, oa: int, ob: int, na: int, nb: int) -> None:
        if oa == ob and na == nb:
            return
        if kind == "same" and old.layout(oa, ob) != new.layout(na, nb):
            kind = "orthographic"
        if kind == "orthographic" and segs and segs[-1][0] in WORD_TYPES.values() and \
                segs[-1][2] == oa and segs[-1][4] == na:
            segs[-1][2], segs[-1][4] = ob, nb
            return
        segs.append([kind, oa, ob, na, nb])

    for w in words:  # the runs' spans index the sides' texts (the texts the differ compared)
        (oi, oe), (ni, ne) = w.old_span, w.new_span
        if w.op == "delete":
            push("omission", o, oe, n, n)
            o = oe
        elif w.op == "insert":
            push("addition", o, o, n, ne)
            n = ne
        else:
            push("same", o, oi, n, ni)
            push("same" if w.op == "equal" else "substitution", oi, oe, ni, ne)
            o, n = oe, ne
    rest_o, rest_n = old.text[o:], new.text[n:]
    push("same" if rest_o == rest_n else ("substitution" if rest_o and rest_n else
                                          "omission" if rest_o else "addition"),
         o, len(old.text), n, len(new.text))
    return segs


def label_app(labels: Sequence[tuple[str, str | None, int | None]]) -> etree._Element | None:
    """The marker of one clause across witnesses ``(wit refs, label, value)``:
    a ``num``, or an ``app`` when the witnesses write it differently
    (``renumbering`` when the number changed, else ``orthographic``)."""
    distinct = list(dict.fromkeys(label for _, label, _ in labels))
    if len(distinct) == 1:
        return marker(distinct[0]) if distinct[0] else None
    values = {value for _, _, value in labels}
    app = E.app(type="renumbering" if len(values) > 1 else "orthographic")
    for label in distinct:
        wits = " ".join(w for w, lab, _ in labels if lab == label)
        rdg = E.rdg(wit=wits)
        if label:
            rdg.append(marker(label))
        app.append(rdg)
    return app


def inline_p(old: Side, new: Side, words: Sequence[WordChange], wit_old: str, wit_new: str,
             labels: Sequence[tuple[str, str | None, int | None]] | None = None) -> etree._Element:
    """One ``p``: the marker (or its ``app``), then shared text and ``app``s.
    ``wit_old``/``wit_new`` are ``@wit`` values (``#r011 #r012``)."""
    p = E.p()
    first = label_app(labels or [(wit_old, old.label, old.value), (wit_new, new.label, new.value)])
    if first is not None:
        p.append(first)
        add_text(p, " ")
    for kind, oa, ob, na, nb in segments(old, new, words):
        if kind == "same":
            emit(p, new, na, nb)
            continue
        has_clause = any(old.breaks.get(i, ("",))[0] == "clause" for i in range(oa, ob)) != \
            any(new.breaks.get(i, ("",))[0] == "clause" for i in range(na, nb))
        app = E.app(type=kind)
        if has_clause:
            app.set("subtype", "clause-boundary")
        for wit, side, a, b in ((wit_old, old, oa, ob), (wit_new, new, na, nb)):
            rdg = E.rdg(wit=wit)
            emit(rdg, side, a, b)
            app.append(rdg)
        p.append(app)
    return p
