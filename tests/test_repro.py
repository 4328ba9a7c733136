"""Regression tests for the reliability issue: one per reproduction in
``tests/fixtures/repro`` (copied byte for byte from ``../shared/repro``,
where ``SOURCE.md`` says which defect each shows), and one per numbered
defect that has no file.

Defects found beside them (the fuzz target, the dense strategies) are in
``tests/test_core_defects.py``.
Each test's docstring says what the input must do now.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

import communique
from communique import CommuniqueError, InputError, NoClausesError, OptionError
from communique.renderers import formats, render

REPRO = Path(__file__).resolve().parent / "fixtures" / "repro"
ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the clone (CI), or beside the folder of worktrees
SHARED = next((p for p in (ROOT.parent / "shared" / "repro", ROOT.parents[1] / "shared" / "repro") if p.is_dir()),
              ROOT.parent / "shared" / "repro")
MIRROR = {"added": "dropped", "dropped": "added", "split": "merged", "merged": "split", "modified": "modified",
          "unchanged": "paired", "moved": "paired"}


def _file(name: str) -> Path:
    return REPRO / name


def _paths(doc) -> list[str]:
    return [c.path for c in doc.walk()]


def assert_one_op_per_clause(d) -> None:
    """Every clause of both sides in exactly one op."""
    for side, doc in (("old", d.old), ("new", d.new)):
        seen = Counter(p for op in d.ops for p in getattr(op, side))
        assert seen == Counter(_paths(doc)), (side, [(op.kind, op.old, op.new) for op in d.ops])


def mirror_pairs(d, backward: bool = False) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Ops as ``(kind, old, new)``; ``backward`` swaps old and new and the
    kinds (split ↔ merged, added ↔ dropped).  unchanged and moved are both
    ``paired`` (which side of a transposition moved is not symmetric)."""
    out = set()
    for op in d.ops:
        kind = "paired" if op.kind in ("unchanged", "moved") else op.kind
        out.add((MIRROR[kind] if backward and kind != "paired" else kind, *((op.new, op.old) if backward
                                                                           else (op.old, op.new))))
    return out


def test_fixtures_are_the_shared_bytes():
    """The fixtures are the reproductions' bytes (when ../shared/repro is there)."""
    if not SHARED.is_dir():
        pytest.skip("../shared/repro is not present")
    for src in SHARED.iterdir():
        if src.name != "README.md":
            assert (REPRO / src.name).read_bytes() == src.read_bytes(), src.name


# --------------------------------------------------------------------------- 1, 2: the group search


def test_cover_every_clause_is_in_some_op():
    """cover_old → cover_new (defect 1): the diff completes and no clause of
    either side is left out of the ops.  (Exactly one op per clause is
    ``test_cover_one_op_per_clause`` in test_core_defects.py: old 8 is
    still in a split and ¶2 in both that split and a merge.)"""
    d = communique.diff(_file("cover_old.txt"), _file("cover_new.txt"))
    for side, doc in (("old", d.old), ("new", d.new)):
        assert set(_paths(doc)) <= {p for op in d.ops for p in getattr(op, side)}


def test_mirror_files_diff_as_mirror_images():
    """mirror_a ↔ mirror_b (defect 2): ``diff(a, b)`` and ``diff(b, a)`` are
    mirror images — op kinds swap split ↔ merged and added ↔ dropped, old and
    new swap — and each has exactly one op per clause."""
    a, b = communique.parse(_file("mirror_a.txt")), communique.parse(_file("mirror_b.txt"))
    ab, ba = communique.diff(a, b), communique.diff(b, a)
    assert_one_op_per_clause(ab)
    assert_one_op_per_clause(ba)
    assert mirror_pairs(ab) == mirror_pairs(ba, backward=True)
    for kind in ("split", "merged", "added", "dropped"):
        assert ab.summary[kind] == ba.summary[MIRROR[kind]]


# --------------------------------------------------------------------------- 3: invisible-only input


@pytest.mark.parametrize("text", ["\u200b", "\ufeff\n", "\u200e", "\ufeff\ufeff", "\u200f\u200b\n\u2060",
                                  "\u00a0\u200c\u200d", "\ufeff\n\u200b\n\ufeff"],
                         ids=["zwsp", "bom-nl", "lrm", "two-boms", "rlm-zwsp-wj", "nbsp-zwnj-zwj", "mixed"])
