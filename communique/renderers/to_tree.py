"""A readable rich tree of the document, for the terminal."""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from ..model import Clause, Document
from ..text.printable import printable
from .base import FormatRenderer, Option
from .plain import plural


def _short(text: str, width: int = 90) -> str:
    text = printable(text)
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width - 1)
    return text[: cut if cut > width // 2 else width - 1] + "…"


def _add(tree: Tree, c: Clause) -> None:
    head = Text()
    head.append(f"{printable(c.path)} ", style="bold cyan")
    if c.label:
        head.append(f"[{printable(c.label)}] ", style="dim")
    head.append(_short(c.text))
    node = tree.add(head)
    for p in c.paragraphs:
        node.add(Text("¶ " + _short(p.text), style="italic"))
    for b in c.blocks:
        node.add(Text(f"({b.kind}) " + _short(b.text, 60), style="dim"))
    for child in c.children:
        _add(node, child)


def render_document(doc: Document, color: bool = False, width: int = 0) -> str:
    m = doc.meta
    title = Text(_short(m.title or "(untitled statement)", 200), style="bold")
    facts = [f"round {m.round}" if m.round else None, m.date + (f"/{m.date_end}" if m.date_end else "") if m.date
             else None, m.place, ", ".join(m.parties) if m.parties else None, m.language, m.symbol]
    title.append("  " + printable(" · ".join(f for f in facts if f)), style="dim")
    tree = Tree(title)
    pre = tree.add(Text(f"preamble ({plural(len(doc.preamble), 'block')})", style="yellow"))
    for b in doc.preamble:
        pre.add(Text(f"({b.kind}) " + _short(b.text, 80), style="dim" if b.kind == "boilerplate" else ""))
    body = tree.add(Text(f"clauses ({len(doc.clauses)}{', prose mode' if doc.prose else ''})", style="green"))
    parent, section = body, None
    for c in doc.clauses:
        if c.section != section:
            section = c.section
            s = doc.section(section)
            parent = body if s is None else body.add(
                Text(f"{s.id} {_short(s.title or '(numbering restarts)', 80)}", style="bold yellow"))
        _add(parent, c)
    if doc.closing:
        close = tree.add(Text(f"closing ({plural(len(doc.closing), 'block')})", style="yellow"))
        for b in doc.closing:
            close.add(Text(f"({b.kind}) " + _short(b.text, 80), style="dim" if b.kind == "boilerplate" else ""))
    for w in doc.warnings:
        tree.add(Text(f"warning {w.code}: {printable(w.message)}", style="red"))
    buf = io.StringIO()
    Console(file=buf, force_terminal=color, width=width or shutil.get_terminal_size((100, 24)).columns,
            no_color=not color, highlight=False, emoji=False, markup=False).print(tree)
    return buf.getvalue()


RENDERER = FormatRenderer(
    "tree", "the clause tree, for a terminal", document=render_document,
    options={"color": Option(bool, False, "ANSI colours"), "width": Option(int, 0, "columns; 0 for the terminal's")},
)
