"""Acceptance across the new input formats: every bundled sample converted to
PDF, Word (.docx), OpenDocument (.odt) and Markdown by
``tests/fixtures/formats/make_fixtures.py`` parses to the same clause paths
and texts as its ``.txt`` (white space aside), and a diff across formats
reports only the real changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import communique

from .conftest import SAMPLES

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
CONVERTED = sorted((FORMATS / "samples").glob("*-round-0?.*"))
CLI = [sys.executable, "-m", "communique.cli"]


def clauses(doc: communique.Document) -> list[tuple[str, str]]:
    return [(c.path, " ".join(c.text.split())) for c in doc.walk()]


def text_form(path: Path) -> Path:
    lang, stem = path.stem.split("-", 1)
    return SAMPLES / lang / f"{stem}.txt"


def test_every_sample_is_converted_to_every_format():
    samples = sorted(SAMPLES.glob("*/round-0?.txt"))
    assert len(samples) == 8
    assert len(CONVERTED) == 8 * 4
    for ext in (".pdf", ".docx", ".odt", ".md"):
        assert {text_form(p) for p in CONVERTED if p.suffix == ext} == set(samples)


@pytest.mark.parametrize("path", CONVERTED, ids=[p.name for p in CONVERTED])
def test_converted_sample_parses_like_its_text(path):
    doc = communique.parse(path)
    plain = communique.parse(text_form(path))
    assert clauses(doc) == clauses(plain)
    assert doc.info.format == {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".md": "markdown"}[path.suffix]
    assert doc.info.spans == "extracted-text"
    assert doc.rebuild() == doc.source
    assert (doc.meta.round, doc.meta.date, doc.meta.language) == (plain.meta.round, plain.meta.date,
                                                                  plain.meta.language)
    # markers as the printed form shows them
    assert [c.label for c in doc.clauses] == [c.label for c in plain.clauses]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_diff_pdf_against_docx_reports_only_real_changes(lang):
    """Round 1 as PDF against round 2 as Word: the same operations as the
    two text files; round 1 against itself across formats: no change."""
    pdf1, docx1 = FORMATS / "samples" / f"{lang}-round-01.pdf", FORMATS / "samples" / f"{lang}-round-01.docx"
    docx2 = FORMATS / "samples" / f"{lang}-round-02.docx"
    same = communique.diff(pdf1, docx1)
    assert not same.changed, [op.kind for op in same.ops if op.kind != "unchanged"]
    cross = communique.diff(pdf1, docx2)
    plain = communique.diff(SAMPLES / lang / "round-01.txt", SAMPLES / lang / "round-02.txt")
    assert [(op.kind, op.old, op.new) for op in cross.ops] == [(op.kind, op.old, op.new) for op in plain.ops]


def test_cli_diff_pdf_docx():
    pdf, docx = FORMATS / "samples" / "en-round-02.pdf", FORMATS / "samples" / "en-round-03.docx"
    run = subprocess.run([*CLI, "diff", str(pdf), str(docx), "--format", "json"], capture_output=True,
                         timeout=120)
    assert run.returncode == 1, run.stderr
    txt = subprocess.run([*CLI, "diff", str(SAMPLES / "en" / "round-02.txt"), str(SAMPLES / "en" / "round-03.txt"),
                          "--format", "json"], capture_output=True, timeout=120)
    import json

    ops = [(o["op"], o["old"], o["new"]) for o in json.loads(run.stdout)["ops"]]
    assert ops == [(o["op"], o["old"], o["new"]) for o in json.loads(txt.stdout)["ops"]]
    same = subprocess.run([*CLI, "diff", str(pdf), str(FORMATS / "samples" / "en-round-02.odt")],
                          capture_output=True, timeout=120)
    assert same.returncode == 0, same.stdout.decode()


def test_history_across_formats():
    files = [FORMATS / "samples" / f"ar-round-0{n}{ext}" for n, ext in ((1, ".pdf"), (2, ".docx"), (3, ".md"))]
    hist = communique.history(files)
    plain = communique.history([SAMPLES / "ar" / f"round-0{n}.txt" for n in (1, 2, 3)])
    assert len(hist.lineages) == len(plain.lineages)


def test_make_fixtures_converts_a_held_out_statement(tmp_path):
    """The fixture script's ``convert`` (what a held-out check runs) on a
    statement that is not a sample."""
    pytest.importorskip("fpdf")
    pytest.importorskip("uharfbuzz")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FORMATS / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if not Path(mod.FONT).exists():
        pytest.skip("DejaVu Sans is not installed")
    src = tmp_path / "held-out.txt"
    src.write_text("Final communiqué of the ministerial meeting\n\nGeneva, 3 May 2025\n\nThe ministers:\n\n"
                   + "\n\n".join(f"{n}. Agreed on point number {n} of the agenda, which concerns the cooperation "
                                 "of the parties in the fields set out in the annex and the timetable of the "
                                 "meetings of the working groups." for n in range(1, 13))
                   + "\n\nDone at Geneva on 3 May 2025.\n", encoding="utf-8")
    plain = communique.parse(src)
    for ext in (".pdf", ".docx", ".odt", ".md"):
        out = tmp_path / f"held-out{ext}"
        mod.convert(src, out)
        assert clauses(communique.parse(out)) == clauses(plain), ext
