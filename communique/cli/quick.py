"""The plain command lines of ``parse``, ``diff`` and ``history``, read without typer.

Typer is a fifth of the start-up of a small diff: some 22 ms to import it
(and click) and 7 ms to turn the command's annotations into its click form,
against some 120 ms for the whole process.  Most command lines are plain
(``communique diff OLD NEW -f json -o out.json``), and for those this module
gives the command function (:data:`communique.cli.run.COMMANDS`) what typer
would have given it, from :data:`communique.cli.table.COMMANDS`: typer's
own reading of each parameter (its option strings, type, range, choices,
default), written out by :func:`typer_table` and checked against typer's
live reading by ``tests/test_cli_quick.py``, which also holds the two
readings of generated command lines equal.

The rule is to read a command line only when it is sure to read it as
click does, and otherwise to return None and leave it to typer, which then
does everything (help, completion, every error message): an option it does
not know (``--help``, an abbreviation), a value that starts with ``-``, a
number it would have to think about (``+3``, ``1e3``), a value out of
range or not among the choices, a missing or surplus argument, attached
short-option values (``-fjson``), completion in progress.  A run that
returns None has read nothing and done nothing.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["read_command_line", "run_quick", "typer_table"]

_INT = re.compile(r"[0-9]{1,18}")
_FLOAT = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,18})?|\.[0-9]{1,18}")
_COMPLETE_VAR = "_COMMUNIQUE_COMPLETE"  # typer's completion asks through it


def run_quick(args: Sequence[str]) -> int | None:
    """Run the command line ``args`` (no program name) and return its exit
    status, or None when typer must read it."""
    read = read_command_line(args)
    if read is None:
        return None
    name, arguments = read
    from .run import COMMANDS

    return COMMANDS[name](**arguments)


def read_command_line(args: Sequence[str]) -> tuple[str, dict[str, Any]] | None:
    """The command named by ``args`` and its parameters by name, as typer
    would pass them to it; None when unsure (see the module's docstring)."""
    if not args or _COMPLETE_VAR in os.environ:
        return None
    from .table import COMMANDS

    spec = COMMANDS.get(args[0])
    if spec is None:
        return None
    options = {opt: param for param in spec if param["kind"] == "option" for opt in (*param["opts"], *param["off"])}
    values: dict[str, Any] = {param["name"]: param["default"] for param in spec}
    positional: list[str] = []
    rest = list(args[1:])
    rest.reverse()  # popped from the end
    only_positional = False
    while rest:
        token = rest.pop()
        if only_positional or token == "-" or not token.startswith("-"):
            positional.append(token)
            continue
        if token == "--":
            only_positional = True
            continue
        name, equals, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        param = options.get(name)
        if param is None:
            return None
        if param["type"] == "flag":
            if equals:
                return None  # click: "option does not take a value"
            values[param["name"]] = name not in param["off"]
            continue
        if equals:
            taken = [inline] if param["nargs"] == 1 else None
        elif len(rest) >= param["nargs"]:
            taken = [rest.pop() for _ in range(param["nargs"])]
        else:
            taken = None
        if taken is None or any(not value or value.startswith("-") for value in taken):
            return None
        value = _convert(param, taken)
        if value is None:
            return None
        values[param["name"]] = value
    if not _place(spec, positional, values):
        return None
    return args[0], values


def _convert(param: dict[str, Any], taken: list[str]) -> Any:
    """A value as click converts it and typer hands it on; None to refuse."""
    kind, text = param["type"], taken[0]
    if kind == "str":
        return text
    if kind == "pair":
        return tuple(taken)
    if kind == "choice":
        return text if text in param["choices"] else None
    if kind == "path":
        # click's Path checks an existing path is readable (typer's default)
        return None if os.path.exists(text) and not os.access(text, os.R_OK) else Path(text)
    if kind in ("int", "float"):
        if not (_INT if kind == "int" else _FLOAT).fullmatch(text):
            return None
        number: float = int(text) if kind == "int" else float(text)
        low, high = param["min"], param["max"]
        return None if (low is not None and number < low) or (high is not None and number > high) else number
    return None


def _place(spec: Sequence[dict[str, Any]], positional: list[str], values: dict[str, Any]) -> bool:
    """The positional arguments given to the command's arguments, as click
    does for these shapes (single ones in order, or one taking all)."""
    arguments = [param for param in spec if param["kind"] == "argument"]
    if len(arguments) == 1 and arguments[0]["nargs"] == -1:
        if arguments[0]["required"] and not positional:
            return False
        values[arguments[0]["name"]] = list(positional)
        return True
    if len(positional) > len(arguments):
        return False  # click: "Got unexpected extra argument"
    for param, value in zip(arguments, positional, strict=False):
        values[param["name"]] = value
    return all(not param["required"] for param in arguments[len(positional):])


# --------------------------------------------------------------------------- the table, from typer


class Unreadable(Exception):
    """A parameter this module does not read as click does."""


def typer_table() -> dict[str, tuple[dict[str, Any], ...]]:
    """Each command's parameters as typer reads them (what ``cli/table.py``
    holds); a command with a parameter of a kind :func:`read_command_line`
    does not read is left out, and goes to typer whatever its command line."""
    import typer
    from typer._click import Context

    from .group import app
    from .run import COMMANDS

    group: Any = typer.main.get_command(app)  # a LazyGroup
    context = Context(group)
    table = {}
    for name in COMMANDS:  # the commands the quick path can run
        command = group.get_command(context, name)
        if command is None:
            continue
        try:
            table[name] = tuple(_describe(param) for param in command.params)
        except Unreadable as exc:
            print(f"{name}: read by typer only ({exc})", file=sys.stderr)
            continue
        arguments = [p for p in table[name] if p["kind"] == "argument"]
        if any(p["nargs"] == -1 for p in arguments) and len(arguments) > 1:
            print(f"{name}: read by typer only (arguments of this shape)", file=sys.stderr)
            del table[name]
    return table


def _describe(param: Any) -> dict[str, Any]:
    if param.callback is not None or param.envvar or param.is_eager or not param.expose_value \
            or getattr(param, "multiple", False) or getattr(param, "count", False) or getattr(param, "prompt", None):
        raise Unreadable(f"{param.name}: a callback, environment variable, prompt, count or repeated option")
    kind, extra = _kind(param)
    out: dict[str, Any] = {"name": param.name, "kind": param.param_type_name, "type": kind}
    if param.param_type_name == "option":
        out["opts"] = tuple(param.opts)
        out["off"] = tuple(param.secondary_opts)
    elif param.nargs not in (1, -1):
        raise Unreadable(f"{param.name}: an argument of {param.nargs} values")
    out.update(nargs=param.nargs, required=bool(param.required), default=_default(param), **extra)
    return out


def _kind(param: Any) -> tuple[str, dict[str, Any]]:
    t = param.type
    type_name = type(t).__name__
    if getattr(param, "is_flag", False):
        if type_name != "BoolParamType" or param.param_type_name != "option":
            raise Unreadable(f"{param.name}: a flag of another type")
        return "flag", {}
    if type_name in ("IntRange", "FloatRange", "IntParamType", "FloatParamType"):
        if getattr(t, "min_open", False) or getattr(t, "max_open", False) or getattr(t, "clamp", False):
            raise Unreadable(f"{param.name}: an open or clamped range")
        bounds = {"min": getattr(t, "min", None), "max": getattr(t, "max", None)}
        return ("int" if "Int" in type_name else "float"), bounds
    if type_name in ("Choice", "TyperChoice"):
        if not t.case_sensitive:
            raise Unreadable(f"{param.name}: a choice in any case")
        return "choice", {"choices": tuple(t.choices)}
    if type_name in ("Path", "TyperPath"):
        if t.exists or not (t.file_okay and t.dir_okay) or t.writable or t.resolve_path or not t.readable:
            raise Unreadable(f"{param.name}: a path that is checked")
        return "path", {}
    if type_name == "Tuple" and param.nargs == 2 and all(type(s).__name__ == "StringParamType" for s in t.types):
        return "pair", {}
    if type_name == "StringParamType" and param.nargs in (1, -1):
        return "str", {}
    raise Unreadable(f"{param.name}: a parameter of type {type_name}")


def _default(param: Any) -> Any:
    default = param.default
    if default is not None and not isinstance(default, (str, int, float, bool)):
        raise Unreadable(f"{param.name}: a default of type {type(default).__name__}")
    return default


def _literal(value: Any) -> str:
    """Python source for a table value, in the project's quoting."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        items = ", ".join(map(_literal, value))
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def table_source() -> str:
    """The text of ``cli/table.py`` for typer's present reading."""
    lines = ['"""Typer\'s reading of the parameters of ``parse``, ``diff`` and ``history``, for the',
             "quick path (``quick.py``).  Written by ``python -m communique.cli.quick --write`` from",
             "``commands.py``; ``tests/test_cli_quick.py`` fails when it is out of date.",
             '"""',
             "# ruff: noqa: E501",
             "",
             "from typing import Any",
             "",
             "COMMANDS: dict[str, tuple[dict[str, Any], ...]] = {"]
    for name, params in typer_table().items():
        lines.append(f"    {_literal(name)}: (")
        lines += [f"        {_literal(param)}," for param in params]
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        Path(__file__).with_name("table.py").write_text(table_source(), encoding="utf-8")
    else:
        sys.stdout.write(table_source())
