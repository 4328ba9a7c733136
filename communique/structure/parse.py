"""Text → document tree: the structure step of the pipeline.

1. ``grammar.split_lines`` (the Lark grammar) gives lines with marker candidates.
2. ``units.make_units`` groups them into paragraphs; ``furniture`` gives each
   its line features (page furniture, prose, captions).
3. ``numbering`` picks the chain of markers that is the statement and
   ``tree`` nests sub-clauses and continuation paragraphs under it.
4. No numbered list → prose mode (``frame``): the largest run of prose
   paragraphs is the body, each paragraph a clause (``¶1``, ``¶2``…).
5. ``frame`` sorts the rest into preamble and closing; ``meta`` reads the
   metadata.

Every unit becomes exactly one node; node raw spans run from the node's first
character to the next node's, the first from 0, so they tile the source.
Everything is one pass or a sort over units: linear in the input.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from ..cycles import no_cycle_collection
from ..errors import NoClausesError
from ..model import Document, Meta, SourceInfo
from ..readers.base import Extracted
from ..text.patterns import compiled
from ..text.scripts import detect_language
from .dates import find_date
from .frame import preamble_blocks, preambular, prose_clauses, region_end
from .furniture import line_features, page_furniture
from .grammar import split_lines
from .layout import plan
from .meta import extract_meta
from .numbering import Pick
from .tree import Node, SectionPlan, block, build_statement, finish, finish_sections, prose_sections
from .units import Context, make_units, unit_hints

# Text a reader can see: a letter, digit, mark, punctuation or symbol (not only
# white space and invisible format characters such as ZWSP, BOM, LRM).
_VISIBLE = compiled(r"[^\s\p{Cf}\p{Cc}]")


def _with_container_meta(meta: Meta, extracted: Extracted) -> Meta:
    """What the container states (front matter, document properties, a PDF's
    symbol) fills the fields the text itself leaves empty: a statement's own
    words about its date outrank a file's properties."""
    stated = extracted.meta
    date = stated.get("date") or (find_date(stated["date-text"]) if "date-text" in stated else None)
    return replace(meta, title=meta.title or stated.get("title"), date=meta.date or date,
                   symbol=meta.symbol or stated.get("symbol"), language=meta.language or stated.get("language"))


def _label_pick(ctx: Context, i: int) -> Pick | None:
    """A preambular paragraph's own label (``PP 2:``) as its marker."""
    c = ctx.units[i].candidate
    if c is None or c.kind != "LABEL":
        return None
    (family, value), style = c.readings[0], c.styles[0]
    return Pick(i, family, value, style)


@no_cycle_collection
def parse_extracted(extracted: Extracted, info: SourceInfo) -> Document:
    """Parse a reader's text into a :class:`Document`.

    Raises :class:`NoClausesError` when nothing in the text can be a clause.
    """
    source = extracted.text
    label = f"{info.name}: " if info.name else ""  # error messages name the file
    if not source.strip() or not _VISIBLE.search(source):
        raise NoClausesError(f"{label}no text: the input is empty or only white space and invisible marks",
                             name=info.name)
    language = detect_language(source)
    units = make_units(source, split_lines(source))
    hints = unit_hints(units, extracted.hints) if extracted.hints else {}
    feats = line_features([u.text for u in units], language, hints, [u.candidate is not None for u in units])
    feats = page_furniture([source[u.start:u.end] for u in units], feats)
    ctx = Context(source, units, feats, hints)

    layout = plan(ctx)
    sections: list[SectionPlan] = []
    if layout is not None and layout.runs:
        members = layout.picks
        last = region_end(ctx, members[-1].unit)
        nodes, sections = build_statement(ctx, layout, last)
        sections = [s for s in sections if s.start <= last]
        first = min([members[0].unit] + [s.start for s in sections])
        prose = False
    else:
        try:
            first, last, nodes, headings = prose_clauses(ctx, layout.headings if layout else [])
        except NoClausesError as exc:
            raise NoClausesError(f"{label}{exc}", name=info.name) from None
        sections = prose_sections(nodes, headings)
        prose = True
    pre_units = [i for i in range(first) if ctx.live(i)]
    if not prose:
        groups = preambular(ctx, pre_units)
        pre_nodes = [Node(_label_pick(ctx, g[0]), g[0], f"p{k}", paragraphs=g[1:], role="preambular")
                     for k, g in enumerate(groups, 1)]
        taken = {i for g in groups for i in g}
        for node, nxt in zip(pre_nodes, [*pre_nodes[1:], None], strict=False):
            # page furniture inside a preambular paragraph (or between two) goes with it
            stop = nxt.unit if nxt is not None else max([node.unit, *node.paragraphs]) + 1
            inside = pre_units[bisect_right(pre_units, node.unit):bisect_left(pre_units, stop)]
            node.blocks = [i for i in inside if i not in taken and ctx.feats[i].furniture is not None]
            taken.update(node.blocks)
        pre_units = [i for i in pre_units if i not in taken]
        nodes = pre_nodes + nodes
    post_units = [i for i in range(last + 1, len(units)) if ctx.live(i)]
    preamble = preamble_blocks(ctx, pre_units)
    closing = tuple(block(ctx, i, "boilerplate" if ctx.feats[i].furniture else "text") for i in post_units)
    doc_clauses = tuple(finish(ctx, c) for c in nodes)
    meta = _with_container_meta(extract_meta(preamble, doc_clauses, closing, language, extracted.title), extracted)
    warnings = (*extracted.warnings, *ctx.warnings)
    return Document(meta, preamble, doc_clauses, closing, source, warnings, info, prose,
                    finish_sections(ctx, sections))
