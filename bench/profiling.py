"""Profiles of the workloads behind the issue-17 targets.

    python -m bench.profiling KEY [KEY …] [--lang ar] [--quick] [--out FILE]
    python -m bench --profile            # every failing target, after the run

For each target key (``bench/targets.py``; ``--list`` shows them):

* in-process workloads: cProfile of one call after a warm-up call, the top
  15 functions by own time (tottime) and by cumulative time;
* ratio targets (time at n against 4n, 10k against 30k lines, renderers at
  1,000 against 2,000 clauses): both sizes profiled, and the functions
  ranked by own time at the large size with their growth factor: a function
  growing much faster than the input is the superlinear step;
* whole-process targets: cProfile of the command inside its own process
  (imports included) and ``python -X importtime``, the 15 most expensive
  imports by cumulative and by own time;
* the memory target: the 15 source lines holding the most memory once the
  diff is done (tracemalloc), beside the peak.

The profiler's clock is the process's CPU time, so that time spent waiting
for a CPU on a busy machine is not charged to whatever function was running.
Profiling slows Python code about twice; read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import alternatives as alts
from . import corpus, scaling
from . import targets as tg
from .measure import ROOT, bench_env, communique_command, in_child

TOP = 15
CAP = 900.0  # seconds per profiled workload


# --------------------------------------------------------------------------- pstats → rows


def _where(key: tuple[str, int, str]) -> str:
    """``file:line(function)`` shortened to the package path."""
    path, line, func = key
    if path == "~":
        return func  # a built-in
    p = path.replace("\\", "/")
    for marker in ("/site-packages/", "/lib/python3", str(ROOT) + "/"):
        if marker in p:
            p = p.split(marker, 1)[1]
            break
    return f"{p}:{line}({func})"


@dataclass
class FuncStat:
    where: str
    calls: int
    tottime: float
    cumtime: float
    callers: list[tuple[str, float]]  # the callers that spent most of this function's own time


def _stats(prof: cProfile.Profile | str) -> tuple[dict[str, FuncStat], float]:
    st = pstats.Stats(prof)  # type: ignore[arg-type]
    out = {}
    for key, (_cc, nc, tt, ct, callers) in st.stats.items():  # type: ignore[attr-defined]
        w = _where(key)
        # a built-in (regex search, dict.get …) says little without who called it
        top = sorted(((_where(c), v[2]) for c, v in callers.items()), key=lambda x: x[1], reverse=True)[:2]
        out[w] = FuncStat(w, nc, tt, ct, top)
    return out, st.total_tt  # type: ignore[attr-defined]


def _name(f: FuncStat) -> str:
    if "(" in f.where and not f.where.startswith("<"):
        return f"`{f.where}`"
    called = ", ".join(f"`{c}` {t:.3f} s" for c, t in f.callers)
    return f"`{f.where}` (from {called})" if called else f"`{f.where}`"


def _top_tables(stats: dict[str, FuncStat], total: float) -> list[str]:
    lines = [f"Total {total:.3f} s of CPU under the profiler.", ""]
    for title, attr in (("own time (tottime)", "tottime"), ("cumulative time (cumtime)", "cumtime")):
        lines += [f"Top {TOP} by {title}:", "", "| function | calls | tottime | cumtime | share |",
                  "|---|---|---|---|---|"]
        for f in sorted(stats.values(), key=lambda s: getattr(s, attr), reverse=True)[:TOP]:
            share = getattr(f, attr) / total if total else 0
            lines.append(f"| {_name(f)} | {f.calls} | {f.tottime:.4f} | {f.cumtime:.4f} | {share:.0%} |")
        lines.append("")
    return lines


def _growth_table(small: dict[str, FuncStat], big: dict[str, FuncStat], t_small: float, t_big: float,
                  label: str) -> list[str]:
    lines = [f"{label}: total {t_small:.3f} s → {t_big:.3f} s under the profiler ({t_big / t_small:.1f}×).", "",
             f"Top {TOP} by own time at the large size, with their growth:", "",
             "| function | calls (small → large) | tottime small | tottime large | growth | share of large |",
             "|---|---|---|---|---|---|"]
    for f in sorted(big.values(), key=lambda s: s.tottime, reverse=True)[:TOP]:
        s = small.get(f.where)
        growth = f"{f.tottime / s.tottime:.1f}×" if s and s.tottime > 1e-5 else "new"
        calls = f"{s.calls if s else 0} → {f.calls}"
        lines.append(f"| {_name(f)} | {calls} | {s.tottime if s else 0:.4f} | {f.tottime:.4f} | {growth} | "
                     f"{f.tottime / t_big:.0%} |")
    lines.append("")
    return lines


def profile_call(fn: Callable[[], Any], warm: bool = True) -> tuple[dict[str, FuncStat], float]:
    """cProfile one call of ``fn`` (after one unprofiled warm-up call)."""
    if warm:
        fn()
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    return _stats(prof)


def _in_child(fn: Callable[[], Any]) -> Any:
    r = in_child(fn, CAP)
    if isinstance(r, str):
        raise RuntimeError(r)
    return r


# --------------------------------------------------------------------------- whole processes

_PROFILED_CLI = """
import cProfile, sys, time
sys.argv = ["communique", *{args!r}]
prof = cProfile.Profile(time.process_time)
prof.enable()
try:
    from communique.cli import main
    main()
