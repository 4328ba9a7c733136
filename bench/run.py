"""communique benchmark suite: ``python -m bench [--quick] [--sizes 10,100]``.

Measures parse throughput and peak memory, the regex floor, bluebell-akn
parsing the same statements written with its keyword markup, diff time
in-process and as a command, history, CLI start-up, the alternatives on the
same pairs with a correctness column, and whether communique's own diff matched
the generator's ground truth.  Prints the tables and writes them, with the
machine they ran on, to ``bench/RESULTS.md`` (``bench/RESULTS-quick.md`` for
``--quick``).  See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from . import alternatives as alts
from . import corpus
from .measure import PROBE_STEPS, speed_probe

HERE = Path(__file__).resolve().parent
MARKER_PATTERN = r"(?m)^\s*[0-9\u0660-\u0669]+\s*[-.)]"

FULL = {
    "sizes": [10, 100, 1000, 5000],
    "corpus": (1000, 20),
    "history": (20, 100),
    "worst": 1000,
    "timeout": 120.0,
}
QUICK = {
    "sizes": [10, 100],
    "corpus": (100, 20),
    "history": (5, 20),
    "worst": 100,
    "timeout": 30.0,
}


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def reps_for(n: int, quick: bool) -> int:
    """Repetitions (the median is reported): fewer at large sizes."""
    if quick:
        return 3 if n <= 100 else 2
    if n <= 100:
        return 9
    if n <= 1000:
        return 5
    return 3


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def _time_reps(fn, reps: int, budget: float = 60.0):
    """Median-able list of wall times of ``fn()``; stops repeating once the
    runs so far took ``budget`` seconds.  Returns ``(times, last_result)``.

    No forced ``gc.collect()`` before a run: a full collection walks every
    object and leaves the CPU caches cold, which made a 10-clause parse take
    twice as long as it does in a loop over an archive.  The collector runs as
    it would in use, and the alternatives are timed the same way."""
    times, result = [], None
    total = 0.0
    for _ in range(max(1, reps)):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        times.append(dt)
        total += dt
        if total >= budget:
            break
    return times, result


def isolated(fn, cap: float):
    """Run ``fn() -> value`` in a forked child, at most ``cap`` seconds.
    Returns ``value`` or a status string (``"timeout"``, ``"error: …"``)."""
    _, value = alts._capped(lambda _: (0.0, fn()), None, cap)
    return value


def _median(times) -> float | None:
    return statistics.median(times) if times else None


def _cli_base() -> list[str] | None:
    exe = shutil.which("communique")
    if exe:
        return [exe]
    try:
        import communique.cli  # noqa: F401
    except Exception:
        return None
    return [sys.executable, "-c", "from communique.cli import main; main()"]


def _run_cli(argv: list[str], reps: int, cap: float, ok=(0, 1)):
    """Median wall time of a whole ``communique`` process, or a status string."""
    times = []
    for _ in range(max(1, reps)):
        dt, out = alts._run_cmd(argv, cap, ok=ok)
        if alts.is_status(out):
            return out, None
        times.append(dt)
        if sum(times) > 60:
            break
    return _median(times), out


# ---------------------------------------------------------------------------
# communique vs the truth
# ---------------------------------------------------------------------------


def communique_verdict(d, truth) -> dict:
    """Compare ``d.ops`` with ``truth``: the counts of modified / moved / added
    / dropped (and split / merged, which the generator never makes), and the
    exact set of ``(op, old_index, new_index)``."""
    old_idx = {c.path: i for i, c in enumerate(d.old.clauses)}
    new_idx = {c.path: i for i, c in enumerate(d.new.clauses)}
    got: set[tuple] = set()
    counts = dict.fromkeys(("modified", "moved", "added", "dropped", "split", "merged"), 0)
    for op in d.ops:
        if op.kind in counts:
            counts[op.kind] += 1
        olds = [old_idx.get(p) for p in op.old] or [None]
        news = [new_idx.get(p) for p in op.new] or [None]
        for i in olds:
            for j in news:
                got.add((op.kind, i, j))
    want = set(map(tuple, truth))
    tsum = corpus.truth_summary(truth)
    want_counts = {k: tsum.get(k, 0) for k in counts}
    counts_ok = counts == want_counts
    exact = got == want
    diffs = [f"{k} {counts[k]}≠{want_counts[k]}" for k in counts if counts[k] != want_counts[k]]
    wrong = len(got ^ want)
    detail = ", ".join(diffs)
    if not exact and counts_ok:
        detail = f"{wrong} pairings differ"
    elif not exact:
        detail += f"; {wrong} pairings differ"
    return {"counts": counts, "want": want_counts, "counts_ok": counts_ok, "exact": exact, "detail": detail}


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def bench_parse(sizes, lang, quick, cap, corpus_shape):
    import communique

    try:
        import regex as rx
    except ImportError:  # pragma: no cover
        import re as rx
    pat = rx.compile(MARKER_PATTERN)

    rows = []

    def one(label, texts, reps):
        nbytes = sum(len(t.encode("utf-8")) for t in texts)

        def parse_all():
            n = 0
            for t in texts:
                n += len(communique.parse(t).clauses)
            return n

        def scan_all():
            return sum(sum(1 for _ in pat.finditer(t)) for t in texts)

        def measure():
            times, found = _time_reps(parse_all, reps)
            # Peak memory of parsing the largest single text, traced separately
            # (tracemalloc slows everything down, so it is not timed).
            biggest = max(texts, key=len)
            gc.collect()
            tracemalloc.start()
            communique.parse(biggest)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            rtimes, matches = _time_reps(scan_all, max(reps, 5))
            return {
                "times": times,
                "found": found,
                "peak": peak,
                "peak_of": len(biggest.encode()),
                "rtimes": rtimes,
                "matches": matches,
            }

        _log(f"parse: {label}")
        r = isolated(measure, cap)
        row = {"label": label, "bytes": nbytes, "texts": len(texts)}
        if isinstance(r, str):
            row["status"] = r
        else:
            row.update(
                status="ok",
                seconds=_median(r["times"]),
                runs=len(r["times"]),
                found=r["found"],
                peak=r["peak"],
                peak_of=r["peak_of"],
                regex_seconds=_median(r["rtimes"]),
                matches=r["matches"],
            )
        rows.append(row)

    for n in sizes:
        text, _ = corpus.make_statement(n, lang, seed=0)
        one(f"{n} clauses", [text], reps_for(n, quick))
        rows[-1]["expected"] = n
    n_st, per = corpus_shape
    texts = corpus.make_corpus(n_st, per, lang, seed=0)
    one(f"corpus {n_st}×~{per}", texts, 2 if quick else 3)
    rows[-1]["expected"] = sum(len(corpus.clause_spans(t)) for t in texts)
    return rows


def bench_diff(cases, quick, cap, cli):
    import communique

    rows = []
    for case in cases:
        _log(f"diff: {case.name}")
        reps = reps_for(case.n, quick)

        def measure(case=case, reps=reps):
            times, d = _time_reps(lambda: communique.diff(case.old_text, case.new_text), reps)
            # The same diff from two parsed documents: the starting point of the
            # tools that are handed clause lists (deepdiff, xmldiff).
            old, new = communique.parse(case.old_text), communique.parse(case.new_text)
            parsed_times, _ = _time_reps(lambda: communique.diff(old, new), reps)
            return {"times": times, "parsed_times": parsed_times, "verdict": communique_verdict(d, case.truth)}

        r = isolated(measure, cap)
        row = {
            "case": case.name,
            "n": case.n,
            "bytes": len(case.old_text.encode()) + len(case.new_text.encode()),
            "truth": corpus.truth_summary(case.truth),
        }
        if isinstance(r, str):
            row.update(status=r, seconds=None, verdict=None)
        else:
            row.update(status="ok", seconds=_median(r["times"]), runs=len(r["times"]), verdict=r["verdict"],
                       parsed_seconds=_median(r["parsed_times"]))
        if cli:
            old, new = case.files()
            secs, _ = _run_cli([*cli, "diff", old, new, "--format", "json"], max(1, reps // 2), cap)
            row["cli_seconds"] = secs
        rows.append(row)
    return rows


def bench_history(rounds, n, lang, quick, cap, cli):
    import communique

    _log(f"history: {rounds} rounds × {n} clauses")
    text, clauses = corpus.make_statement(n, lang, seed=7)
    texts = [text]
    for r in range(1, rounds):
        text, clauses, _ = corpus.next_round(clauses, 0.1, seed=r)
        texts.append(text)
    reps = 3 if quick else 5

    def measure():
        times, h = _time_reps(lambda: communique.history(texts), reps)
        return {"times": times, "lineages": len(h.lineages)}

    r = isolated(measure, cap)
    row = {"rounds": rounds, "n": n, "bytes": sum(len(t.encode()) for t in texts)}
    if isinstance(r, str):
        row.update(status=r, seconds=None)
    else:
        row.update(status="ok", seconds=_median(r["times"]), lineages=r["lineages"])
    if cli:
        with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
            files = []
            for i, t in enumerate(texts, 1):
                p = os.path.join(tmp, f"round-{i:02d}.txt")
                with open(p, "w", encoding="utf-8") as f:
                    f.write(t)
                files.append(p)
            secs, _ = _run_cli([*cli, "history", *files, "--format", "json"], 3, cap)
            row["cli_seconds"] = secs
    return row


def bench_startup(cli, quick):
    if not cli:
        return "not installed"
    _log("cli start-up")
    secs, _ = _run_cli([*cli, "--help"], 3 if quick else 7, 60, ok=(0,))
    return secs


def bench_parse_alternatives(sizes, lang, names, quick, timeout):
    """The parsing alternatives (bluebell-akn) on the statements the parse table
    times communique on (``make_statement(n, lang, seed=0)``), each given the
    input it reads (``corpus.render_bluebell``: the same statement with keyword
    markup)."""
    rows = []
    dead: dict[str, str] = {}  # timed out: not tried on bigger inputs
    for n in sizes:
        inp = alts.make_parse_input(n, lang, seed=0)
        nbytes = len(inp.text.encode("utf-8"))
        for name in names:
            if name in dead:
                r = alts.skipped(name, inp, dead[name])
            else:
                _log(f"parse alternative: {name} on {inp.name}")
                r = alts.evaluate(name, inp, repeats=reps_for(n, quick), timeout=timeout)
                if r["status"] == "timeout":
                    dead[name] = f"timed out on {inp.name}"
            r["bytes"] = nbytes
            r["label_input"] = f"{n} clauses"
            rows.append(r)
    return rows


def bench_alternatives(cases, names, quick, timeout):
    rows = []
    dead: dict[str, str] = {}  # timed out or not installed: not tried on bigger inputs
    for case in sorted(cases, key=lambda c: (c.n, c.name)):
        for name in names:
            alt = alts.ALTERNATIVES[name]
            skip = None
            if name in dead:
                skip = dead[name]
            elif case.n > 1000 and not alt.fast:
                skip = "slow tool: not run at this size"
            if skip:
                rows.append(alts.skipped(name, case, skip))
                continue
            _log(f"alternative: {name} on {case.name}")
            r = alts.evaluate(name, case, repeats=reps_for(case.n, quick), timeout=timeout)
            if r["status"] == "timeout":
                dead[name] = f"timed out on {case.name}"
            elif r["status"] == "not installed":
                dead[name] = "not installed"
            rows.append(r)
    return rows


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


class Table:
    def __init__(self, title: str, headers: list[str], note: str = ""):
        self.title, self.headers, self.rows, self.note = title, headers, [], note

    def add(self, *cells) -> None:
        self.rows.append([("" if c is None else str(c)) for c in cells])

    def markdown(self) -> str:
        out = [f"### {self.title}", ""]
        if self.note:
            out += [self.note, ""]
        out.append("| " + " | ".join(self.headers) + " |")
        out.append("|" + "|".join(" --- " for _ in self.headers) + "|")
        for r in self.rows:
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
        return "\n".join(out) + "\n"

    def plain(self) -> str:
        widths = [
            max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h) for i, h in enumerate(self.headers)
        ]
        line = "  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True))
        out = [self.title, "=" * len(self.title), line, "-" * len(line)]
        out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in self.rows]
        return "\n".join(out) + "\n"

    def show(self) -> None:
        try:
            from rich.console import Console
            from rich.table import Table as RTable
        except ImportError:
            print(self.plain())
            return
        t = RTable(title=self.title, caption=self.note or None, caption_justify="left")
        for h in self.headers:
            t.add_column(h, overflow="fold")
        for r in self.rows:
            t.add_row(*r)
        Console(width=max(120, shutil.get_terminal_size((160, 40)).columns)).print(t)


def ms(s) -> str:
    if s is None:
        return "–"
    if isinstance(s, str):
        return s
    if s < 1:
        return f"{s * 1000:.2f} ms" if s < 0.01 else f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def mbs(nbytes, s) -> str:
    if not isinstance(s, (int, float)) or not s:
        return "–"
    return f"{nbytes / 1e6 / s:.2f}"


def ratio(a, b) -> str:
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not b:
        return "–"
    r = a / b
    return f"{r:.2g}×" if r < 10 else f"{r:.0f}×"


def yn(v) -> str:
    return {True: "yes", False: "no"}.get(v, str(v))


def machine_info() -> str:
    """One line: CPUs, model, memory, kernel, Python, the tools the
    alternatives run, and the load when the run started (the machine is
    shared: the load explains slow figures)."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        nproc = os.cpu_count()

    def version(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.splitlines()[0].strip()
        except Exception:
            return f"{argv[0]} not installed"

    def pyver(mod):
        try:
            from importlib.metadata import version as v

            return f"{mod} {v(mod)}"
        except Exception:
            return f"{mod} not installed"

    from .targets import load_average

    libs = ", ".join(pyver(m) for m in ("regex", "lark", "rapidfuzz", "xmldiff", "deepdiff", "collatex",
                                        "bluebell-akn"))
    return (f"{nproc} CPUs, {model}{mem}, {platform.system()} {platform.release()}; Python "
            f"{platform.python_version()}; {libs}; {version(['git', '--version'])}; "
            f"{version(['dwdiff', '--version'])}; {load_average()} at start")


def build_target_tables(tres, quality) -> list[Table]:
    """The issue-17 targets, the renderers, the alternatives on the targets'
    inputs, and issue 16's alignment quality."""
    from . import targets as tg

    tables = []
    if tres is not None:
        t = Table(
            "Issue 17 targets",
            ["target", "what", "bound", "measured", "verdict", "when filed", "detail"],
            "Best of several runs each; every ratio is of two figures of this run. Whole process: "
            "`python -m communique …` as a subprocess (this checkout first on PYTHONPATH, the grammar and "
            "pattern caches warm). In-process: a forked child with the inputs already in memory. 'When filed': "
            "the figure issue 17 reported. " + tg.summary(tres) + ".",
        )
        for r in tres.rows:
            t.add(r.key, r.what, r.target, r.measured, r.verdict, r.filed, r.detail)
        tables.append(t)
        if tres.renders:
            small, big = (f"{n:,}" for n in tres.plan.render)
            t = Table(
                "Renderers: time at 2,000 clauses over 1,000",
                ["format", "kind", f"{small} clauses", f"{big} clauses", "ratio", "verdict", f"output at {big}"],
                f"`communique.render(obj, fmt)` of the diff of the edit pair (or its new document), best of runs; "
                f"bound ≤ {tg.RENDER_RATIO:g}×. terminal and tree with colour at 120 columns, side-by-side at 160.",
            )
            for x in tres.renders:
                ok = x["ratio"] is not None and x["ratio"] <= tg.RENDER_RATIO
                t.add(x["format"], x["kind"], tg.secs(x["small"]), tg.secs(x["big"]), tg.times(x["ratio"]),
                      "pass" if ok else "FAIL", f"{x['bytes'] / 1e3:.0f} KB")
            tables.append(t)
        if tres.alternatives:
            cols = [k for k in tres.alternatives[0] if k not in ("input", "bytes", "marks")]
            t = Table(
                "communique and the alternatives on the targets' inputs (same run)",
                ["input", "size", *cols],
                "Best of runs. communique (process): `python -m communique diff OLD NEW`, default format, piped; "
                "compare it with git (a process too). communique (in-process) and the difflib-based tools: "
                "one call on the two texts, no process start-up. ✗: the alignment is wrong by the checks of "
                "bench/alternatives.py (✓ right); the English samples have no ground truth.",
            )
            for row in tres.alternatives:
                cells = []
                for c in cols:
                    v = row[c]
                    mark = row["marks"].get(c)
                    cell = tg.secs(v) if isinstance(v, float) else str(v)
                    if mark is True:
                        cell += " ✓"
                    elif mark is False:
                        cell += " ✗"
                    cells.append(cell)
                t.add(row["input"], f"{row['bytes'] / 1e3:.0f} KB", *cells)
            tables.append(t)
    if quality is not None:
        t = Table(
            "Issue 16: alignment quality against the baseline (same run)",
            ["set", "aligner", "cases", "pairing P", "pairing R", "pairing F1", "F1 (test pairs)", "op accuracy",
             "op accuracy (test ops)", "cases exact", "cosmetic kind ok", "time"],
            "bench/eval/score.py: pairing precision/recall/F1 over linked (old, new) clause pairs; op accuracy: "
            "gold ops reproduced with the same clauses and kind (test ops: all but plain unchanged context). "
            "Baseline: word-level difflib pairing (greedy best-first at ratio ≥ 0.5, order by longest chain). "
            "The realistic pairs are tests/realistic/pairs (every op a test).",
        )

        def f3(x):
            return "–" if x is None else f"{x:.3f}"

        for s in quality.scored:
            o = s.overall
            p = o["pairing"]
            c = o["cosmetic"]
            t.add(s.set_name, s.aligner, s.cases, f3(p["precision"]), f3(p["recall"]), f3(p["f1"]),
                  f3(o["pairing_test"]["f1"]), f3(o["ops_all"]["accuracy"]),
                  f"{f3(o['ops_test']['accuracy'])} ({o['ops_test']['correct']}/{o['ops_test']['total']})",
                  f3(o["cases_exact"]), f"{c['kind_ok']}/{c['gold']}", ms(s.seconds))
        tables.append(t)
        t = Table("Issue 16 acceptance on the evaluation set", ["what", "bound", "measured", "verdict"])
        for c in quality.checks:
            t.add(c["what"], c["bound"], f"{c['value']:.3f}" if c["value"] is not None else "–",
                  {True: "pass", False: "FAIL", None: "–"}[c["ok"]])
        tables.append(t)
    return tables


def build_tables(res) -> list[Table]:
    tables = []
    lang = res["lang"]

    t = Table(
        f"Parse ({lang})",
        [
            "input",
            "size",
            "parse (median)",
            "MB/s",
            "peak memory",
            "peak ÷ input",
            "regex floor",
            "floor MB/s",
            "parse ÷ floor",
            "clauses found",
            "runs",
        ],
        "MB/s over UTF-8 bytes. Peak memory: tracemalloc peak while parsing the largest single text "
        "(for the corpus, one statement). Regex floor: `regex.finditer` of the marker pattern over the "
        "same text.",
    )
    for r in res["parse"]:
        if r["status"] != "ok":
            t.add(r["label"], f"{r['bytes'] / 1e3:.0f} KB", r["status"], *["–"] * 8)
            continue
        t.add(
            r["label"],
            f"{r['bytes'] / 1e3:.0f} KB",
            ms(r["seconds"]),
            mbs(r["bytes"], r["seconds"]),
            f"{r['peak'] / 1e6:.1f} MB",
            f"{r['peak'] / r['peak_of']:.0f}×",
            ms(r["regex_seconds"]),
            mbs(r["bytes"], r["regex_seconds"]),
            ratio(r["seconds"], r["regex_seconds"]),
            f"{r['found']} / {r['expected']}",
            r["runs"],
        )
    tables.append(t)

    if res.get("parse_alternatives"):
        comm = {r["label"]: r for r in res["parse"]}
        t = Table(
            f"Parse: bluebell-akn on keyword-marked input ({lang})",
            [
                "tool",
                "input",
                "size (marked)",
                "time (median)",
                "MB/s",
                "clauses found",
                "communique parse",
                "time ÷ communique",
                "runs",
                "notes",
            ],
            "The statements of the parse table, written with bluebell's keyword markup (PREFACE, PREAMBLE, "
            "BODY, `PARA 1.` + indented clause, CONCLUSIONS): bluebell cannot find clauses in the plain text "
            "communique reads. Timed in-process: `AkomaNtosoParser(frbr_uri).parse_to_xml(text, 'statement')`. "
            "MB/s over the marked input's UTF-8 bytes. Clauses found: `<paragraph>` elements of its "
            "`<mainBody>`. Time ÷ communique: over `communique.parse` of the plain statement (above 1× "
            "communique is faster).",
        )
        for r in res["parse_alternatives"]:
            c = comm.get(r["label_input"], {})
            base = c.get("seconds") if c.get("status") == "ok" else None
            ok = r["status"] == "ok"
            t.add(
                r["label"],
                r["label_input"],
                f"{r['bytes'] / 1e3:.0f} KB",
                ms(r["seconds"]) if ok else r["status"],
                mbs(r["bytes"], r["seconds"]) if ok else "–",
                f"{r['found']} / {r['n']}" if r.get("found") is not None else "–",
                ms(base) if base is not None else c.get("status", "–"),
                ratio(r["seconds"], base) if ok else "–",
                r.get("runs", "–"),
                r["detail"],
            )
        tables.append(t)

    t = Table(
        f"Diff ({lang}, ~10% edits; worst = every clause reworded)",
        [
            "pair",
            "size (both)",
            "truth: mod/mov/add/drop",
            "in-process",
            "in-process, parsed",
            "CLI (json)",
            "communique found",
            "counts right",
            "alignment exact",
            "notes",
        ],
        "In-process: `communique.diff(old_text, new_text)`, parsing included. In-process, parsed: "
        "`communique.diff(old_doc, new_doc)` on two parsed documents (alignment and word changes only). "
        "CLI: whole process `communique diff OLD NEW --format json`.",
    )
    for r in res["diff"]:
        tr = r["truth"]
        truth = f"{tr['modified']}/{tr['moved']}/{tr['added']}/{tr['dropped']}"
        v = r.get("verdict")
        if v:
            c = v["counts"]
            found = f"{c['modified']}/{c['moved']}/{c['added']}/{c['dropped']}"
            if c["split"] or c["merged"]:
                found += f" +{c['split']} split/{c['merged']} merged"
            t.add(
                r["case"],
                f"{r['bytes'] / 1e3:.0f} KB",
                truth,
                ms(r["seconds"]),
                ms(r.get("parsed_seconds")),
                ms(r.get("cli_seconds")),
                found,
                yn(v["counts_ok"]),
                yn(v["exact"]),
                v["detail"],
            )
        else:
            t.add(
                r["case"],
                f"{r['bytes'] / 1e3:.0f} KB",
                truth,
                r["status"],
                "–",
                ms(r.get("cli_seconds")),
                "–",
                "n/a",
                "n/a",
                "",
            )
    tables.append(t)

    h = res["history"]
    t = Table("History and start-up", ["what", "in-process", "CLI", "notes"])
    t.add(
        f"history {h['rounds']} rounds × {h['n']} clauses ({h['bytes'] / 1e6:.1f} MB)",
        ms(h["seconds"]) if h["status"] == "ok" else h["status"],
        ms(h.get("cli_seconds")),
        f"{h.get('lineages', '–')} lineages; CLI: `communique history F1 … --format json`",
    )
    t.add("CLI start-up (`communique --help`)", "–", ms(res["startup"]), "whole process")
    tables.append(t)

    if res["alternatives"]:
        t = Table(
            "Alternatives on the same pairs",
            ["tool", "pair", "time (median)", "runs", "status", "alignment right", "notes"],
            "Library tools are timed in-process around the call; git and dwdiff as whole processes. "
            "'alignment right' is defined in bench/alternatives.py (and README).",
        )
        for r in res["diff"]:
            v = r.get("verdict")
            t.add(
                "communique (in-process)",
                r["case"],
                ms(r["seconds"]),
                r.get("runs", "–"),
                r["status"],
                yn(v["exact"]) if v else "n/a",
                v["detail"] if v else "",
            )
            if r.get("parsed_seconds") is not None:
                t.add("communique (parsed documents)", r["case"], ms(r["parsed_seconds"]), r.get("runs", "–"), "ok",
                      "", "")
            if r.get("cli_seconds") is not None:
                t.add("communique (CLI)", r["case"], ms(r["cli_seconds"]), "", "ok", "", "")
        for r in res["alternatives"]:
            t.add(
                r["label"], r["case"], ms(r["seconds"]), r.get("runs", "–"), r["status"], yn(r["correct"]), r["detail"]
            )
        tables.append(t)

        cases = [r["case"] for r in res["diff"]]
        by_case = {r["case"]: r for r in res["diff"]}
        t = Table(
            "Time ratio: alternative ÷ communique (above 1× communique is faster)",
            ["tool", "compared with", *cases],
            "Tools given the whole texts (difflib, CollateX) against `communique.diff` of the texts, parsing "
            "included; tools given the clause lists (xmldiff, deepdiff) against `communique.diff` of the two "
            "parsed documents, the same starting point; git and dwdiff against the `communique diff` command. "
            "'–' where either side did not finish.",
        )
        names = list(dict.fromkeys(r["name"] for r in res["alternatives"]))
        for name in names:
            alt = alts.ALTERNATIVES[name]
            cells = []
            for c in cases:
                a = next((r for r in res["alternatives"] if r["name"] == name and r["case"] == c), None)
                base = by_case[c].get(
                    "cli_seconds" if alt.kind == "command" else "parsed_seconds" if alt.clauses else "seconds"
                )
                if a is None:
                    cells.append("–")
                elif a["status"] != "ok":
                    cells.append(a["status"])
                else:
                    cells.append(ratio(a["seconds"], base))
            t.add(alt.label, "CLI" if alt.kind == "command" else "in-process, parsed" if alt.clauses else "in-process",
                  *cells)
        tables.append(t)
    return tables


def baseline_table(rev: str, commit: str, compared) -> Table:
    from .targets import secs

    t = Table(
        f"Against {rev} ({commit[:10]}), interleaved in this run",
        ["workload", "this checkout: wall", "CPU", f"{rev}: wall", "CPU", "ratio (CPU)", "ratio (wall)"],
        "bench/baseline.py: each workload in a fresh worker process per version, versions taking turns, "
        "best run of each kept; ratio = this checkout ÷ the other (below 1× this checkout is faster). "
        "Inputs as in the targets of the same name; render-unified-1000 is the unified renderer on the "
        "1,000-clause diff; cli-samples-piped the whole process.",
    )
    for c in compared:
        t.add(c.key, secs(c.ours.get("wall")), secs(c.ours.get("cpu")), secs(c.theirs.get("wall")),
              secs(c.theirs.get("cpu")), f"{c.ratio('cpu'):.2f}×" if c.ratio("cpu") else "–",
              f"{c.ratio('wall'):.2f}×" if c.ratio("wall") else "–")
    return t


def write_results(path: Path, res, tables) -> None:
    lines = ["# communique benchmark results", ""]
    if res["quick"]:
        lines += ["**Quick run** (`python -m bench --quick`): every target, fewer runs, tighter caps.", ""]
    lines += [
        f"Machine: {res['machine']}.",
        "",
        f"Command: `{' '.join(['python -m bench', *res['argv']])}`; language {res['lang']}; "
        f"sections {', '.join(res['sections'])}; total wall time {res['wall']:.0f} s.",
        "",
    ]
    if res.get("speed_probe"):
        start, end = res["speed_probe"]
        lines += [f"Speed probe (`bench.measure.speed_probe`: a pure-Python loop of {PROBE_STEPS:,} steps, the "
                  f"best of a second of them): {start * 1000:.1f} ms at the start of the run, {end * 1000:.1f} ms "
                  "at its end; the absolute figures move with it.", ""]
    if res.get("summary"):
        lines += [f"**{res['summary']}.**", ""]
    for note in res.get("notes", []):
        lines += [note, ""]
    for t in tables:
        lines.append(t.markdown())
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


SECTIONS = ("targets", "quality", "sizes")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="every issue-17 target with fewer runs and tighter caps, and the quality scores "
                    "(under two minutes); the size tables only with --sizes or --only sizes")
    ap.add_argument("--sizes", help="comma-separated clause counts of the size tables (default 10,100,1000,5000)")
    ap.add_argument("--lang", choices=("ar", "en"), default="ar", help="statement language (default ar)")
    all_alts = [*alts.ALTERNATIVES, *alts.PARSE_ALTERNATIVES]
    ap.add_argument(
        "--alternatives",
        default=",".join(all_alts),
        help="size tables: comma-separated subset of: " + ", ".join(all_alts) + "; empty for none",
    )
    ap.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS) + " (default: all; "
                    "with --quick: targets, quality)")
    ap.add_argument("--baseline", metavar="REV",
                    help="also time the main workloads against git revision REV, interleaved (bench/baseline.py)")
    ap.add_argument("--profile", action="store_true",
                    help="then profile every failing target (bench/PROFILE.md, PROFILE-quick.md with --quick)")
    ap.add_argument("--timeout", type=float, help="cap per alternative run, seconds (default 120; 30 with --quick)")
    ap.add_argument("--cap", type=float, default=1800.0, help="cap per communique measurement, seconds")
    ap.add_argument("--no-cli", action="store_true", help="size tables: skip the whole-process measurements")
    ap.add_argument("--out", help="results file (default bench/RESULTS.md, bench/RESULTS-quick.md with --quick)")
    args = ap.parse_args(argv)

    if args.only:
        sections = [x.strip() for x in args.only.split(",") if x.strip()]
        for x in sections:
            if x not in SECTIONS:
                ap.error(f"unknown section {x!r}; choose from {', '.join(SECTIONS)}")
    elif args.quick and not args.sizes:
        sections = ["targets", "quality"]
    else:
        sections = list(SECTIONS)
    cfg = dict(QUICK if args.quick else FULL)
    if args.sizes:
        cfg["sizes"] = [int(x) for x in args.sizes.split(",") if x.strip()]
        if args.quick:
            cfg["worst"] = max(cfg["sizes"])
        elif cfg["worst"] not in cfg["sizes"]:
            cfg["worst"] = (
                max(s for s in cfg["sizes"] if s <= 1000) if any(s <= 1000 for s in cfg["sizes"]) else min(cfg["sizes"])
            )
    timeout = args.timeout if args.timeout is not None else cfg["timeout"]
    names = [n for n in (x.strip() for x in args.alternatives.split(",")) if n]
    for n in names:
        if n not in all_alts:
            ap.error(f"unknown alternative {n!r}")
    parse_names = [n for n in names if n in alts.PARSE_ALTERNATIVES]
    names = [n for n in names if n in alts.ALTERNATIVES]
    try:
        import communique

        communique.parse, communique.diff, communique.history  # noqa: B018
    except Exception as e:
        print(
            f"communique is not importable ({type(e).__name__}: {e}); install it with `pip install -e .`",
            file=sys.stderr,
        )
        return 2
    from . import targets as tg

    t_start = time.perf_counter()
    probe_start = speed_probe()
    lang = args.lang
    res = {"quick": args.quick, "argv": argv, "lang": lang, "sizes": cfg["sizes"], "timeout": timeout,
           "machine": machine_info(), "sections": sections}
    plan = tg.QUICK if args.quick else tg.FULL
    busy = tg.busy_machine()  # the load when the run starts
    tres = quality = None
    if "targets" in sections:
        tres = tg.run_targets(plan, lang, _log)
        res["summary"] = "Issue 17: " + tg.summary(tres)
        res["notes"] = [x for x in (busy, *tres.notes) if x]
    if "quality" in sections:
        from .quality import run_quality

        _log("quality: bench/eval scores")
        quality = run_quality()
    tables = build_target_tables(tres, quality)
    if args.baseline:
        from . import baseline

        commit, compared = baseline.compare(args.baseline, lang, rounds=2 if args.quick else 3,
                                            reps=3 if args.quick else 5, log=_log)
        tables.append(baseline_table(args.baseline, commit, compared))
    if "sizes" in sections:
        cli = None if args.no_cli else _cli_base()
        cases = [alts.make_case(n, lang, seed=1) for n in cfg["sizes"]]
        cases.append(alts.make_case(cfg["worst"], lang, seed=1, worst=True))
        try:
            res["parse"] = bench_parse(cfg["sizes"], lang, args.quick, args.cap, cfg["corpus"])
            res["parse_alternatives"] = bench_parse_alternatives(cfg["sizes"], lang, parse_names, args.quick,
                                                                 timeout)
            res["diff"] = bench_diff(cases, args.quick, args.cap, cli)
            res["history"] = bench_history(*cfg["history"], lang, args.quick, args.cap, cli)
            res["startup"] = bench_startup(cli, args.quick)
            res["alternatives"] = bench_alternatives(cases, names, args.quick, timeout)
        finally:
            for c in cases:
                c.cleanup()
        tables += build_tables(res)
    res["wall"] = time.perf_counter() - t_start
    res["speed_probe"] = [probe_start, speed_probe()]
    for t in tables:
        t.show()
    out = Path(args.out) if args.out else HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    write_results(out, res, tables)
    print(f"\nwrote {out}")
    if args.profile and tres is not None and tres.failing():
        from . import profiling

        prof_out = out.with_name("PROFILE-quick.md" if args.quick else "PROFILE.md")
        profiling.write_profiles([r.key for r in tres.failing()], lang, plan, prof_out, _log)
        print(f"wrote {prof_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
