"""docs/api.md: its examples run (doctest) and it documents every public
name, every keyword of the five functions, every format and renderer option."""

from __future__ import annotations

import doctest
import inspect
import re

import pytest

import communique
from communique.renderers import formats, get

from .conftest import ROOT

DOC = ROOT / "docs" / "api.md"


@pytest.fixture(scope="module")
def page() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name samples/ from the repository's root
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS |
                              doctest.NORMALIZE_WHITESPACE, raise_on_error=False, verbose=False)
    assert result.attempted > 60, result
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of docs/api.md fail (run it)"


@pytest.mark.parametrize("name", communique.__all__)
def test_every_public_name_is_documented(page: str, name: str) -> None:
    assert re.search(rf"(\*\*`?{re.escape(name)}`?\*\*|`(communique\.)?{re.escape(name)}\b)", page), name


@pytest.mark.parametrize("function", ["parse", "parse_text", "diff", "history", "render", "load"])
def test_every_keyword_is_documented(page: str, function: str) -> None:
    signature = inspect.signature(getattr(communique, function))
    for parameter in signature.parameters.values():
        if parameter.kind is not parameter.VAR_KEYWORD:
            assert f"{parameter.name}" in page, (function, parameter.name)
    # the signature line of each function is on the page
    assert f"`communique.{function}(" in page


@pytest.mark.parametrize("fmt", formats())
def test_every_format_and_option_is_in_the_table(page: str, fmt: str) -> None:
    (row,) = [line for line in page.splitlines() if line.startswith(f"| `{fmt}` |")]
    renderer = get(fmt)
    for kind in renderer.kinds:
        assert kind in row, (fmt, kind)
    for option in renderer.options:
        assert f"`{option}`" in row, (fmt, option)


def test_every_model_field_is_named(page: str) -> None:
    """The fields of each public dataclass are on the page (so a new field gets documented)."""
    import dataclasses

    for name in communique.__all__:
        cls = getattr(communique, name)
        if dataclasses.is_dataclass(cls):
            for f in dataclasses.fields(cls):
                if not f.name.startswith("_"):
                    assert f"`{f.name}`" in page, (name, f.name)
