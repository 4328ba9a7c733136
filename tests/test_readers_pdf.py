"""The PDF reader: the fixtures' trees, Arabic in visual order and in
presentation forms, hyphenation, page furniture, and hostile PDFs."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import communique
from communique.errors import InputError
from communique.readers.pdf import _FOLD, _Glyph, _keep_hyphen, _layout, extract_pdf

from .conftest import SAMPLES

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SPECIAL = FORMATS / "special"
CLI = [sys.executable, "-m", "communique.cli"]


def clauses(doc: communique.Document) -> list[tuple[str, str]]:
    return [(c.path, " ".join(c.text.split())) for c in doc.walk()]


# --------------------------------------------------------------------------- fixtures → trees

# (fixture, its plain-text form, clause paths, first words of the first and last clause, meta)
TREES = [
    # two preambular paragraphs (p1, p2), then the operative paragraphs
    ("special/en-resolution.pdf", "special/en-resolution.txt", ["p1", "p2", "1", "2", "3", "4", "5", "6", "7"],
     ("Recalling its resolution", "Decides to include"), {"symbol": "A/RES/80/12"}),
    ("special/ar-visual.pdf", "../../../samples/ar/round-02.txt",
     ["1", "2", "3", "4", "5", "6", "7", "7.1", "7.2", "7.3", "8", "9", "10", "11"],
     ("أكد المشاركون مجدداً", "أعرب المشاركون عن"), {}),
    ("samples/ar-round-03.pdf", "../../../samples/ar/round-03.txt",
     ["1", "2", "3", "4", "5", "6", "7", "8", "9", "9.1", "9.2", "9.3", "10", "11", "12"],
     ("أكد المشاركون مجدداً", "أعرب المشاركون عن"), {}),
    ("samples/en-round-01.pdf", "../../../samples/en/round-01.txt",
     ["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3", "7", "8", "9", "10"],
     ("Reaffirmed their strong", "Expressed their sincere"), {}),
]


@pytest.mark.parametrize("fixture,plain,paths,first_words,meta", TREES, ids=[t[0] for t in TREES])
def test_pdf_fixture_tree(fixture, plain, paths, first_words, meta):
    doc = communique.parse(FORMATS / fixture)
    assert [c.path for c in doc.walk()] == paths
    assert doc.clauses[0].text.startswith(first_words[0])
    assert doc.clauses[-1].text.startswith(first_words[1])
    assert clauses(doc) == clauses(communique.parse((FORMATS / plain).resolve()))
    extracted = extract_pdf((FORMATS / fixture).read_bytes())
    for key, value in meta.items():
        assert extracted.meta[key] == value
    assert doc.info.format == "pdf" and doc.rebuild() == doc.source


def test_resolution_furniture_and_hyphens():
    path = SPECIAL / "en-resolution.pdf"
    extracted = extract_pdf(path.read_bytes())
    text, hints = extracted.text, extracted.hints
    furniture = {text[o:text.find("\n", o)] for o, h in hints.items() if h == "page-furniture"}
    assert {"A/RES/80/12", "Distr.: General", "1/2", "2/2", "Agenda item 124 (w)", "Eightieth session"} <= furniture
    assert text.count("A/RES/80/12") == 2  # masthead and running header: both in the text, both hinted
    doc = communique.parse(path)
    for c in doc.walk():
        assert "A/RES/80/12" not in c.text and "1/2" not in c.text
    # clause 4 runs over the page break: one clause, the page's furniture after it
    assert doc.clause("4").text.endswith("shared reporting on the results achieved;")
    # hyphenation at line ends undone, hyphenated words kept
    assert extracted.title == "80/12. Cooperation between the United Nations and regional organizations"
    body = " ".join(c.text for c in doc.walk())
    for word in ("consultations", "peacebuilding", "rehabilitation", "implementation", "comprehensive",
                 "Secretary-General", "de-escalation", "well-coordinated", "confidence-building", "post-conflict",
                 "eighty-first"):
        assert word in body, word
    assert "-\n" not in text and "\x02" not in text


def test_running_header_is_furniture_not_clause_text():
    doc = communique.parse(FORMATS / "samples" / "en-round-01.pdf")
    assert doc.source.count("Astana format: joint statement") == 2
    assert all("Astana format: joint statement" not in c.text for c in doc.walk())
    assert all("- 1 -" not in c.text for c in doc.walk())
    assert "- 2 -" in doc.source


def test_arabic_comes_out_in_logical_order():
    """The shaped fixture's raw PDFium text has ``-1`` markers, alef + lam for
    lam-alef and mirrored guillemets; the reader's text has none of them."""
    text = extract_pdf((FORMATS / "samples" / "ar-round-01.pdf").read_bytes()).text
    assert "\n1- أكد المشاركون مجدداً" in text
    assert "الالتزام" not in text or "االلتزام" not in text
    assert "اإل" not in text and "اال" not in text  # no reversed lam-alef
    assert "الإسلامية" in text and "الاتحادية" in text
    assert "«وقائع جديدة على الأرض»" in text
    assert "13 و14 آذار / مارس 2024،" in text  # numbers and the comma after them in place
    assert not any(line.endswith("-1") for line in text.splitlines())


