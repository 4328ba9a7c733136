"""Word-level opcodes: the guarantees of :func:`communique.words.opcodes`,
on small cases (where they are SequenceMatcher's) and on long ones (where a
sliding window keeps them near-linear)."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.compare.words import WINDOW, opcodes, word_changes


def assert_valid(a: list[str], b: list[str], ops) -> None:
    """Opcodes cover both sides in order; equal runs pair equal items; no
    two neighbours are both changes or both equal."""
    i = j = 0
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        assert (i1, j1) == (i, j)
        assert i2 > i1 or j2 > j1
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        else:
            assert tag == {(True, True): "replace", (True, False): "delete", (False, True): "insert"}[
                (i2 > i1, j2 > j1)]
        if k:
            assert (ops[k - 1][0] == "equal") != (tag == "equal")
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


CASES = [
    ([], [], []),
    (["a"], ["a"], [("equal", 0, 1, 0, 1)]),
    (["a", "b"], ["a", "c"], [("equal", 0, 1, 0, 1), ("replace", 1, 2, 1, 2)]),
    (["a", "b", "c"], ["a", "c"], [("equal", 0, 1, 0, 1), ("delete", 1, 2, 1, 1), ("equal", 2, 3, 1, 2)]),
    (["a"], ["x", "a", "y"], [("insert", 0, 0, 0, 1), ("equal", 0, 1, 1, 2), ("insert", 1, 1, 2, 3)]),
    (["a", "b"], [], [("delete", 0, 2, 0, 0)]),
]


@pytest.mark.parametrize(("a", "b", "expected"), CASES)
def test_small_cases(a, b, expected) -> None:
    assert opcodes(a, b) == expected


@given(st.lists(st.sampled_from("abcde"), max_size=40), st.lists(st.sampled_from("abcxy"), max_size=40))
def test_opcodes_keep_their_guarantees(a: list[str], b: list[str]) -> None:
    """Any two short token lists: the opcodes are a valid edit script."""
    assert_valid(a, b, opcodes(a, b))


@pytest.mark.parametrize("seed", range(4))
def test_long_repetitive_texts_use_the_window_and_stay_close_to_difflib(seed: int) -> None:
    """Beyond WINDOW² pairs, the windowed script is still valid and finds
    nearly as many matching tokens as full SequenceMatcher."""
    rng = random.Random(seed)
    vocab = ["the", "peace", "of", "all", "parties", "and", "region", "security"]
    a = [rng.choice(vocab) for _ in range(3 * WINDOW)]
    b = [w if rng.random() < 0.85 else rng.choice(vocab) for w in a]
    b[WINDOW:WINDOW] = [rng.choice(vocab) for _ in range(50)]
    ops = opcodes(a, b)
    assert_valid(a, b, ops)
    mine = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    full = sum(blk.size for blk in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    assert mine >= 0.97 * full


def test_unrelated_long_texts_are_one_replacement_or_close() -> None:
    """Two long texts with nothing in common end as changes only."""
    a = [f"a{i}" for i in range(2 * WINDOW)]
    b = [f"b{i}" for i in range(3 * WINDOW)]
    ops = opcodes(a, b)
    assert_valid(a, b, ops)
    assert ops == [("replace", 0, len(a), 0, len(b))]


def test_word_changes_rebuild_both_texts_of_a_long_clause() -> None:
    rng = random.Random(7)
    words = ["Reaffirmed", "their", "commitment", "to", "the", "sovereignty", "of", "the", "region"]
    old = " ".join(rng.choice(words) for _ in range(4 * WINDOW))
    new = old.replace("commitment to", "strong commitment to", 5)
    runs = word_changes(old, new)
    assert " ".join(r.old for r in runs if r.old).split() == old.split()
    assert " ".join(r.new for r in runs if r.new).split() == new.split()
    assert sum(1 for r in runs if r.op != "equal") == 5


@pytest.mark.parametrize(("old", "new", "changed"), [
    # و + a word the other side has splits off ...
    ("دعم وضمان الأمن", "دعم ضمان الأمن", [("و", "")]),
    # ... but not when the other side also has the joined word: the shared
    # last word is not a change (the reword brought "ضمان" in elsewhere)
    ("دون دعم وضمان", "ضمان دعم وضمان", [("دون", "ضمان")]),
])
def test_clitic_split_is_consistent_between_the_sides(old: str, new: str, changed) -> None:
    runs = word_changes(old, new)
    assert [(r.old, r.new) for r in runs if r.op != "equal"] == changed


# word_keys: the alignment's fast keys.  A leading و splits off before ال
# (context-free), never inside a word, never from a bare وال.
WORD_KEYS = [
    ("والسلام عليكم", ["و", "السلام", "عليكم"]),
    ("وزير الخارجية", ["وزير", "الخارجية"]),
    ("وال", ["وال"]),
    ("كلمةوالسلام", ["كلمةوالسلام"]),
    ("1.5والسلام", ["1.5", "و", "السلام"]),
    ("(والسلام)", ["(", "و", "السلام", ")"]),
    ("وَالسَّلام", ["و", "السلام"]),  # diacritics go first (default profile)
    ("Peace, security", ["Peace", ",", "security"]),
]


@pytest.mark.parametrize(("text", "expected"), WORD_KEYS)
def test_word_keys(text: str, expected: list[str]) -> None:
    from communique.text.tokens import word_keys

    assert word_keys(text) == expected


@given(st.text(alphabet="والبت .,5١٬\u064b\u0640\u200b", max_size=20))
def test_word_keys_equal_tokens_split_before_al(text: str) -> None:
    """The one-regex word_keys equals the rule it implements: the default
    tokens of the normalized text, ``وال…`` (longer than ``وال``) split."""
    from communique.text.normalize import normalize
    from communique.text.tokens import _TOKEN, word_keys

    expected = []
    for key in _TOKEN.findall(normalize(text)):
        expected += ["و", key[1:]] if key.startswith("وال") and len(key) > 3 else [key]
    assert word_keys(text) == expected
