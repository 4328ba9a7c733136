"""JSON Schema files (draft 2020-12) for the JSON outputs: ``document``,
``diff`` and ``history``.  The diff and history schemas refer to the
document schema by its ``$id``; a validator needs all three (see
:func:`schema` and ``tests/test_schemas.py``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Literal

Kind = Literal["document", "diff", "history"]
KINDS: tuple[Kind, ...] = ("document", "diff", "history")


def schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of one output kind, as a dict."""
    text = resources.files(__package__).joinpath(f"{kind}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