def test_hard_wrapped_arabic_clause_is_one_paragraph():
    text = extract_pdf((FORMATS / "samples" / "ar-round-02.pdf").read_bytes()).text
    line = next(ln for ln in text.splitlines() if ln.startswith("7- "))
    assert line.endswith("ما يلي:") and len(line) > 200  # wrapped over three lines in the PDF


# --------------------------------------------------------------------------- layout helpers


def _glyphs(visual: str, y: float = 700.0, size: float = 10.0) -> list[_Glyph]:
    """Glyphs laid out left to right, one per character, as a legacy producer
    writes a line of visual-order presentation forms."""
    out = []
    x = 50.0
    for i, ch in enumerate(visual):
        w = 3.0 if ch == " " else 5.0
        out.append(_Glyph(ch, x, x + w, y, size, i, False, space=ch == " ", marks=[]))
        x += w
    return out


# visual order (left to right) of '1- أكد المشاركون الالتزام (أ) 2254 الإقليمية' in presentation
# forms, as arabic_reshaper + python-bidi write it
VISUAL = "ﺔﻴﻤﻴﻠﻗﻹﺍ 2254 (ﺃ) ﻡﺍﺰﺘﻟﻻﺍ ﻥﻮﻛﺭﺎﺸﻤﻟﺍ ﺪﻛﺃ -1"


def test_visual_order_presentation_forms_to_logical():
    line = _layout(_glyphs(VISUAL), 0)
    assert line is not None and line.rtl
    assert line.text == "1- أكد المشاركون الالتزام (أ) 2254 الإقليمية"


@pytest.mark.parametrize("visual,logical", [
    ("ﺔﻴﻤﻴﻠﻗﻹﺍ", "الإقليمية"),
    ("ﻡﺍﺰﺘﻟﻻﺍ", "الالتزام"),
    ("UN ﺓﺪﺤﺘﻤﻟﺍ ﻢﻣﻷﺍ", "الأمم المتحدة UN"),
    ("13.5 ﺔﺒﺴﻨﺑ", "بنسبة 13.5"),
    ("2025/5/3 ﻲﻓ", "في 2025/5/3"),
], ids=["hamza-ligature", "lam-alef", "latin-run", "decimal", "date"])
def test_visual_runs(visual, logical):
    line = _layout(_glyphs(visual), 0)
    assert line is not None and line.text == logical


def test_ligature_cluster_lam_alef_order():
    """PDFium gives the letters of a shaped lam-alef glyph as alef, lam (one
    box): they are put back as lam, alef."""
    g = _glyphs("ﻡﺍﺰﺘ X ﺍ")
    g[5] = _Glyph("ال", g[5].x0, g[5].x1, g[5].y, g[5].size, 5, False, marks=[])  # the 'X'
    line = _layout(g, 0)
    assert line is not None and line.text == "ا لا تزام"


def test_presentation_forms_fold_only_their_ranges():
    text = "ﻻ ﷲ ﬁ ½ ① ＡＢ"
    folded = _FOLD.sub(lambda m: __import__("unicodedata").normalize("NFKC", m.group()), text)
    assert folded == "لا الله fi ½ ① ＡＢ"


def test_english_line_keeps_embedded_arabic():
    line = _layout(_glyphs("the word ﻦﻣﻷﺍ ﺲﻠﺠﻣ means"), 0)
    assert line is not None and not line.rtl and line.text == "the word مجلس الأمن means"


@pytest.mark.parametrize("left,right,keep", [
    ("organi", "zations", False), ("consul", "tations", False), ("Syrian", "led", True), ("UN", "facilitated", True),
    ("de", "escalation", True), ("well", "coordinated", True), ("confidence", "building", True),
    ("self", "rule", True), ("implemen", "tation", False),
])
def test_hyphen_rule(left, right, keep):
    assert _keep_hyphen(left, right, False, {"organizations", "led"}, set()) is keep


def test_hyphen_rule_uses_the_document_words():
    assert _keep_hyphen("north", "east", False, set(), {"north-east"}) is True
    assert _keep_hyphen("peace", "keeping", False, {"peacekeeping"}, set()) is False


# --------------------------------------------------------------------------- hostile PDFs


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def many_pages(n: int, text: bytes = b"1. A clause on every page.") -> bytes:
    """A PDF of ``n`` pages that share one content stream (Helvetica text)."""
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> " \
           b"/Contents 4 0 R >>"
    return _pdf(objects + [page] * n)


def test_generated_pdf_reads():
    extracted = extract_pdf(many_pages(3))
    assert extracted.format == "pdf"
    # the same line at the top of every page is a running header
    assert extracted.text.count("1. A clause on every page.") == 3
    assert set(extracted.hints.values()) == {"page-furniture"}


