"""The README's command line runs as written: every ``$ …`` line of the
console blocks of its "Command line" section is run by bash from the
repository's root, with ``communique`` on the PATH, and prints exactly what
the README shows under it."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = ROOT / "README.md"


def examples() -> list[tuple[str, str]]:
    """``(command, expected output)`` of each ``$`` line of the section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    out: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            out.append((command, expected))
    return out


EXAMPLES = examples()


def test_the_section_has_examples_of_every_command() -> None:
    commands = " ".join(c for c, _ in EXAMPLES)
    for word in ("communique parse", "communique diff", "communique history", "--summary", "--quiet",
                 "--ignore-meta", "-f terminal", "--between", "--format jsonl"):
        assert word in commands, word
    assert all(c.startswith("communique ") for c, _ in EXAMPLES)


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bin")
    script = folder / "communique"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m communique "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash command lines")
@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c[:60] for c, _ in EXAMPLES])
def test_example_prints_what_the_readme_shows(bin_dir: Path, command: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "LINES")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT), LC_ALL="C.UTF-8")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, env=env,
                            timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == expected, f"README example `{command}` prints:\n{result.stdout}"
