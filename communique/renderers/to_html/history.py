"""The history report: the lineage matrix (lineages × rounds; a cell is
the clause path, marked when the wording changed, empty when absent), then
each lineage's text through the rounds with the word changes between
consecutive versions, as the history computed them."""

from __future__ import annotations

from lxml import etree

from ...model import History, Lineage
from ..plain import excerpt
from ..view import by_clause, inline_pieces, plain_pieces, ranges
from .page import append_text, clause_block, el, note, page, serialize, text_block


def _round_title(h: History, r: int) -> str:
    m = h.rounds[r].document.meta
    return f"Round {m.round}" if m.round is not None else f"#{r + 1}"


def _rounds_section(parent: etree._Element, h: History) -> None:
    sec = el(parent, "section", cls="rounds", id="rounds")
    el(sec, "h2", "Rounds")
    table = el(sec, "table", cls="meta-table")
    tr = el(el(table, "thead"), "tr")
    for label in ("#", "File", "Title", "Round", "Date", "Place", "Changes from the previous round"):
        el(tr, "th", label, scope="col")
    tbody = el(table, "tbody")
    for r, rnd in enumerate(h.rounds):
        m = rnd.document.meta
        tr = el(tbody, "tr", id=f"round-{r}")
        el(tr, "td", str(r + 1))
        el(tr, "td", rnd.label)
        if m.title:
            text_block(tr, "td", m.title, m.language)
        else:
            el(tr, "td", "—", cls="muted")
        el(tr, "td", "—" if m.round is None else str(m.round))
        el(tr, "td", m.date or "—", cls="nowrap")
        el(tr, "td", m.place or "—")
        td = el(tr, "td")
        if r == 0:
            append_text(td, "—")
        else:
            chips = el(td, "ul", cls="chips")
            for op, n in h.diffs[r - 1].summary.items():
                if n and op != "unchanged":
                    chip = el(chips, "li", cls=f"chip k-{op}", data_op=op)
                    append_text(chip, f"{op} ")
                    el(chip, "b", str(n))
            if not len(chips):
                append_text(td, "no clause changed")


def _matrix(parent: etree._Element, h: History) -> None:
    sec = el(parent, "section", cls="matrix-section", id="matrix")
    el(sec, "h2", "Lineages × rounds")
    note(sec, "Each row follows one clause through the rounds; a cell is the clause's path in that round "
         "(marked * and highlighted when its wording changed from the previous round; → names the lineage "
         "it merged into), empty when the clause is absent.")
    table = el(sec, "table", cls="matrix")
    tr = el(el(table, "thead"), "tr")
    el(tr, "th", "Lineage", scope="col")
    for r, rnd in enumerate(h.rounds):
        th = el(tr, "th", scope="col", data_round=str(r))
        el(th, "span", _round_title(h, r), cls="round-head")
        sub = " · ".join(b for b in (rnd.document.meta.date, rnd.label) if b)
        if sub:
            el(th, "span", sub, cls="round-sub")
    tbody = el(table, "tbody")
    for lin in h.lineages:
        row = el(tbody, "tr", data_lineage=lin.id)
        th = el(row, "th", cls="lin", scope="row")
        el(th, "a", lin.id, href=f"#lin-{lin.id}")
        first = lin.cells[lin.first]
        assert first is not None
        text_block(th, "span", excerpt(first.text), h.rounds[lin.first].document.meta.language, "excerpt")
        for r, cell in enumerate(lin.cells):
            if cell is None:
                ended = r == lin.last + 1
                el(row, "td", cls="absent ended" if ended else "absent",
                   title="dropped in this round" if ended else None)
                continue
            classes = ["present"]
            if cell.changed:
                classes.append("changed")
            if r == lin.first and r > 0:
                classes.append("first-in")
            if cell.merged:
                classes.append("merged")
            td = el(row, "td", cls=" ".join(classes), data_paths=" ".join(cell.paths),
                    data_changed="true" if cell.changed else "false",
                    title=f"merged into lineage {cell.merged}" if cell.merged
                    else "wording changed in this round" if cell.changed else None)
            el(td, "a", ", ".join(cell.paths) + (f" → {cell.merged}" if cell.merged else ""), href=f"#{lin.id}-r{r}")
            if cell.changed:
                el(td, "span", "*", cls="mark")


