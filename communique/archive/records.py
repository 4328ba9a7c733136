"""One statement file → the rows the archive stores for it.

:func:`process` is the per-file work of ``add``: parse, keys, signatures,
band keys, the document JSON.  It is a plain function of the file's bytes so
that the serial path and the Dask workers run exactly the same code, and
its result is plain data (picklable, and laid out as Parquet columns by
:mod:`communique.archive.distributed`).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .series import series_key
from .sketch import DEFAULT_PARAMS, Params, band_keys, keys_of, signatures, text_id

# Extensions ``add`` takes from a folder (files named on the command line are
# always taken): the formats communique reads.
SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".tei", ".md"})


@dataclass(slots=True)
class ClauseRow:
    ord: int
    path: str
    section: str | None
    role: str
    text: str  # full text (own text and continuation paragraphs)
    start: int
    end: int
    text_id: int


@dataclass(slots=True)
class TextRow:
    id: int
    keys: str
    n_keys: int
    sig: bytes
    bands: list[int]


@dataclass(slots=True)
class DocRecord:
    source: str  # the label the file was given under (as ``communique history`` labels it)
    path: str  # absolute path: the document's identity
    sha256: str
    size: int
    format: str
    encoding: str | None
    meta: dict[str, Any]
    series_key: str
    series_name: str
    doc: bytes  # zlib-compressed document JSON (communique.render(doc, "json"))
    clauses: list[ClauseRow] = field(default_factory=list)
    texts: list[TextRow] = field(default_factory=list)  # the distinct texts of the clauses


@dataclass(slots=True)
class Failure:
    source: str
    path: str
    sha256: str
    error: str


# text -> (keys, text id): most clauses of a round are the last round's text
_MEMO: dict[str, tuple[list[str], int]] = {}
_MEMO_SIZE = 200_000


def process(source: str, path: str, data: bytes, sha256: str, *, params: Params = DEFAULT_PARAMS,
            skip_texts: frozenset[int] | set[int] = frozenset(), max_bytes: int = 20 * 1024 * 1024,
            series: str | None = None) -> DocRecord | Failure:
    """Parse one file's ``data`` and compute its rows.  Never raises on bad
    input: a file that does not parse is a :class:`Failure` with its
    one-line error.  ``skip_texts`` are text ids already in the archive,
    whose signatures need not be computed again."""
    import communique

    try:
        doc = communique.parse(data, name=source, max_bytes=max_bytes)
    except communique.CommuniqueError as exc:
        return Failure(source, path, sha256, str(exc))
    except (RecursionError, MemoryError, ValueError) as exc:
        return Failure(source, path, sha256, f"{source}: {exc.__class__.__name__}: {exc}")
    doc_json = json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":"))
    if series:
        key, name = f"name|{series}", series
    else:
        key, name = series_key(doc.meta)
    rec = DocRecord(source, path, sha256, len(data), doc.info.format, doc.info.encoding, doc.meta.to_dict(), key,
                    name, zlib.compress(doc_json.encode("utf-8"), 1))
    memo = _MEMO
    new_keys: list[list[str]] = []
    new_ids: list[int] = []
    seen: set[int] = set()
    for k, clause in enumerate(doc.walk()):
        text = clause.full_text
        known = memo.get(text)
        if known is None:
            keys = keys_of(text)
            known = (keys, text_id(" ".join(keys)))
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[text] = known
        keys, tid = known
        start, end = clause.extent
        rec.clauses.append(ClauseRow(k, clause.path, clause.section, clause.role, text, start, end, tid))
        if tid not in seen:
            seen.add(tid)
            if tid not in skip_texts:
                new_keys.append(keys)
                new_ids.append(tid)
    if new_keys:
        with_words = [k for k in new_keys if k]
        sigs = signatures(with_words, params) if with_words else np.zeros((0, params.perms), np.uint32)
        bands = band_keys(sigs, params) if with_words else np.zeros((0, params.bands), np.int64)
        row = 0
        for tid, keys in zip(new_ids, new_keys, strict=True):
            if keys:
                rec.texts.append(TextRow(tid, " ".join(keys), len(keys), sigs[row].tobytes(), bands[row].tolist()))
                row += 1
            else:
                rec.texts.append(TextRow(tid, "", 0, b"", []))
    return rec


def load_document(blob: bytes) -> Any:
    """The :class:`communique.Document` stored as ``blob``."""
    import communique

    return communique.load(json.loads(zlib.decompress(blob).decode("utf-8")))
