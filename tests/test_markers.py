"""Clause markers, nesting and numbering, as tables of small cases.

Every case is an input text built from the table row and the tree it must
parse into: ``(path, label, value, style)`` for every clause in reading
order, and the clause texts.  All sentences are written for these tests.
"""

from __future__ import annotations

import itertools
import textwrap

import pytest

import communique
from communique.structure.grammar import split_lines

# Distinct sentences: identical lines would be page furniture (repeated lines).
AR = [
    "يؤكد المشاركون التزامهم بوحدة الأراضي وسلامتها.",
    "يدعو الطرفان إلى وقف فوري لإطلاق النار في المنطقة.",
    "يرحب المجتمعون بالجهود الإنسانية التي تبذلها الوكالات الدولية.",
    "يشدد الوفدان على أهمية استمرار الحوار بين الجانبين.",
    "تعرب الدول الضامنة عن قلقها من تدهور الوضع المعيشي.",
    "يتفق الحاضرون على عقد اللقاء المقبل في العاصمة.",
    "يطالب البيان بتسهيل عودة النازحين إلى قراهم بأمان.",
    "يثمن المشاركون دور اللجنة الفنية في متابعة التنفيذ.",
    "تدين الأطراف كل أشكال العنف ضد المدنيين العزل.",
    "يوصي الاجتماع بتشكيل فريق عمل لمراجعة الخرائط.",
    "يجدد الحضور دعمهم لمسار التسوية السلمية الشاملة.",
    "يلاحظ الوفود تحسنا نسبيا في إيصال المساعدات الغذائية.",
]
EN = [
    "The parties reaffirmed their commitment to a negotiated settlement.",
    "The parties called for an immediate halt to all hostilities.",
    "The parties welcomed the reopening of two border crossings.",
    "The parties agreed to exchange lists of detained persons.",
    "The parties noted the work of the joint technical committee.",
    "The parties thanked the host country for its hospitality.",
    "The parties will meet again before the end of the year.",
]


def make(markers: list[str], line: str = "{m} {t}", sep: str = "\n\n", sentences: list[str] = AR) -> str:
    return sep.join(line.format(m=m, t=sentences[i]) for i, m in enumerate(markers)) + "\n"


def rows(doc: communique.Document) -> list[tuple]:
    return [(c.path, c.label, c.value, c.marker.style if c.marker else None) for c in doc.walk()]


def texts(doc: communique.Document) -> list[str]:
    return [c.text for c in doc.walk()]


# --------------------------------------------------------------------------- one level

