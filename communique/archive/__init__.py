"""The archive: many statements in one SQLite file, with series, reuse
detection (MinHash/LSH), clusters of reused clauses, full-text search, and
Dask scale-out.  ``from communique.archive import Archive``."""

from .archive import AddReport, Archive, SeriesInfo

__all__ = ["AddReport", "Archive", "SeriesInfo"]