except SystemExit:
    pass
finally:
    prof.disable()
    prof.dump_stats({out!r})
"""


def profile_process(args: list[str]) -> tuple[dict[str, FuncStat], float]:
    """cProfile of ``communique ARGS`` inside its own process, standard output
    to /dev/null (so the piped default format)."""
    with tempfile.TemporaryDirectory(prefix="communique-prof-") as tmp:
        out = str(Path(tmp, "cli.prof"))
        code = _PROFILED_CLI.format(args=list(args), out=out)
        subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=bench_env(), timeout=CAP, check=False)
        return _stats(out)


_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def import_times(args: list[str]) -> list[str]:
    """``python -X importtime`` of ``communique ARGS``: the costliest imports."""
    cmd = communique_command()
    proc = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:], *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=bench_env(), timeout=CAP, check=False)
    rows = []
    for line in proc.stderr.decode(errors="replace").splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2, m.group(4)))
    total = sum(r[0] for r in rows)
    lines = [f"`python -X importtime`: {len(rows)} modules, {total / 1000:.1f} ms of imports in all.", ""]
    for title, k in (("cumulative", 1), ("own (self)", 0)):
        lines += [f"Top {TOP} imports by {title} time:", "", "| module | depth | self ms | cumulative ms |",
                  "|---|---|---|---|"]
        for self_us, cum_us, depth, name in sorted(rows, key=lambda r: r[k], reverse=True)[:TOP]:
            lines.append(f"| `{name}` | {depth} | {self_us / 1000:.1f} | {cum_us / 1000:.1f} |")
        lines.append("")
    return lines


def _samples_args(fmt: str | None = None) -> list[str]:
    return tg.samples_argv([], fmt)


# --------------------------------------------------------------------------- the workloads


def _process_section(args: list[str], with_imports: bool) -> list[str]:
    stats, total = profile_process(args)
    out = ["Whole process (`communique " + " ".join(Path(a).name if "/" in a else a for a in args) + "`), "
           "cProfile inside it:", "", *_top_tables(stats, total)]
    if with_imports:
        out += import_times(args)
    return out


def _pair_files(tmp: str, old_text: str, new_text: str) -> list[str]:
    old, new = Path(tmp, "old.txt"), Path(tmp, "new.txt")
    old.write_text(old_text, encoding="utf-8")
    new.write_text(new_text, encoding="utf-8")
    return [str(old), str(new)]


def _growth(label: str, make_small: Callable[[], Callable[[], Any]],
            make_big: Callable[[], Callable[[], Any]]) -> list[str]:
    """Profile the small and the large workload (each in a forked child) and
    rank the large one's functions with their growth."""

    def run(make: Callable[[], Callable[[], Any]]) -> tuple[dict[str, FuncStat], float]:
        fn = make()
        return _in_child(lambda: profile_call(fn, warm=False))

    small, t_small = run(make_small)
    big, t_big = run(make_big)
    return _growth_table(small, big, t_small, t_big, label)


