"""Archive benchmark: ``python -m bench.archive [--sizes 10000,100000]``.

For each size, a seeded archive of statements (``bench/archive_corpus.py``:
series over years with planted reuse: formulae carried across series,
reworded, split, merged) is written to a folder, then each phase runs in a
child process of its own (so its peak memory is its own maximum RSS):

* ``add`` serial, then ``add --dask`` on a two-worker LocalCluster into a
  second archive (statements/s, MB/s, the speed-up);
* ``reuse`` of 200 clauses drawn from the archive (seeded): median and p95
  latency with the archive open, and the same queries by a loop over all
  clauses with the same similarity (20 of them; the ratio), and how many of
  the loop's near-duplicates ``reuse`` found;
* ``clusters`` (serial): time, and pairwise precision/recall against the
  planted truth.

Results go to ``bench/RESULTS-archive.md`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _peak_of(args: list[str]) -> tuple[dict, float]:
    """Like _child, but measures the child's own peak RSS via wait4."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.archive", "phase", *args], cwd=HERE.parent,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"phase {args[0]} failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def _rm_db(db: Path) -> None:
    for ext in ("", "-wal", "-shm"):
        p = Path(str(db) + ext)
        if p.exists():
            p.unlink()


# --------------------------------------------------------------------------- phases (in a child)


def phase(argv: list[str]) -> None:
    from communique.archive import Archive

    kind = argv[0]
    if kind == "add":
        folder, db, mode = argv[1], argv[2], argv[3]
        with Archive(db) as a:
            t = time.perf_counter()
            r = a.add([folder], dask=mode == "dask", workers=2)
            dt = time.perf_counter() - t
            import resource

            cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                      for f in ("ru_utime", "ru_stime"))
            print(json.dumps({"seconds": dt, "cpu_seconds": cpu, "added": r.added, "failed": len(r.failed),
                              "bytes": r.bytes, "stats": a.stats(), "load": os.getloadavg()[0]}))
        return
    if kind == "readd":
        folder, db = argv[1], argv[2]
        with Archive(db) as a:
            t = time.perf_counter()
            r = a.add([folder])
            print(json.dumps({"seconds": time.perf_counter() - t, "parsed": r.parsed, "unchanged": r.unchanged}))
        return
    if kind == "reuse":
        db = argv[1]
        from communique.compare.align import similarity

        with Archive(db) as a:
            n = a.con.execute("SELECT max(id) FROM clauses").fetchone()[0]
            rng = random.Random(42)
            texts = []
            while len(texts) < 200:
                row = a.con.execute("SELECT text FROM clauses WHERE id = ?", (rng.randint(1, n),)).fetchone()
                if row and len(row[0].split()) >= 5:
                    texts.append(row[0])
            a.reuse(texts[0])
            times, found = [], []
            for t in texts:
                s = time.perf_counter()
                r = a.reuse(t)
                times.append(time.perf_counter() - s)
                found.append({m.occurrence.clause_id for m in r.matches})
            # the loop: every clause's keys, compared with each query
            from communique.archive.sketch import keys_of

            t0 = time.perf_counter()
            rows = [(cid, k.split(" ")) for cid, k in a.con.execute(
                "SELECT c.id, t.keys FROM clauses c JOIN texts t ON t.id = c.text_id")]
            load = time.perf_counter() - t0
            loop_times, recall_num, recall_den, sim_num, sim_den = [], 0, 0, 0, 0
            from communique.archive.clusters import _contained

            for k, t in enumerate(texts[:20]):
                s = time.perf_counter()
                q = keys_of(t)
                hits, similar = set(), set()
                for cid, keys in rows:
                    sim = similarity(q, keys)
                    if sim >= 0.5:
                        similar.add(cid)
                    if sim >= 0.5 or _contained(sim, len(q), len(keys)) >= 0:
                        hits.add(cid)
                loop_times.append(time.perf_counter() - s)
                recall_den += len(hits)
                recall_num += len(hits & found[k])
                sim_den += len(similar)
                sim_num += len(similar & found[k])
            q95 = statistics.quantiles(times, n=20)[18]
            print(json.dumps({"median_ms": statistics.median(times) * 1000, "p95_ms": q95 * 1000,
                              "loop_median_ms": statistics.median(loop_times) * 1000, "loop_load_s": load,
                              "recall_vs_loop": recall_num / recall_den if recall_den else 1.0,
                              "similar_recall_vs_loop": sim_num / sim_den if sim_den else 1.0,
                              "mean_matches": statistics.mean(len(f) for f in found)}))
        return
    if kind == "clusters":
        folder, db = argv[1], argv[2]
        from bench import archive_corpus as ac

        truth = json.loads((Path(folder) / "truth.json").read_text(encoding="utf-8"))
        with Archive(db) as a:
            t = time.perf_counter()
            c = a.clusters(threshold=float(os.environ.get("CLUSTER_THRESHOLD", "0.55")))
            dt = time.perf_counter() - t
        fams: dict[tuple[str, str], set[str]] = {}
        for f in c.families:
            for o in f.occurrences:
                fams.setdefault((o["source"], o["path"]), set()).add(f.id)
        pred, true = [], []
        for st in truth:
            src = os.path.join(folder, st["name"])
            for k, fs in enumerate(st["families"]):
                pred.append(fams.get((src, str(k + 1))))
                true.append(frozenset(fs))
        score = ac.pair_scores(pred, true)
        print(json.dumps({"seconds": dt, **score, "families": len(c.families), **{
            k: v for k, v in c.stats.items() if k in ("texts", "candidate_pairs", "verified_pairs")}}))
        return
    raise SystemExit(f"unknown phase {kind}")


