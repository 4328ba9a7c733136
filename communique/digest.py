"""SHA-256 digests without paying for OpenSSL at start-up.

``import hashlib`` loads OpenSSL's ``_hashlib``: 2-3 ms of every process,
a thirtieth of a small ``communique diff``, which hashes only its two
inputs and the few sources its caches are keyed by.  CPython's own SHA-256
(``_sha2``, ``_sha256`` before 3.12) imports in a tenth of that but hashes
a sixth as fast, so once a process has a megabyte to hash (in one piece,
or all told: a batch of small statements) it goes to hashlib, whose import
is then small beside the work, as it does when something else has imported
hashlib already.  The digests are the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Protocol


class Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


_LARGE = 1 << 20  # bytes: from here on hashlib's speed outweighs its import
_hashed = [0]  # bytes the built-in hash has been fed in this process


def sha256(data: bytes = b"") -> Hash:
    """A SHA-256 hash object fed ``data`` (CPython's own until the process
    has hashed a megabyte: one that ``update`` will feed much more should
    start from hashlib)."""
    builtin = _builtin_sha256() if "hashlib" not in sys.modules else None
    if builtin is not None and _hashed[0] + len(data) < _LARGE:
        _hashed[0] += len(data)
        return builtin(data)
    import hashlib

    return hashlib.sha256(data)


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 digest of ``data``."""
    return sha256(data).hexdigest()


@cache
def _builtin_sha256() -> Callable[[bytes], Hash] | None:
    for module in ("_sha2", "_sha256"):  # (3.12 and later, 3.11; a build may have neither)
        try:
            constructor: Callable[[bytes], Hash] = import_module(module).sha256
        except (ImportError, AttributeError):
            continue
        return constructor
    return None
