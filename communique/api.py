"""The public API, top to bottom: input → reader → structure → compare →
renderer.  ``communique/__init__.py`` re-exports it; the CLI and the web app
are thin layers over it.  Heavy modules are imported inside the functions,
so that importing communique (and ``communique --help``) stays fast.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .digest import sha256_hex
from .errors import InputError, OptionError
from .model import Diff, Document, History, ParseWarning, Profile, SourceInfo
from .readers.base import Input
from .readers.files import DEFAULT_MAX_BYTES, read_bytes

# What a caller may hand to parse(): a path, raw bytes, or (with a line
# break, so it cannot be a file name) the statement text itself.
Source = str | bytes | os.PathLike[str]
_URL_SCHEMES = ("http://", "https://")


def parse(source: Source | None = None, *, text: str | None = None, name: str | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = None) -> Document:
    """Parse a statement into a :class:`Document`.

    ``source`` is a path (``pathlib.Path``, or a ``str`` without a line
    break: it must name an existing file, ``-`` for standard input), an
    ``http(s)://`` URL, raw ``bytes`` (read as a file would be), or a ``str``
    holding a line break, which can only be the statement text.  Pass text
    explicitly with ``text=``.  The format (plain text, HTML, TEI, PDF, Word
    .docx, OpenDocument .odt, Markdown) is told apart by content.  ``name``
    is how the document and its errors name the input; ``max_bytes`` the
    largest input read; ``timeout`` the seconds a URL may take per network
    step (20 by default).  Guarantees: ``doc.rebuild() == doc.source``
    (lossless spans); raises only :class:`CommuniqueError` subclasses.
    """
    if (source is None) == (text is None):
        raise OptionError("parse() takes a source or text=, not both or neither")
    if text is not None or (isinstance(source, str) and ("\n" in source or "\r" in source)):
        return parse_text(text if text is not None else str(source), name=name, max_bytes=max_bytes)
    if isinstance(source, bytes):
        return _parse_input(Input(source, name), max_bytes)
    if isinstance(source, str) and source.startswith(_URL_SCHEMES):
        from .readers.url import TIMEOUT, fetch

        return _parse_input(fetch(source, max_bytes=max_bytes, timeout=timeout or TIMEOUT), max_bytes)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        return _parse_input(Input(read_bytes(path, max_bytes), name or path), max_bytes)
    raise OptionError(f"parse() takes a path, URL, bytes or text, not {type(source).__name__}")


def parse_text(text: str, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse the statement ``text`` (plain text, HTML, TEI … told apart by content)."""
    if not isinstance(text, str):
        raise OptionError(f"parse_text() takes a str, not {type(text).__name__}")
    if len(text) > max_bytes:
        raise InputError(f"{name or 'input'}: input is over the {max_bytes:,}-character limit", name=name)
    warnings: tuple[ParseWarning, ...] = ()
    try:
        data = text.encode("utf-8")
        clean = text
    except UnicodeEncodeError:
        # lone surrogates are no characters: they cannot be printed or saved (one U+FFFD each, as
        # a decoder writes for a bad byte; "replace" in str.encode would write "?", which reads as text)
        clean = _SURROGATE.sub("\ufffd", text)
        replaced = sum(1 for a, b in zip(text, clean, strict=True) if a != b)
        points = "code point" if replaced == 1 else "code points"
        warnings = (ParseWarning("surrogates-replaced",
                                 f"{name or 'input'}: {replaced} lone surrogate {points} replaced by U+FFFD"),)
        data = clean.encode("utf-8")
    # the limit was checked in characters; their UTF-8 takes at most four bytes each
    return _parse_input(Input(data, name, text=clean), 4 * max_bytes, warnings)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse_input(source: Input, max_bytes: int, warnings: tuple[ParseWarning, ...] = ()) -> Document:
    from dataclasses import replace

    from .readers import read
    from .structure import parse_extracted

    if len(source.data) > max_bytes:
        raise InputError(f"{source.label}: input is over the {max_bytes:,}-byte limit (raise it with --max-bytes)",
                         name=source.name)
    extracted = read(source)
    if warnings:
        extracted = replace(extracted, warnings=warnings + extracted.warnings)
    info = SourceInfo(source.name, extracted.encoding, extracted.format,
                      len(source.data), sha256_hex(source.data), extracted.spans)
    return parse_extracted(extracted, info)