def _diff_texts(pair: Any) -> Callable[[], Any]:
    def fn() -> Any:
        import communique

        return communique.diff(pair.old_text, pair.new_text)

    return fn


def section(key: str, lang: str, plan: tg.Plan) -> list[str]:
    """The profile of target ``key`` as Markdown lines."""
    import communique

    if key == "cli-samples-piped":
        return _process_section(_samples_args(), True)
    if key == "cli-samples-tty":
        return ["Profiled with `--format terminal` on a pipe (what the terminal default renders):", "",
                *_process_section(_samples_args("terminal"), True)]
    if key == "cli-5000":
        case = alts.make_case(plan.cli_n, lang, seed=1)
        with tempfile.TemporaryDirectory(prefix="communique-prof-") as tmp:
            return _process_section(["diff", *_pair_files(tmp, case.old_text, case.new_text)], True)
    if key in ("diff-parsed-1000", "diff-texts-1000"):
        case = alts.make_case(plan.diff_n, lang, seed=1)
        if key == "diff-texts-1000":
            stats, total = _in_child(lambda: profile_call(lambda: communique.diff(case.old_text, case.new_text)))
        else:
            def parsed() -> Any:
                old, new = communique.parse(case.old_text), communique.parse(case.new_text)
                return profile_call(lambda: communique.diff(old, new))

            stats, total = _in_child(parsed)
        return _top_tables(stats, total)
    if key == "parse-1000":
        text, _ = corpus.make_statement(plan.diff_n, lang, seed=0)
        return _top_tables(*_in_child(lambda: profile_call(lambda: communique.parse(text))))
    if key == "parse-10":
        per, count = plan.parse_small
        texts = [corpus.make_statement(per, lang, seed=i)[0] for i in range(count)]
        return _top_tables(*_in_child(lambda: profile_call(lambda: [communique.parse(t) for t in texts])))
    if key == "history-20x100":
        texts = tg.history_rounds(*plan.history, lang)
        return _top_tables(*_in_child(lambda: profile_call(lambda: communique.history(texts))))
    if key == "lines-ratio":
        a, b, _ = plan.lines
        return _growth(f"in-process diff with parsing, {a:,} → {b:,} lines",
                       lambda: _diff_texts(scaling.lines_pair(a, lang)),
                       lambda: _diff_texts(scaling.lines_pair(b, lang)))
    if key == "lines-50k":
        n = plan.lines[2]
        pair = scaling.lines_pair(n, lang)
        return [f"In-process diff with parsing, {n:,} lines:", "",
                *_top_tables(*_in_child(lambda: profile_call(_diff_texts(pair), warm=False)))]
    if key == "lines-50k-memory":
        return memory_section(scaling.lines_pair(plan.lines[2], lang))
    probes = {"one-clause-1mb": (scaling.one_clause_pair, plan.one_clause),
              "clauses-100k": (scaling.many_clauses_pair, plan.many),
              "near-identical-10k": (scaling.near_identical_pair, plan.near)}
    if key in probes:
        make, (n, n4) = probes[key]
        return _growth(f"parse + diff, n = {n:,} → 4n = {n4:,}", lambda: _diff_texts(make(n, lang)),
                       lambda: _diff_texts(make(n4, lang)))
    if key == "render-linear":
        return render_section(lang, plan)
    raise KeyError(key)


def memory_section(pair: scaling.Pair) -> list[str]:
    def measure() -> dict[str, Any]:
        import communique

        tracemalloc.start(1)
        t0 = time.perf_counter()
        a, b = communique.parse(pair.old_text), communique.parse(pair.new_text)
        after_parse = tracemalloc.get_traced_memory()
        d = communique.diff(a, b)
        current, peak = tracemalloc.get_traced_memory()
        snap = tracemalloc.take_snapshot()
        tracemalloc.stop()
        top = snap.statistics("lineno")[:TOP]
        del d
        return {"peak": peak, "current": current, "after_parse": after_parse[0], "seconds": time.perf_counter() - t0,
                "top": [(str(s.traceback[0]).replace(str(ROOT) + "/", ""), s.size, s.count) for s in top]}

    r = _in_child(measure)
    lines = [f"tracemalloc over parse + diff of {pair.name} ({pair.nbytes / 1e6:.1f} MB of input): after parsing "
             f"{r['after_parse'] / 1e6:.0f} MB held, peak {r['peak'] / 1e6:.0f} MB "
             f"({r['peak'] / pair.nbytes:.1f}× the input), {r['current'] / 1e6:.0f} MB held with the diff done "
             "(Python objects only; the process's RSS adds the interpreter and the allocator's slack).", "",
             f"Top {TOP} source lines by memory held at the end:", "", "| line | MB | blocks |", "|---|---|---|"]
    lines += [f"| `{where}` | {size / 1e6:.1f} | {count} |" for where, size, count in r["top"]]
    return [*lines, ""]


