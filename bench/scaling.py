"""Inputs of the scaling targets (issue 17): long statements counted in
lines, a single huge clause, very many short clauses, thousands of
near-identical clauses, each with a next round.

All seeded and built from ``corpus``'s vocabulary.  ``corpus.next_round``
keeps an exact ground truth but places moves with a linear scan per move
(quadratic at 100,000 clauses); the rounds here only need to look like a
next round (about 10 % of clauses reworded, dropped, added or moved far),
so :func:`light_round` does it in one sort.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import corpus

FRAME_LINES = 8  # lines of corpus.render's frame and separators around the clauses: 2k + 8 lines for k clauses


@dataclass
class Pair:
    """Two rounds of one scaling input, with what was done to the second."""

    name: str
    old_text: str
    new_text: str
    clauses: int
    edits: dict[str, int]

    @property
    def nbytes(self) -> int:
        """UTF-8 bytes of both rounds: what a diff reads."""
        return len(self.old_text.encode("utf-8")) + len(self.new_text.encode("utf-8"))

    @property
    def lines(self) -> int:
        return self.old_text.count("\n")


def light_round(clauses: list[str], rate: float, seed: int, lang: str,
                new_clause: Callable[[random.Random], str] | None = None) -> tuple[list[str], dict[str, int]]:
    """A next round in O(n log n): each clause is reworded, dropped or moved
    (at least a third of the statement away) with probability ``rate``/4
    each, and about ``rate``/4 × n new clauses are added at random places."""
    rng = random.Random(f"light:{lang}:{len(clauses)}:{seed}")
    n = len(clauses)
    make = new_clause or (lambda r: corpus._clause(r, lang))
    keyed: list[tuple[float, str]] = []
    edits = dict.fromkeys(("modified", "dropped", "moved", "added"), 0)
    far = max(2, n // 3)
    for i, text in enumerate(clauses):
        r = rng.random() * 4 / rate if rate else 4.0
        if r < 1:
            keyed.append((i, corpus._reword(text, rng, lang)))
            edits["modified"] += 1
        elif r < 2:
            edits["dropped"] += 1
        elif r < 3 and n >= 3:
            later = i + far + rng.randrange(far)
            earlier = i - far - rng.randrange(far)
            q = later if later < n and (earlier < 0 or rng.random() < 0.5) else max(earlier, 0)
            keyed.append((q + 0.5, text))
            edits["moved"] += 1
        else:
            keyed.append((i, text))
    for _ in range(round(n * rate / 4)):
        keyed.append((rng.random() * n, make(rng)))
        edits["added"] += 1
    keyed.sort(key=lambda kv: kv[0])
    return [t for _, t in keyed], edits


def _pair(name: str, clauses: list[str], lang: str, seed: int, rate: float = 0.1,
          new_clause: Callable[[random.Random], str] | None = None) -> Pair:
    new, edits = light_round(clauses, rate, seed, lang, new_clause)
    return Pair(name, corpus.render(clauses, lang), corpus.render(new, lang), len(clauses), edits)


def lines_pair(n_lines: int, lang: str = "ar", seed: int = 1) -> Pair:
    """A statement of about ``n_lines`` lines as the bench writes them
    (numbered clauses of 25–70 words, a blank line between paragraphs:
    ``2k + 8`` lines for ``k`` clauses), and its next round."""
    k = max(1, (n_lines - FRAME_LINES) // 2)
    _, clauses = corpus.make_statement(k, lang, seed)
    return _pair(f"{n_lines:,} lines", list(clauses), lang, seed)


def _word_stream(rng: random.Random, lang: str):
    pool = corpus._word_pool(lang)
    while True:
        yield rng.choice(pool)


def one_clause_pair(n_bytes: int, lang: str = "ar", seed: int = 1) -> Pair:
    """One clause of about ``n_bytes`` UTF-8 bytes (words of the vocabulary,
    no line break) in the statement frame; the next round changes one word
    in a hundred."""
    rng = random.Random(f"one-clause:{lang}:{n_bytes}:{seed}")
    words: list[str] = []
    size = 0
    for w in _word_stream(rng, lang):
        words.append(w)
        size += len(w.encode("utf-8")) + 1
        if size >= n_bytes:
            break
    pool = corpus._word_pool(lang)
    new = list(words)
    changed = 0
    for k in range(rng.randrange(100), len(new), 100):
        new[k] = rng.choice([w for w in (rng.choice(pool), rng.choice(pool)) if w != new[k]] or ["x"])
        changed += 1
    old_clause, new_clause = " ".join(words) + ".", " ".join(new) + "."
    return Pair(f"one clause of {n_bytes / 1e6:g} MB", corpus.render([old_clause], lang),
                corpus.render([new_clause], lang), 1, {"words changed": changed})


def _short_clause_maker(lang: str, seed: int) -> Callable[[random.Random], str]:
    """Short clauses (8–16 words): the end of one generated clause joined to
    the start of another, so that clauses rarely repeat and about a third
    still open with a shared formula."""
    pool_rng = random.Random(f"short-pool:{lang}:{seed}")
    pool = [corpus._clause(pool_rng, lang).rstrip(".").split() for _ in range(2000)]

    def make(rng: random.Random) -> str:
        a, b = rng.choice(pool), rng.choice(pool)
        ka, kb = rng.randint(4, 8), rng.randint(4, 8)
        s = rng.randrange(max(1, len(b) - kb))
        return " ".join(a[:ka] + b[s:s + kb]).rstrip(",،") + "."

    return make


def many_clauses_pair(n: int, lang: str = "ar", seed: int = 1) -> Pair:
    """``n`` short numbered clauses (8–16 words; clause numbers run to
    ``n``, past four digits) and the next round."""
    make = _short_clause_maker(lang, seed)
    rng = random.Random(f"many:{lang}:{n}:{seed}")
    # No clause twice: the parser reads a short line repeated in a document
    # as page furniture (a running header) and leaves it out of the clauses.
    seen: set[str] = set()
    clauses = []
    while len(clauses) < n:
        text = make(rng)
        if text not in seen:
            seen.add(text)
            clauses.append(text)
    return _pair(f"{n:,} clauses", clauses, lang, seed, new_clause=make)


def _near_identical_maker(lang: str, seed: int) -> Callable[[random.Random], str]:
    """One formula clause of about 30 words with two words replaced from a
    set of 30: the clauses share about 93 % of their words and a few repeat
    exactly."""
    rng0 = random.Random(f"near-template:{lang}:{seed}")
    template = corpus._clause(rng0, lang, formula=True).rstrip(".").split()
    while len(template) < 30:
        template += corpus._clause(rng0, lang).rstrip(".").split()
    template = template[:30]
    variants = rng0.sample(corpus._word_pool(lang), 30)

    def make(rng: random.Random) -> str:
        words = list(template)
        for pos in rng.sample(range(2, len(words)), 2):
            words[pos] = rng.choice(variants)
        return " ".join(words) + "."

    return make


def near_identical_pair(n: int, lang: str = "ar", seed: int = 1) -> Pair:
    """``n`` near-identical clauses and the next round."""
    make = _near_identical_maker(lang, seed)
    rng = random.Random(f"near:{lang}:{n}:{seed}")
    clauses = [make(rng) for _ in range(n)]
    return _pair(f"{n:,} near-identical clauses", clauses, lang, seed, new_clause=make)
