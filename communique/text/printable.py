"""Text that cannot attack a terminal: control characters made visible.

Statement text and file names reach terminals and pipes.  An ``ESC``
sequence in a clause could clear the screen, fake a hyperlink (OSC 8) or set
the window title (OSC 0); a right-to-left override (U+202E) could make a
line read backwards.  :func:`printable` shows C0 controls as their Unicode
control pictures (``␛``), C1 controls as U+FFFD, and drops the bidi
embedding, override and isolate controls; tab and line feed stay.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c < 0x20:
        return chr(0x2400 + c)
    if c == 0x7F:
        return "\u2421"
    if c <= 0x9F:
        return "\ufffd"
    return ""


def printable(text: str) -> str:
    """``text`` safe to print: no control character but tab and line feed."""
    return _CONTROLS.sub(_visible, text) if _CONTROLS.search(text) else text
