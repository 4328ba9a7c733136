"""Whole documents: the seed pages, lossless spans on every sample and seed,
and the metadata table.

Seed pages are read from ../shared/seeds at test time (the tests skip when
the folder is absent); no sentence of theirs is copied here: lines are found
by structure (position, repetition, a marker, a stop at the end).
"""

from __future__ import annotations

import pytest
import regex

import communique
from communique.model import Block, Clause, Paragraph
from communique.structure.meta import find_date, find_round
from communique.text.normalize import normalize

from .conftest import sample_files, seed, seed_files

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_MARKER_LINE = regex.compile(r"^\s*(\d+)\s*-")


def words(line: str) -> int:
    return len(_WORD.findall(line))


def squash(text: str) -> str:
    return " ".join(text.split())


def seed_lines(name: str) -> tuple[str, list[str]]:
    source = seed(name).read_text(encoding="utf-8")
    return source, [line.strip() for line in source.splitlines() if line.strip()]


def clause_texts(doc: communique.Document) -> set[str]:
    return {squash(c.text) for c in doc.walk()}


def all_node_texts(doc: communique.Document) -> dict[str, str]:
    """Every node's text → what it is: "clause", "paragraph" or a block kind."""
    out = {}
    for span_node in doc.segments():
        node = span_node[1]
        if isinstance(node, Clause):
            out[squash(node.text)] = "clause"
        elif isinstance(node, Paragraph):
            out[squash(node.text)] = "paragraph"
        elif isinstance(node, Block):
            out.setdefault(squash(node.text), node.kind)
    return out


def is_report_paragraph(line: str) -> bool:
    """A paragraph of running text: 15+ words ending in a sentence stop."""
    return words(line) >= 15 and regex.search(r"[.!؟][\"'»”’)]*$", line) is not None


# --------------------------------------------------------------------------- seed 000: the numbered statement


def test_seed_000_six_clauses():
    source, lines = seed_lines("000")
    doc = communique.parse(text=source)
    assert not doc.prose
    assert [(c.path, c.value, c.label, c.marker.style) for c in doc.clauses] == [
        (str(n), n, f"{n}-", "western") for n in range(1, 7)]
    assert all(not c.children for c in doc.clauses)
    # each clause text is its marked line without the marker
    marked = [line for line in lines if _MARKER_LINE.match(line)]
    assert len(marked) == 6
    assert [squash(c.text) for c in doc.clauses] == [squash(_MARKER_LINE.sub("", m, count=1)) for m in marked]


def test_seed_000_continuation_paragraphs():
    source, lines = seed_lines("000")
    doc = communique.parse(text=source)
    after = {}  # unmarked lines after each marked line
    current = None
    for line in lines:
        m = _MARKER_LINE.match(line)
        if m:
            current = int(m.group(1))
            after[current] = []
        elif current is not None:
            after[current].append(line)
    assert after[3][0].startswith("التأكيد على النهوض")
    assert after[6][0].startswith("وكرر المشاركون")
    assert {c.path: [p.text for p in c.paragraphs] for c in doc.clauses} == {
        "1": [], "2": [], "3": after[3], "4": [], "5": [], "6": after[6]}


def test_seed_000_preamble_is_not_clauses():
    source, lines = seed_lines("000")
    doc = communique.parse(text=source)
    first = next(i for i, line in enumerate(lines) if _MARKER_LINE.match(line))
    before = lines[:first]
    assert len(before) > 10
    preamble = [squash(b.text) for b in doc.preamble]
    assert preamble == [squash(line) for line in before]
    kinds = [b.kind for b in doc.preamble]
    # header lines repeat and are furniture; the headline is the title; the
    # sentence introducing the list is the lead-in; the subheading is a heading
    header = [i for i, line in enumerate(before) if before.count(line) > 1]
    assert header and all(kinds[i] == "boilerplate" for i in header)
    headline = next(i for i, line in enumerate(before) if before.count(line) == 1 and words(line) >= 4)
    assert kinds[headline] == "title" and doc.meta.title == before[headline]
    assert kinds[-2:] == ["lead-in", "heading"]
    assert before[-2].endswith(":")
    assert all(kinds[i] == "text" for i, line in enumerate(before) if is_report_paragraph(line))
    assert doc.closing == ()


