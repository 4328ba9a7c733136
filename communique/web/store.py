"""The comparisons a server keeps in memory, so that a result has an address
(``/compare/<key>``, its options in the query) and its downloads are the
same diff: the last few pairs of parsed documents, and the diffs made of
them, least recently used first out.  Nothing is written to disk."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import communique

from .options import DiffOptions


@dataclass(frozen=True, slots=True)
class Pair:
    old: communique.Document
    new: communique.Document

    @property
    def size(self) -> int:
        return len(self.old.source) + len(self.new.source)


class Store:
    def __init__(self, pairs: int = 32, budget: int = 256 * 1024 * 1024, diffs: int = 64) -> None:
        self.capacity = pairs
        self.budget = budget
        self._pairs: OrderedDict[str, Pair] = OrderedDict()
        self._diffs: OrderedDict[tuple[str, DiffOptions], communique.Diff] = OrderedDict()
        self._diff_capacity = diffs
        self._lock = threading.Lock()

    @staticmethod
    def key(old: communique.Document, new: communique.Document) -> str:
        h = hashlib.sha256()
        for doc in (old, new):
            h.update((doc.info.sha256 or "").encode())
            h.update(b"\0" + (doc.info.name or "").encode("utf-8", "replace") + b"\0")
        return h.hexdigest()[:24]

    def put(self, old: communique.Document, new: communique.Document) -> str:
        key = self.key(old, new)
        pair = Pair(old, new)
        with self._lock:
            self._pairs[key] = pair
            self._pairs.move_to_end(key)
            total = sum(p.size for p in self._pairs.values())
            while len(self._pairs) > 1 and (len(self._pairs) > self.capacity or total > self.budget):
                gone, dropped = self._pairs.popitem(last=False)
                total -= dropped.size
                for k in [k for k in self._diffs if k[0] == gone]:
                    del self._diffs[k]
        return key

    def get(self, key: str) -> Pair | None:
        with self._lock:
            pair = self._pairs.get(key)
            if pair is not None:
                self._pairs.move_to_end(key)
            return pair

    def diff(self, key: str, pair: Pair, opts: DiffOptions) -> communique.Diff:
        """The diff of a kept pair with these options (computed once)."""
        with self._lock:
            found = self._diffs.get((key, opts))
            if found is not None:
                self._diffs.move_to_end((key, opts))
                return found
        result = communique.diff(pair.old, pair.new, **opts.diff_kwargs())
        with self._lock:
            self._diffs[(key, opts)] = result
            while len(self._diffs) > self._diff_capacity:
                self._diffs.popitem(last=False)
        return result
