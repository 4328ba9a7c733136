"""The long fuzz run: atheris over :mod:`fuzz_target` for a wall-clock budget,
restarted after each crash so that one crash does not end the run.

    python tests/fuzz/run_long.py --minutes 30 --work /tmp/fuzz-work

Builds the seed corpus (``build_corpus.py``) into ``WORK/seeds``, keeps the
growing corpus in ``WORK/corpus`` and libFuzzer's artifacts in
``WORK/artifacts``.  After a crash, the crashing input is replayed in this
process to get its signature (:func:`fuzz_target.signature`: the violated
invariant, or the exception type and the communique line it came from), is
copied to ``tests/fuzz/crashes/<signature>-<sha1>`` (a regression example:
``tests/test_fuzz_short.py`` replays every file there) unless ``--no-keep``,
and the fuzzer restarts with that signature in ``$COMMUNIQUE_FUZZ_IGNORE``
and the time that is left.  Failures of the known open defects
(``fuzz_target.KNOWN_OPEN``) are saved under ``WORK/known/<signature>/``.

At the end it prints (and writes to ``WORK/summary.json``) the executions,
the corpus size, each new crash and the known-defect counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz import build_corpus  # noqa: E402

_TRIAGE = """
import sys
from tests.fuzz import fuzz_target
try:
    fuzz_target._pipeline(open(sys.argv[1], "rb").read(), True)
except Exception as exc:
    print(fuzz_target.signature(exc))
else:
    print("not-reproduced")
"""


def _triage(path: Path, env: dict[str, str]) -> str:
    """The crash's signature, replayed in a fresh process with the fuzzer's
    environment (the same PYTHONHASHSEED: test_diff_does_not_depend_on_
    the_hash_seed shows that a diff can depend on it)."""
    env = {**env, "COMMUNIQUE_FUZZ_STRICT": "1"}
    proc = subprocess.run([sys.executable, "-c", _TRIAGE, str(path)], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    return (proc.stdout.strip().splitlines() or ["triage-failed"])[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--work", type=Path, default=Path("/tmp/communique-fuzz"))
    ap.add_argument("--max-len", type=int, default=8192)
    ap.add_argument("--no-keep", action="store_true", help="do not copy crashes into tests/fuzz/crashes")
    ap.add_argument("extra", nargs="*", help="more libFuzzer flags (-seed=1 …)")
    args = ap.parse_args()

    work = args.work
    seeds, corpus, artifacts, known = work / "seeds", work / "corpus", work / "artifacts", work / "known"
    for d in (seeds, corpus, artifacts, known):
        d.mkdir(parents=True, exist_ok=True)
    build_corpus.build(seeds)
    start = time.monotonic()
    deadline = start + args.minutes * 60
    ignore: list[str] = []
    crashes: list[dict] = []
    execs = 0
    runs = 0
    log = (work / "fuzz.log").open("a", encoding="utf-8")
    while (left := int(deadline - time.monotonic())) > 5:
        runs += 1
        env = {**os.environ, "COMMUNIQUE_FUZZ_IGNORE": ",".join(ignore), "COMMUNIQUE_FUZZ_KNOWN_DIR": str(known),
               "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
        cmd = [sys.executable, str(HERE / "fuzz_target.py"), f"-max_total_time={left}", f"-max_len={args.max_len}",
               "-timeout=120", "-rss_limit_mb=6144", f"-artifact_prefix={artifacts}/", "-print_final_stats=1",
               *args.extra, str(corpus), str(seeds)]
        before = set(artifacts.iterdir())
        proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, check=False)
        log.write(proc.stdout + proc.stderr)
        log.flush()
        done = re.findall(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
        if done:
            execs += int(done[-1])
        else:  # a crash: the last status line says how far it got
            status = re.findall(r"^#(\d+)\s", proc.stderr, re.M)
            execs += int(status[-1]) if status else 0
        new = sorted(set(artifacts.iterdir()) - before)
        if proc.returncode == 0 and not new:
            break
        for art in new:
            sig = _triage(art, env)
            data = art.read_bytes()
            entry = {"signature": sig, "artifact": str(art), "bytes": len(data),
                     "sha1": hashlib.sha1(data).hexdigest(), "after_seconds": round(time.monotonic() - start)}
            if not args.no_keep and sig not in ("not-reproduced", "triage-failed"):
                keep = HERE / "crashes" / f"{re.sub(r'[^A-Za-z0-9_.@-]', '_', sig)}-{entry['sha1'][:12]}"
                keep.parent.mkdir(exist_ok=True)
                shutil.copyfile(art, keep)
                entry["kept"] = str(keep.relative_to(ROOT))
            crashes.append(entry)
            if sig not in ignore:
                ignore.append(sig)
            print(f"crash: {sig} ({art.name})", flush=True)
        if not new:
            print(f"fuzzer exited {proc.returncode} without an artifact; see {work / 'fuzz.log'}", flush=True)
            break
    summary = {
        "minutes": args.minutes, "executions": execs, "fuzzer_runs": runs,
        "corpus_files": sum(1 for _ in corpus.iterdir()), "crashes": crashes,
        "known_open": {d.name: sum(1 for _ in d.iterdir()) for d in sorted(known.iterdir())},
    }
    (work / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
