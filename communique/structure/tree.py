"""Layout → clause tree: sections, clause paths, nesting, continuation
paragraphs, labels a source lost, and the typed nodes with lossless spans.

Paths: a clause's number (``2``), its sub-clauses' positions under it
(``2.1``); after numbering restarts, the clauses of the new run carry their
section's id (``§2:1``), so paths stay unique while the first run keeps
plain numbers.  A number that repeats gets ``~2``.

A label lost by the source (``(a) (b)``, an unlabelled paragraph, ``(d)
(e)``; or ``2.`` and ``4.`` with one paragraph between) is restored when the
gap in the numbering holds exactly as many paragraphs as numbers are
missing: each becomes the missing item, and a warning says so.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Block, BlockKind, Clause, ClauseRole, Marker, Paragraph, ParseWarning, Section
from .furniture import is_prose
from .layout import Heading, Layout, heading_shaped
from .numbering import Pick, check_sequence, choose, family_chains
from .units import Context


@dataclass(slots=True)
class Node:
    pick: Pick | None
    unit: int
    path: str = ""
    value: int | None = None  # the number it stands for (a restored label has no pick)
    paragraphs: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    section: str | None = None
    role: ClauseRole = "operative"


@dataclass(slots=True)
class SectionPlan:
    id: str
    heading: Heading | None
    start: int  # the unit where the section starts (its heading, or its first clause)
    intro: list[int] = field(default_factory=list)


def build_statement(ctx: Context, layout: Layout, region_end: int) -> tuple[list[Node], list[SectionPlan]]:
    """Top-level clause nodes (with their sub-clauses) and the sections."""
    heading_units = {h.unit for h in layout.headings}
    sections = _sections(ctx, layout)
    section_at = sorted(((s.start, s) for s in sections), key=lambda item: item[0])
    intro_units = {i for s in sections for i in s.intro}
    members = layout.picks
    for run, restart in zip(layout.runs, layout.restart, strict=True):
        check_sequence(ctx, run)
        if restart:
            c = ctx.units[run[0].unit].candidate
            ctx.warnings.append(ParseWarning("numbering-restart", "numbering starts again at 1: a new section",
                                             (c.start, c.end) if c is not None else None))
    restart_of = {id(run[0]): r for run, r in zip(layout.runs, layout.restart, strict=True)}
    nodes: list[Node] = []
    seen: dict[str, int] = {}
    carry: dict[tuple[object, ...], int] = {}
    prefix = ""
    prefix_of_run: list[tuple[object, int | None, str]] = []  # (family, last value, prefix) of each run so far
    run_end = {id(run[-1]): run for run in layout.runs}
    for k, pick in enumerate(members):
        section = _section_of(section_at, pick.unit)
        if restart_of.get(id(pick)):
            prefix = f"{section.id}:" if section is not None else prefix
        elif id(pick) in restart_of:  # a run that goes on with an earlier run's numbering takes its paths back
            prefix = next((pre for fam, last, pre in reversed(prefix_of_run)
                           if fam == pick.family and last is not None and pick.value == last + 1), prefix)
        if id(pick) in run_end:
            prefix_of_run.append((pick.family, pick.value, prefix))
        end = members[k + 1].unit - 1 if k + 1 < len(members) else region_end
        body = [i for i in range(pick.unit + 1, end + 1)
                if ctx.live(i) and i not in heading_units and i not in intro_units]
        node = Node(pick, pick.unit, _path(prefix, pick, k, seen), pick.value,
                    section=section.id if section is not None else None)
        nodes.append(node)
        nxt = members[k + 1] if k + 1 < len(members) and not restart_of.get(id(members[k + 1])) else None
        body = _restore_lost(ctx, nodes, body, nxt, prefix, seen)
        fill(ctx, nodes[-1], body, frozenset({pick.family[0]}), carry)
    _warn_folded(ctx, nodes)
    return nodes, sections


def _warn_folded(ctx: Context, nodes: list[Node]) -> None:
    """A line that opens with a marker of its clause's own family but was
    read as text of that clause (``10000- …`` after ``2- …``: no number in
    sequence) is named in a warning: a clause folded into another must
    never be silent.  Weak markers (``10 - 20 كم``) are text by design."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.pick is None:
            continue
        for i in node.paragraphs:
            cand = ctx.units[i].candidate
            if cand is None or cand.weak or ctx.feats[i].furniture is not None:
                continue
            if any(family == node.pick.family and value is not None for family, value in cand.readings):
                ctx.warnings.append(ParseWarning(
                    "numbering-folded", f"{cand.raw.strip()!r} does not continue the numbering: read as text of "
                    f"clause {node.path}", (cand.start, cand.end)))


