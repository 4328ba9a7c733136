"""The typed statement tree and the diff model.

This module imports nothing of ours: it is the contract between the pipeline
steps (sources → parse → align/diff/history → render).

Spans are ``(start, end)`` character offsets into ``Document.source`` (the
decoded text, or for HTML/TEI input the documented extracted text).  Every
node has a *raw* span that runs from the start of its first line to the start
of the next node, so the raw spans of the leaf segments (see
:meth:`Document.segments`) tile the whole source with no gap and no overlap:
the source can always be rebuilt from the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

Span = tuple[int, int]

# Marker styles.  "western"/"arabic-indic"/"persian" are digit scripts; the
# others are the non-numeric families a statement nests by.
DIGIT_STYLES = ("western", "arabic-indic", "persian")
MARKER_STYLES = (
    *DIGIT_STYLES,
    "dotted",  # 3.1, ٣.١
    "ordinal",  # أولاً, ثانياً …, first/second are not used as markers in practice
    "latin-lower",  # (a) a)
    "latin-upper",  # A. (B)
    "arabic-letter",  # أ- (ب) هـ-  ألف - باء -
    "roman-lower",  # i. (iv)
    "roman-upper",  # IV.
    "bullet",  # • - * ▪ …
    "list",  # an HTML <ol> item whose number the page did not type
)

# Block kinds for text that is not a clause.
BLOCK_KINDS = ("title", "text", "lead-in", "heading", "boilerplate", "caption", "blank")


@dataclass(frozen=True, slots=True)
class Marker:
    """A clause marker as written (``1-``, ``(ب)``, ``ثانياً:``, ``3.1``)."""

    raw: str  # as written, without surrounding whitespace
    style: str  # one of MARKER_STYLES
    value: int | None  # 1-based position it claims (None for bullets)
    delimiter: str  # "-", ".", ")", "()", ":", "–", "" …
    span: Span  # of ``raw`` in the source
    parts: tuple[int, ...] = ()  # for dotted markers: (3, 1)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """An unnumbered paragraph continuing the clause above it."""

    text: str
    span: Span  # raw span (line start → next node)
    text_span: Span


@dataclass(frozen=True, slots=True)
class Block:
    """Text that is not part of a clause: preamble, closing, headings, page furniture."""

    kind: str  # one of BLOCK_KINDS
    text: str
    span: Span
    text_span: Span


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause (or, in prose mode, a body paragraph with no marker).

    ``text`` is the clause's own first paragraph without its marker;
    ``paragraphs`` are its unnumbered continuation paragraphs; ``children`` its
    sub-clauses.  ``span`` is the raw span of the clause's own first line;
    ``extent`` covers the clause with its paragraphs and children.
    """

    path: str  # "2", "2.1", "¶3", "•4"
    marker: Marker | None
    text: str
    span: Span
    text_span: Span
    paragraphs: tuple[Paragraph, ...] = ()
    children: tuple[Clause, ...] = ()
    blocks: tuple[Block, ...] = ()  # non-clause text inside the clause (captions…)

    @property
    def extent(self) -> Span:
        end = self.span[1]
        for node in (*self.paragraphs, *self.children, *self.blocks):
            end = max(end, node.extent[1] if isinstance(node, Clause) else node.span[1])
        return (self.span[0], end)

    @property
    def label(self) -> str | None:
        return self.marker.raw if self.marker else None

    @property
    def value(self) -> int | None:
        return self.marker.value if self.marker else None

    @property
    def full_text(self) -> str:
        """Own text and continuation paragraphs (not children), one per line."""
        if not self.paragraphs:
            return self.text
        return "\n".join((self.text, *(p.text for p in self.paragraphs)))

    def walk(self) -> Iterator[Clause]:
        """This clause, then its descendants, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class ParseWarning:
    code: str  # "prose-mode", "numbering-gap", "numbering-repeat", "decode-replaced", …
    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    round: int | None = None
    date: str | None = None  # ISO 8601, Latin digits; may be YYYY-MM or YYYY
    place: str | None = None
    parties: tuple[str, ...] = ()
    language: str | None = None  # BCP 47: "ar", "en", "ru"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where the text came from and how it was decoded."""

    name: str | None = None  # file name, "-" for stdin, None for an in-memory string
    encoding: str | None = None  # "utf-8", "utf-8-sig", "utf-16-le", "cp1256", …
    format: str = "text"  # "text" | "html" | "tei"
    bytes: int = 0
    sha256: str | None = None
    spans: str = "decoded-text"  # or "extracted-text" for html/tei input


