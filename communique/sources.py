"""Bytes → text: input limits, encodings, HTML pages and XML (TEI) input.

Everything the rest of the pipeline sees is a :class:`Decoded` text.  For a
plain-text file the spans of the tree index that decoded text.  For HTML and
TEI the tree indexes the *extracted text* this module writes (one block
element per paragraph, blank lines between them, ``<ol>`` items given the
number the browser would show); ``SourceInfo.spans`` says which.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .errors import InputError
from .model import ParseWarning, SourceInfo

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_MAGIC = {
    b"%PDF": "a PDF file", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive (or DOCX/ODT)",
    b"\x1f\x8b": "a gzip archive", b"\x7fELF": "an executable", b"BZh": "a bzip2 archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", regex.I)
_HTML = regex.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)|<(?:p|div|br|li|ol)\b[^>]*>",
                      regex.I | regex.S)
# A DOCTYPE may carry an internal subset in brackets (where entities are
# declared); it must not hide the TEI root from this test.
_DOCTYPE = r"<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>"
_XML = regex.compile(rf"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:{_DOCTYPE}\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?TEI\b",
                     regex.S)
# Any other XML document (a prolog or a DOCTYPE other than HTML's, and no
# <html>, <head> or <body>): it goes to the safe XML reader, which refuses it
# in one line (entities declared, malformed, or simply not TEI).
_OTHER_XML = regex.compile(r"^\s*(?:<\?xml[^>]*>|<!DOCTYPE\s+(?!html\b))(?!.*?<(?:html|head|body)\b)",
                           regex.S | regex.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    info: SourceInfo
    hints: dict[int, str] = field(default_factory=dict)  # line offset → furniture reason
    title_hint: str | None = None
    warnings: tuple[ParseWarning, ...] = ()


def read_bytes(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path`` (``-`` for stdin), refusing directories, missing
    files and files over ``max_bytes`` with an :class:`InputError`."""
    if str(path) == "-":
        import sys

        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except (AttributeError, OSError, ValueError) as exc:  # no stdin, closed, or unreadable
            raise InputError(f"{path}: cannot read standard input ({exc})") from None
    else:
        p = Path(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a directory, not a statement file")
        if st.st_size > max_bytes:
            raise InputError(f"{path}: {st.st_size:,} bytes is over the {max_bytes:,}-byte limit "
                             "(raise it with --max-bytes)")
        try:
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: input is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
    return data


def decode(data: bytes, name: str | None = None) -> Decoded:
    """Decode ``data`` (a statement as text, HTML or TEI) into a :class:`Decoded`.

    Encoding strategy (``shared/notes/arabic.md``): a BOM; then, for HTML, the
    declared charset; then NUL/0x06 byte parity for BOM-less UTF-16; then
    strict UTF-8; then, for single-byte text, whichever of cp1256 and
    ISO-8859-6 (or cp1251 for Russian) reads as more real words.  Bytes that
    cannot be decoded are replaced, and a warning names the first offset.
    """
    label = name or "input"
    if not data:
        raise InputError(f"{label}: empty input")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{label}: binary input ({what}), not a text statement")
    text, encoding, warnings = _decode_text(data, label)
    if "\x00" in text:
        raise InputError(f"{label}: binary input (NUL bytes), not a text statement")
    return from_text(text, name, encoding, len(data), hashlib.sha256(data).hexdigest(), warnings)


def from_text(text: str, name: str | None = None, encoding: str | None = None, nbytes: int | None = None,
              sha256: str | None = None, warnings: tuple[ParseWarning, ...] = ()) -> Decoded:
    """A decoded text (plain, HTML or TEI, told apart by content) → :class:`Decoded`."""
    label = name or "input"
    if not text.strip():
        raise InputError(f"{label}: empty input (only white space)")
    if nbytes is None or sha256 is None:
        data = text.encode("utf-8", errors="surrogatepass")
        nbytes, sha256 = len(data), hashlib.sha256(data).hexdigest()
    if _XML.match(text[:4096]):
        from .tei_read import extract_tei

        extracted, hints, title = extract_tei(text, label)
        info = SourceInfo(name, encoding, "tei", nbytes, sha256, "extracted-text")
        return Decoded(extracted, info, hints, title, warnings)
    if _OTHER_XML.match(text[:4096]):
        from .tei_read import safe_xml

        root = safe_xml(text, label)
        raise InputError(f"{label}: XML input whose root is <{_local_name(root.tag)}>, not a TEI document")
    if _HTML.search(text[:65536]):
        from .html_read import extract_html

        extracted, hints, title = extract_html(text, label)
        info = SourceInfo(name, encoding, "html", nbytes, sha256, "extracted-text")
        return Decoded(extracted, info, hints, title, warnings)
    return Decoded(text, SourceInfo(name, encoding, "text", nbytes, sha256, "decoded-text"), {}, None, warnings)


def _local_name(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _decode_text(data: bytes, label: str) -> tuple[str, str, tuple[ParseWarning, ...]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(data[3:], "utf-8", label, "utf-8-sig", offset=3)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _decode_as(data[2:], enc, label, enc, offset=2)
    declared = _declared_charset(data)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_as(data, utf16, label, utf16)
    if declared:
        return _decode_as(data, declared, label, declared)
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        if not _mostly_utf8(data):
            return _single_byte(data, label)
        return _decode_as(data, "utf-8", label, "utf-8", first_error=exc.start)


def _decode_as(data: bytes, codec: str, label: str, name: str, offset: int = 0,
               first_error: int | None = None) -> tuple[str, str, tuple[ParseWarning, ...]]:
    try:
        return data.decode(codec), name, ()
    except UnicodeDecodeError as exc:
        first_error = exc.start if first_error is None else first_error
    except (LookupError, UnicodeError):  # unknown, or a codec that decodes nothing ("undefined")
        return _decode_text_without_charset(data, label)
    try:
        text = data.decode(codec, errors="replace")
    except (LookupError, UnicodeError):  # a codec that ignores errors= (punycode)
        return _decode_text_without_charset(data, label)
    bad = text.count("\ufffd")
    warning = ParseWarning(
        "decode-replaced",
        f"{label}: {bad} undecodable byte sequence(s) in {name}, replaced by U+FFFD; "
        f"first at byte offset {first_error + offset}")
    return text, name, (warning,)


def _decode_text_without_charset(data: bytes, label: str) -> tuple[str, str, tuple[ParseWarning, ...]]:
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        return _single_byte(data, label)


# Python text codecs that are no character set: a page declaring one would
# have its backslashes read as escapes (unicode_escape) or its text as
# punycode.  Such a declaration is ignored and the bytes are detected.
_NOT_CHARSETS = frozenset(("unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "utf-7"))


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = {"windows-1256": "cp1256", "iso-8859-6": "iso8859-6", "utf8": "utf-8"}.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if info.name in _NOT_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    return name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text is mostly pairs whose high byte is 0x00 (ASCII, spaces)
    or 0x06 (Arabic); which half of the pair holds it tells the byte order."""
    sample = data[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sum(1 for b in sample[0::2] if b in (0, 6))
    odd = sum(1 for b in sample[1::2] if b in (0, 6))
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


def _single_byte(data: bytes, label: str) -> tuple[str, str, tuple[ParseWarning, ...]]:
    # cp1256 decodes every byte, so ISO-8859-6 input would be read silently
    # wrong: compare how often the article ال appears under each (ل is 0xE1 in
    # cp1256 and 0xE4 in ISO-8859-6).
    scores = {}
    for codec in ("cp1256", "iso8859-6", "cp1251"):
        text = data.decode(codec, errors="replace")
        if codec == "cp1251":
            scores[codec] = sum(text.count(b) for b in ("ст", "но", "то", "на", "ен", "ов", "ни", "ра"))
        else:
            scores[codec] = text.count("ال") * 2 - text.count("\ufffd")
    best = max(scores, key=scores.get)
    if scores[best] <= 0:
        best = "cp1252"
    return _decode_as(data, best, label, best)
