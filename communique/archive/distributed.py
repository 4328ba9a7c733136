"""``add`` and ``clusters`` on Dask.

``--dask`` starts a local cluster of worker *processes*
(``distributed.LocalCluster``, one thread each: parsing is pure Python, so
threads would share one interpreter lock); ``--scheduler ADDRESS`` uses an
existing cluster, whose workers must see the same files (a shared
filesystem).  Dask is imported here only, so ``communique --help`` never
loads it.

**add.**  The files to parse are a ``dask.bag``; each partition is parsed
on a worker by :func:`communique.archive.records.process` (the serial code)
and written as three Parquet files (documents, clauses, texts with their
signatures and band keys) in a staging folder beside the archive.  As
partitions finish, the main process loads each into SQLite in one
transaction, so the archive is consistent after any stop and the next
``add`` completes it.  ``parquet_dir`` keeps the Parquet files (they are
removed otherwise).

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import OptionError
from .records import DocRecord, Failure, process
from .sketch import Params

if TYPE_CHECKING:
    from .archive import AddReport, Archive, Pending
    from .clusters import TextTable
    from .store import Writer

PARTITION_FILES = 250  # files per bag partition: big enough to amortize a task, small enough to stream


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
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=50)
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


# --------------------------------------------------------------------------- add


def _parse_partition(items: list[tuple[str, str, str]], out_dir: str, params: dict[str, int], series: str | None,
                     max_bytes: int) -> list[dict[str, Any]]:
    """On a worker: parse a partition's files and write its Parquet files."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from .files import read

    p = Params(**params)
    docs: dict[str, list[Any]] = {k: [] for k in ("source", "path", "sha256", "size", "format", "encoding", "meta",
                                                   "series_key", "series_name", "doc", "error")}
    clauses: dict[str, list[Any]] = {k: [] for k in ("doc", "ord", "path", "section", "role", "text", "start",
                                                      "end", "text_id")}
    texts: dict[str, list[Any]] = {k: [] for k in ("id", "keys", "n_keys", "sig", "bands")}
    seen: set[int] = set()
    for label, path, sha in items:
        try:
            data = read(path, max_bytes)
            rec: DocRecord | Failure = process(label, path, data, hashlib.sha256(data).hexdigest(), params=p,
                                               max_bytes=max_bytes, series=series)
        except Exception as exc:  # an unreadable file is a failure like a parse error
            rec = Failure(label, path, sha, str(exc))
        k = len(docs["source"])
        row: tuple[Any, ...]
        val: Any
        if isinstance(rec, Failure):
            row = (rec.source, rec.path, rec.sha256, 0, None, None, None, None, None, None, rec.error)
            for col, val in zip(docs, row, strict=True):
                docs[col].append(val)
            continue
        row = (rec.source, rec.path, rec.sha256, rec.size, rec.format, rec.encoding,
               json.dumps(rec.meta, ensure_ascii=False), rec.series_key, rec.series_name, rec.doc, None)
        for col, val in zip(docs, row, strict=True):
            docs[col].append(val)
        for c in rec.clauses:
            row = (k, c.ord, c.path, c.section, c.role, c.text, c.start, c.end, c.text_id)
            for col, val in zip(clauses, row, strict=True):
                clauses[col].append(val)
        for t in rec.texts:
            if t.id in seen:
                continue
            seen.add(t.id)
            row = (t.id, t.keys, t.n_keys, t.sig, t.bands)
            for col, val in zip(texts, row, strict=True):
                texts[col].append(val)
    name = f"part-{os.getpid()}-{abs(hash(items[0][1])) if items else 0:x}"
    out = {}
    schemas = {
        "docs": pa.schema([("source", pa.string()), ("path", pa.string()), ("sha256", pa.string()),
                           ("size", pa.int64()), ("format", pa.string()), ("encoding", pa.string()),
                           ("meta", pa.string()), ("series_key", pa.string()), ("series_name", pa.string()),
                           ("doc", pa.binary()), ("error", pa.string())]),
        "clauses": pa.schema([("doc", pa.int32()), ("ord", pa.int32()), ("path", pa.string()),
                              ("section", pa.string()), ("role", pa.string()), ("text", pa.string()),
                              ("start", pa.int64()), ("end", pa.int64()), ("text_id", pa.int64())]),
        "texts": pa.schema([("id", pa.int64()), ("keys", pa.string()), ("n_keys", pa.int32()),
                            ("sig", pa.binary()), ("bands", pa.list_(pa.int64()))]),
    }
    for kind, cols in (("docs", docs), ("clauses", clauses), ("texts", texts)):
        target = os.path.join(out_dir, kind, f"{name}.parquet")
        pq.write_table(pa.table(cols, schema=schemas[kind]), target, compression="zstd")
        out[kind] = target
    return [out]


