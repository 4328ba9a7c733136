"""Which differences a comparison ignores: the normalization profile.

The profile is part of the model because a diff or a history is only
meaningful together with the profile it was computed under: renderers show
the word changes the profile found and name the profile; they never compare
text again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal, get_args

Rule = Literal["invisible", "diacritics", "tatweel", "quotes", "digits", "endings", "punctuation", "case", "letters"]
# In the order ``communique.text.normalize`` applies them.
RULES: tuple[Rule, ...] = get_args(Rule)


@dataclass(frozen=True, slots=True)
class Profile:
    """Which differences to ignore when comparing text.

    The default ignores everything that does not change what a clause says:
    invisible marks, diacritics, tatweel, quote styles, digit scripts, and
    the punctuation that ends a clause (``;`` becoming ``.`` when a clause
    moves to the end of a list).
    Punctuation, case and Arabic letter variants are kept, because a
    statement that changes them changed its wording (``--ignore`` folds them
    too).  A pair of clauses the profile finds equal but whose text differs
    is reported as ``unchanged`` with the folded differences listed
    (``Op.cosmetic``), so nothing is hidden.
    """

    invisible: bool = True  # bidi controls, ZW(N)J, ZWSP, BOM, soft hyphen; NBSP & co → space
    diacritics: bool = True  # harakat, tanween, shadda, sukun, dagger alef
    tatweel: bool = True  # U+0640 kashida
    quotes: bool = True  # « » “ ” „ ‘ ’ → " and '
    digits: bool = True  # Arabic-Indic and Persian digits → ASCII
    endings: bool = True  # the punctuation that ends a clause or paragraph (a final ";" becoming ".")
    punctuation: bool = False
    case: bool = False
    letters: bool = False  # أ إ آ ٱ → ا, ى → ي, ة → ه

    @classmethod
    def strict(cls) -> Profile:
        """Compare the text exactly as written (after Unicode NFC)."""
        return cls(**dict.fromkeys(RULES, False))

    def ignoring(self, *names: str) -> Profile:
        """This profile, also ignoring the rules ``names`` (``ValueError`` for an unknown one)."""
        unknown = sorted(set(names) - set(RULES))
        if unknown:
            raise ValueError(f"unknown normalization rule(s): {', '.join(unknown)}; choose from {', '.join(RULES)}")
        return replace(self, **dict.fromkeys(names, True))

    @property
    def ignored(self) -> tuple[Rule, ...]:
        """The rules that are on, in application order."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))  # type: ignore[misc]

    def describe(self) -> str:
        """``ignore invisible,diacritics,…`` or ``strict``: the JSON ``profile`` field."""
        return "ignore " + ",".join(self.ignored) if self.ignored else "strict"

    @classmethod
    def from_ignored(cls, names: list[str] | tuple[str, ...]) -> Profile:
        """The profile that ignores exactly ``names`` (the inverse of :attr:`ignored`)."""
        return cls.strict().ignoring(*names)


DEFAULT = Profile()