# (id, markers as written, expected values, expected style[, line format])
FLAT = [
    # digits with every delimiter
    ("dash", ["1-", "2-", "3-"], [1, 2, 3], "western"),
    ("dot", ["1.", "2.", "3."], [1, 2, 3], "western"),
    ("paren-close", ["1)", "2)", "3)"], [1, 2, 3], "western"),
    ("colon", ["1:", "2:", "3:"], [1, 2, 3], "western"),
    ("spaced-dash", ["1 -", "2 -", "3 -"], [1, 2, 3], "western"),
    ("un-house-style-from-4", ["4 -", "5 -", "6 -"], [4, 5, 6], "western"),
    ("en-dash", ["1 –", "2 –", "3 –"], [1, 2, 3], "western"),
    ("em-dash", ["1 —", "2 —", "3 —"], [1, 2, 3], "western"),
    ("minus-sign", ["1\u2212", "2\u2212", "3\u2212"], [1, 2, 3], "western"),
    ("tatweel-as-dash", ["1ـ", "2ـ", "3ـ"], [1, 2, 3], "western"),
    ("parenthesised", ["(1)", "(2)", "(3)"], [1, 2, 3], "western"),
    ("two-digit", ["9-", "10-", "11-"], [9, 10, 11], "western"),
    ("arabic-indic-dash", ["١-", "٢-", "٣-"], [1, 2, 3], "arabic-indic"),
    ("arabic-indic-spaced", ["١ -", "٢ -", "٣ -"], [1, 2, 3], "arabic-indic"),
    ("arabic-indic-paren", ["(١)", "(٢)", "(٣)"], [1, 2, 3], "arabic-indic"),
    ("arabic-indic-two-digit", ["٩-", "١٠-", "١١-"], [9, 10, 11], "arabic-indic"),
    ("persian-dot", ["۱.", "۲.", "۳."], [1, 2, 3], "persian"),
    # how the marker meets its text
    ("glued-to-text", ["1-", "2-", "3-"], [1, 2, 3], "western", "{m}{t}"),
    ("paren-glued-to-text", ["(أ)", "(ب)", "(ج)"], [1, 2, 3], "arabic-letter", "{m}{t}"),
    ("nbsp-after-marker", ["1-", "2-", "3-"], [1, 2, 3], "western", "{m}\u00a0 {t}"),
    ("rlm-before-marker", ["1-", "2-", "3-"], [1, 2, 3], "western", "\u200f{m} {t}"),
    ("indented", ["1.", "2.", "3."], [1, 2, 3], "western", "   {m} {t}"),
    # ordinal words: three tanween spellings, optional ال, tens
    ("ordinal-alef-fathatan", ["أولاً:", "ثانياً:", "ثالثاً:"], [1, 2, 3], "ordinal"),
    ("ordinal-fathatan-alef", ["أولًا:", "ثانيًا:", "ثالثًا:"], [1, 2, 3], "ordinal"),
    ("ordinal-no-tanween-dash", ["أولا -", "ثانيا -", "ثالثا -"], [1, 2, 3], "ordinal"),
    ("ordinal-bare-alef", ["اولاً:", "ثانياً:", "ثالثاً:"], [1, 2, 3], "ordinal"),
    ("ordinal-article", ["الأول:", "الثاني:", "الثالث:"], [1, 2, 3], "ordinal"),
    ("ordinal-dot", ["أولاً.", "ثانياً.", "ثالثاً."], [1, 2, 3], "ordinal"),
    ("ordinal-4-to-10", ["رابعاً:", "خامساً:", "سادساً:", "سابعاً:", "ثامناً:", "تاسعاً:", "عاشراً:"],
     [4, 5, 6, 7, 8, 9, 10], "ordinal"),
    ("ordinal-10-to-12", ["عاشراً:", "الحادي عشر:", "الثاني عشر:"], [10, 11, 12], "ordinal"),
    ("ordinal-teens-bare", ["حادي عشر -", "ثاني عشر -", "ثالث عشر -"], [11, 12, 13], "ordinal"),
    ("ordinal-twenty-article", ["الثامن عشر:", "التاسع عشر:", "العشرون:"], [18, 19, 20], "ordinal"),
    ("ordinal-twenty-bare", ["ثامن عشر -", "تاسع عشر -", "عشرون -"], [18, 19, 20], "ordinal"),
    # Latin letters
    ("latin-paren", ["(a)", "(b)", "(c)"], [1, 2, 3], "latin-lower"),
    ("latin-close", ["a)", "b)", "c)"], [1, 2, 3], "latin-lower"),
    ("latin-dot", ["a.", "b.", "c."], [1, 2, 3], "latin-lower"),
    ("latin-upper-dot", ["A.", "B.", "C."], [1, 2, 3], "latin-upper"),
    ("latin-upper-paren", ["(A)", "(B)", "(C)"], [1, 2, 3], "latin-upper"),
    # Arabic letters
    ("arabic-letter-dash", ["أ-", "ب-", "ج-"], [1, 2, 3], "arabic-letter"),
    ("arabic-letter-close", ["أ)", "ب)", "ج)"], [1, 2, 3], "arabic-letter"),
    ("arabic-letter-dot", ["أ.", "ب.", "ج."], [1, 2, 3], "arabic-letter"),
    ("arabic-letter-plain-alef", ["ا-", "ب-", "ج-"], [1, 2, 3], "arabic-letter"),
    ("arabic-letter-paren-to-heh", ["(أ)", "(ب)", "(ج)", "(د)", "(هـ)"], [1, 2, 3, 4, 5], "arabic-letter"),
    ("heh-with-tatweel", ["أ-", "ب-", "ج-", "د-", "هـ-"], [1, 2, 3, 4, 5], "arabic-letter"),
    ("heh-with-zwj", ["أ-", "ب-", "ج-", "د-", "ه\u200d-"], [1, 2, 3, 4, 5], "arabic-letter"),
    ("heh-bare", ["أ-", "ب-", "ج-", "د-", "ه-"], [1, 2, 3, 4, 5], "arabic-letter"),
    # UN section letters (names), stretched with tatweel
    ("letter-names", ["ألف -", "باء -", "جيم -", "دال -"], [1, 2, 3, 4], "arabic-letter"),
    ("letter-names-stretched", ["ألف -", "بـــاء -", "جـيـم -"], [1, 2, 3], "arabic-letter"),
    ("letter-names-glued", ["ألف-", "باء-", "جيم-"], [1, 2, 3], "arabic-letter"),
    # abjad vs hijā'ī: the third item tells them apart
    ("abjad-order", ["أ-", "ب-", "ج-", "د-", "ه-", "و-", "ز-", "ح-", "ط-", "ي-", "ك-"],
     list(range(1, 12)), "arabic-letter"),
    ("hijai-order", ["أ-", "ب-", "ت-", "ث-", "ج-", "ح-", "خ-"], list(range(1, 8)), "arabic-letter"),
    # roman numerals
    ("roman-dot", ["i.", "ii.", "iii.", "iv."], [1, 2, 3, 4], "roman-lower"),
    ("roman-paren", ["(i)", "(ii)", "(iii)", "(iv)", "(v)"], [1, 2, 3, 4, 5], "roman-lower"),
    ("roman-upper", ["I.", "II.", "III.", "IV."], [1, 2, 3, 4], "roman-upper"),
    ("roman-upper-paren-9", ["(IX)", "(X)", "(XI)"], [9, 10, 11], "roman-upper"),
    # i, v, x are letters when the letters lead up to them
    ("i-after-h-is-a-letter", ["(f)", "(g)", "(h)", "(i)", "(j)"], [6, 7, 8, 9, 10], "latin-lower"),
    ("v-and-x-after-u-are-letters", ["(t)", "(u)", "(v)", "(w)", "(x)"], [20, 21, 22, 23, 24], "latin-lower"),
]


