"""What the web application needs from an archive: the :class:`ArchiveLike`
protocol, and :class:`MemoryArchive`, a small implementation of it over
parsed documents (the tests' fake, and ``--db DIR`` while the real archive
is not installed).

The protocol is structural: any object with these four methods serves,
``communique.archive.Archive`` included, without importing anything from
here.  Identifiers are opaque strings to the web layer: it checks them
against :data:`ID_PATTERN` and against :meth:`ArchiveLike.series` before
asking for a history, and never turns one into a file path itself.

* ``series()`` → the series, each with ``id``, ``title`` and ``rounds`` (a
  count); optional attributes ``first`` and ``last`` (dates as text) and
  ``language`` are shown when present.
* ``history(series_id)`` → the series as a :class:`communique.History` (its
  lineage matrix and texts are the history report); ``KeyError`` (or
  ``LookupError``) for an unknown id.
* ``reuse(text)`` → clauses elsewhere in the archive with the same or
  nearly the same wording as ``text``, best first.
* ``search(query)`` → clauses whose text holds the query, best first.

A hit (:class:`HitLike`) names a clause: ``series`` (id), ``round`` (the
0-based index in that series' history), ``path``, ``text``, and optionally
``lineage`` (the lineage id in the series' history, for a link to the
clause's genealogy) and ``score`` (0..1).  An archive may also offer
``genealogy(series_id, lineage_id) -> Sequence[HitLike]`` (where else the
clause came from or went); without it the genealogy page asks ``reuse`` with
the clause's last wording.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..model import Document, History

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
"""Series and lineage ids the web layer passes on (no slash, no leading dot)."""


def valid_id(value: str) -> bool:
    return bool(ID_PATTERN.fullmatch(value)) and ".." not in value


class SeriesLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def rounds(self) -> int: ...


class HitLike(Protocol):
    @property
    def series(self) -> str: ...

    @property
    def round(self) -> int: ...

    @property
    def path(self) -> str: ...

    @property
    def text(self) -> str: ...


@runtime_checkable
class ArchiveLike(Protocol):
    def series(self) -> Sequence[SeriesLike]: ...

    def history(self, series: str) -> History: ...

    def reuse(self, text: str) -> Sequence[HitLike]: ...

    def search(self, query: str) -> Sequence[HitLike]: ...


# --------------------------------------------------------------------------- a small archive in memory


@dataclass(frozen=True, slots=True)
class Series:
    id: str
    title: str
    rounds: int
    first: str | None = None
    last: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    series: str
    round: int
    path: str
    text: str
    lineage: str | None = None
    score: float | None = None


class MemoryArchive:
    """Series of parsed rounds held in memory; histories computed once, on
    first use.  Search is a case-folded substring match; reuse ranks clauses
    by word-sequence similarity (rapidfuzz) and keeps those at 0.6 or more."""

    def __init__(self, series: Mapping[str, Sequence[Document]], labels: Mapping[str, Sequence[str]] | None = None,
                 ) -> None:
        for sid, docs in series.items():
            if not valid_id(sid):
                raise ValueError(f"series id {sid!r} is not a valid id")
            if len(docs) < 2:
                raise ValueError(f"series {sid!r} needs at least two rounds")
        self._docs = {sid: list(docs) for sid, docs in series.items()}
        self._labels = {sid: list(labels[sid]) for sid in labels} if labels else {}
        self._histories: dict[str, History] = {}

    @classmethod
    def from_directory(cls, root: str | os.PathLike[str]) -> MemoryArchive:
        """Each sub-folder of ``root`` is a series, its files (in name order) its
        rounds.  Every file is read here, once: no request opens a file."""
        import communique

        base = Path(root)
        if not base.is_dir():
            raise ValueError(f"{root}: not a folder")
        series: dict[str, list[Document]] = {}
        labels: dict[str, list[str]] = {}
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and valid_id(p.name)):
            files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            if len(files) >= 2:
                series[folder.name] = [communique.parse(p) for p in files]
                labels[folder.name] = [p.name for p in files]
        if not series:
            raise ValueError(f"{root}: no series (a sub-folder with two or more rounds)")
        return cls(series, labels)

    def series(self) -> list[Series]:
        out = []
        for sid, docs in self._docs.items():
            metas = [d.meta for d in docs]
            title = next((m.title for m in reversed(metas) if m.title), sid)
            dates = [m.date for m in metas if m.date]
            out.append(Series(sid, title, len(docs), dates[0] if dates else None, dates[-1] if dates else None,
                              metas[-1].language))
        return out

    def history(self, series: str) -> History:
        if series not in self._docs:
            raise KeyError(series)
        if series not in self._histories:
            import communique

            self._histories[series] = communique.history(self._docs[series], labels=self._labels.get(series))
        return self._histories[series]

    def _clauses(self) -> list[Hit]:
        out = []
        for sid in self._docs:
            h = self.history(sid)
            for lin in h.lineages:
                for r, cell in enumerate(lin.cells):
                    if cell is not None:
                        out.append(Hit(sid, r, ", ".join(cell.paths), cell.text, lin.id))
        return out

    def search(self, query: str) -> list[Hit]:
        q = query.casefold().strip()
        if not q:
            return []
        return [h for h in self._clauses() if q in h.text.casefold()]

    def reuse(self, text: str) -> list[Hit]:
        from rapidfuzz.distance import Indel

        words = text.split()
        if not words:
            return []
        scored = []
        for h in self._clauses():
            score = Indel.normalized_similarity(words, h.text.split())
            if score >= 0.6:
                scored.append(Hit(h.series, h.round, h.path, h.text, h.lineage, round(score, 3)))
        scored.sort(key=lambda h: -(h.score or 0))
        return scored


class StoredArchive:
    """The web application's view of a :class:`communique.archive.Archive`
    (the SQLite archive of ``communique archive add``): series ids are the
    archive's numeric ids, rounds are 0-based in series order."""

    def __init__(self, archive: Any) -> None:
        self.archive = archive
        self._rounds: dict[int, dict[int, int]] = {}  # series id → document id → round

    def series(self) -> list[Series]:
        return [Series(str(s.id), s.name, s.documents, s.first_date, s.last_date, s.language)
                for s in self.archive.series()]

    def _known(self, series: str) -> int:
        if not series.isdigit() or int(series) not in {s.id for s in self.archive.series()}:
            raise KeyError(series)
        return int(series)

    def history(self, series: str) -> History:
        return self.archive.history(self._known(series))

    def _round(self, series_id: int, doc_id: int) -> int:
        if series_id not in self._rounds:
            docs = self.archive.series_documents(series_id)
            self._rounds[series_id] = {d: k for k, (d, _) in enumerate(docs)}
        return self._rounds[series_id].get(doc_id, 0)

    def _hit(self, occurrence: Any, score: float | None = None) -> Hit:
        return Hit(str(occurrence.series_id), self._round(occurrence.series_id, occurrence.doc_id),
                   occurrence.path, occurrence.text, None, score)

    def reuse(self, text: str) -> list[Hit]:
        found = self.archive.reuse(text)
        return [self._hit(m.occurrence, round(m.similarity, 3)) for m in found.matches]

    def search(self, query: str) -> list[Hit]:
        return [self._hit(h.occurrence, round(h.rank, 3)) for h in self.archive.search(query)]


def open_archive(path: str | os.PathLike[str]) -> ArchiveLike:
    """The archive at ``path``: an archive file made by ``communique archive
    add`` (SQLite), or a folder of series (one sub-folder per series, its
    rounds in name order) read into a :class:`MemoryArchive`.  ``ValueError``
    with a one-line reason otherwise."""
    if Path(path).is_dir():
        return MemoryArchive.from_directory(path)
    from communique.archive import Archive
    from communique.errors import CommuniqueError

    try:
        return StoredArchive(Archive(path, create=False))
    except CommuniqueError as exc:
        raise ValueError(str(exc)) from None
