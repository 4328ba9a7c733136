"""Small helpers the text renderers share (never parsing, only the models)."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Clause, Diff, Document, Op, WordChange

SYMBOL = {"unchanged": "=", "modified": "~", "moved": ">", "added": "+", "dropped": "-",
          "split": "<", "merged": "^"}


def clause_index(doc: Document) -> dict[str, Clause]:
    return {c.path: c for c in doc.walk()}


def texts(diff: Diff, op: Op) -> tuple[str, str]:
    """The old and new full texts an op covers (several clauses joined)."""
    old, new = clause_index(diff.old), clause_index(diff.new)
    return ("\n".join(old[p].full_text for p in op.old), "\n".join(new[p].full_text for p in op.new))


def labels(doc: Document, paths: tuple[str, ...]) -> str:
    """Markers as written for top-level clauses, paths for sub-clauses
    (``(a)`` alone would not say under which clause)."""
    index = clause_index(doc)

    def one(p: str) -> str:
        return p if "." in p or not index[p].label else index[p].label.rstrip(".")

    return ",".join(one(p) for p in paths) if paths else "—"


NO_SPACE_BEFORE = tuple(".,،؛:;!?)]»”’…")


def inline(words: tuple[WordChange, ...], deleted: Callable[[str], str], inserted: Callable[[str], str]) -> str:
    """One string with the changes marked by the two wrapping functions."""
    out = []
    for i, w in enumerate(words):
        following = w.old if w.op in ("equal", "delete", "replace") and w.old else w.new
        sep = " " if i and not following.startswith(NO_SPACE_BEFORE) else ""
        if w.op == "equal":
            out.append(sep + w.old)
        elif w.op == "delete":
            out.append(sep + deleted(w.old))
        elif w.op == "insert":
            out.append(sep + inserted(w.new))
        else:
            out.append(sep + deleted(w.old) + inserted(w.new))
    return "".join(out)


def heading(diff: Diff) -> list[str]:
    def name(doc: Document) -> str:
        m = doc.meta
        bits = [doc.info.name or "(text)", m.title, f"round {m.round}" if m.round else None, m.date]
        return " · ".join(b for b in bits if b)

    return [f"old: {name(diff.old)}", f"new: {name(diff.new)}"]


def summary_line(diff: Diff) -> str:
    counts = diff.summary
    return ", ".join(f"{n} {op}" for op, n in counts.items() if n) or "no clauses"


def meta_lines(diff: Diff) -> list[str]:
    return [f"{field}: {change['old']!r} → {change['new']!r}" for field, change in diff.meta_changes.items()]
