"""Real-world layouts: each fixture in ``tests/layouts/`` against the tree a
careful reader sees (``<name>.expected.json``, described in
``tests/layouts/LAYOUTS.md``).

One case per fixture, named after it: the name says the layout it
reproduces (``en_bullets_before_numbered_list``, ``ar_run_in_dash_items``,
``en_resolution_pdf_running_headers`` …).  A case compares the structure
only: every clause path in reading order, the first words of clauses,
continuation counts, section headings with their clauses, the preambular
paragraphs (the preamble/operative split), text that must not be in any
clause, prose mode and expected warnings.  The fixtures' ``meta``
expectations (rounds, dates, parties …) belong to the metadata step and are
not checked here; ``python -m bench.parse_eval -v`` shows both.

The realistic statements (``tests/realistic/statements/``) are checked the
same way, structure only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import communique

from .layout_check import expected_of, structure_problems

HERE = Path(__file__).resolve().parent
LAYOUTS = HERE / "layouts"
REALISTIC = HERE / "realistic" / "statements"
FIXTURE_SUFFIXES = (".txt", ".md", ".html")


def _fixtures(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in FIXTURE_SUFFIXES
                  and p.with_name(p.name.rsplit(".", 1)[0] + ".expected.json").exists())


LAYOUT_FILES = _fixtures(LAYOUTS)
REALISTIC_FILES = _fixtures(REALISTIC)


def _check(path: Path) -> None:
    want = expected_of(path)
    doc = communique.parse(path)
    problems = structure_problems(doc, want)
    assert not problems, f"{path.name}: {want.get('description', '')[:200]}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=[p.name.rsplit(".", 1)[0] for p in LAYOUT_FILES])
def test_layout(path: Path) -> None:
    """The fixture parses into the tree its expected file describes."""
    _check(path)


@pytest.mark.parametrize("path", REALISTIC_FILES, ids=[p.name.rsplit(".", 1)[0] for p in REALISTIC_FILES])
def test_realistic_statement_structure(path: Path) -> None:
    """A realistic statement parses into its labelled tree (structure only)."""
    _check(path)


def test_layout_fixtures_are_consistent() -> None:
    """The fixtures and their expectations agree with each other (paths,
    sections, starts that occur in the text, every failure class 1–8 in
    Arabic and English): ``tests/layouts/check_layouts.py`` exits 0."""
    if not LAYOUT_FILES:
        pytest.skip("tests/layouts is not present")
    proc = subprocess.run([sys.executable, str(LAYOUTS / "check_layouts.py")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_every_failure_class_has_an_arabic_and_an_english_fixture() -> None:
    """Classes 1–7 of the issue (bullets against numbers, Markdown markers,
    run-in numbering, restarts, headings, preamble and operative part, prose
    reports) each have a fixture in both languages, so the table above tests
    every class in both."""
    if not LAYOUT_FILES:
        pytest.skip("tests/layouts is not present")
    seen: dict[int, set[str]] = {}
    for path in LAYOUT_FILES:
        want = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))
        seen.setdefault(want["class"], set()).add(want["language"])
    for cls in range(1, 8):
        assert seen.get(cls, set()) >= {"ar", "en"}, f"class {cls}: {sorted(seen.get(cls, set()))}"