HOSTILE = [
    ("truncated", lambda: (FORMATS / "samples" / "en-round-01.pdf").read_bytes()[:20000], "truncated"),
    ("encrypted", lambda: (SPECIAL / "encrypted.pdf").read_bytes(), "password"),
    ("scanned", lambda: (SPECIAL / "scanned.pdf").read_bytes(), "no text layer"),
    ("ten-thousand-pages", lambda: many_pages(10_000), "page limit"),
    ("garbage-body", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "PDF"),
    ("no-pages", lambda: _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
     "PDF"),
    ("header-only", lambda: b"%PDF-1.4\n%%EOF\n", "PDF"),
]


@pytest.mark.parametrize("make,says", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_pdf_fails_in_one_line(tmp_path, make, says):
    path = tmp_path / "hostile.pdf"
    path.write_bytes(make())
    start = time.monotonic()
    run = subprocess.run([*CLI, "parse", str(path)], capture_output=True, timeout=120)
    elapsed = time.monotonic() - start
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2, err
    assert "Traceback" not in err and run.stdout == b""
    assert len(err.splitlines()) == 1, err
    assert says.lower() in err.lower() and "hostile.pdf" in err
    assert elapsed < 30


def test_hostile_pdf_raises_input_error_in_process():
    for _, make, _says in HOSTILE:
        with pytest.raises(InputError):
            communique.parse(make())


def test_pdf_that_is_not_readable_names_what_is_read():
    with pytest.raises(InputError) as info:
        communique.parse(SPECIAL / "scanned.pdf")
    assert "OCR" in str(info.value)


def test_sample_text_still_reads_as_text():
    doc = communique.parse(SAMPLES / "en" / "round-01.txt")
    assert doc.info.format == "text"


# --------------------------------------------------------------------------- other layouts, made here


def _fixture_module():
    pytest.importorskip("fpdf")
    pytest.importorskip("uharfbuzz")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FORMATS / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if not Path(mod.FONT).exists():
        pytest.skip("DejaVu Sans is not installed")
    return mod


# (align, space after a paragraph in mm, first-line indent, font size)
LAYOUTS = {
    "ragged-small-gap": ("start", 1.5, False, 11),
    "indent-no-gap": ("start", 0, True, 11),
    "justified-large": ("J", 4, False, 14),
}


@pytest.mark.parametrize("lang,rnd", [("en", "round-03"), ("ar", "round-02")])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_other_layouts_parse_like_the_text(tmp_path, lang, rnd, layout):
    """Paragraphs told apart by a small gap, by a first-line indent alone, or
    in a larger justified type, left- or right-aligned."""
    mod = _fixture_module()
    align, gap, indent, size = LAYOUTS[layout]
    src = SAMPLES / lang / f"{rnd}.txt"
    text = src.read_text(encoding="utf-8")
    rtl = lang == "ar"
    pdf = mod._new_pdf("layout", rtl, "رأس الصفحة" if rtl else "Running head")
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr",
                         **({"script": "arab", "language": "ara"} if rtl else {}))
    pdf.add_page()
    pdf.set_font("dv", size=size)
    for para in mod.paragraphs(text):
        for j, line in enumerate(para):
            pdf.multi_cell(0, size * 0.5, ("    " if indent and j == 0 else "") + line,
                           align=("R" if rtl else "L") if align == "start" else ("R" if rtl else align),
                           new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)
    out = tmp_path / "layout.pdf"
    out.write_bytes(bytes(pdf.output()))
    assert clauses(communique.parse(out)) == clauses(communique.parse(src))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_footnote_at_the_foot_of_a_page_goes_after_the_body(tmp_path, lang):
    """A note in small print at the foot of page 1 while a clause runs on to
    page 2: the clause stays whole, the note is written after the body."""
    mod = _fixture_module()
    src = SAMPLES / lang / "round-01.txt"
    rtl = lang == "ar"
    note = ("1 القرار 2254 (2015) المؤرخ 18 كانون الأول / ديسمبر 2015، الذي اتخذه مجلس الأمن في جلسته 7588."
            if rtl else "1 Resolution 2254 (2015) of 18 December 2015, adopted by the Security Council at its "
            "7588th meeting, on the political process in the Syrian Arab Republic.")

    class WithNote(mod._pdf_class()):  # type: ignore[misc]
        def footer(self) -> None:
            if self.page_no() == 1:
                self.set_y(-40)
                self.set_font("dv", size=8)
                self.multi_cell(0, 4, note, align="R" if rtl else "L")
            super().footer()

    pdf = WithNote(format="A4")
    pdf.add_font("dv", fname=mod.FONT)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=45)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr",
                         **({"script": "arab", "language": "ara"} if rtl else {}))
    pdf.add_page()
    pdf.set_font("dv", size=11)
    for para in mod.paragraphs(src.read_text(encoding="utf-8")):
        for line in para:
            pdf.multi_cell(0, 6, line, align="R" if rtl else "J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    out = tmp_path / "note.pdf"
    out.write_bytes(bytes(pdf.output()))
    extracted = extract_pdf(out.read_bytes())
    notes = [o for o, h in extracted.hints.items() if h == "footnote"]
    assert len(notes) == 1 and extracted.text[notes[0]:].rstrip("\n") == note
    assert clauses(communique.parse(out)) == clauses(communique.parse(src))
