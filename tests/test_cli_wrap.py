"""Wrapping for the terminal: at word boundaries, marks closed on every
line, widths counted in terminal cells (Arabic marks and isolates take
none), right-to-left lines isolated."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from communique.renderers.plain import (
    FSI,
    PDI,
    WORD_MARKS,
    Run,
    cells,
    excerpt,
    isolate,
    show_line,
    wrap,
    wrap_runs,
)

WORDS = st.sampled_from(["the", "role", "Constitutional", "committee", "و", "الأمنَ", "الســلام", "بشأن", "2254",
                         "“self-rule”", "a", "x" * 30, "International"])
KINDS = st.sampled_from(["plain", "plain", "del", "ins"])


@st.composite
def texts(draw) -> list[Run]:
    """Runs of words one space apart; a run may start inside a word (a clitic: و then الأمن)."""
    runs = []
    for _ in range(draw(st.integers(1, 30))):
        words = draw(st.lists(WORDS, min_size=1, max_size=4))
        lead = " " if runs and draw(st.booleans()) else ""
        runs.append(Run(lead + " ".join(words), draw(KINDS)))
    return runs


@given(texts(), st.integers(8, 60))
def test_lines_fit_and_keep_every_word(runs: list[Run], width: int) -> None:
    lines = wrap_runs(runs, width, WORD_MARKS)
    for line in lines:
        shown = show_line(line, WORD_MARKS)
        assert cells(shown) <= width, (shown, width)
        assert shown.count("[-") == shown.count("-]") and shown.count("{+") == shown.count("+}")
        assert not shown.startswith(" ") and not shown.endswith(" ")
    original = "".join(r.text for r in runs).split()
    rebuilt = " ".join("".join(r.text for r in line) for line in lines).split()
    # the same words, only a word wider than a whole line (with its marks) is cut into pieces
    from communique.renderers.plain import _words

    if all(cells(show_line(word, WORD_MARKS)) <= width for _, word in _words(runs)):
        assert rebuilt == original
    else:
        assert "".join(rebuilt) == "".join(original)


@given(texts(), st.integers(8, 60))
def test_each_run_keeps_its_kind(runs: list[Run], width: int) -> None:
    def chars(seq: list[Run]) -> list[tuple[str, str]]:
        return [(ch, r.kind) for r in seq for ch in r.text if ch != " "]

    lines = wrap_runs(runs, width, WORD_MARKS)
    assert [c for line in lines for c in chars(line)] == chars(runs)


def test_a_change_of_several_words_is_not_broken_when_it_fits() -> None:
    runs = [Run("Stressed the "), Run("importance", "del"), Run("urgency", "ins"), Run(" of humanitarian "),
            Run("mine action", "del"), Run("demining", "ins"), Run(" throughout Syria")]
    lines = [show_line(line, WORD_MARKS) for line in wrap_runs(runs, 70, WORD_MARKS)]
    assert lines == ["Stressed the [-importance-]{+urgency+} of humanitarian",
                     "[-mine action-]{+demining+} throughout Syria"]
    narrow = [show_line(line, WORD_MARKS) for line in wrap_runs(runs, 24, WORD_MARKS)]
    assert "[-mine-]" in narrow and "[-action-]{+demining+}" in narrow  # wider than a line: closed on each


def test_cells_and_isolates() -> None:
    assert cells("الأمنَ") == 5  # the fatha takes no cell
    assert cells("الســلام") == 8  # tatweel does
    assert cells(f"{FSI}بشأن{PDI}") == 4
    assert isolate("بشأن سوريا") == f"{FSI}بشأن سوريا{PDI}" and isolate("Astana") == "Astana"
    assert wrap("Internationally speaking, the International Meeting", 16) == [
        "Internationally", "speaking, the", "International", "Meeting"]


def test_excerpts_end_at_a_word() -> None:
    text = "Reaffirmed their strong commitment to the sovereignty, independence, unity and territorial integrity"
    cut = excerpt(text, 40)
    assert cut == "Reaffirmed their strong commitment to…" and len(cut) <= 40
    assert excerpt("x" * 100, 10) == "x" * 9 + "…"
    assert excerpt("short\nsecond line") == "short"
