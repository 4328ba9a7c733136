"""The frame around the clauses: where the statement region ends, the
preamble (title, dateline, lead-in, a resolution's preambular paragraphs)
and the closing, and prose mode (a report with no numbered list, whose body
paragraphs are the clauses).

Preambular paragraphs (``Recalling …``, ``Noting with concern …``, ``إذ
تشير …``, ``وإذ تؤكد …``, ``انطلاقاً من …``) are part of the statement: the
run of prose paragraphs right before the operative clauses becomes clauses
``p1``, ``p2`` … when most of them open the way preambular paragraphs do.

In a prose report, the reporter's framing is preamble: the paragraphs up to
a chapeau (``… the statement reads as follows:``, ``وجاء في البيان:``), and
the news lead that only reports the event (``The summit ended …``,
``اختتمت القمة …``) when the paragraphs after it report what was said.
"""

from __future__ import annotations

from itertools import islice

import regex

from ..errors import NoClausesError
from ..model import Block, BlockKind, ParseWarning
from ..text.normalize import normalize
from ..text.patterns import compiled
from .furniture import Features, is_prose, prose_runs
from .layout import LEAD_IN, TITLE_CUE, Heading, heading_shaped, is_dateline
from .meta import find_date
from .tree import Node, block, block_kind
from .units import PREAMBULAR as _PREAMBULAR
from .units import SPEAKERS, Context

_CLOSING = compiled(
    r"^(?:done (?:at|in)|adopted (?:at|in|on|by)|signed (?:at|in)|issued (?:at|in|on)"
    r"|حرر(?:ت)?\s|حُرر|صدر(?:ت)? (?:في|ب)|وقع(?:ت)? في|совершено)",
    regex.I,
)
# "… the statement reads as follows:", "وجاء في البيان:" (a report's framing)
_REPORT_CHAPEAU = compiled(
    r"(?:reads? as follows|the (?:full )?(?:text|statement|declaration|communiqu\p{L}*) (?:reads|says|said)"
    r"|below is the (?:full )?(?:text|statement)|following (?:points|statement)"
    r"|وجاء (?:في|فيه|فيها)|جاء في (?:البيان|الإعلان|نص)|نص البيان|ما يلي|وأضاف البيان|وقال البيان)",
    regex.I,
)
# A news lead reports the event itself: "… concluded its meetings …"
_EVENT_LEAD = compiled(
    r"\b(?:concluded|wrapped up|ended|closed|came to an end)\b|اختتم|انتهت|انتهى|أنهى|أنهت|انفضت|اختُتم", regex.I)


def region_end(ctx: Context, last_clause: int) -> int:
    """The last unit of the statement: the last clause's continuation
    paragraphs and sub-clauses, up to page furniture, a closing formula or a
    short line that is not prose (a heading of something else).  After
    items run into one paragraph (a news page's flattened list), the next
    paragraph is the page's again."""
    end = last_clause
    if ctx.units[last_clause].run_in:
        return end
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