def test_seed_000_meta():
    doc = communique.parse(seed("000"))
    assert doc.meta.round == 20
    assert doc.meta.language == "ar"
    assert doc.meta.place == "Astana"
    assert set(doc.meta.parties) == {"Russia", "Turkey", "Iran"}  # the guarantors; Syria is discussed
    assert "Syria" in doc.meta.mentions
    assert doc.info.encoding == "utf-8" and doc.info.format == "text"


# --------------------------------------------------------------------------- prose seeds


def test_seed_001_kremlin_paragraphs_are_clauses_furniture_is_not():
    source, lines = seed_lines("001")
    doc = communique.parse(text=source)
    assert doc.prose and [w.code for w in doc.warnings] == ["prose-mode"]
    assert [c.path for c in doc.clauses] == [f"¶{n}" for n in range(1, len(doc.clauses) + 1)]
    texts = clause_texts(doc)
    kremlin = [line for line in lines if "الكرملين" in line and is_report_paragraph(line)]
    assert len(kremlin) >= 2 and all(squash(line) in texts for line in kremlin)
    # the article: every report paragraph above the comment form is a clause
    form = next(i for i, line in enumerate(lines) if line.endswith("*"))
    article = [line for line in lines[:form] if is_report_paragraph(line)]
    assert [squash(line) for line in article] == [squash(c.text) for c in doc.clauses]
    # comment form lines, copyright lines, and the headlines listed under
    # timestamps at the foot of the page are not clauses
    stamp = regex.compile(r"GMT\s*\d{1,2}:\d{2}")
    first_stamp = next(i for i, line in enumerate(lines) if stamp.search(line) and i > form)
    not_clauses = [line for line in lines if line.endswith("*") or "©" in line or stamp.search(line)]
    not_clauses += lines[first_stamp:]
    assert len(not_clauses) > 20
    assert not any(squash(line) in texts for line in not_clauses)
    last = doc.clauses[-1].extent[1]
    assert all(source.find(line, last) >= last for line in not_clauses if "©" in line)


def test_seed_002_bullets_are_not_clauses():
    source, lines = seed_lines("002")
    doc = communique.parse(text=source)
    assert doc.prose
    bullets = [line for line in lines if line.startswith("•")]
    assert len(bullets) >= 2
    texts = clause_texts(doc)
    for line in bullets:
        body = squash(line.lstrip("•"))
        assert body not in texts and squash(line) not in texts
    assert [squash(c.text) for c in doc.clauses] == [squash(line) for line in lines if is_report_paragraph(line)]
    # the teasers sit above the article, in the preamble, without their bullet
    preamble = [squash(b.text) for b in doc.preamble]
    assert all(squash(line.lstrip("•")) in preamble for line in bullets)
    assert doc.meta.title is not None and not doc.meta.title.startswith("•")


@pytest.mark.parametrize("name", ["003", "004"])
def test_report_seeds_paragraphs_are_clauses_page_parts_are_not(name):
    source, lines = seed_lines(name)
    doc = communique.parse(text=source)
    assert doc.prose
    nodes = all_node_texts(doc)
    texts = clause_texts(doc)
    report = [line for line in lines if is_report_paragraph(line)]
    assert len(report) >= 10
    assert [squash(c.text) for c in doc.clauses] == [squash(line) for line in report]
    # photo captions (a line naming the camera icon, or ending in a
    # parenthesised credit), the tag-icon line, the related-articles box and
    # the donation appeal after the close button are not clauses
    captions = [line for line in lines if line.startswith("camera icon") or regex.search(r"\([^()]{2,40}\)$", line)]
    assert captions
    assert all(nodes[squash(line)] == "caption" for line in captions if not line.startswith("camera icon"))
    tag = [line for line in lines if line.startswith("tag icon")]
    assert tag == ["tag icon ع ع ع"]
    close = lines.index("×")
    related = lines[close - 1]
    appeal = lines[close + 1:]
    assert len(appeal) >= 4
    for line in [*captions, *tag, related, *appeal]:
        assert squash(line) not in texts, line
    assert all(b.text != "" for b in doc.closing)
    assert {squash(b.text) for b in doc.closing} >= {squash(line) for line in [related, *appeal]}


