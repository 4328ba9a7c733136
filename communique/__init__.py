"""communique: diplomatic final statements as clause trees, and what changed
between rounds.

The public API is small::

    doc = communique.parse("round-20.txt")        # -> Document
    d = communique.diff("round-19.txt", doc)       # -> Diff
    h = communique.history(["r1.txt", "r2.txt", "r3.txt"])   # -> History
    communique.render(d, "json")                   # -> str

Every function raises only :class:`CommuniqueError` subclasses on bad input.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CommuniqueError, GrammarError, InputError, NoClausesError
from .model import Clause, Diff, Document, History, Marker, Meta, Op, WordChange
from .sources import DEFAULT_MAX_BYTES
from .text import Profile

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__version__ = "0.1.0"
__all__ = [
    "Clause", "CommuniqueError", "Diff", "Document", "GrammarError", "History", "InputError",
    "Marker", "Meta", "NoClausesError", "Op", "Profile", "WordChange", "diff", "history", "parse", "render",
]

Source = "str | bytes | os.PathLike[str] | Document"


def parse(source: str | bytes | os.PathLike[str], *, name: str | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse a statement into a :class:`Document`.

    ``source`` is a path (``pathlib.Path``, or a ``str`` naming an existing
    file and holding no line break), raw ``bytes`` (decoded as a file would
    be), or the statement text itself.  Plain text, HTML and TEI are told
    apart by content.  Guarantees: ``doc.rebuild() == doc.source`` (lossless
    spans); raises only :class:`CommuniqueError` subclasses.
    """
    from .parser import parse_text
    from .sources import decode, from_text, read_bytes

    if isinstance(source, bytes):
        decoded = decode(source, name)
    elif isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and _is_file(source)
    ):
        path = os.fspath(source)
        decoded = decode(read_bytes(path, max_bytes), name or path)
    elif isinstance(source, str):
        if len(source) > max_bytes:
            raise InputError(f"{name or 'input'}: input is over the {max_bytes:,}-character limit")
        decoded = from_text(source, name)
    else:
        raise TypeError(f"parse() takes a path, bytes or text, not {type(source).__name__}")
    doc = parse_text(decoded.text, decoded.info, decoded.hints, decoded.title_hint)
    if decoded.warnings:
        from dataclasses import replace

        doc = replace(doc, warnings=decoded.warnings + doc.warnings)
    return doc


def _is_file(s: str) -> bool:
    try:
        return Path(s).is_file() or s == "-"
    except (OSError, ValueError):
        return False


def _document(source: Any) -> Document:
    return source if isinstance(source, Document) else parse(source)


def diff(old: Any, new: Any, *, profile: Profile | None = None, threshold: float | None = None) -> Diff:
    """Align the clauses of two rounds by content and report what changed.

    ``old``/``new`` are :class:`Document` objects or anything :func:`parse`
    takes.  See :func:`communique.align.align` for the guarantees.
    """
    from .align import diff_documents

    return diff_documents(_document(old), _document(new), profile=profile, threshold=threshold)


def history(sources: Iterable[Any], *, labels: Sequence[str] | None = None, order: str = "given",
            profile: Profile | None = None, threshold: float | None = None, progress: Any = None) -> History:
    """Follow clauses through many rounds (lineages); see :mod:`communique.lineage`."""
    from .lineage import build_history

    return build_history(list(sources), labels=labels, order=order, profile=profile,
                         threshold=threshold, progress=progress)


def render(obj: Document | Diff | History, fmt: str, **options: Any) -> str:
    """Render a document, diff or history in a format (``json``, ``markdown``,
    ``tei``, ``html``, …): see :mod:`communique.renderers`."""
    from .renderers import render as _render

    return _render(obj, fmt, **options)
