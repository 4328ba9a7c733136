"""Lines → document tree: paragraphs, the statement region, clause nesting.

The pipeline inside this module:

1. ``split_lines`` (the Lark grammar) gives lines with marker candidates.
2. Lines are grouped into *units* (paragraphs): a marker always opens a unit;
   in documents that separate paragraphs with blank lines, a plain line
   directly under another line continues it (hard-wrapped text).
3. Each unit gets line features (``furniture.py``).
4. Marker candidates are grouped by *family* (``1- 2- 3-`` is one family,
   ``(a) (b)`` another) into *chains* of consecutive values.  The top-level
   family is the highest-ranked one with a chain (sections above numbers above
   letters above roman numerals above bullets); its longest chain is the
   statement.  A candidate that does not fit a chain stays text, so a line
   ``10 - 20 كم`` in the middle of clause 3 cannot become clause 10.
5. Inside each clause the same choice, restricted to chains that start at
   the first value, finds sub-clauses; the remaining units are continuation
   paragraphs (or furniture blocks).
6. No numbered list → prose mode: the largest run of prose paragraphs is
   the body, each paragraph a clause (``¶1``, ``¶2``…), and a warning says so.

Every unit becomes exactly one node; node raw spans run from the node's first
character to the next node's, the first from 0, so they tile the source.
Everything is one pass or a sort over units: linear in the input.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from itertools import pairwise

import regex

from .errors import NoClausesError
from .furniture import Features, is_prose, line_features, prose_runs
from .lines import Candidate, Line, split_lines
from .meta import extract_meta
from .model import Block, Clause, Document, Marker, Paragraph, ParseWarning, SourceInfo
from .text import detect_language

# Lower rank = higher in the hierarchy.
FAMILY_RANK = {
    "ordinal": 0, "arabic-section": 1, "roman-upper": 1, "latin-upper": 2, "num": 3,
    "dotted": 4, "arabic-abjad": 5, "arabic-hijai": 5, "latin-lower": 6, "roman-lower": 7,
    "list": 3, "bullet": 8,
}
MAX_GAP = 2  # a clause number may skip this many values (with a warning)
_LEAD_IN = regex.compile(
    r"[:：]\s*$|ما يلي|كما يلي|الآتي|التالي|as follows|the following|следующ", regex.I
)
_CLOSING = regex.compile(
    r"^(?:done (?:at|in)|adopted (?:at|in|on|by)|signed (?:at|in)|issued (?:at|in|on)"
    r"|حرر(?:ت)?\s|حُرر|صدر(?:ت)? (?:في|ب)|وقع(?:ت)? في|совершено)",
    regex.I,
)


@dataclass(slots=True)
class Unit:
    """A paragraph: one or more lines; at most the first opens with a marker."""

    start: int
    end: int
    text_start: int
    candidate: Candidate | None
    text: str  # after the marker (wrapped lines joined)
    index: int = 0


@dataclass(slots=True)
class _Pick:
    """A chosen marker: the unit, the family it was read in, its value."""

    unit: int
    family: tuple
    value: int | None
    style: str


@dataclass(slots=True)
class _Ctx:
    source: str
    units: list[Unit]
    feats: list[Features]
    warnings: list[ParseWarning] = field(default_factory=list)
    raw: dict[int, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every non-blank unit becomes exactly one node; its raw span runs to
        # the next non-blank unit (taking in blank lines), the first from 0,
        # so the nodes' raw spans tile the source.
        ids = [u.index for u in self.units if u.text or u.candidate is not None]
        ends = [self.units[j].start for j in ids[1:]] + [len(self.source)]
        for k, (i, end) in enumerate(zip(ids, ends, strict=True)):
            self.raw[i] = (0 if k == 0 else self.units[i].start, end)


def parse_text(source: str, info: SourceInfo | None = None, hints: dict[int, str] | None = None,
               title_hint: str | None = None) -> Document:
    """Parse decoded ``source`` into a :class:`Document`.

    ``hints`` maps a character offset (a line start) to a furniture reason the
    page structure gave (HTML input).  Raises :class:`NoClausesError` when
    nothing in the text can be a clause.
    """
    info = info or SourceInfo()
    label = f"{info.name}: " if info.name else ""  # error messages name the file
    if not source.strip():
        raise NoClausesError(f"{label}no text: the input is empty or only white space")
    language = detect_language(source)
    units = _units(source, split_lines(source))
    unit_hints = _unit_hints(units, hints) if hints else None
    ctx = _Ctx(source, units, line_features([u.text for u in units], language, unit_hints))

    top = _top_chain(ctx)
    if top:
        region_end = _region_end(ctx, top[-1].unit)
        clauses = _build(ctx, top, region_end, parent_path="", used=frozenset({top[0].family[0]}))
        first, last = top[0].unit, region_end
        prose = False
    else:
        try:
            first, last, clauses = _prose(ctx)
        except NoClausesError as exc:
            raise NoClausesError(f"{label}{exc}") from None
        prose = True
    pre_units = [i for i in range(first) if i in ctx.raw]
    post_units = [i for i in range(last + 1, len(units)) if i in ctx.raw]
    preamble = _preamble(ctx, pre_units, first)
    closing = tuple(_block(ctx, i, "boilerplate" if ctx.feats[i].furniture else "text") for i in post_units)
    doc_clauses = tuple(_finish(ctx, c) for c in clauses)
    meta = extract_meta(preamble, doc_clauses, closing, language, title_hint)
    return Document(meta, preamble, doc_clauses, closing, source, tuple(ctx.warnings), info, prose)


# --------------------------------------------------------------------------- units


def _units(source: str, lines: list[Line]) -> list[Unit]:
    lengths = sorted(ln.end - ln.start for ln in lines if source[ln.start:ln.end].strip())
    # Hard-wrapped text (an e-mail, a text file at 72 columns) has no long
    # lines; a news page has one long line per paragraph and must not be
    # joined, or its header lines would run into its headline.
    join = len(lengths) >= 4 and lengths[int(len(lengths) * 0.9)] <= 100
    units: list[Unit] = []
    joined: dict[int, list[str]] = {}  # unit → its lines' texts, joined once at the end
    prev_blank = True               # (joining as we go copied the paragraph per line: quadratic)
    for ln in lines:
        text = source[ln.text_start:ln.end].strip()
        is_blank = not text and ln.candidate is None
        if is_blank:
            units.append(Unit(ln.start, ln.end, ln.end, None, ""))
            prev_blank = True
            continue
        if (join and not prev_blank and ln.candidate is None and units and units[-1].text
                and _wraps(source, units[-1])):
            last = units[-1]
            last.end = ln.end
            joined.setdefault(len(units) - 1, [last.text]).append(text)
        else:
            units.append(Unit(ln.start, ln.end, ln.text_start, ln.candidate, text))
        prev_blank = False
    for k, parts in joined.items():
        units[k].text = " ".join(parts)
    for i, u in enumerate(units):
        u.index = i
    return units


_SENTENCE_END = regex.compile(r"[.:!?؟…][\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\s*$")


def _wraps(source: str, unit: Unit) -> bool:
    """A hard-wrapped line is long and does not end a sentence."""
    last_line = source[max(unit.start, source.rfind("\n", unit.start, unit.end) + 1):unit.end].strip()
    return len(last_line) >= 40 and not _SENTENCE_END.search(last_line)


def _unit_hints(units: list[Unit], hints: dict[int, str]) -> dict[int, str]:
    # Sorted offsets and a binary search per unit: scanning every hint for
    # every unit was quadratic on pages with thousands of boilerplate lines.
    offsets = sorted(hints)
    out = {}
    for u in units:
        k = bisect_left(offsets, u.start)
        if k < len(offsets) and offsets[k] < max(u.end, u.start + 1):
            out[u.index] = hints[offsets[k]]
    return out


# --------------------------------------------------------------------------- chains


def _chains(items: list[tuple[int, int | None, bool]], bullet: bool) -> list[list[tuple[int, int | None]]]:
    """Group ``(unit, value, weak)`` items of one family into runs of
    consecutive values (a gap of up to MAX_GAP values, or a repeat, still
    continues a run; a weak candidate only continues a run at exactly the next
    value).  One pass with a map from a run's last value to the run."""
    if bullet:
        return [[(unit, value) for unit, value, _ in items]] if items else []
    runs: list[list[tuple[int, int | None]]] = []
    by_last: dict[int, list] = {}
    for unit, value, weak in items:
        run = None
        tries = (value - 1,) if weak else (value - 1, *(value - 1 - g for g in range(1, MAX_GAP + 1)), value)
        for prev in tries:
            run = by_last.get(prev)
            if run is not None:
                del by_last[prev]
                break
        if run is None:
            if weak:
                continue
            run = []
            runs.append(run)
        run.append((unit, value))
        other = by_last.get(value)
        if other is None or len(other) <= len(run):
            by_last[value] = run
    return runs


