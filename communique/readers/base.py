"""What a reader takes and gives: an :class:`Input` (bytes and what is known
about them) in, an :class:`Extracted` text out.

A reader turns one input format into the text the structure step parses.
The text it writes is the document's ``source``: every span of the tree
indexes it, so a reader that rewrites its input (HTML, PDF, Word …)
documents how (``spans="extracted-text"``), and a plain-text reader keeps the
decoded text as it is (``"decoded-text"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from ..model import ParseWarning, SpanBasis

# What a reader knows about a line of its text that the text alone does not
# say.  Keys of ``Extracted.hints`` are line-start offsets.
Hint = Literal[
    "boilerplate",  # page furniture the markup marks (nav, header, footer, aside, form …)
    "links",  # a line made mostly of links (menus, teasers)
    "heading",  # the source marks the line as a heading (h1–h6, Markdown #, a Word heading style)
    "page-furniture",  # running header or footer, page number (PDF)
    "footnote",  # a footnote or endnote placed after the text
]

@dataclass(frozen=True, slots=True)
class Extracted:
    """A reader's output: the text to parse and what the container said."""

    text: str
    format: str  # "text", "html", "tei", "markdown", "pdf", "docx" … (SourceInfo.format)
    spans: SpanBasis = "extracted-text"
    encoding: str | None = None  # the character encoding the bytes were decoded with, if any
    hints: Mapping[int, Hint] = field(default_factory=dict)
    title: str | None = None  # a headline the container names (h1, og:title, TEI title, front matter)
    # Metadata the container states outright: "date" (ISO), "title", "symbol", "language";
    # "date-text", a date it states in words, which the structure step reads.
    meta: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[ParseWarning, ...] = ()


@dataclass(frozen=True, slots=True)
class Input:
    """Bytes to read, with what is known of them beside their content."""

    data: bytes
    name: str | None = None  # file name, URL, "-" for standard input, None for in-memory bytes
    media_type: str | None = None  # from an HTTP Content-Type, e.g. "text/html"
    charset: str | None = None  # from an HTTP Content-Type's charset parameter
    text: str | None = None  # the input as text, when the caller gave text rather than bytes

    @property
    def label(self) -> str:
        """How error messages name the input."""
        return self.name or "input"

    @property
    def suffix(self) -> str:
        """The lower-case file extension of ``name`` (``.md``), or ''."""
        base = (self.name or "").split("?", 1)[0].rsplit("/", 1)[-1]
        return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""


@runtime_checkable
class Reader(Protocol):
    """An input format.  ``sniff`` looks at the input (cheaply: magic bytes,
    a root element, a file extension) and says whether this reader takes it;
    ``extract`` reads it or raises :class:`communique.InputError` in one line."""

    name: str
    # What the reader takes, for error messages ("PDF", "Word .docx").
    description: str

    def sniff(self, source: Input) -> bool: ...

    def extract(self, source: Input) -> Extracted: ...


# --------------------------------------------------------------------------- line markers

# Readers that rejoin soft-broken lines (Markdown, PDF) must not join a line
# that opens a clause.  What opens a clause is the grammar's to say, and the
# grammar runs a step later: the structure package registers its answer
# here when it is imported (readers never import the step after them).
OpensClause = Callable[[Sequence[str]], list[bool]]
_opens_clause: list[OpensClause] = []


def use_clause_openings(fn: OpensClause) -> None:
    """Register the function that says which lines open with a clause marker."""
    _opens_clause[:] = [fn]


def opens_clause(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it opens with a (strong) clause marker."""
    if not _opens_clause:
        raise RuntimeError("no clause-marker reader registered: import communique.structure first")
    return _opens_clause[0](lines)
