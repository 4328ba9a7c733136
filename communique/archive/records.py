"""Statement files → the rows the archive stores for them.

:func:`process_files` is the per-file work of ``add``: read, hash, parse,
keys, signatures, band keys, the document JSON.  It is a plain function of
the files so that the in-process path, the process pool and the Dask
workers run exactly the same code, and its result (a :class:`Chunk`) is
plain data: picklable, and laid out as Parquet columns by
:mod:`communique.archive.distributed`.

A chunk carries each *new* text once (its keys, signature and band keys),
beside the documents whose clauses name it by id; texts already in the
archive when ``add`` started (``skip_texts``) are not signed again.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
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


@dataclass(slots=True)
class Failure:
    source: str
    path: str
    sha256: str
    error: str


@dataclass(slots=True)
class Chunk:
    """What parsing some files gives: one record per file, in the order of
    the files, and the new texts their clauses name (by id)."""

    records: list[DocRecord | Failure] = field(default_factory=list)
    texts: dict[int, TextRow] = field(default_factory=dict)


# Per-process memos, bounded (a worker serves many chunks): most clauses of
# a round are the last round's text, so keys and signatures are computed
# once a text, not once a clause.
_KEYS: dict[str, tuple[list[str], int]] = {}  # clause text -> (keys, text id)
_TEXTS: dict[tuple[int, Params], TextRow] = {}
_MEMO_SIZE = 50_000


def process_files(items: Sequence[tuple[str, str]], *, params: Params = DEFAULT_PARAMS,
                  skip_texts: frozenset[int] | set[int] = frozenset(), max_bytes: int = 20 * 1024 * 1024,
                  series: str | None = None) -> Chunk:
    """Read and parse the ``(label, path)`` files.  Never raises on bad
    input: a file that cannot be read or does not parse is a
    :class:`Failure` with its one-line error."""
    from .files import read

    chunk = Chunk()
    for label, path in items:
        try:
            data = read(path, max_bytes)
        except InputError as exc:
            chunk.records.append(Failure(label, path, "", str(exc)))
            continue
        sha = hashlib.sha256(data).hexdigest()
        chunk.records.append(process(label, path, data, sha, params=params, skip_texts=skip_texts,
                                     texts=chunk.texts, max_bytes=max_bytes, series=series))
    return chunk


def process(source: str, path: str, data: bytes, sha256: str, *, params: Params = DEFAULT_PARAMS,
            skip_texts: frozenset[int] | set[int] = frozenset(), texts: dict[int, TextRow] | None = None,
            max_bytes: int = 20 * 1024 * 1024, series: str | None = None) -> DocRecord | Failure:
    """Parse one file's ``data`` and compute its rows; the texts its
    clauses name that are neither in ``skip_texts`` nor in ``texts`` yet are
    added to ``texts``."""
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
    out = {} if texts is None else texts
    memo = _KEYS
    unsigned: dict[int, list[str]] = {}
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
        if tid in out or tid in unsigned or tid in skip_texts:
            continue
        row = _TEXTS.get((tid, params))
        if row is not None:
            out[tid] = row
        elif keys:
            unsigned[tid] = keys
        else:  # no words (a clause of punctuation): stored, never a candidate
            out[tid] = TextRow(tid, "", 0, b"", [])
    if unsigned:
        # the document's new texts signed in one call: numpy's per-call cost is paid once
        sigs = signatures(list(unsigned.values()), params)
        bands = band_keys(sigs, params).tolist()
        if len(_TEXTS) >= _MEMO_SIZE:
            _TEXTS.clear()
        for (tid, keys), sig, row_bands in zip(unsigned.items(), sigs, bands, strict=True):
            out[tid] = _TEXTS[(tid, params)] = TextRow(tid, " ".join(keys), len(keys), sig.tobytes(), row_bands)
    return rec


def load_document(blob: bytes) -> Any:
    """The :class:`communique.Document` stored as ``blob``."""
    import communique

    return communique.load(json.loads(zlib.decompress(blob).decode("utf-8")))
