"""A module imported on first use.

Every built-in reader is offered every input (to sniff it), so each reader
module is imported to read even a plain-text file; the libraries that only
extraction needs (lxml, zipfile, ctypes, statistics) are therefore bound
through :class:`LazyModule` and imported when a reader first uses them,
which keeps them off the start-up of ``communique diff a.txt b.txt``.
Type checkers see the real modules (``if TYPE_CHECKING: import …``).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module ``name`` and imports it on the first attribute
    look-up; the module's names are then copied here, so later look-ups are
    plain attribute reads."""

    def __init__(self, name: str) -> None:
        self.__dict__["_lazy_name"] = name

    def __getattr__(self, attribute: str) -> Any:
        module: ModuleType = import_module(self.__dict__["_lazy_name"])
        self.__dict__.update(vars(module))
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self.__dict__['_lazy_name']!r}>"
