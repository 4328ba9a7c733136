"""Input handling: encodings, undecodable bytes, binary input, HTML pages, TEI
and unsafe XML.  Fixtures derived from a seed page are built at test time."""

from __future__ import annotations

import codecs
import hashlib
import html
from pathlib import Path

import pytest
import regex

import communique
from communique.errors import InputError

from .conftest import SAMPLES, seed

_MARKER_LINE = regex.compile(r"^\s*(\d+)\s*-\s*")


def squash(text: str) -> str:
    return " ".join(text.split())


def tree(doc: communique.Document) -> list[tuple]:
    return [(c.path, c.value, squash(c.text), tuple(squash(p.text) for p in c.paragraphs)) for c in doc.walk()]


def codec(name: str | None) -> str | None:
    return codecs.lookup(name).name if name else None


@pytest.fixture(scope="module")
def seed0() -> str:
    return seed("000").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- encodings

# (id, encode the text, expected encoding)
ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf-8-bom", lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16-le-bom", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le", lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ("cp1256", lambda t: t.encode("cp1256"), "cp1256"),
    ("iso-8859-6", lambda t: t.encode("iso8859-6"), "iso8859-6"),
]

# ISO-8859-6 has no curly quotes; the seed's two are written straight there.
_ISO_SAFE = str.maketrans({"“": '"', "”": '"'})


@pytest.mark.parametrize("encode,expected", [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS])
def test_seed_000_in_every_encoding(seed0, tmp_path, encode, expected):
    text = seed0.translate(_ISO_SAFE) if expected == "iso8859-6" else seed0
    base = communique.parse(text=text)
    assert len(base.clauses) == 6
    data = encode(text)
    path = tmp_path / "statement.txt"
    path.write_bytes(data)
    for doc in (communique.parse(data), communique.parse(path)):
        assert codec(doc.info.encoding) == codec(expected)
        assert tree(doc) == tree(base)
        assert [c.text for c in doc.walk()] == [c.text for c in base.walk()]
        assert doc.warnings == base.warnings
        assert doc.info.bytes == len(data) and doc.info.format == "text"
        assert doc.rebuild() == doc.source


SHORT_AR = "1- يؤكد المشاركون التزامهم بوحدة الأراضي وسلامتها.\n2- يدعو الطرفان إلى وقف فوري لإطلاق النار.\n"


@pytest.mark.parametrize("encode,expected", [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS])
def test_short_statement_in_every_encoding(encode, expected):
    # short BOM-less UTF-16 Arabic is valid UTF-8; cp1256 decodes every byte
    doc = communique.parse(encode(SHORT_AR))
    assert codec(doc.info.encoding) == codec(expected)
    assert [c.text for c in doc.clauses] == [line[3:] for line in SHORT_AR.splitlines()]


@pytest.mark.parametrize("declared", ["unicode_escape", "raw-unicode-escape", "punycode", "utf-7", "base64",
                                      "no-such-charset"])
def test_a_declared_charset_that_is_no_character_set_is_ignored(declared):
    """A page declaring a Python codec that is no character set gets the
    bytes detected instead: backslashes stay backslashes."""
    page = (f'<html><head><meta charset="{declared}"></head><body><ol>'
            r"<li>The parties agreed on C:\new\path and \u0041 as written.</li>"
            "<li>يؤكد المشاركون التزامهم بوحدة الأراضي.</li></ol></body></html>")
    doc = communique.parse(page.encode("utf-8"))
    assert doc.info.encoding == "utf-8"
    assert r"C:\new\path and \u0041" in doc.clauses[0].text
    assert doc.clauses[1].text.startswith("يؤكد")


def test_cp1256_sample_matches_utf8_sample():
    a = communique.parse(SAMPLES / "ar" / "round-01.cp1256.txt")
    b = communique.parse(SAMPLES / "ar" / "round-01.txt")
    assert a.info.encoding == "cp1256" and b.info.encoding == "utf-8"
    assert tree(a) == tree(b) and a.meta == b.meta


# --------------------------------------------------------------------------- undecodable bytes


def _insert(data: bytes, junk: bytes, after: int) -> tuple[bytes, int]:
    """Put ``junk`` at the first line break at or after ``after``."""
    k = data.index(b"\n", after) + 1
    return data[:k] + junk + data[k:], k