def _sections(ctx: Context, layout: Layout) -> list[SectionPlan]:
    starts: list[tuple[int, Heading | None]] = [(h.unit, h) for h in layout.headings]
    headed = {h.unit for h in layout.headings}
    for run, restart in zip(layout.runs, layout.restart, strict=True):
        if not restart:
            continue
        before = _live_before(ctx, run[0].unit)
        if any(h in headed for h in before):
            continue
        starts.append((run[0].unit, None))
    starts.sort(key=lambda item: item[0])
    # one section per start: a heading the layout found twice (as a heading and as the head
    # of a restarted run) would otherwise open two sections holding the same line
    starts = [item for k, item in enumerate(starts) if k == 0 or item[0] != starts[k - 1][0]]
    out: list[SectionPlan] = []
    for n, (unit, heading) in enumerate(starts, start=1):
        out.append(SectionPlan(f"§{n}", heading, unit))
    first_clause = {run[0].unit for run in layout.runs}
    for plan in out:
        if plan.heading is None:  # a restart with no heading: the lead-in right before it is its intro
            before = _live_before(ctx, plan.start)[:1]
            if before and ctx.units[before[0]].text.rstrip().endswith((":", "：")):
                plan.intro = before
                plan.start = before[0]
    _heading_intros(ctx, out, layout, first_clause)
    return out


def _heading_intros(ctx: Context, sections: list[SectionPlan], layout: Layout, first_clause: set[int]) -> None:
    """Lines between a heading and the section's first clause, when they are
    not clauses themselves (numbered headings over prose are prose mode)."""
    if not layout.runs:
        return
    clause_units = sorted(p.unit for p in layout.picks)
    starts = sorted(s.start for s in sections)
    for s in sections:
        if s.heading is None:
            continue
        at = bisect_right(clause_units, s.heading.unit)
        if at == len(clause_units):
            continue
        # up to the first clause, and never into the next section (its heading and intro are its own)
        later = bisect_right(starts, s.heading.unit)
        stop = min(clause_units[at], starts[later]) if later < len(starts) else clause_units[at]
        s.intro = [i for i in range(s.heading.unit + 1, stop) if ctx.live(i)]


def prose_sections(nodes: list[Node], headings: list[Heading]) -> list[SectionPlan]:
    """Sections of a prose body under headings: each paragraph belongs to
    the last heading before it.  One section per heading line: the layout's
    numbered headings and the prose body's own may name the same line
    (``I. INTRODUCTION``), the numbered reading kept."""
    by_unit: dict[int, Heading] = {}
    for h in headings:
        kept = by_unit.get(h.unit)
        if kept is None or (kept.pick is None and h.pick is not None):
            by_unit[h.unit] = h
    plans = [SectionPlan(f"§{n}", h, h.unit) for n, h in enumerate(sorted(by_unit.values(), key=lambda h: h.unit),
                                                                   start=1)]
    for node in nodes:
        owner = None
        for plan in plans:
            if plan.start < node.unit:
                owner = plan
        node.section = owner.id if owner is not None else None
        for child in node.children:  # sub-clauses travel with their paragraph
            child.section = node.section
    return plans


def _live_before(ctx: Context, i: int) -> list[int]:
    """Live units right before ``i``, nearest first (at most two)."""
    out: list[int] = []
    j = i - 1
    while j >= 0 and len(out) < 2:
        if ctx.live(j):
            out.append(j)
        j -= 1
    return out


def _section_of(section_at: list[tuple[int, SectionPlan]], unit: int) -> SectionPlan | None:
    found = None
    for start, plan in section_at:
        if start <= unit:
            found = plan
        else:
            break
    return found


def _path(prefix: str, pick: Pick, position: int, seen: dict[str, int], parent: str = "") -> str:
    # a bullet has no number: its position (•3 at the top, where bullets carry
    # the statement; 2.3 under clause 2, like lettered sub-items)
    own = str(pick.value) if pick.value is not None else (str(position + 1) if parent else f"•{position + 1}")
    if pick.family[0] == "dotted" and not parent:
        own = ".".join(map(str, (*pick.family[1], pick.value)))
    return _unique(f"{parent}.{own}" if parent else f"{prefix}{own}", seen)


def _unique(path: str, seen: dict[str, int]) -> str:
    seen[path] = seen.get(path, 0) + 1
    return path if seen[path] == 1 else f"{path}~{seen[path]}"  # a repeated number keeps paths unique


