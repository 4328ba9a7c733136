"""``communique archive …``: the archive's commands, a typer sub-app that
``communique/cli.py`` mounts (``app.add_typer(archive_app, name="archive")``).

Conventions of the main CLI: every error the user can cause is one line on
stderr and exit 2; a rich progress bar only on a terminal; heavy modules
are imported inside the commands.  ``add`` exits 1 when some files failed
to parse (they are recorded; the rest is in the archive).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .archive import CLUSTER_THRESHOLD

archive_app = typer.Typer(
    name="archive",
    help="Keep many statements in one archive (SQLite): series, reuse of formulae, clusters, full-text search.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DB = typer.Option("communique-archive.db", "--db", help="The archive file (SQLite).")
FORMAT = typer.Option("text", "--format", "-f", help="text or json.")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output.")


def _fail(message: str) -> NoReturn:
    typer.echo(f"communique: {message}", err=True)
    raise typer.Exit(2)


def _run(fn: Callable[[], Any]) -> Any:
    import sqlite3

    from ..errors import CommuniqueError

    try:
        return fn()
    except typer.Exit:
        raise
    except (CommuniqueError, ValueError, TypeError) as exc:
        _fail(str(exc))
    except sqlite3.DatabaseError as exc:
        _fail(f"archive error ({exc})")
    except OSError as exc:
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        _fail("interrupted (the archive keeps every batch committed so far; run add again to finish)")
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(2) from None
    except Exception as exc:  # a bug: still one line
        _fail(f"internal error ({exc.__class__.__name__}: {exc}); please report this")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror})")


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def _open(db: str, create: bool = False) -> Any:
    from .archive import Archive

    return Archive(db, create=create)


def _check(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        _fail(f"unknown format {fmt!r}; choose {', '.join(allowed)}")


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[int], None]]:
    if not sys.stderr.isatty() or total == 0:
        yield lambda _n: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda n: bar.advance(task, n)


def _one_line(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@archive_app.command()
def add(
    paths: Annotated[list[str], typer.Argument(help="Statement files or folders (walked for .txt .html .xml …).")],
    db: str = DB,
    series: Annotated[str | None, typer.Option(help="Put every added file in this series.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Processes to parse in (default: one a core).",
                                             min=1)] = None,
    dask: Annotated[bool, typer.Option("--dask", help="Parse on a local Dask cluster of worker processes.")] = False,
    scheduler: Annotated[str | None, typer.Option(help="Parse on the Dask cluster at this address.")] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local Dask cluster.", min=1)] = 2,
    parquet: Annotated[str | None, typer.Option(help="With Dask: also write the parsed files here as Parquet.")] = None,
    batch: Annotated[int | None, typer.Option(
        help="Files per transaction (default: 1,000, or an eighth of the archive once that is more).",
        min=1)] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this.", min=1)]
    = 20 * 1024 * 1024,
    fmt: str = FORMAT,
) -> None:
    """Build or update an archive from statement files and folders.

    Unchanged files are skipped by hash; a file that fails to parse is recorded with its error and the
    rest goes on (exit 1 when some failed).

    Example: communique archive add astana/ gcc/ --db statements.db
    """

    def work() -> int:
        from .archive import AddReport

        _check(fmt, ("text", "json"))
        a = _open(db, create=True)
        try:
            from . import files as _files

            total = len(_files.list_files(paths))
            with _progress(total, "adding") as advance:
                report: AddReport = a.add(paths, series=series, jobs=jobs, dask=dask, scheduler=scheduler,
                                          workers=workers, batch=batch, progress=advance, max_bytes=max_bytes,
                                          parquet_dir=parquet)
            stats = a.stats()
        finally:
            a.close()
        if fmt == "json":
            _write(_json({**report.to_dict(), "archive": stats}), None)
        else:
            for label, error in report.failed:
                typer.echo(f"communique: {error if error.startswith(label) else label + ': ' + error}", err=True)
            rate = report.parsed / report.seconds if report.seconds else 0.0
            typer.echo(f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
                       f"{len(report.duplicates)} duplicate, {len(report.failed)} failed "
                       f"({report.parsed} parsed in {report.seconds:.1f} s, {rate:.0f}/s); archive: "
                       f"{stats['documents']} documents, {stats['series']} series, {stats['clauses']} clauses")
        return 1 if report.failed else 0

    raise typer.Exit(_run(work))


@archive_app.command("series")
def series_cmd(db: str = DB, fmt: str = FORMAT) -> None:
    """List the series of the archive, by first date.

    Example: communique archive series --db statements.db
    """

    def work() -> None:
        _check(fmt, ("text", "json"))
        with _open(db) as a:
            items = a.series()
        if fmt == "json":
            _write(_json([s.to_dict() for s in items]), None)
            return
        for s in items:
            span = " – ".join(x for x in (s.first_date, s.last_date) if x) or "undated"
            rounds = f", rounds {s.first_round}–{s.last_round}" if s.first_round is not None else ""
            typer.echo(f"{s.id:>5}  {s.documents:>4} docs  {span}{rounds}  {s.name}")

    _run(work)


@archive_app.command()
def history(
    series: Annotated[str, typer.Argument(help="The series: its id, its name, or a part of its name.")],
    db: str = DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="terminal, json, markdown, tei or html.")] = "terminal",
    ignore: Annotated[str | None, typer.Option(help="Also ignore these differences (see communique diff).")] = None,
    strict: Annotated[bool, typer.Option(help="Compare the text exactly as written.")] = False,
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="See communique diff.")] = None,
    output: Path | None = OUTPUT,
) -> None:
    """The lineage matrix of a whole series (communique history of its rounds, in order).

    Example: communique archive history "Astana format" --format html -o astana.html
    """

    def work() -> None:
        import communique

        from ..model import Profile

        profile = Profile.strict() if strict else Profile()
        if ignore:
            profile = profile.ignoring(*(r.strip() for r in ignore.split(",") if r.strip()))
        with _open(db) as a:
            h = a.history(series, profile=profile, threshold=threshold)
        color = fmt == "terminal" and sys.stdout.isatty() and output is None
        opts = {"color": color} if fmt == "terminal" else {}
        _write(communique.render(h, fmt, **opts), output)

    _run(work)


def _query(text: str) -> str | tuple[str, str]:
    """``FILE:PATH`` (an existing or archived file and a clause path) or the text itself."""
    if "\n" not in text and ":" in text:
        file, _, path = text.rpartition(":")
        if file and path and " " not in path and (Path(file).is_file() or not any(c.isspace() for c in file)):
            return file, path
    return text


@archive_app.command()
def reuse(
    query: Annotated[str, typer.Argument(help='A clause text, or FILE:PATH (a clause of a file, e.g. r20.txt:4).')],
    db: str = DB,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0, help="Least similarity of a near-duplicate.")] = 0.5,
    limit: Annotated[int | None, typer.Option(help="Show at most this many clauses.", min=1)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or html (the clause's genealogy).")]
    = "text",
    output: Path | None = OUTPUT,
) -> None:
    """Every near-duplicate of a clause in the archive, earliest first.

    The first line is the formula's first appearance; --format html is the clause's genealogy.

    Example: communique archive reuse "Reaffirmed their strong commitment to the sovereignty"
    """

    def work() -> int:
        _check(fmt, ("text", "json", "html"))
        with _open(db) as a:
            r = a.reuse(_query(query), threshold=threshold, limit=limit)
        if fmt == "json":
            _write(_json(r.to_dict()), output)
        elif fmt == "html":
            from .html import render_genealogy

            _write(render_genealogy(r), output)
        else:
            lines = []
            for m in r.matches:
                o = m.occurrence
                lines.append(f"{o.date or '—':<10}  {m.similarity:.2f}{'=' if m.exact else ' '} "
                             f"{o.source}:{o.path}  {_one_line(o.text, 80)}")
            for s in r.series:
                if s.dropped_in:
                    lines.append(f"dropped in {s.series}: {', '.join(s.dropped_in)}")
            lines.append(f"{len(r.matches)} clauses ({r.candidates} candidates checked)")
            _write("\n".join(lines) + "\n", output)
        return 0 if r.matches else 1

    raise typer.Exit(_run(work))


@archive_app.command()
def clusters(
    db: str = DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, csv or parquet (needs -o).")] = "text",
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0,
                                             help="Least similarity of reused clauses.")] = CLUSTER_THRESHOLD,
    min_documents: Annotated[int, typer.Option(help="Families found in fewer documents are left out.", min=1)] = 2,
    dask: Annotated[bool, typer.Option("--dask", help="Run on a local Dask cluster.")] = False,
    scheduler: Annotated[str | None, typer.Option(help="Run on the Dask cluster at this address.")] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local Dask cluster.", min=1)] = 2,
    output: Path | None = OUTPUT,
) -> None:
    """Every family of reused clauses, with its first appearance and the drift of its wording.

    Example: communique archive clusters --format parquet -o families.parquet
    """

    def work() -> None:
        _check(fmt, ("text", "json", "csv", "parquet"))
        if fmt == "parquet" and output is None:
            _fail("--format parquet needs --output FILE")
        with _open(db) as a:
            c = a.clusters(threshold=threshold, min_documents=min_documents, dask=dask, scheduler=scheduler,
                           workers=workers)
        if fmt == "json":
            _write(c.to_json(), output)
        elif fmt == "csv":
            _write(c.to_csv(), output)
        elif fmt == "parquet":
            assert output is not None
            c.write_parquet(str(output))
        else:
            lines = []
            for f in c.families:
                first = f.first
                lines.append(f"{f.id}  {len(f.occurrences):>5} clauses {f.documents:>5} docs {f.series:>3} series "
                             f"{len(f.wordings):>3} wordings  first {first['date'] or '—'} "
                             f"{first['source']}:{first['path']}  {_one_line(f.wordings[0].text, 60)}")
            lines.append(f"{len(c.families)} families ({c.stats['texts']} texts, {c.stats['candidate_pairs']} "
                         f"candidate pairs, {c.stats['seconds']} s)")
            _write("\n".join(lines) + "\n", output)

    _run(work)


@archive_app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", AND / OR / NOT, prefix*.')],
    db: str = DB,
    limit: Annotated[int, typer.Option(help="Show at most this many clauses (0: all).", min=0)] = 20,
    fmt: str = FORMAT,
    output: Path | None = OUTPUT,
) -> None:
    """Full-text search over every clause, with the Arabic normalization profile.

    Diacritics, tatweel, digit scripts … are folded in the texts and in the query alike.

    Example: communique archive search '"وحدة أراضيها" OR sovereignty'
    """

    def work() -> int:
        _check(fmt, ("text", "json"))
        with _open(db) as a:
            hits = a.search(query, limit=limit)
        if fmt == "json":
            _write(_json([h.to_dict() for h in hits]), output)
        else:
            _write("".join(f"{h.occurrence.date or '—':<10}  {h.occurrence.source}:{h.occurrence.path}  "
                           f"{_one_line(h.occurrence.text, 90)}\n" for h in hits), output)
        return 0 if hits else 1

    raise typer.Exit(_run(work))
