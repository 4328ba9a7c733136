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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def no_cycle_collection(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic collector paused."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        # (not the context manager: its generator was a hundredth of parsing a small statement)
        was_on = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return paused
