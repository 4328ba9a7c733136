"""Archive benchmark: ``python -m bench.archive [--sizes 10000,100000]``.

For each size, a seeded archive of statements (``bench/archive_corpus.py``:
series over years with planted reuse: formulae carried across series,
reworded, split, merged) is written to a folder, then each phase runs in a
child process of its own (so its peak memory is its own):

* ``add`` serial (``jobs=1``: parsing in the one process), with a pool of
  two processes (``jobs=2``, the default on two cores), and with ``--dask``
  on a two-worker LocalCluster, each into an archive of its own
  (statements/s, MB/s, CPU time of every process, the speed-ups);
* re-adding the unchanged folder (nothing is parsed);
* ``reuse`` of 200 clauses drawn from the archive (seeded): median and p95
  latency with the archive open, and the same queries by a loop over all
  clauses with the same similarity (the ratio), and how many of the loop's
  near-duplicates ``reuse`` found;
* ``clusters`` (serial): time, and pairwise precision/recall against the
  planted truth.

The machine's load average is recorded beside every timing: on a shared
machine the wall times are only as good as the cores that were free.
Results go to ``bench/RESULTS-archive.md`` (``--out``) and, raw, to
``results.json`` in ``--work``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADD_MODES = ("serial", "pool", "dask")
PHASES = ("readd", "reuse", "clusters")


def _log(msg: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


def _phase(args: list[str]) -> dict:
    """Run one phase in a child process; its JSON result."""
    proc = subprocess.run([sys.executable, "-m", "bench.archive", "phase", *args], cwd=HERE.parent,
                          stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(f"phase {args[0]} failed ({proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _rm_db(db: Path) -> None:
    for ext in ("", "-wal", "-shm"):
        p = Path(str(db) + ext)
        if p.exists():
            p.unlink()


def _peaks() -> dict[str, float]:
    """Peak RSS (MB) of this process and of its largest finished descendant
    (Linux counts a waited-for process's own descendants in it)."""
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _cpu() -> float:
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


# --------------------------------------------------------------------------- phases (in a child)


def phase(argv: list[str]) -> None:
    from communique.archive import Archive

    kind = argv[0]
    if kind == "add":
        folder, db, mode = argv[1], argv[2], argv[3]
        options = {"serial": {"jobs": 1}, "pool": {"jobs": 2}, "dask": {"dask": True, "workers": 2}}[mode]
        load = os.getloadavg()[0]
        with Archive(db) as a:
            t = time.perf_counter()
            r = a.add([folder], **options)
            dt = time.perf_counter() - t
            stats = a.stats()
        own = _own_cpu()  # the writer (and, with Dask, the scheduler); the rest is the workers'
        print(json.dumps({"seconds": dt, "cpu_seconds": _cpu(), "writer_cpu_seconds": own, "added": r.added,
                          "failed": len(r.failed), "bytes": r.bytes, "stats": stats,
                          "load": [load, os.getloadavg()[0]], **_peaks()}))
        return
    if kind == "readd":
        folder, db = argv[1], argv[2]
        with Archive(db) as a:
            t = time.perf_counter()
            r = a.add([folder])
            print(json.dumps({"seconds": time.perf_counter() - t, "parsed": r.parsed, "unchanged": r.unchanged}))
        return
    if kind == "reuse":
        db, n_loop = argv[1], int(argv[2])
        print(json.dumps(_reuse(Archive(db), n_loop)))
        return
    if kind == "clusters":
        folder, db = argv[1], argv[2]
        from bench import archive_corpus as ac

        truth = json.loads((Path(folder) / "truth.json").read_text(encoding="utf-8"))
        load = os.getloadavg()[0]
        with Archive(db) as a:
            t = time.perf_counter()
            threshold = os.environ.get("CLUSTER_THRESHOLD")  # (default: the archive's own)
            c = a.clusters(threshold=float(threshold)) if threshold else a.clusters()
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
        print(json.dumps({"seconds": dt, **score, "families": len(c.families), "load": load, **_peaks(), **{
            k: v for k, v in c.stats.items() if k in ("texts", "candidate_pairs", "verified_pairs")}}))
        return
    raise SystemExit(f"unknown phase {kind}")


def _reuse(a, n_loop: int) -> dict:
    from communique.archive.clusters import _contained
    from communique.archive.sketch import keys_of
    from communique.compare.align import similarity

    n = a.con.execute("SELECT max(id) FROM clauses").fetchone()[0]
    rng = random.Random(42)
    texts = []
    while len(texts) < 200:
        row = a.con.execute("SELECT text FROM clauses WHERE id = ?", (rng.randint(1, n),)).fetchone()
        if row and len(row[0].split()) >= 5:
            texts.append(row[0])
    a.reuse(texts[0])  # warm: the first query opens the full-text vocabulary
    load = os.getloadavg()[0]
    times, cpu_times, found, candidates = [], [], [], []
    for t in texts:
        s, c = time.perf_counter(), time.process_time()
        r = a.reuse(t)
        times.append(time.perf_counter() - s)
        cpu_times.append(time.process_time() - c)
        found.append({m.occurrence.clause_id for m in r.matches})
        candidates.append(r.candidates)
    # the loop: every clause's keys, compared with each query
    t0 = time.perf_counter()
    rows = [(cid, k.split(" ")) for cid, k in a.con.execute(
        "SELECT c.id, t.keys FROM clauses c JOIN texts t ON t.id = c.text_id")]
    load_s = time.perf_counter() - t0
    loop_times, recall_num, recall_den, sim_num, sim_den = [], 0, 0, 0, 0
    for k, t in enumerate(texts[:n_loop]):
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
    return {"median_ms": statistics.median(times) * 1000, "p95_ms": statistics.quantiles(times, n=20)[18] * 1000,
            "cpu_median_ms": statistics.median(cpu_times) * 1000,
            "cpu_p95_ms": statistics.quantiles(cpu_times, n=20)[18] * 1000,
            "loop_median_ms": statistics.median(loop_times) * 1000, "loop_queries": n_loop, "loop_load_s": load_s,
            "recall_vs_loop": recall_num / recall_den if recall_den else 1.0,
            "similar_recall_vs_loop": sim_num / sim_den if sim_den else 1.0,
            "mean_matches": statistics.mean(len(f) for f in found),
            "median_candidates": statistics.median(candidates), "load": load, **_peaks()}


# --------------------------------------------------------------------------- driver


def run_size(n: int, work: Path, modes: list[str], repeat: int, phases: set[str]) -> dict:
    from bench import archive_corpus as ac

    folder = work / f"archive-{n}"
    if not (folder / "truth.json").exists():
        _log(f"[{n}] generating")
        t = time.perf_counter()
        shutil.rmtree(folder, ignore_errors=True)
        ac.write(ac.generate(n, "mixed", seed=0), folder)
        _log(f"[{n}] generated in {time.perf_counter() - t:.0f} s")
    size = sum(p.stat().st_size for p in folder.rglob("*.txt"))
    res: dict = {"n": n, "input_mb": size / 1e6, "add": {}}
    db = work / f"archive-{n}.db"
    for mode in modes:
        target = db if mode == "serial" else work / f"archive-{n}-{mode}.db"
        runs = []
        for k in range(repeat):
            _rm_db(target)
            _log(f"[{n}] add {mode} ({k + 1}/{repeat}), load {os.getloadavg()[0]:.1f}")
            runs.append(_phase(["add", str(folder), str(target), mode]))
            _log(f"[{n}] add {mode}: {runs[-1]['seconds']:.1f} s, cpu {runs[-1]['cpu_seconds']:.0f} s")
        res["add"][mode] = min(runs, key=lambda r: r["seconds"])
        res["add"][mode]["runs"] = [round(r["seconds"], 1) for r in runs]
        res["add"][mode]["db_mb"] = sum(Path(str(target) + e).stat().st_size for e in ("", "-wal")
                                        if Path(str(target) + e).exists()) / 1e6
        if mode != "serial":
            _rm_db(target)
    if "serial" not in modes:  # reuse and clusters need an archive
        _phase(["add", str(folder), str(db), "pool"])
    if "readd" in phases:
        _log(f"[{n}] re-add")
        res["readd"] = _phase(["readd", str(folder), str(db)])
    if "reuse" in phases:
        _log(f"[{n}] reuse")
        res["reuse"] = _phase(["reuse", str(db), "20" if n <= 20_000 else "5"])
    if "clusters" in phases:
        _log(f"[{n}] clusters")
        res["clusters"] = _phase(["clusters", str(folder), str(db)])
    _log(json.dumps(res))
    return res


def table(results: list[dict]) -> str:
    lines = ["| measure | " + " | ".join(f"{r['n']:,} statements" for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(name: str, f) -> None:
        cells = []
        for r in results:
            try:
                cells.append(f(r))
            except (KeyError, StopIteration):  # a phase (or every add) not run in this invocation
                cells.append("not run")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    def add(mode: str):
        def cell(r: dict) -> str:
            a = r["add"][mode]
            runs = f" (runs: {', '.join(f'{x:.0f}' for x in a['runs'])} s)" if len(a["runs"]) > 1 else ""
            return (f"{a['seconds']:.1f} s: {r['n'] / a['seconds']:.0f} statements/s, "
                    f"{r['input_mb'] / a['seconds']:.2f} MB/s{runs}; CPU {a['cpu_seconds']:.0f} s "
                    f"({a['cpu_seconds'] / r['n'] * 1000:.1f} ms a statement); load {a['load'][0]:.1f}→"
                    f"{a['load'][1]:.1f}")
        return cell

    def stats(r: dict) -> dict:
        return next(iter(r["add"].values()))["stats"]

    row("input", lambda r: f"{r['input_mb']:.0f} MB, {stats(r)['clauses']:,} clauses, "
        f"{stats(r)['texts']:,} distinct texts, {stats(r)['series']:,} series")
    row("add, serial (`jobs=1`)", add("serial"))
    row("add, 2 processes (`jobs=2`, the default here)", add("pool"))
    row("add, Dask (2 local workers)", add("dask"))
    def speedup(r: dict) -> str:
        a = r["add"]
        serial = a["serial"]
        names = {"pool": "2 processes", "dask": "Dask"}
        def bound(m: str) -> str:
            # on two free cores the parallel add takes at least half its CPU, and at least its
            # writer's: the ratio the serial add's CPU gives against that is the most two cores give
            if "writer_cpu_seconds" not in a[m]:
                return ""
            floor = max(a[m]["cpu_seconds"] / 2, a[m]["writer_cpu_seconds"])
            return (f", writer {a[m]['writer_cpu_seconds']:.0f} s; at most {serial['cpu_seconds'] / floor:.2f}× "
                    "on two free cores")

        return f"(serial CPU {serial['cpu_seconds']:.0f} s) " + ", ".join(
            f"{names[m]} {serial['seconds'] / a[m]['seconds']:.2f}× (CPU {a[m]['cpu_seconds']:.0f} s{bound(m)})"
            for m in ("pool", "dask") if m in a)

    row("speed-up over serial", speedup)
    row("re-add unchanged", lambda r: f"{r['readd']['seconds']:.1f} s, {r['readd']['parsed']} parsed")
    row("archive on disk", lambda r: f"{r['add']['serial']['db_mb']:.0f} MB "
        f"({r['add']['serial']['db_mb'] / r['input_mb']:.1f}× the input)")
    row("reuse latency (200 queries)", lambda r: f"median {r['reuse']['median_ms']:.2f} ms, p95 "
        f"{r['reuse']['p95_ms']:.2f} ms; CPU time median {r['reuse']['cpu_median_ms']:.2f} ms, p95 "
        f"{r['reuse']['cpu_p95_ms']:.2f} ms ({r['reuse']['median_candidates']:.0f} candidates, "
        f"{r['reuse']['mean_matches']:.0f} clauses a query on average); load {r['reuse']['load']:.1f}")
    row("same queries, loop over all clauses", lambda r: f"median {r['reuse']['loop_median_ms']:.0f} ms "
        f"({r['reuse']['loop_median_ms'] / r['reuse']['median_ms']:.0f}× slower; {r['reuse']['loop_queries']} queries)")
    row("reuse recall against the loop", lambda r: f"{r['reuse']['similar_recall_vs_loop']:.4f} of the clauses "
        f"with similarity ≥ 0.5; {r['reuse']['recall_vs_loop']:.4f} with the containment matches too")
    row("clusters (serial)", lambda r: f"{r['clusters']['seconds']:.1f} s, {r['clusters']['families']:,} families, "
        f"{r['clusters']['candidate_pairs']:,} candidate pairs; load {r['clusters']['load']:.1f}")
    row("clusters precision / recall (pairs)", lambda r: f"{r['clusters']['precision']:.4f} / "
        f"{r['clusters']['recall']:.4f}")

    def peaks(r: dict) -> str:
        a = r["add"]
        parts = [f"add serial {a['serial']['peak_mb']:.0f} MB" if "serial" in a else "",
                 f"add 2 processes {a['pool']['peak_mb']:.0f} MB (+ workers {a['pool']['worker_peak_mb']:.0f} MB "
                 "each at most)" if "pool" in a else "",
                 f"add Dask {a['dask']['peak_mb']:.0f} MB (+ largest worker process "
                 f"{a['dask']['worker_peak_mb']:.0f} MB)" if "dask" in a else "",
                 f"reuse {r['reuse']['peak_mb']:.0f} MB" if "reuse" in r else "",
                 f"clusters {r['clusters']['peak_mb']:.0f} MB" if "clusters" in r else ""]
        return ", ".join(p for p in parts if p)

    row("peak memory (max RSS)", peaks)
    return "\n".join(lines) + "\n"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "phase":
        phase(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--modes", default=",".join(ADD_MODES), help="add modes to time: serial, pool, dask")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each add (the fastest is reported)")
    ap.add_argument("--phases", default=",".join(PHASES), help="phases after add: readd, reuse, clusters")
    ap.add_argument("--work", default="/tmp/communique-bench-archive")
    ap.add_argument("--out", default=str(HERE / "RESULTS-archive.md"))
    args = ap.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    if unknown := set(modes) - set(ADD_MODES):
        ap.error(f"unknown modes {sorted(unknown)}")
    phases = {p for p in args.phases.split(",") if p}
    if unknown := phases - set(PHASES):
        ap.error(f"unknown phases {sorted(unknown)}")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        results.append(run_size(n, work, modes, args.repeat, phases))
        (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = (f"# Archive benchmark\n\n`python -m bench.archive --sizes {args.sizes}` on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite "
            f"{__import__('sqlite3').sqlite_version}.\n\n" + table(results))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