def tracked_versions(source: str | os.PathLike[str] | bytes, *, name: str | None = None,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Document, Document]:
    """The two versions a Word .docx with tracked changes holds, parsed:
    its text before the changes and with all of them accepted (the same
    text twice when it tracks none).  ``diff(*tracked_versions(path))`` is
    what ``communique diff --tracked-changes`` shows."""
    from .readers import Extracted
    from .readers.binary import DocxReader
    from .readers.docx import docx_versions
    from .structure import parse_extracted

    label = name or (None if isinstance(source, bytes) else os.fspath(source))
    data = source if isinstance(source, bytes) else read_bytes(os.fspath(source), max_bytes)
    if not DocxReader().sniff(Input(data, label)):
        raise InputError(f"{label or 'input'}: not a Word .docx file (tracked changes are read from .docx only)",
                         name=label)
    versions = docx_versions(data, label or "input")
    digest = sha256_hex(data)
    out = []
    for which, text in zip(("before its tracked changes", "with its tracked changes accepted"), versions,
                           strict=True):
        shown = f"{label or 'input'} ({which})"
        extracted = Extracted(text, "docx", "extracted-text")
        out.append(parse_extracted(extracted, SourceInfo(shown, None, "docx", len(data), digest, "extracted-text")))
    return out[0], out[1]


def document(source: Source | Document) -> Document:
    """``source`` itself when it is a :class:`Document`, else :func:`parse` of it."""
    return source if isinstance(source, Document) else parse(source)


def check_threshold(threshold: float | None) -> float | None:
    if threshold is None:
        return None
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not math.isfinite(threshold) \
            or not 0.0 <= threshold <= 1.0:
        raise OptionError(f"threshold must be a number from 0 to 1, not {threshold!r}")
    return float(threshold)


def diff(old: Source | Document, new: Source | Document, *, profile: Profile | None = None,
         threshold: float | None = None, cross_language: bool | None = None, semantic: bool | None = None) -> Diff:
    """Align the clauses of two rounds by content and report what changed.

    ``old``/``new`` are :class:`Document` objects or anything :func:`parse`
    takes.  Documents in different languages are compared as an original
    and its translation (``cross_language`` None detects it, True forces
    it, False never); ``semantic`` says whether that uses the optional
    multilingual model (None: when installed).  See
    :func:`communique.compare.diff_documents` for the guarantees.
    """
    from .compare import diff_documents

    threshold = check_threshold(threshold)
    return diff_documents(document(old), document(new), profile=profile, threshold=threshold,
                          cross_language=cross_language, semantic=semantic)


def history(sources: Iterable[Source | Document], *, labels: Sequence[str] | None = None, order: str = "given",
            profile: Profile | None = None, threshold: float | None = None,
            progress: Callable[[], None] | None = None) -> History:
    """Follow clauses through many rounds (lineages); see :mod:`communique.compare.lineage`."""
    from .compare import build_history

    threshold = check_threshold(threshold)
    docs = [document(s) for s in sources]
    return build_history(docs, labels=labels, order=order, profile=profile, threshold=threshold, progress=progress)


def render(obj: Document | Diff | History, fmt: str, **options: Any) -> str:
    """Render a document, diff or history in a format (``json``, ``markdown``,
    ``tei``, ``html`` …): see :mod:`communique.renderers`."""
    from .renderers import render as render_with

    return render_with(obj, fmt, **options)


def load(source: str | os.PathLike[str] | dict[str, Any]) -> Document | Diff | History:
    """Read back what ``--format json`` wrote: a path, the JSON text, or the
    decoded dict.  ``load(render(x, "json")) == x``."""
    if isinstance(source, dict):
        data = source
    else:
        if isinstance(source, str) and source.lstrip().startswith("{"):
            raw = source
        else:
            path = os.fspath(source)
            raw = read_bytes(path, 1 << 31).decode("utf-8", "replace")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"not communique JSON ({exc.msg})", line=exc.lineno, column=exc.colno,
                             offset=exc.pos) from None
    if not isinstance(data, dict):
        raise InputError("not communique JSON (the top level is not an object)")
    kind = data.get("kind") or ("history" if "lineages" in data else "diff" if "ops" in data else "document")
    try:
        if kind == "document":
            return Document.from_dict(data)
        if kind == "diff":
            return Diff.from_dict(data)
        if kind == "history":
            return History.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"not communique {kind} JSON (missing or malformed {exc})") from None
    raise InputError(f"not communique JSON (unknown kind {kind!r})")