def render_section(lang: str, plan: tg.Plan) -> list[str]:
    """Every renderer over the ratio bound: its profile at both sizes."""
    import communique

    small_n, big_n = plan.render
    cases = {n: alts.make_case(n, lang, seed=1) for n in plan.render}
    out: list[str] = []

    def objs() -> dict[int, dict[str, Any]]:
        found = {}
        for n, case in cases.items():
            d = communique.diff(case.old_text, case.new_text)
            found[n] = {"diff": d, "document": d.new}
        return found

    def profile_pair(fmt: str, kind: str) -> Any:
        o = objs()
        opts = tg.RENDER_OPTIONS.get(fmt, {})
        s = profile_call(lambda: communique.render(o[small_n][kind], fmt, **opts))
        b = profile_call(lambda: communique.render(o[big_n][kind], fmt, **opts))
        return s, b

    res = tg.Results(plan)
    tg.renderers(plan, lang, res)
    for x in res.renders:
        if x["ratio"] is None or x["ratio"] <= tg.RENDER_RATIO:
            continue
        (s, ts), (b, tb) = _in_child(lambda x=x: profile_pair(x["format"], x["kind"]))
        out += [f"#### {x['format']} / {x['kind']} ({x['ratio']:.2f}× measured)", "",
                *_growth_table(s, b, ts, tb, f"{small_n:,} → {big_n:,} clauses")]
    return out or ["Every renderer is within the bound in this run.", ""]


KEYS = ["cli-samples-piped", "cli-samples-tty", "diff-parsed-1000", "diff-texts-1000", "cli-5000", "parse-1000",
        "parse-10", "lines-ratio", "lines-50k", "lines-50k-memory", "one-clause-1mb", "clauses-100k",
        "near-identical-10k", "history-20x100", "render-linear"]


def write_profiles(keys: list[str], lang: str, plan: tg.Plan, out: Path, log: Callable[[str], None] = print) -> None:
    lines = ["# Profiles of the failing issue-17 targets", "",
             "Written by `python -m bench --profile` (or `python -m bench.profiling KEY …`); see bench/profile.py "
             "for what each section measures. Profiling slows Python code about twice: read shares and growth, "
             "not seconds.", ""]
    for key in keys:
        log(f"profile: {key}")
        lines += [f"## {key}", ""]
        try:
            lines += section(key, lang, plan)
        except Exception as exc:  # one workload failing must not lose the others' profiles
            lines += [f"Could not profile: {type(exc).__name__}: {exc}", ""]
        out.write_text("\n".join(lines), encoding="utf-8")  # after each: a long one may be stopped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profiling", description=__doc__.split("\n\n")[0])
    ap.add_argument("keys", nargs="*", help="target keys (see --list)")
    ap.add_argument("--list", action="store_true", help="list the target keys")
    ap.add_argument("--lang", choices=("ar", "en"), default="ar")
    ap.add_argument("--quick", action="store_true", help="the quick plan's sizes (the same inputs but fewer runs)")
    ap.add_argument("--out", help="write Markdown here (default: standard output)")
    args = ap.parse_args(argv)
    if args.list or not args.keys:
        print("\n".join(KEYS))
        return 0
    for k in args.keys:
        if k not in KEYS:
            ap.error(f"unknown target {k!r}")
    plan = tg.QUICK if args.quick else tg.FULL
    if args.out:
        write_profiles(args.keys, args.lang, plan, Path(args.out), lambda s: print(s, file=sys.stderr))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "profile.md")
        write_profiles(args.keys, args.lang, plan, path, lambda s: print(s, file=sys.stderr))
        print(path.read_text("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