@pytest.mark.parametrize("case", FLAT, ids=[c[0] for c in FLAT])
def test_flat_marker_forms(case):
    _id, markers, values, style, *fmt = case
    doc = communique.parse(text=make(markers, *fmt))
    assert rows(doc) == [(str(v), m, v, style) for m, v in zip(markers, values, strict=True)]
    assert texts(doc) == AR[:len(markers)]
    assert not doc.prose and doc.warnings == ()
    for clause in doc.walk():
        assert doc.source[slice(*clause.marker.span)] == clause.label
        assert doc.source[slice(*clause.text_span)] == clause.text
    assert doc.rebuild() == doc.source


# (id, separator between clause lines, prefix of each line)
LINE_BREAKS = [
    ("lf", "\n", ""), ("crlf", "\r\n\r\n", ""), ("cr", "\r", ""), ("line-separator", "\u2028", ""),
    ("paragraph-separator", "\u2029", ""), ("bom-mid-file", "\n", "\ufeff"), ("tab-indent", "\n", "\t"),
]


@pytest.mark.parametrize("sep,prefix", [b[1:] for b in LINE_BREAKS], ids=[b[0] for b in LINE_BREAKS])
def test_line_breaks(sep, prefix):
    source = sep.join(f"{prefix}{n}- {AR[n - 1]}" for n in (1, 2, 3)) + sep
    doc = communique.parse(text=source)
    assert rows(doc) == [("1", "1-", 1, "western"), ("2", "2-", 2, "western"), ("3", "3-", 3, "western")]
    assert texts(doc) == AR[:3]
    assert doc.rebuild() == source


def test_line_tail_covers_the_grammar_blanks():
    """The callbacks find a line's first break past the line stripped of
    grammar._TAIL: that holds only while _TAIL has every character the
    grammar's blank lines (_BLANK) and breaks may hold."""
    import regex

    from communique.structure import grammar

    blank = regex.search(r"^_BLANK: /(.*)/\s*$", grammar.grammar_text(), regex.M)
    assert blank is not None
    pattern = regex.compile(blank.group(1))
    missing = [hex(c) for c in range(0x10000) if pattern.fullmatch(chr(c)) and chr(c) not in grammar._TAIL]
    assert not missing
    assert set(grammar.LINE_BREAKS) <= set(grammar._TAIL)


@pytest.mark.parametrize("tail", ["\n", "\n\n", "\n\n\n", " \n\n", "\u200f\n\n", "\r\n\r\n", "\n \n", "\n\u2028\n"])
def test_lines_and_blank_lines_tile_the_text(tail):
    """Each line ends at a line break and the next starts right after it,
    whatever white space and blank lines follow a clause."""
    source = "".join(f"{n}- {AR[n - 1]}{tail}" for n in (1, 2, 3))
    lines = split_lines(source)
    assert lines[0].start == 0
    for a, b in itertools.pairwise(lines):
        assert source[a.end:b.start] in ("\n", "\r\n", "\u2028")
    assert [(ln.candidate.raw, source[ln.text_start:ln.end].rstrip(" \u200f")) for ln in lines if ln.candidate] \
        == [(f"{n}-", AR[n - 1]) for n in (1, 2, 3)]
    assert communique.parse(text=source).rebuild() == source


BULLETS = ["•", "▪", "-", "*", "■", "●", "◆", "❖", "◄"]


