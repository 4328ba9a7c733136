"""JSON: the documented contracts (README "JSON output"; JSON Schema files
in ``communique/schemas/``), read back by :func:`communique.load`."""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Diff, Document, History
from .base import FormatRenderer, Option

# json.dumps escapes C0 controls but, with ensure_ascii=False, leaves C1
# controls (U+0080–U+009F: CSI and friends act on some terminals) raw.
_C1 = re.compile("[\x7f-\x9f]")


def dump(data: dict[str, Any], indent: int | None = 2) -> str:
    """JSON text: no NaN or infinity (they are not JSON), no raw control character."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _render(obj: Document | Diff | History, indent: int = 2) -> str:
    return dump(obj.to_dict(), indent if indent > 0 else None)


RENDERER = FormatRenderer(
    "json", "JSON (the README's contracts)", document=_render, diff=_render, history=_render,
    options={"indent": Option(int, 2, "spaces per indentation level; 0 for one line")},
)
