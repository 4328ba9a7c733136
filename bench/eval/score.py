"""Score a clause aligner on the labelled set ``alignment.jsonl`` beside this file.

    python bench/eval/score.py            # table: baseline and the importable communique
    python bench/eval/score.py --json     # the same numbers as JSON
    python bench/eval/score.py --check    # the importable parser finds exactly the gold paths
    python bench/eval/score.py --realistic  # the realistic consecutive-round pairs of tests/realistic/pairs

An aligner is ``align(old_text, new_text) -> [(op, old_paths, new_paths[, cosmetic_rules]), ...]``.

Metrics (micro-averaged over cases; every group is scored the same way):

* **pairing** precision / recall / F1 over linked ``(case, old_path, new_path)``
  pairs; ops ``unchanged modified moved split merged`` link every old path of the
  op to every new path.  ``pairing_test`` restricts gold to the pairs of test ops
  and predictions to the pairs touching a clause of a gold test op.
* **op accuracy**: share of gold ops for which a predicted op covers exactly the
  same old and new paths *and* has the same kind (a cosmetic gold op needs
  ``unchanged``).  ``ops_all`` counts every gold op, ``ops_test`` only test ops
  (``"test": true``: everything but plain unchanged context).
* **cosmetic rules**: of the cosmetic gold ops, how many predictions returned a
  4th element, and how many of those named exactly the gold rules.
* **cases exact**: share of cases whose gold ops are all reproduced.
* **coverage errors**: predicted clause paths that are missing, repeated or unknown
  (a sign the predictor parsed the texts differently).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE / "alignment.jsonl"
LINKED = {"unchanged", "modified", "moved", "split", "merged"}
OPS = ("unchanged", "modified", "moved", "added", "dropped", "split", "merged")


REALISTIC = HERE.parents[1] / "tests" / "realistic" / "pairs"


def load_realistic(folder: Path = REALISTIC) -> list[dict]:
    """The realistic pairs (``NAME.old.txt``, ``NAME.new.txt``, ``NAME.facts.json``)
    as cases; every op is a fact (a test)."""
    cases = []
    for facts in sorted(folder.glob("*.facts.json")):
        name = facts.name[: -len(".facts.json")]
        gold = [{**op, "test": True} for op in json.loads(facts.read_text("utf-8"))["ops"]]
        lang = "ar" if name.endswith("-ar") else "en"
        cases.append({"id": name, "lang": lang, "pattern": "realistic", "gold": gold,
                      "old": (folder / f"{name}.old.txt").read_text("utf-8"),
                      "new": (folder / f"{name}.new.txt").read_text("utf-8")})
    return cases


def load_cases(path: str | Path = DEFAULT_SET) -> list[dict]:
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                cases.append(json.loads(line))
    return cases


# ---------------------------------------------------------------- scoring
def _pairs(ops):
    out = set()
    for op in ops:
        if op[0] in LINKED:
            out.update((o, n) for o in op[1] for n in op[2])
    return out


def _norm_pred(pred):
    out = []
    for p in pred:
        kind, old, new = p[0], tuple(p[1]), tuple(p[2])
        rules = tuple(sorted(p[3])) if len(p) > 3 and p[3] is not None else None
        out.append((kind, old, new, rules))
    return out


class _Tally:
    def __init__(self):
        self.n = defaultdict(int)

    def add(self, **kw):
        for k, v in kw.items():
            self.n[k] += v

    def result(self):
        n = self.n

        def prf(tp, np_, ng):
            if not np_ and not ng:  # nothing to link, nothing linked: undefined
                return {"precision": None, "recall": None, "f1": None, "tp": 0, "predicted": 0, "gold": 0}
            p = tp / np_ if np_ else 0.0
            r = tp / ng if ng else 0.0
            return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                    "tp": tp, "predicted": np_, "gold": ng}

        return {
            "cases": n["cases"],
            "pairing": prf(n["tp"], n["pred_pairs"], n["gold_pairs"]),
            "pairing_test": prf(n["tp_t"], n["pred_pairs_t"], n["gold_pairs_t"]),
            "ops_all": {"correct": n["ok_all"], "total": n["ops_all"],
                        "accuracy": n["ok_all"] / n["ops_all"] if n["ops_all"] else 0.0},
            "ops_test": {"correct": n["ok_test"], "total": n["ops_test"],
                         "accuracy": n["ok_test"] / n["ops_test"] if n["ops_test"] else 0.0},
            "cosmetic": {"gold": n["cos_gold"], "kind_ok": n["cos_kind"], "rules_returned": n["cos_ret"],
                         "rules_ok": n["cos_rules"]},
            "cases_exact": n["exact"] / n["cases"] if n["cases"] else 0.0,
            "coverage_errors": n["coverage"],
            "errors": n["errors"],
        }


def _case_paths(case):
    o, n = [], []
    for g in case["gold"]:
        o += g["old"]
        n += g["new"]
    return set(o), set(n)


def score_case(case, pred):
    """Per-case counts and a per-gold-op verdict list."""
    gold = case["gold"]
    pred = _norm_pred(pred)
    by_cover = {(frozenset(p[1]), frozenset(p[2])): p for p in pred}
    gp = _pairs([(g["op"], g["old"], g["new"]) for g in gold])
    pp = _pairs(pred)
    test_ops = [g for g in gold if g.get("test", g["op"] != "unchanged" or "cosmetic" in g)]
    gp_t = _pairs([(g["op"], g["old"], g["new"]) for g in test_ops])
    t_old = {p for g in test_ops for p in g["old"]}
    t_new = {p for g in test_ops for p in g["new"]}
    pp_t = {(o, n) for o, n in pp if o in t_old or n in t_new}
    c = dict(cases=1, tp=len(gp & pp), pred_pairs=len(pp), gold_pairs=len(gp),
             tp_t=len(gp_t & pp_t), pred_pairs_t=len(pp_t), gold_pairs_t=len(gp_t),
             ops_all=len(gold), ops_test=len(test_ops), ok_all=0, ok_test=0,
             cos_gold=0, cos_kind=0, cos_ret=0, cos_rules=0, exact=0, coverage=0, errors=0)
    verdicts = []
    for g in gold:
        is_test = g.get("test", g["op"] != "unchanged" or "cosmetic" in g)
        p = by_cover.get((frozenset(g["old"]), frozenset(g["new"])))
        ok = p is not None and p[0] == g["op"]
        if ok:
            c["ok_all"] += 1
            c["ok_test"] += is_test
        if "cosmetic" in g:
            c["cos_gold"] += 1
            c["cos_kind"] += ok
            if p is not None and p[3] is not None:
                c["cos_ret"] += 1
                c["cos_rules"] += ok and set(p[3]) == set(g["cosmetic"])
        verdicts.append((g, is_test, ok, p))
    c["exact"] = int(c["ok_all"] == len(gold))
    old_paths, new_paths = _case_paths(case)
    seen_o = [x for p in pred for x in p[1]]
    seen_n = [x for p in pred for x in p[2]]
    for seen, want in ((seen_o, old_paths), (seen_n, new_paths)):
        c["coverage"] += len(set(seen) ^ want) + (len(seen) - len(set(seen)))
    return c, verdicts


def score(cases, align) -> dict:
    """Run ``align`` on every case; return overall, per-pattern and per-language results."""
    total, per_pat, per_lang = _Tally(), defaultdict(_Tally), defaultdict(_Tally)
    failures = []
    for case in cases:
        try:
            pred = align(case["old"], case["new"])
            err = 0
        except Exception as e:  # a predictor crash is scored as an empty prediction
            pred, err = [], 1
            failures.append({"id": case["id"], "error": f"{type(e).__name__}: {e}"})
        c, verdicts = score_case(case, pred)
        c["errors"] = err
        for t in (total, per_pat[case["pattern"]], per_lang[case["lang"]]):
            t.add(**c)
        norm = _norm_pred(pred)
        for g, is_test, ok, _p in verdicts:
            if is_test and not ok:
                touch = [list(q[:3]) for q in norm
                         if set(q[1]) & set(g["old"]) or set(q[2]) & set(g["new"])]
                failures.append({"id": case["id"], "pattern": case["pattern"],
                                 "gold": [g["op"], g["old"], g["new"]], "predicted": touch})
    return {
        "overall": total.result(),
        "by_pattern": {k: v.result() for k, v in sorted(per_pat.items())},
        "by_lang": {k: v.result() for k, v in sorted(per_lang.items())},
        "failures": failures,
    }


# ---------------------------------------------------------------- baseline
_NUM = re.compile(r"^\s*\(?(\d+)\s*[.\-–)]\s*")  # \d: also Arabic-Indic and Persian digits
_LET = re.compile(r"^\s*\(([a-zA-Z\u0621-\u064a])\)\s*|^\s*([a-z]|[\u0621-\u064a]{1,2})\s*[)\-]\s+")
_SENT_END = tuple(".!?؟…\"”»’:;،")


def _paragraphs(text):
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def baseline_clauses(text):
    """[(path, text)]: numbered paragraphs (lettered ones after them as k.j), else prose ¶k."""
    paras = _paragraphs(text)
    out, cur, sub = [], None, 0
    if sum(1 for p in paras if _NUM.match(p)) >= 1:
        for p in paras:
            m = _NUM.match(p)
            if m:
                cur, sub = str(int(m.group(1))), 0
                out.append([cur, p[m.end():]])
                continue
            if cur is None:
                continue  # preamble
            lm = _LET.match(p)
            if lm:
                sub += 1
                out.append([f"{cur}.{sub}", p[lm.end():]])
            else:
                out[-1][1] += "\n" + p  # continuation paragraph
        return [tuple(x) for x in out]
    if paras and not paras[0].endswith(_SENT_END) and len(paras[0].split()) < 25:
        paras = paras[1:]  # a headline
    return [(f"¶{k}", p) for k, p in enumerate(paras, 1)]


def _words(t):
    return re.findall(r"\w+", t.lower())


def baseline_align(old_text, new_text):
    """Word-level difflib pairing, greedy best-first; no parser of communique."""
    old, new = baseline_clauses(old_text), baseline_clauses(new_text)
    ow, nw = [_words(t) for _, t in old], [_words(t) for _, t in new]
    cands = []
    for i, a in enumerate(ow):
        for j, b in enumerate(nw):
            r = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            if r >= 0.5:
                cands.append((-r, i, j))
    cands.sort()
    pair, used_n = {}, set()
    for _, i, j in cands:
        if i not in pair and j not in used_n:
            pair[i] = j
            used_n.add(j)
    # in order = a longest increasing chain of new indexes over old order
    items = sorted(pair.items())
    best, prev = [1] * len(items), [-1] * len(items)
    for a in range(len(items)):
        for b in range(a):
            if items[b][1] < items[a][1] and best[b] + 1 > best[a]:
                best[a], prev[a] = best[b] + 1, b
    chain, k = set(), (max(range(len(items)), key=best.__getitem__) if items else -1)
    while k >= 0:
        chain.add(items[k][0])
        k = prev[k]
    ops = []
    for i, (po, to) in enumerate(old):
        if i not in pair:
            ops.append(("dropped", (po,), ()))
            continue
        j = pair[i]
        pn, tn = new[j]
        if i not in chain:
            kind = "moved"
        elif " ".join(to.split()) == " ".join(tn.split()):
            kind = "unchanged"
        else:
            kind = "modified"
        ops.append((kind, (po,), (pn,)))
    ops += [("added", (), (new[j][0],)) for j in range(len(new)) if j not in used_n]
    return ops


# ---------------------------------------------------------------- communique
def _parse(communique, text):
    try:
        return communique.parse(text=text)
    except TypeError:
        return communique.parse(text)


def communique_align(old_text, new_text):
    import communique

    d = communique.diff(_parse(communique, old_text), _parse(communique, new_text))
    out = []
    for op in d.ops:
        kind = getattr(op, "kind", None) or op.op
        rec = (kind, tuple(op.old), tuple(op.new))
        rules = getattr(op, "cosmetic", None)
        if rules is not None:
            rec += (tuple(rules),)
        out.append(rec)
    return out


def check_cases(cases):
    """Mismatches between the gold paths and what the importable parser finds."""
    import communique

    bad = []
    for c in cases:
        for side in ("old", "new"):
            doc = _parse(communique, c[side])
            got = [cl.path for cl in doc.walk()]
            want = [p for g in c["gold"] for p in g[side]]
            if len(want) != len(set(want)) or set(got) != set(want) or len(got) != len(set(got)):
                bad.append((c["id"], side, got, sorted(set(want))))
    return bad


# ---------------------------------------------------------------- table
def _f(x):
    return "     -" if x is None else f"{x:6.3f}"


def _row(name, r):
    p, pt = r["pairing"], r["pairing_test"]
    return (f"{name:<22} {r['cases']:>5} {_f(p['precision'])} {_f(p['recall'])} {_f(p['f1'])} "
            f"{_f(pt['f1'])} {_f(r['ops_all']['accuracy'])} {_f(r['ops_test']['accuracy'])} "
            f"{r['ops_test']['total']:>5} {_f(r['cases_exact'])}")


def table(name, res):
    lines = [f"== {name}",
             f"{'group':<22} {'cases':>5} {'P':>6} {'R':>6} {'F1':>6} {'F1tst':>6} {'opAll':>6} {'opTst':>6} "
             f"{'nTst':>5} {'exact':>6}",
             _row("ALL", res["overall"])]
    lines += [_row(k, v) for k, v in res["by_lang"].items()]
    lines += [_row(k, v) for k, v in res["by_pattern"].items()]
    c = res["overall"]["cosmetic"]
    lines.append(f"cosmetic: {c['kind_ok']}/{c['gold']} kind ok, rules returned {c['rules_returned']}, "
                 f"rules ok {c['rules_ok']}; coverage errors {res['overall']['coverage_errors']}, "
                 f"crashes {res['overall']['errors']}")
    return "\n".join(lines)


def main(argv):
    cases = load_realistic() if "--realistic" in argv else load_cases()
    if "--check" in argv:
        bad = check_cases(cases)
        for b in bad:
            print(*b, sep="\n  ")
        print(f"{len(cases)} cases, {len(bad)} mismatching sides")
        return 1 if bad else 0
    results = {"baseline": score(cases, baseline_align)}
    try:
        import communique

        results[f"communique {getattr(communique, '__version__', '?')}"] = score(cases, communique_align)
    except ImportError as e:
        print(f"(communique not importable: {e})", file=sys.stderr)
    if "--json" in argv:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "failures" or "--failures" in argv}
                          for k, v in results.items()}, indent=1, ensure_ascii=False))
        return 0
    for name, res in results.items():
        print(table(name, res))
        print()
    if "--failures" in argv:
        for name, res in results.items():
            print(f"== failures of {name}")
            for f in res["failures"]:
                print(json.dumps(f, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
