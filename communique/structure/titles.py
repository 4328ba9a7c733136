"""The statement's own title among the lines above it.

A page above a statement holds a site name, menus, breadcrumbs, a news
headline, bylines, datelines, captions, and somewhere the statement's title.
Lines are scored: 3 for a document title (the kind of document at its start
or end: ``Joint Statement by …``, ``G7 Hiroshima Leaders' Communiqué``,
``البيان الختامي …``, ``إعلان جدة``, ``Совместное заявление …``; a UN
resolution's title after its symbol, ``78/70. Assistance in mine action``,
or just above ``The General Assembly,``), 2 for a line that names the kind
of document elsewhere (a news headline about the statement), 1 for any other
headline-like line; menus, bylines, dates, captions, lead-ins and sentences
are never titles.  The best and first wins.  A title broken over short lines
(``البيان الختامي`` / ``للدورة الثامنة والعشرين …`` / ``لمجلس التعاون …``) is
joined; a trailing place and date (``…, Nur-Sultan, 22 December 2021``,
``(Karuizawa, 18 April 2023)``) and an outlet's label (``Official text:``,
``ننشر نص``) are dropped; tatweel is removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import regex

from ..model import Block
from ..text.names import PLACES, STATES
from ..text.patterns import compiled
from .dates import find_dates, line_key


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    kind = (r"(?:joint\s+|final\s+|leaders'?\s+|chair'?s\s+)?(?:statement|communiqu[eé]|declaration|summary)"
            r"|(?:ال)?بيان(?:ا|ه)?|(?:ال)?اعلان|заявлени\p{L}*|коммюнике|декларац\p{L}*")
    flags = regex.I | regex.V0
    return {
        "kind": compiled(rf"(?<!\p{{L}})(?:{kind})(?!\p{{L}})", flags),
        "reject": compiled(
            r"^\W*(?:by|posted|published|updated|photo|image|share|tags?|read\s+(?:also|more)|also\s+read|related|"
            r"no\s*[.:]|press\s+release|distr|agenda\s+item|resolution\s+adopted|draft\s+resolution|"
            r"كتب|بقلم|صوره|شارك|الوسوم|اقرا\s+ايضا|مده\s+القراءه|البند|قرار\s+اتخذته|مشروع\s+قرار|"
            r"the\s+general\s+assembly|(?:ان\s+)?الجمعيه\s+العامه\s*[،,]?$)"
            r"|\b\d{1,2}:\d\d\b|^[\[(].*[\])]$|^\W*$", flags),
        "breadcrumb": compiled(r"\s+(?:»|›|>|/)\s+"),
        "label": compiled(r"^.{0,40}?\b(?:official|full)\s+text\s*:\s*|^(?:ننشر|تنشر|ينشر|اليكم)\s+(?:نص\s+)?",
                               flags),
        "symbol": compiled(r"^\s*\d{1,3}/\d{1,4}\s*[.\-–]\s+"),
        "chapeau": compiled(r"^\W*(?:the\s+)?(?:general\s+assembly|security\s+council|human\s+rights\s+council)"
                                 r"\s*,?\s*$|^\W*(?:ان\s+)?(?:الجمعيه\s+العامه|مجلس\s+الامن)\s*[،,]?\s*$", flags),
        "continues": compiled(r"^(?:ل|لل)\p{Arabic}|^(?:of|on|for)\s+the\b|^OF\s+THE\b"),
        "trailing_paren": compiled(r"\s*\(([^()]*)\)\s*$"),
    }


_STRETCH = compiled(r"(?<=\p{L}\p{M}*)\u0640+(?=\p{L})")


_COMMA = compiled(r"[,،]")
_COMMA_KEPT = compiled(r"(\s*[,،]\s*)")
_TEXT_OF = compiled(r"^\W*(?:نص\s+)?\W*")  # "نص «إعلان البحرين»": the text of …


def _clean(text: str) -> str:
    """White space collapsed, tatweel that stretches a word removed (``البيـان``
    → ``البيان``); tatweel joining an article to digits stays (``الـ44``)."""
    return " ".join(_STRETCH.sub("", text).split())


def _is_date_or_place(part: str) -> str | None:
    """``"date"`` or ``"place"`` when ``part`` is only that (``22 December
    2021``, ``Nur-Sultan``, ``New Delhi, India``)."""
    key = line_key(part)
    if not key:
        return None
    hits = find_dates(key)
    if hits and sum(h.stop - h.pos for h in hits) >= 0.6 * len(key.replace(" ", "")):
        return "date"
    rest = key
    for m in [*PLACES.matches(key), *STATES.matches(key)]:
        rest = rest.replace(key[m.start:m.end], " ")
    return "place" if rest.strip(" ,،-–") == "" else None


def strip_place_and_date(title: str) -> str:
    """``Joint Statement …, Astana, 20-21 June 2023`` → ``Joint Statement …``."""
    p = _patterns()
    m = p["trailing_paren"].search(title)
    if m and any(_is_date_or_place(part) for part in _COMMA.split(m.group(1))):
        title = title[:m.start()]
    parts = _COMMA_KEPT.split(title)
    while len(parts) >= 3 and _is_date_or_place(parts[-1]) == "date":
        parts = parts[:-2]
        while len(parts) >= 3 and _is_date_or_place(parts[-1]) == "place":
            parts = parts[:-2]
    return "".join(parts).strip(" ,،-–")


def _score(line: str, key: str) -> int:
    p = _patterns()
    words = key.split()
    if not words or len(words) > 40 or p["reject"].search(key):
        return 0
    if key.endswith(":") or (key.endswith((".", "،")) and len(words) >= 6):
        return 0  # a lead-in or a sentence
    if key.count(" | ") >= 2:
        return 0
    if p["kind"].search(key):
        bare = _TEXT_OF.sub("", key)
        tail = strip_place_and_date(key)[-40:]
        ends = [m.end() for m in p["kind"].finditer(tail)]
        at_end = bool(ends) and ends[-1] >= len(tail.rstrip(" .")) - 1
        return 3 if p["kind"].match(bare) or at_end else 2
    if len(words) < 3 or (line.isupper() and len(words) < 6) or _is_date_or_place(key) is not None:
        return 0
    return 1


def _candidate(line: str) -> str:
    """The part of a line that could be a title: the last step of a
    breadcrumb, the first part of ``title | site``, without an outlet's label."""
    p = _patterns()
    steps = p["breadcrumb"].split(line)
    if len(steps) > 1:
        line = steps[-1]
    if line.count(" | ") == 1:
        line = line.split(" | ")[0]
    return p["label"].sub("", line)


