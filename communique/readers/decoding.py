"""Bytes → text: character encodings.

The order (``shared/notes/arabic.md``, and the HTML standard where it
speaks):

1. A BOM names the encoding.  If the bytes after a UTF-8 BOM are not UTF-8
   (a BOM pasted before cp1256 text), detection below decides, with a warning.
2. BOM-less UTF-16 shows as NUL/0x06 byte parity.
3. Bytes that are valid UTF-8 are UTF-8, whatever a ``<meta charset>`` or
   header says: a real single-byte text (Arabic, Cyrillic) is practically
   never valid UTF-8, while pages that declare a wrong charset are common.
4. A declared charset (HTTP header, ``<meta charset>``, XML declaration) is
   used; ``utf-16`` declared over ASCII-compatible bytes means UTF-8 (HTML
   standard).  A declaration that turns the text into mostly replacement or
   unassigned characters is overruled by detection, with a warning.
5. Otherwise: mostly UTF-8 with a few bad bytes → UTF-8 with replacements;
   else the single-byte code page that reads as more real words (cp1256 or
   ISO-8859-6 by the article ال, cp1251 by common Russian bigrams).

Bytes that cannot be decoded are replaced, and a warning names the first
offset: nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import regex

from ..model import ParseWarning
from ..text.patterns import compiled

_META_CHARSET = compiled(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", regex.I)
_XML_ENCODING = compiled(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([-\w:.]+)["']""")
# Python text codecs that are no character set: a page declaring one would
# have its backslashes read as escapes (unicode_escape) or its text as
# punycode.  Such a declaration is ignored and the bytes are detected.
_NOT_CHARSETS = frozenset(("unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "utf-7"))
_ALIASES = {"windows-1256": "cp1256", "iso-8859-6": "iso8859-6", "utf8": "utf-8"}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[ParseWarning, ...] = ()


def decode(data: bytes, label: str, html: bool = False, declared: str | None = None) -> Decoded:
    """``data`` as text.  ``declared``: a charset the transport named (HTTP);
    ``html``: also honour a ``<meta charset>`` or XML declaration in the bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        try:
            return Decoded(body.decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            if _mostly_utf8(body):
                return _replaced(body, "utf-8", label, "utf-8-sig", exc.start, offset=3)
            found = _detect_single_byte(body, label)
            note = ParseWarning("bom-overruled", f"{label}: a UTF-8 byte-order mark precedes bytes that are not "
                                f"UTF-8; read as {found.encoding}")
            return Decoded(found.text, found.encoding, (note, *found.warnings))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _strict_or_replaced(data[2:], codec, label, offset=2)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict_or_replaced(data, utf16, label)
    stated = _usable_charset(declared) or (_declared_in(data) if html else None)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc.start
    else:
        if stated and codecs.lookup(stated).name != "utf-8" and not text.isascii():
            note = ParseWarning("charset-overruled", f"{label}: declared {stated}, but the bytes are valid UTF-8; "
                                "read as UTF-8")
            return Decoded(text, "utf-8", (note,))
        return Decoded(text, "utf-8")
    if stated:
        if codecs.lookup(stated).name.startswith("utf-16"):
            stated = "utf-8"  # the HTML standard: UTF-16 declared over ASCII-compatible bytes
        candidate = _strict_or_replaced(data, stated, label)
        if not _garbled(candidate.text):
            return candidate
        found = _detect(data, label, first_error)
        note = ParseWarning("charset-overruled", f"{label}: declared {stated}, which garbles the text; "
                            f"read as {found.encoding}")
        return Decoded(found.text, found.encoding, (note, *found.warnings))
    return _detect(data, label, first_error)


def sample_text(data: bytes, size: int = 65536) -> str:
    """The first ``size`` bytes decoded loosely, for sniffing a format."""
    head = data[:size]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    even = head[: len(head) & ~1]
    utf16 = _utf16_without_bom(even)
    if utf16:
        return even.decode(utf16, errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def _detect(data: bytes, label: str, first_error: int) -> Decoded:
    if _mostly_utf8(data):
        return _replaced(data, "utf-8", label, "utf-8", first_error)
    return _detect_single_byte(data, label)


def _strict_or_replaced(data: bytes, codec: str, label: str, offset: int = 0) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as exc:
        return _replaced(data, codec, label, codec, exc.start, offset)


def _replaced(data: bytes, codec: str, label: str, name: str, first_error: int, offset: int = 0) -> Decoded:
    text = data.decode(codec, errors="replace")
    warning = ParseWarning(
        "decode-replaced",
        f"{label}: {text.count(chr(0xFFFD))} undecodable byte sequence(s) in {name}, replaced by U+FFFD; "
        f"first at byte offset {first_error + offset}")
    return Decoded(text, name, (warning,))


def _usable_charset(name: str | None) -> str | None:
    """A declared charset name Python can decode with, or None (unknown names
    and codecs that are no character set are ignored)."""
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if info.name in _NOT_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    return name


def _declared_in(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _usable_charset(m.group(1).decode("ascii", "replace")) if m else None


def _garbled(text: str) -> bool:
    """Mostly replacement or unassigned characters among the non-ASCII ones."""
    odd = total = 0
    for ch in text[:20000]:
        if ord(ch) > 127:
            total += 1
            if ch == "\ufffd" or unicodedata.category(ch) in ("Cn", "Co", "Cs"):
                odd += 1
    return total > 0 and odd > 0.3 * total


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text is mostly pairs whose high byte is 0x00 (ASCII, spaces)
    or 0x06 (Arabic); which half of the pair holds it tells the byte order."""
    sample = data[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    # bytes.count runs in C: a generator over the bytes cost 0.7 ms a file
    high_even, high_odd = sample[0::2], sample[1::2]
    even = high_even.count(0) + high_even.count(6)
    odd = high_odd.count(0) + high_odd.count(6)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.2 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.2 * half:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 127) - bad
    return multibyte > 4 * bad


def _detect_single_byte(data: bytes, label: str) -> Decoded:
    # cp1256 decodes every byte, so ISO-8859-6 input would be read silently
    # wrong: compare how often the article ال appears under each (ل is 0xE1 in
    # cp1256 and 0xE4 in ISO-8859-6).
    scores: dict[str, int] = {}
    for codec in ("cp1256", "iso8859-6", "cp1251"):
        text = data.decode(codec, errors="replace")
        if codec == "cp1251":
            scores[codec] = sum(text.count(b) for b in ("ст", "но", "то", "на", "ен", "ов", "ни", "ра"))
        else:
            scores[codec] = text.count("ال") * 2 - text.count("\ufffd")
    best = max(scores, key=lambda c: scores[c])
    if scores[best] <= 0:
        best = "cp1252"
    return _strict_or_replaced(data, best, label)
