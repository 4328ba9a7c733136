"""The web application's pages, built with the report's own page functions
(:mod:`communique.renderers.to_html.page`): the same stylesheet and script,
the same escaping (text only ever enters as element text or attribute
values), the same ``dir``/``lang`` per text block.  A served page carries
the app bar (the ``chrome`` of the report functions) and no ``<meta>``
policy: the server sends :func:`policy` as a header.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import regex
from lxml import etree

from ..model import Diff, History
from ..model.profile import DEFAULT, RULES
from ..renderers.plain import excerpt
from ..renderers.to_html.diff import build_diff
from ..renderers.to_html.history import build_history, legend, lineage_section
from ..renderers.to_html.page import (
    append_text,
    el,
    lang_attrs,
    note,
    page,
    policy,
    serialize,
    table_wrap,
    text_block,
)
from ..renderers.to_html.strings import Ui
from .archive import HitLike, SeriesLike
from .options import DiffOptions

__all__ = ["policy"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "compare": "Compare", "archive": "Archive", "api": "API", "other.ui": "العربية",
        "compare.title": "Compare two statements",
        "compare.intro": "Paste the two texts, upload two files (text, HTML, PDF, Word, Markdown, TEI) or give "
        "two addresses. Nothing leaves this computer but what you send to this server.",
        "old.round": "Old round", "new.round": "New round",
        "paste": "Paste the text", "upload": "or upload a file", "url": "or give its address",
        "options": "Options", "ignore": "Also ignore:", "strict": "strict (compare the text exactly as written)",
        "strict.note": "invisible marks, diacritics, tatweel, quote styles and digit scripts are ignored "
        "unless strict",
        "threshold": "similarity threshold (0–1)", "cross": "across languages", "ui": "interface",
        "submit": "Compare", "apply": "Apply",
        "download": "Download:", "json": "JSON", "tei": "TEI", "markdown": "Markdown", "html": "HTML report",
        "new.compare": "New comparison",
        "archive.title": "Archive", "series": "Series", "rounds": "Rounds", "first": "First", "last": "Last",
        "title": "Title", "search": "Search the clauses", "search.button": "Search",
        "reuse": "Where else does this wording appear?", "reuse.button": "Find reuse",
        "search.title": "Clauses holding “{q}”", "reuse.title": "Clauses worded like the text given",
        "hits.none": "Nothing found.", "hits.count": "{n} found", "hits.more": "(the first {n} shown)",
        "clause": "{series} · round {round} · clause {path}", "score": "{pct} alike",
        "genealogy.title": "Clause genealogy: {lineage} · {series}", "elsewhere": "Elsewhere in the archive",
        "no.archive": "No archive: start the server with --db ARCHIVE to browse one.",
        "error": "Error {status}",
    },
    "ar": {
        "compare": "مقارنة", "archive": "الأرشيف", "api": "API", "other.ui": "English",
        "compare.title": "مقارنة بيانين",
        "compare.intro": "الصق النصين، أو ارفع ملفين (نص، HTML، PDF، Word، Markdown، TEI)، أو أعطِ عنوانين. "
        "لا يغادر هذا الحاسوب إلا ما ترسله إلى هذا الخادم.",
        "old.round": "الجولة القديمة", "new.round": "الجولة الجديدة",
        "paste": "الصق النص", "upload": "أو ارفع ملفًا", "url": "أو أعطِ عنوانه",
        "options": "الخيارات", "ignore": "تجاهل أيضًا:", "strict": "صارم (قارن النص كما كُتب تمامًا)",
        "strict.note": "تُتجاهل العلامات غير المرئية والحركات والتطويل وأشكال علامات التنصيص وأشكال الأرقام "
        "ما لم تختر الصارم",
        "threshold": "عتبة التشابه (0–1)", "cross": "بين لغتين", "ui": "الواجهة",
        "submit": "قارن", "apply": "طبّق",
        "download": "تنزيل:", "json": "JSON", "tei": "TEI", "markdown": "Markdown", "html": "تقرير HTML",
        "new.compare": "مقارنة جديدة",
        "archive.title": "الأرشيف", "series": "السلسلة", "rounds": "الجولات", "first": "الأولى", "last": "الأخيرة",
        "title": "العنوان", "search": "ابحث في البنود", "search.button": "ابحث",
        "reuse": "أين تَرِد هذه الصيغة أيضًا؟", "reuse.button": "ابحث عن التكرار",
        "search.title": "البنود التي فيها «{q}»", "reuse.title": "البنود المصوغة مثل النص المعطى",
        "hits.none": "لم يُعثر على شيء.", "hits.count": "النتائج: {n}", "hits.more": "(تُعرض أول {n})",
        "clause": "{series} · الجولة {round} · البند {path}", "score": "تشابه {pct}",
        "genealogy.title": "نسب البند: {lineage} · {series}", "elsewhere": "في مواضع أخرى من الأرشيف",
        "no.archive": "لا أرشيف: شغّل الخادم بالخيار ‎--db ARCHIVE‎ لتصفّح أرشيف.",
        "error": "خطأ {status}",
    },
}

MAX_HITS = 100


def w(ui: Ui, key: str, **values: object) -> str:
    text = _WORDS[ui.lang][key]
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Site:
    """What every page's bar needs to know about the server."""

    archive: bool = False


