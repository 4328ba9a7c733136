"""The command line: a thin typer layer over the public API.

Exit status follows diff(1): 0 no differences, 1 differences, 2 trouble
(``--ignore-meta``: only clause changes count).  Every error the user can
cause is one line on stderr and exit 2, never a traceback.

Start-up is most of a small diff, so this module imports typer and nothing
else of weight, and typer converts only the command that runs: the
commands (``parse``, ``diff``, ``history`` in :mod:`.commands`; ``serve``
and ``archive`` from the web app and the archive) are loaded when named
(:mod:`.lazy`), and each imports what it needs when it runs
(``communique.cli.run``, the API, one renderer).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .lazy import LazyGroup

__all__ = ["app", "main"]

HELP = """Parse diplomatic final statements into clause trees and show, clause by clause, what changed between
rounds.

Reads plain text (any encoding), HTML pages, TEI XML, PDF, Word .docx, OpenDocument .odt and Markdown files,
http(s) URLs, and - for standard input.

Example: communique diff samples/en/round-01.txt samples/en/round-02.txt"""

app = typer.Typer(
    name="communique",
    help=HELP,
    cls=LazyGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Parse diplomatic final statements into clause trees and show, clause by clause, what changed."""


def main() -> None:
    """The ``communique`` console script."""
    from .lazy import completion_with_shell

    if completion_with_shell(sys.argv[1:]):
        return
    try:
        app(prog_name="communique")
    except BrokenPipeError:
        sys.exit(2)
