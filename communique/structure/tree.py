"""Chains → clause tree: nesting, continuation paragraphs, paths, and the
typed :class:`Clause` nodes with their lossless spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Clause, Marker, Paragraph
from .furniture import is_prose
from .numbering import Pick, check_sequence, choose, family_chains
from .units import Context


@dataclass(slots=True)
class Node:
    pick: Pick | None
    unit: int
    path: str = ""
    paragraphs: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


def build(ctx: Context, run: list[Pick], region_end: int, parent_path: str, used: frozenset) -> list[Node]:
    nodes: list[Node] = []
    seen: dict[str, int] = {}
    carry: dict[tuple, int] = {}  # sub-clause numbering that runs on across siblings
    for k, pick in enumerate(run):
        end = run[k + 1].unit - 1 if k + 1 < len(run) else region_end
        node = Node(pick, pick.unit, clause_path(parent_path, pick, k, seen))
        body = [i for i in range(pick.unit + 1, end + 1) if ctx.units[i].text or ctx.units[i].candidate]
        fill(ctx, node, body, used | {pick.family[0]}, carry)
        nodes.append(node)
    return nodes


def clause_path(parent: str, pick: Pick, position: int, seen: dict[str, int]) -> str:
    own = str(pick.value) if pick.value is not None else f"•{position + 1}"
    if pick.family[0] == "dotted" and not parent:
        own = ".".join(map(str, (*pick.family[1], pick.value)))
    seen[own] = seen.get(own, 0) + 1
    if seen[own] > 1:  # a repeated number: keep paths unique
        own = f"{own}~{seen[own]}"
    return f"{parent}.{own}" if parent else own


def fill(ctx: Context, node: Node, body: list[int], used: frozenset, carry: dict[tuple, int]) -> None:
    """Split a clause's body into continuation paragraphs and sub-clauses."""
    chains = family_chains(ctx, body, used)
    parent_value = node.pick.value if node.pick else None
    run = choose(chains, min_len=2, first_value=True, parent_value=parent_value, carry=carry)
    if run:
        check_sequence(ctx, run)
        if run[-1].value is not None and run[0].family[0] != "dotted":
            carry[run[0].family] = run[-1].value
        before = [i for i in body if i < run[0].unit]
        node.children = build(ctx, run, body[-1], node.path, used)
        body = before
    for i in body:
        (node.blocks if ctx.feats[i].furniture is not None else node.paragraphs).append(i)


def block_kind(ctx: Context, i: int) -> str:
    f = ctx.feats[i]
    if f.furniture is not None:
        return "boilerplate"
    if f.caption:
        return "caption"
    return "text" if is_prose(f) else "heading"


def plain_text(ctx: Context, i: int) -> tuple[str, tuple[int, int]]:
    """Text and text span of a unit that is not a clause: a number or letter
    that was not taken as a clause marker (``15-`` out of sequence, ``10 - 20
    كم``) stays part of the text; a bullet is decoration and does not."""
    u = ctx.units[i]
    if u.candidate is None or u.candidate.kind == "BULLET":  # a bullet is decoration, not text
        return u.text, (u.text_start, u.end)
    lead = ctx.source[u.candidate.start:u.text_start]  # the marker and the spaces after it
    return (lead + u.text).strip(), (u.candidate.start, u.end)


def block(ctx: Context, i: int, kind: str) -> Block:
    text, text_span = plain_text(ctx, i)
    return Block(kind, text, ctx.raw[i], text_span)


def finish(ctx: Context, node: Node) -> Clause:
    u = ctx.units[node.unit]
    marker = None
    if node.pick is not None:
        c = u.candidate
        marker = Marker(c.raw, node.pick.style, node.pick.value, c.delimiter, (c.start, c.end), c.parts)
    paragraphs = []
    for i in node.paragraphs:
        text, text_span = plain_text(ctx, i)
        paragraphs.append(Paragraph(text, ctx.raw[i], text_span))
    blocks = tuple(block(ctx, i, block_kind(ctx, i)) for i in node.blocks)
    children = tuple(finish(ctx, child) for child in node.children)
    text, text_span, span = u.text, (u.text_start, u.end), ctx.raw[node.unit]
    if node.pick is None:
        text, text_span = plain_text(ctx, node.unit)  # prose mode: a number that is not a marker is text
    elif not text and paragraphs:
        # A marker alone on its line ("1." then the text below it): the
        # paragraph right under it is the clause's own text.
        following = next((i for i in range(node.unit + 1, len(ctx.units)) if i in ctx.raw), None)
        if node.paragraphs[0] == following:
            first = paragraphs.pop(0)
            text, text_span, span = first.text, first.text_span, (span[0], first.span[1])
    return Clause(node.path, marker, text, span, text_span, tuple(paragraphs), children, blocks)
