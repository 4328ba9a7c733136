"""Numbering: which marker candidates are really clause numbers.

Candidates are grouped by *family* (``1- 2- 3-`` is one family, ``(a) (b)``
another) into *chains* of consecutive values.  Which family carries the
statement is decided in ``layout.py``.  Inside a clause the highest-ranked
family with a chain that starts at the first value gives its sub-clauses
(sections above numbers above letters above roman numerals above bullets).
A candidate that fits no chain stays text, so a line
``10 - 20 كم`` in the middle of clause 3 cannot become clause 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from ..model import ParseWarning
from .units import Context

# Lower rank = higher in the hierarchy.
FAMILY_RANK = {
    "ordinal": 0, "arabic-section": 1, "roman-upper": 1, "latin-upper": 2, "num": 3, "op": 3, "pp": 3,
    "dotted": 4, "arabic-abjad": 5, "arabic-hijai": 5, "latin-lower": 6, "roman-lower": 7,
    "bullet": 8,
}
MAX_GAP = 2  # a clause number may skip this many values (with a warning)

@dataclass(slots=True)
class Pick:
    """A chosen marker: the unit, the family it was read in, its value."""

    unit: int
    family: tuple
    value: int | None
    style: str


def chains(items: list[tuple[int, int | None, bool]], bullet: bool) -> list[list[tuple[int, int | None]]]:
    """Group ``(unit, value, weak)`` items of one family into runs of
    consecutive values (a gap of up to MAX_GAP values, or a repeat, still
    continues a run; a weak candidate only continues a run at exactly the next
    value).  One pass with a map from a run's last value to the run."""
    if bullet:
        return [[(unit, value) for unit, value, _ in items]] if items else []
    runs: list[list[tuple[int, int | None]]] = []
    by_last: dict[int, list[tuple[int, int | None]]] = {}
    for unit, value, weak in items:
        # Only a bullet reading has no value (the grammar's LABEL always has
        # digits, its ROMAN only well-formed numerals), and bullets went above.
        assert value is not None, f"unit {unit}: a numbered reading without a value"
        run = None
        tries = (value - 1,) if weak else (value - 1, *(value - 1 - g for g in range(1, MAX_GAP + 1)), value)
        for prev in tries:
            run = by_last.get(prev)
            if run is not None:
                del by_last[prev]
                break
        if run is None:
            if weak:
                continue
            run = []
            runs.append(run)
        run.append((unit, value))
        other = by_last.get(value)
        if other is None or len(other) <= len(run):
            by_last[value] = run
    return runs


def family_chains(ctx: Context, unit_ids: list[int], exclude: frozenset) -> dict[tuple, list]:
    by_family: dict[tuple, list[tuple[int, int | None, str, bool]]] = {}
    for i in unit_ids:
        cand = ctx.units[i].candidate
        if cand is None or ctx.feats[i].furniture is not None:
            continue
        for (family, value), style in zip(cand.readings, cand.styles, strict=True):
            if family[0] not in exclude:
                by_family.setdefault(family, []).append((i, value, style, cand.weak))
    out = {}
    for family, items in by_family.items():
        styles = {i: s for i, _, s, _ in items}
        runs = chains([(i, v, weak) for i, v, _, weak in items], family[0] == "bullet")
        out[family] = [[Pick(i, family, v, styles[i]) for i, v in run] for run in runs]
    return out


def choose(chains: dict[tuple, list], min_len: int, first_value: bool,
           parent_value: int | None = None, carry: dict[tuple, int] | None = None,
           lost_first: bool = False) -> list[list[Pick]]:
    """The runs of the highest-ranked family that make a list: its earliest
    run that may open the list (ties: the longer), then every later run of
    the same family that starts again at 1 or goes on with the numbering.

    With ``first_value`` the opening run must start at the first value, or
    (``carry``: the last sub-clause value of the previous sibling, by
    family) go on with the numbering of the previous section's sub-clauses
    (``ألف - 1- 2- باء - 3- 4-``), or (``lost_first``: the body opens with
    an unlabelled paragraph) start at the second value.

    The earliest run wins, not the longest: a list starts where its first
    item is, and later runs (a list under a parent whose own marker the
    source lost) are taken as runs of their own, so one lost marker cannot
    make a longer run elsewhere in the body win and turn every item before
    it into text.
    """
    best: tuple | None = None
    for family, runs in chains.items():
        if family[0] == "dotted" and parent_value is not None and family[1][-1:] != (parent_value,):
            continue
        for run in runs:
            need = 3 if family[0] == "bullet" and not first_value else min_len
            if family[0] == "dotted" and parent_value is not None:
                need = 1
            continues = (first_value and carry is not None and family in carry
                         and run[0].value == carry[family] + 1)
            if continues:
                need = 1
            if len(run) < need:
                continue
            if (first_value and run[0].value not in (None, 1) and not continues
                    and not (lost_first and run[0].value == 2 and len(run) >= 2)):
                continue
            key = (FAMILY_RANK.get(family[0], 9), run[0].unit, -len(run))
            if best is None or key < best[0]:
                best = (key, run)
    if best is None:
        return []
    first = best[1]
    out = [first]
    for run in sorted(chains[first[0].family], key=lambda r: r[0].unit):
        last = out[-1][-1]
        if run[0].unit <= last.unit:
            continue
        restarts = run[0].value == 1 and len(run) >= 2
        goes_on = run[0].value is not None and last.value is not None and run[0].value == last.value + 1
        if restarts or goes_on:
            out.append(run)
    return out


def check_sequence(ctx: Context, run: list[Pick]) -> None:
    for prev, pick in pairwise(run):
        if pick.value is None or prev.value is None or pick.family != prev.family:
            continue
        cand = ctx.units[pick.unit].candidate
        assert cand is not None, "a pick is only ever made from a unit's candidate"
        span = (cand.start, cand.end)
        if pick.value == prev.value:
            ctx.warnings.append(ParseWarning("numbering-repeat", f"clause number {pick.value} repeats", span))
        elif pick.value != prev.value + 1:
            ctx.warnings.append(ParseWarning(
                "numbering-gap", f"clause {pick.value} follows clause {prev.value}", span))