def test_only_invisible_characters_is_no_clauses(text):
    """Input of only invisible characters (defect 3) is a NoClausesError as
    text, never a ValueError; as bytes, NoClausesError too, or the InputError
    of an empty file when all that is left after a leading BOM (an encoding
    mark, not text) is white space."""
    with pytest.raises(NoClausesError):
        communique.parse(text=text)
    data = text.encode("utf-8")
    expected = InputError if not data.removeprefix(b"\xef\xbb\xbf").strip() else NoClausesError
    with pytest.raises(expected):
        communique.parse(data)


# --------------------------------------------------------------------------- 4: history, empty last clause


def test_empty_last_history_renders_in_every_format():
    """empty_last.txt (defect 4): its last clause ``3-`` has no text; history
    over it (alone, against itself and against another round) builds and
    renders in every history format."""
    path = _file("empty_last.txt")
    doc = communique.parse(path)
    assert [c.path for c in doc.clauses] == ["1", "2", "3"] and doc.clauses[-1].text == ""
    other = communique.parse(text="1- First clause about cooperation.\n2- Second clause about peace and more.\n")
    for rounds in ([path, path], [path, other, path], [other, path]):
        h = communique.history(rounds)
        for fmt in formats("history"):
            out = render(h, fmt)
            assert isinstance(out, str) and out
        assert communique.load(render(h, "json")) == h
    d = communique.diff(path, other)
    for fmt in formats("diff"):
        assert render(d, fmt)


# --------------------------------------------------------------------------- 5: XML prologs


def _texts(doc) -> list[str]:
    return [" ".join(c.text.split()) for c in doc.walk()]


def test_tei_xml_model_prolog_parses():
    """tei_xmlmodel.xml (defect 5): ``<?xml … encoding="UTF-8"?>`` plus
    ``<?xml-model?>`` is read as TEI, both clauses."""
    doc = communique.parse(_file("tei_xmlmodel.xml"))
    assert doc.info.format == "tei"
    assert _texts(doc) == ["First clause.", "Second clause."]


@pytest.mark.parametrize("pi", ['<?xml-stylesheet type="text/xsl" href="tei.xsl"?>',
                                '<?xml-model href="tei_all.rng" type="application/xml"?>\n'
                                '<?xml-stylesheet type="text/css" href="t.css"?>'])
def test_tei_with_stylesheet_pi_parses(pi):
    """A TEI file with ``<?xml-stylesheet?>`` (and ``<?xml-model?>``) after
    an encoding declaration is TEI (defect 5)."""
    data = _file("tei_xmlmodel.xml").read_bytes().split(b"\n", 2)
    text = data[0] + b"\n" + pi.encode() + b"\n" + data[2]
    doc = communique.parse(text)
    assert doc.info.format == "tei" and _texts(doc) == ["First clause.", "Second clause."]


def test_tei_corpus_parses():
    """A ``teiCorpus`` holding a TEI document is TEI (defect 5)."""
    tei = _file("tei_xmlmodel.xml").read_bytes().split(b"\n", 2)[2]
    corpus = (b'<?xml version="1.0" encoding="UTF-8"?>\n<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">'
              b"<teiHeader><fileDesc><titleStmt><title>C</title></titleStmt></fileDesc></teiHeader>"
              + tei.replace(b' xmlns="http://www.tei-c.org/ns/1.0"', b"") + b"</teiCorpus>")
    doc = communique.parse(corpus)
    assert doc.info.format == "tei" and _texts(doc) == ["First clause.", "Second clause."]


def test_xhtml_with_encoding_declaration_parses():
    """xhtml_encdecl.html (defect 5): XHTML behind ``<?xml … encoding?>``
    and a DOCTYPE is read as HTML, its ``<ol>`` as two clauses."""
    doc = communique.parse(_file("xhtml_encdecl.html"))
    assert doc.info.format == "html"
    assert _texts(doc) == ["First clause.", "Second clause."]


# --------------------------------------------------------------------------- 6: text renderers are linear


def _statement(n: int) -> str:
    return "".join(f"{k}- The participants discussed item {k} and agreed on point {k * 7} of the plan.\n"
                   for k in range(1, n + 1))


def _edited(n: int) -> str:
    return "".join(f"{k}- The participants discussed item {k} and decided on point {k * 7} of the plan.\n"
                   for k in range(1, n + 1))


