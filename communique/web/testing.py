"""A real server in a child process, for the browser tests, the hostile
requests against uvicorn and the load benchmark: ``python -m communique.web``
on a free loopback port, stopped (by its own pid) when the block ends.

    with LocalServer(db=folder) as server:
        urllib.request.urlopen(server.url + "api/health")
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType


class LocalServer:
    def __init__(self, *args: str, db: str | os.PathLike[str] | None = None, token: str | None = None,
                 startup: float = 60.0) -> None:
        self.args = [*args]
        if db is not None:
            self.args += ["--db", os.fspath(db)]
        if token is not None:
            self.args += ["--token", token]
        self.startup = startup
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self._err = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in stop)

    def __enter__(self) -> LocalServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("COMMUNIQUE_TOKEN", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "communique.web", "--host", "127.0.0.1", "--port", "0", *self.args],
            stdout=subprocess.PIPE, stderr=self._err, text=True, env=env,
            cwd=Path(__file__).resolve().parents[2])
        assert self.proc.stdout is not None
        first: list[str] = []
        reader = threading.Thread(target=lambda: first.append(self.proc.stdout.readline()  # type: ignore[union-attr]
                                                              ), daemon=True)
        reader.start()
        reader.join(self.startup)
        line = first[0] if first else ""
        if "listening on " not in line:
            err = self.log()
            self.stop()
            raise RuntimeError(f"the server did not start: {line!r} {err[-2000:]}")
        self.url = line.split("listening on ", 1)[1].split()[0].split("?", 1)[0]
        deadline = time.monotonic() + self.startup
        while True:
            try:
                req = urllib.request.Request(self.url + "api/health")
                if "--token" in self.args:
                    req.add_header("Authorization", f"Bearer {self.args[self.args.index('--token') + 1]}")
                with urllib.request.urlopen(req, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("the server did not answer /api/health") from None
                time.sleep(0.1)
        return self

    def log(self) -> str:
        """What the server wrote on its standard error so far."""
        self._err.flush()
        self._err.seek(0)
        return self._err.read()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None

    def __del__(self) -> None:
        self._err.close()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
