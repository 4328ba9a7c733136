"""The cyclic garbage collector, paused around work that builds a large
object graph with no reference cycles in it.

Parsing (lines, units, the tree), aligning and rendering each allocate a
great many objects that either live on (the document, the diff) or are
freed by reference counting.  The cyclic collector's passes, set off by
those allocations, walk every live object, and the live graph grows with
the input: measured here, they were about 10 % of parsing a 1,000-clause
statement and made a 2,000-clause render take 3× a 1,000-clause one.  The
collector is left as it was on the way out: a caller that paused it keeps
it paused, and what cycles there are wait for its next pass.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from types import TracebackType
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class without_cycle_collection:  # (lower case: read as a function, ``with without_cycle_collection():``)
    """The collector paused inside a ``with`` block.  A class, not a
    ``contextmanager`` generator: that was a hundredth of parsing a small
    statement."""

    __slots__ = ("_was_on",)

    def __enter__(self) -> None:
        self._was_on = gc.isenabled()
        gc.disable()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._was_on:
            gc.enable()


def no_cycle_collection(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic collector paused."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with without_cycle_collection():
            return function(*args, **kwargs)

    return paused
