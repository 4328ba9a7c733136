"""The exceptions communique raises on purpose.

The CLI turns each into one line on stderr and exit status 2, the web app
into a 4xx answer; nothing else escapes as a traceback.  Where the trouble
has a place, the error carries it as attributes: ``name`` (the file, URL or
"-"), ``offset`` (a character or byte offset), ``line`` and ``column``
(1-based), and ``context`` (the offending line with a caret under the
column), so a program can point at it without parsing the message.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class: every error communique raises on purpose."""

    def __init__(self, message: str, *, name: str | None = None, offset: int | None = None,
                 line: int | None = None, column: int | None = None, context: str | None = None) -> None:
        where = f" (line {line}, column {column})" if line is not None and f"line {line}" not in message else ""
        super().__init__(message + where)
        self.message = message
        self.name = name
        self.offset = offset
        self.line = line
        self.column = column
        self.context = context


class InputError(CommuniqueError):
    """The input cannot be read as a statement: missing, empty, binary, too
    big, undecodable, unsafe or malformed XML, a format no reader takes."""


class NoClausesError(CommuniqueError):
    """The input was read but holds no text a statement could be made of."""


class GrammarError(CommuniqueError):
    """The statement grammar rejected a line (a bug: the grammar accepts any text)."""


class OptionError(CommuniqueError, ValueError):
    """A request the API cannot honour: an unknown format, renderer option,
    normalization rule or order, a threshold outside [0, 1]."""


def locate(text: str, offset: int) -> tuple[int, int, str]:
    """``(line, column, context)`` of a character offset in ``text``: 1-based
    line and column, and the line with a caret under the column."""
    offset = max(0, min(offset, len(text)))
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line_text = text[start:end if end >= 0 else len(text)]
    column = offset - start + 1
    return text.count("\n", 0, offset) + 1, column, f"{line_text[:200]}\n{' ' * min(column - 1, 200)}^"