@pytest.mark.parametrize("bullet", BULLETS)
def test_top_level_bullets(bullet):
    doc = communique.parse(text=make([bullet] * 3))
    assert rows(doc) == [("•1", bullet, None, "bullet"), ("•2", bullet, None, "bullet"),
                         ("•3", bullet, None, "bullet")]
    assert texts(doc) == AR[:3]


# --------------------------------------------------------------------------- line-level candidates

# (line, kind, raw, readings): what a single line's marker *could* mean
CANDIDATES = [
    ("1- نص", "NUM", "1-", ((("num", "-"), 1),)),
    ("١٢ - نص", "NUM", "١٢ -", ((("num", "-"), 12),)),
    ("(٣) نص", "PAREN_NUM", "(٣)", ((("num", "()"), 3),)),
    ("3.1 نص", "DOTTED", "3.1", ((("dotted", (3,)), 1),)),
    ("٣٫٢ نص", "DOTTED", "٣٫٢", ((("dotted", (3,)), 2),)),
    ("ثالثاً: نص", "ORDINAL", "ثالثاً:", ((("ordinal", ""), 3),)),
    ("(i) text", "ROMAN", "(i)", ((("roman-lower", "()"), 1), (("latin-lower", "()"), 9))),
    ("(iv) text", "ROMAN", "(iv)", ((("roman-lower", "()"), 4),)),
    ("X. text", "ROMAN", "X.", ((("roman-upper", "."), 10), (("latin-upper", "."), 24))),
    ("(b) text", "LATIN", "(b)", ((("latin-lower", "()"), 2),)),
    ("ج- نص", "ARABIC_LETTER", "ج-", ((("arabic-abjad", "-"), 3), (("arabic-hijai", "-"), 5))),
    ("ت- نص", "ARABIC_LETTER", "ت-", ((("arabic-abjad", "-"), 22), (("arabic-hijai", "-"), 3))),
    ("بـــاء - نص", "ARABIC_LETTER", "بـــاء -", ((("arabic-section", "-"), 2),)),
    ("• نص", "BULLET", "•", ((("bullet", "•"), None),)),
]


@pytest.mark.parametrize("line,kind,raw,readings", CANDIDATES, ids=[c[2] for c in CANDIDATES])
def test_line_candidates(line, kind, raw, readings):
    (ln,) = split_lines(line)
    cand = ln.candidate
    assert (cand.kind, cand.raw, cand.readings) == (kind, raw, readings)
    assert line[cand.start:cand.end] == raw
    assert line[ln.text_start:ln.end].strip() == line[len(raw):].strip()


# Lines that open with something number-like that is not a marker.
NOT_MARKERS = [
    "1-2 من الشهر المقبل",
    "3.5% نسبة النمو",
    "Article 3 of the agreement",
    "أولويات المرحلة المقبلة",
    "بيان ختامي",
    "هذه الفقرة تبدأ بكلمة",
    "Iran and Russia",
    "•لا مسافة بعد النقطة",
    "",
]


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_lines_without_a_marker(line):
    assert all(ln.candidate is None for ln in split_lines(line))


# A number followed by another number is at most a weak candidate (it can only
# be exactly the next clause of a run: see the sequence table below).
WEAK = ["10 - 20 كم تفصل بين الخطين", "23ـ 24 يناير موعد الجولة", "3- 20 ألف نازح عادوا"]


@pytest.mark.parametrize("line", WEAK)
def test_number_then_number_is_a_weak_candidate(line):
    (ln,) = split_lines(line)
    assert ln.candidate is None or getattr(ln.candidate, "weak", False)


# --------------------------------------------------------------------------- nesting

