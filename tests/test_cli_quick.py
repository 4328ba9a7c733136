"""The quick path (``communique.cli.quick``) reads a command line as typer does, or not at all.

Typer's reading is caught where both readings arrive: the command
functions of ``communique.cli.run``, which the typer commands call with
their parameters by name.  For every command line the quick path reads, typer
must have called the same function with the same values (types included:
a list is not a tuple); the lines it leaves are typer's, whatever they are.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from communique.cli import app, quick, run
from communique.cli.table import COMMANDS

from .conftest import ROOT

RUNNER = CliRunner()


def typer_reading(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The command typer runs for ``args`` and its parameters, or None when it runs none."""
    calls: list[tuple[str, dict[str, Any]]] = []

    def recorder(name: str) -> Any:
        def record(**arguments: Any) -> int:
            calls.append((name, arguments))
            return 0
        return record

    with mock.patch.multiple(run, **{name: recorder(name) for name in COMMANDS}):
        RUNNER.invoke(app, args)
    assert len(calls) <= 1
    return calls[0] if calls else None


def test_the_table_is_typers_present_reading() -> None:
    """``cli/table.py`` is what ``python -m communique.cli.quick --write`` writes now."""
    written = (ROOT / "communique" / "cli" / "table.py").read_text(encoding="utf-8")
    assert written == quick.table_source(), "commands.py changed: python -m communique.cli.quick --write"


