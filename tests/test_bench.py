"""The benchmark's own plumbing on tiny inputs (``bench.targets.TINY``): the
process runner (pipe and pseudo-terminal, CPU time, peak RSS, the cap), the
scaling inputs, the new alternatives' checks, the target sections, the
quality scores and the results file.  No timing is asserted: the figures
belong to ``python -m bench``, not to a unit test."""

from __future__ import annotations

import sys

import pytest

import communique
from bench import alternatives as alts
from bench import measure, quality, run, scaling
from bench import targets as tg


def test_process_runner_pipe_tty_and_cap():
    piped = measure.run_process(tg.samples_argv(measure.communique_command()), cap=120)
    assert piped.status == "ok" and piped.returncode == 1  # the samples differ
    assert piped.stdout and b"\x1b[" not in piped.stdout  # unified, no colour, on a pipe
    assert piped.cpu > 0 and piped.max_rss > 1_000_000
    tty = measure.run_process(tg.samples_argv(measure.communique_command()), cap=120, tty=True)
    assert tty.status == "ok" and b"\x1b[" in tty.stdout  # the terminal renderer, coloured
    slow = measure.run_process([sys.executable, "-c", "import time; time.sleep(30)"], cap=0.5)
    assert slow.status == "timeout" and slow.wall == 0.5


def test_best_call_keeps_the_result():
    best, value = measure.best_call(lambda: 42, reps=3)
    assert value == 42 and best.runs == 3 and best.wall is not None and best.wall >= 0


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_scaling_inputs_are_what_they_say(lang):
    lines = scaling.lines_pair(200, lang)
    assert abs(lines.lines - 200) <= 2
    assert len(communique.parse(lines.old_text).clauses) == lines.clauses
    many = scaling.many_clauses_pair(300, lang)
    assert len(communique.parse(many.old_text).clauses) == 300
    near = scaling.near_identical_pair(50, lang)
    texts = [c.text for c in communique.parse(near.old_text).clauses]
    assert len(texts) == 50 and len(set(texts)) > 40
    one = scaling.one_clause_pair(20_000, lang)
    doc = communique.parse(one.old_text)
    assert len(doc.clauses) == 1 and len(doc.clauses[0].text.encode()) >= 20_000
    assert one.edits["words changed"] > 0 and one.old_text != one.new_text


def test_light_round_is_seeded_and_edits_about_the_rate():
    _, clauses = scaling.corpus.make_statement(400, "en", seed=3)
    a = scaling.light_round(list(clauses), 0.1, seed=1, lang="en")
    b = scaling.light_round(list(clauses), 0.1, seed=1, lang="en")
    assert a == b
    assert 10 <= sum(a[1].values()) <= 80


@pytest.mark.parametrize("name", ["difflib-lines", "redline"])
def test_new_alternatives_run_and_are_checked(name):
    case = alts.make_case(30, "ar", seed=1)
    try:
        r = alts.evaluate(name, case, repeats=1)
    finally:
        case.cleanup()
    assert r["status"] == "ok" and r["correct"] in (True, False)


def test_redline_right_on_a_round_with_drops_and_inserts():
    """The redline matches paragraphs without their typed numbers, so a drop
    (which renumbers what follows) does not shift the pairing."""
    case = alts.make_case(100, "en", seed=1)
    try:
        r = alts.evaluate("redline", case, repeats=1)
    finally:
        case.cleanup()
    assert r["correct"] is True, r["detail"]


def test_target_sections_and_results_file(tmp_path):
    plan = tg.TINY
    res = tg.Results(plan)
    for section in (tg.diff_1000, tg.parse_speed, tg.near_linear, tg.history_target, tg.renderers,
                    tg.long_statements):
        section(plan, "en", res)
    keys = [r.key for r in res.rows]
    assert keys == ["diff-parsed-1000", "diff-texts-1000", "parse-1000", "parse-10", "one-clause-1mb",
                    "clauses-100k", "near-identical-10k", "history-20x100", "render-linear", "lines-ratio",
                    "lines-50k", "lines-50k-memory"]
    assert all(r.measured for r in res.rows)
    assert "alignment exact" in res.rows[0].detail
    from communique.renderers import formats, get

    expected = {(f, k) for f in formats() for k in ("document", "diff") if k in get(f).kinds}
    assert {(x["format"], x["kind"]) for x in res.renders} == expected
    q = quality.run_quality(limit=2)
    assert {(s.set_name, s.aligner) for s in q.scored} == {(s, a) for s in ("evaluation set", "realistic pairs")
                                                           for a in quality.ALIGNERS}
    tables = run.build_target_tables(res, q)
    out = tmp_path / "RESULTS.md"
    run.write_results(out, {"quick": True, "argv": ["--quick"], "lang": "en", "machine": "a test machine",
                            "sections": ["targets", "quality"], "wall": 1.0, "summary": tg.summary(res),
                            "notes": res.notes}, tables)
    text = out.read_text("utf-8")
    assert "### Issue 17 targets" in text and "### Issue 16: alignment quality" in text
    assert "| diff-parsed-1000 |" in text and "Machine: a test machine." in text
