"""The command line: a thin typer layer over the public API.

Exit status follows diff(1): 0 no differences, 1 differences, 2 trouble.
Every error the user can cause is one line on stderr and exit 2, never a
traceback.  Heavy modules are imported inside the commands so that
``communique --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    name="communique",
    help="Parse diplomatic final statements into clause trees and show, clause by clause, "
    "what changed between rounds.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

MAX_BYTES = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this.", min=1)
OUTPUT = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output.")


def _fail(message: str) -> NoReturn:
    typer.echo(f"communique: {message}", err=True)
    raise typer.Exit(2)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror})")


def _profile(ignore: str | None, strict: bool):
    from .model import Profile

    profile = Profile.strict() if strict else Profile()
    if ignore:
        try:
            profile = profile.ignoring(*(r.strip() for r in ignore.split(",") if r.strip()))
        except ValueError as exc:
            _fail(str(exc))
    return profile


def _run(fn):
    """Run ``fn`` turning every anticipated error into one line and exit 2."""
    from .errors import CommuniqueError

    try:
        return fn()
    except typer.Exit:
        raise
    except CommuniqueError as exc:
        _fail(str(exc))
    except (ValueError, TypeError) as exc:
        _fail(str(exc))
    except RecursionError:
        _fail("input nests too deeply to process")
    except MemoryError:
        _fail("out of memory on this input")
    except KeyboardInterrupt:
        _fail("interrupted")
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug: still one line, with a hint to report it
        _fail(f"internal error ({exc.__class__.__name__}: {exc}); please report this input")


def _load(path: str, max_bytes: int):
    import communique

    return communique.parse(path if path != "-" else "-", name=path, max_bytes=max_bytes)


@app.command()
def parse(
    file: Annotated[str, typer.Argument(help="Statement file (text, HTML or TEI); - reads stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="tree, text, json, markdown, tei or akn.")] = "tree",
    max_bytes: int = MAX_BYTES,
    output: Path | None = OUTPUT,
) -> None:
    """Parse one statement into its clause tree.

    Example: communique parse samples/ar/round-01.txt --format json
    """

    def work() -> None:
        from .renderers import render

        with _spinner(f"parsing {file}"):
            doc = _load(file, max_bytes)
        _write(render(doc, fmt, **_tty_options(fmt, output)), output)

    _run(work)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The earlier round.")],
    new: Annotated[str, typer.Argument(help="The later round.")],
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f",
        help="terminal (default on a terminal), unified (default in a pipe), side-by-side, json, "
        "markdown, tei or html.")] = None,
    ignore: Annotated[str | None, typer.Option(
        help="Also ignore these differences (comma-separated): punctuation, case, letters, "
        "invisible, diacritics, tatweel, quotes, digits.")] = None,
    strict: Annotated[bool, typer.Option(help="Compare the text exactly as written.")] = False,
    threshold: Annotated[float | None, typer.Option(
        help="Similarity (0-1) below which two clauses are not the same clause [default 0.5].",
        min=0.0, max=1.0)] = None,
    max_bytes: int = MAX_BYTES,
    output: Path | None = OUTPUT,
) -> None:
    """Show what changed between two rounds, clause by clause.

    Exit status: 0 no differences, 1 differences, 2 trouble.

    Example: communique diff samples/en/round-01.txt samples/en/round-02.txt
    """

    def work() -> int:
        import communique

        from .renderers import render

        profile = _profile(ignore, strict)
        with _spinner("aligning clauses") as say:
            say(f"parsing {old}")
            a = _load(old, max_bytes)
            say(f"parsing {new}")
            b = _load(new, max_bytes)
            say("aligning clauses")
            result = communique.diff(a, b, profile=profile, threshold=threshold)
        chosen = fmt or ("terminal" if sys.stdout.isatty() and output is None else "unified")
        _write(render(result, chosen, **_tty_options(chosen, output)), output)
        return 1 if result.changed else 0

    raise typer.Exit(_run(work))


@app.command()
def history(
    files: Annotated[list[str], typer.Argument(help="Two or more rounds.")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="terminal, json, markdown, tei or html.")] = "terminal",
    order: Annotated[str, typer.Option(help="given, round or date.")] = "given",
    ignore: Annotated[str | None, typer.Option(help="Also ignore these differences (see diff).")] = None,
    strict: Annotated[bool, typer.Option(help="Compare the text exactly as written.")] = False,
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="See diff.")] = None,
    max_bytes: int = MAX_BYTES,
    output: Path | None = OUTPUT,
) -> None:
    """Follow every clause through many rounds: when it appeared, changed, disappeared.

    Example: communique history samples/ar/round-0*.txt --format html -o history.html
    """

    def work() -> None:
        import communique

        from .renderers import render

        if len(files) < 2:
            _fail("history needs at least two rounds")
        if order not in ("given", "round", "date"):
            _fail(f"unknown order {order!r}; choose given, round or date")
        profile = _profile(ignore, strict)
        with _progress(len(files) * 2 - 1) as advance:
            docs = []
            for f in files:
                docs.append(_load(f, max_bytes))
                advance()
            result = communique.history(docs, labels=files, order=order, profile=profile,
                                        threshold=threshold, progress=advance)
        _write(render(result, fmt, **_tty_options(fmt, output)), output)

    _run(work)


def _tty_options(fmt: str, output: Path | None) -> dict[str, bool]:
    """Colour for the formats that take it, when writing to a terminal."""
    from .renderers import get

    takes_color = "color" in get(fmt).options
    return {"color": sys.stdout.isatty() and output is None} if takes_color else {}


@contextmanager
def _spinner(message: str) -> Iterator[Callable[[str], None]]:
    """A transient rich status line on a terminal (stderr); nothing when piped.
    Yields a function that replaces the message."""
    if not sys.stderr.isatty():
        yield lambda _message: None
        return
    from rich.console import Console

    with Console(stderr=True).status(message) as status:
        yield status.update


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A transient rich progress bar on a terminal (stderr); nothing when
    piped.  Yields a function that advances it by one."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("rounds", total=total)
        yield lambda: bar.advance(task)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        sys.exit(2)


if __name__ == "__main__":
    main()
