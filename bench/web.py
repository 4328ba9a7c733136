"""Load on the web application: ``python -m bench.web``.

A real ``communique serve`` (uvicorn, a child process) on a free loopback
port; ``--clients`` threads, each with its own keep-alive connection, send
``POST /api/diff`` with two ``--clauses``-clause statements (generated,
seeded, by ``bench/corpus.py``: the second round has ~10 % edits) until
``--requests`` answers have come back.  Every answer must be a 200 whose
summary is the library's; the latency of each request is recorded (send to
last byte) and the median, 90th percentile and maximum are written with the
throughput.  A second measure times the acceptance path: the compare form
posted with seeds 000 and 003 (when ``../shared/seeds`` is there) and the
report page fetched, as a browser does after pressing Compare.

    python -m bench.web                     # 200 diffs, 8 clients, 100 clauses → bench/RESULTS-web.md
    python -m bench.web --requests 50 --out -   # print only

Loopback only, bounded in count and time (``--deadline``), and the server
is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("COMMUNIQUE_SEEDS") or ROOT.parent / "shared" / "seeds")


@dataclass
class Load:
    requests: int
    clients: int
    clauses: int
    lang: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    body_bytes: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p90_ms(self) -> float:
        if len(self.latencies) < 2:
            return self.median_ms
        return statistics.quantiles(self.latencies, n=10)[-1] * 1000

    @property
    def max_ms(self) -> float:
        return max(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall if self.wall else float("nan")


def statements(clauses: int, lang: str = "ar", seed: int = 0) -> tuple[str, str]:
    from bench import corpus

    old_text, old = corpus.make_statement(clauses, lang, seed)
    new_text, _, _ = corpus.next_round(old, 0.1, seed=seed)
    return old_text, new_text


def load(url: str, requests: int = 200, clients: int = 8, clauses: int = 100, lang: str = "ar",
         deadline: float = 600.0) -> Load:
    """``requests`` diffs from ``clients`` concurrent clients against the server at ``url``."""
    import communique

    old, new = statements(clauses, lang)
    expected = communique.diff(communique.parse(text=old, name="old"), communique.parse(text=new, name="new"))
    body = json.dumps({"old": old, "new": new}, ensure_ascii=False).encode("utf-8")
    result = Load(requests, clients, clauses, lang, body_bytes=len(body))
    parts = urlsplit(url)
    lock = threading.Lock()
    issued = 0
    stop_at = time.monotonic() + deadline

    def client() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        try:
            while True:
                with lock:
                    if issued >= requests or time.monotonic() > stop_at:
                        return
                    issued += 1
                start = time.perf_counter()
                try:
                    conn.request("POST", "/api/diff", body=body, headers={"content-type": "application/json"})
                    r = conn.getresponse()
                    data = r.read()
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        result.errors.append(f"{type(exc).__name__}: {exc}")
                    conn.close()
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
                    continue
                took = time.perf_counter() - start
                problem = None
                if r.status != 200:
                    problem = f"HTTP {r.status}: {data[:200]!r}"
                else:
                    summary = json.loads(data).get("summary")
                    if summary != expected.summary:
                        problem = f"summary {summary} != {expected.summary}"
                with lock:
                    if problem:
                        result.errors.append(problem)
                    else:
                        result.latencies.append(took)
        finally:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(deadline + 60)
    result.wall = time.perf_counter() - t0
    return result


def compare_seeds(url: str, repeats: int = 10) -> list[float] | None:
    """Seconds from posting the compare form (seeds 000 and 003) to the report page's last byte."""
    files = {k: sorted(SEEDS.glob(f"{k}_*.txt")) for k in ("000", "003")} if SEEDS.is_dir() else {}
    if not files or not all(files.values()):
        return None
    old, new = (files[k][0].read_text(encoding="utf-8") for k in ("000", "003"))
    parts = urlsplit(url)
    times = []
    for k in range(repeats):
        # trailing blank lines make each pair new to the server (no kept diff is reused)
        form = urlencode({"old_text": old, "new_text": new + "\n" * (k + 1)}).encode("utf-8")
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        start = time.perf_counter()
        conn.request("POST", "/compare", body=form, headers={"content-type": "application/x-www-form-urlencoded"})
        r = conn.getresponse()
        r.read()
        assert r.status == 303, r.status
        conn.request("GET", r.getheader("location"))
        page = conn.getresponse()
        text = page.read()
        times.append(time.perf_counter() - start)
        assert page.status == 200 and b'id="summary"' in text
        conn.close()
    return times


def report(result: Load, seeds: list[float] | None, command: str) -> str:
    import communique

    cpu = os.cpu_count()
    lines = [
        "# Web application load (bench/web.py)",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {cpu} CPUs, {platform.machine()}, Linux {platform.release()}; Python {platform.python_version()}",
        f"- communique {communique.__version__}; server: `communique serve` (uvicorn, one process, "
        "parse/diff in worker threads)",
        f"- command: `{command}`",
        "",
        f"`POST /api/diff` of two {result.clauses}-clause statements ({result.lang}, "
        f"{result.body_bytes / 1024:.0f} KB JSON body, ~10 % edits), {result.clients} concurrent clients on "
        "loopback, keep-alive connections; latency from sending the request to the last byte of the answer.",
        "",
        "| requests | clients | errors | median latency | p90 | max | throughput | wall time |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| {len(result.latencies)} / {result.requests} | {result.clients} | {len(result.errors)} | "
        f"{result.median_ms:.0f} ms | {result.p90_ms:.0f} ms | {result.max_ms:.0f} ms | "
        f"{result.throughput:.1f} diffs/s | {result.wall:.1f} s |",
        "",
    ]
    if seeds:
        lines += [
            "Acceptance path: the compare form posted with seeds 000 and 003 (from ../shared/seeds or "
            "$COMMUNIQUE_SEEDS; urlencoded, as the browser "
            "sends it), the redirect followed, the report page read to its last byte (one client, "
            f"{len(seeds)} runs, each pair new to the server: parse, diff and render every time):",
            "",
            "| median | min | max |",
            "| --- | --- | --- |",
            f"| {statistics.median(seeds) * 1000:.0f} ms | {min(seeds) * 1000:.0f} ms | {max(seeds) * 1000:.0f} ms |",
            "",
        ]
    lines += ["With two cores and one server process, the diffs share the GIL: the median latency is about "
              "the clients' count times one diff's time; throughput, not latency, is what more clients cannot "
              "raise.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--clauses", type=int, default=100)
    ap.add_argument("--lang", default="ar", choices=("ar", "en"))
    ap.add_argument("--deadline", type=float, default=600.0, help="stop issuing requests after this many seconds")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-web.md"), help="file to write, - for stdout only")
    args = ap.parse_args(argv)
    from communique.web.testing import LocalServer

    with LocalServer("--workers", str(max(args.clients, 4))) as server:
        result = load(server.url, args.requests, args.clients, args.clauses, args.lang, args.deadline)
        seeds = compare_seeds(server.url)
        alive = server.alive()
    command = "python -m bench.web " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(result, seeds, command.strip())
    print(text)
    if result.errors:
        print("errors:", *result.errors[:10], sep="\n  ", file=sys.stderr)
    if args.out != "-":
        Path(args.out).write_text(text, encoding="utf-8")
    return 0 if not result.errors and alive and len(result.latencies) == args.requests else 1


if __name__ == "__main__":
    raise SystemExit(main())
