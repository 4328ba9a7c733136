"""Do the dense split/merge/move strategies find the group-search defects?

    python tests/fuzz/dense_demo.py [--src DIR] [--budget N] [--seeds 1,2,3]

Runs the three dense properties (``tests/strategies.py``: ``dense_rounds``
with ``check_one_op_per_clause``, ``check_mirror``,
``check_dense_explained``) against the communique found first on
``sys.path`` — or the source tree ``--src`` (for example ``/work/wt/base``,
the code of f129695, with its own interpreter) — for at most ``--budget``
examples per property and seed (40: the default hypothesis profile), no
shrinking, and prints for each the number of examples it took to fail and
the failure: ``defect 1`` (a clause in a split and in a merge), ``defect 2``
(a split one way, not a merge the other), ``pairing`` (a mirror failure
without a split or merge).

The older code's modules differ (``communique.text`` was one module; ops had
``op`` for ``kind``); the few names the strategies import are mapped onto it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import types
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(src: str | None):
    if src:
        sys.path.insert(0, src)
    import communique

    try:
        from communique.model import Profile  # noqa: F401
        from communique.text.normalize import normalize  # noqa: F401
        from communique.text.tokens import tokenize  # noqa: F401
    except ImportError:  # the layout before 0.2: communique/text.py
        import communique.model as model
        import communique.text as text

        model.Profile = text.Profile
        sys.modules["communique.text.normalize"] = types.SimpleNamespace(normalize=text.normalize)
        sys.modules["communique.text.tokens"] = types.SimpleNamespace(tokenize=text.tokenize,
                                                                      word_keys=text.word_keys)
    spec = importlib.util.spec_from_file_location("dense_strategies", HERE.parent / "strategies.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["dense_strategies"] = module
    spec.loader.exec_module(module)
    return communique, module


def _classify(message: str, prop: str) -> str:
    message = message.split(": ", 1)[-1]  # the assertion, not the edits
    if prop == "one-op":
        return "defect 1 (split and merge share a clause)" if "'split'" in message and "'merged'" in message \
            else "one-op (other)"
    if prop == "guarantees":
        if "clauses in two ops" in message:
            return _classify(message, "one-op")
        return _classify(message, "mirror")
    if prop == "mirror":
        return "defect 2 (group not mirrored)" if "split" in message or "merged" in message else "pairing"
    return "explain"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", help="a communique source tree to test instead of the installed one")
    ap.add_argument("--budget", type=int, default=40)
    ap.add_argument("--seeds", default="1,2,3,4,5")
    ap.add_argument("--props", default="one-op,mirror,explain",
                    help="which properties, comma-separated; 'guarantees' checks one-op (both directions) and "
                         "mirror on the same pair, so one generated pair counts for both")
    ap.add_argument("--rounds", type=int, default=1,
                    help="with --props guarantees: this many next rounds of each generated statement "
                         "(each a pair; the statement is drawn once)")
    ap.add_argument("--count", action="store_true",
                    help="do not stop at the first failure: run the whole budget and count failures by kind "
                         "(the acceptance run: --count --budget 100000 --seeds 1)")
    args = ap.parse_args()
    communique, S = _load(args.src)

    print(f"communique from {Path(communique.__file__).parent}")

    parsed = [0]

    def parse_pair(r):
        old, new, _, _ = r
        a, b = communique.parse(S.render(old)), communique.parse(S.render(new))
        ok = [c.path for c in a.walk()] == list(S.paths(old).values()) and \
            [c.path for c in b.walk()] == list(S.paths(new).values())
        parsed[0] += ok
        return a, b, ok

    def one_op(r):
        a, b, ok = parse_pair(r)
        if ok:
            S.check_one_op_per_clause(communique.diff(a, b))
            S.check_one_op_per_clause(communique.diff(b, a))

    def mirror(r):
        a, b, ok = parse_pair(r)
        if ok:
            S.check_mirror(communique.diff(a, b), communique.diff(b, a))

    def explain(r):
        a, b, ok = parse_pair(r)
        if ok:
            old, new, exp, rev = r
            S.check_dense_explained(communique.diff(a, b), old, new, exp, rev)
            S.check_dense_explained(communique.diff(b, a), new, old, exp, not rev)

    def guarantees(r):
        a, b, ok = parse_pair(r)
        if ok:
            check_guarantees(a, b)

    def check_guarantees(a, b):
        ab, ba = communique.diff(a, b), communique.diff(b, a)
        S.check_one_op_per_clause(ab)
        S.check_one_op_per_clause(ba)
        S.check_mirror(ab, ba)

    def guarantees_of_rounds(r):
        """Every next round of one statement, as a pair with it (``parsed``
        counts the pairs checked; a failing pair stops the example)."""
        old, news = r
        a = communique.parse(S.render(old))
        if [c.path for c in a.walk()] != list(S.paths(old).values()):
            return
        for new, _ in news:
            b = communique.parse(S.render(new))
            if [c.path for c in b.walk()] == list(S.paths(new).values()):
                parsed[0] += 1
                check_guarantees(a, b)

    checks = {"one-op": one_op, "mirror": mirror, "explain": explain, "guarantees": guarantees}
    for name in args.props.split(","):
        check = checks[name]
        strategy = S.dense_rounds()
        if name == "guarantees" and args.rounds > 1:
            check, strategy = guarantees_of_rounds, S.dense_round_sets(args.rounds)
        for s in (int(x) for x in args.seeds.split(",")):
            t0 = time.monotonic()
            parsed[0] = 0
            result = _run(S, name, check, strategy, s, args.budget, args.count, parsed)
            print(f"{name:8} seed {s}: {result} [{time.monotonic() - t0:.0f} s]", flush=True)


def _run(S, name: str, check, strategy, seed_value: int, budget: int, count_all: bool, parsed: list[int]) -> str:
    from hypothesis import HealthCheck, Phase, given, seed, settings

    count = [0]
    kinds: Counter[str] = Counter()
    failure: list[str] = []

    @seed(seed_value)
    @settings(max_examples=budget, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(r):
        count[0] += 1
        if count_all and count[0] % 5000 == 0:
            print(f"  {name} seed {seed_value}: {count[0]} examples, {parsed[0]} parsed as generated, "
                  f"{sum(kinds.values())} failing", flush=True)
        try:
            check(r)
        except AssertionError as exc:
            if count_all:
                kinds[_classify(f"x: {exc}", name)] += 1
                return
            if not failure:
                edits = [e.edits for _, e in r[1]] if len(r) == 2 else f"{r[2].edits}{' reversed' if r[3] else ''}"
                failure.append(f"after {count[0]} examples ({parsed[0]} parsed as generated), edits "
                               f"{edits}: {str(exc)[:300]}")
            raise

    try:
        prop()
    except Exception as exc:  # hypothesis re-raises the first failure
        return (f"{_classify(failure[0], name)}: {failure[0]}" if failure
                else f"error: {type(exc).__name__}: {str(exc)[:300]}")
    if count_all:
        return (f"{sum(kinds.values())} failing of {count[0]} examples ({parsed[0]} parsed as generated): "
                f"{dict(kinds)}")
    return f"no failure in {count[0]} examples ({parsed[0]} parsed as generated)"

if __name__ == "__main__":
    main()
