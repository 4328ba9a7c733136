"""Compare a parsed document with an expected tree (``*.expected.json``).

The expected files (``tests/layouts/``, ``tests/realistic/statements/``)
say what a careful reader sees: every clause path in reading order, the
first words of some clauses, continuation counts, section headings and
their clauses, the preambular paragraphs, text that must not be a clause,
metadata.  :func:`problems` lists every disagreement, one line each, so a
table test can print them all and a benchmark can count them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import communique


def _ws(text: str) -> str:
    return " ".join(text.split())


def expected_of(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))


def structure_problems(doc: communique.Document, want: dict[str, Any]) -> list[str]:
    out: list[str] = []
    clauses = list(doc.walk())
    got = [c.path for c in clauses]
    if got != want["clauses"]:
        out.append(f"paths: got {got} want {want['clauses']}")
    by_path = {c.path: c for c in clauses}
    if "prose" in want and bool(doc.prose) != bool(want["prose"]):
        out.append(f"prose: got {doc.prose} want {want['prose']}")
    for path, start in want.get("starts", {}).items():
        c = by_path.get(path)
        if c is None:
            continue
        if not _ws(c.text).startswith(_ws(start)):
            out.append(f"start of {path}: got {_ws(c.text)[:40]!r} want {start!r}")
    conts = want.get("continuations", {})
    for c in clauses:
        if c.path in want["clauses"] and len(c.paragraphs) != conts.get(c.path, 0):
            out.append(f"continuations of {c.path}: got {len(c.paragraphs)} want {conts.get(c.path, 0)}")
    if "preambular" in want:
        got_pre = [c.path for c in clauses if c.role == "preambular"]
        if got_pre != want["preambular"]:
            out.append(f"preambular: got {got_pre} want {want['preambular']}")
    if "sections" in want:
        # a section's clauses: its top-level clauses, or all of them with their sub-clauses
        top, every = [], []
        for s in doc.sections:
            heading = _ws(s.title) if s.title else None
            top.append((heading, [c.path for c in doc.clauses if c.section == s.id]))
            every.append((heading, [c.path for c in clauses if c.section == s.id]))
        want_sections = [(_ws(s["heading"]) if s.get("heading") else None, s["clauses"]) for s in want["sections"]]
        if want_sections not in (top, every):
            got_sections = top
            out.append(f"sections: got {got_sections} want {want_sections}")
    texts = [_ws(c.full_text) for c in clauses]
    for bad in want.get("not_clauses", []):
        if any(_ws(bad) in t for t in texts):
            out.append(f"not a clause, but in one: {bad!r}")
    for code in want.get("warnings", []):
        if not any(w.code == code for w in doc.warnings):
            out.append(f"warning {code} missing")
    return out


def meta_problems(doc: communique.Document, want: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for field, value in want.get("meta", {}).items():
        got = getattr(doc.meta, field, None)
        if isinstance(got, tuple):
            got, value = sorted(got), sorted(value or [])
        if field == "title" and got is not None and value is not None:
            got, value = _ws(got), _ws(value)
        if got != value:
            out.append(f"meta.{field}: got {got!r} want {value!r}")
    return out


def problems(path: Path) -> list[str]:
    want = expected_of(path)
    try:
        doc = communique.parse(path)
    except communique.CommuniqueError as exc:
        return [f"error: {exc}"]
    return structure_problems(doc, want) + meta_problems(doc, want)
