"""Markdown → the text as it renders, with headings hinted.

Parsed with markdown-it-py (CommonMark, with GFM tables), which rich already
depends on; imported only when Markdown is read.  The text holds:

* YAML front matter read into ``meta`` (``title``, ``date`` as ISO
  ``YYYY-MM-DD``, ``language`` / ``lang``, ``symbol``) and left out of the text;
  only top-level ``key: value`` scalars are read (no YAML library, nothing
  executed);
* ``#`` headings as paragraphs hinted ``"heading"`` (the first is the title,
  unless the front matter has one);
* paragraphs one per line, blank-line separated; a soft line break joins its
  lines with a space, except before a line that opens with a clause marker
  (``(a)``, ``2.``, ``أ-``), which stays a line start;
* ordered list items with the number they render with (the list's start
  plus the item's position, ``.`` or ``)`` as typed), bullet items with ``•``;
* emphasis, links and inline HTML reduced to their text; backslash escapes
  undone (``17\\.`` is ``17.``, the way exporters keep a number from becoming
  a list); code as written; a table row per line, cells separated by a tab.

A file is taken as Markdown by its name (``.md``, ``.markdown``), a
``text/markdown`` media type, or front matter at its start; other text goes
to the plain-text reader.
"""

from __future__ import annotations

from typing import Any

import regex

from ..errors import InputError
from ..model import ParseWarning
from ..text.patterns import compiled
from .base import Extracted, Hint, Input, opens_clause
from .decoding import decode

_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_FRONT = compiled(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.S)
_KEY = compiled(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_ISO = compiled(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_TAGS = compiled(r"<[^>]*>")
_BR = compiled(r"<br\s*/?>", regex.I)


class MarkdownReader:
    name = "markdown"
    description = "Markdown"

    def sniff(self, source: Input) -> bool:
        media = (source.media_type or "").lower()
        if media in ("text/markdown", "text/x-markdown"):
            return True
        if media and media != "text/plain":
            return False  # a page served as HTML (or anything else) is not read as Markdown by its name
        if source.suffix in _SUFFIXES:
            return True
        head = source.text[:4096] if source.text is not None else source.data[:4096].decode("utf-8", "replace")
        m = _FRONT.match(head)
        return m is not None and any(_KEY.match(line) for line in m.group(1).splitlines())

    def extract(self, source: Input) -> Extracted:
        warnings: tuple[ParseWarning, ...] = ()
        encoding: str | None = None
        if source.text is not None:
            text = source.text
        else:
            decoded = decode(source.data, source.label, declared=source.charset)
            text, encoding, warnings = decoded.text, decoded.encoding, decoded.warnings
        out, hints, title, meta = extract_markdown(text, source.label)
        return Extracted(out, "markdown", "extracted-text", encoding, hints, title, meta, warnings)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(meta, rest)``: the top-level scalars of a YAML front matter block,
    and the text after it."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    values: dict[str, str] = {}
    lines = m.group(1).splitlines()
    i = 0
    while i < len(lines):
        km = _KEY.match(lines[i])
        i += 1
        if not km:
            continue
        key, value = km.group(1).lower(), (km.group(2) or "")
        if value[:1] in ("|", ">"):  # a block scalar: the indented lines after it
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i][:1] in (" ", "\t")):
                block.append(lines[i].strip())
                i += 1
            value = (" " if value[0] == ">" else "\n").join(b for b in block if b)
        elif value[:1] in ('"', "'") and value.endswith(value[0]) and len(value) >= 2:
            quote, value = value[0], value[1:-1]
            value = value.replace("''", "'") if quote == "'" else regex.sub(r'\\(["\\/])', r"\1", value)
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()  # a comment
        if value and not value.startswith(("[", "{", "&", "*", "!")):
            values[key] = value
    meta: dict[str, str] = {}
    for key, target in (("title", "title"), ("symbol", "symbol"), ("language", "language"), ("lang", "language")):
        if key in values and target not in meta:
            meta[target] = " ".join(values[key].split())
    for key in ("date", "published", "created"):
        if key in values:  # an ISO date as it is; one in words for the structure step to read
            iso = _iso_date(values[key])
            meta.update({"date": iso} if iso else {"date-text": values[key]})
            break
    return meta, text[m.end():]


def _iso_date(value: str) -> str | None:
    m = _ISO.match(value.strip().strip("'\""))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _parser() -> Any:
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - a dependency of communique (through rich)
        raise InputError("reading Markdown needs markdown-it-py (pip install markdown-it-py)") from None
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline(token: Any) -> list[str]:
    """An inline token's text as lines (split at hard breaks and soft breaks;
    each soft-broken line is marked by a leading ``\\x00``)."""
    lines = [""]
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            lines[-1] += child.content
        elif kind == "softbreak":
            lines.append("\x00")
        elif kind == "hardbreak":
            lines.append("")
        elif kind == "html_inline":
            if _BR.fullmatch(child.content.strip()):
                lines.append("")
        elif kind == "image":
            lines[-1] += "".join(c.content for c in child.children or [])
    return lines


def _join(lines: list[str]) -> str:
    """Soft-broken lines joined with a space, except before a clause marker."""
    if len(lines) == 1:
        return lines[0].strip()
    bare = [ln.lstrip("\x00").strip() for ln in lines]
    marker = opens_clause(bare)
    out = bare[0]
    for k in range(1, len(bare)):
        soft = lines[k].startswith("\x00")
        out += (" " if soft and not marker[k] else "\n") + bare[k]
    return out


def extract_markdown(text: str, label: str = "input") -> tuple[str, dict[int, Hint], str | None, dict[str, str]]:
    """``(text, hints, title, meta)`` of a Markdown document."""
    meta, body = front_matter(text)
    tokens = _parser().parse(body)
    parts: list[str] = []
    hints: dict[int, Hint] = {}
    length = 0
    title = meta.get("title")
    lists: list[list[Any]] = []  # [ordered?, next number, delimiter]
    pending_label: str | None = None
    row: list[str] | None = None

    def emit(s: str, hint: Hint | None = None) -> None:
        nonlocal length
        s = "\n".join("\t".join(" ".join(cell.split()) for cell in line.split("\t"))
                      for line in s.split("\n") if line.strip())
        if not s:
            return
        if parts:
            parts.append("\n\n")
            length += 2
        if hint is not None:
            hints[length] = hint
        parts.append(s)
        length += len(s)

    heading = False
    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "ordered_list_open":
            start = tok.attrGet("start")
            lists.append([True, int(start) if isinstance(start, (int, str)) and str(start).isdigit() else 1,
                          tok.markup or "."])
        elif kind == "bullet_list_open":
            lists.append([False, 0, "•"])
        elif kind in ("ordered_list_close", "bullet_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, n, delim = lists[-1]
            pending_label = f"{n}{delim} " if ordered else "• "
            lists[-1][1] = n + 1
        elif kind == "list_item_close":
            pending_label = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None:
                emit("\t".join(" ".join(c.split()) for c in row))
            row = None
        elif kind == "inline":
            if row is not None:
                row.append(" ".join(ln.lstrip("\x00") for ln in _inline(tok)))
                continue
            content = _join(_inline(tok))
            if heading:
                plain = " ".join(content.split())
                if title is None and plain:
                    title = plain
                emit(content, "heading")
                continue
            if pending_label is not None:
                content = pending_label + content.lstrip()
                pending_label = None
            emit(content)
        elif kind in ("code_block", "fence"):
            emit(tok.content)
        elif kind == "html_block":
            emit(_TAGS.sub(" ", _BR.sub("\n", tok.content)))
    return "".join(parts) + "\n", hints, title, meta
