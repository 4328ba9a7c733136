"""Plug-ins: the entry points of a group, without paying for them when there are none.

Readers and renderers take plug-ins from the ``communique.readers`` and
``communique.renderers`` entry-point groups.  ``importlib.metadata`` answers
that by reading every installed distribution's metadata, 10-40 ms of a
process that otherwise diffs two small statements in less; so the
``entry_points.txt`` files on ``sys.path`` are first searched for the group's
name (a few hundred small reads), and ``importlib.metadata`` is asked only
when one declares it.  The search errs on the side of asking: a zip archive
or an egg on the path is not searched but sent to ``importlib.metadata``.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any


@cache
def entry_points(group: str) -> tuple[Any, ...]:
    """The entry points of ``group``, sorted by name (``importlib.metadata``'s)."""
    if not _may_declare(group):
        return ()
    from importlib.metadata import entry_points as find

    return tuple(sorted(find(group=group), key=lambda ep: ep.name))


def _may_declare(group: str) -> bool:
    """False only when no distribution on ``sys.path`` declares ``group``."""
    needle = f"[{group}]"
    for folder in sys.path:
        folder = folder or "."
        if os.path.isfile(folder):  # a zip archive: not searched here
            return True
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".egg"):
                return True
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8", errors="replace") as fh:
                    if needle in fh.read():
                        return True
            except OSError:
                continue
    return False