def _family_chains(ctx: _Ctx, unit_ids: list[int], exclude: frozenset) -> dict[tuple, list]:
    by_family: dict[tuple, list[tuple[int, int | None, str]]] = {}
    for i in unit_ids:
        cand = ctx.units[i].candidate
        if cand is None or ctx.feats[i].furniture is not None:
            continue
        for (family, value), style in zip(cand.readings, cand.styles, strict=True):
            if family[0] not in exclude:
                by_family.setdefault(family, []).append((i, value, style))
    out = {}
    for family, items in by_family.items():
        styles = {i: s for i, _, s in items}
        runs = _chains([(i, v, ctx.units[i].candidate.weak) for i, v, _ in items], family[0] == "bullet")
        out[family] = [[_Pick(i, family, v, styles[i]) for i, v in run] for run in runs]
    return out


def _choose(chains: dict[tuple, list], min_len: int, first_value: bool,
            parent_value: int | None = None, carry: dict[tuple, int] | None = None) -> list[_Pick]:
    """The highest-ranked family's longest chain (ties: the earliest).

    With ``first_value`` a chain must start at the first value, or (``carry``:
    the last sub-clause value of the previous sibling, by family) go on with
    the numbering of the previous section's sub-clauses: ``ألف - 1- 2- باء - 3- 4-``.
    """
    best: tuple | None = None
    for family, runs in chains.items():
        if family[0] == "dotted" and parent_value is not None and family[1][-1:] != (parent_value,):
            continue
        for run in runs:
            need = 3 if family[0] == "bullet" and not first_value else min_len
            if family[0] == "dotted" and parent_value is not None:
                need = 1
            continues = (first_value and carry is not None and family in carry
                         and run[0].value == carry[family] + 1)
            if continues:
                need = 1
            if len(run) < need:
                continue
            if first_value and run[0].value not in (None, 1) and not continues:
                continue
            key = (FAMILY_RANK.get(family[0], 9), -len(run), run[0].unit)
            if best is None or key < best[0]:
                best = (key, run)
    return best[1] if best else []