def _restore_lost(ctx: Context, siblings: list[Node], body: list[int], nxt: Pick | None, prefix: str,
                  seen: dict[str, int], parent: str = "") -> list[int]:
    """When the next sibling's number skips values and the body holds exactly
    that many plain paragraphs (no marker, no furniture, not a lead-in to
    sub-clauses), they are the items whose labels the source lost."""
    node = siblings[-1]
    if nxt is None or node.value is None or nxt.value is None:
        return body
    missing = nxt.value - node.value - 1
    if missing < 1 or len(body) != missing:
        return body
    if any(ctx.units[i].candidate is not None or ctx.feats[i].furniture is not None or ctx.feats[i].words < 3
           or heading_shaped(ctx, i) for i in body):
        return body
    if ctx.colon(node.unit):
        return body  # the paragraphs are what the clause introduces
    for n, i in enumerate(body, start=1):
        value = node.value + n
        path = _unique(f"{parent}.{value}" if parent else f"{prefix}{value}", seen)
        siblings.append(Node(None, i, path, value, section=node.section, role=node.role))
        u = ctx.units[i]
        ctx.warnings.append(ParseWarning("numbering-label-lost",
                                         f"an unnumbered paragraph stands where {value} is missing: read as {path}",
                                         (u.start, u.end)))
    return []


def fill(ctx: Context, node: Node, body: list[int], used: frozenset[str], carry: dict[tuple[object, ...], int]) -> None:
    """Split a clause's body into continuation paragraphs and sub-clauses.
    Sub-clauses are in another marker family than their parents, except a
    list the clause introduces with a colon (``we commit to: 1. 2. 3.``).
    A list whose first label the source lost (an unlabelled paragraph, then
    ``(b)``, ``(c)``) takes that paragraph as its first item."""
    chains = family_chains(ctx, body, used)
    lost_first = _opens_unlabelled(ctx, body)
    runs = choose(chains, min_len=2, first_value=True, parent_value=node.value, carry=carry, lost_first=lost_first)
    if not runs and ctx.colon(node.unit):
        same = family_chains(ctx, body, frozenset(used) - {node.pick.family[0]} if node.pick else used)
        runs = choose(same, min_len=2, first_value=True, parent_value=node.value, lost_first=lost_first)
    if runs:
        picks = [p for run in runs for p in run]
        first = picks[0]
        for k, run in enumerate(runs):
            check_sequence(ctx, run)
            if k:
                c = ctx.units[run[0].unit].candidate
                ctx.warnings.append(ParseWarning(
                    "numbering-restart", f"the sub-items of {node.path} start again at 1",
                    (c.start, c.end) if c is not None else None))
        continues = first.value is not None and carry.get(first.family) == first.value - 1
        lost = body[0] if first.value not in (None, 1) and not continues and first.family[0] != "dotted" else None
        if picks[-1].value is not None and first.family[0] != "dotted":
            carry[first.family] = picks[-1].value
        before = [i for i in body if i < first.unit and i != lost]
        if lost is not None:
            before = []
        node.children = _children(ctx, node, picks, [i for i in body if i > first.unit or (
            lost is not None and i > lost)], used | {first.family[0]}, lost)
        body = before
    for i in body:
        (node.blocks if ctx.feats[i].furniture is not None else node.paragraphs).append(i)


def _opens_unlabelled(ctx: Context, body: list[int]) -> bool:
    """Whether a clause's body opens with a paragraph that could be a
    sub-item whose label was lost: no marker, no furniture, a few words."""
    if not body:
        return False
    i = body[0]
    return (ctx.units[i].candidate is None and ctx.feats[i].furniture is None and ctx.feats[i].words >= 3
            and not heading_shaped(ctx, i))


