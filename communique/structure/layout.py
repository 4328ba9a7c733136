"""The layout of a statement: which marker family carries its clauses,
where numbering restarts, and which lines are section headings.

Marker rank alone (sections above numbers above letters …) does not decide
the top level.  A family is the statement's clause family when its items
carry the body:

* items that read as headings (``I. Political``, ``أولاً: الشأن السوري``:
  short, no sentence end) over numbered or prose paragraphs are *section
  headings*, and the clause family is looked for under them;
* a short list that is followed by a long list of another family (five
  bullets, then ``1.`` … ``52.``; a contents list, then the clauses) does not
  structure the body: most of the other family's items would fall under its
  last item;
* bullets are clauses only when their text is most of the body's text.

Numbering that starts again at 1 after a run (an annex, a second part),
or a ``1`` repeated under a new heading, opens a new section; a run nested
inside one clause (``4. … commit to: 1. 2. 3.`` and then ``5.``) is that
clause's sub-clauses, not a restart.  A list in another marker family that
a heading or lead-in introduces after a clause (``المبادرات …:`` then
``1- 2- 3-`` after ``أولاً … حادي عشر``) is the statement's too, in a
section of its own; the main numbering may resume after it.  Unnumbered
headings between clauses (``Climate and Energy``, ``مكافحة الإرهاب:``)
open sections too, even a single one between two clauses.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from ..text.normalize import normalize
from ..text.patterns import compiled
from .markers import Family
from .meta import find_date
from .numbering import FAMILY_RANK, Pick, family_chains
from .units import Context

HEADING_WORDS = 12
HEADING_CHARS = 130
# A line ending in a colon this long is a clause introducing sub-items
# ("Called upon the international community to:"), not a heading.
COLON_HEADING_WORDS = 6
# (a footnote call glued after the punctuation, ``… in mine action,1``, still ends there)
_END_PUNCT = compiled(r"[.;؛،,!?؟…][\"'»”’)\]\u200e\u200f\u061c]*(?:\(?[0-9]{1,2}\)?)?$")
# A lead-in introduces the list that follows: not a heading of its own.
LEAD_IN = compiled(r"[:：]\s*$|ما يلي|كما يلي|الآتي|التالي|as follows|the following|следующ", regex.I)
_LEAD_IN_PHRASE = compiled(r"ما يلي|كما يلي|الآتي|التالي|as follows|the following|следующ", regex.I)
_LETTER = compiled(r"\p{L}")
# Words that name a statement in its title.
TITLE_CUE = compiled(r"بيان|البيان|statement|communiqu|declaration|заявлени|коммюнике|إعلان|resolution|قرار",
                          regex.I)


@dataclass(slots=True)
class Heading:
    unit: int
    pick: Pick | None = None  # the heading's own marker (I., أولاً, A.), None when unnumbered
    level: int = 1


@dataclass(slots=True)
class Layout:
    """``runs``: the clause family's runs in reading order (empty in prose
    mode); ``restart``: for each run, whether it starts numbering again;
    ``headings``: the section headings in reading order."""

    runs: list[list[Pick]]
    restart: list[bool] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

    @property
    def picks(self) -> list[Pick]:
        return [p for run in self.runs for p in run]


def heading_shaped(ctx: Context, i: int) -> bool:
    """A line that reads as a heading: short, with letters, no sentence or
    clause end (a colon may end it: ``مكافحة الإرهاب:``), not a lead-in
    phrase.  A heading the reader marked (HTML ``h2``, Markdown ``#``, a Word
    heading style) is one whatever its shape."""
    known = ctx.shaped.get(i)
    if known is None:
        known = ctx.shaped[i] = _heading_shaped(ctx, i)
    return known


def _heading_shaped(ctx: Context, i: int) -> bool:
    if ctx.hints.get(i) == "heading":
        return True
    u, f = ctx.units[i], ctx.feats[i]
    text = u.text.strip()
    if not text or f.furniture is not None or f.caption:
        return False
    if len(text) > HEADING_CHARS or f.words > HEADING_WORDS or not _LETTER.search(text):
        return False
    if _END_PUNCT.search(text) or _LEAD_IN_PHRASE.search(text) or text.startswith(("[", "(", "«", '"')):
        return False
    if ctx.colon(i) and f.words > COLON_HEADING_WORDS:
        return False
    return not is_dateline(text)


def is_dateline(text: str) -> bool:
    """A short line naming a date (``Astana, 20 June 2024``): a dateline, not a heading."""
    return len(text.split()) <= 12 and find_date(normalize(text)) is not None


def plan(ctx: Context) -> Layout | None:
    """The document's layout, or None when nothing is numbered as a
    statement (prose mode)."""
    all_ids = list(range(len(ctx.units)))
    chains = family_chains(ctx, all_ids, frozenset({"dotted"}))
    runs_of = {fam: main_runs(ctx, runs) for fam, runs in chains.items()}
    # by rank; within a rank (abjad and hijā'ī readings of the same letters)
    # the reading with more items in sequence first
    families = sorted((fam for fam in chains if runs_of[fam]),
                      key=lambda fam: (FAMILY_RANK.get(fam[0], 9), -sum(map(len, runs_of[fam])),
                                       runs_of[fam][0][0].unit))
    heading_levels: list[list[Pick]] = []  # numbered headings, one list per level (I. then 1. …)
    for family in families:
        if family[0] == "pp":  # preambular paragraph labels: the preamble, never the clause family
            continue
        runs = runs_of[family]
        members = [p for run in runs for p in run]
        if sum(len(r) for r in runs) < 2:
            continue
        if family[0] != "bullet" and _heading_family(ctx, members):
            if len(heading_levels) < 2:
                heading_levels.append(members)
            continue
        if not _partitions(ctx, family, members, chains):
            continue
        if family[0] == "bullet" and not _bullets_carry_body(ctx, members):
            continue
        headed = {p.unit for level in heading_levels for p in level}
        return _finish(ctx, _with_inserted_lists(ctx, family, runs, runs_of, headed), heading_levels)
    # a line the numbered headings have taken is no clause as well: a lone
    # "1." restarting under a heading ("III. …" / "1. Climate") is a heading
    # of that family, and as a clause it would be in two nodes
    heading_units = {p.unit for level in heading_levels for p in level}
    single = _single_clause(chains)
    if single and not any(p.unit in heading_units for p in single):
        return _finish(ctx, [single], heading_levels)
    dotted = _dotted_statement(ctx)
    if dotted and not any(p.unit in heading_units for p in dotted):
        return _finish(ctx, [dotted], heading_levels)
    if heading_levels:  # numbered headings over unnumbered paragraphs: prose under sections
        return Layout([], [], _numbered_headings(ctx, heading_levels))
    return None


def _numbered_headings(ctx: Context, levels: list[list[Pick]], runs: list[list[Pick]] | None = None) -> list[Heading]:
    """Numbered headings of every level in reading order, with the
    unnumbered heading standing right above the first clause when the first
    numbered heading comes later (a statement's sub-title ``Towards a
    Renewed Transatlantic Partnership`` over clauses 1–3, then ``I.``…;
    ``Preamble`` above clause 1 is common)."""
    found = sorted((Heading(p.unit, p, level) for level, picks in enumerate(levels, start=1) for p in picks),
                   key=lambda h: h.unit)
    if runs and runs[0] and found and found[0].unit > runs[0][0].unit:
        before = _previous_live(ctx, runs[0][0].unit)
        if (before is not None and ctx.units[before].candidate is None and heading_shaped(ctx, before)
                and not ctx.colon(before) and not TITLE_CUE.search(ctx.units[before].text)):
            found.insert(0, Heading(before, None, 1))
    return found


def _with_inserted_lists(ctx: Context, family: Family, runs: list[list[Pick]],
                         runs_of: dict[Family, list[list[Pick]]], headed: set[int]) -> list[list[Pick]]:
    """The statement's runs with the lists in another marker family that a
    heading or a lead-in introduces after one of its clauses, with nothing
    else between (the initiatives a declaration adds under ``المبادرات …:``,
    numbered ``1- 2- 3-`` after clauses ``أولاً … حادي عشر``, possibly
    before the statement's numbering resumes): each is a list of the
    statement's own, in a section of its own.  A run of the statement that
    such a list interrupts is split around it, in reading order.  Lines the
    numbered headings (``headed``) have taken are no list: ``I.`` ``II.``
    after clause 2 are headings of the sections that follow, and as clauses
    as well they would be in two nodes."""
    members = [p for run in runs for p in run]
    main_units = sorted(p.unit for p in members)
    taken = set(main_units) | headed
    inserted: list[list[Pick]] = []
    for other, other_runs in runs_of.items():
        if other == family or other[0] in ("pp", "bullet", "dotted"):
            continue
        for run in other_runs:
            if run[0].value != 1 or len(run) < 2 or run[0].unit < main_units[0] or any(p.unit in taken for p in run):
                continue
            k = bisect_left(main_units, run[0].unit)
            if k < len(main_units) and main_units[k] < run[-1].unit:
                continue  # a clause of the statement inside it: not a list of its own
            previous = max([main_units[k - 1], *(r[-1].unit for r in inserted if r[-1].unit < run[0].unit)])
            if _introduces_list(ctx, previous, run[0].unit):
                inserted.append(run)
                taken.update(p.unit for p in run)
    if not inserted:
        return runs
    starts = sorted(r[0].unit for r in inserted)
    pieces: list[list[Pick]] = []
    for run in runs:  # split the statement's runs where an inserted list stands
        piece: list[Pick] = []
        for p in run:
            if piece and bisect_left(starts, p.unit) > bisect_left(starts, piece[-1].unit):
                pieces.append(piece)
                piece = []
            piece.append(p)
        pieces.append(piece)
    return sorted(pieces + inserted, key=lambda r: r[0].unit)


_INTRO_LINES = 3  # headings and lead-ins that may stand between a clause and a list it does not own
_INTRO_REACH = 40  # units looked back over (blank lines, furniture) before giving up


def _introduces_list(ctx: Context, previous: int, start: int) -> bool:
    """Whether only a heading or a lead-in (one to three lines, the first
    unnumbered) stands between unit ``previous`` (a clause) and ``start``
    (the first item of a list).  Looks back from ``start``, a bounded way."""
    lines: list[int] = []
    i = start - 1
    while i > previous:
        if start - i > _INTRO_REACH or len(lines) > _INTRO_LINES:
            return False
        if ctx.live(i) and ctx.feats[i].furniture is None:
            lines.append(i)
        i -= 1
    if not lines or ctx.units[lines[-1]].candidate is not None:
        return False
    return all(heading_shaped(ctx, j) or LEAD_IN.search(ctx.units[j].text) for j in lines)


def main_runs(ctx: Context, runs: list[list[Pick]]) -> list[list[Pick]]:
    """The runs that make a list, in reading order.  Left out: a run nested
    between two items of a longer run, or opened by a clause whose own text
    ends in a colon (``4. … we commit to: 1. 2. 3.``), or indented under the
    list (a sub-list in the same style); a run interleaved with the previous
    one; a run going backwards without restarting at 1.  A run of one item
    counts only as a restart at 1 after a heading or lead-in."""
    ordered = sorted((r for r in runs if len(r) >= 2 or r[0].value == 1), key=lambda r: r[0].unit)
    kept: list[list[Pick]] = []
    for run in ordered:
        # (kept runs do not overlap and come in order, so a run nested in any
        # of them starts before the last one's end: one comparison, not a scan)
        if kept and (run[0].unit < kept[-1][-1].unit or _opens_sublist(ctx, kept[-1], run)):
            continue
        if kept and run[0].value not in (1, None) and run[0].value <= (kept[-1][-1].value or 0):
            continue
        if len(run) < 2 and (not kept or not _introduced(ctx, run[0].unit)):
            continue
        kept.append(run)
    return kept


def _indent(ctx: Context, i: int) -> int:
    u = ctx.units[i]
    return (u.candidate.start - u.start) if u.candidate is not None else 0


def _opens_sublist(ctx: Context, previous: list[Pick], run: list[Pick]) -> bool:
    last = previous[-1].unit
    before = _previous_live(ctx, run[0].unit)
    if before == last and ctx.colon(last):
        return True
    return _indent(ctx, run[0].unit) > _indent(ctx, last) + 1


def _introduced(ctx: Context, i: int) -> bool:
    before = _previous_live(ctx, i)
    return before is not None and (heading_shaped(ctx, before) or bool(LEAD_IN.search(ctx.units[before].text)))


def _previous_live(ctx: Context, i: int) -> int | None:
    j = i - 1
    while j >= 0 and not ctx.live(j):
        j -= 1
    return j if j >= 0 else None


def _heading_family(ctx: Context, members: list[Pick]) -> bool:
    """Items that read as section headings: most are heading-shaped, and
    text stands under them (not a contents list of consecutive lines)."""
    shaped = sum(1 for p in members if heading_shaped(ctx, p.unit))
    if shaped < 0.75 * len(members):
        return False
    for a, b in itertools.pairwise(members):  # each heading but the last has text under it
        if not any(ctx.live(i) and not heading_shaped(ctx, i) and ctx.feats[i].furniture is None
                   for i in range(a.unit + 1, b.unit)):
            return False
    return True


def _partitions(ctx: Context, family: Family, members: list[Pick], chains: dict[Family, list[list[Pick]]]) -> bool:
    """False when this family is a compact list of short lines, not
    sentences (highlights, attendees, a table of contents, on consecutive
    lines) and another family's list, much longer, lies almost entirely
    under its last item, which does not introduce it with a colon: then
    this list stands before the body.  (Sentences followed by sub-items are
    clauses with sub-clauses, whatever their number.)"""
    last = members[-1].unit
    if ctx.colon(last):
        return True
    compact = all(not any(ctx.live(i) for i in range(a.unit + 1, b.unit))
                  for a, b in itertools.pairwise(members))
    short_lines = sum(1 for p in members if heading_shaped(ctx, p.unit) or p.family[0] == "bullet")
    if not compact or short_lines < 0.75 * len(members):
        return True
    for other, runs in chains.items():
        if other == family or other[0] == "bullet":
            continue
        items = [p.unit for run in main_runs(ctx, runs) for p in run]
        if len(items) < max(4, 2 * len(members)):
            continue
        under_last = sum(1 for u in items if u > last)
        if under_last >= 0.8 * len(items):
            return False
    return True


def _bullets_carry_body(ctx: Context, members: list[Pick]) -> bool:
    """Bullet items whose own text is most of the prose from the first item
    to the end of the text (else they are a list inside a prose report)."""
    first = members[0].unit
    item_chars = sum(len(ctx.units[p.unit].text) for p in members)
    prose_chars = sum(len(ctx.units[i].text) for i in range(first, len(ctx.units))
                      if ctx.feats[i].furniture is None)
    return len(members) >= 3 and item_chars >= 0.5 * prose_chars


def _dotted_statement(ctx: Context) -> list[Pick]:
    """A statement numbered only ``1.1 1.2 2.1 2.2``: each prefix is a family
    of its own; join the runs that follow each other in the text and in
    number order into one top-level sequence."""
    chains = family_chains(ctx, list(range(len(ctx.units))), frozenset())
    runs = sorted((r for fam, rs in chains.items() if fam[0] == "dotted" for r in rs), key=lambda r: r[0].unit)
    seq: list[Pick] = []
    for r in runs:
        if not seq or (r[0].unit > seq[-1].unit
                       and (*r[0].family[1], r[0].value) > (*seq[-1].family[1], seq[-1].value)):
            seq.extend(r)
    return seq if len(seq) >= 2 else []


def _single_clause(chains: dict[Family, list[list[Pick]]]) -> list[Pick]:
    """A single clause ``1-`` is a statement only if nothing else is numbered."""
    singles = [r for fam, runs in chains.items() if fam[0] in ("num", "ordinal") for r in runs
               if len(r) == 1 and r[0].value == 1]
    return singles[0] if len(singles) == 1 else []


def _finish(ctx: Context, runs: list[list[Pick]], heading_levels: list[list[Pick]]) -> Layout:
    headings = _numbered_headings(ctx, heading_levels, runs) if heading_levels else unnumbered_headings(ctx, runs)
    # one line, one node: a line both a clause and a heading (two readings of one marker, ``I.`` a
    # roman heading and a letter of the clauses' family) is the statement's clause
    clause_units = {p.unit for run in runs for p in run}
    headings = [h for h in headings if h.unit not in clause_units]
    runs = _split_at_headed_repeats(runs, headings)
    restart = [k > 0 and run[0].value == 1 for k, run in enumerate(runs)]
    return Layout(runs, restart, headings)


def _split_at_headed_repeats(runs: list[list[Pick]], headings: list[Heading]) -> list[list[Pick]]:
    """A run split where a ``1`` repeats under a new heading (``اليمن:`` /
    ``1- …``, ``الختام:`` / ``1- …``): each heading's one-item list starts
    numbering again, it does not repeat the clause above."""
    if not headings:
        return runs
    heads = sorted(h.unit for h in headings)
    out: list[list[Pick]] = []
    for run in runs:
        piece = [run[0]]
        for prev, p in itertools.pairwise(run):
            k = bisect_left(heads, prev.unit)
            if p.value == 1 and prev.value == 1 and k < len(heads) and heads[k] < p.unit:
                out.append(piece)
                piece = []
            piece.append(p)
        out.append(piece)
    return out


def unnumbered_headings(ctx: Context, runs: list[list[Pick]]) -> list[Heading]:
    """Heading-shaped lines standing right before a clause (between two
    clauses, or before the first), kept when there are at least two of them
    or numbering restarts: one such line alone is a subheading or a lead-in."""
    members = [p for run in runs for p in run]
    first_content = next((i for i in range(len(ctx.units)) if ctx.live(i) and ctx.feats[i].furniture is None), -1)
    stacks: list[list[int]] = []
    previous_end = first_content
    restarts = {id(run[0]) for run in runs[1:] if run[0].value == 1}
    for p in members:
        stack: list[int] = []
        i = p.unit - 1
        lead_in = id(p) in restarts  # a restarted list may have its lead-in under its heading
        while i > previous_end and len(stack) < 2:
            if ctx.live(i):
                if (lead_in and not stack and ctx.units[i].candidate is None and ctx.colon(i)
                        and not heading_shaped(ctx, i)):
                    lead_in = False
                    i -= 1
                    continue
                if not heading_shaped(ctx, i) or ctx.units[i].candidate is not None or (
                        p is members[0] and TITLE_CUE.search(ctx.units[i].text)):
                    break  # (before the first clause, the statement's own title is no section heading)
                stack.append(i)
            i -= 1
        stacks.append(stack[::-1])
        previous_end = p.unit
    inner = [u for stack in stacks[1:] for u in stack]
    colons = any(ctx.colon(u) for u in inner)
    if stacks and not colons:  # before the first clause, a line ending in a colon is its lead-in
        stacks[0] = [u for u in stacks[0] if not ctx.colon(u)
                     or ctx.hints.get(u) == "heading"]
    found = [Heading(u, None, level) for stack in stacks for level, u in enumerate(stack, start=1)]
    # One heading-shaped line between two clauses is a heading too (an
    # editor's ``Humanitarian issues``); one only above the first clause may
    # be the statement's subtitle or a lead-in.
    if len(found) < 2 and not inner and not restarts:
        return []
    return found