def _href(path: str, pairs: Sequence[tuple[str, str]] = ()) -> str:
    return path + (f"?{urlencode(list(pairs))}" if pairs else "")


def _with_ui(pairs: Sequence[tuple[str, str]], ui: Ui) -> list[tuple[str, str]]:
    return [*pairs, ("ui", "ar")] if ui.lang == "ar" else list(pairs)


def _chrome(site: Site, here: str, pairs: Sequence[tuple[str, str]] = (),
            extra: Callable[[etree._Element, Ui], None] | None = None) -> Callable[[etree._Element, Ui], None]:
    """The app bar: the name, Compare, Archive, API, the other interface
    language (the same page), and what the page adds (downloads, options)."""

    def build(body: etree._Element, ui: Ui) -> None:
        bar = el(body, "header", cls="app-bar", id="app-bar")
        el(bar, "a", "communique", cls="brand", href=_href("/", _with_ui([], ui)))
        nav = el(bar, "nav", aria_label="communique")
        el(nav, "a", w(ui, "compare"), href=_href("/", _with_ui([], ui)))
        if site.archive:
            el(nav, "a", w(ui, "archive"), href=_href("/archive", _with_ui([], ui)))
        el(nav, "a", w(ui, "api"), href="/openapi.json")
        other = Ui("en" if ui.lang == "ar" else "ar")
        el(nav, "a", w(ui, "other.ui"), href=_href(here, _with_ui(pairs, other)), cls="ui-switch",
           lang=other.lang, dir=other.dir, hreflang=other.lang)
        if extra is not None:
            extra(bar, ui)

    return build


def _finish(root: etree._Element, script: bool) -> str:
    return serialize(root, script)


# --------------------------------------------------------------------------- options controls


