"""Where communique keeps what it derives once per machine (the analysed
grammar, compiled patterns): ``$XDG_CACHE_HOME/communique``, else
``~/.cache/communique``.  None when ``COMMUNIQUE_NO_CACHE`` is set or there
is no home to put it in (a shared temporary folder would let another user
plant a file that is loaded as data)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path | None:
    if os.environ.get("COMMUNIQUE_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if Path.home() != Path("/") else None)
    return Path(base) / "communique" if base else None
