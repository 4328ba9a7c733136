"""``Archive.add``: which files need parsing, parsing them (in this process,
in a pool of processes, or on Dask), and writing what they give in batches.

Only files whose path the archive already holds are read before parsing
(to compare their sha256 with the stored one: an unchanged folder is read,
never parsed).  New files are read once, by the process that parses them;
a new file with the content of another archived file is a duplicate,
found when its record comes back and reported instead of written.

Whatever parses, the records come back in the order of the files and are
written in that order, ``batch`` files a transaction, so the archive (its
document ids, the order of first appearances) is the same for every way
of parsing.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError
from . import files as _files
from .records import Chunk, DocRecord, Failure, TextRow, process_files
from .sketch import Params
from .store import Writer

if TYPE_CHECKING:
    from .archive import AddReport

Progress = Callable[[int], None]

# Files per transaction when ``add`` is not told: at least MIN_BATCH, and an eighth of the archive
# once it is larger.  Each commit writes every page its inserts dirtied, and the band keys of the
# ``lsh`` index are random, so a batch dirties nearly the whole index once it is large: fixed batches
# rewrite it once per batch (quadratic in the archive), batches that grow with it a bounded number of
# times in all.  Measured, 7.4 million band keys (100,000 statements) into an empty index: 1,000 files
# a commit, 100 commits, 63 s of CPU (36 s of it committing) and 119 s of wall; an eighth, 30 commits,
# 28 s and 40 s.  A killed add loses at most the batch in progress (an eighth of the work done).
MIN_BATCH = 1000
BATCH_FRACTION = 8

CHUNK_FILES = 32  # files per task of the pool: a tenth of a second of work, few enough to keep the order cheap
POOL_MIN_FILES = 4 * CHUNK_FILES  # fewer files are parsed in this process: starting workers costs more


@dataclass(frozen=True, slots=True)
class Pending:
    label: str
    path: str
    replace: bool  # the archive holds an older version of this path (or its failure)


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """What every parsing process needs besides the files (picklable)."""

    params: Params
    max_bytes: int
    series: str | None = None
    skip_texts: frozenset[int] = field(default_factory=frozenset)  # already in the archive: not signed again

    def parse(self, items: Sequence[tuple[str, str]]) -> Chunk:
        return process_files(items, params=self.params, skip_texts=self.skip_texts, max_bytes=self.max_bytes,
                             series=self.series)


def plan(con: sqlite3.Connection, paths: Iterable[str | os.PathLike[str]], report: AddReport,
         max_bytes: int) -> tuple[list[Pending], list[Failure]]:
    """The files of ``paths`` to parse: new ones, and known ones whose
    content changed (by sha256).  Unchanged files and unchanged known
    failures are counted in ``report``; a known file that cannot be read
    any more is a failure that replaces its document."""
    listed = _files.list_files(paths)
    report.files = len(listed)
    known: dict[str, str] = dict(con.execute("SELECT path, sha256 FROM documents"))
    failed: dict[str, str] = dict(con.execute("SELECT path, sha256 FROM failures"))
    todo: list[Pending] = []
    unreadable: list[Failure] = []
    for label, path in listed:
        if path not in known and path not in failed:
            todo.append(Pending(label, path, False))
            continue
        try:
            data = _files.read(path, max_bytes)
        except InputError as exc:
            unreadable.append(Failure(label, path, "", str(exc)))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if known.get(path) == sha:
            report.unchanged += 1
        elif failed.get(path) == sha:
            report.known_failures += 1
        else:
            todo.append(Pending(label, path, True))
    return todo, unreadable


def reusable_texts(con: sqlite3.Connection, replacing: Sequence[str]) -> frozenset[int]:
    """Texts the parsing processes need not sign again: those named by a
    document that stays.  (A text only a replaced document named may be
    removed with it before a later batch names it again.)"""
    if not replacing:
        return frozenset(r[0] for r in con.execute("SELECT id FROM texts"))
    con.execute("CREATE TEMP TABLE IF NOT EXISTS replacing(path TEXT PRIMARY KEY)")
    con.execute("DELETE FROM temp.replacing")
    con.executemany("INSERT OR IGNORE INTO temp.replacing VALUES (?)", [(p,) for p in replacing])
    rows = con.execute("SELECT DISTINCT c.text_id FROM clauses c JOIN documents d ON d.id = c.doc_id "
                       "WHERE d.path NOT IN (SELECT path FROM temp.replacing)")
    out = frozenset(r[0] for r in rows)
    con.execute("DELETE FROM temp.replacing")
    return out


class Loader:
    """Takes chunks in file order and writes them, ``batch`` files a
    transaction (``None``: :data:`MIN_BATCH` or an eighth of the archive);
    counts what happened in the report."""

    def __init__(self, con: sqlite3.Connection, params: Params, report: AddReport, *, batch: int | None,
                 replacing: Iterable[str], progress: Progress | None) -> None:
        self.writer = Writer(con, params)
        self.report = report
        self.batch = batch
        self.replacing = set(replacing)
        self.progress = progress
        # a replaced document's old content is not there any more: a file holding it is no duplicate
        self.by_sha: dict[str, str] = {sha: p for p, sha in con.execute("SELECT path, sha256 FROM documents")
                                       if p not in self.replacing}
        self.records: list[DocRecord | Failure] = []
        self.texts: dict[int, TextRow] = {}

    def feed(self, chunk: Chunk) -> None:
        # the chunk's texts stay with its records: those of a dropped duplicate
        # may be named by a later record, and a batch may end inside the chunk
        self.texts.update(chunk.texts)
        for rec in chunk.records:
            if isinstance(rec, DocRecord):
                other = self.by_sha.get(rec.sha256)
                if other is not None and other != rec.path:
                    self.report.duplicates.append((rec.source, other))
                    continue
                self.by_sha[rec.sha256] = rec.path
            self.records.append(rec)
            if len(self.records) >= self.batch_size():
                self.flush()
                self.texts = dict(chunk.texts)
        self.report.parsed += len(chunk.records)
        if self.progress:
            self.progress(len(chunk.records))

    def batch_size(self) -> int:
        if self.batch is not None:
            return self.batch
        return max(MIN_BATCH, (self.writer.next_doc - 1) // BATCH_FRACTION)

    def write_failures(self, failures: Sequence[Failure]) -> None:
        """Failures found before parsing (known files no longer readable)."""
        if failures:
            self.writer.write(failures, replace=[f.path for f in failures])
            self.report.failed.extend((f.source, f.error) for f in failures)

    def flush(self) -> None:
        if not self.records:
            return
        replace = [r.path for r in self.records if r.path in self.replacing]
        self.writer.write(self.records, self.texts, replace)
        report = self.report
        for rec in self.records:
            if isinstance(rec, Failure):
                report.failed.append((rec.source, rec.error))
            else:
                report.bytes += rec.size
                if rec.path in self.replacing:
                    report.replaced += 1
                else:
                    report.added += 1
        self.records, self.texts = [], {}


def chunks(todo: Sequence[Pending], size: int) -> Iterator[list[tuple[str, str]]]:
    for k in range(0, len(todo), size):
        yield [(p.label, p.path) for p in todo[k:k + size]]


def parse_here(todo: Sequence[Pending], options: ParseOptions, loader: Loader) -> None:
    for items in chunks(todo, CHUNK_FILES):
        loader.feed(options.parse(items))


# --------------------------------------------------------------------------- the process pool

_WORKER_OPTIONS: ParseOptions | None = None


def _start_worker(options: ParseOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose ``add`` was killed would wait for work forever (its
    task queue holds both ends of a pipe, so it never sees an end of file)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _parse_in_worker(items: list[tuple[str, str]]) -> Chunk:
    assert _WORKER_OPTIONS is not None
    return _WORKER_OPTIONS.parse(items)


def parse_in_pool(todo: Sequence[Pending], options: ParseOptions, loader: Loader, jobs: int) -> None:
    """Parse on ``jobs`` worker processes (spawned: a script that calls this
    needs the ``if __name__ == "__main__":`` guard, as for any process
    pool).  A few chunks ahead are in flight, so memory stays bounded
    while this process writes; results are taken in order.  If the pool
    breaks (a worker killed, or a script without the guard, whose workers
    cannot start), the chunks not yet written are parsed in this process:
    the add finishes, only slower."""
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(options,))
    ahead: deque[tuple[list[tuple[str, str]], Future[Chunk]]] = deque()
    work = chunks(todo, CHUNK_FILES)
    try:
        try:
            for items in work:
                ahead.append((items, pool.submit(_parse_in_worker, items)))
                if len(ahead) >= 3 * jobs:
                    break
            while ahead:
                chunk = ahead[0][1].result()
                ahead.popleft()
                following = next(work, None)
                if following is not None:
                    ahead.append((following, pool.submit(_parse_in_worker, following)))
                loader.feed(chunk)
        except BrokenProcessPool:
            for items, _ in ahead:
                loader.feed(options.parse(items))
            for items in work:
                loader.feed(options.parse(items))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
