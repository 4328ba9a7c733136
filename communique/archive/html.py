"""The genealogy report of one clause: every wording of it across the
archive, in order of first appearance, each with its word changes from the
wording before it, where it appeared, and which rounds of each series
dropped it.  Built with the HTML report's own pieces (``page.py`` helpers,
``view.py`` inline pieces), so it looks and behaves like the diff and
history reports (self-contained, strict CSP, per-block ``dir``/``lang``).
"""

from __future__ import annotations

from ..compare.words import word_changes
from ..renderers.to_html.page import append_text, el, emit, note, page, serialize, text_block
from ..renderers.view import inline_pieces, plain_pieces
from .query import Match, Reuse


def render_genealogy(r: Reuse, title: str = "", script: bool = True) -> str:
    title = title or "Clause genealogy"
    root, body = page(title, "history-report genealogy", script)
    main = el(body, "main")
    el(main, "h1", title)
    q = el(main, "section", cls="rounds", id="query")
    el(q, "h2", "The clause")
    if r.origin:
        note(q, f"From {r.origin}.")
    text_block(q, "p", r.query, None, "text")
    el(main, "p", f"{len(r.matches)} clauses in {len({m.occurrence.doc_id for m in r.matches})} documents and "
       f"{len(r.series)} series reach similarity {r.threshold:.2f}; {r.candidates} candidates were checked.",
       cls="muted")

    # wordings in order of first appearance
    wordings: dict[int, list[Match]] = {}
    for m in r.matches:
        wordings.setdefault(m.occurrence.text_id, []).append(m)
    timeline = el(main, "section", cls="lineages", id="timeline")
    el(timeline, "h2", "Timeline of its wordings")
    legend = el(timeline, "p", cls="legend")
    append_text(legend, "Word changes from the wording before: ")
    el(legend, "del", "deleted", cls="w-del")
    append_text(legend, " ")
    el(legend, "ins", "inserted", cls="w-ins")
    previous: str | None = None
    for k, ms in enumerate(wordings.values()):
        first = ms[0]
        o = first.occurrence
        version = el(timeline, "div", cls=f"version {'first' if previous is None else 'changed'}", id=f"w{k + 1}")
        vh = el(version, "p", cls="version-head", dir="ltr", lang="en")
        el(vh, "span", "first appearance" if previous is None else f"wording {k + 1}", cls="state")
        append_text(vh, f" · {o.date or 'undated'} · {o.series} · {o.source}:{o.path} · similarity to the query "
                    f"{first.similarity:.2f} · {len(ms)} clause{'s' if len(ms) != 1 else ''}")
        if previous is None:
            pieces = plain_pieces(o.text)
        else:
            words = word_changes(previous, o.text)
            pieces = inline_pieces(words, previous, o.text)
        block = el(version, "div", cls="clause")
        body_el = text_block(block, "div", o.text, None, "text depth-0")
        body_el.text = None
        emit(body_el, pieces)
        ul = el(version, "ul", cls="appearances", dir="ltr", lang="en")
        for m in ms:
            oc = m.occurrence
            el(ul, "li", f"{oc.date or 'undated'} — {oc.series} — {oc.source}:{oc.path}")
        previous = o.text

    sec = el(main, "section", cls="rounds", id="series")
    el(sec, "h2", "Series")
    table = el(sec, "table", cls="meta-table")
    tr = el(el(table, "thead"), "tr")
    for label in ("Series", "Rounds in the archive", "With the clause", "Dropped in"):
        el(tr, "th", label, scope="col")
    tbody = el(table, "tbody")
    for s in r.series:
        tr = el(tbody, "tr")
        text_block(tr, "td", s.series, None)
        el(tr, "td", str(s.documents))
        el(tr, "td", f"{len(s.present)}: {s.present[0]} … {s.present[-1]}" if s.present else "0")
        el(tr, "td", ", ".join(s.dropped_in) or "—")
    el(main, "footer", "Made by communique.", cls="page")
    return serialize(root, script)
