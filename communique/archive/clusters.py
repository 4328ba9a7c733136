"""Families of reused clauses across the archive.

Texts (distinct normalized clause wordings) are ranked by first appearance
(earliest document date, then round, then the order added).  Candidate
pairs come from two places:

* the LSH index: texts sharing a band key (one bucket per key);
* consecutive rounds of a series: the wordings a round introduced against
  the ones it no longer has (rewordings, splits and merges between rounds,
  which a heavy edit of a short clause can hide from the MinHash bands).

Every candidate pair is verified with the aligner's similarity on the word
keys.  Each text then joins the family of its most similar *earlier*
verified text (ties: the earliest); a text with none starts a family.  This
is a forest, not the connected components of the similarity graph: a
clause that merged two formulae joins one family instead of fusing the two
families (and everything they touch) into one.

A family is reported when it appears in at least ``min_documents``
documents, with its first appearance and the drift of its wording: each
wording, in order of first appearance, with the text it came from (its
parent), the similarity to it and to the first wording, and the word
changes from the parent.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..compare.align import similarity
from ..compare.words import word_changes
from .archive import CLUSTER_THRESHOLD

if TYPE_CHECKING:
    from .archive import Archive

BUCKET_CAP = 2000  # a bucket larger than this is a shared formula opening, not reuse: its pairs are skipped


@dataclass(slots=True)
class TextTable:
    """The archive's texts in order of first appearance (rank = index)."""

    ids: np.ndarray  # int64 text id by rank
    keys: list[str]  # space-joined keys by rank
    rank: dict[int, int]  # text id -> rank


def ranked_texts(archive: Archive) -> TextTable:
    """Texts by first appearance (the earliest document carrying them)."""
    from .archive import TIME_ORDER

    con = archive.con
    doc_order = [r[0] for r in con.execute(f"SELECT d.id FROM documents d ORDER BY {TIME_ORDER}")]
    pos = {d: k for k, d in enumerate(doc_order)}
    first: dict[int, tuple[int, int]] = {}
    for doc_id, ord_, tid in con.execute("SELECT doc_id, ord, text_id FROM clauses"):
        key = (pos[doc_id], ord_)
        old = first.get(tid)
        if old is None or key < old:
            first[tid] = key
    order = sorted(first, key=first.__getitem__)
    rank = {t: k for k, t in enumerate(order)}
    keys = [""] * len(order)
    for tid, k in con.execute("SELECT id, keys FROM texts"):
        r = rank.get(tid)
        if r is not None:
            keys[r] = k
    return TextTable(np.asarray(order, dtype=np.int64), keys, rank)


