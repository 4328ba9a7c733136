"""Compare a communique installation's parse and diff with the labels.

    python tests/realistic/old_parser_report.py [PYTHON]

PYTHON is the interpreter of the installation to measure (default: the old
parser's virtualenv, /work/wt/base-venv/bin/python).  It is run from a
temporary directory so that it imports its own installed package, not the
working tree.  Prints, per statement, the clause paths it finds against the
expected ones, continuation and metadata disagreements; per pair, how many
labelled ops its diff reproduces (same op, same old and new paths).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROBE = r"""
import json, sys, communique
out = {}
for path in sys.argv[1:]:
    try:
        d = communique.parse(path)
    except Exception as e:
        out[path] = {"error": f"{type(e).__name__}: {e}"}
        continue
    out[path] = {
        "prose": d.prose if hasattr(d, "prose") else None,
        "clauses": [c.path for c in d.walk()],
        "continuations": {c.path: len(c.paragraphs) for c in d.walk() if c.paragraphs},
        "meta": {k: getattr(d.meta, k, None) for k in ("title", "round", "date", "place", "parties")},
    }
print(json.dumps(out, ensure_ascii=False, default=list))
"""

DIFF_PROBE = r"""
import json, sys, communique
out = {}
for old, new in zip(sys.argv[1::2], sys.argv[2::2]):
    try:
        d = communique.diff(old, new)
    except Exception as e:
        out[old] = {"error": f"{type(e).__name__}: {e}"}
        continue
    out[old] = [{"op": o.op, "old": list(o.old), "new": list(o.new)} for o in d.ops]
print(json.dumps(out, ensure_ascii=False))
"""


def run(python: str, code: str, args: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([python, "-c", code, *args], cwd=tmp, capture_output=True, text=True, check=False)
    if res.returncode:
        sys.exit(res.stderr)
    return json.loads(res.stdout)


def compare_statement(name: str, exp: dict, got: dict) -> str:
    if "error" in got:
        return f"{name}: ERROR {got['error']}"
    want, have = exp["clauses"], got["clauses"]
    missing = [p for p in want if p not in have]
    extra = [p for p in have if p not in want]
    bits = [f"{len(have)} clauses found, {len(want)} expected"]
    if missing:
        bits.append(f"missing {len(missing)} {missing[:6]}{'…' if len(missing) > 6 else ''}")
    if extra:
        bits.append(f"extra {len(extra)} {extra[:6]}{'…' if len(extra) > 6 else ''}")
    if have == want:
        bits.append("paths exact")
    cont_want, cont_have = exp["continuations"], got["continuations"]
    if cont_want != cont_have:
        bits.append(f"continuations {cont_have} (want {cont_want})")
    m, gm = exp["meta"], got["meta"]
    for key in ("round", "date", "place"):
        w, h = m[key], gm.get(key)
        if key == "place" and isinstance(h, str) and isinstance(w, str) and h.lower() == w.lower():
            continue
        if w != h:
            bits.append(f"{key} {h!r} (want {w!r})")
    parties = set(gm.get("parties") or [])
    if parties != set(m["parties"]):
        bits.append(f"parties {sorted(parties)} (want {sorted(m['parties'])})")
    return f"{name}: " + "; ".join(bits)


def main() -> None:
    python = sys.argv[1] if len(sys.argv) > 1 else "/work/wt/base-venv/bin/python"
    txts = sorted((HERE / "statements").glob("*.txt"))
    got = run(python, PROBE, [str(t) for t in txts])
    print("## Statements\n")
    for t in txts:
        exp = json.loads(t.with_name(t.name[:-4] + ".expected.json").read_text(encoding="utf-8"))
        print("- " + compare_statement(t.name[:-4], exp, got[str(t)]))
    pairs = sorted({p.name.split(".")[0] for p in (HERE / "pairs").glob("*.facts.json")})
    if not pairs:
        return
    args = []
    for n in pairs:
        args += [str(HERE / "pairs" / f"{n}.old.txt"), str(HERE / "pairs" / f"{n}.new.txt")]
    diffs = run(python, DIFF_PROBE, args)
    print("\n## Pairs\n")
    total = hit = 0
    for n in pairs:
        facts = json.loads((HERE / "pairs" / f"{n}.facts.json").read_text(encoding="utf-8"))["ops"]
        ops = diffs[str(HERE / "pairs" / f"{n}.old.txt")]
        if isinstance(ops, dict):
            print(f"- {n}: ERROR {ops['error']}")
            continue
        have = {(o["op"], tuple(o["old"]), tuple(o["new"])) for o in ops}
        wrong = []
        for f in facts:
            key = (f["op"], tuple(f["old"]), tuple(f["new"]))
            total += 1
            if key in have:
                hit += 1
            else:
                found = [o for o in ops if set(o["old"]) & set(f["old"]) or set(o["new"]) & set(f["new"])]
                wrong.append(
                    f"{f['op']} {f['old']}→{f['new']} got "
                    + (", ".join(f"{o['op']} {o['old']}→{o['new']}" for o in found) or "nothing")
                )
        print(f"- {n}: {len(facts) - len(wrong)}/{len(facts)} ops right" + ("; " + " | ".join(wrong) if wrong else ""))
    print(f"\n{hit}/{total} labelled ops reproduced")


if __name__ == "__main__":
    main()
