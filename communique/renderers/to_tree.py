"""A readable rich tree of the document, for the terminal."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from ..model import Clause, Document


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _add(tree: Tree, c: Clause) -> None:
    head = Text()
    head.append(f"{c.path} ", style="bold cyan")
    if c.label:
        head.append(f"[{c.label}] ", style="dim")
    head.append(_short(c.text))
    node = tree.add(head)
    for p in c.paragraphs:
        node.add(Text("¶ " + _short(p.text), style="italic"))
    for b in c.blocks:
        node.add(Text(f"({b.kind}) " + _short(b.text, 60), style="dim"))
    for child in c.children:
        _add(node, child)


def render_document(doc: Document, color: bool = False, width: int = 120, **_: Any) -> str:
    m = doc.meta
    title = Text(m.title or "(untitled statement)", style="bold")
    facts = [f"round {m.round}" if m.round else None, m.date, m.place,
             ", ".join(m.parties) if m.parties else None, m.language]
    title.append("  " + " · ".join(f for f in facts if f), style="dim")
    tree = Tree(title)
    pre = tree.add(Text(f"preamble ({len(doc.preamble)} blocks)", style="yellow"))
    for b in doc.preamble:
        pre.add(Text(f"({b.kind}) " + _short(b.text, 80), style="dim" if b.kind == "boilerplate" else ""))
    body = tree.add(Text(f"clauses ({len(doc.clauses)}{', prose mode' if doc.prose else ''})", style="green"))
    for c in doc.clauses:
        _add(body, c)
    if doc.closing:
        close = tree.add(Text(f"closing ({len(doc.closing)} blocks)", style="yellow"))
        for b in doc.closing:
            close.add(Text(f"({b.kind}) " + _short(b.text, 80), style="dim" if b.kind == "boilerplate" else ""))
    for w in doc.warnings:
        tree.add(Text(f"warning {w.code}: {w.message}", style="red"))
    buf = io.StringIO()
    Console(file=buf, force_terminal=color, width=width, no_color=not color).print(tree)
    return buf.getvalue()
