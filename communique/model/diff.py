"""The diff model: what became of each clause between two rounds.

An :class:`Op` carries everything a renderer shows: the clause paths on both
sides, the texts it compared, the word changes located in those texts
(computed once, under the diff's profile), the cosmetic differences the
profile folded, a similarity and a confidence.  Renderers never compare text
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from .document import Clause, Document, Span, _span
from .profile import Profile

OpKind = Literal["unchanged", "modified", "moved", "added", "dropped", "split", "merged", "translated", "omitted"]
OP_KINDS: tuple[OpKind, ...] = get_args(OpKind)
# The kinds a diff of two rounds in one language uses, and a cross-language diff.
MONOLINGUAL_KINDS: tuple[OpKind, ...] = ("unchanged", "modified", "moved", "added", "dropped", "split", "merged")
CROSS_LANGUAGE_KINDS: tuple[OpKind, ...] = ("translated", "moved", "added", "omitted", "split", "merged")
PAIRED_KINDS: frozenset[OpKind] = frozenset({"unchanged", "modified", "moved", "translated"})

WordOp = Literal["equal", "insert", "delete", "replace"]
WORD_OPS: tuple[WordOp, ...] = get_args(WordOp)

# Differences a profile can fold, as reported on cosmetic pairs: the profile's
# rules plus white space, which every comparison folds.
CosmeticRule = Literal["invisible", "diacritics", "tatweel", "quotes", "digits", "punctuation", "case", "letters",
                       "spacing"]
COSMETIC_RULES: tuple[CosmeticRule, ...] = get_args(CosmeticRule)

FactKind = Literal["number", "date", "symbol", "name"]


@dataclass(frozen=True, slots=True)
class WordChange:
    """A run of tokens.  ``old``/``new`` are the original (display) text;
    ``old_span``/``new_span`` locate them in the op's ``old_text`` and
    ``new_text`` (a run absent on one side is zero-width where it belongs).
    An ``equal`` run whose ``old`` and ``new`` differ is a cosmetic
    difference the profile folded (diacritics, quotes …)."""

    op: WordOp
    old: str
    new: str
    old_span: Span = (0, 0)
    new_span: Span = (0, 0)
    clitic: bool = False  # the change is only a leading و ف ب ل ك

    @property
    def cosmetic(self) -> bool:
        return self.op == "equal" and self.old != self.new

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "old": self.old, "new": self.new,
                               "old_span": list(self.old_span), "new_span": list(self.new_span)}
        if self.clitic:
            out["clitic"] = True
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WordChange:
        return cls(d["op"], d["old"], d["new"], _span(d.get("old_span", (0, 0))), _span(d.get("new_span", (0, 0))),
                   bool(d.get("clitic", False)))


@dataclass(frozen=True, slots=True)
class FactMismatch:
    """A checkable fact (number, date, symbol, name) that a translation
    renders differently from its original."""

    kind: FactKind
    original: str | None
    translation: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "original": self.original, "translation": self.translation}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FactMismatch:
        return cls(d["kind"], d.get("original"), d.get("translation"))


@dataclass(frozen=True, slots=True)
class Op:
    """What became of one or more clauses between two rounds.

    ``old_text``/``new_text`` are the texts compared: each clause's own text
    and continuation paragraphs, the clauses of a split or merge joined by a
    line break.  ``section_move`` names the old and new section titles when a
    clause changed section.
    """

    kind: OpKind
    old: tuple[str, ...]  # clause paths in the old document
    new: tuple[str, ...]  # clause paths in the new document
    similarity: float | None = None  # for paired ops, in [0, 1]
    renumbered: bool = False
    words: tuple[WordChange, ...] = ()
    old_text: str = ""
    new_text: str = ""
    cosmetic: tuple[CosmeticRule, ...] = ()  # differences the profile folded (unchanged pairs)
    confidence: float | None = None  # how sure the aligner is of this pairing, in [0, 1]
    section_move: tuple[str | None, str | None] | None = None
    facts: tuple[FactMismatch, ...] = ()  # cross-language only

    @property
    def paired(self) -> bool:
        return bool(self.old) and bool(self.new)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "op": self.kind, "old": list(self.old), "new": list(self.new),
            "similarity": self.similarity, "confidence": self.confidence, "renumbered": self.renumbered,
            "cosmetic": list(self.cosmetic), "old_text": self.old_text, "new_text": self.new_text,
            "words": [w.to_dict() for w in self.words],
        }
        if self.section_move is not None:
            out["section_move"] = {"old": self.section_move[0], "new": self.section_move[1]}
        if self.facts:
            out["fact_mismatches"] = [f.to_dict() for f in self.facts]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Op:
        move = d.get("section_move")
        return cls(
            d["op"], tuple(d["old"]), tuple(d["new"]), d.get("similarity"), bool(d.get("renumbered", False)),
            tuple(WordChange.from_dict(w) for w in d.get("words", ())), d.get("old_text", ""), d.get("new_text", ""),
            tuple(d.get("cosmetic", ())), d.get("confidence"),
            None if move is None else (move.get("old"), move.get("new")),
            tuple(FactMismatch.from_dict(f) for f in d.get("fact_mismatches", ())),
        )


@dataclass(frozen=True, slots=True)
class MetaChange:
    field: str  # a Meta field name
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Diff:
    old: Document
    new: Document
    ops: tuple[Op, ...]
    meta_changes: tuple[MetaChange, ...]
    profile: Profile
    threshold: float
    cross_language: bool = False
    semantic: str | None = None  # the embedding model a cross-language alignment used, if any
    notes: tuple[str, ...] = field(default=())  # what the user should know (e.g. "semantic signal off")

    @property
    def kinds(self) -> tuple[OpKind, ...]:
        return CROSS_LANGUAGE_KINDS if self.cross_language else MONOLINGUAL_KINDS

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(self.kinds, 0)
        for op in self.ops:
            counts[op.kind] = counts.get(op.kind, 0) + 1
        return counts

    @property
    def clauses_changed(self) -> bool:
        """Whether any clause changed (cosmetic differences aside)."""
        quiet = ("unchanged", "translated") if self.cross_language else ("unchanged",)
        return any(op.kind not in quiet or op.facts for op in self.ops)

    @property
    def changed(self) -> bool:
        return bool(self.meta_changes) or self.clauses_changed

    def old_clauses(self, op: Op) -> tuple[Clause, ...]:
        return tuple(self.old.clause(p) for p in op.old)

    def new_clauses(self, op: Op) -> tuple[Clause, ...]:
        return tuple(self.new.clause(p) for p in op.new)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "diff",
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "profile": self.profile.describe(),
            "ignore": list(self.profile.ignored),
            "threshold": self.threshold,
            "cross_language": self.cross_language,
            "semantic": self.semantic,
            "notes": list(self.notes),
            "summary": self.summary,
            "ops": [op.to_dict() for op in self.ops],
            "meta_changes": meta_changes_dict(self.meta_changes),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], old: Document | None = None, new: Document | None = None) -> Diff:
        """``old``/``new``: the documents, when the caller has them already
        (a history's diffs share its rounds' documents)."""
        return cls(
            old or Document.from_dict(d["old"]), new or Document.from_dict(d["new"]),
            tuple(Op.from_dict(op) for op in d["ops"]),
            meta_changes_from(d.get("meta_changes", {})),
            Profile.from_ignored(d.get("ignore", [])), float(d["threshold"]),
            bool(d.get("cross_language", False)), d.get("semantic"), tuple(d.get("notes", ())),
        )


def meta_changes_dict(changes: tuple[MetaChange, ...]) -> dict[str, dict[str, Any]]:
    return {c.field: {"old": _jsonable(c.old), "new": _jsonable(c.new)} for c in changes}


def meta_changes_from(d: dict[str, dict[str, Any]]) -> tuple[MetaChange, ...]:
    def back(v: Any) -> Any:
        return tuple(v) if isinstance(v, list) else v

    return tuple(MetaChange(name, back(c.get("old")), back(c.get("new"))) for name, c in d.items())


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
