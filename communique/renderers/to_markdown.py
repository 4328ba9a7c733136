"""Markdown: a statement, a diff (~~deleted~~ **inserted**) or a history matrix."""

from __future__ import annotations

from typing import Any

from ..model import Clause, Diff, Document, History
from ._common import heading, inline, labels, meta_lines, summary_line, texts


def _esc(s: str) -> str:
    return s.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("~", "\\~")


def _clause(c: Clause, depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}- **{_esc(c.label or c.path)}** {_esc(c.text)}"]
    lines += [f"{pad}  {_esc(p.text)}" for p in c.paragraphs]
    for child in c.children:
        lines += _clause(child, depth + 1)
    return lines


def render_document(doc: Document, **_: Any) -> str:
    m = doc.meta
    out = [f"# {_esc(m.title or 'Statement')}", ""]
    facts = {"round": m.round, "date": m.date, "place": m.place,
             "parties": ", ".join(m.parties) or None, "language": m.language}
    out += [f"- {k}: {v}" for k, v in facts.items() if v]
    out.append("")
    out += [_esc(b.text) + "\n" for b in doc.preamble if b.kind in ("text", "lead-in", "heading")]
    for c in doc.clauses:
        out += _clause(c, 0)
    out.append("")
    out += [_esc(b.text) + "\n" for b in doc.closing if b.kind != "boilerplate"]
    return "\n".join(out).rstrip() + "\n"


def render_diff(diff: Diff, **_: Any) -> str:
    out = ["# Changes between rounds", "", *(f"- {_esc(h)}" for h in heading(diff)), ""]
    if diff.meta_changes:
        out += ["## Metadata", "", *(f"- {_esc(line)}" for line in meta_lines(diff)), ""]
    out += ["## Summary", "", "| op | clauses |", "|---|---|"]
    out += [f"| {op} | {n} |" for op, n in diff.summary.items() if n]
    out += ["", "## Clauses", ""]
    for op in diff.ops:
        if op.op == "unchanged" and not op.renumbered:
            continue
        sim = f" ({op.similarity:.2f})" if op.similarity is not None and op.op != "unchanged" else ""
        flag = ", renumbered" if op.renumbered else ""
        out.append(f"### {op.op}: {_esc(labels(diff.old, op.old))} → {_esc(labels(diff.new, op.new))}{sim}{flag}")
        out.append("")
        old, new = texts(diff, op)
        if op.op == "added":
            out.append(f"> **{_esc(new)}**")
        elif op.op == "dropped":
            out.append(f"> ~~{_esc(old)}~~")
        elif op.words and any(w.op != "equal" for w in op.words):
            body = inline(op.words, lambda s: f"~~{_esc(s)}~~", lambda s: f"**{_esc(s)}**")
            out.append("> " + body.replace("\n", "\n> "))
        else:
            out.append(f"> {_esc(new)}")
        out.append("")
    out.append(f"_{summary_line(diff)}_")
    return "\n".join(out) + "\n"


def render_history(history: History, **_: Any) -> str:
    heads = [f"r{r.document.meta.round}" if r.document.meta.round else r.label for r in history.rounds]
    out = ["# Clause history", "", "| lineage | " + " | ".join(map(_esc, heads)) + " | text |",
           "|---|" + "---|" * (len(heads) + 1)]
    for lin in history.lineages:
        cells = ["·" if c is None else "+".join(c.paths) + ("\\*" if c.changed else "") for c in lin.cells]
        first = lin.cells[lin.first].text.splitlines()[0]
        out.append(f"| {lin.id} | " + " | ".join(cells) + f" | {_esc(first[:80])} |")
    out += ["", "\\* wording changed since the previous round; · absent."]
    return "\n".join(out) + "\n"
