"""``communique diff`` and ``history`` in a real terminal, at 80 and 200 columns.

Driven through a pseudo-terminal (pexpect) and, when tmux is installed, in
a tmux pane: the program sees a terminal of that size, picks its terminal
view and colours, and must wrap at word boundaries (no word broken, the
same words as at an unlimited width) with no line wider than the terminal
(tmux wraps none of them).  Also the terminal conventions: ``NO_COLOR``,
``--color always | less -R``, and the note when standard input is the
terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from communique.renderers.plain import cells

from .conftest import ROOT, SAMPLES

pexpect = pytest.importorskip("pexpect", reason="pexpect (the test extra) drives the pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
MARKS = re.compile(r"\[-|-\]|\{\+|\+\}|[\u2068\u2069]")
PAIRS = {"en": ("samples/en/round-02.txt", "samples/en/round-03.txt"),
         "ar": ("samples/ar/round-02.txt", "samples/ar/round-03.txt"),
         "en-merge": ("samples/en/round-03.txt", "samples/en/round-04.txt")}
ROUNDS = [f"samples/en/round-0{k}.txt" for k in range(1, 5)]

if not (SAMPLES / "en" / "round-01.txt").is_file():  # pragma: no cover
    pytest.skip("samples/ is not present", allow_module_level=True)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    return {**env, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "LANG": "C.UTF-8", **extra}


def in_terminal(args: list[str], columns: int, env: dict[str, str] | None = None, stdin: str | None = None,
                shell: str | None = None) -> tuple[int, str]:
    """Run ``communique ARGS`` (or a ``shell`` command line) on a pseudo-terminal
    of ``columns`` × 200; its exit status and what the terminal received."""
    command = shell or " ".join([f'"{sys.executable}"', "-m", "communique", *args, "2>/dev/null"])
    child = pexpect.spawn("/bin/bash", ["-c", command], dimensions=(200, columns), env=env or _env(), cwd=str(ROOT),
                          encoding="utf-8", codec_errors="replace", timeout=120)
    if stdin is not None:
        child.expect("reading a statement from the terminal")
        child.send(stdin)
        child.sendeof()
    out = child.read()
    child.close()
    return child.exitstatus if child.exitstatus is not None else -1, out.replace("\r\n", "\n")


def piped(args: list[str]) -> str:
    result = subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True, text=True,
                            env=_env(), cwd=ROOT, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def tokens(text: str) -> list[str]:
    return MARKS.sub("", ANSI.sub("", text)).split()


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_diff_wraps_at_words_to_the_terminal(pair: str, columns: int) -> None:
    status, out = in_terminal(["diff", *PAIRS[pair]], columns)
    assert status == 1, out[-500:]
    assert "\x1b[" in out, "a terminal gets colour"
    lines = ANSI.sub("", out).splitlines()
    assert max(cells(line) for line in lines) <= columns
    # the terminal's own width and colour: what --width and --color always give in a pipe
    assert out == piped(["diff", *PAIRS[pair], "--width", str(columns), "--color", "always"])
    # no word broken: the same words as the same view at an unlimited width
    unlimited = piped(["diff", *PAIRS[pair], "-f", "terminal", "--color", "never", "--width", "100000"])
    assert tokens(out) == tokens(unlimited)


@pytest.mark.parametrize("columns", [80, 200])
def test_history_matrix_fits_the_terminal(columns: int) -> None:
    status, out = in_terminal(["history", *ROUNDS], columns)
    assert status == 1
    lines = ANSI.sub("", out).splitlines()
    assert max(cells(line) for line in lines) <= columns
    head = next(line for line in lines if line.startswith("lineage"))
    assert head.split()[:5] == ["lineage", "r11", "r12", "r13", "r14"]  # a matrix, one column per round
    rows = [line for line in lines if re.match(r"L\d\d ", line)]
    assert len(rows) == 14  # one line per lineage: no row broken over two lines
    texts = {c.text.split("\n")[0] for p in ROUNDS for c in __import__("communique").parse(ROOT / p).walk()}
    for row in rows:
        excerpt = re.split(r"\s{2,}", row.strip())[-1].strip("\u2068\u2069")
        shown = excerpt.removesuffix("…")
        assert any(t.startswith(shown) for t in texts), row  # the first version's text, cut at a word
    longest = max(len(re.split(r"\s{2,}", row.strip())[-1]) for row in rows)
    assert (longest > 100) == (columns == 200)


def test_history_degrades_to_one_block_per_lineage_when_narrow() -> None:
    status, out = in_terminal(["history", *ROUNDS], 40)
    assert status == 1
    lines = ANSI.sub("", out).splitlines()
    assert max(cells(line) for line in lines) <= 40
    blocks = [k for k, line in enumerate(lines) if re.match(r"L\d\d  ", line)]
    assert len(blocks) == 14
    assert "r11 5  r12 6  r13 7+8*" in ANSI.sub("", out)


def test_no_color_is_honoured() -> None:
    _, coloured = in_terminal(["diff", *PAIRS["en"]], 80)
    _, plain = in_terminal(["diff", *PAIRS["en"]], 80, env=_env(NO_COLOR="1"))
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert "[-importance-]{+urgency+}" in plain  # without colour the changes are marked
    _, never = in_terminal(["diff", *PAIRS["en"], "--color", "never"], 80)
    assert never == plain


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_color_always_through_less() -> None:
    """``--color always | less -R``: colour goes through the pipe, and the
    output is wrapped to the screen less runs on."""
    command = (f'"{sys.executable}" -m communique diff {" ".join(PAIRS["en"])} --color always 2>/dev/null '
               "| less -R")
    child = pexpect.spawn("/bin/bash", ["-c", command], dimensions=(60, 80), env=_env(LESS=""), cwd=str(ROOT),
                          encoding="utf-8", codec_errors="replace", timeout=60)
    child.expect("urgency")
    screen = child.before + child.after
    child.send("q")
    child.expect(pexpect.EOF)
    assert "\x1b[31" in screen or "\x1b[32" in screen, "less -R shows the colours"
    assert "\x1b[" in screen


def test_standard_input_from_the_terminal_says_so() -> None:
    text = ("1. Reaffirmed their strong commitment to the sovereignty of the country.\n"
            "2. Stressed the need to maintain calm on the ground.\n")
    command = f'"{sys.executable}" -m communique parse - --format json'
    status, out = in_terminal([], 80, stdin=text, shell=command)
    assert status == 0, out
    assert '"path": "2"' in out


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("args", [["diff", *PAIRS["en"]], ["diff", *PAIRS["ar"]], ["history", *ROUNDS]],
                         ids=["diff-en", "diff-ar", "history"])
def test_tmux_wraps_no_line(tmp_path: Path, columns: int, args: list[str]) -> None:
    """In a tmux pane of that width no line of the output is wider than the
    pane: the screen's rows and its rows joined where tmux wrapped are the same."""
    socket = f"communique-test-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "done"
    command = (f'cd "{ROOT}" && PYTHONPATH="{ROOT}" "{sys.executable}" -m communique {" ".join(args)} 2>/dev/null; '
               f'touch "{done}"; sleep 60')
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-x", str(columns), "-y", "300", command], check=True,
                   env=_env(), timeout=30)
    try:
        for _ in range(1200):
            if done.exists():
                break
            subprocess.run(["sleep", "0.1"], check=False)
        assert done.exists(), "the command did not finish in the tmux pane"
        rows = subprocess.run([*tmux, "capture-pane", "-p", "-S", "-"], capture_output=True, text=True,
                              check=True).stdout.rstrip("\n").splitlines()
        joined = subprocess.run([*tmux, "capture-pane", "-p", "-J", "-S", "-"], capture_output=True, text=True,
                                check=True).stdout.rstrip("\n").splitlines()
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    assert len([r for r in rows if r.strip()]) > 10
    assert rows == joined
