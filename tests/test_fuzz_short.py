"""The fuzz target in CI: every kept crash replayed, and a short
coverage-guided run (atheris, 50 s) over the seed corpus.

Part of the normal ``pytest`` run (marked ``fuzz``: ``-m "not fuzz"`` leaves
it out).  The long run is documented in ``tests/fuzz/README.md``.  Without
atheris (it ships wheels for Linux only) the short run is a hypothesis run
of the same target over mutated seeds, for the same time budget.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .fuzz import build_corpus, fuzz_target

pytestmark = pytest.mark.fuzz

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CRASHES = HERE / "fuzz" / "crashes"
REPRO = HERE / "fixtures" / "repro"
BUDGET = int(os.environ.get("COMMUNIQUE_FUZZ_SECONDS", "50"))
RUNS = int(os.environ.get("COMMUNIQUE_FUZZ_RUNS", "300"))


# Crashes kept in tests/fuzz/crashes are named ``<signature>-<sha1 prefix>``.
# While the core defect behind one is open, replaying it may fail with that
# signature and no other; remove a signature from here when its fix lands
# (each has a test in test_core_defects.py).  None is open.
OPEN_CRASH_SIGNATURES: set[str] = set()


def _crashes() -> list[Path]:
    return sorted(p for p in CRASHES.iterdir() if p.is_file()) if CRASHES.is_dir() else []


def _repros() -> list[Path]:
    return sorted(p for p in REPRO.iterdir() if p.is_file() and p.suffix != ".md")


@pytest.mark.parametrize("path", _crashes(), ids=lambda p: p.name)
def test_kept_crash(path, monkeypatch):
    """Each crash the fuzzer found goes through the whole target (parse as
    bytes and text, next round, both diffs, history, every format, every
    invariant), nothing tolerated; it passes, or — while its defect is open
    — fails with the signature it is named after and no other."""
    monkeypatch.setenv("COMMUNIQUE_FUZZ_STRICT", "1")
    named = path.name.rsplit("-", 1)[0].split("+")[0]
    try:
        fuzz_target.one_input(path.read_bytes())
    except Exception as exc:
        sig = fuzz_target.signature(exc)
        if not (re.sub(r"[^A-Za-z0-9_.@-]", "_", sig) == named and sig in OPEN_CRASH_SIGNATURES):
            raise


@pytest.mark.parametrize("path", _repros(), ids=lambda p: p.name)
def test_repro_through_the_fuzz_target(path):
    """Each reproduction of the issue through the whole target; a failure of
    a known open defect (``fuzz_target.KNOWN_OPEN``) is tolerated."""
    fuzz_target.one_input(path.read_bytes())


def test_every_known_open_defect_is_named():
    """The tolerated failures are the documented ones and nothing broad."""
    assert set(fuzz_target.KNOWN_OPEN) <= OPEN_CRASH_SIGNATURES
    assert not os.environ.get("COMMUNIQUE_FUZZ_IGNORE"), "CI must not ignore fuzz signatures"


def test_corpus_builder(tmp_path):
    n = build_corpus.build(tmp_path / "seeds")
    names = {p.name for p in (tmp_path / "seeds").iterdir()}
    assert n == len(names) >= 40
    assert all(len((tmp_path / "seeds" / name).read_bytes()) <= 64 * 1024 for name in names)


def _atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _atheris(), reason="atheris is not installed (the hypothesis run below stands in)")
def test_short_atheris_run(tmp_path):
    """atheris for ``RUNS`` inputs (300; ``COMMUNIQUE_FUZZ_RUNS``), at most
    ``BUDGET`` seconds (50; ``COMMUNIQUE_FUZZ_SECONDS``), from the seed
    corpus with a fixed seed and hash seed, so that every run of one
    revision tries the same inputs (a run that found something only on a
    fast machine would make CI flaky); it must end without a crash.  A crash leaves its
    input in the test's tmp folder: copy it to ``tests/fuzz/crashes/`` (a
    regression example) and fix it, or file it for the lead."""
    seeds, corpus, artifacts = tmp_path / "seeds", tmp_path / "corpus", tmp_path / "artifacts"
    for d in (seeds, corpus, artifacts):
        d.mkdir()
    build_corpus.build(seeds)
    seed = os.environ.get("COMMUNIQUE_FUZZ_SEED", "1")
    cmd = [sys.executable, str(HERE / "fuzz" / "fuzz_target.py"), f"-runs={RUNS}", f"-max_total_time={BUDGET}",
           "-max_len=8192",
           "-timeout=60", "-rss_limit_mb=4096", f"-seed={seed}", f"-artifact_prefix={artifacts}/",
           "-print_final_stats=1", str(corpus), str(seeds)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    env.pop("COMMUNIQUE_FUZZ_IGNORE", None)
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=BUDGET + 120,
                          check=False)
    found = sorted(artifacts.iterdir())
    tail = (proc.stdout + proc.stderr)[-4000:]
    assert proc.returncode == 0 and not found, f"fuzzer exit {proc.returncode}, artifacts {found}:\n{tail}"
    assert "stat::number_of_executed_units" in proc.stderr, tail


def _mutate(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        k = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(k, len(b) - 1)] = rng.randrange(256)
        elif op == 1:
            b[k:k] = rng.choice([b"\n", b"1- ", b"\n(a) ", b"\x1b[2J", b"\xe2\x80\xae", b"<p>", b"\xef\xbb\xbf",
                                 b"\xd9\xa1- ", b"]]>", b"\r\n", b"\x00"])
        elif op == 2 and b:
            del b[k:k + rng.randint(1, 64)]
        elif op == 3:
            other = rng.choice(seeds)
            j = rng.randrange(len(other) + 1)
            b[k:k] = other[j:j + rng.randint(1, 200)]
        else:
            lines = bytes(b).split(b"\n")
            rng.shuffle(lines)
            b = bytearray(b"\n".join(lines))
    return bytes(b)


@pytest.mark.skipif(_atheris(), reason="atheris is installed (the coverage-guided run above is the CI run)")
def test_short_mutation_run(tmp_path):
    """Without atheris: the same target over randomly mutated seeds for
    ``BUDGET`` seconds (seeded, so a failure repeats)."""
    build_corpus.build(tmp_path / "seeds")
    seeds = [p.read_bytes() for p in sorted((tmp_path / "seeds").iterdir())]
    rng = random.Random(int(os.environ.get("COMMUNIQUE_FUZZ_SEED", "1")))
    deadline = time.monotonic() + BUDGET
    n = 0
    while time.monotonic() < deadline:
        data = _mutate(rng, rng.choice(seeds), seeds)[:8192]
        try:
            fuzz_target.one_input(data)
        except Exception:
            (tmp_path / "crash").write_bytes(data)
            raise
        n += 1
    assert n > 0