def _lineage_section(parent: etree._Element, h: History, lin: Lineage) -> None:
    sec = el(parent, "section", cls="lineage", id=f"lin-{lin.id}")
    head = el(sec, "header")
    el(head, "h3", lin.id)
    span = f"{_round_title(h, lin.first)} – {_round_title(h, lin.last)}"
    if lin.changed_in:
        span += " · changed in " + ", ".join(_round_title(h, r) for r in lin.changed_in)
    el(head, "span", span, cls="muted")
    previous: str | None = None
    for r, cell in enumerate(lin.cells):
        if cell is None:
            if previous is not None and r == lin.last + 1:
                el(sec, "p", f"Dropped in {_round_title(h, r)} ({h.rounds[r].label}).", cls="ended-note",
                   dir="ltr", lang="en")
            previous = None
            continue
        doc = h.rounds[r].document
        parts = [doc.clause(p).full_text for p in cell.paths]
        if previous is None:
            state, cls = ("added" if r > 0 else "first round"), "first"
            pieces = plain_pieces(cell.text)
        else:
            state = "merged" if cell.merged else "changed" if cell.changed else "unchanged"
            cls = "changed" if cell.changed else "same"
            pieces = inline_pieces(cell.words, cell.before, cell.text) if cell.words else plain_pieces(cell.text)
        version = el(sec, "div", cls=f"version {cls}", id=f"{lin.id}-r{r}", data_round=str(r))
        vh = el(version, "p", cls="version-head", dir="ltr", lang="en")
        el(vh, "span", state, cls="state")
        append_text(vh, f" · {_round_title(h, r)} ({h.rounds[r].label}) · clause {', '.join(cell.paths)}")
        if cell.cosmetic:
            append_text(vh, " · cosmetic: " + ", ".join(cell.cosmetic))
        if previous is not None and cell.text == previous:  # the same text as the version above: not repeated
            append_text(vh, " · same text")
            continue
        if cell.merged:
            note(version, f"Merged into the clause of lineage {cell.merged}: ", (cell.merged, f"#lin-{cell.merged}"))
        for path, ps in zip(cell.paths, by_clause(pieces, ranges(parts)), strict=True):
            clause_block(version, doc.clause(path), path, ps, doc.meta.language, None)
        previous = None if cell.merged else cell.text


def render_history(history: History, title: str = "", script: bool = True) -> str:
    """The history report (see the module docstring); it works without its script."""
    h = history
    title = title or f"Clause history: {_round_title(h, 0)} – {_round_title(h, len(h.rounds) - 1)}"
    root, body = page(title, "history-report", script)
    main = el(body, "main")
    el(main, "h1", title)
    el(main, "p", f"{len(h.rounds)} rounds · {len(h.lineages)} lineages.", cls="muted")
    _rounds_section(main, h)
    _matrix(main, h)
    texts = el(main, "section", cls="lineages", id="lineages")
    el(texts, "h2", "Each lineage through the rounds")
    legend = el(texts, "p", cls="legend")
    append_text(legend, "Word changes from the previous version: ")
    el(legend, "del", "deleted", cls="w-del")
    append_text(legend, " ")
    el(legend, "ins", "inserted", cls="w-ins")
    append_text(legend, " ")
    el(legend, "ins", "clitic only", cls="w-ins w-clitic")
    append_text(legend, " ")
    el(legend, "span", "cosmetic (folded by the profile)", cls="w-cos")
    append_text(legend, f" · compared with profile “{h.profile.describe()}”.")
    for lin in h.lineages:
        _lineage_section(texts, h, lin)
    el(main, "footer", "Made by communique.", cls="page")
    return serialize(root, script)