def test_seed_004_round():
    doc = communique.parse(seed("004"))
    assert doc.meta.round == 15


# --------------------------------------------------------------------------- lossless spans


def _documents():
    return [pytest.param(p, id=str(p.relative_to(p.parents[1]))) for p in [*sample_files(), *seed_files()]]


@pytest.mark.parametrize("path", _documents())
def test_lossless(path):
    doc = communique.parse(path)
    assert doc.rebuild() == doc.source
    segments = doc.segments()
    assert segments[0][0][0] == 0 and segments[-1][0][1] == len(doc.source)
    for (a, b), (c, _d) in zip((s for s, _ in segments), (s for s, _ in segments[1:]), strict=False):
        assert a < b and b == c  # no gap, no overlap, nothing empty
    for clause in doc.walk():
        start, end = clause.text_span
        assert squash(clause.text) == squash(doc.source[start:end])
        assert clause.span[0] <= start <= end <= clause.extent[1]
        if clause.marker is not None:
            assert doc.source[slice(*clause.marker.span)] == clause.label
        for p in clause.paragraphs:
            assert squash(p.text) == squash(doc.source[slice(*p.text_span)])
    for block in (*doc.preamble, *doc.closing):
        assert squash(block.text) == squash(doc.source[slice(*block.text_span)])


def test_samples_and_seeds_are_present():
    assert len(sample_files()) >= 10  # the repository's own samples are always there


# --------------------------------------------------------------------------- sample statements

SAMPLE_SHAPES = [
    # file, round, date, clause count, sub-clause parent, continuation parent, first label
    ("ar/round-01.txt", 11, "2024-03-14", 10, "6", "7", "1-"),
    ("ar/round-02.txt", 12, "2024-06-20", 11, "7", "8", "1-"),
    ("ar/round-03.txt", 13, "2024-11-12", 12, "9", "10", "١-"),
    ("ar/round-04.txt", 14, "2025-02-18", 10, "7", "8", "1."),
    ("en/round-01.txt", 11, "2024-03-14", 10, "6", "7", "1."),
    ("en/round-02.txt", 12, "2024-06-20", 11, "7", "8", "1."),
    ("en/round-03.txt", 13, "2024-11-12", 12, "9", "10", "1."),
    ("en/round-04.txt", 14, "2025-02-18", 10, "7", "8", "1."),
    ("ar/round-01.cp1256.txt", 11, "2024-03-14", 10, "6", "7", "1-"),
    ("html/round-12.html", 12, "2024-06-20", 11, "7", "8", "1."),
]


@pytest.mark.parametrize("name,rnd,date,count,subs,cont,label", SAMPLE_SHAPES, ids=[s[0] for s in SAMPLE_SHAPES])
def test_sample_shapes(name, rnd, date, count, subs, cont, label):
    from .conftest import SAMPLES

    doc = communique.parse(SAMPLES / name)
    assert (doc.meta.round, doc.meta.date, doc.meta.place) == (rnd, date, "Astana")
    assert [c.value for c in doc.clauses] == list(range(1, count + 1))
    assert doc.clauses[0].label == label
    with_children = [c.path for c in doc.clauses if c.children]
    assert with_children == [subs]
    assert [c.value for c in doc.clauses[int(subs) - 1].children] == [1, 2, 3]
    assert [c.path for c in doc.clauses if c.paragraphs] == [cont]
    kinds = [b.kind for b in doc.preamble]  # the page's own parts come first in the HTML sample
    assert kinds[-4:] == ["title", "dateline", "text", "lead-in"]
    assert len(kinds) == 4 or name.startswith("html/")
    assert doc.closing[0].text.startswith(("Done at", "حرر في"))
    assert doc.warnings == ()


