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

__version__ = "0.2.0"
__all__ = [
    "Block", "Cell", "Clause", "CommuniqueError", "Diff", "Document", "GrammarError", "History", "InputError",
    "Lineage", "Marker", "Meta", "MetaChange", "NoClausesError", "Op", "OptionError", "Paragraph", "Profile",
    "Round", "Section", "SourceInfo", "WordChange", "diff", "history", "load", "parse", "parse_text", "render",
]
