"""The typer application: the ``communique`` group and its own options.

Imported when typer reads the command line (``communique.cli.main`` when
the quick path does not, or ``communique.cli.app``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from .lazy import LazyGroup

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
