"""``communique.archive.Archive``: a searchable store of many statements.

::

    from communique.archive import Archive

    with Archive("statements.db") as a:
        a.add(["astana/", "gcc/"])               # incremental: unchanged files are skipped by hash
        a.series()                               # [SeriesInfo(name="Joint Statement of the round …", …)]
        h = a.history("Astana")                  # == communique.history of the same files
        r = a.reuse("Reaffirmed their strong commitment to the sovereignty …")
        r.matches[0]                             # the first appearance of the formula
        c = a.clusters()                         # every family of reused clauses
        a.search("وحدة الأراضي")                 # full text, Arabic normalization
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError, OptionError
from ..model import Document, History, Profile
from . import files as _files
from .records import DocRecord, Failure, load_document, process
from .store import Writer, connect

if TYPE_CHECKING:
    from .clusters import Clusters
    from .query import Hit, Reuse

Progress = Callable[[int], None]


@dataclass(slots=True)
class AddReport:
    """What ``add`` did.  ``failed`` are ``(label, error)`` of the files that
    did not parse in this run (recorded in the archive; the rest went on)."""

    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (label, the path already holding it)
    failed: list[tuple[str, str]] = field(default_factory=list)
    known_failures: int = 0  # failed before and unchanged since: not tried again
    parsed: int = 0
    bytes: int = 0
    seconds: float = 0.0
    mode: str = "serial"

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "duplicates": [{"file": a, "same_as": b} for a, b in self.duplicates],
                "failed": [{"file": a, "error": b} for a, b in self.failed], "known_failures": self.known_failures,
                "parsed": self.parsed, "bytes": self.bytes, "seconds": round(self.seconds, 3), "mode": self.mode}


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    id: int
    name: str
    key: str
    documents: int
    language: str | None
    first_date: str | None
    last_date: str | None
    first_round: int | None
    last_round: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "key": self.key, "documents": self.documents,
                "language": self.language, "first_date": self.first_date, "last_date": self.last_date,
                "first_round": self.first_round, "last_round": self.last_round}


@dataclass(frozen=True, slots=True)
class Pending:
    label: str
    path: str
    sha256: str
    size: int
    replace: bool


# The order of a series, and of "earliest first": round, then date, then the
# order the files were added (rounds and dates may be missing).
# Clusters link texts at this similarity (reuse queries keep the aligner's 0.5):
# on the 10,000-statement planted archive 0.5 gave precision 0.94 / recall
# 0.96, 0.55 gave 0.960 / 0.955, 0.6 gave 0.961 / 0.949 (bench/RESULTS-archive.md).
CLUSTER_THRESHOLD = 0.55

DOC_ORDER = ("(d.round IS NULL), d.round, (d.date IS NULL), d.date, d.id")
TIME_ORDER = ("(d.date IS NULL), d.date, (d.round IS NULL), d.round, d.id")


class Archive:
    """An archive of statements in one SQLite file (created when missing)."""

    def __init__(self, path: str | os.PathLike[str] = "communique-archive.db", *, create: bool = True) -> None:
        self.path = os.fspath(path)
        self.con, self.params = connect(self.path, create=create)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ add

    def plan(self, paths: Iterable[str | os.PathLike[str]], report: AddReport,
             max_bytes: int = 20 * 1024 * 1024) -> tuple[list[Pending], list[Failure]]:
        """The files of ``paths`` that need parsing (new or changed), by
        hash; unchanged and duplicate files are counted in ``report``."""
        listed = _files.list_files(paths)
        report.files = len(listed)
        known: dict[str, str] = dict(self.con.execute("SELECT path, sha256 FROM documents"))
        failed: dict[str, str] = dict(self.con.execute("SELECT path, sha256 FROM failures"))
        by_sha: dict[str, str] = {sha: p for p, sha in known.items()}
        todo: list[Pending] = []
        unreadable: list[Failure] = []
        for label, path in listed:
            try:
                data = _files.read(path, max_bytes)
            except InputError as exc:
                unreadable.append(Failure(label, path, "", str(exc)))
                continue
            sha = hashlib.sha256(data).hexdigest()
            if known.get(path) == sha:
                report.unchanged += 1
                continue
            if failed.get(path) == sha:
                report.known_failures += 1
                continue
            other = by_sha.get(sha)
            if other is not None and other != path:
                report.duplicates.append((label, other))
                continue
            by_sha[sha] = path
            todo.append(Pending(label, path, sha, len(data), path in known or path in failed))
        return todo, unreadable

    def add(self, paths: Iterable[str | os.PathLike[str]], *, series: str | None = None, batch: int = 256,
            progress: Progress | None = None, dask: bool = False, scheduler: str | None = None, workers: int = 2,
            max_bytes: int = 20 * 1024 * 1024, parquet_dir: str | None = None) -> AddReport:
        """Add the statement files under ``paths`` (files or folders).

        Unchanged files (same path, same sha256) are skipped without
        parsing; a changed file replaces its old document; a file with the
        content of another archived file is a duplicate (reported, not
        added).  A file that fails to parse is recorded with its error and
        the rest goes on.  ``batch`` files are written per transaction.
        ``series`` puts every added file in that series.  ``dask`` runs the
        parsing on a local Dask cluster of ``workers`` processes,
        ``scheduler`` on an existing one (see
        :mod:`communique.archive.distributed`); ``parquet_dir`` keeps the
        Parquet files the workers wrote.  ``progress(n)`` is called as files
        are done.
        """
        t0 = time.perf_counter()
        report = AddReport()
        todo, unreadable = self.plan(paths, report, max_bytes)
        writer = Writer(self.con, self.params)
        if unreadable:
            writer.write(unreadable, replace=[f.path for f in unreadable])
            report.failed.extend((f.source, f.error) for f in unreadable)
        if dask or scheduler:
            from .distributed import add_with_dask

            report.mode = "dask"
            add_with_dask(self, writer, todo, report, series=series, scheduler=scheduler, workers=workers,
                          progress=progress, max_bytes=max_bytes, parquet_dir=parquet_dir)
        else:
            self._add_serial(writer, todo, report, series, batch, progress, max_bytes)
        report.seconds = time.perf_counter() - t0
        return report

    def _add_serial(self, writer: Writer, todo: Sequence[Pending], report: AddReport, series: str | None,
                    batch: int, progress: Progress | None, max_bytes: int) -> None:
        known_texts = self.text_ids()
        records: list[DocRecord | Failure] = []
        replace: list[str] = []
        for item in todo:
            try:
                data = _files.read(item.path, max_bytes)
                sha = hashlib.sha256(data).hexdigest()
                rec = process(item.label, item.path, data, sha, params=self.params, skip_texts=known_texts,
                              max_bytes=max_bytes, series=series)
            except InputError as exc:
                rec = Failure(item.label, item.path, item.sha256, str(exc))
            report.parsed += 1
            if isinstance(rec, DocRecord):
                known_texts.update(t.id for t in rec.texts)
            records.append(rec)
            if item.replace:
                replace.append(item.path)
            if len(records) >= batch:
                self._commit(writer, records, replace, report, progress)
                records, replace = [], []
        if records:
            self._commit(writer, records, replace, report, progress)

    def _commit(self, writer: Writer, records: list[DocRecord | Failure], replace: list[str], report: AddReport,
                progress: Progress | None) -> None:
        writer.write(records, replace)
        replaced = set(replace)
        for rec in records:
            if isinstance(rec, Failure):
                report.failed.append((rec.source, rec.error))
            else:
                report.bytes += rec.size
                if rec.path in replaced:
                    report.replaced += 1
                else:
                    report.added += 1
        if progress:
            progress(len(records))

    def text_ids(self) -> set[int]:
        return {r[0] for r in self.con.execute("SELECT id FROM texts")}

    # ------------------------------------------------------------------ reading

    def stats(self) -> dict[str, int]:
        q = self.con.execute
        return {"documents": q("SELECT count(*) FROM documents").fetchone()[0],
                "clauses": q("SELECT count(*) FROM clauses").fetchone()[0],
                "texts": q("SELECT count(*) FROM texts").fetchone()[0],
                "series": q("SELECT count(DISTINCT series_id) FROM documents").fetchone()[0],
                "failures": q("SELECT count(*) FROM failures").fetchone()[0]}

    def failures(self) -> list[tuple[str, str]]:
        return [(s, e) for s, e in self.con.execute("SELECT source, error FROM failures ORDER BY source")]

    def document(self, source: str) -> Document:
        """The stored document of ``source`` (its label or its path)."""
        row = self.con.execute("SELECT doc FROM documents WHERE source = ? OR path = ? ORDER BY id LIMIT 1",
                               (source, _abs(source))).fetchone()
        if row is None:
            raise InputError(f"{source}: not in the archive", name=source)
        doc = load_document(row[0])
        assert isinstance(doc, Document)
        return doc

    def series(self) -> list[SeriesInfo]:
        """Every series with its documents' count and span, by first date."""
        rows = self.con.execute(
            "SELECT s.id, s.name, s.key, count(d.id), max(d.language), min(d.date), max(d.date), min(d.round), "
            "max(d.round) FROM series s JOIN documents d ON d.series_id = s.id GROUP BY s.id "
            "ORDER BY (min(d.date) IS NULL), min(d.date), s.id").fetchall()
        return [SeriesInfo(*r) for r in rows]

    def find_series(self, name: str | int) -> SeriesInfo:
        """The series named ``name``: its id, its exact name (any case), or a
        part of its name that no other series has."""
        every = self.series()
        text = str(name).strip()
        if text.isdigit():
            hit = [s for s in every if s.id == int(text)]
            if hit:
                return hit[0]
        for test in (lambda s: s.name == text, lambda s: s.name.casefold() == text.casefold(),
                     lambda s: text.casefold() in s.name.casefold()):
            hit = [s for s in every if test(s)]
            if len(hit) == 1:
                return hit[0]
            if len(hit) > 1:
                names = "; ".join(f"{s.id}: {s.name}" for s in hit[:5])
                raise OptionError(f"series {text!r} is ambiguous ({len(hit)} series: {names}…); give its id")
        raise OptionError(f"no series {text!r} in the archive (communique archive series lists them)")

    def series_documents(self, name: str | int) -> list[tuple[int, str]]:
        """``(document id, label)`` of a series, in series order."""
        s = self.find_series(name)
        return [(i, src) for i, src in self.con.execute(
            f"SELECT d.id, d.source FROM documents d WHERE d.series_id = ? ORDER BY {DOC_ORDER}", (s.id,))]

    def history(self, name: str | int, *, profile: Profile | None = None, threshold: float | None = None,
                progress: Callable[[], None] | None = None) -> History:
        """The lineage matrix of a whole series: ``communique.history`` of its
        documents (as stored) in series order, labelled as they were added."""
        import communique

        docs = self.series_documents(name)
        if len(docs) < 2:
            raise OptionError(f"series {name!r} has {len(docs)} document; a history needs at least two rounds")
        loaded = [self._load(i) for i, _ in docs]
        return communique.history(loaded, labels=[src for _, src in docs], profile=profile, threshold=threshold,
                                  progress=progress)

    def _load(self, doc_id: int) -> Document:
        doc = load_document(self.con.execute("SELECT doc FROM documents WHERE id = ?", (doc_id,)).fetchone()[0])
        assert isinstance(doc, Document)
        return doc

    # ------------------------------------------------------------------ queries

    def reuse(self, query: str | tuple[str, str], *, threshold: float = 0.5, limit: int | None = None) -> Reuse:
        """Every clause of the archive that is a near-duplicate of ``query``
        (a clause text, or ``(file, clause path)``), earliest first."""
        from .query import reuse

        return reuse(self, query, threshold=threshold, limit=limit)

    def search(self, query: str, *, limit: int | None = 20) -> list[Hit]:
        """Full-text search over the clauses (Arabic normalization profile)."""
        from .query import search

        return search(self, query, limit=limit)

    def clusters(self, *, threshold: float = CLUSTER_THRESHOLD, min_documents: int = 2, dask: bool = False,
                 scheduler: str | None = None, workers: int = 2) -> Clusters:
        """Every family of reused clauses across the archive."""
        from .clusters import find_clusters

        return find_clusters(self, threshold=threshold, min_documents=min_documents, dask=dask,
                             scheduler=scheduler, workers=workers)


def _abs(path: str) -> str:
    from pathlib import Path

    try:
        return str(Path(path).resolve())
    except (OSError, ValueError, RuntimeError):
        return path