NESTED = [
    (
        "digits-letters-roman-arabic",
        make(["1-", "2-", "أ-", "ب-", "(i)", "(ii)", "ج-", "3-"]),
        [("1", "1-", 1, "western"), ("2", "2-", 2, "western"),
         ("2.1", "أ-", 1, "arabic-letter"), ("2.2", "ب-", 2, "arabic-letter"),
         ("2.2.1", "(i)", 1, "roman-lower"), ("2.2.2", "(ii)", 2, "roman-lower"),
         ("2.3", "ج-", 3, "arabic-letter"), ("3", "3-", 3, "western")],
    ),
    (
        "digits-letters-roman-english-single-newlines",
        make(["1.", "(a)", "(i)", "(ii)", "(b)", "2.", "3."], sep="\n", sentences=EN),
        [("1", "1.", 1, "western"), ("1.1", "(a)", 1, "latin-lower"),
         ("1.1.1", "(i)", 1, "roman-lower"), ("1.1.2", "(ii)", 2, "roman-lower"),
         ("1.2", "(b)", 2, "latin-lower"), ("2", "2.", 2, "western"), ("3", "3.", 3, "western")],
    ),
    (
        "letters-a-to-j-under-a-clause-i-is-a-letter",
        make(["1.", "(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)", "(j)", "2."],
             sep="\n", sentences=AR),
        [("1", "1.", 1, "western"),
         *[(f"1.{n}", f"({ch})", n, "latin-lower") for n, ch in enumerate("abcdefghij", 1)],
         ("2", "2.", 2, "western")],
    ),
    (
        "dotted-children-of-clause-3",
        make(["1.", "2.", "3.", "3.1", "3.2", "4."]),
        [("1", "1.", 1, "western"), ("2", "2.", 2, "western"), ("3", "3.", 3, "western"),
         ("3.1", "3.1", 1, "dotted"), ("3.2", "3.2", 2, "dotted"), ("4", "4.", 4, "western")],
    ),
    (
        "dotted-arabic-indic",
        make(["١-", "٢-", "٣-", "٣.١", "٣.٢", "٤-"]),
        [("1", "١-", 1, "arabic-indic"), ("2", "٢-", 2, "arabic-indic"), ("3", "٣-", 3, "arabic-indic"),
         ("3.1", "٣.١", 1, "dotted"), ("3.2", "٣.٢", 2, "dotted"), ("4", "٤-", 4, "arabic-indic")],
    ),
    (
        "dotted-with-delimiter",
        make(["1)", "2)", "2.1)", "2.2)", "3)"]),
        [("1", "1)", 1, "western"), ("2", "2)", 2, "western"), ("2.1", "2.1)", 1, "dotted"),
         ("2.2", "2.2)", 2, "dotted"), ("3", "3)", 3, "western")],
    ),
    (
        "dotted-only-statement",
        make(["1.1", "1.2", "2.1", "2.2"]),
        [("1.1", "1.1", 1, "dotted"), ("1.2", "1.2", 2, "dotted"),
         ("2.1", "2.1", 1, "dotted"), ("2.2", "2.2", 2, "dotted")],
    ),
    (
        "bullet-sub-items",
        make(["1-", "2-", "•", "•", "3-"]),
        [("1", "1-", 1, "western"), ("2", "2-", 2, "western"),
         ("2.1", "•", None, "bullet"), ("2.2", "•", None, "bullet"), ("3", "3-", 3, "western")],
    ),
    (
        "square-bullet-sub-items",
        make(["1.", "▪", "▪", "▪", "2."]),
        [("1", "1.", 1, "western"), ("1.1", "▪", None, "bullet"), ("1.2", "▪", None, "bullet"),
         ("1.3", "▪", None, "bullet"), ("2", "2.", 2, "western")],
    ),
    (
        "hyphen-bullet-sub-items",
        make(["1-", "2-", "-", "-", "3-"]),
        [("1", "1-", 1, "western"), ("2", "2-", 2, "western"),
         ("2.1", "-", None, "bullet"), ("2.2", "-", None, "bullet"), ("3", "3-", 3, "western")],
    ),
    (
        "star-bullet-sub-items",
        make(["1.", "*", "*", "2."], sep="\n", sentences=EN),
        [("1", "1.", 1, "western"), ("1.1", "*", None, "bullet"), ("1.2", "*", None, "bullet"),
         ("2", "2.", 2, "western")],
    ),
    (
        "ordinal-sections-over-digits",
        make(["أولاً:", "1-", "2-", "ثانياً:", "1-", "2-", "ثالثاً:"]),
        [("1", "أولاً:", 1, "ordinal"), ("1.1", "1-", 1, "western"), ("1.2", "2-", 2, "western"),
         ("2", "ثانياً:", 2, "ordinal"), ("2.1", "1-", 1, "western"), ("2.2", "2-", 2, "western"),
         ("3", "ثالثاً:", 3, "ordinal")],
    ),
    (
        "letter-name-sections-numbering-runs-on",
        make(["ألف -", "1-", "2-", "باء -", "3-", "4-", "جيم -", "5-"]),
        [("1", "ألف -", 1, "arabic-letter"), ("1.1", "1-", 1, "western"), ("1.2", "2-", 2, "western"),
         ("2", "باء -", 2, "arabic-letter"), ("2.3", "3-", 3, "western"), ("2.4", "4-", 4, "western"),
         ("3", "جيم -", 3, "arabic-letter"), ("3.5", "5-", 5, "western")],
    ),
    (
        "roman-upper-sections-over-digits",
        make(["I.", "1.", "2.", "II.", "1.", "2."], sentences=EN[:6] + AR),
        [("1", "I.", 1, "roman-upper"), ("1.1", "1.", 1, "western"), ("1.2", "2.", 2, "western"),
         ("2", "II.", 2, "roman-upper"), ("2.1", "1.", 1, "western"), ("2.2", "2.", 2, "western")],
    ),
    (
        "same-style-does-not-nest",
        make(["1-", "2-", "3-", "4-"], sep="\n"),
        [("1", "1-", 1, "western"), ("2", "2-", 2, "western"), ("3", "3-", 3, "western"),
         ("4", "4-", 4, "western")],
    ),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in NESTED], ids=[c[0] for c in NESTED])