def _top_chain(ctx: _Ctx) -> list[_Pick]:
    chains = _family_chains(ctx, list(range(len(ctx.units))), frozenset({"dotted"}))
    run = _choose(chains, min_len=2, first_value=False)
    if not run:
        # A single clause "1-" is a statement only if nothing else is numbered.
        singles = [r for fam, runs in chains.items() if fam[0] in ("num", "ordinal") for r in runs
                   if len(r) == 1 and r[0].value == 1]
        run = singles[0] if len(singles) == 1 else []
    if not run:
        chains = _family_chains(ctx, list(range(len(ctx.units))), frozenset())
        run = _choose(chains, min_len=2, first_value=False)
        if run and run[0].family[0] == "dotted":
            run = _dotted_sequence(chains, run)
    _check_sequence(ctx, run)
    return run


def _dotted_sequence(chains: dict[tuple, list], chosen: list[_Pick]) -> list[_Pick]:
    """A statement numbered only ``1.1 1.2 2.1 2.2``: each prefix is a family
    of its own; join the runs that follow each other in the text and in
    number order into one top-level sequence."""
    runs = sorted((r for fam, rs in chains.items() if fam[0] == "dotted" for r in rs), key=lambda r: r[0].unit)
    seq: list[_Pick] = []
    for r in runs:
        if not seq or (r[0].unit > seq[-1].unit
                       and (*r[0].family[1], r[0].value) > (*seq[-1].family[1], seq[-1].value)):
            seq.extend(r)
    return seq if any(p is chosen[0] for p in seq) else chosen


def _check_sequence(ctx: _Ctx, run: list[_Pick]) -> None:
    for prev, pick in pairwise(run):
        if pick.value is None or prev.value is None or pick.family != prev.family:
            continue
        u = ctx.units[pick.unit]
        span = (u.candidate.start, u.candidate.end)
        if pick.value == prev.value:
            ctx.warnings.append(ParseWarning("numbering-repeat", f"clause number {pick.value} repeats", span))
        elif pick.value != prev.value + 1:
            ctx.warnings.append(ParseWarning(
                "numbering-gap", f"clause {pick.value} follows clause {prev.value}", span))


