"""The history report: the lineage matrix (lineages × rounds; a cell is
the clause path, marked when the wording changed, empty when absent), then
each lineage's text through the rounds with the word changes between
consecutive versions, as the history computed them."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ...model import History, Lineage
from ..plain import excerpt
from ..view import by_clause, inline_pieces, plain_pieces, ranges
from .page import Chrome, append_text, clause_block, el, note, page, serialize, table_wrap, text_block
from .strings import Ui

LineageLink = Callable[[str], str]
"""Where a server shows one lineage on its own page (lineage id → URL)."""


def _round_title(h: History, r: int, ui: Ui) -> str:
    m = h.rounds[r].document.meta
    return ui.t("history.round", n=m.round) if m.round is not None else ui.t("history.index", n=r + 1)


def _rounds_section(parent: etree._Element, h: History, ui: Ui) -> None:
    sec = el(parent, "section", cls="rounds", id="rounds")
    el(sec, "h2", ui.t("history.rounds"))
    table = table_wrap(sec, "meta-table")
    tr = el(el(table, "thead"), "tr")
    for label in (ui.t("history.col.index"), ui.t("meta.file"), ui.t("meta.title"), ui.t("meta.round"),
                  ui.t("meta.date"), ui.t("meta.place"), ui.t("history.col.changes")):
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
                    append_text(chip, f"{ui.kind(op)} ")
                    el(chip, "b", str(n))
            if not len(chips):
                append_text(td, ui.t("history.nochange"))


def _matrix(parent: etree._Element, h: History, ui: Ui) -> None:
    sec = el(parent, "section", cls="matrix-section", id="matrix")
    el(sec, "h2", ui.t("history.matrix"))
    note(sec, ui.t("history.matrix.note"), ui=ui)
    table = table_wrap(sec, "matrix")
    tr = el(el(table, "thead"), "tr")
    el(tr, "th", ui.t("history.lineage"), scope="col")
    for r, rnd in enumerate(h.rounds):
        th = el(tr, "th", scope="col", data_round=str(r))
        el(th, "span", _round_title(h, r, ui), cls="round-head")
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
                   title=ui.t("history.dropped.here") if ended else None)
                continue
            classes = ["present"]
            if cell.changed:
                classes.append("changed")
            if r == lin.first and r > 0:
                classes.append("first-in")
            if cell.merged:
                classes.append("merged")
            into = ((cell.merged,) if cell.merged else ()) + cell.also_merged_into
            title: str | None
            if cell.merged:
                title = ui.t("history.merged.into", lineage=", ".join(into))
            elif into:
                title = ui.t("history.also.merged.into", lineage=", ".join(into))
            else:
                title = ui.t("history.changed.here") if cell.changed else None
            td = el(row, "td", cls=" ".join(classes), data_paths=" ".join(cell.paths),
                    data_changed="true" if cell.changed else "false", title=title)
            el(td, "a", " ".join((", ".join(cell.paths), *(f"→ {lid}" for lid in into))), href=f"#{lin.id}-r{r}")
            if cell.changed:
                el(td, "span", "*", cls="mark")
            if cell.facts:  # a translation that renders a number, date, symbol or name differently
                el(td, "span", "!", cls="mark fact",
                   title="; ".join(ui.t("fact", kind=f.kind, original=f.original or "—",
                                        translation=f.translation or "—") for f in cell.facts))


def lineage_section(parent: etree._Element, h: History, lin: Lineage, ui: Ui | None = None,
                    link: LineageLink | None = None) -> etree._Element:
    """One lineage's text through the rounds (also the body of a server's genealogy page)."""
    ui = ui or Ui()
    sec = el(parent, "section", cls="lineage", id=f"lin-{lin.id}")
    head = el(sec, "header")
    el(head, "h3", lin.id)
    span = f"{_round_title(h, lin.first, ui)} – {_round_title(h, lin.last, ui)}"
    if lin.changed_in:
        span += ui.t("history.changed.in", rounds=", ".join(_round_title(h, r, ui) for r in lin.changed_in))
    el(head, "span", span, cls="muted")
    if link is not None:
        el(head, "a", ui.t("history.genealogy"), href=link(lin.id), cls="genealogy")
    previous: str | None = None
    for r, cell in enumerate(lin.cells):
        if cell is None:
            if previous is not None and r == lin.last + 1:
                el(sec, "p", ui.t("history.dropped", round=_round_title(h, r, ui), label=h.rounds[r].label),
                   cls="ended-note", dir=ui.dir, lang=ui.lang)
            previous = None
            continue
        doc = h.rounds[r].document
        parts = [doc.clause(p).full_text for p in cell.paths]
        if previous is None:
            state, cls = ui.t("history.state.added" if r > 0 else "history.state.first"), "first"
            pieces = plain_pieces(cell.text)
        else:
            state = ui.t("history.state." + ("merged" if cell.merged else "changed" if cell.changed else "unchanged"))
            cls = "changed" if cell.changed else "same"
            pieces = inline_pieces(cell.words, cell.before, cell.text) if cell.words else plain_pieces(cell.text)
        version = el(sec, "div", cls=f"version {cls}", id=f"{lin.id}-r{r}", data_round=str(r))
        vh = el(version, "p", cls="version-head", dir=ui.dir, lang=ui.lang)
        el(vh, "span", state, cls="state")
        append_text(vh, ui.t("history.clause", round=_round_title(h, r, ui), label=h.rounds[r].label,
                             paths=", ".join(cell.paths)))
        if cell.cosmetic:
            append_text(vh, ui.t("history.cosmetic", rules=", ".join(cell.cosmetic)))
        if cell.facts:
            ul = el(version, "ul", cls="facts")
            for f in cell.facts:
                el(ul, "li", ui.t("fact", kind=f.kind, original=f.original or "—", translation=f.translation or "—"))
        for other in cell.also_merged_into if not cell.merged else ():
            target = link(other) if link is not None else f"#lin-{other}"
            note(version, ui.t("history.also.merged.note", lineage=other), (other, target), ui=ui)
        if previous is not None and cell.text == previous:  # the same text as the version above: not repeated
            append_text(vh, ui.t("history.same"))
            continue
        for other in ((cell.merged, *cell.also_merged_into) if cell.merged else ()):
            target = link(other) if link is not None else f"#lin-{other}"
            note(version, ui.t("history.merged.note", lineage=other), (other, target), ui=ui)
        for path, ps in zip(cell.paths, by_clause(pieces, ranges(parts)), strict=True):
            clause_block(version, doc.clause(path), path, ps, doc.meta.language, None, ui=ui)
        previous = None if cell.merged else cell.text
    return sec


def legend(parent: etree._Element, h: History, ui: Ui) -> None:
    box = el(parent, "p", cls="legend")
    append_text(box, ui.t("legend.history"))
    el(box, "del", ui.t("legend.deleted"), cls="w-del")
    append_text(box, " ")
    el(box, "ins", ui.t("legend.inserted"), cls="w-ins")
    append_text(box, " ")
    el(box, "ins", ui.t("legend.clitic"), cls="w-ins w-clitic")
    append_text(box, " ")
    el(box, "span", ui.t("legend.cosmetic"), cls="w-cos")
    append_text(box, ui.t("legend.profile.history", profile=h.profile.describe()))


def build_history(history: History, title: str = "", script: bool = True, ui: str = "en",
                  chrome: Chrome | None = None, link: LineageLink | None = None,
                  ) -> tuple[etree._Element, etree._Element]:
    """The history report as a tree (``<html>``, its ``<main>``); with
    ``chrome`` the page a server shows, ``link`` naming each lineage's own page."""
    h = history
    u = Ui.of(ui)
    title = title or u.t("history.title", first=_round_title(h, 0, u), last=_round_title(h, len(h.rounds) - 1, u))
    root, body = page(title, "history-report", script, u, chrome)
    main = el(body, "main")
    el(main, "h1", title)
    el(main, "p", u.t("history.counts", rounds=len(h.rounds), lineages=len(h.lineages)), cls="muted")
    _rounds_section(main, h, u)
    _matrix(main, h, u)
    texts = el(main, "section", cls="lineages", id="lineages")
    el(texts, "h2", u.t("history.lineages"))
    legend(texts, h, u)
    for lin in h.lineages:
        lineage_section(texts, h, lin, u, link)
    el(main, "footer", u.t("footer"), cls="page")
    return root, main


def render_history(history: History, title: str = "", script: bool = True, ui: str = "en",
                   chrome: Chrome | None = None, link: LineageLink | None = None) -> str:
    """The history report (see the module docstring); it works without its script."""
    root, _ = build_history(history, title, script, ui, chrome, link)
    return serialize(root, script)