def test_nesting(text, expected):
    doc = communique.parse(text=text)
    assert rows(doc) == expected
    # the clause texts are the sentences, in order, without their markers
    sentences = [c.text for c in doc.walk()]
    assert all(s in AR or s in EN for s in sentences)
    assert len(set(sentences)) == len(sentences)
    assert doc.rebuild() == text


def test_sub_clause_tree_shape():
    doc = communique.parse(text=make(["1-", "2-", "أ-", "ب-", "(i)", "(ii)", "ج-", "3-"]))
    two = doc.clauses[1]
    assert [c.path for c in doc.clauses] == ["1", "2", "3"]
    assert [c.path for c in two.children] == ["2.1", "2.2", "2.3"]
    assert [c.path for c in two.children[1].children] == ["2.2.1", "2.2.2"]
    assert two.text == AR[1] and two.children[2].text == AR[6]
    assert two.extent[1] == doc.clauses[2].span[0]


# --------------------------------------------------------------------------- continuation paragraphs

CONTINUATIONS = [
    # (id, text, {path: [paragraph texts]})
    ("after-clause-2", "\n\n".join([f"1- {AR[0]}", f"2- {AR[1]}", AR[2], f"3- {AR[3]}"]),
     {"1": [], "2": [AR[2]], "3": []}),
    ("two-after-last-clause", "\n\n".join([f"1- {AR[0]}", f"2- {AR[1]}", AR[2], AR[3]]),
     {"1": [], "2": [AR[2], AR[3]]}),
    ("after-a-sub-clause-goes-to-the-sub-clause", "\n\n".join(
        [f"1- {AR[0]}", f"أ- {AR[1]}", f"ب- {AR[2]}", AR[3], f"2- {AR[4]}"]),
     {"1": [], "1.1": [], "1.2": [AR[3]], "2": []}),
    ("between-clause-and-its-sub-clauses", "\n\n".join(
        [f"1. {EN[0]}", EN[1], f"(a) {EN[2]}", f"(b) {EN[3]}", f"2. {EN[4]}"]),
     {"1": [EN[1]], "1.1": [], "1.2": [], "2": []}),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CONTINUATIONS], ids=[c[0] for c in CONTINUATIONS])
def test_continuation_paragraphs(text, expected):
    doc = communique.parse(text=text)
    assert {c.path: [p.text for p in c.paragraphs] for c in doc.walk()} == expected
    for c in doc.walk():
        assert c.full_text == "\n".join([c.text, *expected[c.path]])


# A marker alone on its line: the paragraph under it is the clause's text.
MARKER_ALONE = [
    ("blank-line-between", "1-\n\n{0}\n\n2-\n\n{1}\n\n{2}\n", AR, {"1": [], "2": [AR[2]]}),
    ("next-line", "1.\n{0}\n\n2.\n{1}\n", EN, {"1": [], "2": []}),
    ("letters", "1- {0}\n\n(أ)\n{1}\n\n(ب)\n{2}\n\n2- {3}\n", AR, {"1": [], "1.1": [], "1.2": [], "2": []}),
]


@pytest.mark.parametrize("template,sentences,paragraphs", [m[1:] for m in MARKER_ALONE],
                         ids=[m[0] for m in MARKER_ALONE])
def test_marker_alone_on_its_line(template, sentences, paragraphs):
    source = template.format(*sentences)
    doc = communique.parse(text=source)
    assert [c.text for c in doc.walk()] == sentences[:len(paragraphs)]
    assert {c.path: [p.text for p in c.paragraphs] for c in doc.walk()} == paragraphs
    for c in doc.walk():
        assert source[slice(*c.text_span)] == c.text
        assert c.span[0] == c.marker.span[0] and c.text_span[1] <= c.span[1]
    assert doc.rebuild() == source


# --------------------------------------------------------------------------- sequence problems

