"""Typer's reading of the parameters of ``parse``, ``diff`` and ``history``, for the
quick path (``quick.py``).  Written by ``python -m communique.cli.quick --write`` from
``commands.py``; ``tests/test_cli_quick.py`` fails when it is out of date.
"""
# ruff: noqa: E501

from typing import Any

COMMANDS: dict[str, tuple[dict[str, Any], ...]] = {
    "parse": (
        {"name": "files", "kind": "argument", "type": "str", "nargs": -1, "required": True, "default": None},
        {"name": "fmt", "kind": "option", "type": "str", "opts": ("--format", "-f"), "off": (), "nargs": 1, "required": False, "default": "tree"},
        {"name": "color", "kind": "option", "type": "choice", "opts": ("--color",), "off": (), "nargs": 1, "required": False, "default": "auto", "choices": ("auto", "always", "never")},
        {"name": "width", "kind": "option", "type": "int", "opts": ("--width",), "off": (), "nargs": 1, "required": False, "default": 0, "min": 0, "max": None},
        {"name": "max_bytes", "kind": "option", "type": "int", "opts": ("--max-bytes",), "off": (), "nargs": 1, "required": False, "default": 20971520, "min": 1, "max": None},
        {"name": "timeout", "kind": "option", "type": "float", "opts": ("--timeout",), "off": (), "nargs": 1, "required": False, "default": 20.0, "min": 0.1, "max": None},
        {"name": "output", "kind": "option", "type": "path", "opts": ("--output", "-o"), "off": (), "nargs": 1, "required": False, "default": None},
    ),
    "diff": (
        {"name": "old", "kind": "argument", "type": "str", "nargs": 1, "required": True, "default": None},
        {"name": "new", "kind": "argument", "type": "str", "nargs": 1, "required": False, "default": None},
        {"name": "fmt", "kind": "option", "type": "str", "opts": ("--format", "-f"), "off": (), "nargs": 1, "required": False, "default": None},
        {"name": "ignore", "kind": "option", "type": "str", "opts": ("--ignore",), "off": (), "nargs": 1, "required": False, "default": None},
        {"name": "strict", "kind": "option", "type": "flag", "opts": ("--strict",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "threshold", "kind": "option", "type": "float", "opts": ("--threshold",), "off": (), "nargs": 1, "required": False, "default": None, "min": 0.0, "max": 1.0},
        {"name": "ignore_meta", "kind": "option", "type": "flag", "opts": ("--ignore-meta",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "summary", "kind": "option", "type": "flag", "opts": ("--summary",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "quiet", "kind": "option", "type": "flag", "opts": ("--quiet", "-q"), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "context", "kind": "option", "type": "flag", "opts": ("--context",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "tracked", "kind": "option", "type": "flag", "opts": ("--tracked-changes",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "cross_language", "kind": "option", "type": "flag", "opts": ("--cross-language",), "off": ("--same-language",), "nargs": 1, "required": False, "default": None},
        {"name": "semantic", "kind": "option", "type": "flag", "opts": ("--semantic",), "off": ("--no-semantic",), "nargs": 1, "required": False, "default": None},
        {"name": "color", "kind": "option", "type": "choice", "opts": ("--color",), "off": (), "nargs": 1, "required": False, "default": "auto", "choices": ("auto", "always", "never")},
        {"name": "width", "kind": "option", "type": "int", "opts": ("--width",), "off": (), "nargs": 1, "required": False, "default": 0, "min": 0, "max": None},
        {"name": "max_bytes", "kind": "option", "type": "int", "opts": ("--max-bytes",), "off": (), "nargs": 1, "required": False, "default": 20971520, "min": 1, "max": None},
        {"name": "timeout", "kind": "option", "type": "float", "opts": ("--timeout",), "off": (), "nargs": 1, "required": False, "default": 20.0, "min": 0.1, "max": None},
        {"name": "output", "kind": "option", "type": "path", "opts": ("--output", "-o"), "off": (), "nargs": 1, "required": False, "default": None},
    ),
    "history": (
        {"name": "files", "kind": "argument", "type": "str", "nargs": -1, "required": True, "default": None},
        {"name": "fmt", "kind": "option", "type": "str", "opts": ("--format", "-f"), "off": (), "nargs": 1, "required": False, "default": "terminal"},
        {"name": "order", "kind": "option", "type": "choice", "opts": ("--order",), "off": (), "nargs": 1, "required": False, "default": "given", "choices": ("given", "round", "date")},
        {"name": "since", "kind": "option", "type": "str", "opts": ("--since",), "off": (), "nargs": 1, "required": False, "default": None},
        {"name": "between", "kind": "option", "type": "pair", "opts": ("--between",), "off": (), "nargs": 2, "required": False, "default": None},
        {"name": "ignore", "kind": "option", "type": "str", "opts": ("--ignore",), "off": (), "nargs": 1, "required": False, "default": None},
        {"name": "strict", "kind": "option", "type": "flag", "opts": ("--strict",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "threshold", "kind": "option", "type": "float", "opts": ("--threshold",), "off": (), "nargs": 1, "required": False, "default": None, "min": 0.0, "max": 1.0},
        {"name": "ignore_meta", "kind": "option", "type": "flag", "opts": ("--ignore-meta",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "summary", "kind": "option", "type": "flag", "opts": ("--summary",), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "quiet", "kind": "option", "type": "flag", "opts": ("--quiet", "-q"), "off": (), "nargs": 1, "required": False, "default": False},
        {"name": "color", "kind": "option", "type": "choice", "opts": ("--color",), "off": (), "nargs": 1, "required": False, "default": "auto", "choices": ("auto", "always", "never")},
        {"name": "width", "kind": "option", "type": "int", "opts": ("--width",), "off": (), "nargs": 1, "required": False, "default": 0, "min": 0, "max": None},
        {"name": "max_bytes", "kind": "option", "type": "int", "opts": ("--max-bytes",), "off": (), "nargs": 1, "required": False, "default": 20971520, "min": 1, "max": None},
        {"name": "timeout", "kind": "option", "type": "float", "opts": ("--timeout",), "off": (), "nargs": 1, "required": False, "default": 20.0, "min": 0.1, "max": None},
        {"name": "output", "kind": "option", "type": "path", "opts": ("--output", "-o"), "off": (), "nargs": 1, "required": False, "default": None},
    ),
}
