"""The diff report: both rounds' metadata and the meta changes, a summary
of the operations as chips, then every operation in order in two views,
*side by side* (old | new) and *inline* (one column, the new text with the
deletions spliced in).  See the package docstring for the markup."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ...model import Diff, Document, Op
from ..view import OpView, diff_view
from .page import append_text, clause_block, el, links, note, page, serialize, text_block


def _doc_name(doc: Document) -> str:
    m = doc.meta
    if m.round is not None:
        return f"round {m.round}"
    return doc.info.name or "(text)"


def _meta_section(parent: etree._Element, diff: Diff) -> None:
    sec = el(parent, "section", cls="meta", id="meta")
    el(sec, "h2", "Rounds")
    table = el(sec, "table", cls="meta-table")
    thead = el(el(table, "thead"), "tr")
    el(thead, "th", "")
    el(thead, "th", "Old", scope="col")
    el(thead, "th", "New", scope="col")
    tbody = el(table, "tbody")
    changed = {c.field for c in diff.meta_changes}
    rows: list[tuple[str, str, Any, Any]] = [
        ("File", "", diff.old.info.name, diff.new.info.name),
        ("Title", "title", diff.old.meta.title, diff.new.meta.title),
        ("Round", "round", diff.old.meta.round, diff.new.meta.round),
        ("Date", "date", diff.old.meta.date, diff.new.meta.date),
        ("Place", "place", diff.old.meta.place, diff.new.meta.place),
        ("Parties", "parties", ", ".join(diff.old.meta.parties), ", ".join(diff.new.meta.parties)),
        ("Language", "language", diff.old.meta.language, diff.new.meta.language),
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
        note(sec, "Metadata changed: " + ", ".join(c.field for c in diff.meta_changes) + ".")
    else:
        note(sec, "No metadata changed.")


def _summary_section(parent: etree._Element, diff: Diff) -> None:
    sec = el(parent, "section", cls="summary", id="summary")
    el(sec, "h2", "Summary")
    chips = el(sec, "ul", cls="chips")
    for op, n in diff.summary.items():
        chip = el(chips, "li", cls=f"chip k-{op}{' zero' if not n else ''}", data_op=op)
        append_text(chip, f"{op} ")
        el(chip, "b", str(n))
    chip = el(chips, "li", cls=f"chip k-meta{' zero' if not diff.meta_changes else ''}", data_op="meta")
    append_text(chip, "meta ")
    el(chip, "b", str(len(diff.meta_changes)))
    legend = el(sec, "p", cls="legend")
    append_text(legend, "Word changes: ")
    el(legend, "del", "deleted", cls="w-del")
    append_text(legend, " ")
    el(legend, "ins", "inserted", cls="w-ins")
    append_text(legend, " ")
    el(legend, "ins", "clitic only", cls="w-ins w-clitic")
    append_text(legend, " ")
    el(legend, "span", "cosmetic (folded by the profile)", cls="w-cos")
    append_text(legend, f" · compared with profile “{diff.profile.describe()}”, threshold {diff.threshold:g}.")


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
        k = holder.get(clause.path)
        if k is None:
            continue
        if diff.ops[k].kind == "moved":
            out.setdefault(anchor, []).append((clause.path, diff.ops[k]))
        else:
            anchor = k
    return out


def _op_head(parent: etree._Element, op: Op) -> None:
    head = el(parent, "header", cls="op-head")
    el(head, "span", op.kind, cls=f"tag k-{op.kind}")
    where = f"old {', '.join(op.old) or '—'} → new {', '.join(op.new) or '—'}"
    el(head, "span", where, cls="where")
    if op.similarity is not None and op.kind != "unchanged":
        el(head, "span", f"{op.similarity:.0%} similar", cls="sim")
    if op.renumbered:
        el(head, "span", "renumbered", cls="renum")
    if op.cosmetic:
        el(head, "span", "cosmetic: " + ", ".join(op.cosmetic), cls="cosmetic")
    if op.section_move is not None:
        el(head, "span", f"moved from section “{op.section_move[0] or '—'}” to “{op.section_move[1] or '—'}”",
           cls="section-move")


def _side_notes(block: etree._Element, op: Op, side: str, path: str, prefix: str) -> None:
    if op.kind == "moved":
        if side == "old":
            note(block, "Moved to new ", *links(prefix, "new", op.new), " · ",
                  ("where it stood", f"#{prefix}was-old-{path}"))
        else:
            note(block, "Moved from old ", *links(prefix, "old", op.old), " · ",
                  ("where it stood", f"#{prefix}was-old-{op.old[0]}"))
    elif op.kind == "split":
        if side == "old":
            note(block, "Split into new ", *links(prefix, "new", op.new))
        else:
            note(block, "Split from old ", *links(prefix, "old", op.old))
    elif op.kind == "merged":
        if side == "old":
            note(block, "Merged into new ", *links(prefix, "new", op.new))
        else:
            note(block, "Merged from old ", *links(prefix, "old", op.old))


def _ghost(parent: etree._Element, path: str, op: Op, prefix: str) -> None:
    box = el(parent, "div", cls="ghost", id=f"{prefix}was-old-{path}")
    append_text(box, f"Old clause {path} stood here; it moved to new ")
    for k, (text, href) in enumerate(t for t in links(prefix, "new", op.new) if isinstance(t, tuple)):
        if k:
            append_text(box, ", ")
        el(box, "a", text, href=href)
    append_text(box, ".")


def _side_view(parent: etree._Element, diff: Diff, views: list[OpView]) -> None:
    sec = el(parent, "section", cls="view", id="side")
    el(sec, "h2", "Side by side")
    head = el(sec, "div", cls="cols-head")
    el(head, "div", f"Old · {_doc_name(diff.old)}")
    el(head, "div", f"New · {_doc_name(diff.new)}")
    ghosts = _ghosts(diff)
    for path, op in ghosts.get(-1, []):
        _ghost(sec, path, op, "")
    for v in views:
        op = v.op
        art = el(sec, "article", cls=f"op op-{op.kind}", id=f"s-op-{v.index}", data_op=str(v.index),
                  data_kind=op.kind)
        _op_head(art, op)
        pair = el(art, "div", cls="pair")
        for side, clauses, pieces, doc in (("old", v.old, v.old_pieces, diff.old),
                                           ("new", v.new, v.new_pieces, diff.new)):
            col = el(pair, "div", cls=f"col {side}")
            if not clauses:
                col.set("class", f"col {side} empty")
                append_text(col, "(no clause in the new round)" if side == "new"
                             else "(no clause in the old round)")
                continue
            extra = {"added": "added", "dropped": "dropped"}.get(op.kind, "")
            for clause, ps in zip(clauses, pieces, strict=True):
                block = clause_block(col, clause, clause.path, ps, doc.meta.language, f"{side}-{clause.path}", extra)
                _side_notes(block, op, side, clause.path, "")
        for path, moved in ghosts.get(v.index, []):
            _ghost(sec, path, moved, "")


def _inline_view(parent: etree._Element, diff: Diff, views: list[OpView]) -> None:
    sec = el(parent, "section", cls="view", id="inline")
    el(sec, "h2", "Inline")
    ghosts = _ghosts(diff)
    for path, op in ghosts.get(-1, []):
        _ghost(sec, path, op, "i-")
    for v in views:
        op = v.op
        art = el(sec, "article", cls=f"op op-{op.kind}", id=f"i-op-{v.index}", data_op=str(v.index),
                  data_kind=op.kind)
        _op_head(art, op)
        col = el(art, "div", cls="col inline")
        if op.new:
            extra = "added" if op.kind == "added" else ""
            for clause, ps in zip(v.new, v.inline, strict=True):
                block = clause_block(col, clause, clause.path, ps, diff.new.meta.language,
                                     f"i-new-{clause.path}", extra)
                if op.kind == "moved":
                    note(block, f"Moved from old {', '.join(op.old)} · ",
                          ("where it stood", f"#i-was-old-{op.old[0]}"))
            if op.kind in ("split", "merged"):
                verb = "Split" if op.kind == "split" else "Merged"
                note(col, f"{verb}: old {', '.join(op.old)} → new {', '.join(op.new)}.")
        else:
            for clause, ps in zip(v.old, v.inline, strict=True):
                clause_block(col, clause, clause.path, ps, diff.old.meta.language, f"i-old-{clause.path}",
                             "dropped")
        for path, moved in ghosts.get(v.index, []):
            _ghost(sec, path, moved, "i-")


def render_diff(diff: Diff, title: str = "", script: bool = True) -> str:
    """The diff report (see the module docstring).  ``script=False`` leaves
    out the optional toggle script (the page works the same without it)."""
    title = title or f"What changed: {_doc_name(diff.old)} → {_doc_name(diff.new)}"
    root, body = page(title, "diff-report", script)
    main = el(body, "main")
    el(main, "h1", title)
    _meta_section(main, diff)
    _summary_section(main, diff)
    views = diff_view(diff)
    el(main, "input", cls="hide-toggle", type="checkbox", id="hide-unchanged")
    bar = el(main, "nav", cls="toolbar", aria_label="View")
    toggle = el(bar, "span", cls="toggle")
    el(toggle, "a", "Side by side", href="#side", data_view="side")
    append_text(toggle, " ")
    el(toggle, "a", "Inline", href="#inline", data_view="inline")
    el(bar, "label", "Hide unchanged clauses", cls="hide-label", for_="hide-unchanged")
    views_box = el(main, "div", cls="views")
    _inline_view(views_box, diff, views)  # first: the :target CSS shows it over #side by sibling order
    _side_view(views_box, diff, views)
    el(main, "footer", "Made by communique.", cls="page")
    return serialize(root, script)


