"""The history model: lineages of clauses through many rounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .diff import CosmeticRule, Diff, FactMismatch, OpKind, WordChange
from .document import Document
from .profile import Profile


@dataclass(frozen=True, slots=True)
class Round:
    """One document in a history, with the label it is shown under."""

    label: str
    document: Document


@dataclass(frozen=True, slots=True)
class Cell:
    """A lineage in one round: the clause(s) it is there.

    ``op`` says how the clause came from the previous round (None in the
    lineage's first round); ``words`` are the word changes, under the
    history's profile, from ``before`` (the text of the clauses it came
    from: the lineage's previous version, joined with the other clauses of
    a merge) to ``text``; their spans index those two texts.  A cell with
    ``merged`` set records that this lineage's clause was merged into a
    clause that carries another lineage (named by ``merged``): the clause is
    shown in both rows, and belongs to the other one.  ``also_merged_into``
    names the lineages that others of this lineage's clauses merged into in
    this round while the rest went on here (or, on a merge record, merged
    into besides ``merged``); such a cell is ``changed``.
    """

    paths: tuple[str, ...]  # usually one; several after a split
    changed: bool  # the wording differs from the previous round (under the profile)
    text: str
    op: OpKind | None = None
    words: tuple[WordChange, ...] = ()
    cosmetic: tuple[CosmeticRule, ...] = ()
    merged: str | None = None  # id of the lineage this one merged into
    before: str = ""  # the text the word changes start from ("" in the first round)
    also_merged_into: tuple[str, ...] = ()  # other lineages a part of this one merged into
    facts: tuple[FactMismatch, ...] = ()  # a translation's facts that differ from its original's

    def to_dict(self) -> dict[str, Any]:
        out = {"path": self.paths[0], "paths": list(self.paths), "changed": self.changed, "text": self.text,
               "op": self.op, "cosmetic": list(self.cosmetic), "merged_into": self.merged, "before": self.before,
               "also_merged_into": list(self.also_merged_into), "words": [w.to_dict() for w in self.words]}
        if self.facts:
            out["fact_mismatches"] = [f.to_dict() for f in self.facts]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cell:
        return cls(tuple(d["paths"]), bool(d["changed"]), d["text"], d.get("op"),
                   tuple(WordChange.from_dict(w) for w in d.get("words", ())), tuple(d.get("cosmetic", ())),
                   d.get("merged_into"), d.get("before", ""), tuple(d.get("also_merged_into", ())),
                   tuple(FactMismatch.from_dict(f) for f in d.get("fact_mismatches", ())))


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

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "first": self.first, "last": self.last, "changed_in": list(self.changed_in),
                "cells": [None if c is None else c.to_dict() for c in self.cells]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Lineage:
        return cls(d["id"], tuple(None if c is None else Cell.from_dict(c) for c in d["cells"]))


@dataclass(frozen=True, slots=True)
class History:
    rounds: tuple[Round, ...]
    lineages: tuple[Lineage, ...]
    diffs: tuple[Diff, ...]  # diffs[k - 1]: round k against the round it follows (parent_of)
    profile: Profile
    threshold: float | None = None  # None: each diff chose its default
    # parents[k]: the round that round k is compared with (None for the first); empty: the
    # round before.  A round follows the last earlier one in its language, a translation
    # its original (the earlier round with its round number), else the round before.
    parents: tuple[int | None, ...] = ()

    def parent_of(self, k: int) -> int | None:
        """The round that round ``k`` was compared with (None for the first)."""
        if k == 0:
            return None
        return self.parents[k] if self.parents else k - 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "history",
            "profile": self.profile.describe(),
            "ignore": list(self.profile.ignored),
            "threshold": self.threshold,
            "parents": [self.parent_of(k) for k in range(len(self.rounds))],
            "rounds": [{"file": r.label, **r.document.to_dict()} for r in self.rounds],
            "lineages": [lin.to_dict() for lin in self.lineages],
            "summaries": [d.summary for d in self.diffs],
            "diffs": [{k: v for k, v in d.to_dict().items() if k not in ("old", "new")} for d in self.diffs],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> History:
        rounds = tuple(Round(r["file"], Document.from_dict(r)) for r in d["rounds"])
        parents = tuple(d.get("parents") or [None, *range(len(rounds) - 1)])
        consecutive = all(parents[k] == k - 1 for k in range(1, len(rounds)))
        diffs = tuple(Diff.from_dict(dd, rounds[parents[k + 1] or 0].document, rounds[k + 1].document)
                      for k, dd in enumerate(d.get("diffs", ())))
        return cls(rounds, tuple(Lineage.from_dict(lin) for lin in d["lineages"]), diffs,
                   Profile.from_ignored(d.get("ignore", [])), d.get("threshold"),
                   () if consecutive else parents)

