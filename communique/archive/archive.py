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

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError, OptionError
from ..model import Document, History, Profile
from .records import load_document
from .store import connect

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


# The order of a series, and of "earliest first": round, then date, then the
# order the files were added (rounds and dates may be missing).
# Clusters link texts at this similarity, chosen on the 10,000-statement planted
# archive (bench/RESULTS-archive.md) with the current parser and aligner: 0.5 gave
# precision 0.953 / recall 0.952, 0.55 gave 0.961 / 0.950 (on 3,000 statements
# 0.45 gave 0.941 / 0.961): the lowest that keeps precision over 0.95.
CLUSTER_THRESHOLD = 0.5

DOC_ORDER = ("(d.round IS NULL), d.round, (d.date IS NULL), d.date, d.id")
TIME_ORDER = ("(d.date IS NULL), d.date, (d.round IS NULL), d.round, d.id")


class Archive:
    """An archive of statements in one SQLite file (created when missing)."""

    def __init__(self, path: str | os.PathLike[str] = "communique-archive.db", *, create: bool = True) -> None:
        self.path = os.fspath(path)
        self.con, self.params = connect(self.path, create=create)
        # reuse's word frequencies, valid for an archive version (see query._term_docs)
        self.term_docs: tuple[tuple[int, int], dict[str, int]] | None = None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ add

    def add(self, paths: Iterable[str | os.PathLike[str]], *, series: str | None = None, batch: int | None = None,
            jobs: int | None = None, progress: Progress | None = None, dask: bool = False,
            scheduler: str | None = None, workers: int = 2, max_bytes: int = 20 * 1024 * 1024,
            parquet_dir: str | None = None) -> AddReport:
        """Add the statement files under ``paths`` (files or folders).

        Unchanged files (same path, same sha256) are skipped without
        parsing; a changed file replaces its old document; a file with the
        content of another archived file is a duplicate (reported, not
        added).  A file that fails to parse is recorded with its error and
        the rest goes on.  ``batch`` files are written per transaction
        (default: 1,000, or an eighth of the archive once that is more, so
        the index is rewritten a bounded number of times: see
        :data:`communique.archive.adding.MIN_BATCH`).
        ``series`` puts every added file in that series.

        Parsing runs on ``jobs`` processes (default: one a core; 1: in this
        process).  A script that adds with more than one needs the
        ``if __name__ == "__main__":`` guard, as for any process pool.
        ``dask`` runs it on a local Dask cluster of ``workers`` processes
        instead, ``scheduler`` on an existing one (see
        :mod:`communique.archive.distributed`); with ``parquet_dir`` the
        workers also write what they parsed there as Parquet.  ``progress(n)`` is called as
        files are parsed.
        """
        from . import adding

        t0 = time.perf_counter()
        report = AddReport()
        todo, unreadable = adding.plan(self.con, paths, report, max_bytes)
        replacing = [p.path for p in todo if p.replace]
        loader = adding.Loader(self.con, self.params, report, batch=batch, replacing=replacing, progress=progress)
        loader.write_failures(unreadable)
        if todo:
            options = adding.ParseOptions(self.params, max_bytes, series, adding.reusable_texts(self.con, replacing))
            jobs = adding.cores() if jobs is None else max(1, jobs)
            if dask or scheduler:
                from .distributed import parse_with_dask

                report.mode = "dask"
                parse_with_dask(todo, options, loader, scheduler=scheduler, workers=workers,
                                parquet_dir=parquet_dir)
            elif jobs > 1 and len(todo) >= adding.POOL_MIN_FILES:
                report.mode = f"{jobs} processes"
                adding.parse_in_pool(todo, options, loader, jobs)
            else:
                adding.parse_here(todo, options, loader)
            loader.flush()
        report.seconds = time.perf_counter() - t0
        return report

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
