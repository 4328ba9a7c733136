"""Word-level changes inside a pair of clauses.

Tokens come from :func:`communique.text.tokenize` (Arabic-aware: a leading
``و`` splits off where the rest of the word is known), compared by their keys
under the normalization profile, and reported as runs of the *original* text,
so that display never shows normalized text.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import cast

from ..model import DEFAULT, Profile, WordChange, WordOp
from ..text.tokens import CLITICS, Token, split_clitics, tokenize
from .similarity import common_ends

Opcode = tuple[WordOp, int, int, int, int]


def paired_tokens(old: str, new: str, profile: Profile = DEFAULT) -> tuple[list[Token], list[Token]]:
    """Tokens of both texts, each split for clitics against the other's words."""
    a, b = tokenize(old, profile), tokenize(new, profile)
    old_keys, new_keys = frozenset(t.key for t in a), frozenset(t.key for t in b)
    return split_clitics(a, new_keys), split_clitics(b, old_keys)


def word_changes(old: str, new: str, profile: Profile = DEFAULT) -> tuple[WordChange, ...]:
    """Runs of equal/insert/delete/replace tokens turning ``old`` into ``new``.

    Guarantees: the runs' ``old`` texts are slices of ``old`` at their
    ``old_span`` (likewise for ``new``), in order, covering every token of
    each text; ``equal`` runs have equal keys, and an ``equal`` run whose
    raw text differs (a cosmetic difference the profile folds) is a run of
    its own, so renderers can show exactly which words differ.  A run whose
    only difference is a leading clitic (و ف ب ل ك) has ``clitic=True``.
    """
    a, b = paired_tokens(old, new, profile)
    runs: list[WordChange] = []

    def run(tag: WordOp, i1: int, i2: int, j1: int, j2: int) -> None:
        os_ = (a[i1].start, a[i2 - 1].end) if i2 > i1 else _gap(a, i1)
        ns_ = (b[j1].start, b[j2 - 1].end) if j2 > j1 else _gap(b, j1)
        runs.append(WordChange(tag, old[os_[0]:os_[1]], new[ns_[0]:ns_[1]], os_, ns_,
                               tag != "equal" and _clitic_only(a[i1:i2], b[j1:j2])))

    for tag, i1, i2, j1, j2 in opcodes([t.key for t in a], [t.key for t in b]):
        if tag != "equal":
            run(tag, i1, i2, j1, j2)
            continue
        # an equal stretch splits where the raw text starts or stops differing
        k = i1
        while k < i2:
            same = a[k].text == b[j1 + k - i1].text
            m = k + 1
            while m < i2 and (a[m].text == b[j1 + m - i1].text) == same:
                m += 1
            run("equal", k, m, j1 + k - i1, j1 + m - i1)
            k = m
    return tuple(runs)


def _gap(tokens: list[Token], i: int) -> tuple[int, int]:
    """Where a run absent on this side belongs: right after the token before it."""
    pos = tokens[i - 1].end if i > 0 else 0
    return (pos, pos)


# Above WINDOW² token pairs, a region is diffed in overlapping windows.
# SequenceMatcher(autojunk=False) is exact but quadratic or worse on a long
# text made of few distinct words (a real clause has 20–300 tokens; a
# malformed page can make one clause of 100,000).  autojunk=True would be
# fast but drops every frequent word (و، في، the) from matching, which is
# wrong for statement prose, so the cap is on size, not on frequency.
WINDOW = 400


def opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib-style opcodes turning ``a`` into ``b``, in near-linear time.

    Guarantees: the opcodes cover ``a`` and ``b`` in order without gaps;
    ``equal`` opcodes pair equal items; no two neighbours have the same
    tag, and a deletion next to an insertion is one ``replace``.  The common
    prefix and suffix are matched first; up to WINDOW² pairs, the middle is
    SequenceMatcher's (autojunk off); beyond that, matches are found within a sliding
    window of WINDOW items, so a block moved farther than that is reported
    as a deletion and an insertion.
    """
    n, m = len(a), len(b)
    head, tail = common_ends(a, b)
    ops: list[Opcode] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    ops.extend(_middle(a, b, head, n - tail, head, m - tail))
    if tail:
        ops.append(("equal", n - tail, n, m - tail, m))
    return _merged(ops)


def _middle(a: list[str], b: list[str], i: int, n: int, j: int, m: int) -> list[Opcode]:
    ops: list[Opcode] = []
    half = WINDOW // 2
    while (n - i) * (m - j) > WINDOW * WINDOW:
        ae, be = min(n, i + WINDOW), min(m, j + WINDOW)
        matcher = SequenceMatcher(None, a[i:ae], b[j:be], autojunk=False)
        # Commit up to the end of the last match starting in the window's
        # first half: what follows it may still match beyond the window.
        ci, cj = 0, 0
        for blk in matcher.get_matching_blocks()[:-1]:
            if blk.a < half and blk.b < half:
                ci, cj = blk.a + blk.size, blk.b + blk.size
        ops.extend(_shifted(matcher.get_opcodes(), i, j, (ci, cj)))
        if max(ci, cj) < half // 2:
            # Nothing (or too little) matches early: give up half a window
            # as changed, so that every step moves at least WINDOW/4.
            step_a, step_b = max(ci, min(half, ae - i)), max(cj, min(half, be - j))
            ops.append(("replace", i + ci, i + step_a, j + cj, j + step_b))
            ci, cj = step_a, step_b
        i, j = i + ci, j + cj
    if i < n or j < m:
        ops.extend(_shifted(SequenceMatcher(None, a[i:n], b[j:m], autojunk=False).get_opcodes(), i, j))
    return ops


def _shifted(ops: Sequence[tuple[str, int, int, int, int]], i: int, j: int,
             upto: tuple[int, int] = (1 << 62, 1 << 62)) -> list[Opcode]:
    """``ops`` (difflib's) moved by ``(i, j)``, keeping those that end by ``upto``."""
    return [(cast(WordOp, tag), i1 + i, i2 + i, j1 + j, j2 + j) for tag, i1, i2, j1, j2 in ops
            if i2 <= upto[0] and j2 <= upto[1]]


def _merged(ops: list[Opcode]) -> list[Opcode]:
    out: list[Opcode] = []
    for tag, i1, i2, j1, j2 in ops:
        if i1 == i2 and j1 == j2:
            continue
        if out and (out[-1][0] == "equal") == (tag == "equal"):
            _, p1, _, q1, _ = out.pop()
            i1, j1 = p1, q1
            if tag != "equal":
                tag = "replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert"
        out.append((tag, i1, i2, j1, j2))
    return out


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
