"""Line-level features that tell a statement's prose from page furniture.

News pages wrap a statement in headers, menus, captions, "read also" lists,
comment forms, headline footers and copyright lines.  Rather than a list of
phrases from particular sites, each line gets general features (length,
sentence punctuation, repetition, timestamps, form-field stars, symbol-only
lines, a parenthesised photo credit at the end, script mismatch with the
page, tickers of headlines, bracketed editor's notes, the page's notes about
itself, and in HTML input the hints the page structure gave).  Page breaks
of PDF text are found from their page line (a page number, a job number, a
barcode): the footnotes under a footnote rule and the running head next to
the page line are furniture too (:func:`page_furniture`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import regex

from ..text.patterns import compiled

_WORD = compiled(r"[\p{L}\p{M}\p{N}\u0640]+")
_LETTER = compiled(r"\p{L}")
_TIMESTAMP = compiled(
    r"\b(?:GMT|UTC)\s*\d{1,2}:\d{2}|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:GMT|UTC|[AaPp][Mm])?\s+\d{4}\b"
    r"|\b(?:GMT|UTC)\s*\d{1,2}:\d{2}:\d{2}"
)
_COPYRIGHT = compiled(r"©|\(c\)\s*\d{4}|all rights reserved|جميع الحقوق|حقوق (?:النشر|الطبع)", regex.I)
_RIGHTS = compiled("rights", regex.I)  # a literal: far cheaper than the alternation
_FORM_FIELD = compiled(r"\*\s*$|^\s*\*|:\s*characters left|security code", regex.I)
# Links to other stories a page puts among the paragraphs.
_TEASER = compiled(
    r"(?:read (?:also|more)|see also|related(?: news| stories| articles)?|more on this|also read|you may also like"
    r"|اقرأ\s*(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|إقرأ\s*(?:أيضا|أيضاً)|شاهد\s*(?:أيضا|أيضاً)|مواضيع ذات صلة|أخبار ذات صلة"
    r"|اخبار ذات صلة|ذات صلة|читайте также|смотрите также)\s*(?:[:：|»›>-]|[.…]{1,3}|$)",
    regex.I)
# The page speaking about itself, not the statement: an edit stamp, a
# contact line, the site and its subscribers.
_SITE_NOTE = compiled(
    r"\blast (?:edited|updated|modified|update)\b|\bupdated on\b|آخر تحديث|تم التحديث"
    r"|^(?:for (?:further|more) information|for media (?:enquiries|inquiries)|media contacts?\b|press contacts?\b)"
    r"|\bplease contact\b|للمزيد من المعلومات|للاستفسار"
    r"|\b(?:this|our) (?:web ?site|site|page)\b|\bsubscriber service\b|هذا الموقع|موقعنا", regex.I)
# A ticker: unrelated headlines on one line, set apart by runs of spaces.
_TICKER_GAP = compiled(r"[ \u00a0]{3,}")
# An editor's note or placeholder: the whole line in square brackets.
_BRACKETED = compiled(r"^\[[^\[\]]*\]$")
_CREDIT = compiled(r"\([^()\n]{2,60}\)\s*$")
# A sentence ends in a stop, possibly inside closing quotes or brackets; a
# headline that merely ends in a quoted name does not.  Bidi marks after the
# stop (``.\u200f``: how Arabic pages keep a final stop on the right side)
# do not hide it.
# (REVERSE: searched from the end, where every match ends; only whether one exists is used)
_SENTENCE_END = compiled(r"[.!?؟…:][\"'»”’)\]\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\s*$", regex.REVERSE)
_ARABIC = compiled(r"\p{Arabic}")
_LATIN = compiled(r"\p{Latin}")


# Features.words stops at this count: every rule on a line's words compares
# the count with a bound of 40 or less (a longer paragraph is prose alike).
WORDS_COUNTED = 64


class Features(NamedTuple):
    """What the layout reads off one line (a named tuple: one per line, and a
    frozen dataclass costs twice as much to create)."""

    words: int  # words of the line, up to WORDS_COUNTED
    sentence: bool  # ends like a sentence
    furniture: str | None  # why the line is page furniture, if it is
    caption: bool


_NO_LINE = Features(0, False, None, False)  # a blank line's (half of a spaced statement's lines)


def line_features(lines: list[str], language: str | None, hints: dict[int, str] | None = None,
                  marked: Sequence[bool] = ()) -> list[Features]:
    """Features of each (stripped) line.  ``hints`` maps a line index to a
    reason the page structure gave (``"boilerplate"``, ``"links"``);
    ``marked`` says which lines opened with a marker (cut off before)."""
    # Word counts by splitting on white space (a regex over every long
    # paragraph was the parser's largest cost), counted up to WORDS_COUNTED
    # (splitting a long paragraph into every word of it was the next);
    # only short lines, the ones repetition matters for, get a word-level key.
    counts = [len(line.split(None, WORDS_COUNTED - 1)) for line in lines]
    keys = [" ".join(_WORD.findall(line)) if 2 <= n < 25 else "" for line, n in zip(lines, counts, strict=True)]
    repeated = Counter(k for k in keys if k)
    out = []
    teasers = False  # inside a "Read also:" / "RELATED NEWS" block (up to a blank line)
    for i, line in enumerate(lines):
        words = counts[i]
        reason = (hints or {}).get(i)
        if reason == "heading":  # a structural hint, not furniture
            reason = None
        if not line:
            out.append(_NO_LINE)
            teasers = False
            continue
        sentence = bool(_SENTENCE_END.search(line, max(0, len(line) - 32)))
        if reason is None and words <= 30 and _TEASER.match(line):
            reason, teasers = "teaser", True
        elif reason is None and teasers and words <= 25 and not sentence:
            reason = "teaser"  # (a headline under "Read also"; a sentence ends the block, as a blank line does)
        else:
            teasers = teasers and reason is not None
        if reason is None:
            # a numbered sentence said twice (the same clause under two numbers, or a
            # copy's repeated clause) is the statement's text; a running head or a
            # menu item repeats without ending like a sentence
            again = bool(keys[i]) and repeated[keys[i]] > 1 and not (i < len(marked) and marked[i] and sentence)
            reason = _furniture_reason(line, words, again, language)
        # both patterns end at $: search the tail only (a credit is at most 62
        # characters; sentence-closing quotes and marks are a few)
        caption = words < 40 and not line.rstrip().endswith(".") and bool(_CREDIT.search(line, max(0, len(line) - 64)))
        out.append(Features(words, sentence, reason, caption))
    return out


def _furniture_reason(line: str, words: int, repeated: bool, language: str | None) -> str | None:
    if not _LETTER.search(line):
        return "symbols"
    # Cheap substring tests first: every timestamp has a colon and every
    # copyright form one of these; the regexes scanned every paragraph
    # (4 of the 13 ms of line features on a 1,000-clause statement).
    if ":" in line and _TIMESTAMP.search(line):
        return "timestamp"
    if ("©" in line or "(" in line or "حقوق" in line or (_has_g(line) and _RIGHTS.search(line))) \
            and _COPYRIGHT.search(line):
        return "copyright"
    if words <= 6 and _FORM_FIELD.search(line):
        return "form-field"
    if words <= 25 and _SITE_NOTE.search(line):
        return "site-note"
    if line.startswith("[") and _BRACKETED.match(line):
        return "bracketed"
    if _is_ticker(line):
        return "ticker"
    if words <= 6 and _is_code(line):
        return "code"
    if repeated and words < 25:
        return "repeated"
    if language in ("ar", "fa") and not _ARABIC.search(line) and _LATIN.search(line) and words < 12:
        return "script"
    return None


def _has_g(line: str) -> bool:
    """Whether ``line`` could hold "rights" in any case: only "g" and "G" are
    a "g" to the case-blind _RIGHTS (no other letter folds to it), and two
    substring tests cost a seventh of its search of an Arabic line."""
    return "g" in line or "G" in line


def _is_ticker(line: str) -> bool:
    parts = _TICKER_GAP.split(line.strip()) if "   " in line else []
    return len(parts) >= 3 and all(len(p.split()) <= 15 and not _SENTENCE_END.search(p) for p in parts)


_LONG_NUMBER = compiled(r"\d{5,}")


def _is_code(line: str) -> bool:
    """A job number, barcode or reference with hardly a letter (``24-23456
    (E) 231224``): a run of five digits or more, which no date has."""
    if _LONG_NUMBER.search(line) is None:  # (first: the letters are counted a character at a time)
        return False
    return sum(1 for ch in line if ch.isalpha() and ch != "\u0640") <= 2


# A footnote rule: a short line of underscores or dashes at a page foot.
# (white space around it as str.strip has it, which is stdlib re's \s: a line is tried as written, not copied)
_RULE_LINE = re.compile(r"\s*[_\-–—=]{5,}\s*\Z")
# A footnote: its number ("1 A/78/259.", "(2) …") then the note.
_FOOTNOTE = compiled(r"^(?:\(\d{1,3}\)|\d{1,3}|\*{1,3})[ \t\u00a0]+\S")
_SYMBOL = compiled(r"\b[A-Z]{1,4}(?:/[A-Z0-9.]+){2,}\b")
_HEADER_LINES = 8  # the masthead and title lines a running head repeats


def page_furniture(lines: list[str], features: list[Features]) -> list[Features]:
    """Features with the furniture of page breaks marked: the footnotes
    under a footnote rule, and the running head next to a page line (a page
    number, a job number, a barcode) whose words come from the document's
    header or that names its symbol.  ``lines`` are the units' lines as
    written, markers included."""
    out = list(features)
    # (lines with a character other than white space; isspace and the slices below copy no line)
    live = [i for i, line in enumerate(lines) if line and not line.isspace()]
    header_words: set[str] | None = None  # read when a page line is found: most texts have none
    for k, i in enumerate(live):
        if _RULE_LINE.match(lines[i]):
            for j in itertools.islice(live, k + 1, None):  # (not a copy of the rest of the list per rule)
                if not _FOOTNOTE.match(lines[j].strip()) or j > i + 12:
                    break
                out[j] = out[j]._replace(furniture="footnote")
            continue
        # (white space is no digit: the line as written has the digits of its stripped text)
        if k < _HEADER_LINES or not _page_line(lines[i], out[i]):
            continue  # (a date line among the header lines is no page break, the headline no running head)
        if header_words is None:
            header_words = {w.lower() for i in live[:_HEADER_LINES] for w in _WORD.findall(lines[i])}
        for j in (*live[max(_HEADER_LINES, k - 2):k], *live[k + 1:k + 3]):
            if out[j].furniture is None and _running_head(lines[j].strip(), out[j], header_words):
                out[j] = out[j]._replace(furniture="running-head")
    return out


def _page_line(text: str, f: Features) -> bool:
    return f.furniture == "code" or (f.furniture == "symbols" and any(ch.isdigit() for ch in text))


def _running_head(text: str, f: Features, header_words: set[str]) -> bool:
    if f.words > 15 or f.sentence or f.words == 0:
        return False
    if _SYMBOL.search(text):
        return True
    words = [w.lower() for w in _WORD.findall(text)]
    return len(words) >= 2 and sum(w in header_words for w in words) >= 0.8 * len(words)


def is_prose(f: Features) -> bool:
    """A line that reads like a paragraph of a statement or report."""
    return f.furniture is None and not f.caption and (
        (f.words >= 8 and f.sentence) or f.words >= 25
    )


def prose_runs(features: list[Features], max_gap: int = 2) -> list[tuple[int, int]]:
    """Runs ``(first, last)`` of prose lines (indexes into ``features``), where
    up to ``max_gap`` non-blank non-prose lines (a subheading, a caption, a
    "read also" teaser, one line of furniture with prose right after it)
    may interrupt a run but other page furniture ends it.  Blank lines are
    ignored."""
    runs: list[tuple[int, int]] = []
    first: int | None = None  # the open run's first line; None: no run is open
    last = 0  # the open run's last prose line (set whenever first is)
    gap = 0
    # the next non-blank line's index after each line (for the look-ahead past one furniture line)
    following = [len(features)] * len(features)
    nxt = len(features)
    for i in range(len(features) - 1, -1, -1):
        following[i] = nxt
        f = features[i]
        if f.words or f.furniture is not None or f.sentence or f.caption:
            nxt = i
    for i, f in enumerate(features):
        if f.words == 0 and f.furniture is None and not f.sentence and not f.caption:
            continue  # blank
        if is_prose(f):
            if first is None:
                first = i
            last, gap = i, 0
            continue
        if first is None:
            continue
        gap += 1
        lone = following[i] < len(features) and is_prose(features[following[i]])
        if (f.furniture is not None and f.furniture != "teaser" and not lone) or gap > max_gap:
            runs.append((first, last))
            first = None
            gap = 0
    if first is not None:
        runs.append((first, last))
    return [_trim(features, run) for run in runs]


def _trim(features: list[Features], run: tuple[int, int], short: int = 15) -> tuple[int, int]:
    """Drop a short paragraph cut off from the run's body by two or more
    non-prose lines at either end (a subscription appeal, a teaser)."""
    first, last = run
    prose = [i for i in range(first, last + 1) if is_prose(features[i])]
    while len(prose) > 2:
        gap = sum(1 for i in range(prose[-2] + 1, prose[-1]) if features[i].words or features[i].furniture)
        if gap >= 2 and features[prose[-1]].words < short:
            prose.pop()
            continue
        gap = sum(1 for i in range(prose[0] + 1, prose[1]) if features[i].words or features[i].furniture)
        if gap >= 2 and features[prose[0]].words < short:
            prose.pop(0)
            continue
        break
    return (prose[0], prose[-1]) if prose else run
