"""The diff options of the web application, by the CLI's names.

``ignore`` (a comma list, or a list, of normalization rules), ``strict``
(bool), ``threshold`` (0..1) and ``cross_language`` (bool: true forces the
reading as an original and its translation; left out, the languages
decide); ``format`` for the API (the output
format, ``json`` by default).  They come as a JSON object (the API), or as
form fields and URL query parameters (the pages: ``ignore`` may repeat).
Anything else is an :class:`communique.OptionError`, one line, which the
app answers with 422.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import OptionError
from ..model import Profile
from ..model.profile import RULES

TRUE = frozenset({"1", "true", "on", "yes"})
FALSE = frozenset({"", "0", "false", "off", "no"})


def names() -> tuple[str, ...]:
    return ("ignore", "strict", "threshold", "cross_language")


@dataclass(frozen=True, slots=True)
class DiffOptions:
    ignore: tuple[str, ...] = ()
    strict: bool = False
    threshold: float | None = None
    cross_language: bool = False

    def profile(self) -> Profile:
        profile = Profile.strict() if self.strict else Profile()
        return profile.ignoring(*self.ignore) if self.ignore else profile

    def diff_kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"profile": self.profile(), "threshold": self.threshold}
        if self.cross_language:
            out["cross_language"] = True
        return out

    def query(self) -> list[tuple[str, str]]:
        """The options as URL query pairs (the defaults left out)."""
        out: list[tuple[str, str]] = []
        if self.ignore:
            out.append(("ignore", ",".join(self.ignore)))
        if self.strict:
            out.append(("strict", "1"))
        if self.threshold is not None:
            out.append(("threshold", f"{self.threshold:g}"))
        if self.cross_language:
            out.append(("cross_language", "1"))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"ignore": list(self.ignore), "strict": self.strict, "threshold": self.threshold,
                "cross_language": self.cross_language}


def _rules(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = [v.strip() for part in value for v in part.split(",")]
    else:
        raise OptionError("option 'ignore' takes a comma-separated string or a list of rule names")
    rules = tuple(dict.fromkeys(r for r in items if r))
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise OptionError(f"unknown normalization rule(s) in 'ignore': {', '.join(unknown)}; "
                          f"choose from {', '.join(RULES)}")
    return rules


def _threshold(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise OptionError(f"option 'threshold' takes a number from 0 to 1, not {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0.0 <= value <= 1.0:
        raise OptionError(f"option 'threshold' takes a number from 0 to 1, not {value!r}")
    return float(value)


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE | FALSE:
        return value.strip().lower() in TRUE
    raise OptionError(f"option {name!r} takes true or false, not {value!r}")


def from_mapping(data: Mapping[str, Any], extra: Iterable[str] = ()) -> tuple[DiffOptions, dict[str, Any]]:
    """Options from a JSON object; the names in ``extra`` (``format`` …) are
    returned beside them, anything else is an :class:`OptionError`."""
    if not isinstance(data, Mapping):
        raise OptionError("'options' must be a JSON object")
    allowed = set(names()) | set(extra)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise OptionError(f"unknown option(s) {', '.join(map(repr, unknown))}; the options are "
                          f"{', '.join(sorted(allowed))}")
    opts = DiffOptions(
        ignore=_rules(data["ignore"]) if data.get("ignore") is not None else (),
        strict=_flag("strict", data["strict"]) if data.get("strict") is not None else False,
        threshold=_threshold(data.get("threshold")),
        cross_language=_flag("cross_language", data["cross_language"])
        if data.get("cross_language") is not None else False,
    )
    return opts, {k: data[k] for k in extra if k in data}


def from_pairs(pairs: Iterable[tuple[str, str]], extra: Iterable[str] = (),
               ignored: Iterable[str] = ()) -> tuple[DiffOptions, dict[str, str]]:
    """Options from form fields or query parameters (``ignore`` may repeat);
    the names in ``ignored`` are skipped, those in ``extra`` returned beside."""
    skip = set(ignored)
    extra = set(extra)
    data: dict[str, Any] = {}
    rules: list[str] = []
    others: dict[str, str] = {}
    for key, value in pairs:
        if key in skip:
            continue
        if key == "ignore":
            rules.append(value)
        elif key in extra:
            others[key] = value
        elif key in data:
            raise OptionError(f"option {key!r} is given twice")
        else:
            data[key] = value
    if rules:
        data["ignore"] = rules
    opts, _ = from_mapping(data)
    return opts, others
