"""This checkout against another revision, interleaved in one run.

    python -m bench --baseline REV       # after the targets, a table against REV
    python -m bench.baseline REV [--rounds 3]

On a shared machine an absolute time says as much about the neighbours as
about the code; the ratio of two versions timed turn about, under the same
load, does not.  REV's ``communique/`` and ``grammar/`` are exported with
``git archive`` into a temporary directory; each workload then runs in a
fresh worker process per version (``PYTHONPATH`` = that version's code, then
this checkout for ``bench`` itself), alternating versions for several rounds,
and each version keeps its best run.  Whole-process workloads alternate the
same way.  Reported: wall and CPU time of both, and the ratios (this
checkout ÷ REV: below 1× this checkout is faster).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .measure import ROOT, bench_env, best_process

WORKLOADS = ("diff-parsed-1000", "diff-texts-1000", "parse-1000", "parse-10", "history-20x100", "render-unified-1000")
PROCESS_WORKLOADS = ("cli-samples-piped",)


def export(rev: str, into: Path) -> str:
    """``communique/`` and ``grammar/`` of ``rev`` under ``into``; the full commit id."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                            capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "communique", "grammar"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return commit


# --------------------------------------------------------------------------- the worker side


def _workload(key: str, lang: str) -> Callable[[], Any]:
    import communique

    from . import alternatives as alts
    from . import corpus
    from .targets import history_rounds

    if key in ("diff-parsed-1000", "diff-texts-1000", "render-unified-1000"):
        case = alts.make_case(1000, lang, seed=1)
        if key == "diff-texts-1000":
            return lambda: communique.diff(case.old_text, case.new_text)
        old, new = communique.parse(case.old_text), communique.parse(case.new_text)
        if key == "diff-parsed-1000":
            return lambda: communique.diff(old, new)
        d = communique.diff(old, new)
        return lambda: communique.render(d, "unified")
    if key == "parse-1000":
        text, _ = corpus.make_statement(1000, lang, seed=0)
        return lambda: communique.parse(text)
    if key == "parse-10":
        texts = [corpus.make_statement(10, lang, seed=i)[0] for i in range(200)]
        return lambda: [communique.parse(t) for t in texts]
    if key == "history-20x100":
        texts = history_rounds(20, 100, lang)
        return lambda: communique.history(texts)
    raise KeyError(key)


def worker(key: str, reps: int, lang: str) -> dict[str, Any]:
    import communique

    fn = _workload(key, lang)
    fn()  # warm-up
    walls, cpus = [], []
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return {"wall": min(walls), "cpu": min(cpus), "code": str(Path(communique.__file__).parents[1])}


# --------------------------------------------------------------------------- the comparing side


@dataclass
class Compared:
    key: str
    ours: dict[str, float]
    theirs: dict[str, float]

    def ratio(self, what: str) -> float | None:
        a, b = self.ours.get(what), self.theirs.get(what)
        return a / b if a and b else None


def _env(code: Path | None) -> dict[str, str]:
    env = bench_env()
    if code is not None:
        env["PYTHONPATH"] = f"{code}:{env['PYTHONPATH']}"
    return env


def _run_worker(key: str, reps: int, lang: str, code: Path | None) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-m", "bench.baseline", "--worker", key, "--reps", str(reps),
                           "--lang", lang], capture_output=True, text=True, env=_env(code), cwd=str(code or ROOT),
                          timeout=900, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {key} failed: {proc.stderr.strip()[-300:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    want = str(code) if code is not None else str(ROOT)
    if out["code"] != want:  # the import path did not pick the version asked for
        raise RuntimeError(f"worker imported communique from {out['code']}, not {want}")
    return out


def compare(rev: str, lang: str = "ar", rounds: int = 3, reps: int = 5,
            log: Callable[[str], None] = lambda s: None) -> tuple[str, list[Compared]]:
    from .targets import samples_argv

    results: list[Compared] = []
    with tempfile.TemporaryDirectory(prefix="communique-baseline-") as tmp:
        base = Path(tmp)
        commit = export(rev, base)
        for key in WORKLOADS:
            log(f"baseline: {key}")
            ours: dict[str, float] = {}
            theirs: dict[str, float] = {}
            for _ in range(rounds):
                for code, best in ((None, ours), (base, theirs)):
                    r = _run_worker(key, reps, lang, code)
                    for k in ("wall", "cpu"):
                        best[k] = min(best.get(k, float("inf")), r[k])
            results.append(Compared(key, ours, theirs))
        for key in PROCESS_WORKLOADS:
            log(f"baseline: {key}")
            ours, theirs = {}, {}
            for _ in range(rounds):
                for code, best in ((None, ours), (base, theirs)):
                    # -P: the working directory (this checkout) is not put before PYTHONPATH's version
                    b, _ = best_process(samples_argv([sys.executable, "-P", "-c", _CLI]), reps, 120.0,
                                        env=_env(code))
                    if b.wall is not None and b.cpu is not None:
                        best["wall"] = min(best.get("wall", float("inf")), b.wall)
                        best["cpu"] = min(best.get("cpu", float("inf")), b.cpu)
            results.append(Compared(key, ours, theirs))
    return commit, results


_CLI = "import sys; from communique.cli import main; sys.exit(main())"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.baseline", description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", nargs="?", help="the revision to compare with")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lang", choices=("ar", "en"), default="ar")
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.reps, args.lang)))
        return 0
    if not args.rev:
        ap.error("a revision is needed")
    commit, results = compare(args.rev, args.lang, args.rounds, args.reps, lambda s: print(s, file=sys.stderr))
    print(f"against {commit[:10]}")
    for c in results:
        print(f"{c.key:22} ours {c.ours.get('cpu', 0) * 1000:8.1f} ms CPU  theirs {c.theirs.get('cpu', 0) * 1000:8.1f}"
              f" ms CPU  ratio {c.ratio('cpu') or 0:.2f}× (wall {c.ratio('wall') or 0:.2f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
