"""Metadata of a statement: title, round, date and last day, place, parties,
observers, mentions, language.

Where each comes from:

* **title** — the container's (front matter, HTML ``h1``) or the best
  title line above the statement (:mod:`.titles`).
* **round** — the first round or session number (:mod:`.rounds`) in the
  title and the preamble, then a report's lead paragraphs, then the first
  clause when it speaks of the meeting itself (``Our eighteenth Summit``).
  Clauses are not searched otherwise: they cite other rounds.
* **date**, **date_end** — the statement's dateline before a date in a
  sentence, before a date alone on a line, before the page's publication
  stamp (:func:`.dates.statement_date`); the clauses cite other dates.
* **place** — the dateline's place; else a place the lead says the meeting
  was in (``held in``, ``في``, ``the Kazakh capital``); else a news dateline
  (``ASTANA —``, ``الرياض - واس``); else the first place the lead names;
  else where the clauses thank a host (``for hosting … in Astana``).
  ``Astana format``, ``صيغة أستانا``, ``Astana-15``, the Geneva Conventions
  name no place.
* **parties**, **observers**, **mentions** — :mod:`.parties`.

Every pattern compiles on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import regex

from ..model import Block, Clause, Meta
from ..text.names import PLACES, SITES, STATES, NameMatch
from ..text.patterns import compiled
from .dates import find_date, line_key, statement_date
from .parties import find_mentions, find_parties, is_un_resolution, observers_in
from .rounds import find_round, pick_round, round_candidates
from .titles import statement_title
from .units import speaks

__all__ = ["extract_meta", "find_date", "find_round"]


def extract_meta(preamble: tuple[Block, ...], clauses: tuple[Clause, ...], closing: tuple[Block, ...],
                 language: str | None, title_hint: str | None = None) -> Meta:
    """The metadata of a parsed statement (see the module docstring)."""
    # the layout's title block when no line reads as a title ("Title <b>x</b>": two words, no document kind)
    title = " ".join(title_hint.split()) if title_hint else (
        statement_title(preamble) or next((" ".join(b.text.split()) for b in preamble if b.kind == "title"), None))
    pre_lines = [ln for b in preamble for ln in b.text.splitlines() if ln.strip()]
    content = [ln for b in preamble if b.kind != "boilerplate" for ln in b.text.splitlines() if ln.strip()]
    # a report's opening paragraphs (prose mode) say where, when and who, and so does the
    # speakers' own first paragraph of a declaration (``نحن قادة … يوم 16 أيار/مايو 2024``: p1)
    lead = [c.full_text for c in clauses[:2] if c.marker is None
            and (c.role == "prose" or (c.role == "preambular" and speaks(c.text)))]
    closing_lines = [ln for b in closing for ln in b.text.splitlines() if ln.strip()]

    found = statement_date([*pre_lines, *lead, *closing_lines])
    rnd = _round([title or "", *content], lead, clauses[:1])
    head = [*content, *lead]
    head_keys = [line_key(t) for t in head]
    observers = tuple(observers_in("\n".join(head_keys)))
    un = is_un_resolution("\n".join(line_key(t) for t in pre_lines))
    parties = () if un else tuple(p for p in find_parties(head_keys, line_key(title or ""), found.date)
                                  if p not in observers)
    texts = [t for c in clauses for node in c.walk() for t in (node.text, *(p.text for p in node.paragraphs))]
    return Meta(
        title=title,
        round=rnd,
        date=found.date,
        date_end=found.date_end,
        place=None if un and found.place is None else found.place or _place(title, head, texts, found.date),
        parties=parties,
        observers=observers,
        mentions=find_mentions(texts, (*parties, *observers)),
        language=language,
    )


@cache
def _own_round() -> regex.Pattern[str]:
    # the first clause speaking of this meeting: "Our eighteenth Summit", "convened its Forty-Fourth Session"
    return compiled(r"\b(?:our|its|this)\s+(?:\S+\s+){1,4}?(?:summit|session|meeting|round)\b"
                         r"|(?<!\p{L})(?:دورته|دورتها|قمتنا|اجتماعنا|دورتنا)(?!\p{L})", regex.I | regex.V0)


def _round(head: Sequence[str], lead: Sequence[str], first: Sequence[Clause]) -> int | None:
    candidates = [c for text in head for line in text.splitlines() for c in round_candidates(line_key(line))]
    value = pick_round(candidates)
    if value is None and lead:
        value = find_round("\n".join(lead))
    if value is None and first:
        key = line_key(first[0].text, 1000)
        own = _own_round().search(key)
        value = find_round(key[max(0, own.start() - 80):own.end() + 80]) if own else None
    return value


@cache
def _place_patterns() -> dict[str, regex.Pattern[str]]:
    flags = regex.I | regex.V0
    return {
        # names that are not the meeting's place
        "not_after": compiled(r"\W{0,2}(?:format|process|talks|formula|guarantors?|track|conventions?|"
                                   r"communiqu[eé]|peace\s+process|[-–]?\s*\d)", flags),
        "not_before": compiled(r"(?<!\p{L})(?:ب|ل)?(?:صيغه|مسار|محادثات|مباحثات|اجتماعات|عمليه|منصه|اتفاقيه|"
                                    r"اتفاقيات|جوله)\s*[«\"]?\s*$", flags),
        # "in Astana", "في الرياض", "بمدينة جدة", "في العاصمة الكازاخستانية «أستانا»", "in the Kazakh capital, Astana"
        "meeting": compiled(r"(?:\b(?:in|at)(?:\s+the\s+\p{L}+\s+capital,?)?|(?<!\p{L})(?:في|بمدينه|مدينه|بمحافظه|"
                                 r"محافظه)(?:\s+العاصمه(?:\s+\p{L}+)?)?|(?<!\p{L})в)\s*[«\"]?\s*$", flags),
        "capital": compiled(r"(?:\bthe\s+(\p{L}+)\s+capital\b|(?<!\p{L})العاصمه\s+(\p{L}+))", flags),
        "news_dateline": compiled(r"^\W*(.{2,40}?)\s*(?:[–—-]|\(\p{L}+\)|\.\s+\p{Lu}{2,})", flags),
        "hosting": compiled(r"\bhosting\b|استضاف", flags),
        "today": compiled(r"\b(?:today|here|we\s+met|our\s+meeting)\b|(?<!\p{L})(?:اليوم|اجتماعنا)(?!\p{L})",
                               flags),
        "met": compiled(r"\b(?:met|meeting|gathered|convened|held)\b|(?<!\p{L})(?:اجتمع|عقد|انعقد|التام)", flags),
    }


_CAPITALS = {"Kazakhstan": None, "Saudi Arabia": "Riyadh", "Qatar": "Doha", "Kuwait": "Kuwait",
             "Bahrain": "Manama", "United Arab Emirates": "Abu Dhabi", "Oman": "Muscat", "Egypt": "Cairo",
             "Jordan": "Amman", "Iran": "Tehran", "Russia": "Moscow", "Turkey": "Ankara", "Syria": "Damascus",
             "Iraq": "Baghdad", "Lebanon": "Beirut", "Algeria": "Algiers", "Tunisia": "Tunis", "Japan": "Tokyo"}


def _capital(state: str, date: str | None) -> str | None:
    if state == "Kazakhstan":  # renamed Nur-Sultan from 20 March 2019 to 17 September 2022
        return "Nur-Sultan" if date and "2019-03-20" <= date < "2022-09-17" else "Astana"
    return _CAPITALS.get(state)


@lru_cache(maxsize=256)
def _places(key: str) -> tuple[NameMatch, ...]:
    """The places ``key`` names as places (not ``the Astana format``)."""
    p = _place_patterns()
    return tuple(m for m in PLACES.matches(key) if not p["not_after"].match(key, m.end)
                 and not p["not_before"].search(key[max(0, m.start - 20):m.start]))


def _place(title: str | None, head: Sequence[str], clauses: Sequence[str], date: str | None) -> str | None:
    p = _place_patterns()
    keys = [line_key(t) for t in (title or "", *head) if t]
    # A town or crossing the statement is about ("the siege of El Fasher",
    # "the situation in Idlib") is the venue only when no other place is.
    cued_sites: list[str] = []
    for key in keys:  # where the lead says the meeting was
        for m in _places(key):
            if p["meeting"].search(key[max(0, m.start - 40):m.start]):
                if m.entry not in SITES:
                    return m.entry
                cued_sites.append(m.entry)
        for cap in p["capital"].finditer(key) if "capital" in key or "العاصمه" in key else ():
            state = next(STATES.entries(cap.group(1) or cap.group(2)), None)
            if state and _capital(state, date):
                return _capital(state, date)
    for key in keys:  # a news dateline: "ASTANA —", "الرياض - واس"
        dateline = p["news_dateline"].match(key)
        places = _places(dateline.group(1)) if dateline else ()
        if places:
            return places[0].entry
    if cued_sites:
        return cued_sites[0]
    named = [m.entry for key in keys for m in _places(key)]
    if named:
        return next((e for e in named if e not in SITES), named[0])
    for k, text in enumerate(clauses):  # "Meeting today in Brussels, …", "… for hosting the meeting in Astana"
        at = max(text.find("host"), text.find("استضاف"))
        if at < 0 and k >= 3:
            continue
        key = line_key(text[max(0, at - 300):at + 300] if at >= 0 else text, 1000)
        met = p["met"].search(key)
        if p["hosting"].search(key) or (met and (k == 0 or (k < 3 and p["today"].search(key)))):
            hosted = [m for m in _places(key) if p["meeting"].search(key[max(0, m.start - 40):m.start])]
            if hosted:
                return hosted[0].entry
    return None
