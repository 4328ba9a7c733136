"""Plain text: the statement re-rendered cleanly (no page furniture)."""

from __future__ import annotations

from typing import Any

from ..model import Clause, Document


def _clause_lines(c: Clause, depth: int) -> list[str]:
    indent = "    " * depth
    label = f"{c.label} " if c.label else ""
    lines = [f"{indent}{label}{c.text}"]
    lines += [f"{indent}{'':{len(label)}}{p.text}" for p in c.paragraphs]
    for child in c.children:
        lines += _clause_lines(child, depth + 1)
    return lines


def render_document(doc: Document, **_: Any) -> str:
    out: list[str] = []
    out += [b.text for b in doc.preamble if b.kind in ("title", "text", "lead-in", "heading")]
    for clause in doc.clauses:
        out += _clause_lines(clause, 0)
    out += [b.text for b in doc.closing if b.kind != "boilerplate"]
    return "\n\n".join(out) + "\n"
