"""Readers: bytes → text, one per input format, behind one seam.

:func:`read` offers the input to each reader in turn: the built-ins first
(most specific first: binary formats by their magic, then XML by its root,
HTML, Markdown), then plug-ins registered in the ``communique.readers``
entry-point group, then plain text, which takes anything it can decode.
A plug-in is an object with the :class:`Reader` protocol (``name``,
``description``, ``sniff``, ``extract``), or a class making one.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from ..errors import InputError
from .base import Extracted, Hint, Input, Reader

__all__ = ["Extracted", "Hint", "Input", "Reader", "read", "readable_formats", "readers"]

# module:class of each built-in, in the order they are offered the input;
# the plain-text fallback comes after the plug-ins.
BUILTIN = ("binary:PdfReader", "binary:DocxReader", "binary:OdtReader", "tei:TeiReader", "markdown:MarkdownReader",
           "html:HtmlReader")
FALLBACK = "text:TextReader"


def _load(spec: str) -> Reader:
    module, cls = spec.split(":")
    return getattr(import_module(f".{module}", __name__), cls)()


@lru_cache(maxsize=1)
def readers() -> tuple[Reader, ...]:
    """Every reader, in the order :func:`read` tries them."""
    from ..plugins import entry_points

    found = [_load(spec) for spec in BUILTIN]
    for ep in entry_points("communique.readers"):
        plugin = ep.load()
        found.append(plugin() if isinstance(plugin, type) else plugin)
    found.append(_load(FALLBACK))
    return tuple(found)


def readable_formats() -> str:
    return ", ".join(r.description for r in readers())


def read(source: Input) -> Extracted:
    """The text of ``source`` by the first reader that takes it."""
    if not source.data and not source.text:
        raise InputError(f"{source.label}: empty input", name=source.name)
    for reader in readers():
        if reader.sniff(source):
            extracted = reader.extract(source)
            if not extracted.text.strip():
                raise InputError(f"{source.label}: empty input (only white space)", name=source.name)
            return extracted
    raise InputError(f"{source.label}: no reader takes this input; communique reads {readable_formats()}",
                     name=source.name)
