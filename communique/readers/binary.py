"""The readers of binary containers (PDF, Word .docx, OpenDocument .odt).

Each tells its input by a few bytes, and only its extraction needs the
format's machinery (``pdf.py``, ``docx.py``, ``odt.py``: layout analysis,
numbering, XML parts), so these classes are kept apart from it: every
input is offered to them first, and a plain-text statement should not pay
for importing three extractors it never uses.
"""

from __future__ import annotations

from .base import Extracted, Input

_ZIP = b"PK\x03\x04"


class PdfReader:
    name = "pdf"
    description = "PDF"

    def sniff(self, source: Input) -> bool:
        if source.text is not None:
            return False
        return source.media_type == "application/pdf" or b"%PDF-" in source.data[:1024]

    def extract(self, source: Input) -> Extracted:
        from .pdf import extract_pdf

        return extract_pdf(source.data, source.label)


class DocxReader:
    name = "docx"
    description = "Word .docx"

    def sniff(self, source: Input) -> bool:
        if source.text is not None or not source.data.startswith(_ZIP):
            return False
        if source.suffix in (".docx", ".docm", ".dotx", ".dotm"):
            return True
        if source.media_type and "wordprocessingml" in source.media_type:
            return True
        # the part names are stored in the clear: in the local headers and
        # in the central directory at the end
        return b"word/document" in source.data[:65536] or b"word/document" in source.data[-65536:]

    def extract(self, source: Input) -> Extracted:
        from .docx import extract_docx

        return extract_docx(source.data, source.label)


class OdtReader:
    name = "odt"
    description = "OpenDocument .odt"

    def sniff(self, source: Input) -> bool:
        if source.text is not None or not source.data.startswith(_ZIP):
            return False
        # the first member of an OpenDocument package is "mimetype", stored uncompressed
        return (source.data[30:38] == b"mimetype" and b"opendocument.text" in source.data[38:120]) \
            or source.suffix == ".odt"

    def extract(self, source: Input) -> Extracted:
        from .odt import extract_odt

        return extract_odt(source.data, source.label)
