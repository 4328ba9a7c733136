"""The archive's SQLite file: schema, connection, and writing records.

One file, WAL mode.  ``add`` writes a batch of files per transaction and
each file's rows inside it, so a process killed at any point leaves the
archive as it was after the last committed batch (``PRAGMA
integrity_check`` is ``ok``), and the next ``add`` skips what was committed
and does the rest.

Tables::

    meta(key, value)                      schema version, MinHash parameters
    series(id, key, name, explicit)
    documents(id, source, path, sha256, bytes, format, encoding, title, round,
              date, place, language, series_id, meta, n_clauses, added, doc)
    clauses(id, doc_id, ord, path, section, role, text, start, end, text_id)
    texts(id, keys, n_keys, sig)          distinct normalized clause texts
    lsh(key, text_id)                     band key → text (WITHOUT ROWID)
    texts_fts                             FTS5 over texts.keys (external content)
    failures(path, source, sha256, error, at)
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .records import DocRecord, Failure, TextRow
from .sketch import DEFAULT_PARAMS, Params, band_keys

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS series(
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, explicit INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL, format TEXT, encoding TEXT, title TEXT, round INTEGER, date TEXT, place TEXT,
    language TEXT, series_id INTEGER NOT NULL REFERENCES series(id), meta TEXT NOT NULL,
    n_clauses INTEGER NOT NULL, added REAL NOT NULL, doc BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_series ON documents(series_id);
CREATE TABLE IF NOT EXISTS clauses(
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id), ord INTEGER NOT NULL,
    path TEXT NOT NULL, section TEXT, role TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, text_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses(doc_id);
CREATE INDEX IF NOT EXISTS clauses_text ON clauses(text_id);
CREATE TABLE IF NOT EXISTS texts(id INTEGER PRIMARY KEY, keys TEXT NOT NULL, n_keys INTEGER NOT NULL, sig BLOB);
CREATE TABLE IF NOT EXISTS lsh(key INTEGER NOT NULL, text_id INTEGER NOT NULL, PRIMARY KEY(key, text_id))
    WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS texts_fts USING fts5(
    keys, content='texts', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS failures(
    path TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL, error TEXT NOT NULL, at REAL NOT NULL);
"""


def connect(path: str | os.PathLike[str], *, create: bool = True) -> tuple[sqlite3.Connection, Params]:
    """Open (or create) the archive at ``path``; returns the connection and
    the MinHash parameters the archive was built with."""
    p = Path(path)
    if not create and not p.exists():
        raise InputError(f"{path}: no such archive (create it with: communique archive add FILES --db {path})")
    if p.exists() and p.is_dir():
        raise InputError(f"{path}: is a directory, not an archive file")
    try:
        con = sqlite3.connect(str(p), timeout=30.0, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA cache_size=-262144")  # 256 MB: the lsh B-tree's inserts stay in memory
        con.execute("PRAGMA temp_store=MEMORY")
        con.executescript(SCHEMA)
        rows = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a communique archive ({exc})") from None
    if not rows:
        params = DEFAULT_PARAMS
        with transaction(con):
            con.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                            [("schema", str(SCHEMA_VERSION)), ("minhash", json.dumps(params.to_dict())),
                             ("signatures", "rensa.RMinHash")])
        return con, params
    if int(rows.get("schema", 0)) != SCHEMA_VERSION:
        raise InputError(f"{path}: archive schema {rows.get('schema')} is not {SCHEMA_VERSION}; rebuild it")
    return con, Params(**json.loads(rows["minhash"]))


class transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on an exception)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")