def test_arabic_and_english_samples_agree_on_meta():
    from .conftest import SAMPLES

    for n in range(1, 5):
        ar = communique.parse(SAMPLES / "ar" / f"round-0{n}.txt").meta
        en = communique.parse(SAMPLES / "en" / f"round-0{n}.txt").meta
        assert (ar.round, ar.date, ar.place, set(ar.parties), set(ar.observers), set(ar.mentions)) == (
            en.round, en.date, en.place, set(en.parties), set(en.observers), set(en.mentions))
        # the guarantors sign, the three neighbours attend as observers, Syria is the state discussed
        assert set(ar.parties) == {"Iran", "Russia", "Turkey"}
        assert set(ar.observers) == {"Jordan", "Iraq", "Lebanon"}
        assert "Syria" in ar.mentions and not set(ar.mentions) & (set(ar.parties) | set(ar.observers))
        assert (ar.language, en.language) == ("ar", "en")


# --------------------------------------------------------------------------- metadata table

ROUNDS = [
    ("وجاءت توصيات الجولة الـ 20 من المباحثات", 20),
    ("اختتام الجولة الـ15 من المحادثات", 15),
    ("عقدت الجولة 20 من محادثات السلام", 20),
    ("في ختام الاجتماع العشرين بصيغة أستانا", 20),
    ("الجولة الحادية والعشرين من المحادثات", 21),
    ("الاجتماع الحادي والعشرين حول سوريا", 21),
    ("البيان الختامي للجولة الحادية عشرة", 11),
    ("الدورة الخامسة عشرة للجنة", 15),
    ("اجتماع أستانة 15 حول سوريا", 15),
    ("محادثات أستانا-٢٠ بشأن سوريا", 20),
    ("Astana-15 talks on Syria", 15),
    ("the 20th round of the talks", 20),
    ("the 12th International Meeting on Syria", 12),
    ("the twentieth round of talks", 20),
    ("the twenty-first international meeting", 21),
    ("round 7 of the consultations", 7),
    # a day of the month or a relative word is not a round
    ("الاجتماع الدولي بشأن سوريا بصيغة أستانة- 21 من حزيران 2023", None),
    ("لقاء ثنائي قبل الاجتماع في 10 من أيار", None),
    ("اللقاء 10 من أيار", None),
    ("الجولة السابقة من المحادثات", None),
    ("الجولة الأخيرة من المحادثات", None),
    ("round 3 June 2024", None),
    ("نص لا يذكر أي اجتماع", None),
]


@pytest.mark.parametrize("text,expected", ROUNDS, ids=[r[0] for r in ROUNDS])
def test_round(text, expected):
    assert find_round(normalize(text)) == expected


DATES = [
    ("10 مايو 2023", "2023-05-10"),
    ("16 آذار / مارس 2018", "2018-03-16"),
    ("14 March 2024", "2024-03-14"),
    ("March 14, 2024", "2024-03-14"),
    ("on 19–20 June 2024", "2024-06-19"),
    ("أستانا، 14 آذار / مارس 2024", "2024-03-14"),
    ("12 تشرين الثاني / نوفمبر 2024", "2024-11-12"),
    ("21 من حزيران", "--06-21"),
    ("4 فبراير (شباط)", "--02-04"),
    ("23ـ 24 يناير عام 2017", "2017-01-23"),
    ("22 ـ 11 ـ 1967", "1967-11-22"),
    ("18/12/2015", "2015-12-18"),
    ("الأربعاء ٢٢ / يناير / ٢٠٢٥", "2025-01-22"),
    ("١٠ أيار ٢٠٢٣", "2023-05-10"),
    ("4 يونيه 2020", "2020-06-04"),
    ("2024-03-14", "2024-03-14"),
    ("13/25/2020", None),
    ("في 45 مايو", None),
    ("لا تاريخ هنا", None),
]