def options_controls(parent: etree._Element, opts: DiffOptions, ui: Ui, prefix: str) -> None:
    """The diff options as form controls, named as the CLI names them."""
    row = el(parent, "div", cls="options")
    el(row, "span", w(ui, "ignore"))
    for rule in RULES:
        label = el(row, "label")
        box = el(label, "input", type="checkbox", name="ignore", value=rule, id=f"{prefix}-ignore-{rule}")
        if rule in opts.ignore:
            box.set("checked", "checked")
        append_text(label, f" {rule}")
    row = el(parent, "div", cls="options")
    label = el(row, "label")
    box = el(label, "input", type="checkbox", name="strict", value="1", id=f"{prefix}-strict")
    if opts.strict:
        box.set("checked", "checked")
    append_text(label, " " + w(ui, "strict"))
    label = el(row, "label")
    append_text(label, w(ui, "threshold") + " ")
    el(label, "input", type="number", name="threshold", min="0", max="1", step="0.05", placeholder="0.5",
       id=f"{prefix}-threshold", value=None if opts.threshold is None else f"{opts.threshold:g}")
    label = el(row, "label")
    box = el(label, "input", type="checkbox", name="cross_language", value="1", id=f"{prefix}-cross")
    if opts.cross_language:
        box.set("checked", "checked")
    append_text(label, " " + w(ui, "cross"))
    defaults = ", ".join(DEFAULT.ignored)
    note(parent, w(ui, "strict.note") + f" ({defaults}).", ui=ui)


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True)
class FormValues:
    old_text: str = ""
    new_text: str = ""
    old_url: str = ""
    new_url: str = ""


def compare_page(site: Site, ui: Ui, opts: DiffOptions | None = None, values: FormValues | None = None,
                 error: str | None = None) -> str:
    opts = opts or DiffOptions()
    values = values or FormValues()
    root, body = page(w(ui, "compare.title") + " · communique", "compare-page", False, ui, _chrome(site, "/"))
    main = el(body, "main")
    el(main, "h1", w(ui, "compare.title"))
    el(main, "p", w(ui, "compare.intro"), cls="muted")
    if error:
        el(main, "p", error, cls="error", role="alert", id="app-error")
    form = el(main, "form", cls="compare", method="post", action="/compare", enctype="multipart/form-data",
              id="compare-form")
    sides = el(form, "div", cls="sides")
    for side, text, url in (("old", values.old_text, values.old_url), ("new", values.new_text, values.new_url)):
        box = el(sides, "fieldset", cls=f"side side-{side}")
        el(box, "legend", w(ui, f"{side}.round"))
        label = el(box, "label", cls="field")
        el(label, "span", w(ui, "paste"))
        el(label, "textarea", text or None, name=f"{side}_text", id=f"{side}-text", dir="auto", rows="12",
           spellcheck="false")
        label = el(box, "label", cls="field")
        el(label, "span", w(ui, "upload"))
        el(label, "input", type="file", name=f"{side}_file", id=f"{side}-file")
        label = el(box, "label", cls="field")
        el(label, "span", w(ui, "url"))
        el(label, "input", type="url", name=f"{side}_url", id=f"{side}-url", placeholder="https://…",
           value=url or None)
    box = el(form, "fieldset", cls="options-box")
    el(box, "legend", w(ui, "options"))
    options_controls(box, opts, ui, "c")
    if ui.lang == "ar":
        el(form, "input", type="hidden", name="ui", value="ar")
    el(form, "button", w(ui, "submit"), type="submit", cls="primary", id="compare-submit")
    return _finish(root, False)


def diff_page(site: Site, diff: Diff, key: str, opts: DiffOptions, ui: Ui) -> str:
    """The diff report as served: the app bar with the downloads and the
    options (a GET form to the same address), then the report itself."""
    here = f"/compare/{key}"
    pairs = opts.query()

    def extra(bar: etree._Element, u: Ui) -> None:
        down = el(bar, "span", cls="downloads", id="downloads")
        el(down, "span", w(u, "download"), cls="muted")
        for name, label in (("diff.json", "json"), ("diff.tei.xml", "tei"), ("diff.md", "markdown"),
                            ("report.html", "html")):
            query = _with_ui(pairs, u) if name == "report.html" else pairs
            el(down, "a", w(u, label), href=_href(f"{here}/{name}", query), download=name, data_format=label)
        el(bar, "span", cls="spacer")
        el(bar, "a", w(u, "new.compare"), href=_href("/", _with_ui([], u)))
        box = el(bar.getparent(), "details", cls="served-options", id="options")
        summary = el(box, "summary")
        append_text(summary, f"{w(u, 'options')}: {diff.profile.describe()} · {diff.threshold:g}")
        form = el(box, "form", method="get", action=here, id="options-form")
        fields = el(form, "fieldset")
        el(fields, "legend", w(u, "options"))
        options_controls(fields, opts, u, "o")
        if u.lang == "ar":
            el(form, "input", type="hidden", name="ui", value="ar")
        el(form, "button", w(u, "apply"), type="submit", id="options-submit")

    root, _ = build_diff(diff, "", True, ui.lang, _chrome(site, here, pairs, extra))
    return _finish(root, True)


