"""Normalization profiles and Arabic-aware tokens.

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
from dataclasses import dataclass, fields, replace
from functools import lru_cache

import regex

# Rules, in the order they are applied.
RULES = (
    "invisible",  # bidi controls, ZW(N)J, ZWSP, BOM, soft hyphen; NBSP & co → space
    "diacritics",  # harakat, tanween, shadda, sukun, dagger alef, hamza marks
    "tatweel",  # U+0640 kashida
    "quotes",  # « » “ ” „ ‘ ’ ‹ › ″ → "  and ' ; guillemets included
    "digits",  # Arabic-Indic and Persian digits → ASCII
    "punctuation",  # drop punctuation entirely
    "case",  # casefold
    "letters",  # أ إ آ ٱ → ا, ى → ي, ة → ه
)
DEFAULT_OFF = frozenset({"punctuation", "case", "letters"})


@dataclass(frozen=True, slots=True)
class Profile:
    """Which differences to ignore when comparing text.

    The default ignores everything that does not change what a clause says:
    invisible marks, diacritics, tatweel, quote styles and digit scripts.
    Punctuation, case and Arabic letter variants are kept, because a statement
    that changes them changed its wording (``--ignore`` drops them too).
    """

    invisible: bool = True
    diacritics: bool = True
    tatweel: bool = True
    quotes: bool = True
    digits: bool = True
    punctuation: bool = False
    case: bool = False
    letters: bool = False

    @classmethod
    def strict(cls) -> Profile:
        """Compare the text exactly as written (after Unicode NFC)."""
        return cls(**{name: False for name in RULES})

    @classmethod
    def everything(cls) -> Profile:
        return cls(**{name: True for name in RULES})

    def ignoring(self, *names: str) -> Profile:
        unknown = set(names) - set(RULES)
        if unknown:
            raise ValueError(f"unknown normalization rule(s): {', '.join(sorted(unknown))}; "
                             f"choose from {', '.join(RULES)}")
        return replace(self, **{name: True for name in names})

    def describe(self) -> str:
        on = [f.name for f in fields(self) if getattr(self, f.name)]
        return "ignore " + ",".join(on) if on else "strict"


DEFAULT = Profile()

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
_PUNCT = regex.compile(r"[\p{P}\p{S}]+")


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
    if profile.punctuation:
        out = _PUNCT.sub(" ", out)
    if profile.case:
        out = out.casefold()
    if profile.letters:
        out = _LETTERS(out)
    if profile.invisible:  # white space collapses (str.split: \s and the separators \x1c-\x1f)
        out = " ".join(out.split())
    return out


# --------------------------------------------------------------------------- tokens

# A word is letters/marks/digits with the joiners that live inside Arabic
# words (tatweel, ZWJ/ZWNJ and every invisible mark ``normalize`` drops, which
# split words under ``re``'s \w); anything else that is not space is a token of its own
# (punctuation, quotes, symbols).
_WORD_CHAR = r"[\p{L}\p{M}\p{N}\u0640\u200b-\u200f\u061c\ufeff\u00ad\u180e\u2060-\u2064\u202a-\u202e\u2066-\u2069]"
_NUMBER_JOINER = r"[.,'’\u066b\u066c]"  # 2.5 ١٬٠٠٠
_TOKEN = regex.compile(rf"{_WORD_CHAR}+(?:{_NUMBER_JOINER}[\p{{N}}]+)*|[^\s\p{{L}}\p{{M}}\p{{N}}]")
CLITICS = frozenset("وفبلك")
# The same tokens, but a leading و before ال comes out as a token of its own
# (word_keys' context-free clitic rule, in the regex: no Python loop over the
# words).  findall only starts a match where a token starts, so the و
# alternative never fires inside a word.
_KEY_TOKEN = regex.compile(rf"و(?=ال(?:{_WORD_CHAR}|{_NUMBER_JOINER}\p{{N}}))|{_TOKEN.pattern}")


@lru_cache(maxsize=16)
def _key_cache(profile: Profile):
    """A memoized ``normalize`` for single words under one profile: the
    vocabulary of a statement series is small and repeats endlessly."""
    return lru_cache(maxsize=1 << 16)(lambda word: normalize(word, profile))


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    key: str  # comparison key under the profile
    start: int  # offsets into the string that was tokenized
    end: int
    clitic: bool = False  # a leading و split off its word


def tokenize(text: str, profile: Profile = DEFAULT, known: frozenset[str] | None = None) -> list[Token]:
    """Split ``text`` into word and punctuation tokens with comparison keys.

    A leading conjunction ``و`` becomes a token of its own when the rest of
    the word starts with ``ال`` or occurs as a word in ``known`` (the keys of
    the text it is compared with): ``والالتزام`` ↔ ``الالتزام``.  Splitting it
    blindly would break ``وضع``, ``وزير``, ``واشنطن``.  Tokens whose key is
    empty under the profile (a lone diacritic, punctuation when it is ignored)
    are dropped from the comparison but their text stays in the display runs.
    """
    tokens: list[Token] = []
    key_of = _key_cache(profile)
    for m in _TOKEN.finditer(text):
        key = key_of(m.group())
        if key:
            tokens.append(Token(m.group(), key, m.start(), m.end()))
    return split_clitics(tokens, known)


def split_clitics(tokens: list[Token], known: frozenset[str] | None = None) -> list[Token]:
    """``tokens`` with a leading ``و`` split off where :func:`tokenize` says;
    cheap to call again with the other text's keys once they are known.

    Against ``known``, ``وX`` splits when the other text has ``X`` but not
    ``وX`` itself: where it has both, splitting one side only would turn a
    word the two texts share into a change (found by the property suite:
    ``دون … وضمان`` → ``ضمان … وضمان`` reported the last word changed)."""
    out: list[Token] = []
    for t in tokens:
        key = t.key
        if not t.clitic and key[0] == "و" and len(key) > 2 and (
                key.startswith("وال") or (known is not None and key[1:] in known and key not in known)):
            out.append(Token(t.text[:1], "و", t.start, t.start + 1, clitic=True))
            out.append(Token(t.text[1:], key[1:], t.start + 1, t.end))
        else:
            out.append(t)
    return out


def word_keys(text: str, profile: Profile = DEFAULT) -> list[str]:
    """Comparison keys of the words of ``text``, for alignment.

    The fast path: the whole text is normalized once and then split, and a
    leading ``و`` splits off only before ``ال`` (context-free).  Keys equal
    :func:`tokenize`'s except where an invisible mark sat between two words.
    """
    return _KEY_TOKEN.findall(normalize(text, profile))


# --------------------------------------------------------------------------- language

_ARABIC = regex.compile(r"\p{Arabic}+")
_LATIN = regex.compile(r"\p{Latin}+")
_CYRILLIC = regex.compile(r"\p{Cyrillic}+")


def detect_language(text: str) -> str | None:
    """``ar``, ``en``, ``ru`` (or ``fa`` when Persian letters dominate) by script counts."""
    # Every k-th character of the first 4,000 (about 1,000 looked at): the
    # share of each script is the same, at a quarter of the cost.
    sample = text[:4_000]
    sample = sample[:: max(1, len(sample) // 1_000)]
    counts = {  # letters, counted by runs (a list of words, not of characters)
        "ar": sum(map(len, _ARABIC.findall(sample))),
        "en": sum(map(len, _LATIN.findall(sample))),
        "ru": sum(map(len, _CYRILLIC.findall(sample))),
    }
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    if n == 0:
        return None
    if lang == "ar" and sum(sample.count(c) for c in "پچژگ") > n * 0.01:
        return "fa"
    return lang


def is_rtl(text: str) -> bool:
    """True when the first strong character of ``text`` is right-to-left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False
