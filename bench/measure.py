"""How the targets are timed: whole processes with their CPU time and peak
RSS, on a pipe or on a pseudo-terminal, and in-process calls in a forked
child with a cap.

Every figure is the *best* of several runs (the machine has two cores and is
shared: the least disturbed run is the one closest to what the code costs);
the CPU time of that run is kept beside it, since a neighbour's load
inflates wall time more than CPU time.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import alternatives as alts

ROOT = Path(__file__).resolve().parents[1]
TTY_SIZE = (40, 120)  # rows, columns of the pseudo-terminal: the terminal renderer reads its width


@dataclass
class ProcRun:
    """One whole process: wall seconds, CPU seconds (user + system), peak RSS
    in bytes, exit status, what it wrote, and ``status`` ("ok", "timeout",
    "error: …")."""

    wall: float
    cpu: float
    max_rss: int
    returncode: int | None
    stdout: bytes
    stderr: bytes
    status: str = "ok"


def pycache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "communique-bench" / "pycache"


PROBE_STEPS = 1_000_000
PROBE_SECONDS = 1.0


def speed_probe() -> float:
    """Seconds of a fixed pure-Python loop, the best of those run in
    PROBE_SECONDS, taken at the start and the end of a run.  This host's
    speed drifts by half within minutes (the same code's figures with it),
    and the first loops after a pause run slower still (143, 102, then 59 ms
    a loop here): the best of a second of them is the speed the machine had
    to give, which says how to read the run's absolute figures."""
    best = float("inf")
    until = time.perf_counter() + PROBE_SECONDS
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        i = 0
        while i < PROBE_STEPS:
            i += 1
        best = min(best, time.perf_counter() - t0)
    return best


def bench_env() -> dict[str, str]:
    """The environment of every child process: this checkout first on the
    path (so the communique being measured is this worktree's), UTF-8, and
    bytecode cached.

    An installed package has its modules compiled (pip writes the .pyc
    files); a checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every
    module from source in every process, which added about a fifth to the
    CPU time of a small ``communique diff`` here.  So the children keep
    bytecode, in a cache directory outside the checkout (PYTHONPYCACHEPREFIX),
    filled by the untimed first run of each measurement."""
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache_dir())
    return env


def communique_command() -> list[str]:
    """``python -m communique`` when the package has a ``__main__``, else the
    same entry point spelled out (``sys.exit(communique.cli.main())``, what
    the console script runs)."""
    import communique

    if Path(communique.__file__).with_name("__main__.py").exists():
        return [sys.executable, "-m", "communique"]
    return [sys.executable, "-c", "import sys; from communique.cli import main; sys.exit(main())"]


def console_script() -> list[str] | None:
    """The installed ``communique`` console script beside this interpreter (or
    on PATH), if there is one."""
    beside = Path(sys.executable).with_name("communique")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("communique")
    return [found] if found else None


def _drain(fd: int, sink: list[bytes]) -> None:
    """Read ``fd`` to its end (EOF on a pipe, EIO on a pty whose child closed it)."""
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        sink.append(chunk)


def run_process(argv: list[str], cap: float, tty: bool = False, env: dict[str, str] | None = None) -> ProcRun:
    """Run ``argv`` once with standard output on a pipe (or, with ``tty``, on
    a pseudo-terminal of TTY_SIZE), stopping it after ``cap`` seconds.

    The child is reaped with ``os.wait4``, which hands back its resource use:
    CPU time and ``ru_maxrss`` (peak resident set, KiB on Linux), also for a
    child killed at the cap (its peak so far)."""
    env = env or bench_env()
    out: list[bytes] = []
    err: list[bytes] = []
    if tty:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TTY_SIZE, 0, 0))
        stdout: Any = slave
    else:
        master = slave = -1
        stdout = subprocess.PIPE
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, env=env)
    if tty:
        os.close(slave)  # the child holds its copy: EOF (EIO) when it exits
        out_fd = master
    else:
        assert proc.stdout is not None
        out_fd = proc.stdout.fileno()
    assert proc.stderr is not None
    readers = [threading.Thread(target=_drain, args=(out_fd, out), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr.fileno(), err), daemon=True)]
    for r in readers:
        r.start()
    reaped: dict[str, Any] = {}

    def reap() -> None:
        _, status, usage = os.wait4(proc.pid, 0)
        reaped.update(wall=time.perf_counter() - t0, status=status, usage=usage)

    waiter = threading.Thread(target=reap, daemon=True)
    waiter.start()
    waiter.join(cap)
    state = "ok"
    if waiter.is_alive():
        state = "timeout"
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        waiter.join()
    for r in readers:
        r.join(5)
    if tty:
        os.close(master)
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
    code = os.waitstatus_to_exitcode(reaped["status"])
    proc.returncode = code  # reaped here, so Popen must not wait for it again
    usage = reaped["usage"]
    run = ProcRun(cap if state == "timeout" else reaped["wall"], usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss * 1024, code, b"".join(out), b"".join(err), state)
    if state == "ok" and code not in (0, 1):
        run.status = f"error: exit {code}: {run.stderr.decode(errors='replace').strip()[-300:]}"
    return run


@dataclass
class Best:
    """The best of several runs (wall), the CPU time of the runs, how many."""

    wall: float | None
    cpu: float | None
    runs: int
    status: str = "ok"
    max_rss: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def best_process(argv: list[str], reps: int, cap: float, tty: bool = False, warm: bool = True,
                 budget: float = 60.0, env: dict[str, str] | None = None) -> tuple[Best, ProcRun | None]:
    """Best wall time of ``reps`` runs of a whole process (after one untimed
    run that fills the parser cache and the page cache, as any second use
    would find them); stops repeating after ``budget`` seconds.  Peak RSS is
    the largest over the runs."""
    if warm:
        first = run_process(argv, cap, tty, env)
        if first.status != "ok":
            return Best(None, None, 0, first.status, first.max_rss), first
    walls: list[float] = []
    cpus: list[float] = []
    rss = 0
    last = None
    for _ in range(max(1, reps)):
        last = run_process(argv, cap, tty, env)
        rss = max(rss, last.max_rss)
        if last.status != "ok":
            return Best(None, None, len(walls), last.status, rss), last
        walls.append(last.wall)
        cpus.append(last.cpu)
        if sum(walls) > budget:
            break
    return Best(min(walls), min(cpus), len(walls), "ok", rss), last


def best_call(fn: Callable[[], Any], reps: int, budget: float = 60.0, warm: bool = True) -> tuple[Best, Any]:
    """Best wall time of ``reps`` calls of ``fn`` in this process (after one
    untimed warm-up call), with the CPU time of the best run; stops
    repeating once the runs took ``budget`` seconds."""
    result = fn() if warm else None
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(max(1, reps)):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        if sum(walls) > budget:
            break
    return Best(min(walls), min(cpus), len(walls)), result


def in_child(fn: Callable[[], Any], cap: float) -> Any:
    """``fn()`` in a forked child, at most ``cap`` seconds: its value, or
    ``"timeout"`` / ``"error: …"``."""
    _, value = alts._capped(lambda _: (0.0, fn()), None, cap)
    return value
