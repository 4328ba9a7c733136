"""The HTML report (renderers/to_html.py): structure checks with lxml on the
sample rounds, Arabic and English."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import html

import communique
from communique.compare.words import word_changes
from communique.model import Diff, History
from communique.renderers.to_html import diff as html_diff
from communique.renderers.to_html.page import SCRIPT
from communique.text.scripts import detect_language

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAIRS = [("01", "02"), ("02", "03"), ("03", "04")]
CASES = [(lang, a, b) for lang in ("ar", "en") for a, b in PAIRS]
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _ws(s: str) -> str:
    return " ".join(s.split())


@cache
def _diff(lang: str, a: str, b: str) -> Diff:
    return communique.diff(SAMPLES / lang / f"round-{a}.txt", SAMPLES / lang / f"round-{b}.txt")


@cache
def _history(lang: str) -> History:
    return communique.history([SAMPLES / lang / f"round-0{k}.txt" for k in range(1, 5)])


@cache
def _diff_page(lang: str, a: str, b: str) -> tuple[str, html.HtmlElement]:
    out = communique.render(_diff(lang, a, b), "html")
    return out, html.document_fromstring(out)


@cache
def _history_page(lang: str) -> tuple[str, html.HtmlElement]:
    out = communique.render(_history(lang), "html")
    return out, html.document_fromstring(out)


def _all_pages() -> list[tuple[str, str, html.HtmlElement]]:
    pages = [(f"diff {lang} {a}-{b}", *_diff_page(lang, a, b)) for lang, a, b in CASES]
    pages += [(f"history {lang}", *_history_page(lang)) for lang in ("ar", "en")]
    return pages


PAGE_IDS = [f"diff-{lang}-{a}{b}" for lang, a, b in CASES] + ["history-ar", "history-en"]


@pytest.fixture(params=range(len(PAGE_IDS)), ids=PAGE_IDS)
def page(request) -> tuple[str, str, html.HtmlElement]:
    return _all_pages()[request.param]


# --------------------------------------------------------------------------- self-contained


def test_page_is_one_self_contained_file(page) -> None:
    _, out, root = page
    assert out.startswith("<!DOCTYPE html>")
    assert root.tag == "html" and root.get("lang") == "en" and root.get("dir") == "ltr"
    assert root.xpath("//head/meta[@charset='utf-8']")
    assert not root.xpath("//link"), "no <link> of any kind"
    assert not root.xpath("//script[@src]")
    assert not root.xpath("//iframe|//object|//embed|//video|//audio|//source|//base")
    for img in root.xpath("//img"):
        assert not re.match(r"\s*(https?:)?//", img.get("src", ""))
    styles = "\n".join(s.text or "" for s in root.xpath("//style"))
    assert "@import" not in styles
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", styles, re.I)
    assert "@font-face" not in styles
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name in ("href", "src", "action", "srcset", "poster", "data"):
                assert value.startswith("#"), f"<{el.tag} {name}={value!r}> points outside the page"
            if name == "style":
                assert "url(" not in value
    assert not re.search(r"https?://", out), "no network address anywhere in the page"


def test_content_security_policy_allows_exactly_the_inline_style_and_script(page) -> None:
    _, _, root = page
    (meta,) = root.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
    policy = meta.get("content")
    assert "default-src 'none'" in policy

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    (style,) = root.xpath("//style")
    assert f"style-src {sha(style.text)}" in policy
    scripts = root.xpath("//script")
    for script in scripts:
        assert f"script-src {sha(script.text)}" in policy
    if not scripts:
        assert "script-src" not in policy


def test_print_stylesheet(page) -> None:
    _, _, root = page
    css = root.xpath("//style")[0].text
    assert "@media print" in css
    printed = css[css.index("@media print"):]
    assert "break-inside: avoid" in printed
    assert ".toolbar" in printed and "display: none" in printed


def test_every_internal_link_resolves_and_ids_are_unique(page) -> None:
    _, _, root = page
    ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    known = set(ids)
    hrefs = [a.get("href") for a in root.xpath("//a[@href]")]
    assert hrefs
    for href in hrefs:
        assert href.startswith("#") and href[1:] in known, href


def test_every_text_block_has_its_direction_and_language(page) -> None:
    name, _, root = page
    lang = "ar" if " ar" in name else "en"
    blocks = root.xpath("//*[contains(concat(' ', @class, ' '), ' text ')]")
    assert blocks
    for block in blocks:
        text = block.text_content()
        assert block.get("lang") == (detect_language(text) or lang)
        assert block.get("dir") == ("rtl" if lang == "ar" else "ltr")
    # every run of Arabic letters anywhere on the page sits in an rtl/ar block
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("style", "script", "title"):
            continue
        for chunk, holder in ((el.text, el), (el.tail, el.getparent())):
            if chunk and ARABIC.search(chunk) and holder is not None:
                dirs = [a for a in holder.iterancestors() if a.get("dir")]
                dir_ = holder.get("dir") or dirs[0].get("dir")
                langs = [a for a in holder.iterancestors() if a.get("lang")]
                lang_ = holder.get("lang") or langs[0].get("lang")
                assert (dir_, lang_) == ("rtl", "ar"), (holder.tag, chunk[:40])


# --------------------------------------------------------------------------- diff report


def _clone(el: html.HtmlElement) -> html.HtmlElement:
    return html.fragment_fromstring(html.tostring(el, encoding="unicode"))


def _op_articles(root: html.HtmlElement, view: str) -> list[html.HtmlElement]:
    return root.xpath(f"//section[@id='{view}']/article[contains(@class, 'op')]")


def _runs(col: html.HtmlElement, tag: str) -> dict[int, list[html.HtmlElement]]:
    out: dict[int, list[html.HtmlElement]] = {}
    for el in col.iter(tag):
        out.setdefault(int(el.get("data-run")), []).append(el)
    return out


def _check_runs(op, found: dict[int, list[html.HtmlElement]], side: str) -> None:
    tag_ops = ("delete", "replace") if side == "old" else ("insert", "replace")
    expected = {k: w for k, w in enumerate(op.words) if w.op in tag_ops}
    assert set(found) == set(expected), (op, side)
    for k, els in found.items():
        w = expected[k]
        text = getattr(w, side)
        assert _ws(" ".join(el.text_content() for el in els)) == _ws(text)
        for el in els:
            classes = el.get("class").split()
            assert ("w-del" if side == "old" else "w-ins") in classes
            assert ("w-rep" in classes) == (w.op == "replace")
            assert ("w-clitic" in classes) == w.clitic


@pytest.mark.parametrize(("lang", "a", "b"), CASES)
def test_side_by_side_view_shows_every_op_and_its_word_changes(lang: str, a: str, b: str) -> None:
    d = _diff(lang, a, b)
    _, root = _diff_page(lang, a, b)
    arts = _op_articles(root, "side")
    assert len(arts) == len(d.ops)
    old_index = {c.path: c for c in d.old.walk()}
    new_index = {c.path: c for c in d.new.walk()}
    for art, op in zip(arts, d.ops, strict=True):
        assert art.get("data-kind") == op.kind
        old_col, new_col = art.xpath("./div[@class='pair']/div")
        assert "old" in old_col.get("class") and "new" in new_col.get("class")
        _check_runs(op, _runs(old_col, "del"), "old")
        _check_runs(op, _runs(new_col, "ins"), "new")
        assert not list(old_col.iter("ins")) and not list(new_col.iter("del"))
        for col, paths, index, side in ((old_col, op.old, old_index, "old"), (new_col, op.new, new_index, "new")):
            blocks = col.xpath("./div[contains(@class, 'clause')]")
            assert [blk.get("id") for blk in blocks] == [f"{side}-{p}" for p in paths]
            for blk, path in zip(blocks, paths, strict=True):
                (text,) = blk.xpath("./div[contains(@class, 'text')]")
                marker = text.xpath("./span[@class='marker']")[0].text_content()
                assert marker == (index[path].label or path)
                shown = text.text_content()[len(marker):]
                assert _ws(shown) == _ws(index[path].full_text), "the column shows the clause's exact text"
            if not paths:
                assert "empty" in col.get("class")
        if op.kind in ("added", "dropped"):
            assert not art.xpath(".//del|.//ins")


@pytest.mark.parametrize(("lang", "a", "b"), CASES)
def test_inline_view_splices_deletions_into_the_new_text(lang: str, a: str, b: str) -> None:
    d = _diff(lang, a, b)
    _, root = _diff_page(lang, a, b)
    arts = _op_articles(root, "inline")
    assert len(arts) == len(d.ops)
    new_index = {c.path: c for c in d.new.walk()}
    old_index = {c.path: c for c in d.old.walk()}
    for art, op in zip(arts, d.ops, strict=True):
        _check_runs(op, _runs(art, "del"), "old")
        _check_runs(op, _runs(art, "ins"), "new")
        blocks = art.xpath(".//div[contains(@class, 'clause')]")
        if op.new:
            assert [blk.get("id") for blk in blocks] == [f"i-new-{p}" for p in op.new]
        else:
            assert [blk.get("id") for blk in blocks] == [f"i-old-{p}" for p in op.old]
        for blk in blocks:
            path = blk.get("data-path")
            text = blk.xpath("./div[contains(@class, 'text')]")[0]
            for gone in text.xpath("./span[@class='marker']"):
                gone.drop_tree()
            if op.words and op.kind not in ("merged", "unchanged"):  # without the insertions: the old text
                as_old = _clone(text)
                for gone in as_old.xpath(".//ins"):
                    gone.drop_tree()
                split_part = op.kind == "split"
                old_text = "\n".join(old_index[p].full_text for p in op.old)
                # (the separator before an insertion stays: "x <ins>y</ins>." reads "x ." without it)
                shown = re.sub(r" ([.,،؛:;])", r"\1", _ws(as_old.text_content()))
                if split_part:  # a part's own end ("." where the old clause ran on with ",") is an ending, ignored
                    assert shown.rstrip(".,،؛:;") in _ws(old_text)
                else:
                    assert shown == _ws(old_text)
            for gone in text.xpath(".//del"):
                gone.drop_tree()
            expected = (new_index if op.new else old_index)[path].full_text
            assert _ws(text.text_content()) == _ws(expected)


@pytest.mark.parametrize(("lang", "a", "b"), CASES)
def test_every_clause_has_its_anchor_and_counterparts_are_linked(lang: str, a: str, b: str) -> None:
    d = _diff(lang, a, b)
    _, root = _diff_page(lang, a, b)
    side = root.xpath("//section[@id='side']")[0]
    ids = {el.get("id") for el in side.iter() if el.get("id")}
    assert {f"old-{c.path}" for c in d.old.walk()} <= ids
    assert {f"new-{c.path}" for c in d.new.walk()} <= ids

    def links(anchor: str) -> set[str]:
        (blk,) = root.xpath(f"//*[@id='{anchor}']")
        return {a.get("href") for a in blk.xpath(".//a")}

    kinds = set()
    for op in d.ops:
        if op.kind not in ("moved", "split", "merged"):
            continue
        kinds.add(op.kind)
        for p in op.old:
            assert {f"#new-{q}" for q in op.new} <= links(f"old-{p}")
        for q in op.new:
            assert {f"#old-{p}" for p in op.old} <= links(f"new-{q}")
        if op.kind == "moved":
            (ghost,) = root.xpath(f"//section[@id='side']/div[@id='was-old-{op.old[0]}']")
            assert {a.get("href") for a in ghost.xpath(".//a")} == {f"#new-{q}" for q in op.new}
            assert f"#was-old-{op.old[0]}" in links(f"new-{op.new[0]}")
            assert root.xpath(f"//section[@id='inline']/div[@id='i-was-old-{op.old[0]}']")
    expected = {("01", "02"): set(), ("02", "03"): {"moved", "split"}, ("03", "04"): {"merged"}}[(a, b)]
    assert kinds == expected


@pytest.mark.parametrize(("lang", "a", "b"), CASES)
def test_header_shows_both_rounds_metadata_and_the_summary_chips(lang: str, a: str, b: str) -> None:
    d = _diff(lang, a, b)
    _, root = _diff_page(lang, a, b)
    table = root.xpath("//section[@id='meta']//table")[0]
    rows = {tr.xpath("./th")[0].text_content(): tr for tr in table.xpath(".//tbody/tr")}
    for label, field in (("Title", "title"), ("Round", "round"), ("Date", "date"), ("Place", "place")):
        cells = [td.text_content() for td in rows[label].xpath("./td")]
        assert cells == [str(getattr(d.old.meta, field)), str(getattr(d.new.meta, field))]
        assert ("changed" in (rows[label].get("class") or "")) == (field in {c.field for c in d.meta_changes})
    assert {c.field for c in d.meta_changes} == {"title", "round", "date"}
    title_cells = rows["Title"].xpath("./td")
    assert {td.get("dir") for td in title_cells} == {"rtl" if lang == "ar" else "ltr"}
    chips = {li.get("data-op"): int(li.xpath(".//b")[0].text) for li in root.xpath("//section[@id='summary']//li")}
    assert chips == {**d.summary, "meta": len(d.meta_changes)}


def test_view_toggle_works_without_script() -> None:
    d = _diff("ar", "02", "03")
    out = html_diff.render_diff(d, script=False)
    root = html.document_fromstring(out)
    assert not root.xpath("//script")
    assert root.xpath("//section[@id='side']") and root.xpath("//section[@id='inline']")
    assert {a.get("href") for a in root.xpath("//nav//a")} == {"#side", "#inline"}
    css = root.xpath("//style")[0].text
    assert "#inline:target" in css and "#inline:has(:target)" in css
    # the :target sibling rule needs #inline before #side
    views = root.xpath("//div[@class='views']/section")
    assert [v.get("id") for v in views] == ["inline", "side"]
    # with the script: the same page plus one inline script
    with_js = html.document_fromstring(html_diff.render_diff(d))
    (script,) = with_js.xpath("//script")
    assert script.text == SCRIPT and "</" not in SCRIPT


def test_mixed_arabic_and_english_page() -> None:
    d = communique.diff(SAMPLES / "en" / "round-01.txt", SAMPLES / "ar" / "round-01.txt")
    root = html.document_fromstring(communique.render(d, "html"))
    old_blocks = root.xpath("//section[@id='side']//div[contains(@class,'col old')]//div[contains(@class,'text')]")
    new_blocks = root.xpath("//section[@id='side']//div[contains(@class,'col new')]//div[contains(@class,'text')]")
    assert old_blocks and new_blocks
    assert {(b.get("dir"), b.get("lang")) for b in old_blocks} == {("ltr", "en")}
    assert {(b.get("dir"), b.get("lang")) for b in new_blocks} == {("rtl", "ar")}
    # the chrome stays English and left to right
    assert root.get("lang") == "en"
    for note in root.xpath("//p[@class='note']"):
        assert (note.get("dir"), note.get("lang")) == ("ltr", "en")


def test_text_is_escaped_never_injected() -> None:
    hostile = ("Title\n\n1. Hello <script>alert(1)</script> & <b>bold</b> \"q\" 'a' \x0c end.\n\n"
               "2. Second clause <img src=http://example.org/x.png> stays.\n")
    edited = hostile.replace("Hello", "Goodbye").replace("stays", "remains")
    d = communique.diff(hostile, edited)
    out = communique.render(d, "html")
    root = html.document_fromstring(out)
    assert len(root.xpath("//script")) == 1 and root.xpath("//script")[0].text == SCRIPT
    assert not root.xpath("//img") and not root.xpath("//div[contains(@class, 'clause')]//b")
    text = root.xpath("//*[@id='new-1']")[0].text_content()
    assert "<script>alert(1)</script> & <b>bold</b>" in text
    assert "\x0c" not in out and "\u240c" in text  # a control character shown as its control picture
    assert root.xpath("//*[@id='old-1']//del")[0].text == "Hello"
    assert root.xpath("//*[@id='new-2']//ins")[0].text == "remains"


def test_clitic_only_change_gets_its_class() -> None:
    old = "البيان\n\n1- أكد المشاركون الالتزام بسيادة سوريا.\n\n2- شدد المشاركون على الحوار.\n"
    new = old.replace("الالتزام", "والالتزام")
    d = communique.diff(old, new)
    root = html.document_fromstring(communique.render(d, "html"))
    (ins,) = root.xpath("//section[@id='side']//ins")
    assert "w-clitic" in ins.get("class").split() and ins.text == "و"
    assert ins.xpath("ancestor::div[@dir][1]")[0].get("dir") == "rtl"


# --------------------------------------------------------------------------- history report


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_history_matrix(lang: str) -> None:
    h = _history(lang)
    _, root = _history_page(lang)
    (table,) = root.xpath("//table[@class='matrix']")
    heads = table.xpath("./thead/tr/th")[1:]
    assert len(heads) == len(h.rounds) == 4
    for th, rnd in zip(heads, h.rounds, strict=True):
        assert f"Round {rnd.document.meta.round}" in th.text_content()
        assert rnd.label in th.text_content()
    rows = table.xpath("./tbody/tr")
    assert [r.get("data-lineage") for r in rows] == [lin.id for lin in h.lineages]
    for row, lin in zip(rows, h.lineages, strict=True):
        cells = row.xpath("./td")
        assert len(cells) == len(lin.cells)
        for td, cell in zip(cells, lin.cells, strict=True):
            if cell is None:
                assert "absent" in td.get("class") and not td.text_content().strip()
                continue
            assert td.get("data-paths") == " ".join(cell.paths)
            into = ((cell.merged,) if cell.merged else ()) + cell.also_merged_into
            assert td.xpath("./a")[0].text == " ".join((", ".join(cell.paths), *(f"→ {lid}" for lid in into)))
            assert ("changed" in td.get("class").split()) == cell.changed
            assert td.get("data-changed") == ("true" if cell.changed else "false")
    # the mine-action clause: added in round 2, reworded in round 3, dropped in round 4
    mine = next(r for r, lin in zip(rows, h.lineages, strict=True) if lin.cells[0] is None)
    tds = mine.xpath("./td")
    assert [td.get("data-paths") for td in tds] == [None, "4", "5", None]
    assert [td.get("data-changed") for td in tds] == [None, "false", "true", None]
    assert "ended" in tds[3].get("class")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_history_texts_show_each_version_with_its_word_changes(lang: str) -> None:
    h = _history(lang)
    _, root = _history_page(lang)
    indexes = [{c.path: c for c in rnd.document.walk()} for rnd in h.rounds]
    for lin in h.lineages:
        (sec,) = root.xpath(f"//section[@id='lin-{lin.id}']")
        previous = None
        for r, cell in enumerate(lin.cells):
            if cell is None:
                assert not sec.xpath(f"./div[@id='{lin.id}-r{r}']")
                continue
            (version,) = sec.xpath(f"./div[@id='{lin.id}-r{r}']")
            text = "\n".join(indexes[r][p].full_text for p in cell.paths)
            blocks = version.xpath("./div[contains(@class, 'clause')]")
            if previous is not None and previous == text:
                assert not blocks and "same text" in version.text_content()
            else:
                assert [b.get("data-path") for b in blocks] == list(cell.paths)
                # the cell carries its word changes from the clauses it came from
                assert cell.words == (word_changes(cell.before, text, h.profile) if cell.before not in ("", text)
                                      else ())
                words = cell.words
                dels = [w.old for w in words if w.op in ("delete", "replace")]
                inss = [w.new for w in words if w.op in ("insert", "replace")]
                assert [_ws(e.text_content()) for e in version.xpath(".//del")] == [_ws(x) for x in dels]
                shown_ins = version.xpath(".//ins")
                # an insertion cut by a clause boundary (after a split) is shown in two pieces
                assert _ws(" ".join(e.text_content() for e in shown_ins)) == _ws(" ".join(inss))
                for blk, path in zip(blocks, cell.paths, strict=True):
                    body = blk.xpath("./div[contains(@class,'text')]")[0]
                    assert body.get("dir") == ("rtl" if lang == "ar" else "ltr")
                    assert body.get("lang") == lang
                    for gone in body.xpath(".//del|./span[@class='marker']"):
                        gone.drop_tree()
                    assert _ws(body.text_content()) == _ws(indexes[r][path].full_text)
            state = version.xpath(".//span[@class='state']")[0].text
            if cell.changed:
                assert state == "changed"
            previous = text
        if lin.last < len(h.rounds) - 1:
            assert "Dropped in" in sec.xpath("./p[@class='ended-note']")[0].text


def test_inline_deletion_keeps_its_separator() -> None:
    old = "Title\n\n1. Alpha beta gamma delta.\n\n2. Another clause here.\n"
    new = old.replace(" beta", "").replace("delta", "delta epsilon")
    d = communique.diff(old, new)
    root = html.document_fromstring(communique.render(d, "html"))
    (text,) = root.xpath("//*[@id='i-new-1']/div[contains(@class, 'text')]")
    assert text.text_content() == "1. Alpha beta gamma delta epsilon."
    assert [e.text for e in text.xpath("./del")] == ["beta"]
    assert [e.text for e in text.xpath("./ins")] == ["epsilon"]
    (old_text,) = root.xpath("//*[@id='old-1']/div[contains(@class, 'text')]")
    assert old_text.text_content() == "1. Alpha beta gamma delta."
