"""The Word (.docx) and OpenDocument (.odt) readers: automatic numbering,
tracked changes, footnotes, tables, and hostile packages."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import communique
from communique.errors import InputError
from communique.readers.docx import docx_versions, extract_docx, format_number
from communique.readers.odt import extract_odt

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SPECIAL = FORMATS / "special"
CLI = [sys.executable, "-m", "communique.cli"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def clauses(doc: communique.Document) -> list[tuple[str, str]]:
    return [(c.path, " ".join(c.text.split())) for c in doc.walk()]


# (fixture, plain-text form, clause paths and labels, headings, meta, warning codes)
TREES = [
    ("numbered.docx", "numbered.txt",
     # the annex's numbering starts again: its clauses are in section §2 (the Annex)
     [("1", "1."), ("2", "2."), ("2.1", "(a)"), ("2.2", "(b)"), ("3", "3."), ("§2:1", "1."), ("§2:2", "2."),
      ("§2:2.1", "(i)"), ("§2:2.2", "(ii)"), ("§2:3", "3.")],
     ["Declaration of the Ministerial Meeting", "Section one", "Annex"],
     {"title": "Declaration of the Ministerial Meeting"}, []),
    ("tracked.docx", "tracked-accepted.txt",
     [("1", "1."), ("2", "2."), ("3", "3."), ("4", "4.")], ["Joint Statement"], {"title": "Joint Statement"},
     ["tracked-changes"]),
    ("ar-footnote.docx", "ar-footnote.txt", [("1", "1-"), ("2", "2-")], ["البيان الختامي"],
     {"title": "البيان الختامي"}, []),
]


@pytest.mark.parametrize("fixture,plain,paths,headings,meta,warnings", TREES, ids=[t[0] for t in TREES])
def test_docx_fixture_tree(fixture, plain, paths, headings, meta, warnings):
    doc = communique.parse(SPECIAL / fixture)
    assert [(c.path, c.label) for c in doc.walk()] == paths
    assert clauses(doc) == clauses(communique.parse(SPECIAL / plain))
    extracted = extract_docx((SPECIAL / fixture).read_bytes())
    assert [extracted.text[o:extracted.text.find("\n", o)] for o, h in sorted(extracted.hints.items())
            if h == "heading"] == headings
    assert extracted.title == headings[0]
    assert dict(extracted.meta) == meta
    assert [w.code for w in doc.warnings if w.code == "tracked-changes"] == warnings
    assert doc.info.format == "docx" and doc.rebuild() == doc.source


def test_numbering_restarts_and_levels():
    """The annex list is a second ``numId`` with a start override: it
    restarts at 1; its sub-items are lower roman; the first list takes its
    numbering from the "List Number" style."""
    text = extract_docx((SPECIAL / "numbered.docx").read_bytes()).text
    lines = text.rstrip("\n").split("\n\n")
    assert lines[2:7] == ["1. The ministers met in Geneva.", "2. They agreed on the following:",
                          "(a) to meet again;", "(b) to report to their governments.", "3. They adopted the annex."]
    assert lines[8:13] == ["1. First item of the annex.", "2. Second item of the annex.",
                           "(i) a detail of the second item;", "(ii) another detail.", "3. Third item of the annex."]


def test_tracked_changes_versions():
    data = (SPECIAL / "tracked.docx").read_bytes()
    original, accepted = docx_versions(data)
    assert original == (SPECIAL / "tracked-original.txt").read_text(encoding="utf-8")
    assert accepted == (SPECIAL / "tracked-accepted.txt").read_text(encoding="utf-8")
    assert accepted == extract_docx(data).text
    # the two versions diff as the rounds they are
    result = communique.diff(communique.parse(text=original), communique.parse(text=accepted))
    kinds = sorted(op.kind for op in result.ops)
    assert "added" in kinds and "modified" in kinds


def test_footnote_and_table():
    extracted = extract_docx((SPECIAL / "ar-footnote.docx").read_bytes())
    text = extracted.text
    assert "2254¹ وبالالتزام" in text
    footnote = next(o for o, h in extracted.hints.items() if h == "footnote")
    assert text[footnote:].startswith("¹ القرار 2254 (2015)")
    assert "إيران\tوفد جمهورية إيران الإسلامية" in text
    doc = communique.parse(SPECIAL / "ar-footnote.docx")
    assert all("القرار 2254 (2015)" not in c.text for c in doc.walk())


@pytest.mark.parametrize("n,fmt,expected", [
    (1, "decimal", "1"), (4, "lowerLetter", "d"), (27, "lowerLetter", "aa"), (9, "upperRoman", "IX"),
    (3, "arabicAbjad", "ج"), (3, "arabicAlpha", "ت"), (5, "arabicAbjad", "هـ"), (12, "hindiNumbers", "١٢"),
    (2, "russianLower", "б"), (7, "decimalZero", "07"), (3, "none", ""),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


# --------------------------------------------------------------------------- small documents built here


def _docx(body: str, numbering: str | None = None, styles: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/"
                   "content-types'/>")
        z.writestr("word/document.xml", f"<w:document xmlns:w='{W}'><w:body>{body}</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering xmlns:w='{W}'>{numbering}</w:numbering>")
        if styles:
            z.writestr("word/styles.xml", f"<w:styles xmlns:w='{W}'>{styles}</w:styles>")
    return buf.getvalue()


def _p(text: str, num: tuple[int, int] | None = None) -> str:
    npr = f"<w:pPr><w:numPr><w:ilvl w:val='{num[1]}'/><w:numId w:val='{num[0]}'/></w:numPr></w:pPr>" if num else ""
    return f"<w:p>{npr}<w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='{start}'/><w:numFmt w:val='{fmt}'/>"
            f"<w:lvlText w:val='{text}'/>{extra}</w:lvl>")


def test_lower_levels_reset_and_multilevel_labels():
    numbering = (f"<w:abstractNum w:abstractNumId='0'>{_lvl(0, 'decimal', '%1.')}{_lvl(1, 'decimal', '%1.%2.')}"
                 "</w:abstractNum><w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>")
    body = "".join([_p("One.", (1, 0)), _p("One one.", (1, 1)), _p("One two.", (1, 1)), _p("Two.", (1, 0)),
                    _p("Two one.", (1, 1))])
    text = extract_docx(_docx(body, numbering)).text
    assert text.rstrip("\n").split("\n\n") == ["1. One.", "1.1. One one.", "1.2. One two.", "2. Two.", "2.1. Two one."]


def test_two_nums_on_one_abstract_continue_unless_overridden():
    numbering = (f"<w:abstractNum w:abstractNumId='0'>{_lvl(0, 'decimal', '%1-')}</w:abstractNum>"
                 "<w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>"
                 "<w:num w:numId='2'><w:abstractNumId w:val='0'/></w:num>"
                 "<w:num w:numId='3'><w:abstractNumId w:val='0'/><w:lvlOverride w:ilvl='0'>"
                 "<w:startOverride w:val='10'/></w:lvlOverride></w:num>")
    body = "".join([_p("a", (1, 0)), _p("b", (2, 0)), _p("c", (3, 0)), _p("d", (3, 0))])
    assert extract_docx(_docx(body, numbering)).text.rstrip("\n").split("\n\n") == ["1- a", "2- b", "10- c", "11- d"]


def test_style_numbering_and_numid_zero():
    styles = ("<w:style w:type='paragraph' w:styleId='Base'><w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr>"
              "</w:style><w:style w:type='paragraph' w:styleId='Child'><w:basedOn w:val='Base'/></w:style>")
    numbering = (f"<w:abstractNum w:abstractNumId='0'>{_lvl(0, 'upperRoman', '%1.')}</w:abstractNum>"
                 "<w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num>")
    child = "<w:p><w:pPr><w:pStyle w:val='Child'/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"
    off = ("<w:p><w:pPr><w:pStyle w:val='Child'/><w:numPr><w:numId w:val='0'/></w:numPr></w:pPr>"
           "<w:r><w:t>not numbered</w:t></w:r></w:p>")
    text = extract_docx(_docx(child.format("First.") + off + child.format("Second."), numbering, styles)).text
    assert text.rstrip("\n").split("\n\n") == ["I. First.", "not numbered", "II. Second."]


def test_runs_breaks_tabs_symbols_and_fields():
    body = ("<w:p><w:r><w:t>1.</w:t></w:r><w:r><w:tab/><w:t>Text</w:t></w:r><w:r><w:br/><w:t>(a) next line"
            "</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:noBreakHyphen/><w:t>x</w:t></w:r>"
            "</w:p>")
    assert extract_docx(_docx(body)).text == "1. Text\n(a) next line-x\n"


def test_deleted_paragraph_mark_merges_paragraphs():
    body = ("<w:p><w:pPr><w:rPr><w:del w:id='1' w:author='A'/></w:rPr></w:pPr><w:r><w:t>1. First half</w:t></w:r>"
            "</w:p><w:p><w:r><w:t xml:space='preserve'> and second half.</w:t></w:r></w:p>")
    original, accepted = docx_versions(_docx(body))
    assert accepted == "1. First half and second half.\n"
    assert original == "1. First half\n\nand second half.\n"


# --------------------------------------------------------------------------- hostile packages


def _too_many_members() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f"<w:document xmlns:w='{W}'><w:body/></w:document>")
        for i in range(2500):
            z.writestr(f"word/media/{i}.bin", b"")
    return buf.getvalue()


def _lying_sizes() -> bytes:
    """A member whose headers declare 100 bytes but that inflates to 30 MB:
    inflation stops at the declared size (the check of its CRC then fails)."""
    data = bytearray(_docx(_p("1. A clause.")))
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document xmlns:w='" + W.encode() + b"'><w:body>"
                   + b" " * (30 << 20) + b"</w:body></w:document>")
    raw = bytearray(big.getvalue())
    del data
    # patch the uncompressed size of document.xml in the central directory and the local header to 100
    name = b"word/document.xml"
    for sig, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        k = 0
        while True:
            k = raw.find(sig, k)
            if k < 0:
                break
            name_at = k + (46 if sig == b"PK\x01\x02" else 30)
            if raw[name_at:name_at + len(name)] == name:
                raw[k + size_at:k + size_at + 4] = (100).to_bytes(4, "little")
            k += 4
    return bytes(raw)


HOSTILE = [
    ("xxe", lambda: (SPECIAL / "xxe.docx").read_bytes(), "entities"),
    ("zip-bomb", lambda: (SPECIAL / "bomb.docx").read_bytes(), "zip bomb"),
    ("lying-sizes", _lying_sizes, "damaged"),
    ("too-many-parts", _too_many_members, "part limit"),
    ("truncated", lambda: (FORMATS / "samples" / "en-round-01.docx").read_bytes()[:1500], "damaged or truncated"),
    ("no-document-part", lambda: _zip({"word/other.xml": b"<x/>"}), "docx"),
    ("malformed-xml", lambda: _zip({"word/document.xml": b"<w:document><w:body><w:p>"}), "malformed"),
    ("encrypted-office", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("make,says", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_docx_fails_in_one_line(tmp_path, make, says):
    path = tmp_path / "hostile.docx"
    path.write_bytes(make())
    start = time.monotonic()
    run = subprocess.run([*CLI, "parse", str(path)], capture_output=True, timeout=120)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2, err
    assert "Traceback" not in err and run.stdout == b""
    assert len(err.splitlines()) == 1, err
    assert says.lower() in err.lower() and "hostile.docx" in err
    assert time.monotonic() - start < 30


def test_hostile_docx_in_process():
    for _, make, _says in HOSTILE:
        with pytest.raises(InputError):
            communique.parse(make())


def test_plain_zip_names_what_is_read():
    with pytest.raises(InputError) as info:
        communique.parse(_zip({"readme.txt": b"hello"}))
    message = str(info.value)
    assert "ZIP archive" in message and "PDF" in message and "Word .docx" in message


# --------------------------------------------------------------------------- OpenDocument


def test_odt_sample_labels():
    extracted = extract_odt((FORMATS / "samples" / "ar-round-03.odt").read_bytes())
    assert extracted.format == "odt"
    assert "\n\n١- أكد المشاركون" in extracted.text and "\n\nأ- مشاريع التعافي" in extracted.text
    assert extracted.meta["title"].startswith("البيان الختامي")
    english = extract_odt((FORMATS / "samples" / "en-round-01.odt").read_bytes()).text
    assert "\n\n6. Expressed grave concern" in english and "\n\n(a) early recovery" in english
    assert "\n\n8. Emphasized" in english  # the continuation paragraph inside item 7 does not break the count
