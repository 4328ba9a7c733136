"""Who issued a statement, who watched, and which states it talks about.

* ``parties``: the signatories or guarantors.  A statement of a known
  format has its members, named or not (the Astana guarantors; the six GCC
  states; the League's 22; the G7, the G20's 19 states, BRICS, the Quad);
  otherwise the states listed after a participation cue (``the Foreign
  Ministers of …``, ``Joint Statement by …``, ``ممثلو``, ``بمشاركة``,
  ``Представители``), or failing that the states the title or lead names
  outside a subject phrase (``on Syria``, ``حول ليبيا``).  A UN resolution
  has none: the Assembly or Council speaks.  The EU and AU are not states.
* ``observers``: the list of states next to ``as observers`` / ``بصفة
  مراقبين`` / ``в качестве наблюдателей``.
* ``mentions``: the other states the clauses name or clearly mean (``Gaza``
  → Palestine, ``Israeli strikes`` → Israel, the host ``Kazakhstan``).

The three lists are disjoint.  Patterns compile on first use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ..text.names import PLACES, STATES, NameMatch
from ..text.patterns import compiled, holds_any

_GCC = ("Bahrain", "Kuwait", "Oman", "Qatar", "Saudi Arabia", "United Arab Emirates")
_G7 = ("Canada", "France", "Germany", "Italy", "Japan", "United Kingdom", "United States")
_ARAB_LEAGUE = ("Algeria", "Bahrain", "Comoros", "Djibouti", "Egypt", "Iraq", "Jordan", "Kuwait", "Lebanon", "Libya",
                "Mauritania", "Morocco", "Oman", "Palestine", "Qatar", "Saudi Arabia", "Somalia", "Sudan", "Syria",
                "Tunisia", "United Arab Emirates", "Yemen")


@dataclass(frozen=True, slots=True)
class Format:
    """A group whose statements speak for a fixed membership."""

    name: str
    pattern: str  # how the statement names it (Arabic folded: أ → ا, ة → ه)
    members: tuple[tuple[str, str | None, str | None], ...]  # (state, member since, member until) ISO dates
    needles: tuple[str, ...] = ()  # lower-case strings one of which any match contains: a cheap test first

    def members_on(self, date: str | None) -> tuple[str, ...]:
        """The members at ``date`` (all present members when it is unknown)."""
        when = date if date and not date.startswith("--") else "9999"
        return tuple(state for state, since, until in self.members
                     if (since is None or since <= when) and (until is None or when < until))


def _always(*states: str) -> tuple[tuple[str, None, None], ...]:
    return tuple((s, None, None) for s in states)


FORMATS = (
    # Syria was suspended from the League from November 2011 to May 2023.
    Format("Arab League", r"(?:مجلس\s+)?جامعه\s+الدول\s+العربيه\s+علي\s+مستوي\s+القمه|القمه\s+العربيه|"
           r"قاده\s+الدول\s+العربيه|مجلس\s+الجامعه\s+علي\s+مستوي\s+القمه|\bArab\s+(?:League\s+)?Summit\b|"
           r"\bCouncil\s+of\s+the\s+League\s+of\s+Arab\s+States\b",
           (*((s, None, None) if s != "Syria" else (s, "2023-05-07", None) for s in _ARAB_LEAGUE),
            ("Syria", None, "2011-11-16")), ("القمه", "قاده", "arab", "league")),
    Format("GCC", r"مجلس\s+التعاون(?:\s+لدول\s+الخليج\s+العربيه|\s+الخليجي)?|القمه\s+الخليجيه|"
           r"\bGulf\s+Cooperation\s+Council\b|\bGCC\b|"
           r"\bCooperation\s+Council\s+for\s+the\s+Arab\s+States\s+of\s+the\s+Gulf\b"
           r"|Совет\p{L}*\s+сотрудничества\s+арабских\s+государств\s+Залива", _always(*_GCC),
           ("التعاون", "الخليجيه", "gulf", "gcc", "сотрудничества")),
    Format("Astana", r"\bguarantor|\bAstana\s+(?:format|process|talks|formula)|"
           r"(?<!\p{L})(?:ال)?ضامن(?:ه|ين|ون|ان|تين)?(?!\p{L})|"  # not التضامن, solidarity
           r"(?:صيغه|مسار|محادثات|مباحثات|اجتماعات|منصه)\s+(?:استانا|استانه|استانة)|астанинск|гарант",
           _always("Iran", "Russia", "Turkey"), ("guarantor", "astana", "ضامن", "استان", "астанинск", "гарант")),
    Format("G7", r"\bG-?7\b|\bGroup\s+of\s+Seven\b|مجموعه\s+السبع|Больш\p{L}*\s+семерк", _always(*_G7),
           ("g7", "g-7", "seven", "السبع", "семерк")),
    Format("G20", r"\bG-?20\b|\bGroup\s+of\s+Twenty\b|مجموعه\s+العشرين|Групп\p{L}*\s+двадцати",
           _always("Argentina", "Australia", "Brazil", "Canada", "China", "France", "Germany", "India", "Indonesia",
                   "Italy", "Japan", "Mexico", "Russia", "Saudi Arabia", "South Africa", "South Korea", "Turkey",
                   "United Kingdom", "United States"), ("g20", "g-20", "twenty", "العشرين", "двадцати")),
    Format("BRICS", r"\bBRICS\b|بريكس|БРИКС",
           _always("Brazil", "Russia", "India", "China", "South Africa")
           + tuple((s, "2024-01-01", None) for s in ("Egypt", "Ethiopia", "Iran", "United Arab Emirates"))
           + (("Indonesia", "2025-01-06", None),), ("brics", "بريكس", "брикс")),
    Format("Quad", r"\bQuad\b", _always("Australia", "India", "Japan", "United States"), ("quad",)),
)


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    return {
        # the resolution's own body speaks, not states
        "un": compiled(r"^\W*(?:the\s+)?(?:general\s+assembly|security\s+council|human\s+rights\s+council)"
                            r"\s*,?\s*$"
                            r"|resolution\s+adopted\s+by\s+the|^\W*(?:ان\s+)?(?:الجمعيه\s+العامه|مجلس\s+الامن)\s*[،,]?\s*$"
                            r"|قرار\s+اتخذته|^\W*draft\s+resolution\s*$", regex.I | regex.M),
        "cue": compiled(
            r"\b(?:representatives?|delegations?|leaders|heads\s+of\s+(?:state|delegation)s?|presidents?|"
            r"prime\s+ministers?|(?:foreign\s+)?ministers?(?:\s+of\s+foreign\s+affairs)?|governments?|kings?|emirs?)"
            r"\s+of\b|\bstatement\s+(?:by|of)\b|\bwith\s+the\s+participation\s+of\b|\bbetween\b"
            r"|(?<!\p{L})(?:ممثل[وي]|وفود|وفد|قاده|رؤساء|زعماء|وزراء|حكومات|بمشاركه|بحضور|بين)(?!\p{L})"
            r"|представител\p{L}*|делегаци\p{L}*|министр\p{L}*|лидер\p{L}*|глав\p{L}*", regex.I | regex.V0),
        "observer": compiled(r"\bobservers?\b|مراقب\p{L}*|наблюдател\p{L}*", regex.I | regex.V0),
        "subject": compiled(r"(?:\b(?:on|about|regarding|concerning|over)|(?<!\p{L})(?:حول|بشان|عن|تجاه)"
                                 r"|(?<!\p{L})по)\s+(?:the\s+)?(?:situation\s+in\s+)?(?:الوضع\s+في\s+)?$",
                                 regex.I | regex.V0),
        # what may stand between the names of a list: "and the Republic of", "وجمهورية", "и"
        "connector": compiled(
            r"(?:[\s,،;.&]|\b(?:and|the|of|republic|kingdom|hashemite|islamic|arab|state|states|federation|"
            r"sultanate|delegations?|representatives?|governments?|well|as|also|people'?s?|democratic)\b"
            r"|(?<!\p{L})و?(?:ال)?(?:جمهوريه|مملكه|دوله|سلطنه|اماره|الهاشميه|الاسلاميه|العربيه|الاتحاديه|الشعبيه|"
            r"الديمقراطيه|المتحده|الاتحاد|وفد|وفود|ممثلي|ممثلو|كل|من|قاده|رؤساء|وزراء|خارجيه|حكومه|حكومات)(?!\p{L})"
            r"|(?<!\p{L})(?:и|республик\p{L}*|королевств\p{L}*|федераци\p{L}*|государств\p{L}*|делегаци\p{L}*)(?!\p{L}))*",
            regex.I | regex.V0),
    }


@cache
def _format_patterns() -> tuple[regex.Pattern[str], ...]:
    return tuple(compiled(f.pattern, regex.I | regex.V0) for f in FORMATS)


def _first_format(text: str) -> tuple[int, Format] | None:
    """Where the first format ``text`` names starts, and which; only the
    formats one of whose needles occurs are searched for."""
    low = text.lower()
    first: tuple[int, Format] | None = None
    for fmt, pattern in zip(FORMATS, _format_patterns(), strict=True):
        if holds_any(low, fmt.needles):
            m = pattern.search(text, 0, first[0] if first else len(text))
            if m is not None:
                first = (m.start(), fmt)
    return first


def detect_format(text: str) -> Format | None:
    """The first format ``text`` (the title and lead) names."""
    first = _first_format(text)
    return first[1] if first else None


_UN_NEEDLES = ("general assembly", "security council", "human rights council", "resolution", "الجمعيه العامه",
               "مجلس الامن", "قرار")


def is_un_resolution(text: str) -> bool:
    low = text.lower()
    return holds_any(low, _UN_NEEDLES) and bool(_patterns()["un"].search(text))


def _joined(text: str, a: NameMatch, b: NameMatch) -> bool:
    """Whether only list connectors stand between two names (a full stop
    before a space ends the sentence, and the list: ``… for Syria.
    Representatives of Jordan …``; the dot of ``U.S.`` does not)."""
    gap = text[a.end:b.start]
    if _SENTENCE_GAP.search(gap):
        return False
    return _patterns()["connector"].fullmatch(text, a.end, b.start) is not None


_SENTENCE_GAP = compiled(r"[.!?؟]\s")


def _list_from(text: str, names: Sequence[NameMatch], first: int) -> list[str]:
    out = [names[first].entry]
    for k in range(first + 1, len(names)):
        if not _joined(text, names[k - 1], names[k]):
            break
        out.append(names[k].entry)
    return out


@lru_cache(maxsize=512)  # (this and the two below: rounds share their title and lead lines)
def listed_after_cue(text: str) -> tuple[str, ...]:
    """The states listed right after the first participation cue that
    introduces a list (``the Foreign Ministers of Australia, India, Japan and
    the United States``)."""
    names = STATES.matches(text)
    if not names:
        return ()
    starts = [n.start for n in names]
    for cue in _patterns()["cue"].finditer(text):
        first = bisect_left(starts, cue.end())
        if first == len(names):
            break
        if _patterns()["connector"].fullmatch(text, cue.end(), names[first].start):
            return tuple(_list_from(text, names, first))
    return ()


def observers_in(text: str) -> list[str]:
    """The states listed next to an observer cue: the nearest list before it
    (``Jordan, Iraq and Lebanon attended as observers``) within ten words,
    else the list right after it."""
    names = STATES.matches(text)
    ends, starts = [n.end for n in names], [n.start for n in names]
    out: list[str] = []
    for cue in _patterns()["observer"].finditer(text):
        k = bisect_right(ends, cue.start()) - 1  # the last name before the cue
        if k >= 0 and len(text[names[k].end:cue.start()].split()) <= 10:
            while k > 0 and _joined(text, names[k - 1], names[k]):
                k -= 1
            out += _list_from(text, names, k)
            continue
        after = bisect_left(starts, cue.end())
        if after < len(names) and len(text[cue.end():names[after].start].split()) <= 4:
            out += _list_from(text, names, after)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=512)
def named_outside_subjects(text: str) -> tuple[str, ...]:
    """States ``text`` names, except those it is about (``on Syria``,
    ``حول ليبيا``, ``по Сирии``)."""
    subject = _patterns()["subject"]
    return tuple(n.entry for n in STATES.matches(text) if not subject.search(text[max(0, n.start - 40):n.start]))


def find_parties(lead: Sequence[str], title: str | None, date: str | None) -> tuple[str, ...]:
    """The parties from the statement's title and lead lines (see the module
    docstring; a UN resolution's are none, :func:`is_un_resolution`);
    ``date`` picks a format's members at the time."""
    head = "\n".join([title or "", *lead])
    fmt = detect_format(head)
    if fmt is not None:
        members = fmt.members_on(date)
        return members + tuple(s for s in _hyphen_partners(title or "") if s not in members)
    for text in (title or "", *lead):
        listed = listed_after_cue(text)
        if listed:
            return tuple(dict.fromkeys(listed))
    for text in (title or "", *lead):
        named = () if _place_line(text) else named_outside_subjects(text)
        if named:
            return tuple(dict.fromkeys(named))
    return ()


