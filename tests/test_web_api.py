"""The JSON API against its own OpenAPI document: schemathesis generates
requests from ``/openapi.json`` (valid ones and, for the diff and parse
bodies, invalid ones too) and sends them to the ASGI app in-process, with
an archive; every answer must be documented (status, content type, schema:
the published JSON Schemas for documents, diffs and histories) and none may
be a server error.  Plus a few hand-written examples of each endpoint
validated against the same components with jsonschema."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette")
schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("httpx2", reason="starlette.testclient needs httpx2 (the web test extra)")

from hypothesis import HealthCheck, settings  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

import communique  # noqa: E402
from communique.web.app import Settings, create_app  # noqa: E402
from communique.web.archive import MemoryArchive  # noqa: E402

from .conftest import SAMPLES  # noqa: E402

EN = [SAMPLES / "en" / f"round-0{k}.txt" for k in range(1, 5)]
AR = [SAMPLES / "ar" / f"round-0{k}.txt" for k in range(1, 5)]

ARCHIVE = MemoryArchive({"en": [communique.parse(p) for p in EN], "ar": [communique.parse(p) for p in AR]})
# schemathesis calls the app as host "testserver"; short caps so that generated inputs stay quick
APP = create_app(Settings(hosts=frozenset({"testserver", "127.0.0.1"}), max_bytes=256 * 1024, timeout=20.0),
                 ARCHIVE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_none_is_a_server_error(case) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    with TestClient(APP, base_url="http://127.0.0.1") as c:
        doc = c.get("/openapi.json").json()

    def check(name: str, data: object) -> None:
        wrapper = {**doc["components"]["schemas"][name], "components": doc["components"]}
        errors = list(jsonschema.Draft202012Validator(wrapper).iter_errors(data))
        assert not errors, [e.message for e in errors[:3]]

    return check


def test_examples_follow_the_published_schemas(validator) -> None:
    with TestClient(APP, base_url="http://127.0.0.1") as c:
        old, new = EN[1].read_text(encoding="utf-8"), EN[2].read_text(encoding="utf-8")
        validator("Diff", c.post("/api/diff", json={"old": old, "new": new}).json())
        validator("Document", c.post("/api/parse", json={"text": old}).json())
        validator("History", c.get("/api/archive/series/en").json())
        validator("SeriesList", c.get("/api/archive/series").json())
        validator("Hits", c.get("/api/archive/search", params={"q": "Astana"}).json())
        validator("LineageResponse", c.get("/api/archive/series/en/lineages/L02").json())
        validator("Error", c.post("/api/diff", json={"old": "x"}).json())
        validator("Health", c.get("/api/health").json())
