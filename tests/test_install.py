"""A plain, non-editable install ships the grammar and runs `communique parse`.

Built offline: the wheel is made without build isolation from the setuptools
already installed, and installed with --no-deps into a scratch directory that
is put first on PYTHONPATH (the dependencies come from the test environment).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("install")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    build = subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(ROOT)],
                           capture_output=True, text=True)
    if build.returncode != 0 and "setuptools" in build.stderr and "No module named" in build.stderr:
        pytest.skip("setuptools is not installed in this environment")
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("communique-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "communique/grammar/communique.lark" in names
    assert {"communique/renderers/to_html/report.css", "communique/renderers/to_html/report.js",
            "communique/py.typed"} <= names
    assert {f"communique/schemas/{kind}.schema.json" for kind in ("document", "diff", "history")} <= names
    # every module of the checkout ships (pyproject lists the packages one by one)
    modules = {str(f.relative_to(ROOT)) for f in (ROOT / "communique").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    site = tmp / "site"
    run = subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return site


def test_non_editable_install_parses_a_sample(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "import communique; print(communique.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert where.stdout.strip().startswith(str(installed)), where.stdout + where.stderr
    script = installed / "bin" / "communique"
    cmd = [sys.executable, str(script)] if script.exists() else [sys.executable, "-m", "communique.cli"]
    run = subprocess.run([*cmd, "parse", str(SAMPLES / "ar" / "round-01.txt"), "--format", "json"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert '"path": "10"' in run.stdout


def test_readme_python_example_runs_from_the_repository_root(installed: Path) -> None:
    """From the checkout's root the local ``communique/`` shadows the installed
    package, and ``grammar/`` is not inside it: the example must still run."""
    readme = (ROOT / "README.md").read_text("utf-8")
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    env = {**os.environ, "PYTHONPATH": str(installed), "COMMUNIQUE_NO_CACHE": "1"}
    run = subprocess.run([sys.executable, "-c", example], capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