def error_page(site: Site, ui: Ui, status: int, message: str) -> str:
    root, body = page(w(ui, "error", status=status) + " · communique", "error-page", False, ui, _chrome(site, "/"))
    main = el(body, "main")
    el(main, "h1", w(ui, "error", status=status))
    el(main, "p", message, cls="error", role="alert", id="app-error")
    return _finish(root, False)


# --------------------------------------------------------------------------- archive


def series_href(sid: str, ui: Ui) -> str:
    return _href(f"/archive/series/{quote(sid, safe='')}", _with_ui([], ui))


def lineage_href(sid: str, lin: str, ui: Ui) -> str:
    return _href(f"/archive/series/{quote(sid, safe='')}/lineage/{quote(lin, safe='')}", _with_ui([], ui))


def _search_forms(main: etree._Element, ui: Ui, q: str = "", text: str = "") -> None:
    form = el(main, "form", method="get", action="/archive/search", cls="search", id="search-form")
    label = el(form, "label", cls="field")
    el(label, "span", w(ui, "search"))
    el(label, "input", type="search", name="q", value=q or None, id="search-q", dir="auto")
    if ui.lang == "ar":
        el(form, "input", type="hidden", name="ui", value="ar")
    el(form, "button", w(ui, "search.button"), type="submit")
    form = el(main, "form", method="get", action="/archive/reuse", cls="reuse", id="reuse-form")
    label = el(form, "label", cls="field")
    el(label, "span", w(ui, "reuse"))
    el(label, "textarea", text or None, name="text", id="reuse-text", dir="auto", rows="4")
    if ui.lang == "ar":
        el(form, "input", type="hidden", name="ui", value="ar")
    el(form, "button", w(ui, "reuse.button"), type="submit")


def archive_page(site: Site, ui: Ui, series: Sequence[SeriesLike]) -> str:
    root, body = page(w(ui, "archive.title") + " · communique", "archive-page", False, ui,
                      _chrome(site, "/archive"))
    main = el(body, "main")
    el(main, "h1", w(ui, "archive.title"))
    _search_forms(main, ui)
    table = table_wrap(main, "series-table meta-table")
    tr = el(el(table, "thead"), "tr")
    for key in ("series", "title", "rounds", "first", "last"):
        el(tr, "th", w(ui, key), scope="col")
    tbody = el(table, "tbody")
    for s in series:
        tr = el(tbody, "tr", data_series=s.id)
        td = el(tr, "td")
        el(td, "a", s.id, href=series_href(s.id, ui))
        text_block(tr, "td", s.title or "—", getattr(s, "language", None))
        el(tr, "td", str(s.rounds))
        el(tr, "td", str(getattr(s, "first", None) or "—"), cls="nowrap")
        el(tr, "td", str(getattr(s, "last", None) or "—"), cls="nowrap")
    return _finish(root, False)


def history_page(site: Site, ui: Ui, sid: str, history: History) -> str:
    root, _ = build_history(history, "", True, ui.lang, _chrome(site, f"/archive/series/{quote(sid, safe='')}"),
                            lambda lin: lineage_href(sid, lin, ui))
    return _finish(root, True)