@lru_cache(maxsize=512)
def _place_line(text: str) -> bool:
    """A line that only names a place and its country (``ABIDJAN, REPUBLIC OF
    CÔTE D'IVOIRE``, ``جدة - المملكة العربية السعودية``): the host, not a party."""
    rest = text
    for m in sorted([*PLACES.matches(text), *STATES.matches(text)], key=lambda m: -m.start):
        rest = rest[:m.start] + " " + rest[m.end:]
    return bool(PLACES.matches(text)) and _patterns()["connector"].fullmatch(rest.replace("-", " ")) is not None


def _hyphen_partners(title: str) -> list[str]:
    """A state joined by a hyphen to the format's name in the title
    (``U.S.-GCC Joint Ministerial Statement``)."""
    first = _first_format(title) if "-" in title or "–" in title else None
    if first is None:
        return []
    before = title[max(0, first[0] - 30):first[0]]
    if not before.rstrip().endswith(("-", "–")):
        return []
    names = STATES.matches(before)
    return [names[-1].entry] if names and names[-1].end >= len(before.rstrip(" -–")) else []


def find_mentions(texts: Iterable[str], exclude: Iterable[str]) -> tuple[str, ...]:
    """The states ``texts`` (the clauses) name, in order of first mention,
    without ``exclude`` (the parties and observers)."""
    skip = set(exclude)
    # one scan of all the texts; a letter word between them keeps a name from running across two
    found = STATES.entries("\nǀ\n".join(texts))
    return tuple(dict.fromkeys(entry for entry in found if entry not in skip))
