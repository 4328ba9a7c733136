"""The frame around the clauses: where the statement region ends, the
preamble (title, lead-in, headings) and the closing, and prose mode (a
report with no numbered list, whose body paragraphs are the clauses)."""

from __future__ import annotations

from dataclasses import replace

import regex

from ..errors import NoClausesError
from ..model import Block, ParseWarning
from ..text.normalize import normalize
from .furniture import is_prose, prose_runs
from .meta import find_date
from .tree import Node, block, block_kind
from .units import Context

_LEAD_IN = regex.compile(
    r"[:：]\s*$|ما يلي|كما يلي|الآتي|التالي|as follows|the following|следующ", regex.I
)
_CLOSING = regex.compile(
    r"^(?:done (?:at|in)|adopted (?:at|in|on|by)|signed (?:at|in)|issued (?:at|in|on)"
    r"|حرر(?:ت)?\s|حُرر|صدر(?:ت)? (?:في|ب)|وقع(?:ت)? في|совершено)",
    regex.I,
)


def region_end(ctx: Context, last_clause: int) -> int:
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


def prose_clauses(ctx: Context) -> tuple[int, int, list[Node]]:
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
    nodes: list[Node] = []
    clause_set = set(clause_ids)  # a list here made this loop quadratic
    for i in members:
        if i in clause_set:
            nodes.append(Node(None, i, f"¶{len(nodes) + 1}"))
        elif nodes:
            nodes[-1].blocks.append(i)
    return first, last, nodes


def preamble_blocks(ctx: Context, ids: list[int], first_clause: int) -> tuple[Block, ...]:
    kinds = {i: block_kind(ctx, i) for i in ids}
    content = [i for i in ids if kinds[i] != "boilerplate"]
    # The lead-in is the last preamble paragraph that introduces the list,
    # possibly followed by a subheading.
    for i in reversed(content[-3:]):
        if _LEAD_IN.search(ctx.units[i].text):
            kinds[i] = "lead-in"
            break
    title = title_unit(ctx, [i for i in content if kinds[i] != "lead-in"])
    if title is not None:
        kinds[title] = "title"
        # the short dated line right under the title ("Astana, 20 June 2024")
        after = next((i for i in content if i > title), None)
        if after is not None and kinds[after] == "heading" and _is_dateline(ctx.units[after].text):
            kinds[after] = "dateline"
    return tuple(block(ctx, i, kinds[i]) for i in ids)


def _is_dateline(text: str) -> bool:
    return len(text.split()) <= 12 and find_date(normalize(text)) is not None


_LETTER_WORD = regex.compile(r"\p{L}{2,}")
_TITLE_CUE = regex.compile(r"بيان|البيان|statement|communiqu|declaration|заявлени|коммюнике", regex.I)


def title_unit(ctx: Context, ids: list[int]) -> int | None:
    """The first headline-like paragraph (4–30 words, not a sentence ending
    in a period), preferring one that names a statement among the first few."""
    candidates = [i for i in ids if len(_LETTER_WORD.findall(ctx.units[i].text)) >= 4
                  and ctx.feats[i].words <= 30 and not ctx.feats[i].caption
                  and not ctx.units[i].text.rstrip().endswith((".", ":", "。"))]
    cued = [i for i in candidates[:6] if _TITLE_CUE.search(ctx.units[i].text)]
    return (cued or candidates or [None])[0]


