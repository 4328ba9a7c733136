"""Structure: a reader's text → the typed document tree (the grammar
runner, units, numbering chains, the tree, its frame, page furniture and
metadata).  Entry point: :func:`parse_extracted`."""

from .parse import parse_extracted

__all__ = ["parse_extracted"]