@pytest.mark.parametrize("fmt", ["unified", "side-by-side", "terminal", "markdown"])
def test_text_diff_renderers_are_near_linear(fmt):
    """Each text renderer of a diff (defect 6) takes under 8× as long for 4n
    clauses, every one modified, as for n."""
    from .test_hostile import assert_near_linear

    def make(n):
        return communique.diff(communique.parse(text=_statement(n)), communique.parse(text=_edited(n)))

    assert_near_linear(make, 300, fn=lambda d: render(d, fmt), label=f"render {fmt}")


@pytest.mark.parametrize("fmt", ["text", "tree", "markdown"])
def test_text_document_renderers_are_near_linear(fmt):
    """The same for a document's text formats (defect 6)."""
    from .test_hostile import assert_near_linear

    assert_near_linear(lambda n: communique.parse(text=_statement(n)), 500, fn=lambda d: render(d, fmt),
                       label=f"render {fmt}")


@pytest.mark.parametrize("fmt", ["unified", "side-by-side", "terminal"])
def test_one_long_clause_renders_near_linear(fmt):
    """One clause of thousands of words, reworded throughout, wraps and
    marks in linear time (defect 6)."""
    from .test_hostile import assert_near_linear

    def make(n):
        old = "1- " + " ".join(f"word{k}" for k in range(n)) + ".\n2- A second clause here.\n"
        new = "1- " + " ".join(f"word{k}" if k % 3 else f"new{k}" for k in range(n)) + ".\n2- A second clause here.\n"
        return communique.diff(communique.parse(text=old), communique.parse(text=new))

    assert_near_linear(make, 4000, fn=lambda d: render(d, fmt, width=80), label=f"long clause {fmt}")


# --------------------------------------------------------------------------- 7, 8: see test_output_safety.py


def test_inject_files_render_safely():
    """inject_old → inject_new (defects 7, 8): every format of the parse and
    of the diff passes the output-safety checks (the full matrix, the hostile
    file name and the browser are in test_output_safety.py)."""
    from .fuzz.fuzz_target import render_all

    old, new = communique.parse(_file("inject_old.txt")), communique.parse(_file("inject_new.txt"))
    render_all(old, "document")
    render_all(new, "document")
    render_all(communique.diff(old, new), "diff")
    render_all(communique.history([old, new]), "history")


# --------------------------------------------------------------------------- 9, 10: encodings


ARABIC_OPENING = "أكد المشاركون مجدداً التزامهم الراسخ"


@pytest.mark.parametrize("name", ["meta_lie_utf8.html", "meta_lie_utf16.html"])
def test_lying_meta_charset_is_overruled(name):
    """meta_lie_utf8 / meta_lie_utf16 (defect 9): valid UTF-8 bytes under a
    ``<meta charset>`` naming windows-1256 or UTF-16 are decoded as UTF-8,
    with a ``charset-overruled`` warning; the Arabic text reads right."""
    doc = communique.parse(_file(name))
    assert doc.info.encoding == "utf-8"
    assert "charset-overruled" in [w.code for w in doc.warnings]
    assert doc.clauses[0].text.startswith(ARABIC_OPENING)
    assert all("\ufffd" not in c.text and "Ø" not in c.text for c in doc.walk())


def test_utf8_bom_before_cp1256_bytes():
    """bom_cp1256.txt (defect 10): a UTF-8 BOM before cp1256 bytes: the
    Arabic text is read (cp1256), with a ``bom-overruled`` warning."""
    doc = communique.parse(_file("bom_cp1256.txt"))
    assert doc.info.encoding == "cp1256"
    assert "bom-overruled" in [w.code for w in doc.warnings]
    assert doc.clauses[0].text.startswith(ARABIC_OPENING)
    assert len(doc.clauses) == 10


def test_declared_charset_that_is_right_is_kept():
    """The other side of defect 9: a true declaration is not overruled."""
    page = '<html><head><meta charset="windows-1256"></head><body><ol><li>البند الأول هنا.</li>' \
           "<li>البند الثاني هنا.</li></ol></body></html>"
    doc = communique.parse(page.encode("cp1256"))
    assert doc.info.encoding in ("cp1256", "windows-1256")
    assert "charset-overruled" not in [w.code for w in doc.warnings]
    assert _texts(doc) == ["البند الأول هنا.", "البند الثاني هنا."]


