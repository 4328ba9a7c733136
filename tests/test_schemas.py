"""Every JSON output validates against the published JSON Schema files, and
``communique.load`` reads each back into an equal object."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import communique
from communique.schemas import KINDS, schema

from .conftest import SAMPLES, sample_files, seed_files

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")


@pytest.fixture(scope="module")
def validators() -> dict[str, object]:
    from referencing.jsonschema import DRAFT202012

    resources = [(schema(k)["$id"], DRAFT202012.create_resource(schema(k))) for k in KINDS]
    registry = referencing.Registry().with_resources(resources)
    out = {}
    for kind in KINDS:
        jsonschema.Draft202012Validator.check_schema(schema(kind))
        out[kind] = jsonschema.Draft202012Validator(schema(kind), registry=registry)
    return out


def _check(validators: dict[str, object], obj: communique.Document | communique.Diff | communique.History) -> None:
    text = communique.render(obj, "json")
    data = json.loads(text)
    errors = sorted(validators[data["kind"]].iter_errors(data), key=lambda e: list(e.path))  # type: ignore[attr-defined]
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert communique.load(text) == obj


@pytest.mark.parametrize("path", sample_files() + seed_files(), ids=lambda p: p.name)
def test_documents_validate_and_load_back(validators, path) -> None:
    _check(validators, communique.parse(path))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_diffs_and_histories_validate_and_load_back(validators, lang: str) -> None:
    files = sorted((SAMPLES / lang).glob("round-0?.txt"))
    for a, b in itertools.pairwise(files):
        _check(validators, communique.diff(a, b))
        _check(validators, communique.diff(a, b, profile=communique.Profile.strict()))
    _check(validators, communique.history(files))


@pytest.mark.parametrize("semantic", [False, None])
def test_cross_language_diffs_validate_and_load_back(validators, semantic: bool | None) -> None:
    xlang = Path(__file__).resolve().parent / "xlang"
    for orig in sorted(xlang.glob("*.orig.txt")):
        d = communique.diff(orig, orig.with_name(orig.name.replace(".orig.", ".trans.")), semantic=semantic)
        assert d.cross_language
        _check(validators, d)


def test_load_reads_a_file_and_refuses_what_is_not_communique_json(tmp_path) -> None:
    doc = communique.parse(SAMPLES / "en" / "round-01.txt")
    out = tmp_path / "doc.json"
    out.write_text(communique.render(doc, "json"), encoding="utf-8")
    assert communique.load(out) == doc
    for bad in ("{", "[1, 2]", '{"kind": "document"}', '{"kind": "poem"}'):
        with pytest.raises(communique.InputError):
            communique.load(bad)


def test_a_history_mixing_languages_validates_and_loads_back(validators) -> None:
    from .xlang.test_xlang_text import mixed_history

    _check(validators, mixed_history())