def genealogy_page(site: Site, ui: Ui, sid: str, title: str, history: History, lin_id: str,
                   elsewhere: Sequence[HitLike], language: str | None) -> str:
    lin = next(x for x in history.lineages if x.id == lin_id)
    heading = w(ui, "genealogy.title", lineage=lin_id, series=title or sid)
    here = f"/archive/series/{quote(sid, safe='')}/lineage/{quote(lin_id, safe='')}"
    root, body = page(heading + " · communique", "genealogy-page", False, ui, _chrome(site, here))
    main = el(body, "main")
    el(main, "h1", heading)
    p = el(main, "p", cls="muted")
    el(p, "a", title or sid, href=series_href(sid, ui))
    legend(main, history, ui)
    lineage_section(main, history, lin, ui, lambda other: lineage_href(sid, other, ui))
    el(main, "h2", w(ui, "elsewhere"))
    _hits(main, ui, [h for h in elsewhere if not (h.series == sid and getattr(h, "lineage", None) == lin_id)],
          None, language)
    return _finish(root, False)


def _marked(parent: etree._Element, text: str, query: str | None) -> None:
    """``text`` with each occurrence of ``query`` (case-folded) in ``<mark>``."""
    if not query:
        append_text(parent, text)
        return
    pattern = regex.compile(regex.escape(query), regex.IGNORECASE | regex.V1)
    pos = 0
    for m in pattern.finditer(text):
        if m.start() == m.end():
            continue
        append_text(parent, text[pos:m.start()])
        el(parent, "mark", m.group(0))
        pos = m.end()
    append_text(parent, text[pos:])


def _hits(parent: etree._Element, ui: Ui, hits: Sequence[HitLike], query: str | None,
          language: str | None) -> None:
    if not hits:
        el(parent, "p", w(ui, "hits.none"), cls="muted hits-none")
        return
    count = w(ui, "hits.count", n=len(hits))
    if len(hits) > MAX_HITS:
        count += " " + w(ui, "hits.more", n=MAX_HITS)
    el(parent, "p", count, cls="muted hits-count")
    ol = el(parent, "ol", cls="hits")
    for h in hits[:MAX_HITS]:
        li = el(ol, "li", data_series=h.series)
        head = el(li, "div", cls="hit-head")
        lin = getattr(h, "lineage", None)
        label = w(ui, "clause", series=h.series, round=h.round + 1, path=h.path)
        href = (lineage_href(h.series, lin, ui) + f"#{quote(lin, safe='')}-r{h.round}") if lin \
            else series_href(h.series, ui)
        el(head, "a", label, href=href)
        score = getattr(h, "score", None)
        if isinstance(score, (int, float)):
            append_text(head, " · ")
            el(head, "span", w(ui, "score", pct=f"{score:.0%}"), cls="muted")
        span = el(li, "span", None, cls="text", **lang_attrs(h.text, language))
        _marked(span, excerpt(h.text, 400) if len(h.text) > 400 else h.text, query)


def search_page(site: Site, ui: Ui, query: str, hits: Sequence[HitLike]) -> str:
    heading = w(ui, "search.title", q=query)
    root, body = page(heading + " · communique", "search-page", False, ui,
                      _chrome(site, "/archive/search", [("q", query)]))
    main = el(body, "main")
    el(main, "h1", heading)
    _search_forms(main, ui, q=query)
    _hits(main, ui, hits, query, None)
    return _finish(root, False)


def reuse_page(site: Site, ui: Ui, text: str, hits: Sequence[HitLike]) -> str:
    heading = w(ui, "reuse.title")
    root, body = page(heading + " · communique", "reuse-page", False, ui,
                      _chrome(site, "/archive/reuse", [("text", text)] if len(text) < 2000 else []))
    main = el(body, "main")
    el(main, "h1", heading)
    _search_forms(main, ui, text=text)
    _hits(main, ui, hits, None, None)
    return _finish(root, False)


def no_archive_page(site: Site, ui: Ui) -> str:
    return error_page(site, ui, 404, w(ui, "no.archive"))
