"""Lines → units: the paragraphs of a text, each with at most one marker.

A marker always opens a unit (unless it goes on with an enumeration run
into the line above: ``… (ii) …,`` / ``(iii) …``); in hard-wrapped text
(no long lines) a plain line directly under another line continues it
when that line does not end its sentence, ends on a word no sentence ends
on (``Guided by the``), is filled to the wrap width, or the new line opens
in lower case; a first-line indent (PDF text), a rule of underscores and a
line opening a preambular paragraph under one ending in a comma start a
new unit.  ``PP`` / ``OP`` on a line of its own labels the numbered line
under it (a negotiation draft).  Numbering run into one paragraph (``1. They
reaffirmed … 2. They expressed …``, as news sites flatten lists) is split
back into one unit per item, at positions inside the source, so spans stay
lossless.  A :class:`Context` holds the units of one document with their
line features and the raw spans that make the tree lossless.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field

import regex

from ..model import ParseWarning, Span
from ..text.patterns import compiled
from .furniture import Features
from .grammar import Line
from .markers import Candidate, Family, interpret


@dataclass(slots=True)
class Unit:
    """A paragraph: one or more lines; at most the first opens with a marker."""

    start: int
    end: int
    text_start: int
    candidate: Candidate | None
    text: str  # after the marker (wrapped lines joined)
    index: int = 0
    run_in: bool = False  # split out of a paragraph that ran several items together


_TRAILING_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff \t\u00a0"


def ends_with_colon(text: str) -> bool:
    """Whether ``text`` ends in a colon (past the bidi marks Arabic pages put after it)."""
    return text.rstrip(_TRAILING_MARKS).endswith((":", "："))


@dataclass(slots=True)
class Context:
    source: str
    units: list[Unit]
    feats: list[Features]
    hints: Mapping[int, str] = field(default_factory=dict)  # unit → what the reader said about it
    warnings: list[ParseWarning] = field(default_factory=list)
    raw: dict[int, Span] = field(default_factory=dict)
    # layout.heading_shaped's answers (asked several times a line; what they read, the units, features
    # and hints, does not change once the context is made)
    shaped: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every non-blank unit becomes exactly one node; its raw span runs to
        # the next non-blank unit (taking in blank lines), the first from 0,
        # so the nodes' raw spans tile the source.
        ids = [u.index for u in self.units if u.text or u.candidate is not None]
        ends = [self.units[j].start for j in ids[1:]] + [len(self.source)]
        for k, (i, end) in enumerate(zip(ids, ends, strict=True)):
            self.raw[i] = (0 if k == 0 else self.units[i].start, end)

    def live(self, i: int) -> bool:
        """Whether unit ``i`` becomes a node (is not a blank line)."""
        return i in self.raw

    def colon(self, i: int) -> bool:
        """Whether unit ``i``'s text ends in a colon (it introduces what follows)."""
        return ends_with_colon(self.units[i].text)