# (id, encode, junk, expected encoding, extra offset before the body)
BROKEN = [
    ("utf-8-stray-ff", lambda t: t.encode("utf-8"), b"\xff", "utf-8", 0),
    ("utf-8-truncated-sequence", lambda t: t.encode("utf-8"), b"\xd8", "utf-8", 0),
    ("utf-8-bom-stray-byte", lambda t: t.encode("utf-8-sig"), b"\xfe", "utf-8-sig", 0),
    ("iso-8859-6-undefined-byte", lambda t: t.translate(_ISO_SAFE).encode("iso8859-6"), b"\xa1", "iso8859-6", 0),
]


@pytest.mark.parametrize("encode,junk,expected,_", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_undecodable_bytes_are_replaced_with_a_warning(seed0, encode, junk, expected, _):
    data, offset = _insert(encode(seed0), junk, 600)
    doc = communique.parse(data)
    assert codec(doc.info.encoding) == codec(expected)
    (warning,) = [w for w in doc.warnings if w.code == "decode-replaced"]
    assert f"offset {offset}" in warning.message
    assert "\ufffd" in doc.source
    assert len(doc.clauses) == 6  # the statement still parses
    assert doc.rebuild() == doc.source


def test_utf16_with_an_odd_trailing_byte(seed0):
    data = codecs.BOM_UTF16_LE + seed0.encode("utf-16-le") + b"\x41"
    doc = communique.parse(data)
    assert doc.info.encoding == "utf-16-le"
    (warning,) = doc.warnings
    assert warning.code == "decode-replaced" and f"offset {len(data) - 1}" in warning.message
    assert len(doc.clauses) == 6


def test_clean_input_has_no_decode_warning(seed0):
    assert not [w for w in communique.parse(seed0.encode()).warnings if w.code == "decode-replaced"]


# --------------------------------------------------------------------------- refused input

BAD_BYTES = [
    ("empty", b""),
    ("nul-bytes", b"1- abc\x00def ghi\n2- jkl\x00 mno\n"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00"),
    ("gif", b"GIF89a\x01\x00\x01\x00"),
    ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00"),
    ("whitespace", b" \n\t\r\n  \n"),
]


@pytest.mark.parametrize("data", [b[1] for b in BAD_BYTES], ids=[b[0] for b in BAD_BYTES])
def test_refused_bytes(data):
    with pytest.raises(InputError):
        communique.parse(data)


XML_BAD = [
    ("entity-bomb-tei",
     '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
     "<p>1- &c;</p><p>2- &c;</p></body></text></TEI>\n", "entities"),
    ("entity-bomb-other-root",
     '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x><p>&b;</p><p>&b;</p></x>', "entities"),
    ("external-entity",
     '<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
     '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&ext;</p></body></text></TEI>', "entities"),
    ("malformed-tei",
     '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>1- unclosed',
     "malformed"),
    ("tei-without-body",
     '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>', "body"),
    ("xml-that-is-not-tei",
     '<?xml version="1.0"?><report><item>1- first clause of a report</item></report>', "not a TEI"),
]


@pytest.mark.parametrize("text,says", [x[1:] for x in XML_BAD], ids=[x[0] for x in XML_BAD])
def test_unsafe_or_malformed_xml_is_refused(text, says):
    for source in ({"text": text}, {"source": text.encode("utf-8")}):
        with pytest.raises(InputError) as info:
            communique.parse(**source)
        message = str(info.value)
        assert says in message and "\n" not in message


def test_tei_input():
    tei = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        "<titleStmt><title>Joint statement of the talks</title></titleStmt></fileDesc></teiHeader>"
        "<text><body><head>Joint statement of the talks</head><p>The participants:</p>"
        '<div type="clause" n="1"><p>Reaffirmed their commitment to a negotiated settlement.</p></div>'
        '<div type="clause" n="2"><p>Called for an immediate halt to all hostilities.</p>'
        "<p>They noted the work of the committee in detail.</p></div></body></text></TEI>\n"
    )
    doc = communique.parse(tei.encode("utf-8"))
    assert (doc.info.format, doc.info.spans) == ("tei", "extracted-text")
    assert tree(doc) == [
        ("1", 1, "Reaffirmed their commitment to a negotiated settlement.", ()),
        ("2", 2, "Called for an immediate halt to all hostilities.",
         ("They noted the work of the committee in detail.",)),
    ]
    assert doc.meta.title == "Joint statement of the talks"


# --------------------------------------------------------------------------- HTML: the seed-000 page


def seed_page(source: str, mode: str = "typed", charset: str = "utf-8") -> str:
    """The seed-000 statement as a news page: header with nav, the article,
    a read-also aside, a comment form, a script holding numbered lines, a
    footer.  ``mode`` "typed" keeps the numbers in <p>; "list" puts the
    clauses in an <ol> with no typed numbers, continuation paragraphs in the
    same <li>."""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    head = next(i for i, line in enumerate(lines) if lines.count(line) == 1 and len(line.split()) >= 4)
    first = next(i for i, line in enumerate(lines) if _MARKER_LINE.match(line))
    esc = html.escape
    header = "".join(f"<div class='staff'>{esc(line)}</div>" for line in lines[:head])
    intro = "".join(f"<p>{esc(line)}</p>" for line in lines[head + 1:first])
    if mode == "typed":
        body = "".join(f"<p>{esc(line)}</p>" for line in lines[first:])
    else:
        items: list[list[str]] = []
        for line in lines[first:]:
            m = _MARKER_LINE.match(line)
            if m:
                items.append([line[m.end():]])
            else:
                items[-1].append(line)
        body = "<ol>" + "".join(
            "<li>" + "".join(f"<p>{esc(p)}</p>" for p in item) + "</li>" for item in items) + "</ol>"
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{esc(lines[head])}</title>
<style>li::before {{ content: "1- "; }}</style></head>
<body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav>{header}</header>
<main><article><h1>{esc(lines[head])}</h1>{intro}{body}</article>
<aside><h3>اقرأ أيضا</h3><ul>
<li><a href="/n/1">افتتاح معرض للكتاب في العاصمة بمشاركة واسعة</a></li>
<li><a href="/n/2">ارتفاع أسعار الخضار في الأسواق المحلية هذا الأسبوع</a></li>
<li><a href="/n/3">فوز الفريق المحلي في مباراة الأمس بهدفين نظيفين</a></li>
</ul></aside>
<form action="/comment" method="post"><label>الاسم *</label><input name="name">
<label>البريد الإلكتروني *</label><input name="mail"><label>التعليق *</label><textarea name="body"></textarea>
<button>إرسال</button></form>
<script>var teaser = "1- بند مزيف في الشيفرة لا يجوز أن يصبح بنداً";
var more = "2- بند مزيف آخر في الشيفرة";</script>
</main>
<footer><p>جميع الحقوق محفوظة للموقع 2023 ©</p></footer>
</body></html>
"""


@pytest.mark.parametrize("mode", ["typed", "list"])
@pytest.mark.parametrize("charset,encoding", [("utf-8", "utf-8"), ("windows-1256", "cp1256")])
def test_seed_000_as_html_page(seed0, tmp_path, mode, charset, encoding):
    base = communique.parse(text=seed0)
    page = seed_page(seed0, mode, charset)
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    doc = communique.parse(path)
    assert (doc.info.format, doc.info.spans, codec(doc.info.encoding)) == ("html", "extracted-text", codec(encoding))
    assert tree(doc) == tree(base)
    assert [c.value for c in doc.clauses] == [1, 2, 3, 4, 5, 6]
    assert doc.meta.round == 20 and doc.meta.language == "ar"
    assert doc.meta.title == base.meta.title
    # the script never reaches the text; the page parts are not clauses
    assert "بند مزيف" not in doc.source
    texts = {squash(c.text) for c in doc.walk()} | {squash(p.text) for c in doc.walk() for p in c.paragraphs}
    for part in ("الرئيسية", "اقرأ أيضا", "افتتاح معرض", "الاسم *", "جميع الحقوق"):
        assert not any(part in t for t in texts)
    closing = {squash(b.text): b.kind for b in doc.closing}
    assert closing["جميع الحقوق محفوظة للموقع 2023 ©"] == "boilerplate"
    assert all(kind == "boilerplate" for text, kind in closing.items() if "افتتاح" in text or "*" in text)
    assert doc.rebuild() == doc.source


# --------------------------------------------------------------------------- HTML: the sample page


def test_sample_html_page_matches_text_sample():
    page = communique.parse(SAMPLES / "html" / "round-12.html")
    text = communique.parse(SAMPLES / "en" / "round-02.txt")
    assert (page.info.format, page.info.spans, page.info.encoding) == ("html", "extracted-text", "utf-8")
    assert (text.info.format, text.info.spans) == ("text", "decoded-text")
    assert tree(page) == tree(text)
    assert [(c.path, c.label, c.marker.style) for c in page.clauses[6].children] == [
        ("7.1", "(a)", "latin-lower"), ("7.2", "(b)", "latin-lower"), ("7.3", "(c)", "latin-lower")]
    assert [c.marker.style for c in page.clauses] == ["western"] * 11
    assert "fake clause" not in page.source
    assert page.meta.round == text.meta.round == 12
    assert page.meta.date == text.meta.date == "2024-06-20"
    assert page.closing[0].text == text.closing[0].text
    assert page.meta.title.startswith("Astana guarantors")


FIRST, SECOND, THIRD = ("First clause of the statement here.", "Second clause of the statement here.",
                        "Third clause of the statement here.")

# (id, HTML body, expected (path, label, value, style, text))
HTML_LISTS = [
    ("ol-default", f"<ol><li>{FIRST}</li><li>{SECOND}</li></ol>",
     [("1", "1.", 1, "western", FIRST), ("2", "2.", 2, "western", SECOND)]),
    ("ol-start", f"<ol start='4'><li>{FIRST}</li><li>{SECOND}</li></ol>",
     [("4", "4.", 4, "western", FIRST), ("5", "5.", 5, "western", SECOND)]),
    ("li-value", f"<ol><li>{FIRST}</li><li value='3'>{SECOND}</li><li>{THIRD}</li></ol>",
     [("1", "1.", 1, "western", FIRST), ("3", "3.", 3, "western", SECOND), ("4", "4.", 4, "western", THIRD)]),
    ("ol-type-upper-roman", f"<ol type='I'><li>{FIRST}</li><li>{SECOND}</li></ol>",
     [("1", "I.", 1, "roman-upper", FIRST), ("2", "II.", 2, "roman-upper", SECOND)]),
    ("ol-type-upper-letters", f"<ol type='A'><li>{FIRST}</li><li>{SECOND}</li></ol>",
     [("1", "A.", 1, "latin-upper", FIRST), ("2", "B.", 2, "latin-upper", SECOND)]),
    ("typed-numbers-not-doubled", f"<ol><li>1- {FIRST}</li><li>2- {SECOND}</li></ol>",
     [("1", "1-", 1, "western", FIRST), ("2", "2-", 2, "western", SECOND)]),
    ("nested-roman",
     f"<ol><li>{FIRST[:-1]}:<ol type='i'><li>one sub-item;</li><li>another sub-item.</li></ol></li>"
     f"<li>{SECOND}</li></ol>",
     [("1", "1.", 1, "western", FIRST[:-1] + ":"), ("1.1", "(i)", 1, "roman-lower", "one sub-item;"),
      ("1.2", "(ii)", 2, "roman-lower", "another sub-item."), ("2", "2.", 2, "western", SECOND)]),
    ("number-before-a-paragraph",
     f"<ol><li><p>{FIRST}</p><p>It goes on in a second paragraph.</p></li><li><p>{SECOND}</p></li></ol>",
     [("1", "1.", 1, "western", FIRST), ("2", "2.", 2, "western", SECOND)]),
    ("inline-markup-keeps-spaces",
     "<ol><li>First <b>clause</b> of the <a href='#'>statement</a> here.</li>"
     "<li>Second clause of the <i>statement</i>\n  here.</li></ol>",
     [("1", "1.", 1, "western", FIRST), ("2", "2.", 2, "western", SECOND)]),
    ("nbsp-entity-after-typed-number", f"<p>1-&nbsp;{FIRST}</p><p>2-&nbsp;{SECOND}</p>",
     [("1", "1-", 1, "western", FIRST), ("2", "2-", 2, "western", SECOND)]),
]


@pytest.mark.parametrize("body,expected", [h[1:] for h in HTML_LISTS], ids=[h[0] for h in HTML_LISTS])
def test_html_lists(body, expected):
    page = f"<html><body><h1>Joint statement of the talks</h1><p>The participants:</p>{body}</body></html>"
    doc = communique.parse(text=page)
    assert [(c.path, c.label, c.value, c.marker.style, c.text) for c in doc.walk()] == expected
    assert doc.rebuild() == doc.source


def test_html_item_paragraphs_stay_with_their_item():
    doc = communique.parse(text=f"<ol><li><p>{FIRST}</p><p>It goes on in a second paragraph.</p></li>"
                           f"<li><p>{SECOND}</p></li></ol>")
    assert [p.text for p in doc.clauses[0].paragraphs] == ["It goes on in a second paragraph."]
    assert doc.clauses[1].paragraphs == ()


def test_html_file_name_and_hash(tmp_path):
    path: Path = tmp_path / "page.htm"
    data = b"<html><body><ol><li>First clause of the statement here.</li><li>Second one here.</li></ol></body></html>"
    path.write_bytes(data)
    doc = communique.parse(path)
    assert doc.info.name == str(path) and doc.info.bytes == len(data)
    assert doc.info.sha256 == hashlib.sha256(data).hexdigest()
