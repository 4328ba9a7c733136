"""The dataclass code cache (communique/codecache.py): our classes built from
stored code behave as the classes ``dataclasses`` compiles; other packages'
classes never reach the file; a file that is not private, or not ours,
is not loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What the model's classes do with the generated methods: construct with
# defaults, repr, eq, hash, refuse assignment; plus a user's own dataclass.
_PROBE = """
import dataclasses, json
import communique
from communique import codecache
from communique.model import Marker, MetaChange, WordChange

@dataclasses.dataclass(frozen=True)
class Mine:
    x: int = 3

span = MetaChange("round", 3, 9)
change = WordChange("replace", "a", "b", (0, 1), (0, 1))
try:
    span.field = 'date'
    refused = None
except dataclasses.FrozenInstanceError as e:
    refused = str(e)
out = {
    "repr": [repr(span), repr(change), repr(Mine())],
    "eq": [span == MetaChange("round", 3, 9), span == MetaChange("round", 3, 10),
           change == WordChange("replace", "a", "b", (0, 1), (0, 1))],
    "hash": hash(span) == hash(MetaChange("round", 3, 9)),
    "refused": refused,
    "fields": [f.name for f in dataclasses.fields(Marker)],
    "stored": len(codecache._stored or {}),
    "added": sorted(codecache._added),
}
print(json.dumps(out))
"""


def _probe(cache: Path, **env: str) -> dict:
    run_env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_NO_CACHE"}
    run_env.update(XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=run_env,
                          timeout=120, check=True)
    return json.loads(done.stdout)


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "communique").glob("dataclass-code-*.marshal"))


def _behaviour(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("stored", "added")}


def test_classes_from_stored_code_behave_as_compiled_ones(tmp_path):
    uncached = _probe(tmp_path / "none", COMMUNIQUE_NO_CACHE="1")
    assert _files(tmp_path / "none") == []
    first = _probe(tmp_path)
    assert first["stored"] == 0 and len(first["added"]) > 20  # every method of the model compiled, then kept
    assert not any("Mine" in source or "x=" in source for source in first["added"])  # not a user's class
    (path,) = _files(tmp_path)
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    second = _probe(tmp_path)
    assert second["added"] == [] and second["stored"] == len(first["added"])  # nothing compiled
    assert _behaviour(first) == _behaviour(second) == _behaviour(uncached)
    assert uncached["refused"] == "cannot assign to field 'field'"
    assert uncached["eq"] == [True, False, True] and uncached["hash"] is True


def test_a_file_others_can_write_is_not_loaded(tmp_path):
    _probe(tmp_path)
    (path,) = _files(tmp_path)
    path.chmod(0o666)
    again = _probe(tmp_path)
    assert again["stored"] == 0 and again["added"]  # compiled afresh, the file left unread


def test_a_corrupt_file_only_costs_time(tmp_path):
    expected = _behaviour(_probe(tmp_path))
    (path,) = _files(tmp_path)
    path.write_bytes(b"\x00not marshal" * 10)
    again = _probe(tmp_path)
    assert _behaviour(again) == expected and again["added"]
    assert _probe(tmp_path)["added"] == []  # rewritten whole
