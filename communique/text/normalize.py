"""Normalization: the comparison key of a text under a :class:`Profile`.

Normalization only ever builds *comparison keys*; display text is never
changed.  The rules follow ``shared/notes/arabic.md``: NFC → drop invisible
characters → strip diacritics → strip tatweel → fold letters → digits to ASCII
→ unify quotes and spaces (then punctuation and case, when asked).  Each rule
is a switch of :class:`Profile`.  A chain of ``re.sub`` on precompiled
character classes is the fastest option measured (see the notes).  The
standard ``re`` module, not ``regex``, runs the plain character classes:
``regex`` was 9× slower at deleting diacritics from an Arabic paragraph
(78 against 9 µs for 2,500 characters); ``regex`` stays for the classes that
need Unicode properties (punctuation, letters).
"""

from __future__ import annotations

import re
import unicodedata

from ..model.profile import DEFAULT, Profile
from .patterns import compiled

_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_INVISIBLE_OR_DIACRITIC = re.compile(f"[{_INVISIBLE.pattern[1:-1]}{_DIACRITICS.pattern[1:-1]}]")


class _Fold:
    """Replace single characters by a table: a regex finds them first, which on
    text that mostly has none is several times faster than ``str.translate``."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.pattern = re.compile("[" + re.escape("".join(table)) + "]")

    def __call__(self, text: str) -> str:
        return self.pattern.sub(lambda m: self.table[m.group()], text) if self.pattern.search(text) else text


_QUOTES = _Fold({c: '"' for c in "«»“”„‟″〝〞＂"} | {c: "'" for c in "‘’‚‛‹›′＇`"})
_DIGITS = _Fold({chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)})
_LETTERS = _Fold({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_PUNCT = compiled(r"[\p{P}\p{S}]+")
# Punctuation that ends a line (a clause or a paragraph of it): . ; : , and
# their Arabic forms, with the spaces around it.  ! ? ؟ stay: they change
# what is said.
ENDING_CHARS = ".;:,،؛…"


def _strip_line_endings(text: str) -> str:
    """``text`` without the ending punctuation of each line and the spaces
    around it (what ``re.sub(r"[ \\t]*[.;:,،؛…]+[ \\t]*(?=\\n|$)", "", text)``
    does), line by line with ``rstrip``: that pattern tried ``[ \\t]*`` at
    every space of the text (a tenth of a clause's key), where only each
    line's end can match."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        bare = line.rstrip(" \t")
        cut = bare.rstrip(ENDING_CHARS)
        if len(cut) != len(bare):
            lines[k] = cut.rstrip(" \t")
    return "\n".join(lines) if len(lines) > 1 else lines[0]


def normalize(text: str, profile: Profile = DEFAULT) -> str:
    """The comparison key of ``text`` under ``profile``.

    Guarantees: idempotent (``normalize(normalize(t)) == normalize(t)``);
    never changes ``text`` itself.  Runs of white space become one space,
    except under a fully strict profile.
    """
    out = _normalize_once(text, profile)
    # Removing a mark (invisible, tatweel, diacritic) or folding case or a
    # letter can leave a sequence that NFC composes or reorders
    # ("ا\u200b\u0654" → "ا\u0654", which is "أ"): then run the rules again
    # until nothing changes.  The NFC quick check keeps this one pass for
    # ordinary text.
    for _ in range(4):
        if unicodedata.is_normalized("NFC", out):
            break
        again = _normalize_once(out, profile)
        if again == out:
            break
        out = again
    return out


def _normalize_once(text: str, profile: Profile) -> str:
    out = unicodedata.normalize("NFC", text)
    # Marks to delete go in one pass; the other spaces (NBSP …) need no pass
    # of their own, the white-space collapse at the end (\s) covers them.
    if profile.invisible and profile.diacritics:
        out = _INVISIBLE_OR_DIACRITIC.sub("", out)
    elif profile.invisible:
        out = _INVISIBLE.sub("", out)
    elif profile.diacritics:
        out = _DIACRITICS.sub("", out)
    if profile.tatweel:
        out = out.replace("\u0640", "")
    if profile.quotes:
        out = _QUOTES(out)
    if profile.digits:
        out = _DIGITS(out)
    if profile.endings:
        out = _strip_line_endings(out)
    if profile.punctuation:
        out = _PUNCT.sub(" ", out)
    if profile.case:
        out = out.casefold()
    if profile.letters:
        out = _LETTERS(out)
    if profile.invisible:  # white space collapses (str.split: \s and the separators \x1c-\x1f)
        out = " ".join(out.split())
    return out


