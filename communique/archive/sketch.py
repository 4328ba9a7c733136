"""Clause keys, MinHash signatures and LSH band keys.

A clause is compared by its *keys*: ``communique.text.tokens.word_keys`` of
its full text under the default profile (the aligner's keys), stored joined
by spaces (a key never holds white space).  Clauses with equal keys are one
*text* of the archive, identified by a 63-bit hash of the keys, so a clause
carried unchanged through thirty rounds is signed, indexed and verified once.

The signature is a MinHash over the text's word *shingles* (``SHINGLE``
consecutive keys), computed by rensa (``RMinHash``, Rust): 2 µs a clause
against 100 µs for datasketch's ``MinHash.bulk``, seeded and the same in
every process.  Band keys fold ``ROWS`` signature values and the band
number into one 63-bit integer (splitmix64), the form SQLite indexes and
Parquet stores.

Parameters (stored in the archive, so an archive is read with the ones it
was built with), measured on the planted-reuse corpus of ``bench/``: word
3-shingles, 64 permutations in 32 bands of 2 rows found the best earlier
relative (similarity ≥ 0.5) of 97.7 % of the texts with 1.1e-3 of the
unrelated pairs as candidates; bigrams in 32 bands of 3 rows found 96 % at
the same cost, bigrams in bands of 2 rows 99.4 % at ten times the
candidates.  Heavily reworded short clauses are the misses; the clusters
step also compares the clauses of consecutive rounds of a series, which
finds those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Profile
from ..text.tokens import word_keys

PROFILE = Profile()


@dataclass(frozen=True, slots=True)
class Params:
    shingle: int = 3
    perms: int = 64
    rows: int = 2
    seed: int = 20240611

    @property
    def bands(self) -> int:
        return self.perms // self.rows

    def to_dict(self) -> dict[str, int]:
        return {"shingle": self.shingle, "perms": self.perms, "rows": self.rows, "seed": self.seed}


DEFAULT_PARAMS = Params()


def keys_of(text: str) -> list[str]:
    """The comparison keys of a clause text (the aligner's)."""
    return word_keys(text, PROFILE)


def text_id(keys: str) -> int:
    """A 63-bit id for the space-joined ``keys`` (positive, fits SQLite INTEGER)."""
    return int.from_bytes(hashlib.blake2b(keys.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def shingles(keys: Sequence[str], n: int) -> list[str]:
    if len(keys) <= n:
        return [" ".join(keys)] if keys else []
    return [" ".join(keys[i:i + n]) for i in range(len(keys) - n + 1)]


def signatures(key_lists: Sequence[Sequence[str]], params: Params = DEFAULT_PARAMS) -> np.ndarray:
    """MinHash signatures (``len × perms`` uint32) of many key lists at once."""
    import rensa

    if not key_lists:
        return np.zeros((0, params.perms), dtype=np.uint32)
    rows = []
    for keys in key_lists:
        # one sketch per text: the batch entry points (digest_matrix_from_token_sets) start rayon's
        # thread pool on every call, 0.2-6 ms for a statement's ten clauses against 20 µs this way
        h = rensa.RMinHash(params.perms, params.seed)
        h.update(shingles(keys, params.shingle))
        rows.append(h.digest())
    return np.asarray(rows, dtype=np.uint32).reshape(len(rows), params.perms)


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer, element-wise on uint64 (wrapping)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def band_keys(sigs: np.ndarray, params: Params = DEFAULT_PARAMS) -> np.ndarray:
    """``len × bands`` int64 band keys (non-negative) of signatures."""
    n = sigs.shape[0]
    b, r = params.bands, params.rows
    grouped = sigs[:, : b * r].astype(np.uint64).reshape(n, b, r)
    with np.errstate(over="ignore"):
        acc = np.broadcast_to((np.arange(b, dtype=np.uint64) + np.uint64(1)) * _GOLDEN, (n, b)).copy()
        for j in range(r):
            acc = _mix(acc ^ grouped[:, :, j])
    return (acc >> np.uint64(1)).astype(np.int64)


def query_keys(text: str, params: Params = DEFAULT_PARAMS) -> tuple[list[str], list[int]]:
    """The keys of ``text`` and its band keys (none for a text without words)."""
    keys = keys_of(text)
    if not keys:
        return keys, []
    return keys, band_keys(signatures([keys], params), params)[0].tolist()
