"""Alignment quality (issue 16), in the same run as the speed figures:
pairing precision, recall and F1 and op-kind accuracy of communique and of
the baseline (word-level difflib pairing, ``bench/eval/score.py``) on the
labelled evaluation set and on the realistic consecutive-round pairs.

Scoring is ``bench/eval/score.py``'s (read its docstring for the metrics);
this module runs it for both aligners and both sets, times each aligner over
each set, and checks issue 16's acceptance bounds on the evaluation set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .eval import score as scorer

F1_BOUND = 0.95
OP_BOUND = 0.9


@dataclass
class Scored:
    """One aligner on one set."""

    set_name: str
    aligner: str
    result: dict[str, Any]
    seconds: float
    cases: int

    @property
    def overall(self) -> dict[str, Any]:
        return self.result["overall"]  # type: ignore[no-any-return]


@dataclass
class Quality:
    scored: list[Scored] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # acceptance bounds: what, bound, value, ok


ALIGNERS = {"baseline (difflib pairing)": scorer.baseline_align, "communique": scorer.communique_align}


def run_quality(limit: int | None = None) -> Quality:
    """Score both aligners on both sets (``limit``: first cases of each, for tests)."""
    sets = {"evaluation set": scorer.load_cases(), "realistic pairs": scorer.load_realistic()}
    q = Quality()
    for set_name, cases in sets.items():
        cases = cases[:limit] if limit else cases
        for name, align in ALIGNERS.items():
            t0 = time.perf_counter()
            result = scorer.score(cases, align)
            q.scored.append(Scored(set_name, name, result, time.perf_counter() - t0, len(cases)))
    ours = next(s for s in q.scored if s.set_name == "evaluation set" and s.aligner == "communique")
    f1 = ours.overall["pairing"]["f1"]
    acc = ours.overall["ops_all"]["accuracy"]
    q.checks.append({"what": "pairing F1 on the evaluation set", "bound": f"≥ {F1_BOUND}", "value": f1,
                     "ok": f1 is not None and f1 >= F1_BOUND})
    q.checks.append({"what": "op-kind accuracy on the evaluation set (every gold op)", "bound": f"≥ {OP_BOUND}",
                     "value": acc, "ok": acc >= OP_BOUND})
    test = ours.overall["ops_test"]
    q.checks.append({"what": "op-kind accuracy on the evaluation set's test ops (changed or cosmetic)",
                     "bound": "(reported)", "value": test["accuracy"], "ok": None})
    real = next(s for s in q.scored if s.set_name == "realistic pairs" and s.aligner == "communique")
    facts = real.overall["ops_test"]
    q.checks.append({"what": f"realistic pairs: facts that hold ({facts['correct']} of {facts['total']})",
                     "bound": "(held-out set: 55 of 58)", "value": facts["accuracy"], "ok": None})
    return q
