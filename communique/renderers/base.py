"""What a renderer is: a name, what it renders, the options it takes.

Renderers are plug-ins over the model: they take a :class:`Document`,
:class:`Diff` or :class:`History` and return text.  They never parse, never
compare text, never detect metadata: everything they show is in the model
(and in the shared view-model of ``view.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from ..errors import OptionError
from ..model import Diff, Document, History

Kind = Literal["document", "diff", "history"]
Renderable = Document | Diff | History


def kind_of(obj: object) -> Kind:
    if isinstance(obj, Document):
        return "document"
    if isinstance(obj, Diff):
        return "diff"
    if isinstance(obj, History):
        return "history"
    raise OptionError(f"cannot render a {type(obj).__name__}; render a Document, Diff or History")


@dataclass(frozen=True, slots=True)
class Option:
    """One renderer option: its type (``bool``, ``int``, ``str``), default and help."""

    type: type
    default: Any
    help: str


@runtime_checkable
class Renderer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def kinds(self) -> frozenset[Kind]: ...

    @property
    def options(self) -> Mapping[str, Option]: ...

    def render(self, obj: Renderable, **options: Any) -> str: ...


@dataclass(frozen=True)
class FormatRenderer:
    """A renderer made of one function per kind it renders."""

    name: str
    description: str
    document: Callable[..., str] | None = None
    diff: Callable[..., str] | None = None
    history: Callable[..., str] | None = None
    options: Mapping[str, Option] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[Kind]:
        found: list[Kind] = ["document"] if self.document else []
        found += ["diff"] if self.diff else []
        found += ["history"] if self.history else []
        return frozenset(found)

    def render(self, obj: Renderable, **options: Any) -> str:
        kind = kind_of(obj)
        fn = {"document": self.document, "diff": self.diff, "history": self.history}[kind]
        if fn is None:
            raise OptionError(f"format {self.name!r} does not render a {kind}")
        return fn(obj, **check_options(self, options))


def check_options(renderer: Renderer, options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` with defaults filled in; an unknown option or a value of
    the wrong type is an :class:`OptionError`, never silently dropped."""
    unknown = sorted(set(options) - set(renderer.options))
    if unknown:
        known = ", ".join(sorted(renderer.options)) or "none"
        raise OptionError(f"format {renderer.name!r} takes no option {', '.join(map(repr, unknown))} "
                          f"(its options: {known})")
    out = {name: opt.default for name, opt in renderer.options.items()}
    for name, value in options.items():
        want = renderer.options[name].type
        if (value is not None and not isinstance(value, want)) or (want is int and isinstance(value, bool)):
            raise OptionError(f"option {name!r} of format {renderer.name!r} takes a {want.__name__}, "
                              f"not {type(value).__name__}")
        out[name] = value
    return out
