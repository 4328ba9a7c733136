"""Cross-language alignment speed: a 100-clause original against its
translation, with the multilingual model (load included, then warm) and
without it.  Targets (issue 19): under 10 s with the model, under 1 s
without, on a 2-core machine.

    python -m bench.xlang.speed [--clauses 100] [--repeat 3]

The pair is built from the parallel fixtures of ``tests/xlang``: their
numbered clauses, original and translation, repeated in blocks and numbered
on until there are enough (the gold of each block is its fixture's).  Each
measurement runs in a fresh process, so the model's load is counted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "xlang"
PAIRS = ("astana_en_ar", "gcc_en_ar")  # en originals with ar translations, numbered clauses

CHILD = """
import json, sys, time
t0 = time.perf_counter()
import communique
orig, trans, semantic = sys.argv[1], sys.argv[2], sys.argv[3] == "on"
a, b = communique.parse(orig), communique.parse(trans)
t1 = time.perf_counter()
d = communique.diff(a, b, semantic=semantic)
t2 = time.perf_counter()
d = communique.diff(a, b, semantic=semantic)
t3 = time.perf_counter()
print(json.dumps({"clauses": [sum(1 for _ in a.walk()), sum(1 for _ in b.walk())], "parse_s": t1 - t0,
                  "first_diff_s": t2 - t1, "warm_diff_s": t3 - t2, "semantic": d.semantic,
                  "ops": len(d.ops)}))
"""


def _clauses(path: Path) -> list[str]:
    import communique

    return [c.text for c in communique.parse(path).walk()]  # every clause and sub-clause, one line each


def build(n: int, out: Path) -> tuple[Path, Path]:
    orig: list[str] = []
    trans: list[str] = []
    block = 0
    while len(orig) < n:
        for name in PAIRS:
            block += 1  # a block number in each text: a repeated line would be page furniture
            orig += [f"{t} (part {block})" for t in _clauses(FIXTURES / f"{name}.orig.txt")]
            trans += [f"{t} (الجزء {block})" for t in _clauses(FIXTURES / f"{name}.trans.txt")]
    o_path, t_path = out / "orig.txt", out / "trans.txt"
    o_path.write_text("Joint statement of the meeting\n\n" +
                      "\n\n".join(f"{k}. {t}" for k, t in enumerate(orig[:n], 1)) + "\n", "utf-8")
    m = round(len(trans) * n / len(orig))
    t_path.write_text("البيان المشترك للاجتماع\n\n" +
                      "\n\n".join(f"{k}- {t}" for k, t in enumerate(trans[:m], 1)) + "\n", "utf-8")
    return o_path, t_path


def run(orig: Path, trans: Path, semantic: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(orig), str(trans), semantic], capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clauses", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        orig, trans = build(args.clauses, Path(tmp))
        for semantic, target in (("on", 10.0), ("off", 1.0)):
            runs = [run(orig, trans, semantic) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["parse_s"] + r["first_diff_s"])
            total = best["parse_s"] + best["first_diff_s"]
            model = best["semantic"] or "none"
            print(f"semantic {semantic:3} ({model}): clauses {best['clauses'][0]}+{best['clauses'][1]}, "
                  f"whole run {total:.2f} s (import+parse {best['parse_s']:.2f}, first diff "
                  f"{best['first_diff_s']:.2f}, warm diff {best['warm_diff_s']:.2f}); target < {target:g} s: "
                  f"{'pass' if total < target else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
