"""``add`` and ``clusters`` on Dask.

``--dask`` starts a local cluster of worker *processes*
(``distributed.LocalCluster``, one thread each: parsing is pure Python, so
threads would share one interpreter lock); ``--scheduler ADDRESS`` uses an
existing cluster, whose workers must see the same files (a shared
filesystem).  Dask is imported here only, so ``communique --help`` never
loads it.

**add.**  The files to parse are cut into partitions of files in order;
each is parsed on a worker by :func:`communique.archive.records.process_files`
(the code every way of adding runs: read, hash, parse, keys, signatures,
band keys) and its :class:`~communique.archive.records.Chunk` comes back
pickled, which is compact (about 6 KB a statement) and costs a tenth of
what the Parquet round trip of the first version did.  The main process,
the archive's single writer, only inserts: it writes the chunks in
partition order (the order of the files: the archive is row for row the
one a serial ``add`` builds), ``batch`` files a transaction, while the
workers parse the next partitions, so the archive is consistent after
any stop and the next ``add`` completes it.  ``parquet_dir`` also has the
workers write each partition there as three Parquet files (documents,
clauses, texts with their signatures and band keys), for reading the
parsed archive directly (:func:`read_partition`).

**clusters.**  The band keys are exported from the archive to Parquet and
shuffled on Dask by key (``dask.dataframe.shuffle``): each partition then
holds whole buckets and makes its candidate pairs, so no process ever holds
all the signatures or band keys.  Pairs are de-duplicated by a second
shuffle, joined with the texts' keys, and verified on the workers with the
aligner's similarity; the verified edges (about one per text) come back
and choose parents exactly as the serial path does, so both give the same
families.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import OptionError
from .records import Chunk, ClauseRow, DocRecord, Failure, TextRow

if TYPE_CHECKING:
    from .adding import Loader, ParseOptions, Pending
    from .archive import Archive
    from .clusters import TextTable


@contextmanager
def client(scheduler: str | None, workers: int) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise OptionError("Dask is not installed: pip install 'communique[dask]'") from None
    if scheduler:
        try:
            c = Client(scheduler, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise OptionError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        try:
            yield c
        finally:
            c.close()
        return
    import dask

    # A cluster of our own for one job, with no dashboard: nothing shows the workers' statistical
    # profiler, which samples the task thread's stack every 10 ms and takes the interpreter lock from
    # the parsing (measured: a worker's event loop spent 1.4 s of CPU beside 4.8 s of parsing with it),
    # and the event-loop health checks (20 ms), system and memory monitors and work stealing (tasks are
    # equal and queued on the scheduler) need not wake every process many times a second: 4 % of a core
    # in this process and 2 % in each worker with the defaults, 0.8 % and 0.4 % with these.  An
    # existing cluster (``--scheduler``) keeps its own settings.
    with dask.config.set({"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                          "distributed.admin.system-monitor.interval": "5s",
                          "distributed.worker.memory.monitor-interval": "1s",
                          "distributed.scheduler.work-stealing": False}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               worker_dashboard_address=None, silence_logs=50)
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


# --------------------------------------------------------------------------- add

PARTITION_FILES = 250  # files per bag partition: a second or two of work, a few hundred tasks at 100,000 files

_SCHEMAS: dict[str, Any] = {}


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    if not _SCHEMAS:
        _SCHEMAS.update({
            "docs": pa.schema([("source", pa.string()), ("path", pa.string()), ("sha256", pa.string()),
                               ("size", pa.int64()), ("format", pa.string()), ("encoding", pa.string()),
                               ("meta", pa.string()), ("series_key", pa.string()), ("series_name", pa.string()),
                               ("doc", pa.binary()), ("error", pa.string())]),
            "clauses": pa.schema([("doc", pa.int32()), ("ord", pa.int32()), ("path", pa.string()),
                                  ("section", pa.string()), ("role", pa.string()), ("text", pa.string()),
                                  ("start", pa.int64()), ("end", pa.int64()), ("text_id", pa.int64())]),
            "texts": pa.schema([("id", pa.int64()), ("keys", pa.string()), ("n_keys", pa.int32()),
                                ("sig", pa.binary()), ("bands", pa.list_(pa.int64()))]),
        })
    return _SCHEMAS


def _parse_partition(items: list[tuple[int, str, str]], options: ParseOptions,
                     out_dir: str | None) -> list[Chunk]:
    """On a worker: parse a partition's files (the code every path runs).
    The chunk itself goes back to the client (pickled: a tenth of what
    writing and reading it as Parquet costs, measured 0.1 s against 0.5 s
    for 500 files, beside 1.8 s of parsing); with ``out_dir`` it is also
    written there as Parquet, for whoever reads the parsed archive
    directly."""
    chunk = options.parse([(label, path) for _, label, path in items])
    if out_dir is not None:
        write_partition(chunk, out_dir, f"part-{items[0][0]:07d}" if items else "part-empty")
    return [chunk]


def write_partition(chunk: Chunk, out_dir: str, name: str) -> dict[str, str]:
    """``chunk`` as three Parquet files (documents, clauses, texts with their
    signatures and band keys) under ``out_dir``; returns their paths."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs: dict[str, list[Any]] = {k: [] for k in _schemas()["docs"].names}
    clauses: dict[str, list[Any]] = {k: [] for k in _schemas()["clauses"].names}
    for k, rec in enumerate(chunk.records):
        row: tuple[Any, ...]
        if isinstance(rec, Failure):
            row = (rec.source, rec.path, rec.sha256, 0, None, None, None, None, None, None, rec.error)
        else:
            row = (rec.source, rec.path, rec.sha256, rec.size, rec.format, rec.encoding,
                   json.dumps(rec.meta, ensure_ascii=False), rec.series_key, rec.series_name, rec.doc, None)
            for c in rec.clauses:
                for col, val in zip(clauses.values(), (k, c.ord, c.path, c.section, c.role, c.text, c.start,
                                                       c.end, c.text_id), strict=True):
                    col.append(val)
        for col, cell in zip(docs.values(), row, strict=True):
            col.append(cell)
    rows = list(chunk.texts.values())
    texts = {"id": [t.id for t in rows], "keys": [t.keys for t in rows], "n_keys": [t.n_keys for t in rows],
             "sig": [t.sig for t in rows], "bands": [t.bands for t in rows]}
    out = {}
    for kind, cols in (("docs", docs), ("clauses", clauses), ("texts", texts)):
        os.makedirs(os.path.join(out_dir, kind), exist_ok=True)
        target = os.path.join(out_dir, kind, f"{name}.parquet")
        pq.write_table(pa.table(cols, schema=_schemas()[kind]), target, compression="zstd")
        out[kind] = target
    return out


