"""The typed statement tree.

Spans are ``(start, end)`` character offsets into ``Document.source`` (the
decoded text, or for HTML, TEI, Markdown, PDF and Word input the documented
extracted text; ``SourceInfo.spans`` says which).  Every node has a *raw*
span that runs from the start of its first line to the start of the next
node, so the raw spans of the leaf segments (:meth:`Document.segments`) tile
the whole source with no gap and no overlap: the source can always be
rebuilt from the tree.

``to_dict``/``from_dict`` give the JSON contract of the README (``parse
--format json``) and read it back into an equal object.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

Span = tuple[int, int]

MarkerStyle = Literal[
    "western", "arabic-indic", "persian",  # digit scripts of plain numbers
    "dotted",  # 3.1, ٣.١
    "ordinal",  # أولاً, ثانياً …
    "latin-lower", "latin-upper",  # (a) a) A. (B)
    "arabic-letter",  # أ- (ب) هـ-  ألف - باء -
    "roman-lower", "roman-upper",  # i. (iv) IV.
    "bullet",  # • - * ▪ …
]
MARKER_STYLES: tuple[MarkerStyle, ...] = get_args(MarkerStyle)
DIGIT_STYLES: tuple[MarkerStyle, ...] = ("western", "arabic-indic", "persian")

BlockKind = Literal["title", "dateline", "text", "lead-in", "heading", "boilerplate", "caption"]
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)

# What a clause is in the statement: a numbered (operative) paragraph, an
# unnumbered preambular paragraph of a resolution (``p1``, ``p2`` …), or a
# body paragraph of a prose report (``¶1`` …).
ClauseRole = Literal["operative", "preambular", "prose"]
CLAUSE_ROLES: tuple[ClauseRole, ...] = get_args(ClauseRole)

SpanBasis = Literal["decoded-text", "extracted-text"]


def _span(value: Any) -> Span:
    start, end = value
    return (int(start), int(end))


def _opt_span(value: Any) -> Span | None:
    return None if value is None else _span(value)


@dataclass(frozen=True, slots=True)
class Marker:
    """A clause marker as written (``1-``, ``(ب)``, ``ثانياً:``, ``3.1``)."""

    raw: str  # as written, without surrounding white space
    style: MarkerStyle
    value: int | None  # 1-based position it claims (None for bullets)
    delimiter: str  # "-", ".", ")", "()", ":" …, "" for bullets
    span: Span  # of ``raw`` in the source
    parts: tuple[int, ...] = ()  # for dotted markers: (3, 1)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """An unnumbered paragraph continuing the clause above it."""

    text: str
    span: Span  # raw span (line start → next node)
    text_span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "text_span": list(self.text_span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        return cls(d["text"], _span(d["span"]), _span(d["text_span"]))


@dataclass(frozen=True, slots=True)
class Block:
    """Text that is not a clause: title, dateline, preamble prose, lead-in,
    headings, page furniture (``boilerplate``), captions."""

    kind: BlockKind
    text: str
    span: Span
    text_span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "span": list(self.span), "text_span": list(self.text_span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(d["kind"], d["text"], _span(d["span"]), _span(d["text_span"]))


@dataclass(frozen=True, slots=True)
class Section:
    """A group of consecutive top-level clauses under a heading
    (``Climate and Energy``, ``I. Political``, ``ثانياً: الشأن الإقليمي``), or
    after a numbering restart with no heading (``heading`` None).

    ``id`` is ``§`` and the section's 1-based position; clauses name it in
    :attr:`Clause.section`.  ``title`` is the heading without its marker
    (and without a closing colon).  ``intro`` holds the lines between the
    heading and the section's first clause (a lead-in: ``the following
    recommendations:``).
    """

    id: str
    title: str | None
    heading: Block | None
    marker: Marker | None = None
    level: int = 1  # 1 for top headings, 2 for headings under them
    intro: tuple[Block, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "level": self.level,
                "heading": None if self.heading is None else self.heading.to_dict(),
                **_marker_dict(self.marker), "intro": [b.to_dict() for b in self.intro]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Section:
        heading = None if d.get("heading") is None else Block.from_dict(d["heading"])
        return cls(d["id"], d.get("title"), heading, _marker_from(d), d.get("level", 1),
                   tuple(Block.from_dict(b) for b in d.get("intro", ())))


def _marker_dict(m: Marker | None) -> dict[str, Any]:
    return {
        "label": m.raw if m else None,
        "value": m.value if m else None,
        "style": m.style if m else None,
        "delimiter": m.delimiter if m else None,
        "marker_span": list(m.span) if m else None,
        "marker_parts": list(m.parts) if m and m.parts else None,
    }


def _marker_from(d: dict[str, Any]) -> Marker | None:
    if d.get("label") is None:
        return None
    return Marker(d["label"], d["style"], d["value"], d["delimiter"], _span(d["marker_span"]),
                  tuple(d.get("marker_parts") or ()))


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause: numbered, a resolution's preambular paragraph, or (in prose
    mode) a body paragraph of a report.

    ``text`` is the clause's own first paragraph without its marker;
    ``paragraphs`` are its unnumbered continuation paragraphs; ``children``
    its sub-clauses.  ``span`` is the raw span of the clause's own first
    line; :attr:`extent` covers the clause with its paragraphs and children.
    """

    path: str  # "2", "2.1", "p3", "¶3", "•4", "§2:1"
    marker: Marker | None
    text: str
    span: Span
    text_span: Span
    paragraphs: tuple[Paragraph, ...] = ()
    children: tuple[Clause, ...] = ()
    blocks: tuple[Block, ...] = ()  # non-clause text inside the clause (captions, furniture)
    section: str | None = None  # the id of the Section it stands in
    role: ClauseRole = "operative"

    @property
    def extent(self) -> Span:
        end = self.span[1]
        for node in self.paragraphs:
            end = max(end, node.span[1])
        for block in self.blocks:
            end = max(end, block.span[1])
        for child in self.children:
            end = max(end, child.extent[1])
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            **_marker_dict(self.marker),
            "text": self.text,
            "span": list(self.span),
            "text_span": list(self.text_span),
            "section": self.section,
            "role": self.role,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "blocks": [b.to_dict() for b in self.blocks],
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Clause:
        return cls(
            d["path"], _marker_from(d), d["text"], _span(d["span"]), _span(d["text_span"]),
            tuple(Paragraph.from_dict(p) for p in d.get("paragraphs", ())),
            tuple(cls.from_dict(c) for c in d.get("children", ())),
            tuple(Block.from_dict(b) for b in d.get("blocks", ())),
            d.get("section"), d.get("role", "operative"),
        )


