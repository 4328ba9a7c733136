"""Plain text: the statement re-rendered cleanly (no page furniture)."""

from __future__ import annotations

from ..model import Clause, Document
from ..text.printable import printable
from .base import FormatRenderer


def _clause_lines(c: Clause, depth: int) -> list[str]:
    indent = "    " * depth
    label = f"{c.label} " if c.label else ""
    lines = [f"{indent}{label}{c.text}"]
    lines += [f"{indent}{'':{len(label)}}{p.text}" for p in c.paragraphs]
    for child in c.children:
        lines += _clause_lines(child, depth + 1)
    return lines


def render_document(doc: Document) -> str:
    out: list[str] = [b.text for b in doc.preamble if b.kind != "boilerplate" and b.kind != "caption"]
    section = None
    for clause in doc.clauses:
        if clause.section != section:
            section = clause.section
            s = doc.section(section)
            if s is not None and s.heading is not None:
                out.append(s.heading.text)
        out += _clause_lines(clause, 0)
    out += [b.text for b in doc.closing if b.kind != "boilerplate"]
    return printable("\n\n".join(out)) + "\n"


RENDERER = FormatRenderer("text", "the statement as clean plain text", document=render_document)
