"""Renderers: one module per output format, plug-ins over the typed tree and
the diff model (they never parse).  Each module exposes any of
``render_document(doc, **opts)``, ``render_diff(diff, **opts)`` and
``render_history(history, **opts)``, returning ``str``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ..model import Diff, Document, History

# format name → module (imported on first use, so the CLI starts fast)
FORMATS = {
    "json": "to_json",
    "text": "to_text",
    "tree": "to_tree",
    "terminal": "to_terminal",
    "unified": "to_unified",
    "side-by-side": "to_side_by_side",
    "markdown": "to_markdown",
    "tei": "to_tei",
    "akn": "to_akn",
    "html": "to_html",
}


def supports(fmt: str, kind: str) -> bool:
    """Whether format ``fmt`` can render a ``document``, ``diff`` or ``history``."""
    name = FORMATS.get(fmt)
    if name is None:
        return False
    try:
        module = import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        return False
    return hasattr(module, f"render_{kind}")


def render(obj: Document | Diff | History, fmt: str, **options: Any) -> str:
    """Render ``obj`` in format ``fmt``; ``ValueError`` for an unknown pairing."""
    kind = {Document: "document", Diff: "diff", History: "history"}.get(type(obj))
    if kind is None:
        raise TypeError(f"cannot render a {type(obj).__name__}")
    if not supports(fmt, kind):
        choices = ", ".join(f for f in FORMATS if supports(f, kind))
        raise ValueError(f"format {fmt!r} does not render a {kind}; choose from {choices}")
    module = import_module(f".{FORMATS[fmt]}", __name__)
    return getattr(module, f"render_{kind}")(obj, **options)