class Encoder:
    """Each distinct key as one character, so that a text is a short string
    and the similarity (an Indel ratio over the key sequence, which is what
    ``similarity`` computes on lists) runs on strings."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def __call__(self, keys: str) -> str:
        codes = self.codes
        out = []
        for k in keys.split(" ") if keys else ():
            c = codes.get(k)
            if c is None:
                n = len(codes) + 1
                n += 0x800 if n >= 0xD800 else 0  # no surrogates
                if n > 0x10FFFF:
                    raise OverflowError("more distinct words than code points")
                c = codes[k] = chr(n)
            out.append(c)
        return "".join(out)


def lsh_pairs(archive: Archive, rank: dict[int, int]) -> Iterator[np.ndarray]:
    """Candidate pairs from the LSH buckets, as packed ``earlier << 32 | later`` ranks."""
    cur = archive.con.execute("SELECT group_concat(text_id) FROM lsh GROUP BY key HAVING count(*) > 1")
    buf: list[int] = []
    for (members,) in cur:
        ranks = sorted(rank[int(t)] for t in members.split(",") if int(t) in rank)
        if len(ranks) > BUCKET_CAP:
            continue
        for a, b in itertools.combinations(ranks, 2):
            buf.append((a << 32) | b)
        if len(buf) > 1 << 20:
            yield np.asarray(buf, dtype=np.int64)
            buf = []
    if buf:
        yield np.asarray(buf, dtype=np.int64)


def series_steps(archive: Archive) -> Iterator[tuple[set[int], set[int]]]:
    """For each pair of consecutive rounds of a series: (text ids the earlier
    round has and the later lacks, those the later has and the earlier lacks)."""
    from .archive import DOC_ORDER

    con = archive.con
    texts: dict[int, set[int]] = {}
    for doc_id, tid in con.execute("SELECT doc_id, text_id FROM clauses"):
        texts.setdefault(doc_id, set()).add(tid)
    rows = con.execute(f"SELECT d.series_id, d.id FROM documents d ORDER BY d.series_id, {DOC_ORDER}").fetchall()
    for _, group in itertools.groupby(rows, key=lambda r: r[0]):
        ids = [d for _, d in group]
        for a, b in itertools.pairwise(ids):
            ta, tb = texts.get(a, set()), texts.get(b, set())
            gone, new = ta - tb, tb - ta
            if gone and new:
                yield gone, new


def series_pairs(steps: Iterable[tuple[set[int], set[int]]], rank: dict[int, int]) -> np.ndarray:
    buf = []
    for gone, new in steps:
        for x in gone:
            for y in new:
                a, b = rank[x], rank[y]
                if a != b:
                    buf.append((min(a, b) << 32) | max(a, b))
    return np.asarray(buf, dtype=np.int64)


# share of a text's words, in order, inside another: a part of a split or merge
# (0.8 with parts of 8 words cost 2 points of precision at 10,000 statements)
CONTAINED = 0.9
MIN_PART = 10  # keys a part needs for containment alone to link it


def verify(pairs: np.ndarray, encoded: Sequence[str], threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs that are the same formula, and their similarities: the
    similarity reaches ``threshold``, or (the aligner's splits and merges)
    one text of at least ``MIN_PART`` words has ``CONTAINED`` of its words,
    in order, inside the other."""
    keep = np.zeros(len(pairs), dtype=bool)
    sims = np.zeros(len(pairs), dtype=np.float64)
    a_ranks = (pairs >> 32).tolist()
    b_ranks = (pairs & 0xFFFFFFFF).tolist()
    for k, (a, b) in enumerate(zip(a_ranks, b_ranks, strict=True)):
        ea, eb = encoded[a], encoded[b]
        s = similarity(ea, eb)  # type: ignore[arg-type,unused-ignore]  # key codes: the key lists' ratio
        if s >= threshold or _contained(s, len(ea), len(eb)) >= 0:
            keep[k] = True
            sims[k] = s
    return pairs[keep], sims[keep]


def _contained(sim: float, la: int, lb: int) -> int:
    """-1, or which side (0: the first, 1: the second) is a part of the other."""
    short = min(la, lb)
    if short < MIN_PART:
        return -1
    lcs = sim * (la + lb) / 2
    if lcs >= CONTAINED * short - 1e-9:
        return 0 if la <= lb else 1
    return -1