# --------------------------------------------------------------------------- driver


def run_size(n: int, work: Path) -> dict:
    from bench import archive_corpus as ac

    folder = work / f"archive-{n}"
    if not (folder / "truth.json").exists():
        _log(f"[{n}] generating")
        t = time.perf_counter()
        shutil.rmtree(folder, ignore_errors=True)
        ac.write(ac.generate(n, "mixed", seed=0), folder)
        _log(f"[{n}] generated in {time.perf_counter() - t:.0f} s")
    size = sum(p.stat().st_size for p in folder.rglob("*.txt"))
    res: dict = {"n": n, "input_mb": size / 1e6}
    db, ddb = work / f"archive-{n}.db", work / f"archive-{n}-dask.db"
    _rm_db(db)
    _log(f"[{n}] add serial")
    out, peak = _peak_of(["add", str(folder), str(db), "serial"])
    res["serial"] = {**out, "peak_mb": peak}
    res["db_mb"] = sum(Path(str(db) + e).stat().st_size for e in ("", "-wal") if Path(str(db) + e).exists()) / 1e6
    _log(f"[{n}] re-add")
    res["readd"], _ = _peak_of(["readd", str(folder), str(db)])
    _rm_db(ddb)
    _log(f"[{n}] add dask")
    out, peak = _peak_of(["add", str(folder), str(ddb), "dask"])
    res["dask"] = {**out, "peak_mb": peak}
    _rm_db(ddb)
    _log(f"[{n}] reuse")
    res["reuse"], res["reuse_peak_mb"] = _peak_of(["reuse", str(db)])
    _log(f"[{n}] clusters")
    res["clusters"], res["clusters_peak_mb"] = _peak_of(["clusters", str(folder), str(db)])
    _log(json.dumps(res))
    return res


def table(results: list[dict]) -> str:
    lines = ["| measure | " + " | ".join(f"{r['n']:,} statements" for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(name: str, f) -> None:
        lines.append(f"| {name} | " + " | ".join(f(r) for r in results) + " |")

    row("input", lambda r: f"{r['input_mb']:.0f} MB, {r['serial']['stats']['clauses']:,} clauses, "
        f"{r['serial']['stats']['texts']:,} distinct texts, {r['serial']['stats']['series']:,} series")
    row("add, serial", lambda r: f"{r['serial']['seconds']:.1f} s: {r['n'] / r['serial']['seconds']:.0f} "
        f"statements/s, {r['input_mb'] / r['serial']['seconds']:.2f} MB/s")
    row("add, Dask (2 local workers)", lambda r: f"{r['dask']['seconds']:.1f} s: "
        f"{r['n'] / r['dask']['seconds']:.0f} statements/s, {r['input_mb'] / r['dask']['seconds']:.2f} MB/s")
    row("Dask speed-up", lambda r: f"{r['serial']['seconds'] / r['dask']['seconds']:.2f}×")
    row("add CPU time (all processes)", lambda r: f"serial {r['serial']['cpu_seconds']:.0f} s "
        f"({r['serial']['cpu_seconds'] / r['n'] * 1000:.1f} ms a statement), Dask {r['dask']['cpu_seconds']:.0f} s")
    row("machine load during add (1-min average)", lambda r: f"serial {r['serial']['load']:.1f}, "
        f"Dask {r['dask']['load']:.1f} (2 cores; other sessions' jobs share them)")
    row("re-add unchanged", lambda r: f"{r['readd']['seconds']:.1f} s, {r['readd']['parsed']} parsed")
    row("archive on disk", lambda r: f"{r['db_mb']:.0f} MB ({r['db_mb'] / r['input_mb']:.1f}× the input)")
    row("reuse latency (200 queries)", lambda r: f"median {r['reuse']['median_ms']:.2f} ms, p95 "
        f"{r['reuse']['p95_ms']:.2f} ms ({r['reuse']['mean_matches']:.0f} clauses a query on average)")
    row("same queries, loop over all clauses", lambda r: f"median {r['reuse']['loop_median_ms']:.0f} ms "
        f"({r['reuse']['loop_median_ms'] / r['reuse']['median_ms']:.0f}× slower)")
    row("reuse recall against the loop", lambda r: f"{r['reuse']['similar_recall_vs_loop']:.4f} of the clauses "
        f"with similarity ≥ 0.5; {r['reuse']['recall_vs_loop']:.4f} with the containment matches too")
    row("clusters (serial)", lambda r: f"{r['clusters']['seconds']:.1f} s, {r['clusters']['families']:,} families, "
        f"{r['clusters']['candidate_pairs']:,} candidate pairs")
    row("clusters precision / recall (pairs)", lambda r: f"{r['clusters']['precision']:.4f} / "
        f"{r['clusters']['recall']:.4f}")
    row("peak memory (max RSS)", lambda r: f"add {r['serial']['peak_mb']:.0f} MB, add --dask (main) "
        f"{r['dask']['peak_mb']:.0f} MB, reuse {r['reuse_peak_mb']:.0f} MB, clusters {r['clusters_peak_mb']:.0f} MB")
    return "\n".join(lines) + "\n"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "phase":
        phase(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--work", default="/tmp/communique-bench-archive")
    ap.add_argument("--out", default=str(HERE / "RESULTS-archive.md"))
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        results.append(run_size(n, work))
        (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = (f"# Archive benchmark\n\n`python -m bench.archive --sizes {args.sizes}` on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite "
            f"{__import__('sqlite3').sqlite_version}.\n\n" + table(results))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
