"""What the commands do, imported only when one runs.

The conventions every command keeps:

* every error the user can cause is one line on stderr (``communique: …``)
  and exit status 2; a bug is one line too, asking for a report;
* output is deterministic; colour only on a terminal (``--color auto``,
  ``NO_COLOR`` honoured) or when asked (``--color always``);
* long work shows a transient status line or progress bar on a terminal
  (stderr) and nothing when piped;
* ``-`` reads standard input, once; from a terminal it says so first;
* a folder gives its statement files and an unexpanded glob its matches,
  in natural name order; a glob with no match says "no files match";
* two inputs with the same text are a warning (one is probably a copy).
"""

from __future__ import annotations

import glob
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ..model import Diff, Document, Profile

# The extensions a folder's statement files have (any file named on the
# command line is read whatever its name: the readers tell formats apart by content).
STATEMENT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".tei", ".md", ".markdown",
                                ".pdf", ".docx", ".odt"})
_GLOB = re.compile(r"[*?\[]")
_DIGITS = re.compile(r"(\d+)")
_ROUND = re.compile(r"\d{1,6}")
_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")  # a bare 2024 is a round (or meeting) number


@dataclass(frozen=True, slots=True)
class Options:
    """How to read the inputs and show the output."""

    color: str = "auto"  # auto, always, never
    width: int = 0  # 0: the terminal's
    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 20.0


@dataclass(frozen=True, slots=True)
class Compare:
    """How to compare rounds."""

    ignore: str | None = None
    strict: bool = False
    threshold: float | None = None
    ignore_meta: bool = False
    cross_language: bool | None = None  # None: as the two languages say
    semantic: bool | None = None  # None: the multilingual model when installed


@dataclass(frozen=True, slots=True)
class Show:
    """What to print."""

    fmt: str | None = None
    summary: bool = False
    quiet: bool = False
    context: bool = False


# --------------------------------------------------------------------------- errors and output


def say(line: str) -> None:
    """One line on standard error, at once (it may come before a long wait)."""
    if sys.stderr is not None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def fail(message: str) -> NoReturn:
    say(f"communique: {_printable(message)}")
    raise SystemExit(2)


def warn(message: str) -> None:
    say(f"communique: warning: {_printable(message)}")


def _printable(text: str) -> str:
    from ..text.printable import printable

    return printable(text).replace("\n", " ")


def guard(fn: Callable[[], int | None]) -> int:
    """Run ``fn``, turning every anticipated error into one line and exit 2."""
    from ..errors import CommuniqueError

    try:
        return fn() or 0
    except SystemExit:
        raise
    except CommuniqueError as exc:
        fail(str(exc))
    except (ValueError, TypeError) as exc:
        fail(str(exc))
    except RecursionError:
        fail("input nests too deeply to process")
    except MemoryError:
        fail("out of memory on this input")
    except KeyboardInterrupt:
        fail("interrupted")
    except BrokenPipeError:
        try:
            sys.stderr.close()
        finally:
            raise SystemExit(2) from None
    except Exception as exc:  # a bug: still one line, with a hint to report it
        fail(f"internal error ({exc.__class__.__name__}: {exc}); please report this input")


def write(text: str, output: Path | None) -> None:
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk or device: no internal error and no input to report
            _silence_stdout()
            fail(f"standard output: cannot write ({exc.strerror or exc})")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last
    flush of what is still buffered does not fail a second time."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def use_color(when: str, output: Path | None) -> bool:
    """``--color``: ``always``/``never`` as said; ``auto`` colours a terminal
    unless ``NO_COLOR`` is set (https://no-color.org), or ``FORCE_COLOR``
    asks for it, or ``TERM`` is ``dumb``; never a file written with ``-o``."""
    if when == "always":
        return True
    if when == "never" or output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and sys.stdout.isatty()


def terminal_width(width: int) -> int:
    """``--width``, else ``$COLUMNS``, else the terminal's (standard output,
    else standard error: ``… --color always | less -R`` still fits the
    screen), else 80."""
    if width > 0:
        return width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stdout, sys.stderr):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return 80


def render_options(fmt: str, options: Options, output: Path | None, context: bool = False) -> dict[str, Any]:
    """The renderer options a format takes, from the command line's."""
    from ..renderers import get

    takes = get(fmt).options
    out: dict[str, Any] = {}
    if "color" in takes:
        out["color"] = use_color(options.color, output)
    if "width" in takes:
        out["width"] = terminal_width(options.width)
    if context and "context" in takes:
        out["context"] = True
    return out