SEQUENCES = [
    # (id, lines, expected (path, value), warning codes, {path: paragraph texts})
    ("gap", [f"1- {AR[0]}", f"2- {AR[1]}", f"4- {AR[2]}", f"5- {AR[3]}"],
     [("1", 1), ("2", 2), ("4", 4), ("5", 5)], ["numbering-gap"], {}),
    ("repeat", [f"1- {AR[0]}", f"2- {AR[1]}", f"2- {AR[2]}", f"3- {AR[3]}"],
     [("1", 1), ("2", 2), ("2~2", 2), ("3", 3)], ["numbering-repeat"], {}),
    ("distance-is-not-clause-10",
     [f"1- {AR[0]}", f"2- {AR[1]}", "10 - 20 كم هي المسافة بين خطي التماس في تلك المنطقة.", f"3- {AR[3]}"],
     [("1", 1), ("2", 2), ("3", 3)], [],
     {"2": ["10 - 20 كم هي المسافة بين خطي التماس في تلك المنطقة."]}),
    ("date-line-is-not-clause-23",
     [f"1- {AR[0]}", f"2- {AR[1]}", "23ـ 24 يناير موعد انعقاد الجولة المقبلة للمحادثات.", f"3- {AR[3]}"],
     [("1", 1), ("2", 2), ("3", 3)], [],
     {"2": ["23ـ 24 يناير موعد انعقاد الجولة المقبلة للمحادثات."]}),
    ("out-of-sequence-number-stays-text",
     [f"1- {AR[0]}", f"2- {AR[1]}", f"15- {AR[2]}", f"3- {AR[3]}"],
     # read as text of clause 2, and said so: a folded clause is never silent
     [("1", 1), ("2", 2), ("3", 3)], ["numbering-folded"], {"2": [f"15- {AR[2]}"]}),
    ("clause-text-may-start-with-a-number",
     [f"1- {AR[0]}", f"2- {AR[1]}", "3- 20 ألف نازح عادوا إلى قراهم خلال الأشهر الماضية.", f"4- {AR[3]}"],
     [("1", 1), ("2", 2), ("3", 3), ("4", 4)], [], {}),
    ("year-is-not-a-marker",
     [f"1- {AR[0]}", f"2- {AR[1]}", f"2011- {AR[2]}"],
     [("1", 1), ("2", 2)], ["numbering-folded"], {"2": [f"2011- {AR[2]}"]}),
    ("lone-bullet-in-a-clause-stays-text",
     [f"1- {AR[0]}", f"2- {AR[1]}", f"• {AR[2]}", f"3- {AR[3]}"],
     [("1", 1), ("2", 2), ("3", 3)], [], {"2": [AR[2]]}),
]


@pytest.mark.parametrize("lines,expected,codes,paragraphs", [c[1:] for c in SEQUENCES],
                         ids=[c[0] for c in SEQUENCES])
def test_sequence_problems(lines, expected, codes, paragraphs):
    doc = communique.parse(text="\n\n".join(lines) + "\n")
    assert [(c.path, c.value) for c in doc.walk()] == expected
    assert [w.code for w in doc.warnings] == codes
    for c in doc.walk():
        assert [p.text for p in c.paragraphs] == paragraphs.get(c.path, [])
        for p in c.paragraphs:  # the text of a paragraph is where its span says
            assert doc.source[slice(*p.text_span)] == p.text


def test_clause_text_starting_with_a_number():
    source = "\n\n".join([f"1- {AR[0]}", f"2- {AR[1]}", "3- 20 ألف نازح عادوا إلى قراهم.", f"4- {AR[3]}"])
    doc = communique.parse(text=source)
    assert doc.clauses[2].label == "3-" and doc.clauses[2].text == "20 ألف نازح عادوا إلى قراهم."


def test_gap_and_repeat_warnings_point_at_the_marker():
    source = "\n\n".join([f"1- {AR[0]}", f"2- {AR[1]}", f"4- {AR[2]}", f"4- {AR[3]}"]) + "\n"
    doc = communique.parse(text=source)
    gap, repeat = doc.warnings
    assert (gap.code, repeat.code) == ("numbering-gap", "numbering-repeat")
    assert source[slice(*gap.span)] == "4-" and source[slice(*repeat.span)] == "4-"
    assert gap.span[0] < repeat.span[0]


def test_marker_inside_a_line_is_not_a_marker():
    source = "يشير البند 3- من الاتفاق إلى ضرورة التنسيق بين الطرفين في كل الملفات.\n\n" + make(["1-", "2-"])
    doc = communique.parse(text=source)
    assert [c.path for c in doc.walk()] == ["1", "2"]
    assert doc.preamble[0].text.startswith("يشير البند 3-")


# --------------------------------------------------------------------------- prose mode

