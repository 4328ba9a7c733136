"""Renderers: one per output format, plug-ins over the model.

Each built-in module defines ``RENDERER`` (a :class:`FormatRenderer`) and is
imported on first use, so the CLI starts fast.  Plug-ins register objects
with the :class:`Renderer` protocol (``name``, ``kinds``, ``options``,
``render``) in the ``communique.renderers`` entry-point group; a built-in
name cannot be taken over.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import import_module
from typing import Any

from ..cycles import without_cycle_collection
from ..errors import OptionError
from .base import FormatRenderer, Kind, Option, Renderable, Renderer, check_options, kind_of

__all__ = ["FormatRenderer", "Kind", "Option", "Renderer", "formats", "get", "render"]

# format name → module defining RENDERER
BUILTIN = {
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


@lru_cache(maxsize=1)
def _plugins() -> dict[str, Renderer]:
    from ..plugins import entry_points

    found: dict[str, Renderer] = {}
    for ep in entry_points("communique.renderers"):
        if ep.name in BUILTIN:
            continue
        plugin = ep.load()
        found[ep.name] = plugin() if isinstance(plugin, type) else plugin
    return found


@cache
def get(name: str) -> Renderer:
    """The renderer of format ``name`` (:class:`OptionError` when there is none)."""
    module = BUILTIN.get(name)
    if module is not None:
        renderer: Renderer = import_module(f".{module}", __name__).RENDERER
        return renderer
    plugin = _plugins().get(name)
    if plugin is None:
        raise OptionError(f"unknown format {name!r}; choose from {', '.join(formats())}")
    return plugin


def formats(kind: Kind | None = None) -> list[str]:
    """Format names, all of them or those rendering a ``kind``."""
    names = [*BUILTIN, *_plugins()]
    return names if kind is None else [n for n in names if kind in get(n).kinds]


def render(obj: Renderable, fmt: str, **options: Any) -> str:
    """Render ``obj`` in format ``fmt`` with the renderer's ``options``."""
    kind = kind_of(obj)
    renderer = get(fmt)
    if kind not in renderer.kinds:
        raise OptionError(f"format {fmt!r} does not render a {kind}; choose from {', '.join(formats(kind))}")
    with without_cycle_collection():
        if isinstance(renderer, FormatRenderer):
            return renderer.render(obj, **options)
        return renderer.render(obj, **check_options(renderer, options))