@pytest.mark.parametrize("text,expected", DATES, ids=[d[0] for d in DATES])
def test_date(text, expected):
    doc_date = find_date(normalize(text))
    if "ـ" in text:  # the tatweel written as a dash is read through the document path
        doc_date = communique.parse(text=f"{text}\n\n1- {ROUND_BODY[0]}\n\n2- {ROUND_BODY[1]}\n").meta.date
    assert doc_date == expected


ROUND_BODY = [
    "يؤكد المشاركون التزامهم بوحدة الأراضي وسلامتها.",
    "يدعو الطرفان إلى وقف فوري لإطلاق النار في المنطقة.",
]
BODY_EN = [
    "The parties reaffirmed their commitment to a negotiated settlement.",
    "The parties called for an immediate halt to all hostilities.",
]

PLACES_AND_PARTIES = [
    # preamble sentence → (place, parties in order of mention)
    ("اجتمع ممثلو روسيا وتركيا وإيران في أستانا", "Astana", ("Russia", "Turkey", "Iran")),
    ("عقد الاجتماع في آستانة بحضور وفد الأردن", "Astana", ("Jordan",)),
    ("انعقد اللقاء في نور سلطان بحضور العراق ولبنان", "Nur-Sultan", ("Iraq", "Lebanon")),  # the name at the time
    ("التقى الوفدان التركي والإيراني في سوتشي", "Sochi", ("Turkey", "Iran")),
    ("عقد الاجتماع في جنيف بمشاركة الجمهورية العربية السورية", "Geneva", ("Syria",)),
    ("ممثلو الجمهورية التركية والمملكة الأردنية الهاشمية في طهران", "Tehran", ("Turkey", "Jordan")),
    ("The Russian Federation, Iran and Türkiye met in Nur-Sultan", "Nur-Sultan", ("Russia", "Iran", "Turkey")),
    ("Delegations of Jordan, Iraq and the Lebanese Republic met in Geneva", "Geneva",
     ("Jordan", "Iraq", "Lebanon")),
    ("Representatives of the Syrian Arab Republic gathered in Sochi", "Sochi", ("Syria",)),
    ("نص بلا مكان ولا دولة", None, ()),
]


@pytest.mark.parametrize("sentence,place,parties", PLACES_AND_PARTIES, ids=[p[0] for p in PLACES_AND_PARTIES])
def test_place_and_parties(sentence, place, parties):
    body = BODY_EN if regex.search(r"[A-Za-z]", sentence) else ROUND_BODY
    doc = communique.parse(text=f"{sentence}:\n\n1- {body[0]}\n\n2- {body[1]}\n")
    assert doc.meta.place == place
    assert doc.meta.parties == parties


META_DOCS = [
    # (preamble lines, expected round, date)
    (["البيان الختامي للجولة الـ 20 من محادثات أستانا", "أستانا، 21 حزيران / يونيو 2023"], 20, "2023-06-21"),
    (["Joint Statement of the 20th round of talks", "Astana, 14 March 2024"], 20, "2024-03-14"),
    (["الاجتماع الدولي بشأن سوريا بصيغة أستانة- 21 من حزيران 2023"], None, "2023-06-21"),
]


@pytest.mark.parametrize("head,rnd,date", META_DOCS)
def test_meta_from_document(head, rnd, date):
    body = BODY_EN if regex.search(r"[A-Za-z]", head[0]) else ROUND_BODY
    doc = communique.parse(text="\n\n".join([*head, f"1. {body[0]}", f"2. {body[1]}"]) + "\n")
    assert (doc.meta.round, doc.meta.date) == (rnd, date)


def test_round_is_not_taken_from_clauses_citing_other_meetings():
    doc = communique.parse(text="البيان الختامي للمحادثات\n\n1- يرحب المشاركون بنتائج الجولة الـ 19 السابقة.\n\n"
                           "2- يتفق المشاركون على عقد الجولة الـ 21 في موعد لاحق.\n\n"
                           "3- يشكر المشاركون البلد المضيف على حسن التنظيم.\n")
    assert doc.meta.round is None
