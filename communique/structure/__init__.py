"""Structure: a reader's text → the typed document tree (the grammar
runner, units, numbering chains, the tree, its frame, page furniture and
metadata).  Entry point: :func:`parse_extracted`."""

from collections.abc import Sequence

from ..readers.base import use_clause_openings
from .parse import parse_extracted


def _opens_clause(lines: Sequence[str]) -> list[bool]:
    """Which lines open with a strong clause marker, as the grammar reads them."""
    from .grammar import split_lines

    parsed = split_lines("\n".join(line.replace("\n", " ") for line in lines) + "\n") if lines else []
    out = [row.candidate is not None and not row.candidate.weak for row in parsed[:len(lines)]]
    return out + [False] * (len(lines) - len(out))


use_clause_openings(_opens_clause)

__all__ = ["parse_extracted"]
