"""JSON: the documented contracts (README, "JSON output")."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..model import Block, Clause, Diff, Document, History, Lineage, Op, Paragraph


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span is not None else None


def block_dict(b: Block) -> dict[str, Any]:
    return {"kind": b.kind, "text": b.text, "span": _span(b.span), "text_span": _span(b.text_span)}


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    return {"text": p.text, "span": _span(p.span), "text_span": _span(p.text_span)}


def clause_dict(c: Clause) -> dict[str, Any]:
    m = c.marker
    return {
        "path": c.path,
        "label": m.raw if m else None,
        "value": m.value if m else None,
        "style": m.style if m else None,
        "delimiter": m.delimiter if m else None,
        "marker_span": _span(m.span) if m else None,
        "text": c.text,
        "span": _span(c.span),
        "text_span": _span(c.text_span),
        "paragraphs": [paragraph_dict(p) for p in c.paragraphs],
        "blocks": [block_dict(b) for b in c.blocks],
        "children": [clause_dict(child) for child in c.children],
    }


def meta_dict(doc: Document) -> dict[str, Any]:
    meta = asdict(doc.meta)
    meta["parties"] = list(doc.meta.parties)
    return meta


def source_dict(doc: Document) -> dict[str, Any]:
    return asdict(doc.info)


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "meta": meta_dict(doc),
        "source": source_dict(doc),
        "prose": doc.prose,
        "preamble": [block_dict(b) for b in doc.preamble],
        "clauses": [clause_dict(c) for c in doc.clauses],
        "closing": [block_dict(b) for b in doc.closing],
        "warnings": [{"code": w.code, "message": w.message, "span": _span(w.span)} for w in doc.warnings],
    }


def op_dict(op: Op) -> dict[str, Any]:
    return {
        "op": op.op,
        "old": list(op.old),
        "new": list(op.new),
        "similarity": None if op.similarity is None else round(op.similarity, 4),
        "renumbered": op.renumbered,
        "words": [{"op": w.op, "old": w.old, "new": w.new, **({"clitic": True} if w.clitic else {})}
                  for w in op.words],
    }


def diff_dict(d: Diff) -> dict[str, Any]:
    return {
        "old": {"meta": meta_dict(d.old), "source": source_dict(d.old)},
        "new": {"meta": meta_dict(d.new), "source": source_dict(d.new)},
        "profile": d.profile,
        "threshold": d.threshold,
        "summary": d.summary,
        "ops": [op_dict(op) for op in d.ops],
        "meta_changes": d.meta_changes,
    }


def lineage_dict(lin: Lineage) -> dict[str, Any]:
    return {
        "id": lin.id,
        "first": lin.first,
        "last": lin.last,
        "changed_in": list(lin.changed_in),
        "cells": [None if c is None else {"path": c.paths[0], "paths": list(c.paths), "changed": c.changed,
                                          "text": c.text} for c in lin.cells],
    }


def history_dict(h: History) -> dict[str, Any]:
    return {
        "rounds": [{"file": r.label, "meta": meta_dict(r.document), "source": source_dict(r.document)}
                   for r in h.rounds],
        "lineages": [lineage_dict(lin) for lin in h.lineages],
        "summaries": [d.summary for d in h.diffs],
    }


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_document(doc: Document, **_: Any) -> str:
    return _dump(document_dict(doc))


def render_diff(d: Diff, **_: Any) -> str:
    return _dump(diff_dict(d))


def render_history(h: History, **_: Any) -> str:
    return _dump(history_dict(h))
