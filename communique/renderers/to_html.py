"""HTML: one self-contained report file for a diff or a history.

The page is built as an lxml tree (text only ever enters as element text or
attribute values, so nothing is injected unescaped), with its stylesheet and a
small optional script inline; it fetches nothing (a Content-Security-Policy
``<meta>`` allows only the inline style and script, by hash).

Diff report: both rounds' metadata and the meta changes, a summary of the
operations as chips, then every operation in order in two views, *side by
side* (old | new) and *inline* (one column, the new text with the deletions
spliced in).  Word changes are ``<del class="w-del">`` / ``<ins
class="w-ins">`` (a replacement is a ``del`` then an ``ins``, both also
``w-rep``; a change that is only a leading clitic is also ``w-clitic``).
Clause blocks of the side-by-side view carry ``id="old-<path>"`` /
``id="new-<path>"``; moved, split and merged clauses link to their
counterparts, and a moved clause leaves a marker where it stood.  The view
toggle works without JavaScript (both views are in the page, ``:target`` CSS
picks one; the script only keeps the reading position when switching).

History report: the lineage matrix (lineages × rounds; a cell is the clause
path, marked when the wording changed, empty when absent), then each
lineage's text through the rounds with the word changes between consecutive
versions.

Every text block gets ``dir`` and ``lang`` from its own text
(:func:`communique.text.is_rtl`, :func:`communique.text.detect_language`), so
Arabic and English blocks mix on one page whose chrome is English.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import regex
from lxml import etree, html

from ..model import Clause, Diff, Document, History, Lineage, Op, WordChange
from ..text import DEFAULT, detect_language, is_rtl
from ..words import word_changes

# --------------------------------------------------------------------------- page chrome

# The stylesheet and the optional script ship beside this module (package
# data) and are inlined into every report.
CSS = resources.files(__package__).joinpath("report.css").read_text("utf-8")
SCRIPT = resources.files(__package__).joinpath("report.js").read_text("utf-8")

OP_TITLES = {
    "unchanged": "unchanged",
    "modified": "modified",
    "moved": "moved",
    "added": "added",
    "dropped": "dropped",
    "split": "split",
    "merged": "merged",
}

# Characters XML (and so lxml) refuses: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF.
_BAD_CHARS = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(s: str) -> str:
    return _BAD_CHARS.sub("\ufffd", s)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# --------------------------------------------------------------------------- tree helpers


def _el(parent: etree._Element | None, tag: str, text: str | None = None, cls: str | None = None,
        **attrs: str | None) -> etree._Element:
    """A new element (under ``parent`` when given); ``None`` attributes are left out."""
    values = {k.rstrip("_").replace("_", "-"): _clean(v) for k, v in attrs.items() if v is not None}
    if cls:
        values["class"] = cls
    node = etree.Element(tag, values) if parent is None else etree.SubElement(parent, tag, values)
    if text:
        node.text = _clean(text)
    return node


def _append_text(parent: etree._Element, text: str) -> None:
    """Append character data at the end of ``parent``'s content."""
    if not text:
        return
    text = _clean(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _lang_attrs(text: str, fallback: str | None) -> dict[str, str]:
    lang = detect_language(text) or fallback or "und"
    return {"dir": "rtl" if is_rtl(text) else "ltr", "lang": lang}


def _text_block(parent: etree._Element, tag: str, text: str, fallback: str | None,
                cls: str | None = None) -> etree._Element:
    """A block of document text with its own ``dir`` and ``lang``."""
    return _el(parent, tag, text, cls=cls, **_lang_attrs(text, fallback))


def _page(title: str, body_class: str, with_script: bool) -> tuple[etree._Element, etree._Element]:
    root = _el(None, "html", lang="en", dir="ltr")
    head = _el(root, "head")
    _el(head, "meta", charset="utf-8")
    policy = (f"default-src 'none'; style-src {_csp_hash(CSS)}; img-src data:; base-uri 'none'; "
              "form-action 'none'")
    if with_script:
        policy += f"; script-src {_csp_hash(SCRIPT)}"
    _el(head, "meta", http_equiv="Content-Security-Policy", content=policy)
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _el(head, "meta", name="generator", content="communique")
    _el(head, "title", title)
    _el(head, "style", CSS)
    body = _el(root, "body", cls=body_class)
    return root, body


def _serialize(root: etree._Element, with_script: bool) -> str:
    if with_script:
        _el(root.find("body"), "script", SCRIPT)
    return html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode", method="html") + "\n"


# --------------------------------------------------------------------------- word runs → pieces


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of displayed text: plain (``kind`` None), ``del`` or ``ins``.

    ``start``/``end`` are offsets on the side the pieces are cut by; a piece
    that exists only on the other side (a deletion spliced into the new text)
    is zero-width at the place it belongs.
    """

    text: str
    kind: str | None
    start: int
    end: int
    run: int | None = None
    clitic: bool = False
    replace: bool = False


def _locate(words: Sequence[WordChange], old: str, new: str) -> list[tuple[int, int, int, int]] | None:
    """Each run's ``(old_start, old_end, new_start, new_end)``; None when a run
    cannot be found in order (then the texts are shown without highlights)."""
    spans = []
    o = n = 0
    for w in words:
        if w.old:
            i = old.find(w.old, o)
            if i < 0:
                return None
            os_, o = i, i + len(w.old)
        else:
            os_ = o
        if w.new:
            j = new.find(w.new, n)
            if j < 0:
                return None
            ns_, n = j, j + len(w.new)
        else:
            ns_ = n
        spans.append((os_, o if w.old else os_, ns_, n if w.new else ns_))
    return spans


def _side_pieces(words: Sequence[WordChange], spans: list[tuple[int, int, int, int]] | None, text: str,
                 side: str) -> list[_Piece]:
    """Pieces covering one side's text, runs present on that side highlighted."""
    if spans is None:
        return [_Piece(text, None, 0, len(text))]
    out: list[_Piece] = []
    cursor = 0
    mark = "del" if side == "old" else "ins"
    for k, (w, (os_, oe, ns_, ne)) in enumerate(zip(words, spans, strict=True)):
        start, end = (os_, oe) if side == "old" else (ns_, ne)
        if start == end:
            continue
        if start > cursor:
            out.append(_Piece(text[cursor:start], None, cursor, start))
        kind = None if w.op == "equal" else mark
        out.append(_Piece(text[start:end], kind, start, end, k if kind else None, w.clitic, w.op == "replace"))
        cursor = end
    if cursor < len(text):
        out.append(_Piece(text[cursor:], None, cursor, len(text)))
    return out


def _inline_pieces(words: Sequence[WordChange], spans: list[tuple[int, int, int, int]] | None, old: str,
                   new: str) -> list[_Piece]:
    """The new text with the deleted runs spliced in where they stood; offsets
    are on the new text (deletions are zero-width)."""
    if spans is None:
        return [_Piece(new, None, 0, len(new))]
    out: list[_Piece] = []
    o = n = 0
    for k, (w, (os_, oe, ns_, ne)) in enumerate(zip(words, spans, strict=True)):
        if w.new:
            if ns_ > n:
                out.append(_Piece(new[n:ns_], None, n, ns_))
        elif os_ > o:  # a pure deletion keeps the old separator before it
            out.append(_Piece(old[o:os_], None, n, n))
        if w.op in ("delete", "replace"):
            out.append(_Piece(w.old, "del", ns_, ns_, k, w.clitic, w.op == "replace"))
        if w.op in ("insert", "replace"):
            out.append(_Piece(w.new, "ins", ns_, ne, k, w.clitic, w.op == "replace"))
        elif w.op == "equal":
            out.append(_Piece(w.new, None, ns_, ne))
        if w.old:
            o = oe
        if w.new:
            n = ne
    if n < len(new):
        out.append(_Piece(new[n:], None, n, len(new)))
    return out


def _segment(pieces: list[_Piece], ranges: list[tuple[int, int]]) -> list[list[_Piece]]:
    """Cut pieces into the ranges (one per clause of a joined text); text
    between ranges (the joining line breaks) is left out."""
    out: list[list[_Piece]] = [[] for _ in ranges]
    if not ranges:
        return out
    starts = [s for s, _ in ranges]
    for p in pieces:
        if p.start == p.end:
            k = max((i for i, s in enumerate(starts) if s <= p.start), default=0)
            out[k].append(p)
            continue
        for k, (s, e) in enumerate(ranges):
            lo, hi = max(s, p.start), min(e, p.end)
            if lo < hi:
                out[k].append(_Piece(p.text[lo - p.start:hi - p.start], p.kind, lo, hi, p.run, p.clitic,
                                     p.replace))
    return out


def _ranges(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets of each text inside ``"\\n".join(texts)``."""
    out, pos = [], 0
    for t in texts:
        out.append((pos, pos + len(t)))
        pos += len(t) + 1
    return out


def _emit(parent: etree._Element, pieces: list[_Piece]) -> None:
    for p in pieces:
        if p.kind is None:
            _append_text(parent, p.text)
            continue
        classes = ["w-del" if p.kind == "del" else "w-ins"]
        if p.replace:
            classes.append("w-rep")
        if p.clitic:
            classes.append("w-clitic")
        title = {"del": "deleted", "ins": "inserted"}[p.kind]
        if p.replace:
            title = "replaced" if p.kind == "del" else "replacement"
        if p.clitic:
            title += " (only a leading clitic و ف ب ل ك)"
        _el(parent, p.kind, p.text, cls=" ".join(classes), data_run=str(p.run), title=title)


# --------------------------------------------------------------------------- clause blocks


def _depth(path: str) -> int:
    return min(path.count("."), 4)


def _clause_block(parent: etree._Element, clause: Clause | None, path: str, pieces: list[_Piece],
                  fallback: str | None, anchor: str | None, extra: str = "") -> etree._Element:
    """One clause: its marker and text (pieces), in a block with its own dir/lang."""
    text = "".join(p.text for p in pieces)
    block = _el(parent, "div", cls=f"clause{' ' + extra if extra else ''}", id=anchor, data_path=path)
    body = _el(block, "div", cls=f"text depth-{_depth(path)}", **_lang_attrs(text, fallback))
    label = clause.label if clause is not None and clause.label else None
    _el(body, "span", label or path, cls="marker")
    _append_text(body, " ")
    _emit(body, pieces)
    return block


def _note(parent: etree._Element, *parts: str | tuple[str, str]) -> etree._Element:
    """An English note line: plain strings and ``(text, href)`` links."""
    p = _el(parent, "p", cls="note", dir="ltr", lang="en")
    for part in parts:
        if isinstance(part, tuple):
            _el(p, "a", part[0], href=part[1])
        else:
            _append_text(p, part)
    return p


def _links(prefix: str, side: str, paths: Sequence[str]) -> list[str | tuple[str, str]]:
    out: list[str | tuple[str, str]] = []
    for k, path in enumerate(paths):
        if k:
            out.append(", ")
        out.append((path, f"#{prefix}{side}-{path}"))
    return out


# --------------------------------------------------------------------------- diff report


def _doc_name(doc: Document) -> str:
    m = doc.meta
    if m.round is not None:
        return f"round {m.round}"
    return doc.info.name or "(text)"


def _meta_section(parent: etree._Element, diff: Diff) -> None:
    sec = _el(parent, "section", cls="meta", id="meta")
    _el(sec, "h2", "Rounds")
    table = _el(sec, "table", cls="meta-table")
    thead = _el(_el(table, "thead"), "tr")
    _el(thead, "th", "")
    _el(thead, "th", "Old", scope="col")
    _el(thead, "th", "New", scope="col")
    tbody = _el(table, "tbody")
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
        tr = _el(tbody, "tr", cls="changed" if field in diff.meta_changes else None)
        _el(tr, "th", label, scope="row")
        for value, doc in ((a, diff.old), (b, diff.new)):
            value = "" if value is None else str(value)
            if value:
                _text_block(tr, "td", value, doc.meta.language)
            else:
                _el(tr, "td", "—", cls="muted")
    if diff.meta_changes:
        _note(sec, "Metadata changed: " + ", ".join(diff.meta_changes) + ".")
    else:
        _note(sec, "No metadata changed.")


def _summary_section(parent: etree._Element, diff: Diff) -> None:
    sec = _el(parent, "section", cls="summary", id="summary")
    _el(sec, "h2", "Summary")
    chips = _el(sec, "ul", cls="chips")
    for op, n in diff.summary.items():
        chip = _el(chips, "li", cls=f"chip k-{op}{' zero' if not n else ''}", data_op=op)
        _append_text(chip, f"{OP_TITLES[op]} ")
        _el(chip, "b", str(n))
    chip = _el(chips, "li", cls=f"chip k-meta{' zero' if not diff.meta_changes else ''}", data_op="meta")
    _append_text(chip, "meta ")
    _el(chip, "b", str(len(diff.meta_changes)))
    legend = _el(sec, "p", cls="legend")
    _append_text(legend, "Word changes: ")
    _el(legend, "del", "deleted", cls="w-del")
    _append_text(legend, " ")
    _el(legend, "ins", "inserted", cls="w-ins")
    _append_text(legend, " ")
    _el(legend, "ins", "clitic only", cls="w-ins w-clitic")
    _append_text(legend, f" · compared with profile “{diff.profile}”, threshold {diff.threshold:g}.")


@dataclass(slots=True)
class _OpView:
    index: int
    op: Op
    old_pieces: list[list[_Piece]]  # per old clause
    new_pieces: list[list[_Piece]]  # per new clause
    inline: list[list[_Piece]]  # per new clause (or per old clause for a dropped op)


def _op_views(diff: Diff) -> list[_OpView]:
    old_index = {c.path: c for c in diff.old.walk()}
    new_index = {c.path: c for c in diff.new.walk()}
    views = []
    for k, op in enumerate(diff.ops):
        old_texts = [old_index[p].full_text for p in op.old]
        new_texts = [new_index[p].full_text for p in op.new]
        old, new = "\n".join(old_texts), "\n".join(new_texts)
        words = op.words  # empty when unchanged under the profile: the texts are shown as they are
        spans = _locate(words, old, new) if words else None
        old_p = _segment(_side_pieces(words, spans, old, "old"), _ranges(old_texts))
        new_p = _segment(_side_pieces(words, spans, new, "new"), _ranges(new_texts))
        inline = _segment(_inline_pieces(words, spans, old, new), _ranges(new_texts)) if op.new else old_p
        views.append(_OpView(k, op, old_p, new_p, inline))
    return views


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
        if diff.ops[k].op == "moved":
            out.setdefault(anchor, []).append((clause.path, diff.ops[k]))
        else:
            anchor = k
    return out


def _op_head(parent: etree._Element, op: Op) -> None:
    head = _el(parent, "header", cls="op-head")
    _el(head, "span", OP_TITLES[op.op], cls=f"tag k-{op.op}")
    where = f"old {', '.join(op.old) or '—'} → new {', '.join(op.new) or '—'}"
    _el(head, "span", where, cls="where")
    if op.similarity is not None and op.op != "unchanged":
        _el(head, "span", f"{op.similarity:.0%} similar", cls="sim")
    if op.renumbered:
        _el(head, "span", "renumbered", cls="renum")


def _side_notes(block: etree._Element, op: Op, side: str, path: str, prefix: str) -> None:
    if op.op == "moved":
        if side == "old":
            _note(block, "Moved to new ", *_links(prefix, "new", op.new), " · ",
                  ("where it stood", f"#{prefix}was-old-{path}"))
        else:
            _note(block, "Moved from old ", *_links(prefix, "old", op.old), " · ",
                  ("where it stood", f"#{prefix}was-old-{op.old[0]}"))
    elif op.op == "split":
        if side == "old":
            _note(block, "Split into new ", *_links(prefix, "new", op.new))
        else:
            _note(block, "Split from old ", *_links(prefix, "old", op.old))
    elif op.op == "merged":
        if side == "old":
            _note(block, "Merged into new ", *_links(prefix, "new", op.new))
        else:
            _note(block, "Merged from old ", *_links(prefix, "old", op.old))


def _ghost(parent: etree._Element, path: str, op: Op, prefix: str) -> None:
    box = _el(parent, "div", cls="ghost", id=f"{prefix}was-old-{path}")
    _append_text(box, f"Old clause {path} stood here; it moved to new ")
    for k, (text, href) in enumerate(t for t in _links(prefix, "new", op.new) if isinstance(t, tuple)):
        if k:
            _append_text(box, ", ")
        _el(box, "a", text, href=href)
    _append_text(box, ".")


def _side_view(parent: etree._Element, diff: Diff, views: list[_OpView]) -> None:
    sec = _el(parent, "section", cls="view", id="side")
    _el(sec, "h2", "Side by side")
    head = _el(sec, "div", cls="cols-head")
    _el(head, "div", f"Old · {_doc_name(diff.old)}")
    _el(head, "div", f"New · {_doc_name(diff.new)}")
    old_index = {c.path: c for c in diff.old.walk()}
    new_index = {c.path: c for c in diff.new.walk()}
    ghosts = _ghosts(diff)
    for path, op in ghosts.get(-1, []):
        _ghost(sec, path, op, "")
    for v in views:
        op = v.op
        art = _el(sec, "article", cls=f"op op-{op.op}", id=f"s-op-{v.index}", data_op=str(v.index),
                  data_kind=op.op)
        _op_head(art, op)
        pair = _el(art, "div", cls="pair")
        for side, paths, pieces, index, doc in (("old", op.old, v.old_pieces, old_index, diff.old),
                                                 ("new", op.new, v.new_pieces, new_index, diff.new)):
            col = _el(pair, "div", cls=f"col {side}")
            if not paths:
                col.set("class", f"col {side} empty")
                _append_text(col, "(no clause in the new round)" if side == "new"
                             else "(no clause in the old round)")
                continue
            extra = {"added": "added", "dropped": "dropped"}.get(op.op, "")
            for path, ps in zip(paths, pieces, strict=True):
                block = _clause_block(col, index[path], path, ps, doc.meta.language, f"{side}-{path}", extra)
                _side_notes(block, op, side, path, "")
        for path, moved in ghosts.get(v.index, []):
            _ghost(sec, path, moved, "")


def _inline_view(parent: etree._Element, diff: Diff, views: list[_OpView]) -> None:
    sec = _el(parent, "section", cls="view", id="inline")
    _el(sec, "h2", "Inline")
    old_index = {c.path: c for c in diff.old.walk()}
    new_index = {c.path: c for c in diff.new.walk()}
    ghosts = _ghosts(diff)
    for path, op in ghosts.get(-1, []):
        _ghost(sec, path, op, "i-")
    for v in views:
        op = v.op
        art = _el(sec, "article", cls=f"op op-{op.op}", id=f"i-op-{v.index}", data_op=str(v.index),
                  data_kind=op.op)
        _op_head(art, op)
        col = _el(art, "div", cls="col inline")
        if op.new:
            extra = "added" if op.op == "added" else ""
            for path, ps in zip(op.new, v.inline, strict=True):
                block = _clause_block(col, new_index[path], path, ps, diff.new.meta.language,
                                      f"i-new-{path}", extra)
                if op.op == "moved":
                    _note(block, f"Moved from old {', '.join(op.old)} · ",
                          ("where it stood", f"#i-was-old-{op.old[0]}"))
            if op.op in ("split", "merged"):
                verb = "Split" if op.op == "split" else "Merged"
                _note(col, f"{verb}: old {', '.join(op.old)} → new {', '.join(op.new)}.")
        else:
            for path, ps in zip(op.old, v.inline, strict=True):
                _clause_block(col, old_index[path], path, ps, diff.old.meta.language, f"i-old-{path}",
                              "dropped")
        for path, moved in ghosts.get(v.index, []):
            _ghost(sec, path, moved, "i-")


def render_diff(diff: Diff, title: str | None = None, script: bool = True, **_: Any) -> str:
    """The diff report (see the module docstring).  ``script=False`` leaves
    out the optional toggle script (the page works the same without it)."""
    title = title or f"What changed: {_doc_name(diff.old)} → {_doc_name(diff.new)}"
    root, body = _page(title, "diff-report", script)
    main = _el(body, "main")
    _el(main, "h1", title)
    _meta_section(main, diff)
    _summary_section(main, diff)
    views = _op_views(diff)
    _el(main, "input", cls="hide-toggle", type="checkbox", id="hide-unchanged")
    bar = _el(main, "nav", cls="toolbar", aria_label="View")
    toggle = _el(bar, "span", cls="toggle")
    _el(toggle, "a", "Side by side", href="#side", data_view="side")
    _append_text(toggle, " ")
    _el(toggle, "a", "Inline", href="#inline", data_view="inline")
    _el(bar, "label", "Hide unchanged clauses", cls="hide-label", for_="hide-unchanged")
    views_box = _el(main, "div", cls="views")
    _inline_view(views_box, diff, views)  # first: the :target CSS shows it over #side by sibling order
    _side_view(views_box, diff, views)
    _el(main, "footer", "Made by communique.", cls="page")
    return _serialize(root, script)


# --------------------------------------------------------------------------- history report


def _round_title(h: History, r: int) -> str:
    m = h.rounds[r].document.meta
    return f"Round {m.round}" if m.round is not None else f"#{r + 1}"


def _rounds_section(parent: etree._Element, h: History) -> None:
    sec = _el(parent, "section", cls="rounds", id="rounds")
    _el(sec, "h2", "Rounds")
    table = _el(sec, "table", cls="meta-table")
    tr = _el(_el(table, "thead"), "tr")
    for label in ("#", "File", "Title", "Round", "Date", "Place", "Changes from the previous round"):
        _el(tr, "th", label, scope="col")
    tbody = _el(table, "tbody")
    for r, rnd in enumerate(h.rounds):
        m = rnd.document.meta
        tr = _el(tbody, "tr", id=f"round-{r}")
        _el(tr, "td", str(r + 1))
        _el(tr, "td", rnd.label)
        if m.title:
            _text_block(tr, "td", m.title, m.language)
        else:
            _el(tr, "td", "—", cls="muted")
        _el(tr, "td", "—" if m.round is None else str(m.round))
        _el(tr, "td", m.date or "—", cls="nowrap")
        _el(tr, "td", m.place or "—")
        td = _el(tr, "td")
        if r == 0:
            _append_text(td, "—")
        else:
            chips = _el(td, "ul", cls="chips")
            for op, n in h.diffs[r - 1].summary.items():
                if n and op != "unchanged":
                    chip = _el(chips, "li", cls=f"chip k-{op}", data_op=op)
                    _append_text(chip, f"{op} ")
                    _el(chip, "b", str(n))
            if not len(chips):
                _append_text(td, "no clause changed")


def _excerpt(text: str, limit: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


def _matrix(parent: etree._Element, h: History) -> None:
    sec = _el(parent, "section", cls="matrix-section", id="matrix")
    _el(sec, "h2", "Lineages × rounds")
    _note(sec, "Each row follows one clause through the rounds; a cell is the clause's path in that round "
          "(marked * and highlighted when its wording changed from the previous round), empty when the "
          "clause is absent.")
    table = _el(sec, "table", cls="matrix")
    tr = _el(_el(table, "thead"), "tr")
    _el(tr, "th", "Lineage", scope="col")
    for r, rnd in enumerate(h.rounds):
        th = _el(tr, "th", scope="col", data_round=str(r))
        _el(th, "span", _round_title(h, r), cls="round-head")
        sub = " · ".join(b for b in (rnd.document.meta.date, rnd.label) if b)
        if sub:
            _el(th, "span", sub, cls="round-sub")
    tbody = _el(table, "tbody")
    for lin in h.lineages:
        row = _el(tbody, "tr", data_lineage=lin.id)
        th = _el(row, "th", cls="lin", scope="row")
        _el(th, "a", lin.id, href=f"#lin-{lin.id}")
        first = lin.cells[lin.first]
        assert first is not None
        _text_block(th, "span", _excerpt(first.text), h.rounds[lin.first].document.meta.language, "excerpt")
        for r, cell in enumerate(lin.cells):
            if cell is None:
                ended = r == lin.last + 1
                _el(row, "td", cls="absent ended" if ended else "absent",
                    title="dropped in this round" if ended else None)
                continue
            classes = ["present"]
            if cell.changed:
                classes.append("changed")
            if r == lin.first and r > 0:
                classes.append("first-in")
            td = _el(row, "td", cls=" ".join(classes), data_paths=" ".join(cell.paths),
                     data_changed="true" if cell.changed else "false",
                     title="wording changed in this round" if cell.changed else None)
            _el(td, "a", ", ".join(cell.paths), href=f"#{lin.id}-r{r}")
            if cell.changed:
                _el(td, "span", "*", cls="mark")


def _lineage_section(parent: etree._Element, h: History, lin: Lineage,
                     indexes: list[dict[str, Clause]]) -> None:
    sec = _el(parent, "section", cls="lineage", id=f"lin-{lin.id}")
    head = _el(sec, "header")
    _el(head, "h3", lin.id)
    span = f"{_round_title(h, lin.first)} – {_round_title(h, lin.last)}"
    if lin.changed_in:
        span += " · changed in " + ", ".join(_round_title(h, r) for r in lin.changed_in)
    _el(head, "span", span, cls="muted")
    previous: str | None = None
    for r, cell in enumerate(lin.cells):
        if cell is None:
            if previous is not None and r == lin.last + 1:
                _el(sec, "p", f"Dropped in {_round_title(h, r)} ({h.rounds[r].label}).", cls="ended-note",
                    dir="ltr", lang="en")
            continue
        parts = [indexes[r][p].full_text if p in indexes[r] else "" for p in cell.paths]
        text = "\n".join(parts)
        identical = False
        if previous is None:
            state, cls = ("added" if r > 0 else "first round"), "first"
            pieces = [_Piece(text, None, 0, len(text))]
        else:
            words = word_changes(previous, text, DEFAULT)
            same = all(w.op == "equal" for w in words)
            identical = same and text == previous
            state = "changed" if cell.changed or not same else "unchanged"
            cls = "changed" if state == "changed" else "same"
            spans = None if same else _locate(words, previous, text)
            pieces = _inline_pieces(words, spans, previous, text)
        version = _el(sec, "div", cls=f"version {cls}", id=f"{lin.id}-r{r}", data_round=str(r))
        vh = _el(version, "p", cls="version-head", dir="ltr", lang="en")
        _el(vh, "span", state, cls="state")
        _append_text(vh, f" · {_round_title(h, r)} ({h.rounds[r].label}) · clause {', '.join(cell.paths)}")
        if identical:  # the same text as the version above: not repeated
            _append_text(vh, " · same text")
            continue
        lang = h.rounds[r].document.meta.language
        for path, ps in zip(cell.paths, _segment(pieces, _ranges(parts)), strict=True):
            _clause_block(version, indexes[r].get(path), path, ps, lang, None)
        previous = text


def render_history(history: History, title: str | None = None, **_: Any) -> str:
    """The history report (see the module docstring); it needs no script."""
    h = history
    title = title or f"Clause history: {_round_title(h, 0)} – {_round_title(h, len(h.rounds) - 1)}"
    root, body = _page(title, "history-report", with_script=False)
    main = _el(body, "main")
    _el(main, "h1", title)
    _el(main, "p", f"{len(h.rounds)} rounds · {len(h.lineages)} lineages.", cls="muted")
    _rounds_section(main, h)
    _matrix(main, h)
    texts = _el(main, "section", cls="lineages", id="lineages")
    _el(texts, "h2", "Each lineage through the rounds")
    legend = _el(texts, "p", cls="legend")
    _append_text(legend, "Word changes from the previous version: ")
    _el(legend, "del", "deleted", cls="w-del")
    _append_text(legend, " ")
    _el(legend, "ins", "inserted", cls="w-ins")
    _append_text(legend, " ")
    _el(legend, "ins", "clitic only", cls="w-ins w-clitic")
    indexes = [{c.path: c for c in rnd.document.walk()} for rnd in h.rounds]
    for lin in h.lineages:
        _lineage_section(texts, h, lin, indexes)
    _el(main, "footer", "Made by communique.", cls="page")
    return _serialize(root, with_script=False)
