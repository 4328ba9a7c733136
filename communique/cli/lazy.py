"""Commands loaded when they are named, and shell completion for a named shell.

``communique serve`` (communique/web/cli.py) and ``communique archive …``
(communique/archive/cli.py) are mounted here without being imported: the
group lists them, and imports one only when it is run, completed or its
help is shown (``communique --help`` lists the short help of each, so it
imports them; ``communique diff`` never does).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True, slots=True)
class Lazy:
    """A command loaded when named: a typer command function or sub-app in
    ``module``; ``summary`` is its line in ``communique --help`` (None: the
    function's docstring gives it), so that listing loads none of them."""

    module: str
    attribute: str
    summary: str | None = None


LAZY: dict[str, Lazy] = {
    "parse": Lazy("communique.cli.commands", "parse"),
    "diff": Lazy("communique.cli.commands", "diff"),
    "history": Lazy("communique.cli.commands", "history"),
    "serve": Lazy("communique.web.cli", "serve", "Serve the web application: compare statements in a browser, "
                  "browse an archive, use the JSON API."),
    "archive": Lazy("communique.archive.cli", "archive_app", "Keep many statements in one archive (SQLite): series, "
                    "reuse of formulae, clusters, full-text search."),
}
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
# An example for the help of a mounted group whose own help has none (every --help has one).
EXAMPLES = {"archive": "communique archive add samples/en/ samples/ar/ --db statements.db"}


class LazyGroup(TyperGroup):
    """A typer group whose commands are the :data:`LAZY` ones, each
    imported and converted by typer when it is named."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in LAZY if name not in self.commands)]

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is not None or name not in LAZY:
            return command
        spec = LAZY[name]
        target = getattr(import_module(spec.module), spec.attribute)
        if isinstance(target, typer.Typer):
            command = typer.main.get_group(target)
        else:
            single = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
            mine = mine_module(spec)
            single.command(name=name, cls=Command if mine else None, no_args_is_help=mine)(target)
            command = typer.main.get_command(single)
        command.name = name
        if not mine_module(spec):
            word_placeholders(command)
        if name in EXAMPLES and "Example:" not in (command.help or ""):
            command.help = f"{command.help or ''}\n\nExample: {EXAMPLES[name]}"
        self.commands[name] = command
        return command

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:  # typer's completion flags detect the shell; main() also takes one named
            if "--install-completion" in param.opts:
                param.help = "Install completion for the current shell (or: --install-completion bash|zsh|fish)."
            elif "--show-completion" in param.opts:
                param.help = "Show the completion script for the current shell (or: --show-completion bash|zsh|fish)."
        return params

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``--help``, without loading the commands."""
        rows = []
        limit = formatter.width - 6 - max(map(len, self.list_commands(ctx)))
        for name in self.list_commands(ctx):
            if name in self.commands or name not in LAZY:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, _shorten(summary(name), limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def mine_module(spec: Lazy) -> bool:
    return spec.module == __package__ + ".commands"


def summary(name: str) -> str:
    """The ``--help`` line of a lazy command."""
    spec = LAZY[name]
    if spec.summary is not None:
        return spec.summary
    doc = getattr(import_module(spec.module), spec.attribute).__doc__ or ""
    return " ".join(doc.strip().split("\n\n", 1)[0].split())


def _shorten(text: str, limit: int) -> str:
    """As click shortens a command's help: at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 3].rsplit(" ", 1)[0]
    return cut + "..."


def _plain_usage(pieces: list[str]) -> list[str]:
    return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def word_placeholders(command: Any) -> None:
    """Help that reads as words (``--db DB``, ``PATHS...``), not types
    (``--db <str>``, ``{paths}...``), for a mounted command and its
    subcommands: an option without a metavar gets its long name in
    capitals, as argparse writes it, an argument its name."""
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if param.param_type_name == "option":
            longest = max(param.opts, key=len).lstrip("-")
            param.metavar = longest.replace("-", "_").upper()
        elif param.param_type_name == "argument" and param.name:
            param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
    original = command.collect_usage_pieces
    command.collect_usage_pieces = lambda ctx: _plain_usage(original(ctx))
    for sub in getattr(command, "commands", {}).values():
        word_placeholders(sub)


class Command(TyperCommand):
    """A command whose usage line names its arguments as words (``OLD``,
    ``FILE...``): typer writes required ones in braces (``{OLD}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _plain_usage(super().collect_usage_pieces(ctx))


def completion_with_shell(args: list[str]) -> bool:
    """``communique --install-completion bash`` / ``--show-completion zsh``:
    typer's completion options detect the shell and take no value, so the
    form that names one is handled here (True when it was)."""
    if len(args) != 2 or args[0] not in ("--install-completion", "--show-completion"):
        return False
    shell = args[1]
    if shell not in SHELLS:
        typer.echo(f"communique: {args[0]} takes one of {', '.join(SHELLS)}, not {shell!r}", err=True)
        raise SystemExit(2)
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script, install

    completion_init()
    if args[0] == "--show-completion":
        typer.echo(get_completion_script(prog_name="communique", complete_var="_COMMUNIQUE_COMPLETE", shell=shell))
        return True
    shell, path = install(shell=shell, prog_name="communique", complete_var="_COMMUNIQUE_COMPLETE")
    typer.echo(f"{shell} completion installed in {path}")
    typer.echo("Completion will take effect once you restart the terminal")
    return True
