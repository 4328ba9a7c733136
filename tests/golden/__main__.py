"""``python -m tests.golden --update``: regenerate the golden files (see ``tests/golden/__init__.py``)."""

from __future__ import annotations

import sys

from . import update

if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.golden --update   (rewrites tests/golden/*; review the diff)")
    changed = update()
    print("\n".join(f"updated tests/golden/{name}" for name in changed) or "every golden file is up to date")