def preambular(ctx: Context, ids: list[int]) -> list[list[int]]:
    """The preambular paragraphs among the preamble units ``ids`` (those
    before the first operative clause): the run of prose right before the
    clauses (after a chapeau line such as ``The General Assembly,`` or a
    dateline, and before a lead-in such as ``نعلن ما يلي:``), when at least
    two paragraphs, and most of them, open like preambular paragraphs.  The
    chapeau that opens such a run in the speakers' own voice (``نحن قادة
    الدول العربية …،``, ``We, the Heads of State …,``: a sentence that ends
    in a comma and goes on in the paragraphs below) is the first of them;
    the General Assembly's ``The General Assembly,`` names the speaker only.

    Each paragraph comes with the units that continue it: a part that
    opens in lower case after a page break (its footnotes, page line and
    running head in between are furniture)."""
    labelled = [i for i in ids if _pp_label(ctx, i)]
    if len(labelled) >= 2:  # a negotiation draft says which paragraphs are preambular (PP 1:, PP1bis:)
        return [[i] for i in labelled]
    run: list[int] = []
    for i in reversed(ids):
        u, f = ctx.units[i], ctx.feats[i]
        text = u.text.strip()
        if f.furniture is not None:
            continue
        if not run and LEAD_IN.search(text):
            continue  # the lead-in between the preamble and the clauses
        if heading_shaped(ctx, i) or (f.words <= 8 and text.endswith((",", "،"))) or f.words < 4:
            break  # a heading, the chapeau naming who speaks, a short line: the run ends
        if is_dateline(text) and not _PREAMBULAR.match(text):
            break
        run.append(i)
    run.reverse()
    groups: list[list[int]] = []
    for i in run:
        if groups and ctx.units[i].text[:1].islower():
            groups[-1].append(i)
        else:
            groups.append([i])
    opening = [k for k, g in enumerate(groups) if _PREAMBULAR.match(ctx.units[g[0]].text.strip())]
    if len(opening) < 2 or len(opening) < 0.6 * len(groups):
        return []
    first = opening[0]
    if first > 0 and SPEAKERS.match(ctx.units[groups[first - 1][0]].text.strip()) and ctx.units[
            groups[first - 1][-1]].text.rstrip().endswith((",", "،")):
        first -= 1
    return groups[first:]




def _bullet(ctx: Context, i: int) -> bool:
    c = ctx.units[i].candidate
    return c is not None and c.kind == "BULLET"


def _pp_label(ctx: Context, i: int) -> bool:
    c = ctx.units[i].candidate
    return c is not None and c.kind == "LABEL" and c.readings[0][0][0] == "pp"


def prose_clauses(ctx: Context, headings: list[Heading]) -> tuple[int, int, list[Node], list[Heading]]:
    """Prose mode: the largest run of prose paragraphs is the body, each
    paragraph a clause (``¶1`` …); the reporter's framing stays preamble.
    Headings inside the body open sections (``headings``: numbered ones the
    layout found; else the heading-shaped lines standing before prose, when
    there are two or more); bullet items after a paragraph that introduces
    them with a colon are its sub-clauses.  Returns the first and last unit,
    the nodes and the headings."""
    bullets = _introduced_bullets(ctx)
    # introduced bullet items belong to the body run; other bullet lines are not prose
    feats = [f._replace(sentence=True, words=max(f.words, 8)) if i in bullets else f for i, f in enumerate(ctx.feats)]
    feats = [f if not _bullet(ctx, i) or i in bullets
             else f._replace(sentence=False, words=min(f.words, 7)) for i, f in enumerate(feats)]
    runs = prose_runs(feats, max_gap=3)
    heading_units = {h.unit for h in headings}
    introducers = set(bullets.values())
    found_headings = False
    if runs:
        first, last = max(runs, key=lambda r: sum(len(ctx.units[i].text) for i in range(r[0], r[1] + 1)))
        members = [i for i in range(first, last + 1) if ctx.live(i)]
        if not headings:
            headings = _prose_headings(ctx, members, feats, introducers)
            heading_units = {h.unit for h in headings}
            found_headings = True
        # inside the body a short paragraph that ends a sentence is one too
        # (``The next round will be held in Astana.``), and so is the one
        # that introduces a list (``Today we commit to:``)
        clause_ids = [i for i in members if i not in heading_units and i not in bullets
                      and (is_prose(feats[i]) or i in introducers or _short_paragraph(ctx, i))]
    else:
        clause_ids = [i for i, u in enumerate(ctx.units)
                      if u.text and ctx.feats[i].furniture is None and ctx.feats[i].words > 0
                      and i not in heading_units]
        if not clause_ids:
            raise NoClausesError("no clauses: the text has no numbered clauses and no paragraphs of prose")
        first, last = clause_ids[0], clause_ids[-1]
        members = [i for i in range(first, last + 1) if ctx.live(i)]
    clause_ids, headings = _after_framing(ctx, clause_ids, bullets, headings, found_headings)
    if clause_ids:
        # the body opens at its first clause, or at the headings right above it; a heading above
        # the reporter's framing stays with the framing in the preamble (or its lines were in no node)
        first = clause_ids[0]
        above = {h.unit for h in headings}
        j = first - 1
        while j >= 0 and (not ctx.live(j) or j in above):
            if j in above:
                first = j
            j -= 1
    headings = [h for h in headings if first <= h.unit <= last]
    heading_units = {h.unit for h in headings}
    members = [i for i in members if i >= first]
    ctx.warnings.append(ParseWarning(
        "prose-mode", f"no numbered clauses found; {len(clause_ids)} body paragraphs are used as clauses"))
    nodes: list[Node] = []
    clause_set = set(clause_ids)  # a list here made this loop quadratic
    for i in members:
        if i in clause_set:
            nodes.append(Node(None, i, f"¶{len(nodes) + 1}", role="prose"))
        elif i in bullets and nodes and nodes[-1].unit == bullets[i]:
            parent = nodes[-1]
            child = Node(None, i, f"{parent.path}.{len(parent.children) + 1}", role="prose")
            parent.children.append(child)
        elif nodes and i not in heading_units:
            target = nodes[-1].children[-1] if nodes[-1].children else nodes[-1]
            target.blocks.append(i)
    return first, last, nodes, headings