# --------------------------------------------------------------------------- 13, 14: API values


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), -1, -0.01, 1.01, 5, True, "0.5"])
def test_threshold_out_of_range_is_an_option_error(bad):
    """``threshold`` nan, ±inf, < 0, > 1, a bool or a string (defect 13) is
    an OptionError, for diff and history."""
    a = communique.parse(text="1- First clause about cooperation.\n2- Second clause about peace.\n")
    with pytest.raises(OptionError):
        communique.diff(a, a, threshold=bad)
    with pytest.raises(OptionError):
        communique.history([a, a], threshold=bad)


def test_json_is_never_nan():
    """JSON is dumped with ``allow_nan=False`` (defect 13): a NaN that got
    into the model is an error, not ``NaN`` in the output."""
    from communique.renderers.to_json import dump

    with pytest.raises(ValueError):
        dump({"x": float("nan")})
    a = communique.parse(text="1- First clause about cooperation.\n2- Second clause about peace.\n")
    d = communique.diff(a, a, threshold=0.0)
    assert "NaN" not in render(d, "json") and json.loads(render(d, "json"))["threshold"] == 0.0


def test_lone_surrogates_in_api_text():
    """Lone surrogates in API text (defect 14) are replaced by U+FFFD with a
    ``surrogates-replaced`` warning; every format of the document, a diff and
    a history then encodes as UTF-8."""
    text = "1- First \ud800 clause about cooperation.\n2- Second clause \udfff about peace.\n3- Third \udc80.\n"
    doc = communique.parse(text=text)
    assert "surrogates-replaced" in [w.code for w in doc.warnings]
    # no surrogate is left (that they become U+FFFD, as the warning says, and
    # not "?": test_surrogates_become_fffd in test_core_defects.py)
    assert not any("\ud800" <= ch <= "\udfff" for ch in doc.source)
    other = communique.parse(text=text.replace("First", "Initial"))
    for obj, kind in ((doc, "document"), (communique.diff(doc, other), "diff"),
                      (communique.history([doc, other]), "history")):
        for fmt in formats(kind):
            render(obj, fmt).encode("utf-8")


# --------------------------------------------------------------------------- 15: large clause numbers


def test_clause_numbers_up_to_five_digits_are_markers():
    """9999, 10000, 10001 in sequence are clause numbers (defect 15)."""
    doc = communique.parse(text="9999- First clause about cooperation.\n10000- Second clause about peace.\n"
                                "10001- Third clause here.\n")
    assert [c.path for c in doc.clauses] == ["9999", "10000", "10001"]


# --------------------------------------------------------------------------- 16: AKN undated


def test_akn_of_an_undated_statement_uses_the_placeholder():
    """An undated statement's Akoma Ntoso (defect 16) carries the documented
    placeholder date 1900-01-01 named ``undated`` and a comment saying so,
    never today's date."""
    import datetime

    doc = communique.parse(text="1- First clause about cooperation.\n2- Second clause about peace.\n")
    assert doc.meta.date is None
    out = render(doc, "akn")
    root = etree.fromstring(out.encode("utf-8"))
    dates = root.xpath("//*[local-name()='FRBRdate']")
    assert dates and {(d.get("date"), d.get("name")) for d in dates} == {("1900-01-01", "undated")}
    assert datetime.date.today().isoformat() not in out
    assert any("placeholder" in (c.text or "") for c in root.xpath("//comment()"))


# --------------------------------------------------------------------------- 17: external DTD


def test_external_dtd_entity_is_refused_and_warned():
    """tei_extdtd.xml (defect 17): the external DTD is not loaded (no file
    or network access), the document parses, and the dropped ``&ext;`` is an
    ``entity-dropped`` warning."""
    doc = communique.parse(_file("tei_extdtd.xml"))
    assert doc.info.format == "tei"
    assert "entity-dropped" in [w.code for w in doc.warnings]
    assert _texts(doc)[1] == "Second clause."
    assert "evil" not in doc.clauses[0].text


def test_internal_entity_expansion_bomb_is_refused():
    """The other XML danger next to defect 17: a billion-laughs internal
    subset is refused or read without expanding it (no hang, no memory blow-up)."""
    lol = (b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
           + b"".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">'.encode() for k in range(8))
           + b']><TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>1- &i;</p><p>2- x y z</p></body>'
           b"</text></TEI>")
    try:
        doc = communique.parse(lol)
    except CommuniqueError:
        return
    assert len(doc.source) < 1_000_000