def read_partition(files: dict[str, str]) -> Chunk:
    """One partition's Parquet files (:func:`write_partition`) as the chunk
    its worker parsed."""
    import pyarrow.parquet as pq

    def columns(kind: str) -> dict[str, list[Any]]:
        table = pq.ParquetFile(files[kind]).read()  # not pq.read_table: that imports pandas
        return {name: table.column(name).to_pylist() for name in table.column_names}

    docs, clauses, texts = columns("docs"), columns("clauses"), columns("texts")
    chunk = Chunk()
    for k in range(len(docs["source"])):
        if docs["error"][k] is not None:
            chunk.records.append(Failure(docs["source"][k], docs["path"][k], docs["sha256"][k], docs["error"][k]))
        else:
            chunk.records.append(DocRecord(docs["source"][k], docs["path"][k], docs["sha256"][k], docs["size"][k],
                                           docs["format"][k], docs["encoding"][k], json.loads(docs["meta"][k]),
                                           docs["series_key"][k], docs["series_name"][k], docs["doc"][k]))
    cols = [clauses[c] for c in ("doc", "ord", "path", "section", "role", "text", "start", "end", "text_id")]
    for d, o, p, sec, role, text, start, end, tid in zip(*cols, strict=True):
        rec = chunk.records[d]
        assert isinstance(rec, DocRecord)
        rec.clauses.append(ClauseRow(o, p, sec, role, text, start, end, tid))
    for row in zip(texts["id"], texts["keys"], texts["n_keys"], texts["sig"], texts["bands"], strict=True):
        chunk.texts[row[0]] = TextRow(*row)
    return chunk


