"""Arabic-aware tokens and comparison keys."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from ..model.profile import DEFAULT, Profile
from .normalize import ENDING_CHARS, normalize
from .patterns import compiled

# A word is letters/marks/digits with the joiners that live inside Arabic
# words (tatweel, ZWJ/ZWNJ and every invisible mark ``normalize`` drops, which
# split words under ``re``'s \w); anything else that is not space is a token of its own
# (punctuation, quotes, symbols).
_WORD_CHAR = r"[\p{L}\p{M}\p{N}\u0640\u200b-\u200f\u061c\ufeff\u00ad\u180e\u2060-\u2064\u202a-\u202e\u2066-\u2069]"
_NUMBER_JOINER = r"[.,'’\u066b\u066c]"  # 2.5 ١٬٠٠٠
_TOKEN = compiled(rf"{_WORD_CHAR}+(?:{_NUMBER_JOINER}[\p{{N}}]+)*|[^\s\p{{L}}\p{{M}}\p{{N}}]")
CLITICS = frozenset("وفبلك")
# The same tokens, but a leading و before ال comes out as a token of its own
# (word_keys' context-free clitic rule, in the regex: no Python loop over the
# words).  findall only starts a match where a token starts, so the و
# alternative never fires inside a word.
_KEY_TOKEN = compiled(rf"و(?=ال(?:{_WORD_CHAR}|{_NUMBER_JOINER}\p{{N}}))|{_TOKEN.pattern}")


@lru_cache(maxsize=16)
def _key_cache(profile: Profile):  # type: ignore[no-untyped-def]
    """A memoized ``normalize`` for single words under one profile: the
    vocabulary of a statement series is small and repeats endlessly."""
    # one token alone is no line: its ending is decided in context (_without_endings)
    word_profile = replace(profile, endings=False)
    return lru_cache(maxsize=1 << 16)(lambda word: normalize(word, word_profile))


class Token(NamedTuple):
    """One token.  A named tuple, not a frozen dataclass: a diff makes one per
    word of every clause it compares word by word, and a frozen dataclass
    costs 2.5× as much to create (each field set through object.__setattr__)."""

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
    append = tokens.append
    key_of = _key_cache(profile)
    for m in _TOKEN.finditer(text):
        word = m.group()
        key = key_of(word)
        if not key:
            continue
        token = Token(word, key, m.start(), m.end())
        if key.startswith("وال"):  # split_clitics' rule without context, in the same pass
            tokens += _split_wa(token)
        else:
            append(token)
    if profile.endings:
        tokens = _without_endings(text, tokens)
    return tokens if known is None else split_clitics(tokens, known)


def _without_endings(text: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` without the punctuation that ends each line (the rule
    ``endings``: a final ``;`` and ``.`` are the same ending): a one-character
    ending token goes when only such tokens stand between it and the next
    line break or the end.  Read back from each line's last token (most
    clauses are one line: only the end of the text is looked at)."""
    lines_last = {len(tokens) - 1}
    if "\n" in text:
        ends = [t.end for t in tokens]
        p = text.find("\n")
        while p != -1:
            lines_last.add(bisect_right(ends, p) - 1)  # the last token before this break (-1: none)
            p = text.find("\n", p + 1)
    drop: set[int] = set()
    for k in lines_last:
        while k >= 0 and k not in drop and len(tokens[k].text) == 1 and tokens[k].text in ENDING_CHARS:
            drop.add(k)
            k -= 1
    if not drop:
        return tokens
    return [t for k, t in enumerate(tokens) if k not in drop]


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
            out += _split_wa(t)
        else:
            out.append(t)
    return out


def _split_wa(t: Token) -> tuple[Token, Token]:
    """``t`` as the conjunction ``و`` and the word after it."""
    return Token(t.text[:1], "و", t.start, t.start + 1, True), Token(t.text[1:], t.key[1:], t.start + 1, t.end)


def word_keys(text: str, profile: Profile = DEFAULT) -> list[str]:
    """Comparison keys of the words of ``text``, for alignment.

    The fast path: the whole text is normalized once and then split, and a
    leading ``و`` splits off only before ``ال`` (context-free).  Keys equal
    :func:`tokenize`'s except where an invisible mark sat between two words.
    """
    return _KEY_TOKEN.findall(normalize(text, profile))