def parents(pairs: np.ndarray, sims: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each text's most similar earlier text (-1: none) and that similarity;
    ties go to the earliest."""
    parent = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n, dtype=np.float64)
    if len(pairs):
        a, b = pairs >> 32, pairs & 0xFFFFFFFF
        order = np.lexsort((a, -sims, b))  # by later text, best similarity first, earliest first
        b_sorted = b[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = b_sorted[1:] != b_sorted[:-1]
        chosen = order[first]
        parent[b[chosen]] = a[chosen]
        best[b[chosen]] = sims[chosen]
    return parent, best


def merges(pairs: np.ndarray, sims: np.ndarray, lengths: np.ndarray) -> dict[int, list[int]]:
    """Later text -> the earlier texts that are parts of it (a merge)."""
    out: dict[int, list[int]] = {}
    if not len(pairs):
        return out
    a, b = pairs >> 32, pairs & 0xFFFFFFFF
    la, lb = lengths[a], lengths[b]
    lcs = sims * (la + lb) / 2
    part = (la >= MIN_PART) & (la <= lb) & (lcs >= CONTAINED * la - 1e-9)
    for x, y in zip(a[part].tolist(), b[part].tolist(), strict=True):
        out.setdefault(y, []).append(x)
    return out


def roots(parent: np.ndarray, merged: dict[int, list[int]] | None = None) -> list[tuple[int, ...]]:
    """The families of each text: the first text of its parent's families
    (parents are always earlier), and of the parts it merged."""
    fams: list[tuple[int, ...]] = []
    merged = merged or {}
    for i, q in enumerate(parent.tolist()):
        own: tuple[int, ...] = fams[q] if q >= 0 else (i,)
        for part in merged.get(i, ()):
            if part != q and not set(fams[part]) <= set(own):
                own = tuple(sorted(set(own) | set(fams[part])))
        fams.append(own)
    return fams


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True, slots=True)
class Wording:
    text_id: int
    text: str  # as first written
    first: dict[str, Any]  # its first appearance (source, date, round, series, path)
    clauses: int
    parent: int | None  # text id it came from
    similarity_to_parent: float | None
    similarity_to_first: float
    words: tuple[Any, ...]  # word changes from the parent's wording


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    wordings: tuple[Wording, ...]  # in order of first appearance; [0] is the first
    occurrences: tuple[dict[str, Any], ...]  # every clause, earliest first
    documents: int
    series: int

    @property
    def first(self) -> dict[str, Any]:
        return self.wordings[0].first

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "first": {**self.first, "text": self.wordings[0].text},
                "clauses": len(self.occurrences), "documents": self.documents, "series": self.series,
                "wordings": [{"text_id": w.text_id, "text": w.text, "first": w.first, "clauses": w.clauses,
                              "parent": w.parent, "similarity_to_parent": _r(w.similarity_to_parent),
                              "similarity_to_first": _r(w.similarity_to_first),
                              "words": [x.to_dict() for x in w.words]} for w in self.wordings]}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


ROW_FIELDS = ("family", "wording", "text_id", "first_in_family", "source", "date", "round", "series", "path",
              "similarity_to_first", "similarity_to_parent", "parent_text_id", "text")


@dataclass(slots=True)
class Clusters:
    families: list[Family]
    threshold: float
    min_documents: int
    stats: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "clusters", "threshold": self.threshold, "min_documents": self.min_documents,
                "stats": self.stats, "families": [f.to_dict() for f in self.families]}

    def rows(self) -> Iterator[dict[str, Any]]:
        """One row per clause: the flat table CSV and Parquet hold."""
        for f in self.families:
            idx = {w.text_id: k for k, w in enumerate(f.wordings)}
            for o in f.occurrences:
                w = f.wordings[idx[o["text_id"]]]
                yield {"family": f.id, "wording": idx[o["text_id"]], "text_id": o["text_id"],
                       "first_in_family": o is f.occurrences[0], "source": o["source"], "date": o["date"],
                       "round": o["round"], "series": o["series"], "path": o["path"],
                       "similarity_to_first": _r(w.similarity_to_first),
                       "similarity_to_parent": _r(w.similarity_to_parent), "parent_text_id": w.parent,
                       "text": w.text}

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=ROW_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(self.rows())
        return out.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def write_parquet(self, path: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        cols: dict[str, list[Any]] = {k: [] for k in ROW_FIELDS}
        for row in self.rows():
            for k in ROW_FIELDS:
                cols[k].append(row[k])
        schema = pa.schema([("family", pa.string()), ("wording", pa.int32()), ("text_id", pa.int64()),
                            ("first_in_family", pa.bool_()), ("source", pa.string()), ("date", pa.string()),
                            ("round", pa.int32()), ("series", pa.string()), ("path", pa.string()),
                            ("similarity_to_first", pa.float64()), ("similarity_to_parent", pa.float64()),
                            ("parent_text_id", pa.int64()), ("text", pa.string())])
        pq.write_table(pa.table(cols, schema=schema), path)

    def family_of(self) -> dict[tuple[str, str], str]:
        """(source, clause path) -> family id, for every clause in a family."""
        return {(o["source"], o["path"]): f.id for f in self.families for o in f.occurrences}


def find_clusters(archive: Archive, *, threshold: float = CLUSTER_THRESHOLD, min_documents: int = 2, dask: bool = False,
                  scheduler: str | None = None, workers: int = 2) -> Clusters:
    import time

    t0 = time.perf_counter()
    table = ranked_texts(archive)
    n = len(table.keys)
    if dask or scheduler:
        from .distributed import parents_with_dask

        parent, best, merged, stats = parents_with_dask(archive, table, threshold, scheduler=scheduler,
                                                        workers=workers)
    else:
        enc = Encoder()
        encoded = [enc(k) for k in table.keys]
        chunks = list(lsh_pairs(archive, table.rank))
        chunks.append(series_pairs(series_steps(archive), table.rank))
        pairs = np.unique(np.concatenate(chunks)) if chunks else np.zeros(0, np.int64)
        kept, sims = verify(pairs, encoded, threshold)
        parent, best = parents(kept, sims, n)
        merged = merges(kept, sims, np.asarray([len(e) for e in encoded], dtype=np.int64))
        stats = {"texts": n, "candidate_pairs": len(pairs), "verified_pairs": len(kept), "mode": "serial"}
    fams = roots(parent, merged)
    families = build_families(archive, table, parent, best, fams, merged, min_documents)
    stats["families"] = len(families)
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    return Clusters(families, threshold, min_documents, stats)


def build_families(archive: Archive, table: TextTable, parent: np.ndarray, best: np.ndarray,
                   fams: list[tuple[int, ...]], merged: dict[int, list[int]], min_documents: int) -> list[Family]:
    from .archive import TIME_ORDER

    con = archive.con
    rank = table.rank
    docs_of: dict[int, set[int]] = {}
    for doc_id, tid in con.execute("SELECT doc_id, text_id FROM clauses"):
        r = rank.get(tid)
        if r is not None:
            for rt in fams[r]:
                docs_of.setdefault(rt, set()).add(doc_id)
    keep = {rt for rt, ds in docs_of.items() if len(ds) >= min_documents}
    occ: dict[int, list[dict[str, Any]]] = {}
    first_text: dict[int, str] = {}
    rows = con.execute(
        "SELECT c.text_id, d.source, d.date, d.round, s.name, c.path, c.text FROM clauses c "
        f"JOIN documents d ON d.id = c.doc_id JOIN series s ON s.id = d.series_id ORDER BY {TIME_ORDER}, c.ord")
    for tid, source, date, rnd, series, path, text in rows:
        r = rank.get(tid)
        if r is None:
            continue
        for rt in fams[r]:
            if rt in keep:
                if tid not in first_text:
                    first_text[tid] = text
                occ.setdefault(rt, []).append({"text_id": tid, "source": source, "date": date, "round": rnd,
                                               "series": series, "path": path})
    families: list[Family] = []
    for rt in sorted(occ):
        items = occ[rt]
        first_occ: dict[int, dict[str, Any]] = {}
        counts: dict[int, int] = {}
        for o in items:
            first_occ.setdefault(o["text_id"], o)
            counts[o["text_id"]] = counts.get(o["text_id"], 0) + 1
        root_keys = table.keys[rt].split(" ")
        wordings = []
        for r in sorted(rank[t] for t in first_occ):
            tid = int(table.ids[r])
            p = int(parent[r])
            if p >= 0 and rt not in fams[p]:  # came into this family by a merge: its part here is the parent
                p = next((q for q in merged.get(r, ()) if rt in fams[q]), -1)
            ptid = int(table.ids[p]) if p >= 0 else None
            words: tuple[Any, ...] = ()
            if ptid is not None and ptid in first_text:
                words = word_changes(first_text[ptid], first_text[tid])
            wordings.append(Wording(
                tid, first_text[tid], dict(first_occ[tid]), counts[tid], ptid,
                (float(best[r]) if p == int(parent[r]) else similarity(table.keys[p].split(" "),
                                                                      table.keys[r].split(" "))) if p >= 0 else None,
                1.0 if r == rt else similarity(root_keys, table.keys[r].split(" ")), words))
        for w in wordings:
            w.first.pop("text_id", None)
        families.append(Family("", tuple(wordings), tuple(items), len(docs_of[rt]),
                               len({o["series"] for o in items})))
    width = max(len(str(len(families))), 4)
    return [Family(f"F{k + 1:0{width}d}", f.wordings, f.occurrences, f.documents, f.series)
            for k, f in enumerate(families)]