def parse_with_dask(todo: Sequence[Pending], options: ParseOptions, loader: Loader, *,
                    scheduler: str | None, workers: int, parquet_dir: str | None = None) -> None:
    """Parse ``todo`` on Dask, a partition of files a task; write each
    partition's chunk into the archive in partition order (so the archive
    is the one the other paths build) while the workers parse the next
    ones.  A few partitions a worker are in flight, no more: if the writer
    falls behind (the archive's index grows with it), the workers wait
    rather than pile parsed chunks up in memory."""
    from collections import deque

    if parquet_dir is not None:
        os.makedirs(parquet_dir, exist_ok=True)
    items = [(k, t.label, t.path) for k, t in enumerate(todo)]
    with client(scheduler, workers) as c:
        # about four partitions a worker thread at least (an existing cluster's count), so all stay
        # busy to the end; at most PARTITION_FILES
        threads = sum(c.nthreads().values()) or workers
        size = max(1, min(PARTITION_FILES, -(-len(items) // (4 * threads))))
        parts = [items[k:k + size] for k in range(0, len(items), size)]
        # the options (with the archive's text ids) go to each worker once, not with every task
        shared = c.scatter(options, broadcast=True)
        ahead: deque[Any] = deque()

        def submit(k: int) -> None:
            # earlier partitions first: the writer takes them in order
            ahead.append(c.submit(_parse_partition, parts[k], shared, parquet_dir, priority=len(parts) - k,
                                  pure=False))

        for k in range(min(len(parts), 3 * threads)):
            submit(k)
        following = len(ahead)
        while ahead:
            fut = ahead.popleft()
            chunks = fut.result()
            fut.release()
            if following < len(parts):
                submit(following)
                following += 1
            for chunk in chunks:
                loader.feed(chunk)


# --------------------------------------------------------------------------- clusters


def _bucket_pairs(df: Any, cap: int) -> Any:
    """On a worker: the candidate pairs of the whole buckets in a partition."""
    import pandas as pd

    if not len(df):
        return pd.DataFrame({"pair": np.zeros(0, dtype=np.int64)})
    df = df.sort_values(["key", "rank"])
    keys = df["key"].to_numpy()
    ranks = df["rank"].to_numpy()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    out: list[int] = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s < 2 or e - s > cap:
            continue
        rs = ranks[s:e].tolist()
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                out.append((rs[i] << 32) | rs[j])
    return pd.DataFrame({"pair": np.asarray(out, dtype=np.int64)})


def _split_pairs(df: Any) -> Any:
    p = df["pair"].to_numpy(dtype=np.int64)
    return df.assign(a=p >> 32, b=p & 0xFFFFFFFF)


def _verify_partition(df: Any, threshold: float) -> Any:
    """On a worker: keep the verified pairs (the serial rule) with their similarity."""
    import pandas as pd

    from .clusters import Encoder, verify

    if not len(df):
        return pd.DataFrame({"pair": np.zeros(0, np.int64), "sim": np.zeros(0, np.float64)})
    enc = Encoder()
    texts = [enc(k) for k in df["keys_a"].tolist()] + [enc(k) for k in df["keys_b"].tolist()]
    n = len(df)
    local = (np.arange(n, dtype=np.int64) << 32) | (np.arange(n, dtype=np.int64) + n)
    kept, sims = verify(local, texts, threshold)
    rows = (kept >> 32).astype(np.int64)
    return pd.DataFrame({"pair": df["pair"].to_numpy()[rows], "sim": sims})


def parents_with_dask(archive: Archive, table: TextTable, threshold: float, *, scheduler: str | None,
                      workers: int) -> tuple[np.ndarray, np.ndarray, dict[int, list[int]], dict[str, Any]]:
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .clusters import BUCKET_CAP, merges, parents, series_pairs, series_steps

    n = len(table.keys)
    work = tempfile.mkdtemp(prefix=".communique-clusters-", dir=str(Path(archive.path).parent))
    try:
        # band keys (with ranks) and texts (rank, keys) as Parquet, streamed out of SQLite
        os.makedirs(os.path.join(work, "bands"))
        rank = table.rank
        cur = archive.con.execute("SELECT key, text_id FROM lsh")
        part = 0
        while True:
            rows = cur.fetchmany(1 << 20)
            if not rows:
                break
            keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            ranks = np.fromiter((rank.get(r[1], -1) for r in rows), dtype=np.int64, count=len(rows))
            ok = ranks >= 0
            pq.write_table(pa.table({"key": keys[ok], "rank": ranks[ok]}),
                           os.path.join(work, "bands", f"{part:05d}.parquet"))
            part += 1
        pq.write_table(pa.table({"rank": np.arange(n, dtype=np.int64), "keys": table.keys}),
                       os.path.join(work, "texts.parquet"), row_group_size=50_000)
        extra = series_pairs(series_steps(archive), rank)
        pq.write_table(pa.table({"pair": extra}), os.path.join(work, "series_pairs.parquet"))
        with client(scheduler, workers):
            nparts = max(2 * workers, part)
            if part:
                bands = dd.read_parquet(os.path.join(work, "bands"))
                shuffled = bands.shuffle("key", npartitions=nparts)
                pairs = shuffled.map_partitions(_bucket_pairs, BUCKET_CAP,
                                                meta=pd.DataFrame({"pair": np.zeros(0, np.int64)}))
            else:
                pairs = dd.from_pandas(pd.DataFrame({"pair": np.zeros(0, np.int64)}), npartitions=1)
            pairs = dd.concat([pairs, dd.read_parquet(os.path.join(work, "series_pairs.parquet"))])
            pairs = pairs.drop_duplicates(split_out=nparts)
            pairs = pairs.map_partitions(_split_pairs, meta=pd.DataFrame({"pair": np.zeros(0, np.int64),
                                                                          "a": np.zeros(0, np.int64),
                                                                          "b": np.zeros(0, np.int64)}))
            texts = dd.read_parquet(os.path.join(work, "texts.parquet"))
            joined = pairs.merge(texts.rename(columns={"rank": "a", "keys": "keys_a"}), on="a")
            joined = joined.merge(texts.rename(columns={"rank": "b", "keys": "keys_b"}), on="b")
            verified = joined.map_partitions(_verify_partition, threshold,
                                             meta=pd.DataFrame({"pair": np.zeros(0, np.int64),
                                                                "sim": np.zeros(0, np.float64)}))
            n_candidates = pairs.shape[0]
            edges, count = dd.compute(verified, n_candidates)
        edges = edges.sort_values("pair")
        kept = edges["pair"].to_numpy(dtype=np.int64)
        sims = edges["sim"].to_numpy(dtype=np.float64)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    parent, best = parents(kept, sims, n)
    lengths = np.asarray([len(k.split(" ")) if k else 0 for k in table.keys], dtype=np.int64)
    merged = merges(kept, sims, lengths)
    return parent, best, merged, {"texts": n, "candidate_pairs": int(count), "verified_pairs": len(kept),
                                  "mode": "dask"}