def _region_end(ctx: _Ctx, last_clause: int) -> int:
    """The last unit of the statement: the last clause's continuation
    paragraphs and sub-clauses, up to page furniture, a closing formula or a
    short line that is not prose (a heading of something else)."""
    end = last_clause
    for i in range(last_clause + 1, len(ctx.units)):
        u, f = ctx.units[i], ctx.feats[i]
        if not u.text:
            continue
        if f.furniture is not None or _CLOSING.search(u.text):
            break
        if (u.candidate is not None and u.candidate.kind != "BULLET") or is_prose(f):
            end = i
            continue
        break
    return end


# --------------------------------------------------------------------------- tree


@dataclass(slots=True)
class _Node:
    pick: _Pick | None
    unit: int
    path: str = ""
    paragraphs: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def _build(ctx: _Ctx, run: list[_Pick], region_end: int, parent_path: str, used: frozenset) -> list[_Node]:
    nodes: list[_Node] = []
    seen: dict[str, int] = {}
    carry: dict[tuple, int] = {}  # sub-clause numbering that runs on across siblings
    for k, pick in enumerate(run):
        end = run[k + 1].unit - 1 if k + 1 < len(run) else region_end
        node = _Node(pick, pick.unit, _path(parent_path, pick, k, seen))
        body = [i for i in range(pick.unit + 1, end + 1) if ctx.units[i].text or ctx.units[i].candidate]
        _fill(ctx, node, body, used | {pick.family[0]}, carry)
        nodes.append(node)
    return nodes


def _path(parent: str, pick: _Pick, position: int, seen: dict[str, int]) -> str:
    own = str(pick.value) if pick.value is not None else f"•{position + 1}"
    if pick.family[0] == "dotted" and not parent:
        own = ".".join(map(str, (*pick.family[1], pick.value)))
    seen[own] = seen.get(own, 0) + 1
    if seen[own] > 1:  # a repeated number: keep paths unique
        own = f"{own}~{seen[own]}"
    return f"{parent}.{own}" if parent else own


def _fill(ctx: _Ctx, node: _Node, body: list[int], used: frozenset, carry: dict[tuple, int]) -> None:
    """Split a clause's body into continuation paragraphs and sub-clauses."""
    chains = _family_chains(ctx, body, used)
    parent_value = node.pick.value if node.pick else None
    run = _choose(chains, min_len=2, first_value=True, parent_value=parent_value, carry=carry)
    if run:
        _check_sequence(ctx, run)
        if run[-1].value is not None and run[0].family[0] != "dotted":
            carry[run[0].family] = run[-1].value
        before = [i for i in body if i < run[0].unit]
        node.children = _build(ctx, run, body[-1], node.path, used)
        body = before
    for i in body:
        (node.blocks if ctx.feats[i].furniture is not None else node.paragraphs).append(i)


def _prose(ctx: _Ctx) -> tuple[int, int, list[_Node]]:
    bulleted = {u.index for u in ctx.units if u.candidate is not None and u.candidate.kind == "BULLET"}
    feats = [f if i not in bulleted else replace(f, sentence=False, words=min(f.words, 7))
             for i, f in enumerate(ctx.feats)]
    runs = prose_runs(feats)
    if runs:
        first, last = max(runs, key=lambda r: sum(len(ctx.units[i].text) for i in range(r[0], r[1] + 1)))
        members = [i for i in range(first, last + 1) if ctx.units[i].text or ctx.units[i].candidate]
        clause_ids = [i for i in members if is_prose(feats[i])]
    else:
        members = clause_ids = [i for i, u in enumerate(ctx.units)
                                if u.text and ctx.feats[i].furniture is None and ctx.feats[i].words > 0]
        if not clause_ids:
            raise NoClausesError("no clauses: the text has no numbered clauses and no paragraphs of prose")
        first, last = clause_ids[0], clause_ids[-1]
        members = [i for i in range(first, last + 1) if ctx.units[i].text or ctx.units[i].candidate]
    ctx.warnings.append(ParseWarning(
        "prose-mode", f"no numbered clauses found; {len(clause_ids)} body paragraphs are used as clauses"))
    nodes: list[_Node] = []
    clause_set = set(clause_ids)  # a list here made this loop quadratic
    for i in members:
        if i in clause_set:
            nodes.append(_Node(None, i, f"¶{len(nodes) + 1}"))
        elif nodes:
            nodes[-1].blocks.append(i)
    return first, last, nodes


