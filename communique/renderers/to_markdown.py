"""Markdown: a statement, a diff (~~deleted~~ **inserted**) or a history matrix.

Statement text is escaped, so that it reads as text in any CommonMark
renderer: ``<``, ``>`` and ``&`` become entities (no raw HTML passes, no
script), Markdown punctuation is backslash-escaped, and a line that would
open a list or heading does not.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ..model import Clause, Diff, Document, History
from ..text.patterns import compiled
from ..text.printable import printable
from .base import FormatRenderer, Option
from .plain import cell_text, excerpt, fact_lines, heading, labels, meta_line, notes, op_flags, summary_line
from .view import inline_pieces, marked

_SPECIAL = compiled(r"([\\`*_\[\]{}|~#!])")
_LINE_START = compiled(r"^(\s*)(\d+)([.)])|^(\s*)([-+=>])", regex.M)


def esc(s: str) -> str:
    s = printable(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}" if m.group(2)
                           else f"{m.group(4)}\\{m.group(5)}", s)


def _clause(c: Clause, depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}- **{esc(c.label or c.path)}** {esc(c.text)}"]
    for p in c.paragraphs:  # a continuation paragraph: a paragraph of the same list item
        lines += ["", f"{pad}  {esc(p.text)}"]
    for child in c.children:
        lines += _clause(child, depth + 1)
    return lines


def render_document(doc: Document) -> str:
    m = doc.meta
    out = [f"# {esc(m.title or 'Statement')}", ""]
    facts = {"round": m.round, "date": m.date, "until": m.date_end, "place": m.place,
             "parties": ", ".join(m.parties) or None, "observers": ", ".join(m.observers) or None,
             "symbol": m.symbol, "language": m.language}
    out += [f"- {k}: {esc(str(v))}" for k, v in facts.items() if v]
    out.append("")
    out += [esc(b.text) + "\n" for b in doc.preamble if b.kind in ("text", "lead-in", "heading", "dateline")]
    section = None
    for c in doc.clauses:
        if c.section != section:
            section = c.section
            s = doc.section(section)
            if s is not None:
                out += ["", f"## {esc(s.title or 'Part ' + s.id.lstrip('§'))}", ""]
        out += _clause(c, 0)
    out.append("")
    out += [esc(b.text) + "\n" for b in doc.closing if b.kind != "boilerplate"]
    return "\n".join(out).rstrip() + "\n"


def _each_line(text: str, mark: str) -> str:
    """Each non-empty line of ``text`` between ``mark``s (an empty pair
    ``****`` would be a thematic break)."""
    return "\n".join(f"{mark}{line}{mark}" if line else line for line in text.split("\n"))


def _quote(text: str) -> str:
    return "> " + text.replace("\n", "\n>\n> ")


def render_diff(diff: Diff, context: bool = False) -> str:
    out = ["# Changes between rounds", "", *(f"- {esc(h)}" for h in heading(diff)), ""]
    if diff.notes:
        out += [*(f"> {esc(note)}" for note in notes(diff)), ""]
    if diff.meta_changes:
        out += ["## Metadata", "", *(f"- {esc(meta_line(c))}" for c in diff.meta_changes), ""]
    out += ["## Summary", "", "| op | clauses |", "|---|---|"]
    out += [f"| {kind} | {n} |" for kind, n in diff.summary.items() if n]
    out += ["", "## Clauses", ""]
    for op in diff.ops:
        if op.kind == "unchanged" and not (context or op.renumbered or op.cosmetic or op.section_move):
            continue
        sim = f" ({op.similarity:.2f})" if op.similarity is not None and op.kind != "unchanged" else ""
        flag = sim + "".join(f", {esc(f)}" for f in op_flags(op, similarity=False))
        out.append(f"### {op.kind}: {esc(labels(diff.old, op.old))} → {esc(labels(diff.new, op.new))}{flag}")
        out.append("")
        if op.kind == "added":
            out.append(_quote(_each_line(esc(op.new_text), "**")))
        elif op.kind in ("dropped", "omitted"):
            out.append(_quote(_each_line(esc(op.old_text), "~~")))
        elif diff.cross_language:  # the original and its translation, one quote each
            out += [_quote(esc(op.old_text)), "", _quote(esc(op.new_text))]
        elif op.old_text != op.new_text:
            pieces = inline_pieces(op.words, op.old_text, op.new_text)
            escaped = [replace(p, text=esc(p.text), other=esc(p.other)) for p in pieces]
            out.append(_quote(marked(escaped, lambda s: f"~~{s}~~", lambda s: f"**{s}**",
                                     lambda new, old: f"~~{old}~~**{new}**")))
        else:
            out.append(_quote(esc(op.new_text)))
        if op.facts:
            out += ["", *(f"- fact {esc(line)}" for line in fact_lines(op))]
        out.append("")
    out.append(f"_{summary_line(diff)}_")
    return "\n".join(out) + "\n"


def render_history(history: History) -> str:
    heads = [f"r{r.document.meta.round}" if r.document.meta.round else r.label for r in history.rounds]
    out = ["# Clause history", "", "| lineage | " + " | ".join(map(esc, heads)) + " | text |",
           "|---|" + "---|" * (len(heads) + 1)]
    for lin in history.lineages:
        cells = [esc(cell_text(c)) for c in lin.cells]
        first = lin.cells[lin.first]
        out.append(f"| {lin.id} | " + " | ".join(cells) + f" | {esc(excerpt(first.text if first else ''))} |")
    facts = any(c is not None and c.facts for lin in history.lineages for c in lin.cells)
    out += ["", "\\* wording changed since the previous round; → merged into another lineage; · absent"
            + ("; ! a translation renders a fact differently." if facts else ".")]
    return "\n".join(out) + "\n"


def _document(doc: Document, context: bool = False) -> str:
    return render_document(doc)


def _history(history: History, context: bool = False) -> str:
    return render_history(history)


RENDERER = FormatRenderer("markdown", "Markdown", document=_document, diff=render_diff, history=_history,
                          options={"context": Option(bool, False, "also show the unchanged clauses (diffs)")})
