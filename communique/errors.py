"""The exceptions the public API raises.  The CLI turns each into one line on
stderr and exit status 2; nothing else escapes as a traceback."""


class CommuniqueError(Exception):
    """Base class: every error communique raises on purpose."""


class InputError(CommuniqueError):
    """The input cannot be read as a statement: missing, empty, binary, too big,
    undecodable, unsafe or malformed XML."""


class NoClausesError(CommuniqueError):
    """The input decoded fine but holds no text a statement could be made of."""


class GrammarError(CommuniqueError):
    """The statement grammar rejected a line; carries line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where)
        self.line = line
        self.column = column
