"""The differ: each operation, in Arabic and in English, as a table of
(edit applied to a base round → expected ops).  Base clauses deliberately
share long formula openings, as official statements do."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import communique
from communique import Profile

from .conftest import SAMPLES, seed

EN = [
    "Reaffirmed their strong commitment to the sovereignty, independence and territorial integrity of the republic.",
    "Reaffirmed their strong commitment to a lasting political settlement led and owned by the people themselves.",
    "Reaffirmed their strong commitment to fighting terrorism in all its forms and manifestations everywhere.",
    "Stressed the need to keep calm on the ground by implementing every arrangement agreed for the northern zone.",
    "Stressed the need to increase humanitarian assistance to all regions without discrimination or conditions.",
    "Welcomed the release of detainees under the working group, and agreed to continue its meetings regularly.",
    "Decided to hold the next round of the talks in the capital during the second half of the coming year.",
]
AR = [
    "أكد المشاركون التزامهم الراسخ بسيادة الجمهورية واستقلالها ووحدة أراضيها وفق مبادئ الميثاق.",
    "أكد المشاركون التزامهم الراسخ بدفع عملية سياسية دائمة يقودها الشعب بنفسه وبتيسير من المنظمة.",
    "أكد المشاركون التزامهم الراسخ بمكافحة الإرهاب بجميع أشكاله ومظاهره في كل مكان وزمان.",
    "شدد المشاركون على ضرورة الحفاظ على الهدوء الميداني عبر تنفيذ جميع الترتيبات الخاصة بالمنطقة الشمالية.",
    "شدد المشاركون على ضرورة زيادة المساعدات الإنسانية لجميع المناطق دون تمييز أو شروط مسبقة.",
    "رحب المشاركون بالإفراج عن المحتجزين في إطار الفريق العامل واتفقوا على مواصلة اجتماعاته بانتظام.",
    "قرر المشاركون عقد الجولة المقبلة من المحادثات في العاصمة خلال النصف الثاني من العام القادم.",
]
REWORD = {"en": ("increase", "expand considerably"), "ar": ("زيادة", "مضاعفة حجم")}


def statement(clauses: list[str], lang: str, marker: str = "{n}- ") -> str:
    head = "Joint statement of the talks\n\nThe participants:\n\n" if lang == "en" else \
        "البيان الختامي للمحادثات\n\nاتفق المشاركون على ما يلي:\n\n"
    return head + "\n\n".join(marker.format(n=i + 1) + c for i, c in enumerate(clauses)) + "\n"


def reword(c: list[str], lang: str) -> list[str]:
    old, new = REWORD[lang]
    return [*c[:4], c[4].replace(old, new), *c[5:]]


def split(c: list[str], lang: str) -> list[str]:
    sep = ", and agreed to " if lang == "en" else " واتفقوا على "
    head, tail = c[5].split(sep)
    return [*c[:5], head + ".", ("Agreed to " if lang == "en" else "اتفق المشاركون على ") + tail, c[6]]


def merge(c: list[str], lang: str) -> list[str]:
    joiner = ", and " if lang == "en" else "، و"
    return [*c[:3], c[3].rstrip(".") + joiner + c[4][0].lower() + c[4][1:] if lang == "en"
            else c[3].rstrip(".") + joiner + c[4], *c[5:]]


# edit name → (function of (clauses, lang) → new clauses, expected non-unchanged ops as (op, old, new))
EDITS = {
    "reworded": (reword, [("modified", ("5",), ("5",))]),
    "dropped": (lambda c, _: c[:2] + c[3:], [("dropped", ("3",), ())]),
    "added": (lambda c, lang: [*c[:2], ("Condemned all attacks on civilians and civilian infrastructure in the region."
                                        if lang == "en" else
                                        "أدان المشاركون جميع الهجمات على المدنيين والبنية التحتية المدنية في المنطقة."),
                               *c[2:]],
              [("added", (), ("3",))]),
    "moved": (lambda c, _: [c[5], *c[:5], c[6]], [("moved", ("6",), ("1",))]),
    "moved-and-edited": (lambda c, lang: [reword(c, lang)[4], *c[:4], *c[5:]], [("moved", ("5",), ("1",))]),
    "split": (split, [("split", ("6",), ("6", "7"))]),
    "merged": (merge, [("merged", ("4", "5"), ("4",))]),
}


def changes(d) -> list[tuple[str, tuple, tuple]]:
    return [(op.kind, op.old, op.new) for op in d.ops if op.kind != "unchanged"]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_each_operation(edit: str, lang: str) -> None:
    base = EN if lang == "en" else AR
    fn, expected = EDITS[edit]
    new = fn(list(base), lang)
    d = communique.diff(statement(base, lang), statement(new, lang))
    assert changes(d) == expected
    for op in d.ops:
        # every clause of both sides appears in exactly one op
        assert op.similarity is None or 0.0 <= op.similarity <= 1.0
    old_paths = [p for op in d.ops for p in op.old]
    new_paths = [p for op in d.ops for p in op.new]
    assert sorted(old_paths) == sorted(c.path for c in d.old.walk())
    assert sorted(new_paths) == sorted(c.path for c in d.new.walk())


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_renumbered_only(lang: str) -> None:
    """The same clauses under new numbers (and a new marker style) are unchanged, flagged renumbered."""
    base = EN if lang == "en" else AR
    d = communique.diff(statement(base, lang), statement(base[1:], lang, "({n}) "))
    assert changes(d) == [("dropped", ("1",), ())]
    assert all(op.renumbered for op in d.ops if op.kind == "unchanged")
    assert not d.meta_changes


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_reworded_clause_reports_word_changes(lang: str) -> None:
    d = communique.diff(statement(EN if lang == "en" else AR, lang),
                        statement(reword(EN if lang == "en" else AR, lang), lang))
    (op,) = [op for op in d.ops if op.kind == "modified"]
    changed = [(w.old, w.new) for w in op.words if w.op != "equal"]
    assert changed == [REWORD[lang]]
    assert 0.5 <= op.similarity < 1.0 and not op.renumbered


def test_formula_openings_do_not_pair_different_clauses() -> None:
    """Dropping one 'Reaffirmed their strong commitment to …' clause and adding
    another with the same opening is a drop and an add, not a modification."""
    new = [EN[0], EN[1], "Reaffirmed their strong commitment to protecting cultural heritage sites from looting.",
           *EN[3:]]
    d = communique.diff(statement(EN, "en"), statement(new, "en"))
    assert sorted(changes(d)) == [("added", (), ("3",)), ("dropped", ("3",), ())]


def test_ops_follow_new_reading_order_with_dropped_in_place() -> None:
    d = communique.diff(statement(EN, "en"), statement(EN[:2] + EN[3:], "en"))
    assert [(op.kind, op.old, op.new) for op in d.ops][:4] == [
        ("unchanged", ("1",), ("1",)), ("unchanged", ("2",), ("2",)),
        ("dropped", ("3",), ()), ("unchanged", ("4",), ("3",))]


COSMETIC_AR = {
    "diacritics": lambda t: t.replace("الراسخ", "الرَّاسِخ"),
    "tatweel": lambda t: t.replace("المشاركون", "المشـــاركون"),
    "invisible": lambda t: t.replace("الجمهورية", "الجمهورية\u200f").replace(" ", "\u00a0", 3),
    "quotes": lambda t: t.replace('"الفريق العامل"', "«الفريق العامل»"),
}


def test_cosmetic_round_is_unchanged_by_default_and_modified_when_strict() -> None:
    base = statement(AR, "ar").replace("الفريق العامل", '"الفريق العامل"')
    cosmetic = base
    for fn in COSMETIC_AR.values():
        cosmetic = fn(cosmetic)
    for n in range(1, len(AR) + 1):  # marker style 1- → ١.
        cosmetic = cosmetic.replace(f"\n{n}- ", f"\n{chr(0x0660 + n)}. ")
    d = communique.diff(base, cosmetic)
    assert d.summary["unchanged"] == len(AR) and not d.changed
    strict = communique.diff(base, cosmetic, profile=Profile.strict())
    assert strict.summary["modified"] >= 4 and strict.changed


@pytest.mark.parametrize("rule", sorted(COSMETIC_AR))
def test_each_cosmetic_rule_alone(rule: str) -> None:
    base = statement(AR, "ar").replace("الفريق العامل", '"الفريق العامل"')
    d = communique.diff(base, COSMETIC_AR[rule](base))
    assert not d.changed, rule
    assert communique.diff(base, COSMETIC_AR[rule](base), profile=Profile.strict()).changed, rule


def test_ignore_letters_and_punctuation() -> None:
    base = statement(AR, "ar")
    variant = base.replace("إطار", "اطار").replace("مسبقة.", "مسبقه")
    assert communique.diff(base, variant).changed
    assert not communique.diff(base, variant, profile=Profile().ignoring("letters", "punctuation")).changed


def test_clitic_change_is_labelled() -> None:
    a = statement(["أكد المشاركون الالتزام المستمر بسيادة الجمهورية ووحدة أراضيها وفق مبادئ الميثاق.", *AR[1:]], "ar")
    b = a.replace("الالتزام المستمر", "والالتزام المستمر")
    (op,) = [op for op in communique.diff(a, b).ops if op.kind == "modified"]
    (change,) = [w for w in op.words if w.op != "equal"]
    assert change.clitic and change.new == "و"


def test_self_diff_is_unchanged_and_exits_zero() -> None:
    path = SAMPLES / "ar" / "round-02.txt"
    d = communique.diff(path, path)
    assert set(d.summary) >= {"unchanged"} and d.summary["unchanged"] == len(list(d.old.walk()))
    run = subprocess.run([sys.executable, "-m", "communique.cli", "diff", str(path), str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_cli_diff_json_contract_and_exit_one() -> None:
    run = subprocess.run([sys.executable, "-m", "communique.cli", "diff", str(SAMPLES / "en" / "round-01.txt"),
                          str(SAMPLES / "en" / "round-02.txt"), "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {"old", "new", "summary", "ops", "meta_changes"}
    assert set(data["summary"]) == {"unchanged", "modified", "moved", "added", "dropped", "split", "merged"}
    for op in data["ops"]:
        assert set(op) >= {"op", "old", "new", "similarity", "renumbered", "words"}
        for w in op["words"]:
            assert w["op"] in ("equal", "insert", "delete", "replace")
    assert data["meta_changes"]["round"] == {"old": 11, "new": 12}


@pytest.mark.parametrize("fmt", ["terminal", "unified", "side-by-side", "markdown"])
def test_text_formats_show_the_changes(fmt: str) -> None:
    d = communique.diff(SAMPLES / "en" / "round-01.txt", SAMPLES / "en" / "round-02.txt")
    out = communique.render(d, fmt)
    assert "Underlined" in out and "Emphasized" in out  # the reworded clause, both sides
    assert "added" in out and "modified" in out


def test_prose_report_pairs_with_numbered_statement() -> None:
    """Seed 003 (a news report) against seed 000 (the numbered statement)."""
    d = communique.diff(seed("000"), seed("003"))
    new = {c.path: c.text for c in d.new.walk()}
    pairs = {}
    for op in d.ops:
        for old in op.old:
            pairs.setdefault(old, []).extend(new[p] for p in op.new)
    for clause, opening in (("4", "أبدى ممثلو الوفود"), ("5", "كما جرى النظر بتفصيل"),
                            ("6", "وبالنسبة لشمال شرقي سوريا")):
        assert any(t.startswith(opening) for t in pairs.get(clause, [])), (clause, pairs.get(clause))
    # clauses 1 and 2 are retold together in the paragraph quoting the statement
    merged = [op for op in d.ops if set(op.old) & {"1", "2"}]
    assert [(op.kind, op.old) for op in merged] == [("merged", ("1", "2"))], merged
    assert new[merged[0].new[0]].startswith("وجاء في البيان")
    assert {old for op in d.ops if op.new for old in op.old} == {"1", "2", "3", "4", "5", "6"}
    assert pairs["3"] and new[next(p for op in d.ops if op.old == ("3",) for p in op.new)].startswith("وجرت الإشارة")


SECTIONED = """Joint statement of the ministerial meeting

I. Political questions

1. Reaffirmed their commitment to the unity and territorial integrity of the country under the Charter.
2. Welcomed the work of the constitutional committee and urged the parties to meet again in the spring.
3. Called for the release of all detainees and abductees and for information on the missing persons.

II. {second}

4. Stressed the need to expand humanitarian assistance to every region of the country without conditions.
5. Supported early recovery projects, including water, electricity, schools and hospitals in every province.
"""


def test_a_clause_that_changes_section_is_reported_and_a_renamed_heading_is_not() -> None:
    old = SECTIONED.format(second="Humanitarian questions")
    lines = SECTIONED.format(second="Humanitarian and recovery questions").split("\n")
    detainees = next(k for k, line in enumerate(lines) if line.startswith("3."))
    moved = lines.pop(detainees)
    lines.insert(next(k for k, line in enumerate(lines) if line.startswith("5.")) + 1, "6." + moved[2:])
    d = communique.diff(old, "\n".join(lines))
    assert d.old.sections and d.new.sections
    moves = {op.old: op.section_move for op in d.ops if op.section_move}
    assert moves == {("3",): ("Political questions", "Humanitarian and recovery questions")}
