"""Word-level changes inside a pair of clauses.

Tokens come from :func:`communique.text.tokenize` (Arabic-aware: a leading
``و`` splits off where the rest of the word is known), compared by their keys
under the normalization profile, and reported as runs of the *original* text,
so that display never shows normalized text.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .model import WordChange
from .text import CLITICS, DEFAULT, Profile, Token, split_clitics, tokenize


def paired_tokens(old: str, new: str, profile: Profile = DEFAULT) -> tuple[list[Token], list[Token]]:
    """Tokens of both texts, each split for clitics against the other's words."""
    a, b = tokenize(old, profile), tokenize(new, profile)
    old_keys, new_keys = frozenset(t.key for t in a), frozenset(t.key for t in b)
    return split_clitics(a, new_keys), split_clitics(b, old_keys)


def word_changes(old: str, new: str, profile: Profile = DEFAULT) -> tuple[WordChange, ...]:
    """Runs of equal/insert/delete/replace tokens turning ``old`` into ``new``.

    Guarantees: concatenating the ``old`` sides of the runs (with the
    separators the texts had) gives back every token of ``old`` in order,
    and likewise for ``new``; ``equal`` runs have equal keys.  A run whose
    only difference is a leading clitic (و ف ب ل ك) has ``clitic=True``.
    """
    a, b = paired_tokens(old, new, profile)
    matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    runs: list[WordChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_text = old[a[i1].start:a[i2 - 1].end] if i2 > i1 else ""
        new_text = new[b[j1].start:b[j2 - 1].end] if j2 > j1 else ""
        runs.append(WordChange(tag, old_text, new_text, _clitic_only(a[i1:i2], b[j1:j2])))
    return tuple(runs)


def _clitic_only(a: list[Token], b: list[Token]) -> bool:
    if not a and len(b) == 1:
        return b[0].clitic
    if not b and len(a) == 1:
        return a[0].clitic
    if len(a) == 1 and len(b) == 1:
        x, y = a[0].key, b[0].key
        short, long_ = sorted((x, y), key=len)
        return len(long_) == len(short) + 1 and long_[0] in CLITICS and long_[1:] == short
    return False