class Writer:
    """Writes records into the archive, one transaction per :meth:`write` call."""

    def __init__(self, con: sqlite3.Connection, params: Params) -> None:
        self.con = con
        self.params = params
        self.series: dict[str, int] = {k: i for k, i in con.execute("SELECT key, id FROM series")}
        self.next_doc = (con.execute("SELECT max(id) FROM documents").fetchone()[0] or 0) + 1
        self.next_clause = (con.execute("SELECT max(id) FROM clauses").fetchone()[0] or 0) + 1

    def write(self, records: Sequence[DocRecord | Failure], texts: Mapping[int, TextRow] | None = None,
              replace: Iterable[str] = ()) -> None:
        """Write ``records`` in one transaction, with those of ``texts``
        their clauses name that the archive does not hold yet; ``replace``
        are paths whose old document (or failure) goes first."""
        con = self.con
        now = time.time()
        with transaction(con):
            removed: set[int] = set()
            for path in replace:
                removed.update(delete_document(con, path))
            docs: list[tuple[Any, ...]] = []
            clauses: list[tuple[Any, ...]] = []
            named: set[int] = set()
            failures: list[tuple[Any, ...]] = []
            for rec in records:
                if isinstance(rec, Failure):
                    failures.append((rec.path, rec.source, rec.sha256, rec.error, now))
                    continue
                sid = self.series.get(rec.series_key)
                if sid is None:
                    cur = con.execute("INSERT INTO series(key, name, explicit) VALUES (?, ?, ?)",
                                      (rec.series_key, rec.series_name, int(rec.series_key.startswith("name|"))))
                    sid = self.series[rec.series_key] = int(cur.lastrowid or 0)
                m = rec.meta
                doc_id = self.next_doc
                self.next_doc += 1
                docs.append((doc_id, rec.source, rec.path, rec.sha256, rec.size, rec.format, rec.encoding,
                             m.get("title"), m.get("round"), m.get("date"), m.get("place"), m.get("language"), sid,
                             json.dumps(m, ensure_ascii=False), len(rec.clauses), now, rec.doc))
                cid = self.next_clause
                for c in rec.clauses:
                    clauses.append((cid, doc_id, c.ord, c.path, c.section, c.role, c.text, c.start, c.end,
                                    c.text_id))
                    named.add(c.text_id)
                    cid += 1
                self.next_clause = cid
            con.executemany("DELETE FROM failures WHERE path = ?", [(r.path,) for r in records])
            con.executemany("INSERT INTO failures VALUES (?, ?, ?, ?, ?)", failures)
            con.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", docs)
            con.executemany("INSERT INTO clauses VALUES (?,?,?,?,?,?,?,?,?,?)", clauses)
            if texts:
                self._texts([texts[t] for t in named if t in texts])
            # after the inserts: a text the replaced document had and its new version keeps stays
            if removed:
                collect_texts(con, removed, self.params)

    def _texts(self, texts: list[TextRow]) -> None:
        """Insert the texts not yet in the archive, with their band keys and
        full-text entries."""
        if not texts:
            return
        con = self.con
        have: set[int] = set()
        ids = [t.id for t in texts]
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            have.update(r[0] for r in con.execute(
                f"SELECT id FROM texts WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        new = sorted((t for t in texts if t.id not in have), key=lambda t: t.id)
        if not new:
            return
        con.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)", [(t.id, t.keys, t.n_keys, t.sig) for t in new])
        con.executemany("INSERT INTO texts_fts(rowid, keys) VALUES (?, ?)", [(t.id, t.keys) for t in new if t.keys])
        # in key order: consecutive inserts land in the same B-tree pages (sorted by numpy: sorting the
        # tuples took a third of the writer's time)
        keys = np.fromiter(itertools.chain.from_iterable(t.bands for t in new), dtype=np.int64)
        tids = np.repeat(np.asarray([t.id for t in new], dtype=np.int64), [len(t.bands) for t in new])
        order = np.lexsort((tids, keys))
        con.executemany("INSERT OR IGNORE INTO lsh VALUES (?, ?)",
                        zip(keys[order].tolist(), tids[order].tolist(), strict=True))


def delete_document(con: sqlite3.Connection, path: str) -> list[int]:
    """Remove the document (or failure) stored for ``path`` (inside the
    caller's transaction); returns the ids of the texts its clauses named,
    for :func:`collect_texts`."""
    con.execute("DELETE FROM failures WHERE path = ?", (path,))
    row = con.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
    if row is None:
        return []
    doc_id = row[0]
    tids = [r[0] for r in con.execute("SELECT DISTINCT text_id FROM clauses WHERE doc_id = ?", (doc_id,))]
    con.execute("DELETE FROM clauses WHERE doc_id = ?", (doc_id,))
    con.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    return tids


def collect_texts(con: sqlite3.Connection, text_ids: Iterable[int], params: Params) -> None:
    """Remove those of ``text_ids`` no clause names any more, with their
    band keys and full-text entries."""
    for tid in sorted(text_ids):
        if con.execute("SELECT 1 FROM clauses WHERE text_id = ? LIMIT 1", (tid,)).fetchone():
            continue
        t = con.execute("SELECT keys, sig FROM texts WHERE id = ?", (tid,)).fetchone()
        if t is None:
            continue
        if t[0]:
            con.execute("INSERT INTO texts_fts(texts_fts, rowid, keys) VALUES ('delete', ?, ?)", (tid, t[0]))
        if t[1]:
            bands = band_keys(np.frombuffer(t[1], dtype=np.uint32).reshape(1, -1), params)[0].tolist()
            con.executemany("DELETE FROM lsh WHERE key = ? AND text_id = ?", [(b, tid) for b in bands])
        con.execute("DELETE FROM texts WHERE id = ?", (tid,))
