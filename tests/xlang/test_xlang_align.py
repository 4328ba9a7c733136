"""Cross-language alignment on the parallel fixtures of this folder: with the
multilingual model every gold op and every planted fact mismatch, and
nothing else; without it the command still runs and says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import communique
from communique.compare import embed
from communique.errors import OptionError

HERE = Path(__file__).resolve().parent
GOLDS = sorted(HERE.glob("*.gold.json"))
HAS_MODEL = embed.default_embedder() is not None
needs_model = pytest.mark.skipif(not HAS_MODEL, reason='needs the optional model: pip install "communique[xlang]"')


def _pair(gold: Path) -> tuple[dict, Path, Path]:
    name = gold.name[: -len(".gold.json")]
    return json.loads(gold.read_text("utf-8")), HERE / f"{name}.orig.txt", HERE / f"{name}.trans.txt"


def _ops(d) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {(op.kind, op.old, op.new) for op in d.ops}


def _gold_ops(spec: dict) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {(op["op"], tuple(op["orig"]), tuple(op["trans"])) for op in spec["ops"]}


@pytest.mark.xlang
@needs_model
@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_every_clause_pairs_as_the_gold_says(gold: Path) -> None:
    spec, orig, trans = _pair(gold)
    d = communique.diff(orig, trans)
    assert d.cross_language and d.semantic and not d.notes
    assert _ops(d) == _gold_ops(spec)
    for op in d.ops:
        assert not op.words, "no word diff across languages"
        if op.paired:
            assert op.confidence is not None and 0 <= op.confidence <= 1


@pytest.mark.xlang
@needs_model
@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_planted_fact_mismatches_and_nothing_else(gold: Path) -> None:
    spec, orig, trans = _pair(gold)
    d = communique.diff(orig, trans)
    found = {(op.old, op.new, f.kind, f.original, f.translation) for op in d.ops for f in op.facts}
    planted = {(tuple(f["orig"]), tuple(f["trans"]), f["kind"], f["original"], f["translation"])
               for f in spec["fact_mismatches"]}
    assert found == planted


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_without_the_model_structure_and_facts_still_align(gold: Path) -> None:
    spec, orig, trans = _pair(gold)
    d = communique.diff(orig, trans, semantic=False)
    assert d.cross_language and d.semantic is None
    assert len(d.notes) == 1 and "semantic signal off" in d.notes[0] and "\n" not in d.notes[0]
    o_paths = sorted(p for op in d.ops for p in op.old)
    t_paths = sorted(p for op in d.ops for p in op.new)
    assert o_paths == sorted(c.path for c in d.old.walk())
    assert t_paths == sorted(c.path for c in d.new.walk())
    # the floor is weaker (bench/xlang/REPORT.md: 59 of 77 ops) but far from nothing
    assert len(_ops(d) & _gold_ops(spec)) >= 0.5 * len(spec["ops"])


def test_semantic_required_without_the_model_is_an_option_error(monkeypatch) -> None:
    monkeypatch.setattr("communique.compare.embed.default_embedder", lambda: None)
    _spec, orig, trans = _pair(GOLDS[0])
    with pytest.raises(OptionError, match="xlang"):
        communique.diff(orig, trans, semantic=True)
    d = communique.diff(orig, trans)  # auto: runs, and says so
    assert d.semantic is None and d.notes


def test_languages_decide_unless_told() -> None:
    _spec, orig, trans = _pair(next(g for g in GOLDS if g.name.startswith("mfa_ru_en")))
    assert communique.diff(orig, trans, semantic=False).cross_language
    assert not communique.diff(trans, trans).cross_language
    forced = communique.diff(orig, trans, cross_language=False)
    assert not forced.cross_language and {op.kind for op in forced.ops} <= set(forced.kinds)
    same = communique.diff(trans, trans, cross_language=True, semantic=False)
    assert same.cross_language and {op.kind for op in same.ops} == {"translated"}


def test_cli_without_the_model_says_so_in_one_line() -> None:
    _spec, orig, trans = _pair(GOLDS[0])
    run = subprocess.run([sys.executable, "-m", "communique", "diff", str(orig), str(trans), "--format", "json"],
                         capture_output=True, text=True, env={**os.environ, "COMMUNIQUE_SEMANTIC": "off"}, check=False)
    assert run.returncode in (0, 1), run.stderr
    data = json.loads(run.stdout)
    assert data["cross_language"] and data["semantic"] is None


def _mirrored(ab, ba) -> bool:
    from tests.fuzz.fuzz_target import mirror_key

    return mirror_key(ab, False) == mirror_key(ba, True)


@pytest.mark.parametrize("semantic", [False, pytest.param(True, marks=needs_model)], ids=["floor", "model"])
@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_the_translation_against_the_original_mirrors_the_original_against_it(gold: Path, semantic: bool) -> None:
    """diff(trans, orig) is diff(orig, trans) with its sides swapped
    (omitted ↔ added, split ↔ merged): the scores, candidates and tie-breaks
    do not depend on which side is called the original (the length model
    did: astana's floor alignment was not a mirror, nor a fuzzed Arabic /
    English pair with the model, kept in tests/fuzz/crashes)."""
    _spec, orig, trans = _pair(gold)
    ab = communique.diff(orig, trans, semantic=semantic)
    ba = communique.diff(trans, orig, semantic=semantic)
    assert ab.cross_language and ba.cross_language
    assert _mirrored(ab, ba)
