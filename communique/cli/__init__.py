"""The command line: a thin typer layer over the public API.

Exit status follows diff(1): 0 no differences, 1 differences, 2 trouble
(``--ignore-meta``: only clause changes count).  Every error the user can
cause is one line on stderr and exit 2, never a traceback.

Start-up is most of a small diff, and typer a fifth of that start-up (its
import and its conversion of the command, some 30 ms), so a command line
that uses only the plain forms of ``parse``, ``diff`` and ``history``
options is read without it (:mod:`.quick`, from the table of typer's own
reading); any other (help, completion, an error to report, the other
commands) goes to the typer application (:mod:`.group`).  There, typer
converts only the command that runs: the commands (``parse``, ``diff``,
``history`` in :mod:`.commands`; ``serve`` and ``archive`` from the web app
and the archive) are loaded when named (:mod:`.lazy`), and each imports
what it needs when it runs (:mod:`.run`, the API, one renderer).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """The ``communique`` console script."""
    args = sys.argv[1:]
    try:
        if args[:1] in (["--install-completion"], ["--show-completion"]):
            from .lazy import completion_with_shell

            if completion_with_shell(args):
                return
        from .quick import run_quick

        status = run_quick(args)
        if status is not None:
            sys.exit(status)
        from .group import app

        app(prog_name="communique")
    except BrokenPipeError:
        sys.exit(2)


def __getattr__(name: str) -> Any:
    if name == "app":  # the typer application, imported when asked for (tests, embedding)
        from .group import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
