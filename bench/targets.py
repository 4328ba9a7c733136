"""The speed targets of issue 17, measured: one row each with the figure,
the target and pass/fail, plus the alternatives on the same inputs.

``python -m bench`` and ``python -m bench --quick`` both run every target
(quick with fewer runs and tighter caps); ``python -m bench --only targets``
runs just these.  Inputs are generated in the parent process (untimed);
in-process figures are timed in a forked child, whole-process figures as
``python -m communique …`` subprocesses with this checkout first on
``PYTHONPATH``.  Every figure is the best of several runs (see
``measure.py``), and each ratio is of two figures measured in this run.

Target ids (``Row.key``) are stable: ``python -m bench.profiling KEY`` profiles
the workload behind one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import alternatives as alts
from . import corpus, scaling
from .measure import Best, best_call, best_process, communique_command, console_script, in_child

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = (ROOT / "samples" / "en" / "round-01.txt", ROOT / "samples" / "en" / "round-02.txt")

LINEAR_RATIO = 5.0  # time(4n) / time(n): linear is 4, n log n about 4.5 at these sizes, quadratic 16
RENDER_RATIO = 2.3  # time(2,000 clauses) / time(1,000): the bound for every renderer


@dataclass(frozen=True)
class Plan:
    """Sizes, repetitions and caps of one run of the targets."""

    reps: int  # runs of a small measurement (best taken)
    reps_large: int  # runs of a measurement over a second
    cap: float  # seconds: at most this per measurement of a fixed-size target
    scale_cap: float  # seconds: at most this per run of a scaling input
    lines: tuple[int, int, int] = (10_000, 30_000, 50_000)
    one_clause: tuple[int, int] = (250_000, 1_000_000)
    many: tuple[int, int] = (25_000, 100_000)
    near: tuple[int, int] = (2_500, 10_000)
    diff_n: int = 1000
    cli_n: int = 5000
    parse_small: tuple[int, int] = (10, 200)  # clauses per statement, statements
    history: tuple[int, int] = (20, 100)  # rounds, clauses
    render: tuple[int, int] = (1000, 2000)
    render_reps: int = 5
    alternatives: tuple[str, ...] = ("git", "dwdiff", "difflib", "difflib-lines", "redline")
    alt_sizes: tuple[int, ...] = (1000, 5000)  # generated pairs of the alternatives table (besides the samples)


FULL = Plan(reps=9, reps_large=3, cap=300.0, scale_cap=120.0)
QUICK = Plan(reps=5, reps_large=1, cap=90.0, scale_cap=30.0, render_reps=3, alt_sizes=(1000,))
# Tiny inputs for tests/test_bench.py: the plumbing, not the figures.
TINY = Plan(reps=1, reps_large=1, cap=60.0, scale_cap=60.0, lines=(60, 120, 200), one_clause=(2_000, 8_000),
            many=(50, 200), near=(20, 80), diff_n=20, cli_n=30, parse_small=(10, 3), history=(3, 10),
            render=(20, 40), render_reps=1, alternatives=("difflib", "redline"), alt_sizes=(20,))


@dataclass
class Row:
    """One target: what is measured, the bound, the figure, pass/fail."""

    key: str
    what: str
    target: str
    measured: str
    ok: bool | None  # None: could not be measured (error) or no bound
    detail: str = ""
    value: float | None = None  # the figure in the target's unit (s, MB/s, ×)
    filed: str = ""  # the figure issue 17 reported when it was filed

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: "–"}[self.ok]


@dataclass
class Results:
    plan: Plan
    rows: list[Row] = field(default_factory=list)
    renders: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def failing(self) -> list[Row]:
        return [r for r in self.rows if r.ok is False]


# --------------------------------------------------------------------------- formatting


def secs(s: float | None) -> str:
    if s is None:
        return "–"
    if s < 0.01:
        return f"{s * 1000:.2f} ms"
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def times(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def _cpu(b: Best) -> str:
    return f"CPU {secs(b.cpu)}" if b.cpu is not None else ""


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.1f} KB"


def _bounded(value: float | None, bound: float, below: bool = True) -> bool | None:
    if value is None:
        return None
    return value <= bound if below else value >= bound


# --------------------------------------------------------------------------- start-up and small diffs


def samples_argv(cmd: list[str], fmt: str | None = None) -> list[str]:
    argv = [*cmd, "diff", str(SAMPLES[0]), str(SAMPLES[1])]
    return [*argv, "--format", fmt] if fmt else argv


def small_diff(plan: Plan, res: Results) -> None:
    """``communique diff`` of the two English samples as a whole process:
    piped (default unified) and on a pseudo-terminal (default terminal,
    coloured), the console script beside ``python -m``, ``--help``, and what
    the same work costs in-process (the rest is start-up)."""
    cmd = communique_command()
    piped, _ = best_process(samples_argv(cmd), plan.reps, plan.cap)
    res.rows.append(Row(
        "cli-samples-piped", "`communique diff` of the two English samples, whole process, piped "
        "(default format: unified)", "≤ 100 ms", secs(piped.wall) if piped.status == "ok" else piped.status,
        _bounded(piped.wall, 0.100), f"{_cpu(piped)}; peak RSS {_mb(piped.max_rss or 0)}; {piped.runs} runs",
        piped.wall, "175 ms"))
    tty, run = best_process(samples_argv(cmd), plan.reps, plan.cap, tty=True)
    coloured = run is not None and b"\x1b[" in run.stdout
    res.rows.append(Row(
        "cli-samples-tty", "the same on a terminal (pseudo-terminal; default format: terminal)", "≤ 100 ms",
        secs(tty.wall) if tty.status == "ok" else tty.status, _bounded(tty.wall, 0.100),
        f"{_cpu(tty)}; {'coloured' if coloured else 'no colour'} terminal output; {tty.runs} runs", tty.wall,
        "175 ms"))
    extra = []
    script = console_script()
    few = max(1, plan.reps // 2)
    if script:
        via_script, _ = best_process(samples_argv(script), few, plan.cap)
        if via_script.wall is not None and piped.wall is not None:
            extra.append(f"console script `communique` {secs(via_script.wall)} "
                         f"({(via_script.wall - piped.wall) * 1000:+.1f} ms against `python -m`)")
    help_run, _ = best_process([*cmd, "--help"], few, plan.cap)
    extra.append(f"`communique --help` {secs(help_run.wall)}")
    res.notes.append("Start-up: " + "; ".join(extra) + ".")

    def in_process() -> dict[str, Any]:
        import communique

        def work() -> str:
            d = communique.diff(communique.parse(SAMPLES[0]), communique.parse(SAMPLES[1]))
            return communique.render(d, "unified")

        best, _ = best_call(work, plan.reps)
        return {"best": best}

    r = in_child(in_process, plan.cap)
    if isinstance(r, dict) and piped.wall:
        work = r["best"].wall
        res.notes.append(f"The samples' parse + diff + unified render in a warm process: {secs(work)}, "
                         f"{work / piped.wall:.0%} of the whole process; the rest is interpreter start-up, "
                         "imports and first-call set-up.")


# --------------------------------------------------------------------------- diff and parse at 1,000 clauses


def diff_1000(plan: Plan, lang: str, res: Results) -> None:
    from .run import communique_verdict

    case = alts.make_case(plan.diff_n, lang, seed=1)

    def measure() -> dict[str, Any]:
        import communique

        old, new = communique.parse(case.old_text), communique.parse(case.new_text)
        parsed, d = best_call(lambda: communique.diff(old, new), plan.reps)
        texts, _ = best_call(lambda: communique.diff(case.old_text, case.new_text), plan.reps)
        return {"parsed": parsed, "texts": texts, "verdict": communique_verdict(d, case.truth)}

    r = in_child(measure, plan.cap)
    n = f"{plan.diff_n:,}"
    if isinstance(r, str):
        res.rows.append(Row("diff-parsed-1000", f"diff of two parsed {n}-clause documents", "≤ 25 ms", r, None))
        res.rows.append(Row("diff-texts-1000", f"in-process diff of two {n}-clause texts, parsing included",
                            "≤ 90 ms", r, None))
        return
    exact = "alignment exact" if r["verdict"]["exact"] else f"alignment NOT exact ({r['verdict']['detail']})"
    size = _mb(len(case.old_text.encode()) + len(case.new_text.encode()))
    res.rows.append(Row("diff-parsed-1000", f"diff of two parsed {n}-clause documents ({lang}, ~10 % edits)",
                        "≤ 25 ms", secs(r["parsed"].wall), _bounded(r["parsed"].wall, 0.025),
                        f"{_cpu(r['parsed'])}; {exact}; {r['parsed'].runs} runs", r["parsed"].wall, "73.5 ms"))
    res.rows.append(Row("diff-texts-1000", f"in-process diff of the same two texts, parsing included ({size})",
                        "≤ 90 ms", secs(r["texts"].wall), _bounded(r["texts"].wall, 0.090),
                        f"{_cpu(r['texts'])}; {r['texts'].runs} runs", r["texts"].wall, "0.12–0.19 s"))


def cli_5000(plan: Plan, lang: str, res: Results) -> None:
    case = alts.make_case(plan.cli_n, lang, seed=1)
    try:
        old, new = case.files()
        best, _ = best_process([*communique_command(), "diff", old, new], plan.reps_large + 1, plan.cap)
    finally:
        case.cleanup()
    n = f"{plan.cli_n:,}"
    res.rows.append(Row("cli-5000", f"`communique diff` of {n} + {n} clauses, default format (unified), "
                        "whole process", "≤ 1 s", secs(best.wall) if best.status == "ok" else best.status,
                        _bounded(best.wall, 1.0),
                        f"{_cpu(best)}; peak RSS {_mb(best.max_rss or 0)}; {best.runs} runs", best.wall, "1.16 s"))


def parse_speed(plan: Plan, lang: str, res: Results) -> None:
    text, _ = corpus.make_statement(plan.diff_n, lang, seed=0)
    per, count = plan.parse_small
    smalls = [corpus.make_statement(per, lang, seed=i)[0] for i in range(count)]
    # the same number of statements never parsed before in the process: the target's best of runs
    # parses the same statements again, and the metadata keeps what it read of their lines
    fresh = [[corpus.make_statement(per, lang, seed=count * (r + 1) + i)[0] for i in range(count)]
             for r in range(min(plan.reps, 3))]

    def measure() -> dict[str, Any]:
        import time

        import communique

        big, _ = best_call(lambda: communique.parse(text), plan.reps)
        small, _ = best_call(lambda: [communique.parse(t) for t in smalls], plan.reps)
        first = []
        for batch in fresh:
            t0 = time.perf_counter()
            for t in batch:
                communique.parse(t)
            first.append(time.perf_counter() - t0)
        return {"big": big, "small": small, "fresh": min(first), "fresh_bytes": len("".join(fresh[0]).encode())}

    r = in_child(measure, plan.cap)
    big_bytes = len(text.encode())
    small_bytes = sum(len(t.encode()) for t in smalls)
    if isinstance(r, str):
        res.rows.append(Row("parse-1000", "parse MB/s", "≥ 12 MB/s", r, None))
        res.rows.append(Row("parse-10", "parse MB/s, 10-clause statements", "≥ 8 MB/s", r, None))
        return
    mbs_big = big_bytes / 1e6 / r["big"].wall
    mbs_small = small_bytes / 1e6 / r["small"].wall
    res.rows.append(Row("parse-1000", f"parse, one {plan.diff_n:,}-clause statement ({lang}, {_mb(big_bytes)})",
                        "≥ 12 MB/s", f"{mbs_big:.1f} MB/s", mbs_big >= 12,
                        f"{secs(r['big'].wall)}; {_cpu(r['big'])}; {r['big'].runs} runs", mbs_big, "9.8 MB/s"))
    res.rows.append(Row("parse-10", f"parse, single {per}-clause statements ({count} different ones, "
                        f"{_mb(small_bytes // count)} each)", "≥ 8 MB/s", f"{mbs_small:.1f} MB/s", mbs_small >= 8,
                        f"{secs(r['small'].wall / count)} a statement; {r['small'].runs} runs; statements parsed for "
                        f"the first time: {r['fresh_bytes'] / 1e6 / r['fresh']:.1f} MB/s", mbs_small,
                        "4.7 MB/s"))


# --------------------------------------------------------------------------- long statements (whole process)


def long_statements(plan: Plan, lang: str, res: Results) -> None:
    """10k, 30k and 50k lines as whole processes (default format, piped):
    the 30k/10k time ratio, 50k finishing, peak RSS against the input."""
    cmd = communique_command()
    runs: dict[int, tuple[Best, scaling.Pair]] = {}
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        for n_lines in plan.lines:
            pair = scaling.lines_pair(n_lines, lang)
            old, new = Path(tmp, f"old-{n_lines}.txt"), Path(tmp, f"new-{n_lines}.txt")
            old.write_text(pair.old_text, encoding="utf-8")
            new.write_text(pair.new_text, encoding="utf-8")
            # No untimed first run: the samples' runs before this filled the
            # grammar cache, and a second run of 50,000 lines would double the cost.
            small = n_lines == plan.lines[0]
            best, _ = best_process([*cmd, "diff", str(old), str(new)], plan.reps_large + (1 if small else 0),
                                   plan.scale_cap, warm=False)
            runs[n_lines] = (best, pair)
    (b10, p10), (b30, p30), (b50, p50) = (runs[n] for n in plan.lines)
    a, b, c = (f"{n:,}" for n in plan.lines)
    ratio = b30.wall / b10.wall if b30.wall and b10.wall else None
    if b30.status == "timeout" and b10.wall:
        measured, ok = f"> {plan.scale_cap / b10.wall:.1f}× ({b} lines > {secs(plan.scale_cap)})", False
    else:
        measured, ok = times(ratio) if ratio else b30.status, _bounded(ratio, 3.6)
    res.rows.append(Row("lines-ratio", f"`communique diff` of a {b}-line statement against a {a}-line one "
                        f"(time ratio; {lang}, whole process)", "≤ 3.6×", measured, ok,
                        f"{a} lines {secs(b10.wall)} ({_mb(p10.nbytes)}), {b} lines "
                        f"{secs(b30.wall) if b30.status == 'ok' else b30.status} ({_mb(p30.nbytes)})",
                        ratio, "8.7×"))
    finished = b50.status == "ok"
    res.rows.append(Row("lines-50k", f"{c} lines finish (whole process, cap {secs(plan.scale_cap)})", "finishes",
                        secs(b50.wall) if finished else b50.status, finished, f"{_mb(p50.nbytes)} of input",
                        b50.wall, "> 120 s"))
    rss = b50.max_rss or 0
    per_input = rss / p50.nbytes if p50.nbytes else None
    others = ", ".join(f"{n:,} lines {runs[n][0].max_rss / runs[n][1].nbytes:.1f}×"
                       for n in plan.lines[:2] if runs[n][0].max_rss)
    res.rows.append(Row("lines-50k-memory", f"peak RSS of the {c}-line diff ÷ its input (both files' bytes)",
                        "≤ 20×", (f"{per_input:.1f}×" if per_input else "–") + ("" if finished else " (at the cap)"),
                        _bounded(per_input, 20.0) if finished or (per_input or 0) > 20 else None,
                        f"{_mb(rss)} peak for {_mb(p50.nbytes)}; {others}", per_input, "763 MB (33×)"))


# --------------------------------------------------------------------------- near-linear probes (in-process)


def _diff_once(pair: scaling.Pair) -> dict[str, float]:
    import time

    import communique

    t0 = time.perf_counter()
    a, b = communique.parse(pair.old_text), communique.parse(pair.new_text)
    t1 = time.perf_counter()
    communique.diff(a, b)
    t2 = time.perf_counter()
    return {"parse": t1 - t0, "diff": t2 - t1, "total": t2 - t0, "clauses": len(list(a.walk()))}


def _timed_pair(pair: scaling.Pair, reps: int, cap: float) -> dict[str, Any] | str:
    """Best of ``reps`` parse-both + diff runs in a forked child (each run's
    parts kept from the best run)."""

    def measure() -> dict[str, Any]:
        best: dict[str, float] | None = None
        for _ in range(max(1, reps)):
            r = _diff_once(pair)
            if best is None or r["total"] < best["total"]:
                best = r
        return best or {}

    return in_child(measure, cap)  # type: ignore[no-any-return]


# Seconds the runs at 4n may take together when one is short: a single run of a
# second or two is at the mercy of one stall (the quick plan read the same code's
# near-identical ratio as 3.9x and 5.7x in two runs), so a short probe is timed up to
# PROBE_RUNS times at 4n and keeps its best, as its n side does.
PROBE_BUDGET = 10.0
PROBE_RUNS = 3


def _big_runs(plan: Plan, t_small: dict[str, Any] | str) -> int:
    """Runs at 4n: the plan's, or up to PROBE_RUNS when they fit PROBE_BUDGET
    (a linear 4n run taking about 4.5 times the n run)."""
    if isinstance(t_small, str):
        return plan.reps_large
    fits = int(PROBE_BUDGET / (4.5 * max(t_small["total"], 1e-3)))
    return max(plan.reps_large, min(PROBE_RUNS, fits))


def near_linear(plan: Plan, lang: str, res: Results) -> None:
    probes: list[tuple[str, str, Callable[[int, str], scaling.Pair], tuple[int, int], str]] = [
        ("one-clause-1mb", "a single clause", scaling.one_clause_pair, plan.one_clause, "bytes"),
        ("clauses-100k", "short clauses", scaling.many_clauses_pair, plan.many, "clauses"),
        ("near-identical-10k", "near-identical clauses", scaling.near_identical_pair, plan.near, "clauses"),
    ]
    for key, label, make, (n, n4), unit in probes:
        small, big = make(n, lang), make(n4, lang)
        t_small = _timed_pair(small, plan.reps_large + 1, plan.scale_cap)
        t_big = _timed_pair(big, _big_runs(plan, t_small), plan.scale_cap)
        sizes = (f"{_mb(n)} → {_mb(n4)}" if unit == "bytes" else f"{n:,} → {n4:,} clauses")
        what = f"diff of {label}, {sizes} (parse + diff, in-process; time ratio)"
        if isinstance(t_small, str):
            res.rows.append(Row(key, what, f"≤ {LINEAR_RATIO:g}×", t_small, None))
            continue
        if isinstance(t_big, str):
            lower = plan.scale_cap / t_small["total"] if t_big == "timeout" else None
            res.rows.append(Row(key, what, f"≤ {LINEAR_RATIO:g}×",
                                f"> {lower:.0f}× (timeout)" if lower else t_big, False if lower else None,
                                f"n: {secs(t_small['total'])}; 4n: over {secs(plan.scale_cap)}", lower))
            continue
        ratio = t_big["total"] / t_small["total"]
        parts = (f"n {secs(t_small['total'])}, 4n {secs(t_big['total'])} (parse "
                 f"{times(t_big['parse'] / t_small['parse'])}, diff {times(t_big['diff'] / t_small['diff'])}; "
                 f"at 4n parse {secs(t_big['parse'])}, diff {secs(t_big['diff'])}); {_mb(big.nbytes)} at 4n")
        res.rows.append(Row(key, what, f"≤ {LINEAR_RATIO:g}×", times(ratio), ratio <= LINEAR_RATIO, parts, ratio))


# --------------------------------------------------------------------------- history


def history_rounds(rounds: int, n: int, lang: str) -> list[str]:
    """The bench's history input (the one ``run.bench_history`` times):
    ``rounds`` rounds of ``n`` clauses, each ~10 % edits from the one before."""
    text, clauses = corpus.make_statement(n, lang, seed=7)
    texts = [text]
    for r in range(1, rounds):
        text, clauses, _ = corpus.next_round(clauses, 0.1, seed=r)
        texts.append(text)
    return texts


def history_target(plan: Plan, lang: str, res: Results) -> None:
    rounds, n = plan.history
    texts = history_rounds(rounds, n, lang)

    def measure() -> dict[str, Any]:
        import communique

        best, h = best_call(lambda: communique.history(texts), plan.reps)
        return {"best": best, "lineages": len(h.lineages)}

    r = in_child(measure, plan.cap)
    what = f"history of {rounds} rounds × {n} clauses, in-process, parsing included"
    if isinstance(r, str):
        res.rows.append(Row("history-20x100", what, "≤ 150 ms", r, None))
        return
    res.rows.append(Row("history-20x100", what, "≤ 150 ms", secs(r["best"].wall), _bounded(r["best"].wall, 0.150),
                        f"{_cpu(r['best'])}; {r['lineages']} lineages; {r['best'].runs} runs", r["best"].wall,
                        "252 ms"))


# --------------------------------------------------------------------------- renderers


RENDER_OPTIONS: dict[str, dict[str, Any]] = {
    "terminal": {"color": True, "width": 120},  # as on a terminal, at a fixed width
    "tree": {"color": True, "width": 120},
    "side-by-side": {"width": 160},
}


def renderers(plan: Plan, lang: str, res: Results) -> None:
    """Every format, for each kind it renders of document and diff: the time
    at 2,000 clauses over the time at 1,000."""
    small_n, big_n = plan.render
    cases = {n: alts.make_case(n, lang, seed=1) for n in (small_n, big_n)}

    def measure() -> list[dict[str, Any]]:
        import communique
        from communique.renderers import formats, get

        objs = {}
        for n, case in cases.items():
            d = communique.diff(case.old_text, case.new_text)
            objs[n] = {"diff": d, "document": d.new}
        out = []
        for fmt in formats():
            kinds = get(fmt).kinds
            for kind in ("document", "diff"):
                if kind not in kinds:
                    continue
                opts = RENDER_OPTIONS.get(fmt, {})
                t = {n: float("inf") for n in (small_n, big_n)}
                size = 0
                # the two sizes turn about, so that a slow spell of the machine falls on both
                for _ in range(max(1, plan.render_reps)):
                    for n in (small_n, big_n):
                        obj = objs[n][kind]
                        best, text = best_call(lambda obj=obj, fmt=fmt, opts=opts: communique.render(obj, fmt, **opts),
                                               1, warm=t[n] == float("inf"))
                        t[n] = min(t[n], best.wall)
                        size = len(text.encode())
                out.append({"format": fmt, "kind": kind, "small": t[small_n], "big": t[big_n],
                            "ratio": t[big_n] / t[small_n] if t[small_n] else None, "bytes": size})
        return out

    r = in_child(measure, plan.cap)
    what = f"every renderer, {big_n:,} against {small_n:,} clauses (time ratio, worst format)"
    if isinstance(r, str):
        res.rows.append(Row("render-linear", what, f"≤ {RENDER_RATIO:g}× each", r, None))
        return
    res.renders = r
    worst = max(r, key=lambda x: x["ratio"] or 0)
    failing = [f"{x['format']}/{x['kind']} {x['ratio']:.2f}×" for x in r if (x["ratio"] or 0) > RENDER_RATIO]
    res.rows.append(Row("render-linear", what, f"≤ {RENDER_RATIO:g}× each", f"{worst['ratio']:.2f}× "
                        f"({worst['format']}/{worst['kind']})", not failing,
                        ("over: " + ", ".join(failing)) if failing else f"{len(r)} format/kind pairs, table below",
                        worst["ratio"]))


# --------------------------------------------------------------------------- alternatives on the targets' inputs


def _best_alternative(name: str, case: alts.Case, reps: int, timeout: float, check: bool) -> dict[str, Any]:
    alt = alts.ALTERNATIVES[name]
    walls = []
    result = None
    for _ in range(max(1, reps)):
        dt, result = alt.run(case, timeout)
        if alts.is_status(result):
            break
        walls.append(dt)
    status = result if alts.is_status(result) else "ok"
    verdict: Any = "n/a"
    if check and status == "ok":
        verdict, _ = alts.check(name, case, result)
    return {"name": name, "label": alt.label, "kind": alt.kind, "seconds": min(walls) if walls else None,
            "status": status, "correct": verdict}


def alternatives_table(plan: Plan, lang: str, res: Results) -> None:
    """communique and the alternatives, same inputs, same run: the English
    samples and the generated pairs of ``plan.alt_sizes`` clauses."""
    from .run import communique_verdict

    old_s, new_s = (p.read_text("utf-8") for p in SAMPLES)
    inputs = [("English samples", alts.Case("samples-en", old_s, new_s, [], [], []), False)]
    inputs += [(f"edit-{n} ({lang})", alts.make_case(n, lang, seed=1), True) for n in plan.alt_sizes]
    cmd = communique_command()
    for label, case, has_truth in inputs:
        try:
            old, new = case.files()
            reps = plan.reps if len(case.old_text) < 1e6 else plan.reps_large + 1
            whole, _ = best_process([*cmd, "diff", old, new], reps, plan.cap)

            def inproc(case: alts.Case = case, has_truth: bool = has_truth, reps: int = reps) -> dict[str, Any]:
                import communique

                best, d = best_call(lambda: communique.diff(case.old_text, case.new_text), reps)
                return {"best": best, "exact": communique_verdict(d, case.truth)["exact"] if has_truth else None}

            r = in_child(inproc, plan.cap)
            row: dict[str, Any] = {"input": label, "bytes": len(case.old_text.encode()) + len(case.new_text.encode()),
                                   "communique (process)": whole.wall, "communique (in-process)": None}
            marks: dict[str, Any] = {}
            if isinstance(r, dict):
                row["communique (in-process)"] = r["best"].wall
                marks["communique (in-process)"] = r["exact"]
            for name in plan.alternatives:
                a = _best_alternative(name, case, reps, plan.cap, has_truth)
                row[a["label"]] = a["seconds"] if a["status"] == "ok" else a["status"]
                marks[a["label"]] = a["correct"] if has_truth else None
            row["marks"] = marks
            res.alternatives.append(row)
        finally:
            case.cleanup()


# --------------------------------------------------------------------------- all


SECTIONS: list[tuple[str, Callable[..., None]]] = [
    ("small diff and start-up", lambda plan, lang, res: small_diff(plan, res)),
    ("diff at 1,000 clauses", diff_1000),
    ("whole process at 5,000 clauses", cli_5000),
    ("parse speed", parse_speed),
    ("long statements", long_statements),
    ("near-linear probes", near_linear),
    ("history", history_target),
    ("renderers", renderers),
    ("alternatives", alternatives_table),
]


def run_targets(plan: Plan, lang: str, log: Callable[[str], None] = lambda s: None) -> Results:
    import time

    res = Results(plan)
    for title, section in SECTIONS:
        t0 = time.perf_counter()
        log(f"targets: {title}")
        section(plan, lang, res)
        log(f"targets: {title} took {time.perf_counter() - t0:.1f} s")
    return res


def busy_machine() -> str:
    """A warning when the machine was busier than its CPUs at the start."""
    try:
        load = os.getloadavg()[0]
        cpus = len(os.sched_getaffinity(0))
    except (OSError, AttributeError):  # pragma: no cover
        return ""
    if load < cpus:
        return ""
    return (f"The load average was {load:.1f} on {cpus} CPUs when the run started: wall times are inflated by "
            "waiting for a CPU (compare the CPU times in the detail column), and a FAIL on an absolute bound "
            "may be the machine's; ratios of two runs suffer less.")


def summary(res: Results) -> str:
    ok = sum(1 for r in res.rows if r.ok)
    bad = [r.key for r in res.rows if r.ok is False]
    unknown = sum(1 for r in res.rows if r.ok is None)
    out = f"{ok} of {len(res.rows)} targets pass"
    if bad:
        out += "; failing: " + ", ".join(bad)
    if unknown:
        out += f"; {unknown} not measured"
    return out


def load_average() -> str:
    try:
        return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return ""
