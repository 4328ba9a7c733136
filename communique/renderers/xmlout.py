"""Writing XML (TEI, Akoma Ntoso): safe text, ids, dates, serialization.

Everything is built as lxml elements; nothing writes XML by hand.  Text is
cleaned of the characters XML 1.0 cannot hold (C0 controls other than
tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), which become U+FFFD.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection

import regex
from lxml import etree

from ..text.patterns import compiled

_BAD_XML = compiled(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = compiled(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$")
_LANG_TAG = compiled(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
# Elements whose content is mixed: never re-indented.
def clean(text: str | None) -> str:
    """``text`` with characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _BAD_XML.sub("\ufffd", text or "")


def version() -> str:
    from .. import __version__

    return __version__


def iso_when(date: str | None) -> str | None:
    """An ISO date for ``@when`` (Latin digits only), or None when ``date``
    is not one: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``--MM-DD``."""
    if not date:
        return None
    m = _ISO.match(date.strip().translate(_LATIN_DIGITS))
    if not m:
        return None
    year, month, day, md_month, md_day = m.groups()
    if md_month:
        month, day, year_for_check = md_month, md_day, 2000  # a leap year: --02-29 is valid
    else:
        year_for_check = int(year)
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= calendar.monthrange(year_for_check or 2000, int(month))[1]:
        return None
    if year is not None and int(year) == 0:
        return None
    return m.group(0)


def lang_tag(language: str | None) -> str | None:
    """A BCP 47 tag usable in ``xml:lang`` (``ar_SY`` → ``ar-SY``), or None."""
    if not language:
        return None
    tag = language.replace("_", "-")
    return tag if _LANG_TAG.match(tag) else None


def path_id(path: str) -> str:
    """An NCName piece for a clause path: ``6.1`` → ``6.1``,
    ``•2`` → ``b2``, ``§2:1`` → ``s2u3a1``, ``4~2`` → ``4_2``; injective on
    parser paths (``p3``, a preambular paragraph, stays ``p3``; ``¶3`` is ``para3``)."""
    out = path.replace("¶", "para").replace("•", "b").replace("§", "s").replace("~", "_")
    return regex.sub(r"[^\w.\-]", lambda m: f"u{ord(m.group()):x}", out)


def slug(text: str) -> str:
    s = regex.sub(r"[^\p{L}\p{N}]+", "-", text.strip().lower()).strip("-")
    return s or "x"


def indent(el: etree._Element, inline: Collection[str], level: int = 0) -> None:
    """Pretty-print element-only content, leaving mixed content untouched
    (a space added inside a ``p`` or an inline ``rdg`` would change the text)."""
    children = list(el)
    if not children or etree.QName(el).localname in inline:
        return
    if (el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in children):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in children:
        indent(child, inline, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


def serialize(root: etree._Element, inline: Collection[str]) -> str:
    indent(root, inline)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True).decode("utf-8") + "\n"