def _block_kind(ctx: _Ctx, i: int) -> str:
    f = ctx.feats[i]
    if f.furniture is not None:
        return "boilerplate"
    if f.caption:
        return "caption"
    return "text" if is_prose(f) else "heading"


def _preamble(ctx: _Ctx, ids: list[int], first_clause: int) -> tuple[Block, ...]:
    kinds = {i: _block_kind(ctx, i) for i in ids}
    content = [i for i in ids if kinds[i] != "boilerplate"]
    # The lead-in is the last preamble paragraph that introduces the list,
    # possibly followed by a subheading.
    for i in reversed(content[-3:]):
        if _LEAD_IN.search(ctx.units[i].text):
            kinds[i] = "lead-in"
            break
    title = _title(ctx, [i for i in content if kinds[i] != "lead-in"])
    if title is not None:
        kinds[title] = "title"
    return tuple(_block(ctx, i, kinds[i]) for i in ids)


_LETTER_WORD = regex.compile(r"\p{L}{2,}")
_TITLE_CUE = regex.compile(r"بيان|البيان|statement|communiqu|declaration|заявлени|коммюнике", regex.I)


def _title(ctx: _Ctx, ids: list[int]) -> int | None:
    """The first headline-like paragraph (4–30 words, not a sentence ending
    in a period), preferring one that names a statement among the first few."""
    candidates = [i for i in ids if len(_LETTER_WORD.findall(ctx.units[i].text)) >= 4
                  and ctx.feats[i].words <= 30 and not ctx.feats[i].caption
                  and not ctx.units[i].text.rstrip().endswith((".", ":", "。"))]
    cued = [i for i in candidates[:6] if _TITLE_CUE.search(ctx.units[i].text)]
    return (cued or candidates or [None])[0]


def _plain(ctx: _Ctx, i: int) -> tuple[str, tuple[int, int]]:
    """Text and text span of a unit that is not a clause: a number or letter
    that was not taken as a clause marker (``15-`` out of sequence, ``10 - 20
    كم``) stays part of the text; a bullet is decoration and does not."""
    u = ctx.units[i]
    if u.candidate is None or u.candidate.kind == "BULLET":  # a bullet is decoration, not text
        return u.text, (u.text_start, u.end)
    lead = ctx.source[u.candidate.start:u.text_start]  # the marker and the spaces after it
    return (lead + u.text).strip(), (u.candidate.start, u.end)


def _block(ctx: _Ctx, i: int, kind: str) -> Block:
    text, text_span = _plain(ctx, i)
    return Block(kind, text, ctx.raw[i], text_span)


def _finish(ctx: _Ctx, node: _Node) -> Clause:
    u = ctx.units[node.unit]
    marker = None
    if node.pick is not None:
        c = u.candidate
        marker = Marker(c.raw, node.pick.style, node.pick.value, c.delimiter, (c.start, c.end), c.parts)
    paragraphs = []
    for i in node.paragraphs:
        text, text_span = _plain(ctx, i)
        paragraphs.append(Paragraph(text, ctx.raw[i], text_span))
    blocks = tuple(_block(ctx, i, _block_kind(ctx, i)) for i in node.blocks)
    children = tuple(_finish(ctx, child) for child in node.children)
    text, text_span, span = u.text, (u.text_start, u.end), ctx.raw[node.unit]
    if node.pick is None:
        text, text_span = _plain(ctx, node.unit)  # prose mode: a number that is not a marker is text
    elif not text and paragraphs:
        # A marker alone on its line ("1." then the text below it): the
        # paragraph right under it is the clause's own text.
        following = next((i for i in range(node.unit + 1, len(ctx.units)) if i in ctx.raw), None)
        if node.paragraphs[0] == following:
            first = paragraphs.pop(0)
            text, text_span, span = first.text, first.text_span, (span[0], first.span[1])
    return Clause(node.path, marker, text, span, text_span, tuple(paragraphs), children, blocks)
