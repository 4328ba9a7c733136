"""Fit the clause-pairing model of ``communique/compare/similarity.py``.

``python -m bench.calibrate`` reads the labelled evaluation set
(``bench/eval/alignment.jsonl``: small statement pairs with every clause's
fate), computes the similarity features of every old × new clause pair of
each case, labels a pair 1 when the gold pairs the two clauses one to one
(unchanged, modified, moved), 0 when the gold keeps them apart, and leaves
out the parts of splits and merges (they are scored as groups).  As in the
aligner, only clauses without a twin on the other side are scored, with
term weights among themselves.  Each such old clause of ten words or more
also gives one synthetic positive: itself with a few middle words replaced
(see ``small_edit``).  It fits a
logistic regression (Newton's method, a little L2) and prints the weights to
paste into ``similarity.WEIGHTS``, with the accuracy at threshold 0.5.

The fit is only as good as the set: keep the features few and the weights
round, and check the held-back realistic pairs (``python -m bench.align_eval``)
after any change.
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import numpy as np

import communique
from communique.compare.align import Aligner, Side
from communique.compare.similarity import FEATURES, Profile
from communique.model import DEFAULT

EVAL = Path(__file__).resolve().parent / "eval" / "alignment.jsonl"
PAIRED = {"unchanged", "modified", "moved"}


def samples(path: Path = EVAL) -> tuple[np.ndarray, np.ndarray, list[str]]:
    xs, ys, ids = [], [], []
    for line in path.read_text("utf-8").splitlines():
        case = json.loads(line)
        old, new = communique.parse(text=case["old"]), communique.parse(text=case["new"])
        memo: dict[str, list[str]] = {}
        o, n = Side.of(old, DEFAULT, memo), Side.of(new, DEFAULT, memo)
        aligner = Aligner(o, n, 0.5, old.prose or new.prose)
        aligner.prepare()  # what the aligner scores: the clauses without a twin, weighted among themselves
        scorer = aligner.scorer
        pairs, grouped = set(), set()
        for g in case["gold"]:
            if g["op"] in PAIRED:
                pairs.add((g["old"][0], g["new"][0]))
            elif g["op"] in ("split", "merged"):
                grouped.update((a, b) for a in g["old"] for b in g["new"])
        for i in aligner.free_old:
            for j in aligner.free_new:
                a, b = o.clauses[i], n.clauses[j]
                key = (a.path, b.path)
                if key in grouped:
                    continue  # group parts are scored as groups
                f = scorer.features(o.profiles[i], n.profiles[j])
                xs.append([f[name] for name in FEATURES])
                ys.append(1.0 if key in pairs else 0.0)
                ids.append(f"{case['id']}:{a.path}~{b.path}")
        for k in aligner.free_old:
            clause, profile = o.clauses[k], o.profiles[k]
            edited = small_edit(profile.keys, [o.keys[x] for x in range(len(o))], random.Random(f"{case['id']}:{k}"))
            if edited:
                f = scorer.features(profile, Profile.of(" ".join(edited), edited))
                xs.append([f[name] for name in FEATURES])
                ys.append(1.0)
                ids.append(f"{case['id']}:{clause.path}~edited")
    return np.array(xs), np.array(ys), ids


def small_edit(keys: list[str], others: list[list[str]], rng: random.Random) -> list[str] | None:
    """The clause with one to three words of its middle replaced by one to
    three words of another clause: the rewording a drafter makes between
    rounds and the evaluation set has few of (its modified clauses are
    heavier rewrites).  Without these the model learns that a differing
    middle means a different clause however small the middle is."""
    words = [i for i, k in enumerate(keys) if k[:1].isalpha()]
    if len(words) < 10:
        return None
    donor = [k for ks in others for k in ks if k[:1].isalpha() and k not in keys]
    if not donor:
        return None
    start = words[rng.randrange(len(words) // 4, 3 * len(words) // 4)]
    cut = rng.randint(1, 3)
    put = [rng.choice(donor) for _ in range(rng.randint(1, 3))]
    return [*keys[:start], *put, *keys[start + cut:]]


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.05, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; weight 0 is the intercept.
    Unweighted, so that the output is a calibrated probability."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    balance = np.ones(len(y))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (balance * (p - y)) + l2 * np.r_[0, w[1:]]
        hess = (xb * (balance * p * (1 - p))[:, None]).T @ xb + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(hess, grad)
    return w


def main(argv: list[str]) -> int:
    x, y, ids = samples()
    w = fit(x, y)
    weights = {"bias": round(float(w[0]), 2), **{n: round(float(v), 2) for n, v in zip(FEATURES, w[1:], strict=True)}}
    z = np.hstack([np.ones((len(x), 1)), x]) @ np.array([weights["bias"], *(weights[n] for n in FEATURES)])
    p = 1 / (1 + np.exp(-z))
    pred = p >= 0.5
    tp, fp = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    print(f"{len(y)} pairs ({int(y.sum())} same clause); at 0.5: {tp} right, {fp} false pairs, {fn} missed")
    print("WEIGHTS =", json.dumps(weights))
    if "-v" in argv:
        for k in np.argsort(-np.abs(p - y))[:25]:
            print(f"  {ids[k]:45s} label {int(y[k])} p {p[k]:.2f} " +
                  " ".join(f"{n}={v:.2f}" for n, v in zip(FEATURES, x[k], strict=True)))
    return 0 if not math.isnan(p.sum()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