@contextmanager
def status(message: str) -> Iterator[Callable[[str], None]]:
    """A transient status line on a terminal (stderr); nothing when piped.
    Yields a function that replaces the message."""
    if not sys.stderr.isatty():
        yield lambda _message: None
        return
    from rich.console import Console

    with Console(stderr=True).status(_printable(message)) as line:
        yield lambda text: line.update(_printable(text))


@contextmanager
def progress(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A transient progress bar on a terminal (stderr); nothing when piped.
    Yields a function that advances it by one."""
    if not sys.stderr.isatty() or total < 2:
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


# --------------------------------------------------------------------------- inputs


def natural_key(name: str) -> list[Any]:
    """``round-2`` before ``round-10``."""
    return [int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(name)]


def expand(args: Sequence[str]) -> list[str]:
    """The inputs the arguments name: a folder gives its statement files
    (by extension, not hidden; the others are named in a warning), an
    argument with glob characters that names no file gives its matches,
    both in natural order; URLs and ``-`` stay as they are."""
    out: list[str] = []
    for arg in args:
        if arg == "-" or arg.startswith(("http://", "https://")):
            out.append(arg)
        elif os.path.isdir(arg):
            out += _folder(arg)
        elif _GLOB.search(arg) and not os.path.exists(arg):
            matches = sorted((m for m in glob.glob(arg) if os.path.isfile(m)), key=natural_key)
            if not matches:
                fail(f"no files match {arg}")
            out += matches
        else:
            out.append(arg)
    if out.count("-") > 1:
        fail("standard input can be read only once: name '-' for at most one round")
    return out


def _folder(folder: str) -> list[str]:
    entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".") and e.is_file()),
                     key=lambda e: natural_key(e.name))
    kept = [os.path.join(folder, e.name) for e in entries if Path(e.name).suffix.lower() in STATEMENT_SUFFIXES]
    left = [e.name for e in entries if Path(e.name).suffix.lower() not in STATEMENT_SUFFIXES]
    if left:
        shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
        warn(f"{folder}: left out {len(left)} file{'s' if len(left) != 1 else ''} that are not statement files "
             f"by their extension ({shown})")
    if not kept:
        fail(f"{folder}: no statement files in this folder (.txt, .html, .xml, .md, .pdf, .docx, .odt …)")
    return kept


def read_stdin(max_bytes: int) -> bytes:
    """Standard input, saying first when it is a terminal (the user may be
    waiting for output that waits for them)."""
    from ..readers.files import read_bytes

    if sys.stdin is not None and sys.stdin.isatty():
        say("communique: reading a statement from the terminal; end it with Ctrl-D on a line of its own "
            "(Ctrl-Z Enter on Windows)")
    return read_bytes("-", max_bytes)


def load(arg: str, options: Options, say: Callable[[str], None] = lambda _m: None) -> Document:
    """One input parsed (``-``: standard input, read before any status line)."""
    import communique

    if arg == "-":
        data = read_stdin(options.max_bytes)
        say("parsing standard input")
        return communique.parse(data, name="-", max_bytes=options.max_bytes)
    say(f"parsing {arg}")
    return communique.parse(arg, name=arg, max_bytes=options.max_bytes, timeout=options.timeout)


def load_all(args: Sequence[str], options: Options, what: str) -> list[Document]:
    """Every input parsed, with a progress bar on a terminal (standard input first, before the bar)."""
    stdin = {"-": load("-", options)} if "-" in args else {}
    docs = []
    with progress(len(args), what) as advance:
        for arg in args:
            docs.append(stdin.pop(arg) if arg in stdin else load(arg, options))
            advance()
    return docs


def same_text_warnings(docs: Sequence[Document], names: Sequence[str]) -> None:
    """Warn about inputs holding the same statement text (white space and
    encoding aside): a glob that matched a copy, a round given twice."""
    import unicodedata

    seen: dict[str, str] = {}
    for doc, name in zip(docs, names, strict=True):
        key = unicodedata.normalize("NFC", " ".join(doc.source.lstrip("\ufeff").split()))
        first = seen.setdefault(key, name)
        if first != name:
            warn(f"{first} and {name} hold the same text (is one a copy of the other?)")


def profile_of(compare: Compare) -> Profile:
    from ..model import Profile

    profile = Profile.strict() if compare.strict else Profile()
    if compare.ignore:
        try:
            profile = profile.ignoring(*(r.strip() for r in compare.ignore.split(",") if r.strip()))
        except ValueError as exc:
            fail(str(exc))
    return profile


# --------------------------------------------------------------------------- the commands, by their parameters
# What each command does with the parameters of its declaration in
# commands.py, by the same names: typer calls these through that module, the
# quick path (quick.py) straight from its own reading of a command line.
# The exit status is returned.


def parse(*, files: Sequence[str], fmt: str, color: str, width: int, max_bytes: int, timeout: float,
          output: Path | None) -> int:
    return guard(lambda: parse_command(files, fmt, Options(color, width, max_bytes, timeout), output))


def diff(*, old: str, new: str | None, fmt: str | None, ignore: str | None, strict: bool, threshold: float | None,
         ignore_meta: bool, summary: bool, quiet: bool, context: bool, tracked: bool, cross_language: bool | None,
         semantic: bool | None, color: str, width: int, max_bytes: int, timeout: float, output: Path | None) -> int:
    compare = Compare(ignore, strict, threshold, ignore_meta, cross_language, semantic)
    show = Show(fmt, summary, quiet, context)
    return guard(lambda: diff_command(old, new, tracked, compare, show, Options(color, width, max_bytes, timeout),
                                      output))


def history(*, files: Sequence[str], fmt: str, order: str, since: str | None, between: tuple[str, str] | None,
            ignore: str | None, strict: bool, threshold: float | None, ignore_meta: bool, summary: bool, quiet: bool,
            color: str, width: int, max_bytes: int, timeout: float, output: Path | None) -> int:
    compare = Compare(ignore, strict, threshold, ignore_meta)
    show = Show(fmt, summary, quiet, False)
    return guard(lambda: history_command(files, order, since, between, compare, show,
                                         Options(color, width, max_bytes, timeout), output))


COMMANDS: dict[str, Callable[..., int]] = {"parse": parse, "diff": diff, "history": history}


# --------------------------------------------------------------------------- parse


def parse_command(files: Sequence[str], fmt: str, options: Options, output: Path | None) -> int:
    from ..renderers import render

    args = expand(files)
    if fmt == "jsonl":
        return _parse_jsonl(args, options, output)
    if len(args) > 1:
        fail(f"{len(args)} statements to parse: give one, or use --format jsonl (one JSON document per line)")
    with status(f"parsing {args[0]}") as say:
        doc = load(args[0], options, say)
    if fmt == "akn" and doc.meta.date is None:
        warn(f"{args[0]}: no date found; Akoma Ntoso requires one, so {_akn_undated()} stands in (named 'undated')")
    write(render(doc, fmt, **render_options(fmt, options, output)), output)
    return 0


def _akn_undated() -> str:
    from ..renderers.to_akn import UNDATED

    return UNDATED


def _parse_jsonl(args: Sequence[str], options: Options, output: Path | None) -> int:
    """One JSON document per line; a file that cannot be read is one error
    line on stderr (the others are still written) and exit status 2."""
    from ..errors import CommuniqueError
    from ..renderers import render

    lines: list[str] = []
    failed = 0
    stdin = {"-": load("-", options)} if "-" in args else {}
    with progress(len(args), "parsing") as advance:
        for arg in args:
            try:
                doc = stdin.pop(arg) if arg in stdin else load(arg, options)
            except CommuniqueError as exc:
                say(f"communique: {_printable(str(exc))}")
                failed += 1
            else:
                lines.append(render(doc, "json", indent=0))
            advance()
    write("".join(lines), output)
    if failed:
        fail(f"{failed} of {len(args)} inputs could not be parsed (the others are written)")
    return 0


# --------------------------------------------------------------------------- diff


def diff_command(old: str, new: str | None, tracked: bool, compare: Compare, show: Show, options: Options,
                 output: Path | None) -> int:
    import communique

    profile = profile_of(compare)
    if tracked:
        if new is not None:
            fail("--tracked-changes diffs the two versions of one Word file: name one file, not two")
        a, b = _tracked_versions(old, options)
    else:
        if new is None:
            fail("diff needs two rounds: communique diff OLD NEW")
        if old == "-" and new == "-":
            fail("standard input can be read only once: name '-' for OLD or for NEW, not both")
        old, new = (_one(arg) for arg in (old, new))
        stdin = load("-", options) if "-" in (old, new) else None
        with status("parsing") as say:
            a = stdin if old == "-" and stdin is not None else load(old, options, say)
            b = stdin if new == "-" and stdin is not None else load(new, options, say)
        if old != new:
            same_text_warnings((a, b), (old, new))
    with status("aligning clauses"):
        result = communique.diff(a, b, profile=profile, threshold=compare.threshold,
                                 cross_language=compare.cross_language, semantic=compare.semantic)
    changed = result.clauses_changed if compare.ignore_meta else result.changed
    if not show.quiet:
        _show_diff(result, show, options, output)
    return 1 if changed else 0


def _one(arg: str) -> str:
    """A diff argument: one file (an unexpanded glob must match exactly one)."""
    if arg == "-" or arg.startswith(("http://", "https://")) or not _GLOB.search(arg) or os.path.exists(arg):
        return arg
    matches = expand([arg])
    if len(matches) > 1:
        fail(f"{arg} matches {len(matches)} files; diff compares one round with one round")
    return matches[0]


def _show_diff(result: Diff, show: Show, options: Options, output: Path | None) -> None:
    from ..renderers import render
    from ..renderers.plain import diff_summary

    if show.summary:
        write(diff_summary(result) + "\n", output)
        return
    # the terminal view on a terminal, and where colour is asked for (``--color always | less -R``)
    terminal = output is None and (sys.stdout.isatty() or options.color == "always")
    fmt = show.fmt or ("terminal" if terminal else "unified")
    write(render(result, fmt, **render_options(fmt, options, output, show.context)), output)


def _tracked_versions(path: str, options: Options) -> tuple[Document, Document]:
    from ..api import tracked_versions

    with status(f"reading the tracked changes of {path}"):
        return tracked_versions(path, max_bytes=options.max_bytes)


# --------------------------------------------------------------------------- history


def history_command(files: Sequence[str], order: str, since: str | None, between: tuple[str, str] | None,
                    compare: Compare, show: Show, options: Options, output: Path | None) -> int:
    import communique

    from ..renderers import render
    from ..renderers.plain import history_summary

    if since is not None and between is not None:
        fail("give --since or --between, not both")
    args = expand(files)
    if len(args) < 2:
        fail(f"history needs at least two rounds ({len(args)} given)")
    profile = profile_of(compare)
    docs = load_all(args, options, "parsing rounds")
    same_text_warnings(docs, args)
    labels = list(args)
    if since is not None or between is not None:
        docs, labels = select_rounds(docs, labels, since, between)
    with progress(len(docs) - 1, "aligning rounds") as advance:
        result = communique.history(docs, labels=labels, order=order, profile=profile,
                                    threshold=compare.threshold, progress=advance)
    changed = any(d.clauses_changed if compare.ignore_meta else d.changed for d in result.diffs)
    if show.quiet:
        return 1 if changed else 0
    fmt = show.fmt or "terminal"
    if show.summary:
        write(history_summary(result) + "\n", output)
    else:
        write(render(result, fmt, **render_options(fmt, options, output)), output)
    return 1 if changed else 0


def _bound(value: str, flag: str) -> tuple[str, int | str]:
    """A ``--since``/``--between`` bound: ``("round", 12)`` or ``("date", "2024-06")``."""
    value = value.strip()
    if _ROUND.fullmatch(value):
        return "round", int(value)
    if _DATE.fullmatch(value):
        return "date", value
    fail(f"{flag} {value}: give a round number (12) or a date (2024-06 or 2024-06-20)")


def select_rounds(docs: list[Document], labels: list[str], since: str | None, between: tuple[str, str] | None
                  ) -> tuple[list[Document], list[str]]:
    """The rounds ``--since`` / ``--between`` keep (a round that has no
    round number or date to compare is left out with a warning)."""
    flag = "--since" if since is not None else "--between"
    if since is not None:
        low = _bound(since, flag)
        high: tuple[str, int | str] | None = None
    else:
        assert between is not None
        low, high = _bound(between[0], flag), _bound(between[1], flag)
        if low[0] != high[0]:
            fail("--between takes two round numbers or two dates, not one of each")
    kind = low[0]
    kept_docs, kept_labels = [], []
    for doc, label in zip(docs, labels, strict=True):
        value = doc.meta.round if kind == "round" else doc.meta.date
        if value is None:
            warn(f"{label}: no {'round number' if kind == 'round' else 'date'} found; left out by {flag}")
            continue
        if _within(value, low[1], high[1] if high else None):
            kept_docs.append(doc)
            kept_labels.append(label)
    shown = since if since is not None else " ".join(between or ())
    if len(kept_docs) < 2:
        fail(f"{flag} {shown} keeps {len(kept_docs)} round{'' if len(kept_docs) == 1 else 's'}; "
             "a history needs at least two")
    return kept_docs, kept_labels


def _within(value: int | str, low: int | str, high: int | str | None) -> bool:
    if isinstance(value, int):
        return value >= int(low) and (high is None or value <= int(high))
    # ISO dates compare as text; a bound of 2024-06 takes every day of June on the high side
    return value >= str(low) and (high is None or value[: len(str(high))] <= str(high))
