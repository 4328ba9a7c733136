"""Reuse (near-duplicates of one clause) and full-text search.

``reuse``: the query's band keys pick candidate texts from the ``lsh`` index
(one B-tree probe a band), each candidate is verified with the aligner's
similarity (``communique.compare.align.similarity`` on the word keys), and
every clause carrying a verified text is listed with its word changes from
the query, earliest first: the first line is the formula's first
appearance.  For each series it appears in, the rounds that dropped it are
named.

``search``: SQLite FTS5 over the texts' keys, which are normalized with the
default (Arabic) profile; the query's words are normalized the same way, so
``وحدة أراضيها`` finds ``وَحْدَة أراضيها`` and ``الالتزام`` finds ``والالتزام``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from ..compare.align import similarity
from ..compare.words import word_changes
from ..errors import InputError, OptionError
from ..model import WordChange
from ..text.patterns import compiled
from .clusters import _contained
from .sketch import keys_of, query_keys, text_id

if TYPE_CHECKING:
    from .archive import Archive


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One clause of the archive."""

    clause_id: int
    doc_id: int
    source: str
    date: str | None
    round: int | None
    series_id: int
    series: str
    path: str
    text: str
    text_id: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "date": self.date, "round": self.round, "series": self.series,
                "series_id": self.series_id, "path": self.path, "text": self.text, "text_id": self.text_id}


@dataclass(frozen=True, slots=True)
class Match:
    occurrence: Occurrence
    similarity: float
    words: tuple[WordChange, ...]  # from the query to this clause
    exact: bool  # the same keys as the query

    def to_dict(self) -> dict[str, Any]:
        return {**self.occurrence.to_dict(), "similarity": round(self.similarity, 4), "exact": self.exact,
                "words": [w.to_dict() for w in self.words]}


@dataclass(frozen=True, slots=True)
class SeriesPresence:
    """How a formula fared in one series: where it was, and the rounds
    that dropped it (the first round without it after a round with it)."""

    series_id: int
    series: str
    documents: int  # of the series
    present: tuple[str, ...]  # sources, in series order
    dropped_in: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"series": self.series, "series_id": self.series_id, "documents": self.documents,
                "present": list(self.present), "dropped_in": list(self.dropped_in)}


@dataclass(slots=True)
class Reuse:
    query: str
    threshold: float
    matches: list[Match]
    candidates: int  # texts the index proposed
    series: list[SeriesPresence] = field(default_factory=list)
    origin: str | None = None  # FILE:PATH when the query named a clause

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "reuse", "query": self.query, "origin": self.origin, "threshold": self.threshold,
                "candidates": self.candidates, "count": len(self.matches),
                "first": self.matches[0].to_dict() if self.matches else None,
                "matches": [m.to_dict() for m in self.matches], "series": [s.to_dict() for s in self.series]}


@dataclass(frozen=True, slots=True)
class Hit:
    occurrence: Occurrence
    rank: float

    def to_dict(self) -> dict[str, Any]:
        return {**self.occurrence.to_dict(), "rank": round(self.rank, 4)}


_OCCURRENCE_SQL = (
    "SELECT c.id, d.id, d.source, d.date, d.round, d.series_id, s.name, c.path, c.text, c.text_id "
    "FROM clauses c JOIN documents d ON d.id = c.doc_id JOIN series s ON s.id = d.series_id ")
_TIME_ORDER = "(d.date IS NULL), d.date, (d.round IS NULL), d.round, d.id, c.ord"


def occurrences(archive: Archive, text_ids: Sequence[int]) -> list[Occurrence]:
    """Every clause carrying one of ``text_ids``, earliest first."""
    out: list[Occurrence] = []
    ids = list(text_ids)
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        out.extend(Occurrence(*r) for r in archive.con.execute(
            _OCCURRENCE_SQL + f"WHERE c.text_id IN ({','.join('?' * len(chunk))})", chunk))
    order = _doc_rank(archive, {o.doc_id for o in out})
    out.sort(key=lambda o: (order[o.doc_id], o.clause_id))
    return out