def _introduced_bullets(ctx: Context) -> dict[int, int]:
    """Bullet items right after a paragraph that ends in a colon (``Today we
    commit to:``): item unit → that paragraph's unit."""
    out: dict[int, int] = {}
    owner: int | None = None
    for i, u in enumerate(ctx.units):
        if not ctx.live(i):
            continue
        if u.candidate is not None and u.candidate.kind == "BULLET":
            if owner is not None:
                out[i] = owner
            continue
        owner = i if u.candidate is None and ctx.colon(i) and ctx.feats[i].words >= 3 else None
    return out


def _prose_headings(ctx: Context, members: list[int], feats: list[Features], introducers: set[int]) -> list[Heading]:
    """Heading-shaped lines each standing right before a prose paragraph,
    or right above such a heading (a part heading over a topic heading);
    not a paragraph that introduces a list (``We will cooperate on:``)."""
    def shaped(i: int) -> bool:
        return (heading_shaped(ctx, i) and not is_prose(feats[i]) and i not in introducers
                and not _short_paragraph(ctx, i))

    found: list[Heading] = []
    for k in range(len(members) - 1):
        a, b = members[k], members[k + 1]
        if not shaped(a):
            continue
        if is_prose(feats[b]):
            found.append(Heading(a, None, 2 if found and found[-1].unit == members[k - 1] else 1))
        elif k + 2 < len(members) and shaped(b) and is_prose(feats[members[k + 2]]):
            found.append(Heading(a))
    return found


def _short_paragraph(ctx: Context, i: int) -> bool:
    """A short paragraph of the body: a sentence of a few words with its
    stop (not a heading, a dateline or furniture)."""
    f, text = ctx.feats[i], ctx.units[i].text.strip()
    return (f.furniture is None and not f.caption and f.sentence and f.words >= 3 and not ctx.colon(i)
            and ctx.units[i].candidate is None and not is_dateline(text))


# A dateline opening a news lead: "ISTANBUL (AA) – ", "Astana, 23 November 2022 (TDL): ", "ASTANA — "
_DATELINE_LEAD = compiled(r"(?P<place>[^:–—\n]{2,60}?)\s*(?P<agency>\([^()\n]{1,20}\))?\s*[:–—]\s+")
_LEAD_WINDOW = 8  # words of a lead where the event it reports is named


