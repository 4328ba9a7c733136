"""The model: the typed statement tree, the diff and the history.

It imports nothing of ours: every pipeline step (readers → structure →
compare → renderers) speaks it, and nothing else passes between them.
"""

from .diff import (
    COSMETIC_RULES,
    CROSS_LANGUAGE_KINDS,
    MONOLINGUAL_KINDS,
    OP_KINDS,
    PAIRED_KINDS,
    WORD_OPS,
    CosmeticRule,
    Diff,
    FactKind,
    FactMismatch,
    MetaChange,
    Op,
    OpKind,
    WordChange,
    WordOp,
)
from .document import (
    BLOCK_KINDS,
    CLAUSE_ROLES,
    DIGIT_STYLES,
    MARKER_STYLES,
    Block,
    BlockKind,
    Clause,
    ClauseRole,
    Document,
    Marker,
    MarkerStyle,
    Meta,
    Paragraph,
    ParseWarning,
    Section,
    Segment,
    SourceInfo,
    Span,
    SpanBasis,
)
from .history import Cell, History, Lineage, Round
from .profile import DEFAULT, RULES, Profile, Rule

__all__ = [
    "BLOCK_KINDS", "CLAUSE_ROLES", "COSMETIC_RULES", "CROSS_LANGUAGE_KINDS", "DEFAULT", "DIGIT_STYLES",
    "MARKER_STYLES", "MONOLINGUAL_KINDS", "OP_KINDS", "PAIRED_KINDS", "RULES", "WORD_OPS", "Block", "BlockKind",
    "Cell", "Clause", "ClauseRole", "CosmeticRule", "Diff", "Document", "FactKind", "FactMismatch", "History",
    "Lineage", "Marker", "MarkerStyle", "Meta", "MetaChange", "Op", "OpKind", "Paragraph", "ParseWarning",
    "Profile", "Round", "Rule", "Section", "Segment", "SourceInfo", "Span", "SpanBasis", "WordChange", "WordOp",
]
