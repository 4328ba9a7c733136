"""Cosmetic differences: which folding rules make two texts equal.

A pair the profile finds equal is ``unchanged``; when its raw text differs,
the rules that account for the difference are listed on the op
(``diacritics``, ``quotes``, ``spacing`` …), so a reader sees that something
changed and what kind of thing, and nothing is hidden.  In Arabic a
diacritic can carry meaning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import COSMETIC_RULES, CosmeticRule, Profile
from ..text.normalize import normalize

_SPACE = re.compile(r"\s+")


def cosmetic_rules(old: str, new: str, profile: Profile) -> tuple[CosmeticRule, ...]:
    """The rules of ``profile`` (and ``spacing``) needed to make ``old`` and
    ``new`` equal: a rule is listed when turning it off alone makes them
    differ.  Called only for pairs that are equal under ``profile``."""
    if old == new:
        return ()
    found: list[CosmeticRule] = []
    for rule in profile.ignored:
        without = replace(profile, **{rule: False})
        if normalize(old, without) != normalize(new, without):
            found.append("punctuation" if rule == "endings" else rule)  # reported as what it is: punctuation
    if _SPACE.findall(old) != _SPACE.findall(new):  # NBSP for a space, a doubled space …
        found.append("spacing")
    return tuple(r for r in COSMETIC_RULES if r in found)