def make_units(source: str, lines: list[Line]) -> list[Unit]:
    # (a line has a character other than white space when its text does, or its indent and marker:
    # the text starts at its first such character, so only the short head is copied)
    lengths = sorted(ln.end - ln.start for ln in lines
                     if ln.text_start < ln.end or source[ln.start:ln.text_start].strip())
    # Hard-wrapped text (an e-mail, a text file at 72 columns, a PDF) has no
    # long lines; a news page has one long line per paragraph and must not be
    # joined, or its header lines would run into its headline.
    join = len(lengths) >= 4 and lengths[int(len(lengths) * 0.9)] <= 100
    first_indent = _first_line_indent(source, lines) if join else None
    # With blank lines between paragraphs, a line filled to the wrap width
    # goes on in the next one even after a full stop: the wrap put the break
    # there, not the writer.
    gaps = sum(1 for a, b in itertools.pairwise(lines) if a.end == a.text_start and a.candidate is None
               and not (b.end == b.text_start and b.candidate is None))
    full = lengths[int(len(lengths) * 0.9)] - _FULL_SLACK if join and gaps >= max(3, len(lengths) // 5) else None
    labels = _split_labels(source, lines)
    units: list[Unit] = []
    joined: dict[int, list[str]] = {}  # unit → its lines' texts, joined once at the end
    prev_blank = True               # (joining as we go copied the paragraph per line: quadratic)
    # units that open after a blank line: the fill rule is for paragraphs laid out that way,
    # not for a list of lines (``1- …`` / ``2- …``) that happen to sit in blank-separated text
    after_blank: set[int] = set()
    skip = False
    for k, ln in enumerate(lines):
        if skip:
            skip = False
            continue
        if k in labels:  # "PP" on its line, "1: Guided by …" on the next: one labelled paragraph
            nxt = lines[k + 1]
            units.append(Unit(ln.start, nxt.end, nxt.text_start, labels[k], source[nxt.text_start:nxt.end].strip()))
            prev_blank, skip = False, True
            continue
        text = source[ln.text_start:ln.end].strip()
        is_blank = not text and ln.candidate is None
        if is_blank:
            units.append(Unit(ln.start, ln.end, ln.end, None, ""))
            prev_blank = True
            continue
        cand = ln.candidate
        last = units[-1] if units else None
        if (join and not prev_blank and last is not None and last.text and _VISIBLE_TEXT.search(text)
                and (cand is None or _inline_item(cand, joined.get(len(units) - 1, [last.text])))
                and not (first_indent is not None and cand is None and _indent(source, ln) == first_indent)
                and not (cand is None and _opens_preambular(source, last, text))
                and (wraps(source, last) or _continues(source, last, text)
                     or (len(units) - 1 in after_blank and _fills(source, last, full)))):
            last.end = ln.end
            joined.setdefault(len(units) - 1, [last.text]).append(source[ln.start:ln.end].strip() if cand else text)
        else:
            if prev_blank:
                after_blank.add(len(units))
            units.append(Unit(ln.start, ln.end, ln.text_start, cand, text))
        prev_blank = False
    for k, parts in joined.items():
        units[k].text = _join_wrapped(parts)
    units = split_run_in(source, units)
    for i, u in enumerate(units):
        u.index = i
    return units


# The first word(s) of a preambular paragraph: an English participle
# (Recalling, Noting, Deeply concerned, Guided by), a Russian one, or in
# Arabic إذ / وإذ and the accusative verbal nouns (انطلاقاً, وإيماناً,
# وإدراكاً …) that open a declaration's preamble.
# The speakers' own voice opening a declaration: "We, the Heads of State …,", "نحن قادة …،"
SPEAKERS = compiled(r"(?:نحن|we\b|мы\b)", regex.I)


def speaks(text: str) -> bool:
    """Whether a paragraph opens in the speakers' own voice (``We, the …``)."""
    return SPEAKERS.match(text.lstrip()) is not None


PREAMBULAR = compiled(
    r"^(?:(?:also|further|deeply|gravely|strongly|seriously|firmly|fully|profoundly|once again)\s+)*"
    r"(?:\p{L}+ing|\p{L}+ed|mindful|aware|cognizant|convinced|conscious|determined|bearing in mind|guided by)\b"
    r"|^(?:\p{Cyrillic}+(?:я|в|вшись|ая|ие|ые|ый))\b"
    r"|^و?(?:إذ|اذ|قد)\s"
    r"|^و?\p{Arabic}{3,}(?:اً|ًا)(?:\s|$)",
    regex.I,
)
# A line with a letter or a digit: a rule of underscores or dashes (a
# footnote separator) never continues the paragraph above it.
_VISIBLE_TEXT = compiled(r"[\p{L}\p{N}]")
# Words a line cannot end on when the sentence ends there: a line ending in
# one of them goes on on the next line, however short (``Guided by the`` /
# ``Charter and …``).
_OPEN_WORDS_TEXT = """
    the a an of to by for in on at and or nor that with from its their our his her as into upon than all
    both each this these those is are was were be been has have had will shall would not which who whose
    في من على إلى الى عن مع أن ان التي الذي الذين و أو او بين حول لدى نحو ضد عبر
    в на и по с к о об от до из за для что как а но или не
"""
_OPEN_WORDS = frozenset(_OPEN_WORDS_TEXT.split())


def _continues(source: str, unit: Unit, text: str) -> bool:
    """A short line that still does not end its sentence: it ends on a word
    that cannot end one (``by the``), or the next line opens in lower case."""
    last_line = source[max(unit.start, source.rfind("\n", unit.start, unit.end) + 1):unit.end].strip()
    if not last_line or _SENTENCE_END.search(last_line):
        return False
    words = last_line.split()
    return words[-1].lower() in _OPEN_WORDS or text[:1].islower()


_FULL_SLACK = 12  # how far short of the wrap width a wrapped line may stop (the next word did not fit)


def _fills(source: str, unit: Unit, full: int | None) -> bool:
    if full is None:
        return False
    last_line = source[max(unit.start, source.rfind("\n", unit.start, unit.end) + 1):unit.end]
    return len(last_line) >= full


def _opens_preambular(source: str, unit: Unit, text: str) -> bool:
    """A line that opens a preambular paragraph (``Recalling …``, ``وإذ
    تؤكد …``) under a line that ends one with a comma: a new paragraph,
    even with no blank line between (a copy that lost them)."""
    if not unit.text.rstrip(_TRAILING_MARKS).endswith((",", "،", ";", "؛")):
        return False
    return (not text[:1].islower()) and PREAMBULAR.match(text) is not None


def _indent(source: str, ln: Line) -> int:
    """White space before a line's text (or before its marker)."""
    start = ln.candidate.start if ln.candidate is not None else ln.text_start
    return start - ln.start


def _first_line_indent(source: str, lines: list[Line]) -> int | None:
    """The indent that opens a paragraph in text laid out with first-line
    indents (PDF text: ``     Recalling …`` then wrapped lines flush left),
    or None.  Told from hanging indents (``1. …`` then indented wrapped
    lines) by where the flush lines are: in first-line layout a plain flush
    line follows an indented one in most paragraphs."""
    flush_after_indented: dict[int, int] = {}
    indented_after_marker = 0
    prev: Line | None = None
    for ln in lines:
        if ln.text_start == ln.end and ln.candidate is None:
            prev = None  # a blank line (or one of white space only)
            continue
        if prev is not None:
            a, b = _indent(source, prev), _indent(source, ln)
            if ln.candidate is None and b == 0 and 0 < a <= 12:
                flush_after_indented[a] = flush_after_indented.get(a, 0) + 1
            if prev.candidate is not None and ln.candidate is None and b > a:
                indented_after_marker += 1
        prev = ln
    if not flush_after_indented:
        return None
    indent, count = max(flush_after_indented.items(), key=lambda kv: (kv[1], -kv[0]))
    return indent if count >= 3 and count > indented_after_marker else None


_INLINE_REACH = 3  # lines above a wrapped line where the previous item's label is looked for


def _inline_item(cand: Candidate, parts: list[str]) -> bool:
    """A marker that opens a wrapped line but continues an enumeration run
    into the sentence above (``… (ii) reform the WHO, and`` / ``(iii)
    deepen …``): the previous item's label stands in the paragraph."""
    previous = _previous_label(cand)
    if previous is None:
        return False
    return any(previous in part for part in parts[-_INLINE_REACH:])  # (the last lines only: linear)


def _previous_label(cand: Candidate) -> str | None:
    if cand.kind not in ("ROMAN", "LATIN", "PAREN_NUM") and not (cand.kind == "NUM" and cand.delimiter == ")"):
        return None
    value = cand.readings[0][1]
    if value is None or value < 2:
        return None
    body = cand.raw.strip("()[].")
    if cand.kind == "ROMAN":
        prev = _ROMAN_NUMERALS[value - 2] if value - 2 < len(_ROMAN_NUMERALS) else None
        if prev is None:
            return None
        prev = prev if body.islower() else prev.upper()
    elif cand.kind == "LATIN":
        prev = chr(ord(body) - 1)
    else:
        prev = str(value - 1)
    return cand.raw.replace(body, prev, 1)


_ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
# Negotiation drafts label paragraphs ``PP 1:`` (preambular) and ``OP 1:``
# (operative); a hard-wrapped copy may put the letters on a line of their own.
_LABEL_LINE = compiled(r"[ \t]*(PP|OP)[ \t]*")


def _split_labels(source: str, lines: list[Line]) -> dict[int, Candidate]:
    """Lines holding only ``PP`` / ``OP`` right above a line that opens with
    a number (``1: Guided by …``): line index → the number's candidate read
    as a preambular or operative label."""
    out: dict[int, Candidate] = {}
    for k in range(len(lines) - 1):
        ln, nxt = lines[k], lines[k + 1]
        if ln.candidate is not None or nxt.candidate is None or nxt.candidate.kind != "NUM":
            continue
        m = _LABEL_LINE.match(source, ln.start, ln.end)
        if m and m.end() == ln.end:
            out[k] = label_candidate(nxt.candidate, m.group(1))
    return out


def label_candidate(cand: Candidate, label: str) -> Candidate:
    """``cand`` (a number) read as a ``PP`` or ``OP`` paragraph label."""
    value = cand.readings[0][1]
    return cand._replace(kind="LABEL", readings=(((label.lower(), cand.delimiter), value),), styles=(cand.styles[0],))


def _join_wrapped(parts: list[str]) -> str:
    """Wrapped lines joined with a space, a word hyphenated across the break
    (``re-`` + ``turn``) joined without one."""
    out = [parts[0]]
    for part in parts[1:]:
        prev = out[-1]
        if len(prev) > 1 and prev[-1] == "-" and prev[-2].islower() and part[:1].islower():
            out[-1] = prev[:-1]
            out.append(part)
        else:
            out.append(" ")
            out.append(part)
    return "".join(out)


# (REVERSE: searched from the end, where every match ends; only whether one exists is used)
_SENTENCE_END = compiled(r"[.:!?؟…][\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\s*$", regex.REVERSE)


def wraps(source: str, unit: Unit) -> bool:
    """A hard-wrapped line is long and does not end a sentence."""
    last_line = source[max(unit.start, source.rfind("\n", unit.start, unit.end) + 1):unit.end].strip()
    return len(last_line) >= 40 and not _SENTENCE_END.search(last_line)


def unit_hints(units: list[Unit], hints: Mapping[int, str]) -> dict[int, str]:
    # Sorted offsets and a binary search per unit: scanning every hint for
    # every unit was quadratic on pages with thousands of boilerplate lines.
    offsets = sorted(hints)
    out = {}
    for u in units:
        k = bisect_left(offsets, u.start)
        if k < len(offsets) and offsets[k] < max(u.end, u.start + 1):
            out[u.index] = hints[offsets[k]]
    return out


# --------------------------------------------------------------------------- run-in numbering

# Where an item marker can start inside a paragraph: after a sentence or a
# clause ends (. ; : ؛ and the like, possibly closing quotes), then at most a
# few spaces, then the marker (group 1: digits, an optional space and a
# delimiter, the grammar's NUM shape) and the item's first character.
# (A wrapped paragraph has line breaks where it had spaces: they count as spaces.)
_RUN_IN = compiled(
    r"(?<=[.;:!?؟؛…][\"'»”’)\]]?)[ \t\u00a0\r\n]{0,3}"
    r"((?:[0-9]{1,3}|[\u0660-\u0669]{1,3})[ \t\u00a0]?[.\-)ـ–])(?=[ \t\u00a0\r\n]?[\p{L}\"'«“])")
_MIN_RUN_IN = 40  # a paragraph shorter than this holds no run of items
# What every run-in marker has (the end of a sentence, then a digit), as a stdlib pattern that
# scans from the punctuation: _RUN_IN's look-behind tries every space and digit of every
# paragraph, 18× slower on a long statement, so it runs only where this finds something.
_RUN_IN_HINT = re.compile(r"[.;:!?؟؛…][\"'»”’)\]]?[ \t\u00a0\r\n]{0,3}[0-9\u0660-\u0669]")


def split_run_in(source: str, units: list[Unit]) -> list[Unit]:
    """Units with numbering run into one paragraph split into one unit per
    item.  A run counts only when its numbers go on in sequence: from the
    paragraph's own marker (``1. … 2. …``), from 1 (``… as follows: 1. …
    2. …``) or from where the run of the paragraph above stopped (a quoted
    statement in two paragraphs: ``"1. … 7. …`` / ``"8. … 13. …"``), at
    least two items, so a number inside a sentence (``resolution 2254
    (2015). 3 million people``) stays text.  Dash items strung together after
    a colon (``… وجاء في الإعلان: التشديد … - التمسك … - …``) are split the
    same way, the first one (which has no dash) included."""
    out: list[Unit] = []
    resume: tuple[Family, int] | None = None  # the family and last value of the run just split
    for u in units:
        if not u.text and u.candidate is None:
            out.append(u)  # a blank line does not end a run that goes on in the next paragraph
            continue
        items: list[Candidate] = []
        # one scan for what both hints need (a sentence end, then a digit or a dash) before either
        hinted = len(u.text) >= _MIN_RUN_IN and _RUN_IN_EITHER.search(source, max(0, u.text_start - 2), u.end)
        if hinted and _RUN_IN_HINT.search(source, max(0, u.text_start - 2), u.end) \
                and _RUN_IN.search(source, u.text_start, u.end):
            items = _run_in_items(source, u, resume)
        if not items and hinted \
                and _RUN_IN_DASH_HINT.search(source, max(0, u.text_start - 2), u.end) \
                and _RUN_IN_DASH.search(source, u.text_start, u.end):
            items = _run_in_dashes(source, u)
        if not items:
            out.append(u)
            resume = None
            continue
        out.extend(_split(source, u, items))
        family, value = items[-1].readings[0]
        resume = (family, value) if value is not None else None
    return out


_QUOTED_START = compiled(
    r"[\"“«„‘'(\[][ \t\u00a0]?((?:[0-9]{1,3}|[\u0660-\u0669]{1,3})[ \t\u00a0]?[.\-)ـ–])(?=[ \t\u00a0]?\p{L})")


def _run_in_items(source: str, u: Unit, resume: tuple[Family, int] | None = None) -> list[Candidate]:
    found = [interpret(m.group(1), "NUM", m.start(1)) for m in _RUN_IN.finditer(source, u.text_start, u.end)]
    quoted = _QUOTED_START.match(source, u.text_start) if u.candidate is None else None
    if quoted:  # a quoted statement: «1. They looked … 2. They voiced …
        found.insert(0, interpret(quoted.group(1), "NUM", quoted.start(1)))
    own = u.candidate
    if own is not None and own.kind == "NUM":
        own_family, value = own.readings[0]
        return _in_sequence(found, own_family, (value or 0) + 1, 1)
    starts: list[tuple[Family | None, int]] = [(None, 1)]  # None: any family
    if resume is not None:  # first try going on from the paragraph above
        starts.insert(0, (resume[0], resume[1] + 1))
    for family, want in starts:
        chosen = _in_sequence(found, family, want, 2)
        if chosen:
            return chosen
    return []


def _in_sequence(found: list[Candidate], family: Family | None, want: int, need: int) -> list[Candidate]:
    chosen: list[Candidate] = []
    for cand in found:
        cand_family, value = cand.readings[0]
        if value == want and (family is None or cand_family == family):
            chosen.append(cand)
            family, want = cand_family, want + 1
    return chosen if len(chosen) >= need else []


# A dash item strung into a paragraph: after a sentence ends, a spaced dash.
# (A dash between words, ``العربية - العربية``, follows no sentence end.)
_RUN_IN_DASH = compiled(
    r"(?<=[.;!?؟؛…][\"'»”’)\]]?)[ \t\u00a0\r\n]{1,3}([-–—])(?=[ \t\u00a0\r\n]+[\p{L}\"'«“])")
_MIN_DASH_ITEMS = 3
# What every dash item has (a sentence end, one to three spaces, the dash), as a stdlib
# pattern scanned from the punctuation, for the reason _RUN_IN_HINT is: _RUN_IN_DASH's
# look-behind is tried at every space of every paragraph of 40 characters or more.
_RUN_IN_DASH_HINT = re.compile(r"[.;!?؟؛…][\"'»”’)\]]?[ \t\u00a0\r\n]{1,3}[-–—]")
# (matches wherever either hint does)
_RUN_IN_EITHER = re.compile(r"[.;:!?؟؛…][\"'»”’)\]]?[ \t\u00a0\r\n]{0,3}[0-9\u0660-\u0669\-–—]")


def _run_in_dashes(source: str, u: Unit) -> list[Candidate]:
    """Dash items run into one paragraph: the paragraph's own dash item or
    the text right after its last colon before the first dash is the first
    item; at least three items in all."""
    found = [interpret(m.group(1), "BULLET", m.start(1)) for m in _RUN_IN_DASH.finditer(source, u.text_start, u.end)]
    if not found:
        return []
    family = found[0].readings[0][0]
    own = u.candidate
    if own is not None and own.kind == "BULLET":
        items = [c for c in found if c.readings[0][0] == own.readings[0][0]]
        return items if len(items) + 1 >= _MIN_DASH_ITEMS else []
    if own is not None:
        return []
    colon = max(source.rfind(":", u.text_start, found[0].start), source.rfind("：", u.text_start, found[0].start))
    if colon < 0:
        return []
    first = colon + 1
    while first < found[0].start and source[first] in " \t\u00a0":
        first += 1
    items = [c for c in found if c.readings[0][0] == family]
    if len(source[first:found[0].start].split()) < 3 or len(items) + 1 < _MIN_DASH_ITEMS:
        return []
    # the first item has no dash of its own: a marker of no characters where it starts
    return [Candidate("", first, first, "BULLET", ((family, None),), ("bullet",), ""), *items]


def _split(source: str, u: Unit, items: list[Candidate]) -> list[Unit]:
    bounds = [c.start for c in items] + [u.end]
    head_end = _trim_end(source, u.start, items[0].start)
    out = [Unit(u.start, head_end, u.text_start, u.candidate, _flat(source, u.text_start, head_end),
                run_in=True)]
    for cand, end in zip(items, bounds[1:], strict=True):
        text_start = cand.end
        while text_start < end and source[text_start] in " \t\u00a0":
            text_start += 1
        stop = _trim_end(source, text_start, end)
        out.append(Unit(cand.start, stop, text_start, cand, _flat(source, text_start, stop), run_in=True))
    return out


def _trim_end(source: str, start: int, end: int) -> int:
    while end > start and source[end - 1] in " \t\u00a0\n\r":
        end -= 1
    return end


def _flat(source: str, start: int, end: int) -> str:
    return " ".join(source[start:end].split())