def load_partition(writer: Writer, files: dict[str, str], replace: Sequence[str]) -> tuple[int, int, list[Any]]:
    """Load one partition's Parquet files into the archive (one transaction).
    Returns (documents, bytes, failures as (label, error))."""
    import pyarrow.parquet as pq

    from .records import ClauseRow, TextRow

    docs = pq.read_table(files["docs"]).to_pydict()
    clauses = pq.read_table(files["clauses"]).to_pydict()
    texts = pq.read_table(files["texts"]).to_pydict()
    records: list[DocRecord | Failure] = []
    for k in range(len(docs["source"])):
        if docs["error"][k] is not None:
            records.append(Failure(docs["source"][k], docs["path"][k], docs["sha256"][k], docs["error"][k]))
        else:
            records.append(DocRecord(docs["source"][k], docs["path"][k], docs["sha256"][k], docs["size"][k],
                                     docs["format"][k], docs["encoding"][k], json.loads(docs["meta"][k]),
                                     docs["series_key"][k], docs["series_name"][k], docs["doc"][k]))
    cols = [clauses[c] for c in ("doc", "ord", "path", "section", "role", "text", "start", "end", "text_id")]
    for d, o, p, sec, role, text, start, end, tid in zip(*cols, strict=True):
        rec = records[d]
        assert isinstance(rec, DocRecord)
        rec.clauses.append(ClauseRow(o, p, sec, role, text, start, end, tid))
    text_rows = [TextRow(*row) for row in zip(texts["id"], texts["keys"], texts["n_keys"], texts["sig"],
                                              texts["bands"], strict=True)]
    first = next((r for r in records if isinstance(r, DocRecord)), None)
    if first is not None:
        first.texts = text_rows
    paths = {r.path for r in records}
    writer.write(records, [p for p in replace if p in paths])
    ok = [r for r in records if isinstance(r, DocRecord)]
    return len(ok), sum(r.size for r in ok), [(r.source, r.error) for r in records if isinstance(r, Failure)]


def add_with_dask(archive: Archive, writer: Writer, todo: Sequence[Pending], report: AddReport, *,
                  series: str | None, scheduler: str | None, workers: int, progress: Callable[[int], None] | None,
                  max_bytes: int, parquet_dir: str | None = None) -> None:
    if not todo:
        return
    import dask.bag as db
    from dask.distributed import as_completed

    keep = parquet_dir is not None
    out_dir = parquet_dir or tempfile.mkdtemp(prefix=".communique-parts-", dir=str(Path(archive.path).parent))
    for kind in ("docs", "clauses", "texts"):
        os.makedirs(os.path.join(out_dir, kind), exist_ok=True)
    replace = [t.path for t in todo if t.replace]
    items = [(t.label, t.path, t.sha256) for t in todo]
    size = max(1, min(PARTITION_FILES, -(-len(items) // (4 * workers))))
    try:
        with client(scheduler, workers) as c:
            bag = db.from_sequence(items, partition_size=size).map_partitions(
                _parse_partition, out_dir, archive.params.to_dict(), series, max_bytes)
            futures = c.compute(bag.to_delayed())
            for fut in as_completed(futures):
                for files in fut.result():
                    n, nbytes, failed = load_partition(writer, files, replace)
                    report.parsed += n + len(failed)
                    report.added += n
                    report.bytes += nbytes
                    report.failed.extend(failed)
                    if progress:
                        progress(n + len(failed))
                    if not keep:
                        for f in files.values():
                            os.unlink(f)
        replaced = len(set(replace))
        report.replaced += replaced
        report.added -= replaced
    finally:
        if not keep:
            shutil.rmtree(out_dir, ignore_errors=True)


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
