"""Line-level features that tell a statement's prose from page furniture.

News pages wrap a statement in headers, menus, captions, "read also" lists,
comment forms, headline footers and copyright lines.  Rather than a list of
phrases from particular sites, each line gets general features (length,
sentence punctuation, repetition, timestamps, form-field stars, symbol-only
lines, a parenthesised photo credit at the end, script mismatch with the
page, and in HTML input the hints the page structure gave).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}\u0640]+")
_LETTER = regex.compile(r"\p{L}")
_TIMESTAMP = regex.compile(
    r"\b(?:GMT|UTC)\s*\d{1,2}:\d{2}|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:GMT|UTC|[AaPp][Mm])?\s+\d{4}\b"
    r"|\b(?:GMT|UTC)\s*\d{1,2}:\d{2}:\d{2}"
)
_COPYRIGHT = regex.compile(r"©|\(c\)\s*\d{4}|all rights reserved|جميع الحقوق|حقوق (?:النشر|الطبع)", regex.I)
_RIGHTS = regex.compile("rights", regex.I)  # a literal: far cheaper than the alternation
_FORM_FIELD = regex.compile(r"\*\s*$|^\s*\*|:\s*characters left|security code", regex.I)
# Links to other stories a page puts among the paragraphs.
_TEASER = regex.compile(
    r"(?:read (?:also|more)|see also|related(?: news| stories| articles)?|more on this|also read|you may also like"
    r"|اقرأ\s*(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|إقرأ\s*(?:أيضا|أيضاً)|شاهد\s*(?:أيضا|أيضاً)|مواضيع ذات صلة|أخبار ذات صلة"
    r"|اخبار ذات صلة|ذات صلة|читайте также|смотрите также)\s*(?:[:：|»›>-]|$)",
    regex.I)
_CREDIT = regex.compile(r"\([^()\n]{2,60}\)\s*$")
# A sentence ends in a stop, possibly inside closing quotes or brackets; a
# headline that merely ends in a quoted name does not.  Bidi marks after the
# stop (``.\u200f``: how Arabic pages keep a final stop on the right side)
# do not hide it.
_SENTENCE_END = regex.compile(r"[.!?؟…:][\"'»”’)\]\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\s*$")
_ARABIC = regex.compile(r"\p{Arabic}")
_LATIN = regex.compile(r"\p{Latin}")


@dataclass(frozen=True, slots=True)
class Features:
    words: int
    sentence: bool  # ends like a sentence
    furniture: str | None  # why the line is page furniture, if it is
    caption: bool


def line_features(lines: list[str], language: str | None, hints: dict[int, str] | None = None) -> list[Features]:
    """Features of each (stripped) line.  ``hints`` maps a line index to a
    reason the page structure gave (``"boilerplate"``, ``"links"``)."""
    # Word counts by splitting on white space (a regex over every long
    # paragraph was the parser's largest cost); only short lines, the ones
    # repetition matters for, get a word-level key.
    counts = [len(line.split()) for line in lines]
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
            out.append(Features(0, False, None, False))
            teasers = False
            continue
        if reason is None and words <= 30 and _TEASER.match(line):
            reason, teasers = "teaser", True
        elif reason is None and teasers and words <= 25:
            reason = "teaser"
        if reason is None:
            reason = _furniture_reason(line, words, bool(keys[i]) and repeated[keys[i]] > 1, language)
        # both patterns end at $: search the tail only (a credit is at most 62
        # characters; sentence-closing quotes and marks are a few)
        caption = words < 40 and not line.rstrip().endswith(".") and bool(_CREDIT.search(line, max(0, len(line) - 64)))
        out.append(Features(words, bool(_SENTENCE_END.search(line, max(0, len(line) - 32))), reason, caption))
    return out


def _furniture_reason(line: str, words: int, repeated: bool, language: str | None) -> str | None:
    if not _LETTER.search(line):
        return "symbols"
    # Cheap substring tests first: every timestamp has a colon and every
    # copyright form one of these; the regexes scanned every paragraph
    # (4 of the 13 ms of line features on a 1,000-clause statement).
    if ":" in line and _TIMESTAMP.search(line):
        return "timestamp"
    if ("©" in line or "(" in line or "حقوق" in line or _RIGHTS.search(line)) and _COPYRIGHT.search(line):
        return "copyright"
    if words <= 6 and _FORM_FIELD.search(line):
        return "form-field"
    if repeated and words < 25:
        return "repeated"
    if language in ("ar", "fa") and not _ARABIC.search(line) and _LATIN.search(line) and words < 12:
        return "script"
    return None


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
    first = last = None
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
            first = last = None
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