@dataclass(frozen=True, slots=True)
class Document:
    meta: Meta
    preamble: tuple[Block, ...]
    clauses: tuple[Clause, ...]
    closing: tuple[Block, ...]
    source: str
    warnings: tuple[ParseWarning, ...] = ()
    info: SourceInfo = field(default_factory=SourceInfo)
    prose: bool = False  # clauses are body paragraphs, not numbered

    def walk(self) -> Iterator[Clause]:
        """Every clause and sub-clause in reading order."""
        for clause in self.clauses:
            yield from clause.walk()

    def segments(self) -> list[tuple[Span, object]]:
        """Leaf nodes with their raw spans, sorted; they tile ``source`` exactly."""
        out: list[tuple[Span, object]] = [(b.span, b) for b in (*self.preamble, *self.closing)]

        def visit(c: Clause) -> None:
            out.append((c.span, c))
            out.extend((p.span, p) for p in c.paragraphs)
            out.extend((b.span, b) for b in c.blocks)
            for child in c.children:
                visit(child)

        for clause in self.clauses:
            visit(clause)
        out.sort(key=lambda item: item[0])
        return out

    def rebuild(self) -> str:
        """The source text, concatenated from the tree's raw spans."""
        return "".join(self.source[s:e] for (s, e), _ in self.segments())


# --------------------------------------------------------------------------- diff model

OPS = ("unchanged", "modified", "moved", "added", "dropped", "split", "merged")
WORD_OPS = ("equal", "insert", "delete", "replace")


@dataclass(frozen=True, slots=True)
class WordChange:
    """A run of tokens: ``old``/``new`` are original (display) text."""

    op: str  # one of WORD_OPS
    old: str
    new: str
    clitic: bool = False  # the change is only a leading و ف ب ل ك


@dataclass(frozen=True, slots=True)
class Op:
    """What became of one or more clauses between two rounds."""

    op: str  # one of OPS
    old: tuple[str, ...]  # clause paths in the old document
    new: tuple[str, ...]  # clause paths in the new document
    similarity: float | None = None  # for paired ops, in [0, 1]
    renumbered: bool = False
    words: tuple[WordChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Diff:
    old: Document
    new: Document
    ops: tuple[Op, ...]
    meta_changes: dict
    profile: str  # the normalization profile's description
    threshold: float

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(OPS, 0)
        for op in self.ops:
            counts[op.op] += 1
        return counts

    @property
    def changed(self) -> bool:
        return bool(self.meta_changes) or any(op.op != "unchanged" for op in self.ops)


@dataclass(frozen=True, slots=True)
class Round:
    """One document in a history, with the label it is shown under."""

    label: str
    document: Document


@dataclass(frozen=True, slots=True)
class Cell:
    paths: tuple[str, ...]  # usually one; several after a split (or before a merge)
    changed: bool
    text: str


@dataclass(frozen=True, slots=True)
class Lineage:
    id: str
    cells: tuple[Cell | None, ...]  # one per round

    @property
    def first(self) -> int:
        return next(i for i, c in enumerate(self.cells) if c is not None)

    @property
    def last(self) -> int:
        return max(i for i, c in enumerate(self.cells) if c is not None)

    @property
    def changed_in(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.cells) if c is not None and c.changed)


@dataclass(frozen=True, slots=True)
class History:
    rounds: tuple[Round, ...]
    lineages: tuple[Lineage, ...]
    diffs: tuple[Diff, ...]  # between consecutive rounds
