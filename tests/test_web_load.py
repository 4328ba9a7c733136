"""The load test on loopback: 200 diffs of two 100-clause statements from 8
concurrent clients against a real ``communique serve``, no error, every
answer the library's own diff; the median latency is printed (and recorded
in bench/RESULTS-web.md by ``python -m bench.web``)."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from bench.web import load
from communique.web.testing import LocalServer


def test_200_diffs_from_8_concurrent_clients_without_an_error(capsys) -> None:
    with LocalServer("--workers", "8") as server:
        result = load(server.url, requests=200, clients=8, clauses=100, deadline=300)
        assert server.alive()
        log = server.log()
    assert not result.errors, result.errors[:5]
    assert len(result.latencies) == 200
    assert "Traceback" not in log
    with capsys.disabled():
        print(f"\nload: 200 diffs, 8 clients: median {result.median_ms:.0f} ms, p90 {result.p90_ms:.0f} ms, "
              f"max {result.max_ms:.0f} ms, {result.throughput:.1f} diffs/s")