def _news_lead(ctx: Context, i: int) -> tuple[bool, bool]:
    """Whether paragraph ``i`` opens like a news lead: (with a dateline,
    reporting the event itself).  The event is reported when a verb such as
    ``wrapped up`` / ``اختتم`` comes in the first words after the dateline,
    before any word naming the statement."""
    text = ctx.units[i].text.strip()
    dated = False
    m = _DATELINE_LEAD.match(text)
    if m and (m.group("agency") or m.group("place").isupper() or find_date(normalize(m.group("place")))):
        text, dated = text[m.end():], True
    opening = " ".join(text.split()[:_LEAD_WINDOW])
    event = _EVENT_LEAD.search(opening)
    cue = TITLE_CUE.search(opening)
    return dated, event is not None and (cue is None or event.start() < cue.start())


def _after_framing(ctx: Context, clause_ids: list[int], bullets: dict[int, int], headings: list[Heading],
                   found_headings: bool) -> tuple[list[int], list[Heading]]:
    """Body paragraphs without the reporter's framing, and the headings that
    stand in the body: everything up to a chapeau that ends in a colon
    (``… the statement reads as follows:``, or any of the first paragraphs
    that ends in a colon and is not followed by items of its own); the news
    lead and its background paragraphs when the body goes on under
    subheadings (``What the statement says``, ``- Next meeting``); a news
    lead reporting the event when the next paragraphs report what was said.
    One subheading found in the body counts only in the second case: alone
    it may be any short line."""
    if headings and clause_ids:
        before = [i for i in clause_ids if i < headings[0].unit]
        dated, event = _news_lead(ctx, clause_ids[0]) if before else (False, False)
        if 1 <= len(before) <= 3 and (dated or event) and len(clause_ids) > len(before):
            return clause_ids[len(before):], headings
        if found_headings and len(headings) < 2:
            headings = []
    introduces = set(bullets.values())
    for k, i in enumerate(clause_ids[:4]):
        text = ctx.units[i].text.rstrip()
        if not ctx.colon(i) or i in introduces or len(clause_ids) <= k + 1:
            continue
        if k < 3 or _REPORT_CHAPEAU.search(text):
            return clause_ids[k + 1:], headings
    if len(clause_ids) >= 3 and _news_lead(ctx, clause_ids[0])[1]:
        return clause_ids[1:], headings
    return clause_ids, headings


def preamble_blocks(ctx: Context, ids: list[int]) -> tuple[Block, ...]:
    kinds: dict[int, BlockKind] = {i: block_kind(ctx, i) for i in ids}
    content = [i for i in ids if kinds[i] != "boilerplate"]
    # The lead-in is the last preamble paragraph that introduces the list,
    # possibly followed by a subheading.
    for i in reversed(content[-3:]):
        if LEAD_IN.search(ctx.units[i].text) or _REPORT_CHAPEAU.search(ctx.units[i].text):
            kinds[i] = "lead-in"
            break
    title = title_unit(ctx, [i for i in content if kinds[i] != "lead-in"])
    if title is not None:
        kinds[title] = "title"
        # the short dated line right under the title ("Astana, 20 June 2024")
        after = next((i for i in content if i > title), None)
        if after is not None and kinds[after] == "heading" and is_dateline(ctx.units[after].text):
            kinds[after] = "dateline"
    return tuple(block(ctx, i, kinds[i]) for i in ids)


_LETTER_WORD = compiled(r"\p{L}{2,}")


def title_unit(ctx: Context, ids: list[int]) -> int | None:
    """The first headline-like paragraph (4–30 words, not a sentence ending
    in a period), preferring one that names a statement among the first few."""
    # (the word count last, and only up to four: a preamble's long paragraphs made every word a string)
    candidates = [i for i in ids if ctx.feats[i].words <= 30 and not ctx.feats[i].caption
                  and not ctx.units[i].text.rstrip().endswith((".", ":", "。"))
                  and sum(1 for _ in islice(_LETTER_WORD.finditer(ctx.units[i].text), 4)) == 4]
    cued = [i for i in candidates[:6] if TITLE_CUE.search(ctx.units[i].text)]
    found = cued or candidates
    return found[0] if found else None
