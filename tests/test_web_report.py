"""The report improvements shared by the standalone file and the served
page, checked on the markup (the browser tests check them laid out): the
Arabic interface, the change list, the filtering chips, the column labels
kept when columns stack, tables that scroll, dark mode and print rules,
and one stylesheet and script for both pages."""

from __future__ import annotations

import re

import pytest
from lxml import html

import communique
from communique.model import OP_KINDS
from communique.renderers.to_html import diff as html_diff
from communique.renderers.to_html import history as html_history
from communique.renderers.to_html.page import CSS, SCRIPT, el, policy
from communique.renderers.to_html.strings import STRINGS

from .conftest import SAMPLES

AR = [SAMPLES / "ar" / f"round-0{k}.txt" for k in range(1, 5)]
EN = [SAMPLES / "en" / f"round-0{k}.txt" for k in range(1, 5)]


@pytest.fixture(scope="module")
def diff_ar() -> communique.Diff:
    return communique.diff(AR[1], AR[2])


def test_arabic_interface_option(diff_ar) -> None:
    root = html.document_fromstring(communique.render(diff_ar, "html", ui="ar"))
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert [h.text for h in root.xpath("//h2")][:2] == ["الجولتان", "الملخّص"]
    assert {(n.get("dir"), n.get("lang")) for n in root.xpath("//p[@class='note']")} == {("rtl", "ar")}
    # the kinds keep their English names where programs read them
    assert [a.get("data-kind") for a in root.xpath("//section[@id='side']/article")] == [op.kind for op in diff_ar.ops]
    assert root.xpath("//section[@id='side']//span[@class='tag k-modified']")[0].text == "معدَّل"
    # document text keeps its own direction in either interface
    for ui in ("ar", "en"):
        page = html.document_fromstring(communique.render(diff_ar, "html", ui=ui))
        assert {b.get("dir") for b in page.xpath("//div[contains(@class, ' text ') or starts-with(@class, 'text')]")} \
            == {"rtl"}
    en = html.document_fromstring(communique.render(communique.diff(EN[1], EN[2]), "html", ui="ar"))
    assert {b.get("dir") for b in en.xpath("//section[@id='side']//div[starts-with(@class, 'text')]")} == {"ltr"}
    with pytest.raises(communique.OptionError):
        communique.render(diff_ar, "html", ui="fr")
    assert set(STRINGS["en"]) == set(STRINGS["ar"])


def test_history_report_in_arabic(diff_ar) -> None:
    h = communique.history(AR)
    root = html.document_fromstring(communique.render(h, "html", ui="ar"))
    assert root.get("dir") == "rtl" and root.xpath("//h1")[0].text.startswith("تاريخ البنود")
    assert root.xpath("//div[@class='table-wrap']/table[@class='matrix']")


def test_change_list_links_every_change(diff_ar) -> None:
    root = html.document_fromstring(communique.render(diff_ar, "html"))
    items = root.xpath("//details[@id='changes']//ol[@class='change-list']/li")
    changed = [(k, op) for k, op in enumerate(diff_ar.ops) if op.kind != "unchanged"]
    assert [li.get("data-kind") for li in items] == [op.kind for _, op in changed]
    assert [li.xpath("./a")[0].get("href") for li in items] == [f"#s-op-{k}" for k, _ in changed]
    for li in items:
        (excerpt,) = li.xpath(".//span[@class='excerpt']")
        assert (excerpt.get("dir"), excerpt.get("lang")) == ("rtl", "ar")
    none = html.document_fromstring(communique.render(communique.diff(AR[0], AR[0]), "html"))
    assert not none.xpath("//ol[@class='change-list']") and none.xpath("//details[@id='changes']//p[@class='note']")


def test_chips_are_filters_without_script(diff_ar) -> None:
    root = html.document_fromstring(html_diff.render_diff(diff_ar, script=False))
    for li in root.xpath("//section[@id='summary']//li[@data-op]"):
        op, n = li.get("data-op"), int(li.xpath(".//b")[0].text)
        if op == "meta":
            assert (li.xpath("./a")[0].get("href") == "#meta") == bool(n)
            continue
        box = li.xpath("./input[@type='checkbox']")
        assert bool(box) == bool(n), op
        if n:
            assert box[0].get("id") == f"f-{op}" and li.xpath(f"./label[@for='f-{op}']")
    for kind in OP_KINDS:  # every kind a chip can show has its filter rule
        assert f"#f-{kind}:checked" in CSS
    assert "main:has(.filter:checked) .views .op" in CSS


def test_columns_keep_their_labels_and_tables_scroll(diff_ar) -> None:
    root = html.document_fromstring(communique.render(diff_ar, "html"))
    for art in root.xpath("//section[@id='side']/article"):
        old, new = art.xpath("./div[@class='pair']/div")
        assert old.xpath("./div[@class='col-label']")[0].text.startswith("Old · ")
        assert new.xpath("./div[@class='col-label']")[0].text.startswith("New · ")
    assert root.xpath("//div[@class='table-wrap']/table[@class='meta-table']")
    narrow = CSS[CSS.index("@media (max-width: 760px)"):]
    narrow = narrow[:narrow.index("@media print")]
    assert ".col-label { display: block; }" in narrow and ".cols-head { display: none; }" in narrow
    assert ".table-wrap { max-width: 100%; overflow-x: auto; }" in CSS


def test_dark_mode_and_print_rules() -> None:
    assert "@media (prefers-color-scheme: dark)" in CSS and "color-scheme: light dark" in CSS
    dark = CSS[CSS.index("@media (prefers-color-scheme: dark)"):]
    dark = dark[:dark.index("}\n}") + 3]
    assert "--bg: #14181f" in dark and "--fg:" in dark
    # every colour outside the two palettes is a variable (so dark mode reaches it)
    outside = CSS.replace(CSS[CSS.index(":root {"):CSS.index("* { box-sizing")], "")
    stray = re.findall(r"#[0-9a-fA-F]{3,6}\b", outside.replace("#f-", "").replace("#hide", ""))
    assert not stray, stray
    printed = CSS[CSS.index("@media print"):]
    assert ".op, .clause, .version, .lineage, .changes { break-inside: auto" in printed
    assert "orphans: 3" in printed and ".app-bar" in printed


def test_the_served_page_is_the_same_template_with_a_bar(diff_ar) -> None:
    def bar(body, ui) -> None:
        el(body, "header", "the server's bar", cls="app-bar")

    served = html.document_fromstring(html_diff.render_diff(diff_ar, chrome=bar))
    standalone = html.document_fromstring(html_diff.render_diff(diff_ar))
    assert served.xpath("//body/header[@class='app-bar']") and not standalone.xpath("//header[@class='app-bar']")
    assert not served.xpath("//meta[@http-equiv]") and standalone.xpath("//meta[@http-equiv]")
    assert served.xpath("//style")[0].text == standalone.xpath("//style")[0].text == CSS
    assert served.xpath("//script")[0].text == standalone.xpath("//script")[0].text == SCRIPT
    assert html.tostring(served.xpath("//main")[0]) == html.tostring(standalone.xpath("//main")[0])
    assert "form-action 'self'" in policy(True, served=True) and "form-action 'none'" in policy(True)
    h = communique.history(AR)
    with_links = html.document_fromstring(html_history.render_history(h, chrome=bar, link=lambda lin: f"/x/{lin}"))
    assert with_links.xpath("//section[@id='lin-L01']//a[@class='genealogy'][@href='/x/L01']")