PLAIN = [
    ["diff", "a.txt", "b.txt"],
    ["diff", "a.txt", "b.txt", "--format", "json", "-o", "out.json"],
    ["diff", "a.txt", "--format=unified", "b.txt", "--ignore-meta", "-q"],
    ["diff", "a.txt", "b.txt", "--same-language", "--no-semantic", "--threshold", "0.35", "--width", "72"],
    ["diff", "old.docx", "--tracked-changes", "--color", "never"],
    ["diff", "--", "-", "b.txt"],
    ["parse", "a.txt", "b.txt", "c.txt", "-f", "jsonl", "--max-bytes", "1000", "--timeout", "2.5"],
    ["history", "a.txt", "b.txt", "c.txt", "--between", "12", "14", "--order", "round", "--summary"],
    ["history", "samples/en/", "--since", "2024-06", "--strict", "--ignore", "punctuation,case"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_plain_command_lines_are_read_as_typer_reads_them(args: list[str]) -> None:
    read = quick.read_command_line(args)
    assert read is not None, "a plain command line goes to typer"
    assert read == typer_reading(args)


LEFT_TO_TYPER = [
    [], ["--version"], ["--help"], ["diff", "--help"], ["diff", "-h"], ["serve"], ["archive", "add", "a.txt"],
    ["diff"],  # no_args_is_help
    ["diff", "a", "b", "c"],  # an extra argument
    ["parse"],  # no file
    ["diff", "a", "b", "--form", "json"],  # click takes no abbreviation, and says what it knows
    ["diff", "a", "b", "-fjson"],  # an attached short value
    ["diff", "a", "b", "--format"],  # no value
    ["diff", "a", "b", "--format", "-q"],  # click would take -q as the format
    ["diff", "a", "b", "--width", "-3"], ["diff", "a", "b", "--width", "+3"], ["diff", "a", "b", "--width", "7.5"],
    ["diff", "a", "b", "--threshold", "1.5"], ["diff", "a", "b", "--threshold", "1e-1"],
    ["diff", "a", "b", "--color", "blue"], ["diff", "a", "b", "--color", "NEVER"],
    ["diff", "a", "b", "--strict=yes"], ["diff", "a", "b", "--format="],
    ["history", "a", "b", "--between", "12"],
]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=lambda a: " ".join(a) or "(none)")
def test_other_command_lines_are_left_to_typer(args: list[str]) -> None:
    assert quick.read_command_line(args) is None


def test_a_completion_in_progress_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_COMMUNIQUE_COMPLETE", "complete_bash")
    assert quick.read_command_line(["diff", "a.txt", "b.txt"]) is None


def test_an_unreadable_output_file_is_left_to_typer(tmp_path: Path) -> None:
    """click's Path checks that an existing path is readable (root reads everything: the check is mocked)."""
    locked = tmp_path / "locked.json"
    locked.write_text("{}", encoding="utf-8")
    args = ["diff", "a", "b", "-o", str(locked)]
    assert quick.read_command_line(args) is not None
    with mock.patch.object(quick.os, "access", lambda path, mode: path != str(locked)):
        assert quick.read_command_line(args) is None


# Tokens a command line is made of: every option of the table, values of
# each kind (good, out of range, not numbers, dashed), and what click
# reads specially.
_OPTIONS = sorted({opt for params in COMMANDS.values() for p in params if p["kind"] == "option"
                   for opt in (*p["opts"], *p["off"])})
_VALUES = ["a.txt", "b.txt", "json", "unified", "0", "1", "72", "-3", "+3", "0.5", ".25", "1.5", "1e3", "nan",
           "auto", "never", "blue", "round", "date", "12", "2024-06", "-", "--", "", "x=y", "--format=json",
           "--width=5", "--threshold=0.2", "-fjson", "--strict=1", "--help", "-h", "--form", "-x", "samples/en/"]


@settings(max_examples=150)
@given(st.sampled_from(sorted(COMMANDS)), st.lists(st.sampled_from(_OPTIONS + _VALUES), max_size=8))
def test_whatever_the_quick_path_reads_typer_reads_the_same(command: str, tokens: list[str]) -> None:
    args = [command, *tokens]
    read = quick.read_command_line(args)
    if read is not None:
        assert read == typer_reading(args)


_BY_TYPE = {"str": ["json", "x", "punctuation,case", "2024-06"], "int": ["0", "1", "80", "-1", "+2", "08"],
            "float": ["0", "0.5", ".5", "1", "1.0", "0.1", "0.05", "2", "1e-1"], "path": ["out.json", "-", "dir/"],
            "choice": ["auto", "never", "always", "given", "round", "date", "Round"], "pair": ["12", "14"]}


@st.composite
def plain_lines(draw: st.DrawFn) -> list[str]:
    """A command line of the command's own options, mostly with values of their kind."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    params = COMMANDS[command]
    options = [p for p in params if p["kind"] == "option"]
    words = [f"r{k}.txt" for k in range(draw(st.integers(0, 4)))]
    for param in draw(st.lists(st.sampled_from(options), max_size=6)):
        opt = draw(st.sampled_from([*param["opts"], *param["off"]]))
        values = [draw(st.sampled_from(_BY_TYPE[param["type"]])) for _ in range(param["nargs"])] \
            if param["type"] != "flag" else []
        if values and param["nargs"] == 1 and opt.startswith("--") and draw(st.booleans()):
            words.append(f"{opt}={values[0]}")
        else:
            words += [opt, *values]
    if draw(st.booleans()) and words:
        words.insert(draw(st.integers(0, len(words))), "--")
    return [command, *words]


@settings(max_examples=150)
@given(plain_lines())
def test_plain_lines_read_by_the_quick_path_are_typers_reading(args: list[str]) -> None:
    read = quick.read_command_line(args)
    if read is not None:
        assert read == typer_reading(args)


def test_a_plain_diff_does_not_import_typer(tmp_path: Path) -> None:
    out = tmp_path / "modules.txt"
    code = ("import sys\nout = sys.argv[1]\nsys.argv = ['communique', *sys.argv[2:]]\ntry:\n"
            "    from communique.cli import main\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
            "open(out, 'w').write(str(code) + '\\n' + '\\n'.join(sorted(sys.modules)))\n")
    args = ["diff", "samples/en/round-01.txt", "samples/en/round-02.txt", "-f", "json"]
    done = subprocess.run([sys.executable, "-c", code, str(out), *args], capture_output=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=False)
    status, *modules = out.read_text(encoding="utf-8").split()
    assert status == "1" and done.stdout.startswith(b"{"), done.stderr
    assert "typer" not in modules and "communique.renderers.to_json" in modules
    # what start-up is spared (communique/digest.py, pyproject.toml): OpenSSL, 34 pure-Python stemmers
    assert "hashlib" not in modules and "snowballstemmer" not in modules and "Stemmer" in modules
