"""communique: diplomatic final statements as clause trees, and what changed
between rounds.

The public API is small::

    doc = communique.parse("round-20.txt")              # -> Document
    doc = communique.parse(text="1- …\\n2- …\\n")         # the text itself
    d = communique.diff("round-19.txt", doc)             # -> Diff
    h = communique.history(["r1.txt", "r2.txt", "r3.txt"])   # -> History
    communique.render(d, "json")                         # -> str
    communique.load("diff.json")                         # -> Document | Diff | History

Every function raises only :class:`CommuniqueError` subclasses on bad input.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, for type checkers; at run time they load on first use
    from .api import diff, history, load, parse, parse_text, render
    from .errors import CommuniqueError, GrammarError, InputError, NoClausesError, OptionError
    from .model import (
        Block,
        Cell,
        Clause,
        Diff,
        Document,
        History,
        Lineage,
        Marker,
        Meta,
        MetaChange,
        Op,
        Paragraph,
        Profile,
        Round,
        Section,
        SourceInfo,
        WordChange,
    )

from .codecache import install as _install_code_cache

__version__ = "0.2.0"
_install_code_cache()  # before any of our dataclasses is defined (see codecache.py)
__all__ = [
    "Block", "Cell", "Clause", "CommuniqueError", "Diff", "Document", "GrammarError", "History", "InputError",
    "Lineage", "Marker", "Meta", "MetaChange", "NoClausesError", "Op", "OptionError", "Paragraph", "Profile",
    "Round", "Section", "SourceInfo", "WordChange", "diff", "history", "load", "parse", "parse_text", "render",
]

# Where each public name lives.  Importing communique costs nothing until a
# name is used, so ``communique --version`` (and --help) start at once and
# ``communique diff`` loads only what a diff needs.
_HOME = {
    **dict.fromkeys(("diff", "history", "load", "parse", "parse_text", "render"), "api"),
    **dict.fromkeys(("CommuniqueError", "GrammarError", "InputError", "NoClausesError", "OptionError"), "errors"),
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'communique' has no attribute {name!r}")
    value = getattr(import_module(f".{_HOME.get(name, 'model')}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