def _children(ctx: Context, parent: Node, run: list[Pick], rest: list[int], used: frozenset[str],
              lost: int | None = None) -> list[Node]:
    nodes: list[Node] = []
    seen: dict[str, int] = {}
    carry: dict[tuple[object, ...], int] = {}
    tail = _after_tight_list(ctx, run, rest)
    parent.paragraphs.extend(i for i in tail if ctx.feats[i].furniture is None)
    parent.blocks.extend(i for i in tail if ctx.feats[i].furniture is not None)
    tail_set = set(tail)
    rest = [i for i in rest if i not in tail_set]
    if lost is not None:  # the first item, its label lost: it runs up to the first labelled item
        value = (run[0].value or 2) - 1
        path = _unique(f"{parent.path}.{value}", seen)
        nodes.append(Node(None, lost, path, value, section=parent.section, role=parent.role))
        u = ctx.units[lost]
        ctx.warnings.append(ParseWarning("numbering-label-lost",
                                         f"an unlabelled paragraph stands where {value} is missing: read as {path}",
                                         (u.start, u.end)))
        fill(ctx, nodes[-1], [i for i in rest if lost < i < run[0].unit], used, carry)
    # each item's body: the units up to the next item (one pass over ``rest``,
    # which is in reading order; a filter per item was quadratic in long lists)
    bodies: list[list[int]] = [[] for _ in run]
    k = 0
    for i in rest:
        if i < run[0].unit:
            continue
        while k + 1 < len(run) and i >= run[k + 1].unit:
            k += 1
        if i > run[k].unit:
            bodies[k].append(i)
    for k, pick in enumerate(run):
        node = Node(pick, pick.unit, _path("", pick, k, seen, parent.path), pick.value, section=parent.section,
                    role=parent.role)
        nodes.append(node)
        body = _restore_lost(ctx, nodes, bodies[k], run[k + 1] if k + 1 < len(run) else None, "", seen, parent.path)
        fill(ctx, nodes[-1], body, used, carry)
    return nodes


def _after_tight_list(ctx: Context, run: list[Pick], rest: list[int]) -> list[int]:
    """Paragraphs after a tight list of bullet items (one per line, no blank
    line between them), set off by a blank line: the parent clause goes on
    (``… in the following areas: - a; - b; - c.`` then ``We will review …``).
    Lettered or numbered sub-clauses keep such paragraphs as their own."""
    if len(run) < 2 or run[0].family[0] != "bullet" or any(
            _blank_between(ctx, a.unit, b.unit) for a, b in itertools.pairwise(run)):
        return []
    last = run[-1].unit
    after = [i for i in rest if i > last]
    if not after or not _blank_between(ctx, last, after[0]):
        return []
    return [i for i in after if ctx.units[i].candidate is None]


def _blank_between(ctx: Context, a: int, b: int) -> bool:
    return any(not ctx.units[i].text and ctx.units[i].candidate is None for i in range(a + 1, b))


# --------------------------------------------------------------------------- typed nodes


def block_kind(ctx: Context, i: int) -> BlockKind:
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


def block(ctx: Context, i: int, kind: BlockKind) -> Block:
    text, text_span = plain_text(ctx, i)
    return Block(kind, text, ctx.raw[i], text_span)


def finish(ctx: Context, node: Node) -> Clause:
    u = ctx.units[node.unit]
    marker = None
    c = u.candidate
    if node.pick is not None and c is not None and c.raw:  # (a run-in item with no dash of its own has none)
        marker = Marker(c.raw, node.pick.style, node.pick.value, c.delimiter, (c.start, c.end), c.parts)  # type: ignore[arg-type]
    paragraphs = []
    for i in node.paragraphs:
        text, text_span = plain_text(ctx, i)
        paragraphs.append(Paragraph(text, ctx.raw[i], text_span))
    blocks = tuple(block(ctx, i, block_kind(ctx, i)) for i in node.blocks)
    children = tuple(finish(ctx, child) for child in node.children)
    text, text_span, span = u.text, (u.text_start, u.end), ctx.raw[node.unit]
    if node.pick is None:
        text, text_span = plain_text(ctx, node.unit)  # a paragraph taken as a clause: a number in it is text
    elif not text and paragraphs:
        # A marker alone on its line ("1." then the text below it): the
        # paragraph right under it is the clause's own text.
        following = next((i for i in range(node.unit + 1, len(ctx.units)) if ctx.live(i)), None)
        if node.paragraphs[0] == following:
            first = paragraphs.pop(0)
            text, text_span, span = first.text, first.text_span, (span[0], first.span[1])
    return Clause(node.path, marker, text, span, text_span, tuple(paragraphs), children, blocks, node.section,
                  node.role)


def finish_sections(ctx: Context, plans: list[SectionPlan]) -> tuple[Section, ...]:
    out = []
    for plan in plans:
        heading = plan.heading
        block_ = title = marker = None
        level = 1
        if heading is not None:
            block_ = block(ctx, heading.unit, "heading")
            title = ctx.units[heading.unit].text.strip().rstrip(":：").strip() or None
            level = heading.level
            if heading.pick is not None:
                c = ctx.units[heading.unit].candidate
                assert c is not None
                marker = Marker(c.raw, heading.pick.style, heading.pick.value, c.delimiter, (c.start, c.end),  # type: ignore[arg-type]
                                c.parts)
        intro = tuple(block(ctx, i, "lead-in" if ctx.colon(i) else block_kind(ctx, i))
                      for i in plan.intro)
        out.append(Section(plan.id, title, block_, marker, level, intro))
    return tuple(out)