@lru_cache(maxsize=512)
def _scored(line: str) -> tuple[str, str, int]:
    """A preamble line's title candidate, its key and its score as a title.
    Kept: the rounds of one negotiation (and a statement's copies) share
    their header lines, and scoring one is a dozen pattern searches."""
    cand = _candidate(_clean(line))
    key = line_key(cand)
    return cand, key, _score(cand, key)


def statement_title(preamble: Sequence[Block]) -> str | None:
    """The statement's title among the preamble's lines, or None."""
    p = _patterns()
    lines = [ln for b in preamble for ln in b.text.splitlines() if ln.strip()]
    keys = [line_key(ln) for ln in lines]
    best: tuple[int, int, str] | None = None  # (score, -index, text)
    for k, line in enumerate(lines):
        symbol = p["symbol"].match(keys[k])
        if symbol:  # 78/70. Assistance in mine action
            found = (3, -k, _clean(line)[len(symbol.group()):].strip())
        else:
            cand, key, score = _scored(line)
            nxt = next((j for j in range(k + 1, len(keys)) if len(keys[j].split()) > 1), None)
            if score and nxt is not None and p["chapeau"].match(keys[nxt]) and not p["kind"].search(key):
                score = 3  # the line just above "The General Assembly,"
            if not score:
                continue
            found = (score, -k, cand)
        if best is None or found[:2] > best[:2]:
            best = found
    if best is None:
        return None
    start, title = -best[1], best[2]
    # a title broken over short lines: "البيان الختامي" / "للدورة الثامنة والعشرين …"
    for j in range(start + 1, min(start + 4, len(lines))):
        more = _clean(lines[j])
        if more == title or line_key(more) == line_key(title):
            continue
        if len(more.split()) > 12 or not p["continues"].match(more) or title.endswith((".", ":", "،")):
            break
        title = f"{title} {more}"
    return strip_place_and_date(title) or None
