"""Every text format against its golden file, and every op kind's clause
text in every text format.

The golden files are ``tests/golden/*`` (what makes them: ``tests/golden/__init__.py``);
after a deliberate change of an output regenerate them with
``python -m tests.golden --update`` and review the diff.
"""

from __future__ import annotations

import difflib
import re

import pytest

import communique
from communique.model import MONOLINGUAL_KINDS

from . import golden
from .conftest import SAMPLES

CASES = dict(golden.cases())
MARKS = re.compile(r"\[-|-\]|\{\+|\+\}|~~|\*\*|\x1b\[[0-9;]*m|[\u2068\u2069ᶜ]|\\(?=[^\w\s])")

if not (SAMPLES / "en" / "round-01.txt").is_file():  # pragma: no cover
    pytest.skip("samples/ is not present", allow_module_level=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_file(name: str) -> None:
    path = golden.path(name)
    assert path.is_file(), f"{path} is missing: run python -m tests.golden --update"
    expected = path.read_text(encoding="utf-8")
    actual = CASES[name]()
    if actual != expected:
        delta = "".join(list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                  f"golden/{name}", "now"))[:60])
        pytest.fail(f"{name} differs from its golden file (python -m tests.golden --update after a deliberate "
                    f"change):\n{delta}")


def test_the_sample_transitions_hold_every_op_kind() -> None:
    kinds = {op.kind for lang in golden.LANGS for a, b in golden.PAIRS for op in golden.diff(lang, a, b).ops}
    assert kinds == set(MONOLINGUAL_KINDS)


DELETED = {"markdown": re.compile(r"~~.*?~~"), "other": re.compile(r"\[-.*?-\]")}
INSERTED = {"markdown": re.compile(r"\*\*.*?\*\*"), "other": re.compile(r"\{\+.*?\+\}")}


def _words(text: str) -> str:
    """The words of ``text`` under the default profile (diacritics, tatweel,
    quotes folded), one space apart: what a reader reads, whatever the wrapping."""
    from communique.model import DEFAULT
    from communique.text.normalize import normalize

    return " ".join(re.findall(r"\w+", normalize(text, DEFAULT)))


def _sides(fmt: str, out: str) -> tuple[str, str]:
    """The words of the old and the new side of a rendered diff: the
    side-by-side columns, or the inline text without its insertions (old)
    or its deletions (new)."""
    if fmt == "side-by-side":
        left, right = [], []
        for line in out.splitlines():
            m = re.match(r"^(.*?) [|‖] (.*)$", line)
            a, b = (m.group(1), m.group(2)) if m else (line, "")
            left.append(a)
            right.append(b)
        return _words(MARKS.sub("", "\n".join(left))), _words(MARKS.sub("", "\n".join(right)))
    key = "markdown" if fmt == "markdown" else "other"
    old = MARKS.sub("", INSERTED[key].sub("", out))
    new = MARKS.sub("", DELETED[key].sub("", out))
    return _words(old), _words(new)


DIFF_FORMATS = ["terminal", "unified", "side-by-side", "markdown"]


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
@pytest.mark.parametrize("lang", golden.LANGS)
def test_every_op_shows_its_clause_text(fmt: str, lang: str) -> None:
    """Each op of every kind shows its clause text in every text format:
    the new text (the old one for a dropped clause), and for a changed
    pair the words deleted and inserted.  (``terminal``, ``unified`` and
    ``markdown`` leave unchanged clauses out unless asked for context;
    ``context=True`` here, as in the golden files.)"""
    options = {"terminal": {"width": 80, "context": True}, "unified": {"context": True},
               "side-by-side": {"width": 80}, "markdown": {"context": True}}[fmt]
    for a, b in golden.PAIRS:
        d = golden.diff(lang, a, b)
        old, new = _sides(fmt, communique.render(d, fmt, **options))
        for op in d.ops:
            side, text = (old, op.old_text) if op.kind == "dropped" else (new, op.new_text)
            for line in text.split("\n"):
                assert _words(line) in side, (fmt, op.kind, op.old, op.new, line[:60])
            for w in op.words:
                if w.op in ("delete", "replace") and _words(w.old):
                    assert _words(w.old) in old, (fmt, op.kind, w)
                if w.op in ("insert", "replace") and _words(w.new):
                    assert _words(w.new) in new, (fmt, op.kind, w)


@pytest.mark.parametrize("name", sorted(n for n in CASES if ".terminal" in n or "side-by-side" in n or "narrow" in n))
def test_wrapped_outputs_fit_their_width(name: str) -> None:
    from communique.renderers.plain import cells

    width = 40 if "narrow" in name else golden.WIDTH
    for line in golden.path(name).read_text(encoding="utf-8").splitlines():
        assert cells(re.sub(r"\x1b\[[0-9;]*m", "", line)) <= width, (name, line)


@pytest.mark.parametrize("name", sorted(n for n in CASES if n.endswith((".txt", ".md"))))
def test_no_mark_is_left_open_on_a_line(name: str) -> None:
    """grep sees whole marks: every ``[-``/``{+`` (``~~``/``**`` in Markdown) closes on its line."""
    for line in golden.path(name).read_text(encoding="utf-8").splitlines():
        assert line.count("[-") == line.count("-]") and line.count("{+") == line.count("+}"), (name, line)
        if name.endswith(".md") and not line.startswith("|"):
            assert line.count("~~") % 2 == 0 and line.replace("\\*", "").count("**") % 2 == 0, (name, line)
        assert line.count("\u2068") == line.count("\u2069"), (name, line)  # each isolate closes on its line


def test_word_changes_show_the_text_as_written() -> None:
    """No space is invented: a clitic و stays joined to its word, quotes to
    theirs (``--strict`` shows them as changes)."""
    strict = communique.Profile.strict()
    ar = communique.diff(golden.document("ar", "02"), golden.document("ar", "03"), profile=strict)
    en = communique.diff(golden.document("en", "02"), golden.document("en", "03"), profile=strict)
    for d in (ar, en):
        for fmt in ("unified", "terminal"):
            out = communique.render(d, fmt, **({"width": 200} if fmt == "terminal" else {}))
            for op in d.ops:
                for line in op.new_text.split("\n"):
                    assert line in _unmarked_lines(out) or op.kind == "unchanged", (fmt, line[:50])
    unified = communique.render(ar, "unified")
    assert "و[-الأمن-]{+الأمنَ+}" in unified and "و [-" not in unified
    assert "new [-\"-]{+“+}realities" in communique.render(en, "unified")


def _unmarked_lines(out: str) -> str:
    """The output with deletions removed and the other marks dropped: the new text as written."""
    kept = re.sub(r"\[-.*?-\]", "", out)
    return " ".join(re.sub(r"\{\+|\+\}|[\u2068\u2069ᶜ]", "", kept).replace("\n  ", " ").split())
