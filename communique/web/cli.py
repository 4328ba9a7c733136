"""``communique serve``: the typer command.  The lead's CLI mounts it with
``app.command()(serve)``; ``python -m communique.web`` runs it alone.

Importing this module imports typer only; starlette and uvicorn are
imported when the command runs.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

TOKEN_ENV = "COMMUNIQUE_TOKEN"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"communique: {message}", err=True)
    return typer.Exit(2)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[Path | None, typer.Option(
        "--db", help="An archive to browse (its series, histories, genealogies, reuse and full-text search).",
        show_default=False)] = None,
    host: Annotated[str, typer.Option(
        help="Address to listen on. Anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).", min=0, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar=TOKEN_ENV, show_envvar=True, show_default=False,
        help="A secret every request must carry (Authorization: Bearer, or ?token= once in the browser). "
        "Required with a --host other than loopback; 'generate' makes one.")] = None,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", min=1024, help="Refuse requests (uploads, pastes, API bodies) larger than this.")]
    = 10 * 1024 * 1024,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, help="Seconds of parsing and diffing allowed for one request.")] = 30.0,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=64, help="Requests parsed or diffed at once (threads).")] = 4,
) -> None:
    """Serve the web application: compare statements in a browser, browse an archive, use the JSON API.

    Open the address it prints; paste or upload two rounds and press Compare.
    The API is described at /openapi.json.

    Example: communique serve --port 8000   (then open http://127.0.0.1:8000/)

    Example: communique serve --db archive/ --host 0.0.0.0 --token generate
    """
    if token == "generate":
        token = secrets.token_urlsafe(24)
    if token is not None and len(token) < 8:
        raise _fail("the token must be at least 8 characters long")
    if not is_loopback(host) and not token:
        raise _fail(f"--host {host} serves other machines: give --token SECRET (or set {TOKEN_ENV}); "
                    "--token generate makes one")
    try:
        import uvicorn

        from .app import Settings, create_app
        from .guard import LOOPBACK
    except ImportError as exc:
        raise _fail(f"the web application needs {exc.name}, a dependency of communique: reinstall it "
                    "(pip install communique)") from None
    archive = None
    if db is not None:
        from .archive import open_archive

        try:
            archive = open_archive(db)
        except (ValueError, OSError) as exc:
            raise _fail(f"--db {db}: {exc}") from None
        except Exception as exc:  # the archive's own error: one line
            raise _fail(f"--db {db}: cannot open ({type(exc).__name__}: {exc})") from None
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    bound = sock.getsockname()[1]
    hosts = frozenset(LOOPBACK | {host.lower()})
    settings = Settings(max_bytes=max_bytes, timeout=timeout, token=token, hosts=hosts, workers=workers)
    app = create_app(settings, archive)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    address = f"http://{shown}:{bound}/"
    typer.echo(f"communique serve: listening on {address}" + (f"?token={token}" if token else "")
               + "  (Ctrl-C stops)")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level=os.environ.get("COMMUNIQUE_LOG", "warning"), access_log=False,
                            timeout_graceful_shutdown=3, server_header=False, limit_concurrency=256,
                            h11_max_incomplete_event_size=64 * 1024)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def main() -> None:
    """``python -m communique.web``: the command on its own."""
    app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
    app.command()(serve)
    app()
