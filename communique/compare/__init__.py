"""Compare: clause alignment (``align``), diff assembly and metadata changes
(``diff``), word changes (``words``), cosmetic differences (``cosmetic``)
and lineages through many rounds (``lineage``).  Takes documents, gives the
diff and history models."""

from .diff import diff_documents
from .lineage import build_history

__all__ = ["build_history", "diff_documents"]
