"""The commands ``parse``, ``diff`` and ``history``: their options and help.

Typer turns a command into its click form (reading every annotation) when
it is named, not before (``communique.cli.lazy``): a run converts only the
command it runs.  Each body hands its parameters, by name, to the function
of the same name in :mod:`communique.cli.run`, which the quick path
(:mod:`communique.cli.quick`) calls too, for the command lines it reads
without typer.  A change here is a change of ``cli/table.py``:
``python -m communique.cli.quick --write`` rewrites it, and
``tests/test_cli_quick.py`` says when it is due.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from . import run

When = Literal["auto", "always", "never"]
Order = Literal["given", "round", "date"]

INPUTS = ("files (plain text, HTML, TEI XML, PDF, Word .docx, OpenDocument .odt, Markdown), http(s) URLs, "
          "or - for standard input")
MaxBytes = Annotated[int, typer.Option("--max-bytes", metavar="BYTES", min=1,
                                       help="Refuse inputs larger than this.")]
Timeout = Annotated[float, typer.Option("--timeout", metavar="SECONDS", min=0.1,
                                        help="Give up on a URL that does not answer within this time.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                             help="Write to this file instead of standard output.")]
Color = Annotated[When, typer.Option("--color", metavar="WHEN", help=(
    "Colour: auto (on a terminal, unless NO_COLOR is set), always (e.g. into less -R) or never."))]
Width = Annotated[int, typer.Option("--width", metavar="COLUMNS", min=0, show_default=False, help=(
    "Wrap terminal and side-by-side output to this width [default: the terminal's, or $COLUMNS, or 80]."))]
Ignore = Annotated[str | None, typer.Option("--ignore", metavar="RULES", show_default=False, help=(
    "Also ignore these differences (comma-separated): punctuation, case, letters (the others are ignored "
    "already: invisible, diacritics, tatweel, quotes, digits, endings)."))]
Strict = Annotated[bool, typer.Option("--strict", help="Compare the text exactly as written (ignore nothing).")]
Threshold = Annotated[float | None, typer.Option("--threshold", metavar="SIMILARITY", min=0.0, max=1.0,
                                                 show_default=False, help=(
    "Similarity (0-1) below which two clauses are not the same clause [default: 0.5, 0.4 with a prose report]."))]
IgnoreMeta = Annotated[bool, typer.Option("--ignore-meta", help=(
    "Exit 1 only when a clause changed: metadata changes (round, date, title …) are shown but do not count."))]
Summary = Annotated[bool, typer.Option("--summary", help="Print only the summary line.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status tells.")]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0


def parse(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", show_default=False, help=(
        f"The statements: {INPUTS}; folders and quoted globs give their files."))],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=(
        "tree, text, json, jsonl (one JSON document per line, for many files), markdown, tei or akn."))] = "tree",
    color: Color = "auto",
    width: Width = 0,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    timeout: Timeout = DEFAULT_TIMEOUT,
    output: Output = None,
) -> None:
    """Parse statements into their clause trees.

    Example: communique parse samples/ar/round-01.txt --format json

    Example: communique parse samples/en/ --format jsonl -o rounds.jsonl
    """
    raise typer.Exit(run.parse(**locals()))  # (the parameters, by name: all of them, as the first statement)


def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", show_default=False, help=f"The earlier round: {INPUTS}.")],
    new: Annotated[str | None, typer.Argument(metavar="NEW", show_default=False, help=(
        "The later round (left out with --tracked-changes)."))] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", show_default=False, help=(
        "terminal (the default on a terminal or with --color always), unified (the default in a pipe), "
        "side-by-side, json, markdown, tei or html."))] = None,
    ignore: Ignore = None,
    strict: Strict = False,
    threshold: Threshold = None,
    ignore_meta: IgnoreMeta = False,
    summary: Summary = False,
    quiet: Quiet = False,
    context: Annotated[bool, typer.Option("--context", help=(
        "Also show the unchanged clauses, with their text (terminal and unified)."))] = False,
    tracked: Annotated[bool, typer.Option("--tracked-changes", help=(
        "Diff the two versions a Word .docx holds: its text before and after its tracked changes."))] = False,
    cross_language: Annotated[bool | None, typer.Option("--cross-language/--same-language", show_default=False,
                                                        help=(
        "Compare the rounds as an original and its translation, or as two rounds in one language "
        "[default: as their languages say]."))] = None,
    semantic: Annotated[bool | None, typer.Option("--semantic/--no-semantic", show_default=False, help=(
        "Across languages, use the multilingual model of the [xlang] extra "
        "[default: when it is installed]."))] = None,
    color: Color = "auto",
    width: Width = 0,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    timeout: Timeout = DEFAULT_TIMEOUT,
    output: Output = None,
) -> None:
    """Show what changed between two rounds, clause by clause.

    Exit status: 0 no differences, 1 differences (with --ignore-meta: a clause changed), 2 trouble.

    Example: communique diff samples/en/round-01.txt samples/en/round-02.txt

    Example: communique diff OLD NEW --ignore-meta --quiet || echo "a clause changed"

    Example: communique diff statement.en.txt statement.ar.txt --format html -o translation.html
    """
    raise typer.Exit(run.diff(**locals()))


def history(
    files: Annotated[list[str], typer.Argument(metavar="ROUND...", show_default=False, help=(
        f"Two or more rounds: {INPUTS}; a folder gives its files, in natural name order."))],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=(
        "terminal, json, markdown, tei or html."))] = "terminal",
    order: Annotated[Order, typer.Option("--order", metavar="ORDER", help=(
        "given (as on the command line), round (by round number) or date."))] = "given",
    since: Annotated[str | None, typer.Option("--since", metavar="ROUND", show_default=False, help=(
        "Only the rounds from this one on: a round number (12) or a date (2024-06 or 2024-06-20)."))] = None,
    between: Annotated[tuple[str, str] | None, typer.Option("--between", metavar="ROUND ROUND", show_default=False,
                                                             help="Only the rounds from the first to the second "
                                                             "(round numbers or dates), both included.")] = None,
    ignore: Ignore = None,
    strict: Strict = False,
    threshold: Threshold = None,
    ignore_meta: IgnoreMeta = False,
    summary: Summary = False,
    quiet: Quiet = False,
    color: Color = "auto",
    width: Width = 0,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    timeout: Timeout = DEFAULT_TIMEOUT,
    output: Output = None,
) -> None:
    """Follow every clause through many rounds: when it appeared, changed, merged, disappeared.

    Exit status: 0 nothing changed over the rounds, 1 something did (with --ignore-meta: a clause), 2 trouble.

    Example: communique history samples/en/ --format html -o history.html

    Example: communique history samples/ar/round-0?.txt --since 13
    """
    raise typer.Exit(run.history(**locals()))
