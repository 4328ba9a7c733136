"""A cross-language diff in the text formats (unified, terminal, side by
side, Markdown) and on the command line: the original and its translation
without word changes, an omitted clause with its text, the facts that
differ, the note when the model is off; the flags that force or forbid the
cross-language reading.  Model-free (``semantic=False``), so every machine
gets the same alignment."""

from __future__ import annotations

import subprocess
import sys

import pytest

import communique

ORIGINAL = """Joint statement of the fourth round

1. The delegations reaffirmed their commitment to the ceasefire agreed on 12 March 2024.
2. They called for the release of 250 detainees held by all parties to the conflict.
3. They took note of the report of the working group on humanitarian access.
4. They agreed to hold the next round in the city of Geneva in the autumn.
"""
# clause 2 says 520, not 250; clause 3 is left out
TRANSLATION = """البيان المشترك للجولة الرابعة

1- جددت الوفود التزامها بوقف إطلاق النار المتفق عليه في 12 آذار/مارس 2024.
2- دعت إلى الإفراج عن 520 محتجزاً لدى جميع أطراف النزاع.
3- اتفقت على عقد الجولة المقبلة في مدينة جنيف في الخريف.
"""


@pytest.fixture(scope="module")
def diff():
    return communique.diff(communique.parse(text=ORIGINAL), communique.parse(text=TRANSLATION),
                           cross_language=True, semantic=False)


def test_the_alignment_this_file_relies_on(diff) -> None:
    assert [(op.kind, op.old, op.new) for op in diff.ops] == [
        ("translated", ("1",), ("1",)), ("translated", ("2",), ("2",)), ("omitted", ("3",), ()),
        ("translated", ("4",), ("3",))]
    assert [(f.kind, f.original, f.translation) for f in diff.ops[1].facts] == [("number", "250", "520")]


def test_unified(diff) -> None:
    out = communique.render(diff, "unified")
    assert "@@ note semantic signal off" in out
    assert "\n  ~ " not in out, "no word changes between an original and its translation"
    block = out[out.index("2 -> 2- translated"):out.index("omitted")]
    assert "  - They called for the release of 250" in block and "  + دعت إلى الإفراج عن 520" in block
    assert "  ! fact number: 250 → 520" in block
    omitted = out[out.index("omitted"):]
    assert "  - They took note of the report" in omitted.split("\n≈")[0]


@pytest.mark.parametrize("fmt", ["terminal", "side-by-side", "markdown"])
def test_other_text_formats_show_both_sides_and_the_fact(diff, fmt: str) -> None:
    out = communique.render(diff, fmt)
    assert "They called for the release of 250" in out and "520" in out
    assert "fact number: 250 → 520" in out
    assert "They took note of the report" in out  # the omitted clause's own text
    assert "semantic signal off" in out


def test_markdown_escapes_a_fact(diff) -> None:
    hostile = communique.diff(communique.parse(text=ORIGINAL.replace("250", "250 <b>*x*</b>")),
                              communique.parse(text=TRANSLATION), cross_language=True, semantic=False)
    out = communique.render(hostile, "markdown")
    assert "<b>" not in out


def _cli(*args: str, tmp_path) -> subprocess.CompletedProcess:
    (tmp_path / "orig.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "trans.txt").write_text(TRANSLATION, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "communique", "diff", str(tmp_path / "orig.txt"),
                           str(tmp_path / "trans.txt"), "--no-semantic", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_cli_reads_two_languages_as_a_translation(tmp_path) -> None:
    proc = _cli("--format", "unified", tmp_path=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "translated" in proc.stdout and "! fact number: 250 → 520" in proc.stdout


def test_cli_same_language_compares_words(tmp_path) -> None:
    proc = _cli("--format", "json", "--same-language", tmp_path=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert '"cross_language": false' in proc.stdout and '"translated"' not in proc.stdout


def test_cli_flags_are_in_the_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "communique", "diff", "--help"], capture_output=True, text=True,
                          timeout=120, check=False, env={"COLUMNS": "200", "PATH": ""})
    assert "--cross-language" in proc.stdout and "--same-language" in proc.stdout
    assert "--no-semantic" in proc.stdout


# --------------------------------------------------------------------------- a history that mixes languages

NEXT_ROUND = ORIGINAL.replace("fourth", "fifth").replace("250 detainees", "300 detainees")


def mixed_history():
    """Round 4 in English, its Arabic translation, round 5 in English."""
    docs = [communique.parse(text=t, name=n) for t, n in ((ORIGINAL, "en-4"), (TRANSLATION, "ar-4"),
                                                          (NEXT_ROUND, "en-5"))]
    return communique.history(docs)


def test_history_compares_a_round_with_its_language_and_a_translation_with_its_original(monkeypatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_SEMANTIC", "off")
    h = mixed_history()
    assert h.parents == (None, 0, 0)  # the translation follows round 4; round 5 follows round 4, not the translation
    assert [d.cross_language for d in h.diffs] == [True, False]
    cells = {lin.cells[0].paths: lin.cells for lin in h.lineages}
    called = cells[("2",)]
    assert called[1].op == "translated" and not called[1].changed
    assert [(f.original, f.translation) for f in called[1].facts] == [("250", "520")]
    assert called[2].op == "modified" and called[2].changed  # 250 → 300 against round 4's English
    assert cells[("3",)][1] is None and cells[("3",)][2].op == "unchanged"  # left out of the translation only
    assert cells[("4",)][1].paths == ("3",)
    matrix = communique.render(h, "terminal", width=100)
    assert "2!" in matrix and "a translation's fact differs" in matrix
    html = communique.render(h, "html")
    assert "number: 250 → 520" in html


def test_history_of_one_language_keeps_consecutive_rounds() -> None:
    rounds = [ORIGINAL, NEXT_ROUND, NEXT_ROUND.replace("spring", "summer")]
    h = communique.history([communique.parse(text=t) for t in rounds])
    assert h.parents == () and [h.parent_of(k) for k in range(3)] == [None, 0, 1]
