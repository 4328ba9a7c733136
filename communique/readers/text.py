"""Plain text: the fallback reader.  The decoded text is the source, as it
is (``spans="decoded-text"``); binary input it cannot read is refused in one
line that names what communique does read."""

from __future__ import annotations

from ..errors import InputError
from .base import Extracted, Input
from .decoding import decode, sample_text
from .xml import has_prolog, parse_xml, parse_xml_text, sniff_root

# Magic numbers of formats that are not text (and that no reader took).
MAGIC = {
    b"%PDF": "a PDF file", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive that is not a Word or OpenDocument text",
    b"\x1f\x8b": "a gzip archive", b"\x7fELF": "an executable", b"BZh": "a bzip2 archive",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc/.xls) or a password-protected Office file",
    b"{\\rtf": "an RTF document",
}


class TextReader:
    name = "text"
    description = "plain text"

    def sniff(self, source: Input) -> bool:
        return True

    def extract(self, source: Input) -> Extracted:
        _refuse_other_xml(source)
        if source.text is not None:
            return Extracted(source.text, "text", "decoded-text")
        for magic, what in MAGIC.items():
            if source.data.startswith(magic):
                raise binary_error(source, what)
        decoded = decode(source.data, source.label, declared=source.charset)
        if "\x00" in decoded.text:
            raise binary_error(source, "NUL bytes")
        return Extracted(decoded.text, "text", "decoded-text", decoded.encoding, warnings=decoded.warnings)


def _refuse_other_xml(source: Input) -> None:
    """XML that no reader took (not TEI, not XHTML) is not a statement in
    plain text: say what its root is (after checking it is safe and well
    formed, so that the message is the true one)."""
    sample = source.text[:4096] if source.text is not None else sample_text(source.data, 4096)
    root = sniff_root(sample)
    if root is None or not (has_prolog(sample) or root.namespace):
        return
    if source.text is not None:
        parse_xml_text(source.text, source.label)
    else:
        parse_xml(source.data, source.label)
    from . import readable_formats

    raise InputError(f"{source.label}: XML input whose root is <{root.local}>, not a TEI document or an XHTML "
                     f"page (communique reads {readable_formats()})", name=source.name)


def binary_error(source: Input, what: str) -> InputError:
    from . import readable_formats

    return InputError(f"{source.label}: binary input ({what}); communique reads {readable_formats()}",
                      name=source.name)
