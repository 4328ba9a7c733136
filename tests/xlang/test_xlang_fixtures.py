"""The cross-language fixtures of this folder are consistent with the parser.

Each pair is ``NAME.orig.txt`` / ``NAME.trans.txt`` with its gold alignment
``NAME.gold.json`` (format in README.md).  These tests check the fixtures, not
the alignment feature: every gold path is a clause the parser finds, every
clause of both sides is in exactly one op, op shapes are what their names say,
and each planted fact mismatch is written in the clauses it names.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import communique

HERE = Path(__file__).resolve().parent
GOLDS = sorted(HERE.glob("*.gold.json"))
OPS = {"translated", "omitted", "added", "merged", "split", "moved"}
KINDS = {"number", "date", "symbol", "name"}
LANGS = {"en", "ar", "ru"}


def _load(gold: Path):
    name = gold.name[: -len(".gold.json")]
    spec = json.loads(gold.read_text(encoding="utf-8"))
    orig = communique.parse(HERE / f"{name}.orig.txt")
    trans = communique.parse(HERE / f"{name}.trans.txt")
    return spec, orig, trans


def test_there_are_enough_pairs():
    assert len(GOLDS) >= 5
    specs = [json.loads(g.read_text(encoding="utf-8")) for g in GOLDS]
    langs = {(s["orig_lang"], s["trans_lang"]) for s in specs}
    assert {("en", "ar"), ("ru", "en"), ("ar", "en")} <= langs


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_gold_covers_every_clause_once(gold):
    spec, orig, trans = _load(gold)
    assert spec["orig_lang"] in LANGS and spec["trans_lang"] in LANGS
    assert spec["description"]
    o_paths = [c.path for c in orig.walk()]
    t_paths = [c.path for c in trans.walk()]
    assert 10 <= len(o_paths) <= 30 and 10 <= len(t_paths) <= 30
    seen_o = [p for op in spec["ops"] for p in op["orig"]]
    seen_t = [p for op in spec["ops"] for p in op["trans"]]
    assert sorted(seen_o) == sorted(o_paths), "orig clauses not covered exactly once"
    assert sorted(seen_t) == sorted(t_paths), "trans clauses not covered exactly once"


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_op_shapes(gold):
    spec, _, _ = _load(gold)
    for op in spec["ops"]:
        kind, no, nt = op["op"], len(op["orig"]), len(op["trans"])
        assert kind in OPS, op
        ok = {
            "translated": no == 1 and nt == 1,
            "moved": no == 1 and nt == 1,
            "omitted": no >= 1 and nt == 0,
            "added": no == 0 and nt >= 1,
            "merged": no >= 2 and nt == 1,
            "split": no == 1 and nt >= 2,
        }[kind]
        assert ok, op


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_fact_mismatches_are_in_their_clauses(gold):
    spec, orig, trans = _load(gold)
    o_text = {c.path: c.text for c in orig.walk()}
    t_text = {c.path: c.text for c in trans.walk()}
    pairs = {(tuple(op["orig"]), tuple(op["trans"])) for op in spec["ops"]}
    for fm in spec["fact_mismatches"]:
        assert fm["kind"] in KINDS, fm
        assert fm["original"] != fm["translation"], fm
        # the mismatch sits inside one aligned op (a pair, or part of a merge/split)
        assert any(set(fm["orig"]) <= set(o) and set(fm["trans"]) <= set(t) for o, t in pairs), fm
        assert any(fm["original"] in o_text[p] for p in fm["orig"]), fm
        assert any(fm["translation"] in t_text[p] for p in fm["trans"]), fm
        # the translation does not also carry the original's form of the fact
        assert not any(fm["original"] in t_text[p] for p in fm["trans"]), fm


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_prose_side_is_read_as_prose(gold):
    _, orig, trans = _load(gold)
    t_paths = [c.path for c in trans.walk()]
    assert trans.prose == all(p.startswith("¶") for p in t_paths)
    assert not orig.prose