PROSE_AR = [
    "وقال المتحدث باسم الوزارة إن المحادثات جرت في أجواء إيجابية وبناءة بين الجانبين.",
    "وأضاف أن الطرفين اتفقا على مواصلة التشاور خلال الأسابيع المقبلة على مستوى الخبراء.",
    "وأشار إلى أن الجولة المقبلة ستعقد في موعد يحدد لاحقا بالتنسيق مع الدول المعنية.",
]
PROSE_EN = [
    "The spokesman said the talks had been held in a positive and constructive atmosphere.",
    "He added that both sides had agreed to continue consultations at the level of experts.",
    "He said the next round would take place on a date to be set later with the states concerned.",
]


@pytest.mark.parametrize("paragraphs", [PROSE_AR, PROSE_EN], ids=["ar", "en"])
def test_prose_mode(paragraphs):
    doc = communique.parse(text="\n\n".join(paragraphs) + "\n")
    assert doc.prose
    assert rows(doc) == [("¶1", None, None, None), ("¶2", None, None, None), ("¶3", None, None, None)]
    assert texts(doc) == paragraphs
    assert [w.code for w in doc.warnings] == ["prose-mode"]


def test_prose_mode_keeps_headline_out_of_the_body():
    source = "محادثات جديدة بين الجانبين في العاصمة\n\n" + "\n\n".join(PROSE_AR) + "\n"
    doc = communique.parse(text=source)
    assert doc.prose and texts(doc) == PROSE_AR
    assert doc.meta.title == "محادثات جديدة بين الجانبين في العاصمة"


# --------------------------------------------------------------------------- hard-wrapped text

WRAPPED_EN = [
    "The participants reaffirmed their commitment to the sovereignty and territorial integrity of the "
    "country and agreed that only a political process can end the conflict in a lasting way.",
    "The participants welcomed the progress made by the working group on detainees and called on all "
    "sides to step up the exchange of information on missing persons without delay.",
    "The participants agreed to hold their next meeting in the capital before the end of the year and "
    "thanked the host country for its warm hospitality.",
]
WRAPPED_AR = [
    "أكد المشاركون التزامهم الثابت بسيادة البلاد ووحدة أراضيها واتفقوا على أن العملية السياسية وحدها "
    "قادرة على إنهاء النزاع بشكل دائم وعادل لجميع الأطراف المعنية.",
    "رحب المشاركون بالتقدم الذي أحرزه فريق العمل المعني بالمحتجزين ودعوا جميع الأطراف إلى تسريع "
    "تبادل المعلومات عن المفقودين دون أي تأخير إضافي.",
    "اتفق المشاركون على عقد اجتماعهم المقبل في العاصمة قبل نهاية العام وشكروا البلد المضيف على حسن "
    "الضيافة والتنظيم.",
]


@pytest.mark.parametrize("paragraphs,marker", [(WRAPPED_EN, "{n}."), (WRAPPED_AR, "{n}-")], ids=["en", "ar"])
def test_hard_wrapped_lines_join_into_one_clause(paragraphs, marker):
    body = "\n\n".join(textwrap.fill(f"{marker.format(n=i)} {p}", 72) for i, p in enumerate(paragraphs, 1))
    source = f"Joint statement of the meeting\n\n{body}\n"
    assert max(len(line) for line in source.splitlines()) <= 72
    assert sum(1 for line in source.splitlines() if line) > 2 * len(paragraphs)  # really wrapped
    doc = communique.parse(text=source)
    assert [(c.path, c.value) for c in doc.walk()] == [("1", 1), ("2", 2), ("3", 3)]
    assert texts(doc) == paragraphs
    assert doc.rebuild() == source


def test_hard_wrapped_continuation_paragraph():
    clause = textwrap.fill(f"1. {WRAPPED_EN[0]}", 72)
    extra = textwrap.fill(WRAPPED_EN[1], 72)
    last = textwrap.fill(f"2. {WRAPPED_EN[2]}", 72)
    doc = communique.parse(text=f"{clause}\n\n{extra}\n\n{last}\n")
    first, second = doc.clauses
    assert first.text == WRAPPED_EN[0]
    assert [p.text for p in first.paragraphs] == [WRAPPED_EN[1]]
    assert second.text == WRAPPED_EN[2]


def test_one_line_per_paragraph_is_not_joined():
    # a news page: short header lines directly above the headline must stay apart
    source = "Site name\nSection\n\n" + make(["1.", "2.", "3."], sentences=EN)
    doc = communique.parse(text=source)
    assert texts(doc) == EN[:3]
    assert [b.text for b in doc.preamble] == ["Site name", "Section"]
