"""The grammar's two readings agree: the line scanner compiled from the
analysed grammar (what ``split_lines`` runs) and Lark's LALR parser with its
transformer (the reference, and the fallback for a grammar of another shape).

Both are run on every text file the tests hold (fixtures, layouts, realistic
pages, fuzz crashes, samples) and on generated text made of the pieces the
marker terminals are built from, so that a terminal edited in
``grammar/communique.lark`` is checked in both readings.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

from communique.errors import GrammarError
from communique.structure import grammar, lalr

ROOT = Path(__file__).resolve().parents[1]
TEXT_FILES = sorted(p for folder in ("tests/fixtures", "tests/layouts", "tests/realistic", "tests/fuzz/crashes",
                                     "tests/golden", "samples")
                    for p in (ROOT / folder).rglob("*")
                    if p.is_file() and p.suffix in ("", ".txt", ".md", ".html", ".htm", ".xml"))


def _both(text: str) -> tuple[list[grammar.Line], list[grammar.Line]]:
    scanner = grammar._scanner()
    assert scanner is not None
    text = text if text.endswith(tuple(grammar.LINE_BREAKS)) else text + "\n"
    return grammar._scan(scanner, text), lalr.lark_lines(text)


def test_the_shipped_grammar_runs_as_a_scanner():
    assert grammar._scanner() is not None
    assert len(TEXT_FILES) > 100


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_scanner_reads_every_test_text_as_lark_does(path):
    scanned, parsed = _both(path.read_bytes().decode("utf-8", "replace"))
    assert scanned == parsed


# The pieces the marker terminals are made of, and text between them.
PIECES = [
    "1", "12", "١", "٢٣", "۴", "0", ".", ")", "(", "-", ":", "–", "ـ", "[", "]", "**", "__", "\u066b",
    "a", "b", "z", "B", "i", "v", "x", "I", "V", "X", "iv", "xii", "PP", "OP", " bis",
    "أ", "ب", "ج", "ه", "\u200d", "ال", "أول", "ثاني", "عشر", "عشرون", "ألف", "باء", "ا\u064b",
    "•", "*", "▪", "·",
    " ", "  ", "\t", "\u00a0", "\u200b", "\ufeff", "\u200e", "\u200f", "\u061c", "\u2009", "\u202a",
    "\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085",
    "text", "يؤكد", '"', "«", "x1",
]


@settings(max_examples=int(os.environ.get("COMMUNIQUE_SCANNER_EXAMPLES", "400")))
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_scanner_reads_generated_text_as_lark_does(text):
    scanned, parsed = _both(text)
    assert scanned == parsed


def test_a_grammar_of_another_shape_falls_back_to_the_lalr_parser(monkeypatch):
    """A rule the scanner does not compile (here, a heading line) makes
    line_scanner decline; split_lines then runs the LALR parser."""
    text = grammar.grammar_text().replace("\nstart: line*\n", "\nstart: (line | heading)*\nheading: \"##\" LINE_REST\n")
    assert text != grammar.grammar_text()
    other = Lark(text, parser="lalr", lexer="contextual", regex=True)
    assert grammar.line_scanner(other) is None
    assert grammar.line_scanner(lalr.parser()) is not None
    source = "1. One clause.\n\n2. Another one.\n"
    scanned = grammar.split_lines(source)
    monkeypatch.setattr(grammar, "_scanner", lambda: None)
    assert grammar.split_lines(source) == scanned
    assert [ln.candidate.raw for ln in scanned if ln.candidate] == ["1.", "2."]


def test_a_gap_in_the_scan_is_a_grammar_error():
    """finditer would skip text no line matches; the scan refuses to."""
    import regex

    with pytest.raises(GrammarError):
        grammar._scan(regex.compile(r"[a-z]+\n"), "ab\n--\ncd\n")


def test_a_warm_cache_parses_without_importing_lark(tmp_path):
    """The compiled pattern is kept in the cache folder: the first process
    analyses the grammar with Lark, the next ones read the pattern (the
    same one) and never import Lark."""
    import subprocess
    import sys

    probe = ("import sys, communique\n"
             "from communique.structure import grammar\n"
             "doc = communique.parse_text('1. One clause.\\n\\n2. Another one.\\n')\n"
             "print(len(list(doc.walk())), 'lark' in sys.modules, ascii(grammar._scanner().pattern))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("COMMUNIQUE_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split(" ", 2) for _ in range(2)]
    assert runs[0][:2] == ["2", "True"] and runs[1][:2] == ["2", "False"]
    assert runs[0][2] == runs[1][2] == ascii(grammar.line_scanner(lalr.parser())) + "\n"
    assert (tmp_path / "communique" / "line-scanner.marshal").is_file()


def test_the_cached_pattern_is_keyed_on_the_grammar_this_module_and_lark():
    import lark

    grammar_source, module_source, lark_init = grammar._scanner_sources()
    assert grammar_source == grammar.grammar_text()
    assert module_source == Path(grammar.__file__).read_bytes()
    assert lark.__version__.encode() in lark_init
