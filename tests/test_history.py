"""Acceptance tests of `communique history` on the sample rounds 01–04 (see
samples/README.md, "Edit tables"), through the JSON contract:

    {"rounds": [{"file", "meta"}, …],
     "lineages": [{"id", "first", "last", "cells": [{"path", "changed"} | null, …]}, …]}
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
LANGS = ["en", "ar"]

# Each clause of round 01 (and the one added in round 02) through the four
# rounds: its paths per round (None: absent) and whether its wording changed
# from the previous round, from the edit tables of samples/README.md.
EXPECTED = [
    # sovereignty
    ([("1",), ("1",), ("1",), ("1",)], [False, False, False, False]),
    # political process
    ([("2",), ("2",), ("3",), ("3",)], [False, False, False, False]),
    # counter-terrorism
    ([("3",), ("3",), ("4",), ("4",)], [False, False, False, False]),
    # north-east: cosmetic edit in round 03 (ignored by the default profile), merged in round 04
    ([("4",), ("5",), ("6",), ("5",)], [False, False, False, True]),
    # Idlib: split in round 03; in round 04 its first sentence merges into north-east's clause 5 (a change
    # of this lineage too) and its second goes on alone
    ([("5",), ("6",), ("7", "8"), ("6",)], [False, False, True, True]),
    # humanitarian and its sub-clauses (a)–(c)
    ([("6",), ("7",), ("9",), ("7",)], [False, False, False, False]),
    ([("6.1",), ("7.1",), ("9.1",), ("7.1",)], [False, False, False, False]),
    ([("6.2",), ("7.2",), ("9.2",), ("7.2",)], [False, False, False, False]),
    ([("6.3",), ("7.3",), ("9.3",), ("7.3",)], [False, False, False, False]),
    # detainees (with its continuation paragraph)
    ([("7",), ("8",), ("10",), ("8",)], [False, False, False, False]),
    # Constitutional Committee: reworded in round 02
    ([("8",), ("9",), ("11",), ("9",)], [False, True, False, False]),
    # condemnation of attacks: moved in round 03, text unchanged
    ([("9",), ("10",), ("2",), ("2",)], [False, False, False, False]),
    # thanks to Kazakhstan
    ([("10",), ("11",), ("12",), ("10",)], [False, False, False, False]),
    # mine action: added in round 02, reworded in round 03, dropped in round 04
    ([None, ("4",), ("5",), None], [None, False, True, None]),
]


def _files(lang: str) -> list[str]:
    return [str(SAMPLES / lang / f"round-0{k}.txt") for k in range(1, 5)]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@cache
def _history_json(lang: str, order: str = "given", files: tuple[str, ...] | None = None) -> dict:
    code, out, err = _run("history", *(files or _files(lang)), "--format", "json", "--order", order)
    assert code == 1, err  # the rounds differ (diff(1)'s contract: 0 same, 1 different, 2 trouble)
    return json.loads(out)


def _matrix(data: dict) -> list[tuple[list, list]]:
    rows = []
    for lin in data["lineages"]:
        paths = [None if c is None else tuple(c["paths"]) for c in lin["cells"]]
        changed = [None if c is None else c["changed"] for c in lin["cells"]]
        rows.append((paths, changed))
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_json_matches_the_contract(lang: str) -> None:
    data = _history_json(lang)
    assert {"rounds", "lineages"} <= set(data)
    assert [r["file"] for r in data["rounds"]] == _files(lang)
    for rnd in data["rounds"]:
        assert {"file", "meta"} <= set(rnd)
        assert {"title", "round", "date", "place", "parties", "language"} <= set(rnd["meta"])
        assert rnd["meta"]["language"] == lang
    assert [r["meta"]["round"] for r in data["rounds"]] == [11, 12, 13, 14]
    ids = [lin["id"] for lin in data["lineages"]]
    assert len(ids) == len(set(ids))
    for lin in data["lineages"]:
        assert {"id", "first", "last", "cells"} <= set(lin)
        assert isinstance(lin["id"], str) and lin["id"]
        cells = lin["cells"]
        assert len(cells) == len(data["rounds"])
        present = [k for k, c in enumerate(cells) if c is not None]
        assert (lin["first"], lin["last"]) == (present[0], present[-1])
        assert present == list(range(present[0], present[-1] + 1)), "a lineage has no holes"
        for cell in cells:
            if cell is None:
                continue
            assert {"path", "changed"} <= set(cell)
            assert isinstance(cell["path"], str) and isinstance(cell["changed"], bool)
            assert cell["path"] == cell["paths"][0]


@pytest.mark.parametrize("lang", LANGS)
def test_every_clause_of_every_round_is_in_exactly_one_cell(lang: str) -> None:
    import communique

    data = _history_json(lang)
    for r, file in enumerate(_files(lang)):
        paths = [p for lin in data["lineages"] if lin["cells"][r] for p in lin["cells"][r]["paths"]]
        assert sorted(paths) == sorted(c.path for c in communique.parse(Path(file)).walk())


@pytest.mark.parametrize("lang", LANGS)
def test_lineages_follow_the_edit_tables(lang: str) -> None:
    assert _matrix(_history_json(lang)) == [(list(p), list(c)) for p, c in EXPECTED]


@pytest.mark.parametrize("lang", LANGS)
def test_clause_added_in_round_2_reworded_in_round_3_dropped_in_round_4(lang: str) -> None:
    data = _history_json(lang)
    late = [lin for lin in data["lineages"] if lin["first"] > 0]
    early_end = [lin for lin in data["lineages"] if lin["last"] < 3]
    assert len(late) == 1 and early_end == late, "exactly one clause comes late, and it is the one that goes"
    (mine,) = late
    assert (mine["first"], mine["last"]) == (1, 2)
    none1, added, reworded, none4 = mine["cells"]
    assert none1 is None and none4 is None
    assert added["path"] == "4" and added["changed"] is False
    assert reworded["path"] == "5" and reworded["changed"] is True
    words = {"en": ("mine action", "demining"), "ar": ("أهمية مكافحة", "ضرورة الإسراع في نزع")}[lang]
    assert words[0] in added["text"] and words[1] in reworded["text"]
    # nothing else is added or dropped: every other lineage runs through all four rounds
    assert all(lin["first"] == 0 and lin["last"] == 3 for lin in data["lineages"] if lin is not mine)


@pytest.mark.parametrize("lang", LANGS)
def test_changed_flags_are_exactly_the_rewordings_split_and_merge(lang: str) -> None:
    data = _history_json(lang)
    changed = {(r, tuple(c["paths"])) for lin in data["lineages"]
               for r, c in enumerate(lin["cells"]) if c and c["changed"]}
    assert changed == {(1, ("9",)), (2, ("5",)), (2, ("7", "8")), (3, ("5",)), (3, ("6",))}
    # round 01 has nothing to change from
    assert not any(lin["cells"][0]["changed"] for lin in data["lineages"] if lin["cells"][0])


@pytest.mark.parametrize("lang", LANGS)
def test_lineages_survive_the_split_and_the_merge(lang: str) -> None:
    data = _history_json(lang)
    by_first = {lin["cells"][0]["path"]: lin for lin in data["lineages"] if lin["cells"][0]}
    idlib, north_east = by_first["5"], by_first["4"]
    # the split: both parts of round 03 belong to the Idlib lineage, which goes on in round 04
    assert idlib["cells"][2]["paths"] == ["7", "8"] and idlib["cells"][2]["changed"]
    assert idlib["cells"][3] == {**idlib["cells"][3], "path": "6", "changed": True,
                                 "also_merged_into": [north_east["id"]]}
    assert idlib["last"] == 3 and idlib["changed_in"] == [2, 3]
    # the merge: north-east carries on into the merged clause 5 of round 04
    assert [c["path"] for c in north_east["cells"]] == ["4", "5", "6", "5"]
    assert north_east["cells"][3]["changed"] is True and north_east["last"] == 3
    assert north_east["changed_in"] == [3] and north_east["cells"][3]["op"] == "merged"
    key = {"en": "realities on the ground", "ar": "وقائع جديدة على الأرض"}[lang]
    assert key in north_east["cells"][3]["text"]
    # round 04's clause 5 is in exactly one lineage
    assert sum(1 for lin in data["lineages"] if lin["cells"][3] and "5" in lin["cells"][3]["paths"]) == 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("order", ["round", "date"])
def test_order_sorts_shuffled_inputs(lang: str, order: str) -> None:
    files = _files(lang)
    shuffled = (files[2], files[0], files[3], files[1])
    data = _history_json(lang, order, shuffled)
    assert [r["file"] for r in data["rounds"]] == files
    assert [r["meta"]["round"] for r in data["rounds"]] == [11, 12, 13, 14]
    dates = [r["meta"]["date"] for r in data["rounds"]]
    assert dates == sorted(dates) == ["2024-03-14", "2024-06-20", "2024-11-12", "2025-02-18"]
    assert data["lineages"] == _history_json(lang)["lineages"]


@pytest.mark.parametrize("lang", LANGS)
def test_given_order_keeps_the_inputs_as_they_come(lang: str) -> None:
    files = _files(lang)
    shuffled = (files[2], files[0], files[3], files[1])
    data = _history_json(lang, "given", shuffled)
    assert [r["file"] for r in data["rounds"]] == list(shuffled)
    assert _matrix(data) != _matrix(_history_json(lang))


def test_english_and_arabic_series_have_the_same_history() -> None:
    assert _matrix(_history_json("en")) == _matrix(_history_json("ar"))


def test_history_needs_two_rounds_and_a_known_order() -> None:
    code, _, err = _run("history", _files("en")[0], "--format", "json")
    assert code == 2 and "at least two rounds" in err
    code, _, err = _run("history", *_files("en")[:2], "--order", "alphabet", "--format", "json")
    assert code == 2 and "'alphabet' is not one of 'given', 'round', 'date'" in err and "Traceback" not in err


def test_history_html_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "history.html"
    code, _, err = _run("history", *_files("ar"), "--format", "html", "-o", str(out))
    assert code == 1, err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="matrix"' in page


def test_the_installed_entry_point_runs_history() -> None:
    done = subprocess.run([sys.executable, "-m", "communique.cli", "history", *_files("en"), "--format", "json",
                           "--order", "date"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert _matrix(json.loads(done.stdout)) == [(list(p), list(c)) for p, c in EXPECTED]


def test_strict_history_shows_a_diacritic_change_in_html_and_tei(tmp_path) -> None:
    """The architecture issue's first seam: the profile travels with the
    history, so ``history --strict --format html`` (and tei) of two rounds
    that differ only in diacritics marks the changed word, not only the
    lineage."""
    import subprocess
    import sys

    from lxml import etree, html

    plain = "1- أكد المشاركون على أهمية الحوار بين الأطراف.\n2- دعا المشاركون إلى وقف القتال في المنطقة.\n"
    marked = plain.replace("الحوار", "الحِوار")
    a, b = tmp_path / "round-1.txt", tmp_path / "round-2.txt"
    a.write_text(plain, encoding="utf-8")
    b.write_text(marked, encoding="utf-8")

    def run(fmt: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "communique", "history", str(a), str(b), "--strict",
                               "--format", fmt], capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode in (0, 1), proc.stderr
        return proc.stdout

    page = html.document_fromstring(run("html"))
    outside_legend = "[not(ancestor::*[contains(@class, 'legend')])]"
    assert [d.text_content() for d in page.xpath(f"//del{outside_legend}")] == ["الحوار"]
    assert [i.text_content() for i in page.xpath(f"//ins{outside_legend}")] == ["الحِوار"]
    tei = etree.fromstring(run("tei").encode(), etree.XMLParser(resolve_entities=False, no_network=True))
    readings = {"".join(r.itertext()) for r in tei.iter("{http://www.tei-c.org/ns/1.0}rdg")}
    assert {"الحوار", "الحِوار"} <= readings, readings
    default = subprocess.run([sys.executable, "-m", "communique", "history", str(a), str(b), "--format", "html"],
                             capture_output=True, text=True, timeout=120, check=False).stdout
    # the default profile folds diacritics: no word change shown
    assert not html.document_fromstring(default).xpath(f"//del{outside_legend}")