@dataclass(frozen=True, slots=True)
class ParseWarning:
    code: str  # "prose-mode", "numbering-gap", "numbering-restart", "decode-replaced", …
    message: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "span": None if self.span is None else list(self.span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ParseWarning:
        return cls(d["code"], d["message"], _opt_span(d.get("span")))


@dataclass(frozen=True, slots=True)
class Meta:
    """What the statement says about itself.  ``parties`` are the signatories
    or guarantors; ``observers`` the states attending as observers;
    ``mentions`` other states the statement is about (Syria in an Astana
    statement)."""

    title: str | None = None
    round: int | None = None  # round, session or meeting number
    date: str | None = None  # ISO 8601, Latin digits; may be YYYY-MM, YYYY or --MM-DD
    date_end: str | None = None  # last day of a meeting that ran over several days
    place: str | None = None
    parties: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    language: str | None = None  # BCP 47: "ar", "en", "ru"
    symbol: str | None = None  # a document symbol: A/RES/78/12, S/2023/123

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "round": self.round, "date": self.date, "date_end": self.date_end,
                "place": self.place, "parties": list(self.parties), "observers": list(self.observers),
                "mentions": list(self.mentions), "language": self.language, "symbol": self.symbol}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Meta:
        return cls(d.get("title"), d.get("round"), d.get("date"), d.get("date_end"), d.get("place"),
                   tuple(d.get("parties", ())), tuple(d.get("observers", ())), tuple(d.get("mentions", ())),
                   d.get("language"), d.get("symbol"))


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where the text came from and how it was read."""

    name: str | None = None  # file name or URL, "-" for stdin, None for an in-memory string
    encoding: str | None = None  # "utf-8", "utf-8-sig", "utf-16-le", "cp1256", … (None for binary formats)
    format: str = "text"  # the reader: "text", "html", "tei", "markdown", "pdf", "docx", or a plug-in's
    bytes: int = 0
    sha256: str | None = None
    spans: SpanBasis = "decoded-text"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "encoding": self.encoding, "format": self.format, "bytes": self.bytes,
                "sha256": self.sha256, "spans": self.spans}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceInfo:
        return cls(d.get("name"), d.get("encoding"), d.get("format", "text"), d.get("bytes", 0),
                   d.get("sha256"), d.get("spans", "decoded-text"))


Segment = Block | Clause | Paragraph


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
    sections: tuple[Section, ...] = ()
    # path → clause, built on first use (documents are immutable)
    _index: dict[str, Clause] | None = field(default=None, init=False, repr=False, compare=False)

    def walk(self) -> Iterator[Clause]:
        """Every clause and sub-clause in reading order."""
        for clause in self.clauses:
            yield from clause.walk()

    def clause(self, path: str) -> Clause:
        """The clause at ``path`` (``KeyError`` when there is none)."""
        index = self._index
        if index is None:
            index = {c.path: c for c in self.walk()}
            object.__setattr__(self, "_index", index)
        return index[path]

    def section(self, section_id: str | None) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None) if section_id else None

    def segments(self) -> list[tuple[Span, Segment]]:
        """Leaf nodes with their raw spans, sorted; they tile ``source`` exactly."""
        out: list[tuple[Span, Segment]] = [(b.span, b) for b in (*self.preamble, *self.closing)]
        for section in self.sections:
            if section.heading is not None:
                out.append((section.heading.span, section.heading))
            out.extend((b.span, b) for b in section.intro)
        stack = list(self.clauses)
        while stack:
            c = stack.pop()
            out.append((c.span, c))
            out.extend((p.span, p) for p in c.paragraphs)
            out.extend((b.span, b) for b in c.blocks)
            stack.extend(c.children)
        out.sort(key=lambda item: item[0])
        return out

    def rebuild(self) -> str:
        """The source text, concatenated from the tree's raw spans."""
        return "".join(self.source[s:e] for (s, e), _ in self.segments())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "document",
            "meta": self.meta.to_dict(),
            "source": self.info.to_dict(),
            "prose": self.prose,
            "preamble": [b.to_dict() for b in self.preamble],
            "sections": [s.to_dict() for s in self.sections],
            "clauses": [c.to_dict() for c in self.clauses],
            "closing": [b.to_dict() for b in self.closing],
            "warnings": [w.to_dict() for w in self.warnings],
            "source_text": self.source,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            Meta.from_dict(d["meta"]),
            tuple(Block.from_dict(b) for b in d.get("preamble", ())),
            tuple(Clause.from_dict(c) for c in d.get("clauses", ())),
            tuple(Block.from_dict(b) for b in d.get("closing", ())),
            cast(str, d["source_text"]),
            tuple(ParseWarning.from_dict(w) for w in d.get("warnings", ())),
            SourceInfo.from_dict(d.get("source", {})),
            bool(d.get("prose", False)),
            tuple(Section.from_dict(s) for s in d.get("sections", ())),
        )