def _doc_rank(archive: Archive, doc_ids: set[int]) -> dict[int, tuple[Any, ...]]:
    rows: dict[int, tuple[Any, ...]] = {}
    ids = list(doc_ids)
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        for i, d, r in archive.con.execute(
                f"SELECT id, date, round FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            rows[i] = (d is None, d or "", r is None, r or 0, i)
    return rows


def resolve_query(archive: Archive, query: str | tuple[str, str]) -> tuple[str, str | None]:
    """The clause text a reuse query names: the text itself, or ``(file,
    path)`` (the file as archived, else parsed from disk)."""
    if isinstance(query, str):
        if not query.strip():
            raise OptionError("reuse needs a clause text or FILE:PATH")
        return query, None
    file, path = query
    try:
        doc = archive.document(file)
    except InputError:
        if not os.path.exists(file):
            raise InputError(f"{file}: no such file, and not in the archive", name=file) from None
        import communique

        doc = communique.parse(file, name=file)
    try:
        clause = doc.clause(path)
    except KeyError:
        paths = ", ".join(c.path for c in list(doc.walk())[:12])
        raise OptionError(f"{file}: no clause {path!r} (clauses: {paths}…)") from None
    return clause.full_text, f"{file}:{path}"


def reuse(archive: Archive, query: str | tuple[str, str], *, threshold: float = 0.5,
          limit: int | None = None) -> Reuse:
    if not 0.0 <= threshold <= 1.0:
        raise OptionError(f"threshold must be from 0 to 1, not {threshold}")
    text, origin = resolve_query(archive, query)
    keys, bands = query_keys(text, archive.params)
    if not keys:
        raise OptionError("the query has no words to compare")
    con = archive.con
    cands: set[int] = {text_id(" ".join(keys))}
    if bands:
        cands.update(r[0] for r in con.execute(
            f"SELECT DISTINCT text_id FROM lsh WHERE key IN ({','.join('?' * len(bands))})", bands))
    cands.update(_rare_word_candidates(archive, keys))
    ids = list(cands)
    verified: dict[int, float] = {}
    exact_id = text_id(" ".join(keys))
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        for tid, tkeys in con.execute(f"SELECT id, keys FROM texts WHERE id IN ({','.join('?' * len(chunk))})",
                                      chunk):
            other = tkeys.split(" ") if tkeys else []
            sim = 1.0 if tid == exact_id else similarity(keys, other)
            if sim >= threshold or _contained(sim, len(keys), len(other)) >= 0:
                verified[tid] = sim
    occ = occurrences(archive, list(verified))
    if limit is not None:
        occ = occ[:limit]
    changes: dict[str, tuple[WordChange, ...]] = {}
    matches = []
    for o in occ:
        words = changes.get(o.text)
        if words is None:
            words = changes[o.text] = word_changes(text, o.text)
        matches.append(Match(o, verified[o.text_id], words, o.text_id == exact_id))
    return Reuse(text, threshold, matches, len(cands), presence(archive, occ), origin)


RARE_WORDS = 2  # the query's rarest words, for the candidates a formula shorter than its clauses needs
RARE_CAP = 2000
SHORT_QUERY = 25  # keys: a query this short may be a formula quoted inside longer clauses


_WORD = compiled(r"[\p{L}\p{N}]")


def _rare_word_candidates(archive: Archive, keys: list[str]) -> set[int]:
    """Texts holding one of the query's rarest words (FTS5): a formula
    quoted inside longer clauses shares too few shingles with them for the
    MinHash bands, but it is contained in them, which verification accepts."""
    from .clusters import MIN_PART

    if not MIN_PART <= len(keys) < SHORT_QUERY:
        return set()
    words = sorted({k.casefold() for k in keys if _WORD.search(k)})
    if not words:
        return set()
    con = archive.con
    freq: dict[str, int] = {}
    known = _term_docs(archive)
    for w in words:
        n = known.get(w)
        if n is None:
            row = con.execute("SELECT doc FROM temp.texts_vocab WHERE term = ?", (w,)).fetchone()
            n = known[w] = row[0] if row else -1
        if n >= 0:
            freq[w] = n
    rare = sorted(freq, key=lambda w: freq[w])[:RARE_WORDS]
    if not rare or min(freq[w] for w in rare) > RARE_CAP:
        return set()
    q = " AND ".join('"' + w.replace('"', '""') + '"' for w in rare)
    return {r[0] for r in con.execute("SELECT rowid FROM texts_fts WHERE texts_fts MATCH ?", (q,))}


def _term_docs(archive: Archive) -> dict[str, int]:
    """The archive's cache of how many texts a word is in (-1: not a term),
    kept while the archive is unchanged, by another connection (``PRAGMA
    data_version``) or by this one (``total_changes``): fts5vocab counts a
    word's texts by reading its whole posting list, which for the commonest
    words grows with the archive (3 ms for "the" at 10,000 statements)."""
    con = archive.con
    if archive.term_docs is None:
        con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.texts_vocab USING fts5vocab(main, texts_fts, row)")
    version = (con.execute("PRAGMA data_version").fetchone()[0], con.total_changes)
    if archive.term_docs is None or archive.term_docs[0] != version:
        archive.term_docs = (version, {})
    return archive.term_docs[1]


def presence(archive: Archive, occ: Sequence[Occurrence]) -> list[SeriesPresence]:
    """For each series the occurrences are in: where, and which rounds dropped it."""
    from .archive import DOC_ORDER

    by_series: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    for o in occ:
        by_series.setdefault(o.series_id, set()).add(o.doc_id)
        names[o.series_id] = o.series
    out = []
    for sid, docs in by_series.items():
        order = archive.con.execute(
            f"SELECT d.id, d.source FROM documents d WHERE d.series_id = ? ORDER BY {DOC_ORDER}", (sid,)).fetchall()
        present = tuple(src for i, src in order if i in docs)
        dropped = tuple(order[k][1] for k in range(1, len(order))
                        if order[k - 1][0] in docs and order[k][0] not in docs)
        out.append(SeriesPresence(sid, names[sid], len(order), present, dropped))
    return out


# --------------------------------------------------------------------------- search

_QUERY_TOKEN = compiled(r'"[^"]*"|\(|\)|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


def fts_query(query: str) -> str:
    """``query`` as an FTS5 query over normalized keys: words (and "quoted
    phrases") normalized like the archive's texts, ``AND``/``OR``/``NOT`` and
    parentheses kept, a trailing ``*`` a prefix search."""
    parts: list[str] = []
    for m in _QUERY_TOKEN.finditer(query):
        tok = m.group()
        if tok in _OPERATORS or tok in "()":
            parts.append(tok)
            continue
        prefix = tok.endswith("*") and not tok.startswith('"')
        words = [k for k in keys_of(tok.strip('"').rstrip("*")) if regex.search(r"[\p{L}\p{N}]", k)]
        if not words:
            continue
        phrase = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        parts.append(phrase + ("*" if prefix else ""))
    # operators with nothing to join are dropped
    while parts and parts[0] in _OPERATORS:
        parts.pop(0)
    while parts and parts[-1] in _OPERATORS:
        parts.pop()
    if not any(p.startswith('"') for p in parts):
        raise OptionError(f"search query {query!r} has no words")
    return " ".join(parts)


def search(archive: Archive, query: str, *, limit: int | None = 20) -> list[Hit]:
    import sqlite3

    q = fts_query(query)
    try:
        rows = archive.con.execute("SELECT rowid, rank FROM texts_fts WHERE texts_fts MATCH ? ORDER BY rank",
                                   (q,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise OptionError(f"search query {query!r}: {exc}") from None
    rank = {tid: r for tid, r in rows}
    occ = occurrences(archive, list(rank))
    order = {tid: k for k, (tid, _) in enumerate(rows)}
    occ.sort(key=lambda o: order[o.text_id])  # stable: by relevance, then earliest first
    hits = [Hit(o, -rank[o.text_id]) for o in occ]
    return hits if limit is None or limit <= 0 else hits[:limit]
