"""The package type-checks: mypy over ``communique/`` with the project's
configuration (``[tool.mypy]`` in pyproject.toml: strict optional, every
function annotated, no unused ``type: ignore``) reports no error.

mypy and the stubs it needs (lxml-stubs, types-regex) come with the ``test``
extra; without mypy the test is skipped.  Nothing is fetched: the stubs are
read from the installed packages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    # mypy reads its configuration from the working directory's pyproject.toml
    monkeypatch.chdir(ROOT)
    report, errors, status = api.run(["communique"])
    assert status == 0, f"mypy exit status {status}:\n{report}{errors}"
