"""The diff report: both rounds' metadata and the meta changes, a summary
of the operations as chips, then every operation in order in two views,
*side by side* (old | new) and *inline* (one column, the new text with the
deletions spliced in).  See the package docstring for the markup."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ...model import Diff, Document, Op
from ..plain import excerpt
from ..view import OpView, diff_view
from .page import Chrome, append_text, clause_block, el, links, note, page, serialize, table_wrap, text_block
from .strings import Ui


def _doc_name(doc: Document, ui: Ui) -> str:
    m = doc.meta
    if m.round is not None:
        return ui.t("doc.round", n=m.round)
    return doc.info.name or ui.t("doc.text")


def _meta_section(parent: etree._Element, diff: Diff, ui: Ui) -> None:
    sec = el(parent, "section", cls="meta", id="meta")
    el(sec, "h2", ui.t("rounds"))
    table = table_wrap(sec, "meta-table")
    thead = el(el(table, "thead"), "tr")
    el(thead, "th", "")
    el(thead, "th", ui.t("original" if diff.cross_language else "old"), scope="col")
    el(thead, "th", ui.t("translation" if diff.cross_language else "new"), scope="col")
    tbody = el(table, "tbody")
    changed = {c.field for c in diff.meta_changes}
    rows: list[tuple[str, str, Any, Any]] = [
        (ui.t("meta.file"), "", diff.old.info.name, diff.new.info.name),
        (ui.t("meta.title"), "title", diff.old.meta.title, diff.new.meta.title),
        (ui.t("meta.round"), "round", diff.old.meta.round, diff.new.meta.round),
        (ui.t("meta.date"), "date", diff.old.meta.date, diff.new.meta.date),
        (ui.t("meta.place"), "place", diff.old.meta.place, diff.new.meta.place),
        (ui.t("meta.parties"), "parties", ", ".join(diff.old.meta.parties), ", ".join(diff.new.meta.parties)),
        (ui.t("meta.language"), "language", diff.old.meta.language, diff.new.meta.language),
    ]
    for label, field, a, b in rows:
        tr = el(tbody, "tr", cls="changed" if field in changed else None)
        el(tr, "th", label, scope="row")
        for value, doc in ((a, diff.old), (b, diff.new)):
            value = "" if value is None else str(value)
            if value:
                text_block(tr, "td", value, doc.meta.language)
            else:
                el(tr, "td", "—", cls="muted")
    if diff.meta_changes:
        note(sec, ui.t("meta.changed", fields=", ".join(c.field for c in diff.meta_changes)), ui=ui)
    else:
        note(sec, ui.t("meta.same"), ui=ui)


def _summary_section(parent: etree._Element, diff: Diff, ui: Ui) -> None:
    """The counts as chips.  A chip with a count is the label of a (visually
    hidden) checkbox ``#f-<kind>``: checking some shows only the clauses of
    those kinds, in both views and the change list (CSS ``:has``, no script)."""
    sec = el(parent, "section", cls="summary", id="summary")
    el(sec, "h2", ui.t("summary"))
    chips = el(sec, "ul", cls="chips")
    for op, n in diff.summary.items():
        chip = el(chips, "li", cls=f"chip k-{op}{' zero' if not n else ''}", data_op=op)
        holder = chip
        if n:
            el(chip, "input", cls="filter", type="checkbox", id=f"f-{op}", data_op=op, aria_label=ui.kind(op))
            holder = el(chip, "label", for_=f"f-{op}", title=ui.t("filter.hint"))
        append_text(holder, f"{ui.kind(op)} ")
        el(holder, "b", str(n))
    chip = el(chips, "li", cls=f"chip k-meta{' zero' if not diff.meta_changes else ''}", data_op="meta")
    holder = el(chip, "a", href="#meta") if diff.meta_changes else chip
    append_text(holder, f"{ui.kind('meta')} ")
    el(holder, "b", str(len(diff.meta_changes)))
    if diff.cross_language:
        return  # no word changes across languages: the legend would explain nothing shown
    legend = el(sec, "p", cls="legend")
    append_text(legend, ui.t("legend.words"))
    el(legend, "del", ui.t("legend.deleted"), cls="w-del")
    append_text(legend, " ")
    el(legend, "ins", ui.t("legend.inserted"), cls="w-ins")
    append_text(legend, " ")
    el(legend, "ins", ui.t("legend.clitic"), cls="w-ins w-clitic")
    append_text(legend, " ")
    el(legend, "span", ui.t("legend.cosmetic"), cls="w-cos")
    append_text(legend, ui.t("legend.profile", profile=diff.profile.describe(), threshold=f"{diff.threshold:g}"))


def _change_list(parent: etree._Element, diff: Diff, views: list[OpView], ui: Ui) -> None:
    """Every op that is not ``unchanged``, in reading order, each a link to
    its block (the side-by-side view; the script follows the view shown)."""
    quiet = ("unchanged", "translated")  # a faithful translation is the cross-language "unchanged"
    changed = [v for v in views if v.op.kind not in quiet or v.op.facts]
    box = el(parent, "details", cls="changes", id="changes", open="open")
    summary = el(box, "summary")
    append_text(summary, f"{ui.t('changes')} ")
    el(summary, "b", str(len(changed)))
    if not changed:
        note(box, ui.t("changes.none"), ui=ui)
        return
    ol = el(box, "ol", cls="change-list")
    for v in changed:
        op = v.op
        li = el(ol, "li", cls=f"k-{op.kind}", data_kind=op.kind)
        a = el(li, "a", href=f"#s-op-{v.index}", data_op=str(v.index))
        el(a, "span", ui.kind(op.kind), cls=f"tag k-{op.kind}")
        append_text(a, " ")
        el(a, "span", ui.t("where", old=", ".join(op.old) or "—", new=", ".join(op.new) or "—"), cls="where")
        append_text(a, " ")
        clauses = v.new or v.old
        doc = diff.new if v.new else diff.old
        if clauses:
            text_block(a, "span", excerpt(clauses[0].full_text, 90), doc.meta.language, "excerpt")


def _ghosts(diff: Diff) -> dict[int, list[tuple[str, Op]]]:
    """Where each moved clause stood: op index to show it after (-1: before
    all) → [(old path, the moved op)], in old reading order."""
    holder: dict[str, int] = {}
    for k, op in enumerate(diff.ops):
        for p in op.old:
            holder[p] = k
    out: dict[int, list[tuple[str, Op]]] = {}
    anchor = -1
    for clause in diff.old.walk():
        at = holder.get(clause.path)
        if at is None:
            continue
        if diff.ops[at].kind == "moved":
            out.setdefault(anchor, []).append((clause.path, diff.ops[at]))
        else:
            anchor = at
    return out


def _op_head(parent: etree._Element, op: Op, ui: Ui, cross_language: bool = False) -> None:
    head = el(parent, "header", cls="op-head")
    el(head, "span", ui.kind(op.kind), cls=f"tag k-{op.kind}")
    where = ui.t("where", old=", ".join(op.old) or "—", new=", ".join(op.new) or "—")
    el(head, "span", where, cls="where")
    if cross_language:
        if op.confidence is not None:
            el(head, "span", ui.t("confidence", pct=f"{op.confidence:.0%}"), cls="sim")
    elif op.similarity is not None and op.kind != "unchanged":
        el(head, "span", ui.t("similar", pct=f"{op.similarity:.0%}"), cls="sim")
    if op.renumbered:
        el(head, "span", ui.t("renumbered"), cls="renum")
    if op.cosmetic:
        el(head, "span", ui.t("cosmetic", rules=", ".join(op.cosmetic)), cls="cosmetic")
    if op.section_move is not None:
        el(head, "span", ui.t("section.move", a=op.section_move[0] or "—", b=op.section_move[1] or "—"),
           cls="section-move")
    if op.facts:
        box = el(parent, "div", cls="facts")
        append_text(box, ui.t("facts") + " ")
        ul = el(box, "ul")
        for fact in op.facts:
            el(ul, "li", ui.t("fact", kind=fact.kind, original=fact.original or "—",
                              translation=fact.translation or "—"), dir="auto")


def _side_notes(block: etree._Element, op: Op, side: str, path: str, prefix: str, ui: Ui) -> None:
    if op.kind == "moved":
        if side == "old":
            note(block, ui.t("moved.to"), *links(prefix, "new", op.new), " · ",
                  (ui.t("where.stood"), f"#{prefix}was-old-{path}"), ui=ui)
        else:
            note(block, ui.t("moved.from"), *links(prefix, "old", op.old), " · ",
                  (ui.t("where.stood"), f"#{prefix}was-old-{op.old[0]}"), ui=ui)
    elif op.kind == "split":
        if side == "old":
            note(block, ui.t("split.into"), *links(prefix, "new", op.new), ui=ui)
        else:
            note(block, ui.t("split.from"), *links(prefix, "old", op.old), ui=ui)
    elif op.kind == "merged":
        if side == "old":
            note(block, ui.t("merged.into"), *links(prefix, "new", op.new), ui=ui)
        else:
            note(block, ui.t("merged.from"), *links(prefix, "old", op.old), ui=ui)


def _ghost(parent: etree._Element, path: str, op: Op, prefix: str, ui: Ui) -> None:
    box = el(parent, "div", cls="ghost", id=f"{prefix}was-old-{path}")
    append_text(box, ui.t("ghost", path=path))
    for k, (text, href) in enumerate(t for t in links(prefix, "new", op.new) if isinstance(t, tuple)):
        if k:
            append_text(box, ", ")
        el(box, "a", text, href=href)
    append_text(box, ".")


def _side_view(parent: etree._Element, diff: Diff, views: list[OpView], ui: Ui) -> None:
    sec = el(parent, "section", cls="view", id="side")
    el(sec, "h2", ui.t("side"))
    head = el(sec, "div", cls="cols-head")
    old_key, new_key = ("col.original", "col.translation") if diff.cross_language else ("col.old", "col.new")
    old_label = ui.t(old_key, name=_doc_name(diff.old, ui))
    new_label = ui.t(new_key, name=_doc_name(diff.new, ui))
    el(head, "div", old_label)
    el(head, "div", new_label)
    ghosts = _ghosts(diff)
    for path, op in ghosts.get(-1, []):
        _ghost(sec, path, op, "", ui)
    for v in views:
        op = v.op
        art = el(sec, "article", cls=f"op op-{op.kind}", id=f"s-op-{v.index}", data_op=str(v.index),
                  data_kind=op.kind)
        _op_head(art, op, ui, diff.cross_language)
        pair = el(art, "div", cls="pair")
        for side, clauses, pieces, doc in (("old", v.old, v.old_pieces, diff.old),
                                           ("new", v.new, v.new_pieces, diff.new)):
            col = el(pair, "div", cls=f"col {side}")
            # the column's name, shown only when the columns stack (narrow screens)
            el(col, "div", old_label if side == "old" else new_label, cls="col-label")
            if not clauses:
                col.set("class", f"col {side} empty")
                if diff.cross_language:
                    append_text(col, ui.t("empty.translation") if side == "new" else ui.t("empty.original"))
                else:
                    append_text(col, ui.t("empty.new") if side == "new" else ui.t("empty.old"))
                continue
            extra = {"added": "added", "dropped": "dropped", "omitted": "dropped"}.get(op.kind, "")
            for clause, ps in zip(clauses, pieces, strict=True):
                block = clause_block(col, clause, clause.path, ps, doc.meta.language, f"{side}-{clause.path}", extra,
                                     ui)
                _side_notes(block, op, side, clause.path, "", ui)
        for path, moved in ghosts.get(v.index, []):
            _ghost(sec, path, moved, "", ui)


def _inline_view(parent: etree._Element, diff: Diff, views: list[OpView], ui: Ui) -> None:
    sec = el(parent, "section", cls="view", id="inline")
    el(sec, "h2", ui.t("inline"))
    ghosts = _ghosts(diff)
    for path, op in ghosts.get(-1, []):
        _ghost(sec, path, op, "i-", ui)
    for v in views:
        op = v.op
        art = el(sec, "article", cls=f"op op-{op.kind}", id=f"i-op-{v.index}", data_op=str(v.index),
                  data_kind=op.kind)
        _op_head(art, op, ui, diff.cross_language)
        col = el(art, "div", cls="col inline")
        if op.new:
            extra = "added" if op.kind == "added" else ""
            for clause, ps in zip(v.new, v.inline, strict=True):
                block = clause_block(col, clause, clause.path, ps, diff.new.meta.language,
                                     f"i-new-{clause.path}", extra, ui)
                if op.kind == "moved":
                    note(block, ui.t("inline.moved", old=", ".join(op.old)),
                          (ui.t("where.stood"), f"#i-was-old-{op.old[0]}"), ui=ui)
            if op.kind in ("split", "merged"):
                note(col, ui.t(f"inline.{op.kind}", old=", ".join(op.old), new=", ".join(op.new)), ui=ui)
        else:
            for clause, ps in zip(v.old, v.inline, strict=True):
                clause_block(col, clause, clause.path, ps, diff.old.meta.language, f"i-old-{clause.path}",
                             "dropped", ui)
        for path, moved in ghosts.get(v.index, []):
            _ghost(sec, path, moved, "i-", ui)


def _toolbar(parent: etree._Element, ui: Ui) -> None:
    el(parent, "input", cls="hide-toggle", type="checkbox", id="hide-unchanged")
    bar = el(parent, "nav", cls="toolbar", aria_label="View")
    toggle = el(bar, "span", cls="toggle")
    el(toggle, "a", ui.t("side"), href="#side", data_view="side")
    append_text(toggle, " ")
    el(toggle, "a", ui.t("inline"), href="#inline", data_view="inline")
    el(bar, "label", ui.t("hide.unchanged"), cls="hide-label", for_="hide-unchanged")
    # previous/next change: the script shows them (and the n/p keys work) when it runs
    steps = el(bar, "span", cls="steps", hidden="hidden")
    el(steps, "button", "‹" if ui.dir == "ltr" else "›", cls="step", type="button", data_step="-1",
       title=ui.t("prev"), aria_label=ui.t("prev"))
    el(steps, "output", "", cls="step-at", aria_live="polite")
    el(steps, "button", "›" if ui.dir == "ltr" else "‹", cls="step", type="button", data_step="1",
       title=ui.t("next"), aria_label=ui.t("next"))
    el(steps, "span", ui.t("keys"), cls="keys muted")


def build_diff(diff: Diff, title: str = "", script: bool = True, ui: str = "en",
               chrome: Chrome | None = None) -> tuple[etree._Element, etree._Element]:
    """The diff report as a tree (``<html>``, its ``<main>``): the standalone
    page, or with ``chrome`` the page a server shows."""
    u = Ui.of(ui)
    title = title or u.t("diff.title", old=_doc_name(diff.old, u), new=_doc_name(diff.new, u))
    root, body = page(title, "diff-report", script, u, chrome)
    main = el(body, "main")
    el(main, "h1", title)
    if diff.cross_language:
        lead = el(main, "div", cls="xlang")
        note(lead, u.t("xlang", old=diff.old.meta.language or "?", new=diff.new.meta.language or "?"), ui=u)
        if diff.semantic:
            note(lead, u.t("xlang.semantic", name=diff.semantic), ui=u)
        for line in diff.notes:
            note(lead, line, ui=u)
    _meta_section(main, diff, u)
    _summary_section(main, diff, u)
    views = diff_view(diff)
    _change_list(main, diff, views, u)
    _toolbar(main, u)
    views_box = el(main, "div", cls="views")
    _inline_view(views_box, diff, views, u)  # first: the :target CSS shows it over #side by sibling order
    _side_view(views_box, diff, views, u)
    el(main, "footer", u.t("footer"), cls="page")
    return root, main


def render_diff(diff: Diff, title: str = "", script: bool = True, ui: str = "en",
                chrome: Chrome | None = None) -> str:
    """The diff report (see the module docstring).  ``script=False`` leaves
    out the optional script (the page works the same without it, but for the
    previous/next-change keys); ``ui="ar"`` gives it an Arabic interface, right
    to left, the old round on the right."""
    root, _ = build_diff(diff, title, script, ui, chrome)
    return serialize(root, script)
