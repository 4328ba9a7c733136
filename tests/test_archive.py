"""The archive: storage, incremental add, failures, crash safety, series,
history, reuse, search, clusters and their outputs (small generated
archives; the big numbers are in bench/archive.py)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import communique
from bench import archive_corpus as ac
from communique.archive import Archive
from communique.compare.align import similarity

from .conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """300 generated statements (series over years, planted reuse), archived once."""
    folder = tmp_path_factory.mktemp("planted")
    sts = ac.generate(300, "mixed", seed=3)
    ac.write(sts, folder)
    db = folder / "a.db"
    with Archive(db) as a:
        report = a.add([folder])
    return folder, db, sts, report


def test_add_stores_documents_clauses_texts(planted):
    folder, db, sts, report = planted
    assert report.added == 300 and not report.failed and report.parsed == 300
    with Archive(db) as a:
        stats = a.stats()
        assert stats["documents"] == 300
        assert stats["clauses"] == sum(len(st.clauses) for st in sts)
        assert stats["series"] == len({st.series for st in sts})
        # the stored document is the parsed one
        name = str(folder / sts[5].name)
        assert a.document(name) == communique.parse(name, name=name)
        row = a.con.execute("SELECT source, sha256, format, title, date FROM documents WHERE source = ?",
                            (name,)).fetchone()
        assert row[1] == communique.parse(name).info.sha256 and row[2] == "text" and row[4] == sts[5].date
        # clauses: path, section, text, keys, spans
        c = a.con.execute("SELECT c.path, c.text, c.start, c.end, t.keys, t.sig FROM clauses c "
                          "JOIN texts t ON t.id = c.text_id JOIN documents d ON d.id = c.doc_id "
                          "WHERE d.source = ? ORDER BY c.ord", (name,)).fetchall()
        assert [x[1] for x in c] == [t for t, _ in sts[5].clauses]
        assert c[0][0] == "1" and c[0][2] < c[0][3] and c[0][4] and len(c[0][5]) == 4 * a.params.perms
        assert a.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_readd_unchanged_does_no_parsing(planted, monkeypatch):
    folder, db, _, _ = planted

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed an unchanged file")

    monkeypatch.setattr(communique, "parse", no_parse)
    with Archive(db) as a:
        report = a.add([folder])
    assert report.unchanged == 300 and report.parsed == 0 and report.added == 0


def _archive_rows(con: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every stored row that does not depend on the clock."""
    return {
        "documents": con.execute("SELECT id, source, path, sha256, bytes, format, encoding, title, round, date, "
                                 "place, language, series_id, meta, n_clauses, doc FROM documents "
                                 "ORDER BY id").fetchall(),
        "series": con.execute("SELECT * FROM series ORDER BY id").fetchall(),
        "clauses": con.execute("SELECT * FROM clauses ORDER BY id").fetchall(),
        "texts": con.execute("SELECT * FROM texts ORDER BY id").fetchall(),
        "lsh": con.execute("SELECT * FROM lsh ORDER BY 1, 2").fetchall(),
        "fts": con.execute("SELECT rowid FROM texts_fts WHERE texts_fts MATCH 'the OR و' ORDER BY rowid").fetchall(),
        "failures": con.execute("SELECT path, source, sha256, error FROM failures ORDER BY path").fetchall(),
    }


def test_process_pool_builds_the_archive_parsing_in_one_process_builds(planted, tmp_path):
    folder, _, _, _ = planted
    with Archive(tmp_path / "one.db") as one, Archive(tmp_path / "pool.db") as pool:
        assert one.add([folder], jobs=1).mode == "serial"
        report = pool.add([folder], jobs=2, batch=7)  # batches end inside the pool's chunks
        assert report.mode == "2 processes" and report.added == 300
        assert _archive_rows(pool.con) == _archive_rows(one.con)


def test_default_batches_grow_with_the_archive(planted, tmp_path, monkeypatch):
    """Without ``batch``, a transaction takes MIN_BATCH files or a fraction
    of the archive, whichever is more (so the random-keyed index is
    rewritten a bounded number of times); the archive is the one fixed
    batches build."""
    from communique.archive import adding, store

    folder, _, _, _ = planted
    monkeypatch.setattr(adding, "MIN_BATCH", 10)
    monkeypatch.setattr(adding, "BATCH_FRACTION", 4)
    sizes: list[int] = []
    write = store.Writer.write

    def counted(self, records, texts=None, replace=()):
        sizes.append(len(records))
        return write(self, records, texts, replace)

    monkeypatch.setattr(store.Writer, "write", counted)
    with Archive(tmp_path / "grow.db") as grow:
        grow.add([folder], jobs=1)
    before = 0
    for size in sizes[:-1]:
        assert size == max(10, before // 4)
        before += size
    assert before + sizes[-1] == 300 and len(sizes) < 300 // 10 and max(sizes) > 10
    monkeypatch.setattr(store.Writer, "write", write)
    with Archive(tmp_path / "grow.db") as grow, Archive(tmp_path / "fixed.db") as fixed:
        fixed.add([folder], jobs=1, batch=7)
        assert _archive_rows(grow.con) == _archive_rows(fixed.con)


def test_changed_file_replaces_its_document(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text((SAMPLES / "en" / "round-01.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with Archive(tmp_path / "a.db") as a:
        a.add([f])
        f.write_text((SAMPLES / "en" / "round-02.txt").read_text(encoding="utf-8"), encoding="utf-8")
        report = a.add([f])
        assert report.replaced == 1 and report.added == 0
        assert a.stats()["documents"] == 1
        assert a.document(str(f)).meta.round == 12
        # every text still has a clause, and the index has no orphan
        assert a.con.execute("SELECT count(*) FROM texts WHERE id NOT IN (SELECT text_id FROM clauses)"
                             ).fetchone()[0] == 0
        dup = tmp_path / "copy.txt"
        dup.write_bytes(f.read_bytes())
        assert a.add([dup]).duplicates == [(str(dup), str(f.resolve()))]


def test_changed_file_keeps_the_texts_it_shares_with_its_old_version(tmp_path):
    f, g = tmp_path / "a.txt", tmp_path / "b.txt"
    text = (SAMPLES / "en" / "round-01.txt").read_text(encoding="utf-8")
    f.write_text(text, encoding="utf-8")
    with Archive(tmp_path / "a.db") as a:
        a.add([f])
        # one clause reworded: the others keep their texts, which only the old version named
        f.write_text(text.replace("sovereignty", "sovereign rights", 1), encoding="utf-8")
        g.write_text(text, encoding="utf-8")  # the old content, now under another name, added after it
        report = a.add([f, g], jobs=1)
        assert report.replaced == 1 and report.added == 1
        con = a.con
        assert con.execute("SELECT count(*) FROM clauses WHERE text_id NOT IN (SELECT id FROM texts)"
                           ).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM texts WHERE id NOT IN (SELECT text_id FROM clauses)"
                           ).fetchone()[0] == 0
        assert con.execute("SELECT count(DISTINCT text_id) FROM lsh WHERE text_id NOT IN (SELECT id FROM texts)"
                           ).fetchone()[0] == 0
        r = a.reuse(communique.parse(f).clause("1").full_text)
        assert {m.occurrence.source for m in r.matches} == {str(f), str(g)}


def test_corrupt_file_among_1000(tmp_path):
    folder = tmp_path / "many"
    sts = ac.generate(999, "en", seed=5)
    for st in sts:
        st.clauses = st.clauses[:3]  # small statements: the point is the count, not the size
        st.text = "\n\n".join([f"{st.title}, {st.date}", *(f"{i}. {t}" for i, (t, _) in enumerate(st.clauses, 1))])
    ac.write(sts, folder)
    bad = folder / "s00000" / "r00-corrupt.txt"
    bad.write_bytes(b"\x00\xff\x00binary\x00" * 50)
    with Archive(tmp_path / "a.db") as a:
        report = a.add([folder])
        assert report.files == 1000
        assert [label for label, _ in report.failed] == [str(bad)]
        assert report.added == 999 and not report.duplicates and a.stats()["documents"] == 999
        assert a.failures()[0][0] == str(bad)
        again = a.add([folder])  # the known failure is not tried again while it is unchanged
        assert again.known_failures == 1 and again.parsed == 0


def test_killed_add_leaves_a_consistent_archive_and_the_next_add_completes_it(tmp_path):
    folder = tmp_path / "k"
    ac.write(ac.generate(500, "mixed", seed=7), folder)
    db = tmp_path / "k.db"
    code = ("import sys; from communique.archive import Archive; "
            "Archive(sys.argv[1]).add([sys.argv[2]], batch=25, jobs=2)")
    mark = f"communique-killed-add-{os.getpid()}-{time.monotonic_ns()}"
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(folder)], cwd=ROOT,
                            env={**os.environ, "COMMUNIQUE_TEST_MARK": mark})
    try:
        deadline = time.monotonic() + 120
        n = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            try:
                con = sqlite3.connect(db, timeout=1)
                n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                continue
            if n >= 100:
                break
        assert proc.poll() is None, "add finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    # the parsing processes go with it
    deadline = time.monotonic() + 10
    while _processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_marked(mark)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 100 <= docs < 500 and docs % 25 == 0  # whole batches only
    # every committed document has all its clauses
    assert con.execute("SELECT count(*) FROM documents d WHERE n_clauses != "
                       "(SELECT count(*) FROM clauses c WHERE c.doc_id = d.id)").fetchone()[0] == 0
    con.close()
    with Archive(db) as a:
        report = a.add([folder])
        assert report.unchanged == docs and report.added == 500 - docs
        assert a.stats()["documents"] == 500


def _processes_marked(mark: str) -> list[int]:
    """Pids of the processes whose environment holds ``mark`` (Linux /proc; [] elsewhere)."""
    found = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark.encode() in env.read_bytes():
                found.append(int(env.parent.name))
        except OSError:
            continue
    return found


def test_series_and_history_equal_communique_history(tmp_path):
    files = [str(p.relative_to(ROOT)) for p in sorted((SAMPLES / "en").glob("round-0*.txt"))]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with Archive(tmp_path / "a.db") as a:
            a.add(["samples/en", "samples/ar"])
            names = [s.name for s in a.series()]
            assert len(names) == 2
            s = a.find_series("astana format")
            assert s.documents == 4 and (s.first_round, s.last_round) == (11, 14)
            h = a.history(s.id)
        expected = communique.history(files, labels=files)
        assert communique.render(h, "json") == communique.render(expected, "json")
    finally:
        os.chdir(cwd)


def test_explicit_series_and_generated_series(planted, tmp_path):
    _, db, sts, _ = planted
    with Archive(db) as a:
        by_series = {}
        for s in a.series():
            docs = [src for _, src in a.series_documents(s.id)]
            by_series[s.id] = [Path(d).parent.name for d in docs]
        # every series is one generated series, in round order
        for names in by_series.values():
            assert len(set(names)) == 1
        assert len(by_series) == len({st.series for st in sts})
    with Archive(tmp_path / "b.db") as b:
        b.add([SAMPLES / "en" / "round-01.txt", SAMPLES / "ar" / "round-02.txt"], series="mixed bag")
        assert [(s.name, s.documents) for s in b.series()] == [("mixed bag", 2)]


def test_reuse_finds_every_near_duplicate_earliest_first(planted):
    _folder, db, sts, _ = planted
    with Archive(db) as a:
        rows = a.con.execute("SELECT c.text, t.keys FROM clauses c JOIN texts t ON t.id = c.text_id").fetchall()
        # a formula carried across series
        fam_docs: dict[int, set[int]] = {}
        for st in sts:
            for _, fams in st.clauses:
                for f in fams:
                    fam_docs.setdefault(f, set()).add(st.series)
        fam = max(fam_docs, key=lambda f: len(fam_docs[f]))
        text = next(t for st in sts for t, fams in st.clauses if fams == {fam})
        r = a.reuse(text)
        assert r.matches and r.matches[0].similarity >= 0.5
        dates = [m.occurrence.date for m in r.matches]
        assert dates == sorted(dates)
        first_truth = min(st.date for st in sts for t, fams in st.clauses
                          if similarity(a_keys := communique.text.tokens.word_keys(text),
                                        communique.text.tokens.word_keys(t)) >= 0.5)
        assert dates[0] == first_truth
        assert len({m.occurrence.series_id for m in r.matches}) >= 2
        # the same query by a loop over all clauses: the index found them all
        loop = {t for t, k in rows if similarity(a_keys, k.split(" ")) >= 0.5}
        assert {m.occurrence.text for m in r.matches} >= loop
        # word changes from the query are there for the reworded ones
        changed = [m for m in r.matches if not m.exact]
        assert all(any(w.op != "equal" for w in m.words) or m.occurrence.text != text for m in changed)
        # FILE:PATH names a clause
        src = r.matches[0].occurrence
        r2 = a.reuse((src.source, src.path))
        assert r2.query == src.text and r2.matches[0].occurrence.source == src.source
        data = json.loads(json.dumps(r2.to_dict()))
        assert data["first"]["source"] == src.source and data["count"] == len(r2.matches)


def test_reuse_word_counts_follow_the_archive(tmp_path):
    """reuse keeps how many texts each word is in (counting reads a word's whole
    posting list); a change by this connection or another one empties it."""
    from communique.archive.query import _term_docs

    db = tmp_path / "a.db"
    with Archive(db) as a:
        a.add([SAMPLES / "en" / "round-01.txt"], jobs=1)
        clause = max((c.full_text for c in a.document(str(SAMPLES / "en" / "round-01.txt")).walk()),
                     key=lambda t: len(t.split()))
        short = " ".join(clause.split()[:14])  # short enough for the rare-word candidates
        first = a.reuse(short)
        counts = dict(_term_docs(a))
        assert counts and first.matches
        with Archive(db) as b:
            b.add([SAMPLES / "en" / "round-02.txt"], jobs=1)
        assert _term_docs(a) == {}  # another connection's commit
        assert a.reuse(short).matches
        assert any(_term_docs(a)[w] > n for w, n in counts.items() if n > 0)
        a.add([SAMPLES / "en" / "round-03.txt"], jobs=1)
        assert _term_docs(a) == {}  # this connection's own


def test_search_uses_the_arabic_profile(tmp_path):
    with Archive(tmp_path / "a.db") as a:
        a.add([SAMPLES / "ar" / "round-02.txt", SAMPLES / "en" / "round-02.txt"])
        plain = a.search("الأراضي السورية")
        assert plain and all("الأراضي السورية" in h.occurrence.text for h in plain)
        # diacritics and tatweel in the query fold as in the texts
        assert [h.occurrence.clause_id for h in a.search("الأَرَاضِي السـورية")] == [h.occurrence.clause_id
                                                                                  for h in plain]
        assert a.search('"Syrian territory" OR sovereignty')
        assert a.search("zzzunknownword") == []


def _family_sets(clusters):
    out: dict[tuple[str, str], set[str]] = {}
    for f in clusters.families:
        for o in f.occurrences:
            out.setdefault((o["source"], o["path"]), set()).add(f.id)
    return out


def _score(folder, sts, clusters):
    fams = _family_sets(clusters)
    pred, truth = [], []
    for st in sts:
        src = str(folder / st.name)
        for k, (_, f) in enumerate(st.clauses):
            pred.append(fams.get((src, str(k + 1))))
            truth.append(f)
    return ac.pair_scores(pred, truth)


def test_clusters_against_planted_truth(planted, tmp_path):
    folder, db, sts, _ = planted
    with Archive(db) as a:
        c = a.clusters()
    score = _score(folder, sts, c)
    assert score["precision"] >= 0.9 and score["recall"] >= 0.9, score
    f = c.families[0]
    assert f.first == f.wordings[0].first and f.documents >= 2
    dates = [o["date"] for o in f.occurrences]
    assert dates == sorted(dates)
    # outputs: JSON, CSV, Parquet
    data = json.loads(c.to_json())
    assert data["families"][0]["id"] == f.id and "words" in data["families"][0]["wordings"][0]
    csv_text = c.to_csv()
    assert csv_text.splitlines()[0].startswith("family,wording,text_id")
    assert len(csv_text.splitlines()) == 1 + sum(len(x.occurrences) for x in c.families)
    import pyarrow.parquet as pq

    c.write_parquet(str(tmp_path / "c.parquet"))
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.num_rows == len(csv_text.splitlines()) - 1


def test_genealogy_html(planted):
    from lxml import html as lhtml

    _, db, sts, _ = planted
    with Archive(db) as a:
        r = a.reuse(sts[40].clauses[0][0])
    from communique.archive.html import render_genealogy

    page = render_genealogy(r)
    tree = lhtml.fromstring(page)
    assert tree.xpath("//section[@id='timeline']//div[contains(@class, 'version')]")
    assert "Content-Security-Policy" in page and "<script" in page


def test_dask_add_and_clusters_equal_serial(tmp_path):
    pytest.importorskip("distributed")
    folder = tmp_path / "d"
    sts = ac.generate(120, "mixed", seed=11)
    ac.write(sts, folder)
    (folder / "s00000" / "bad.txt").write_bytes(b"")
    with Archive(tmp_path / "serial.db") as s:
        s.add([folder], jobs=1)
        serial = s.clusters()
        want = _archive_rows(s.con)
    with Archive(tmp_path / "dask.db") as d:
        # batches end inside the workers' partitions
        report = d.add([folder], dask=True, workers=2, batch=7, parquet_dir=str(tmp_path / "parts"))
        assert report.mode == "dask" and report.added == 120 and report.parsed == 121
        assert [x for x, _ in report.failed] == [str(folder / "s00000" / "bad.txt")]
        assert _archive_rows(d.con) == want  # row for row the archive the serial add built
        dc = d.clusters(dask=True, workers=2)
    # the Parquet the workers wrote (on request) reads back as what they parsed
    from communique.archive.distributed import read_partition
    from communique.archive.files import list_files
    from communique.archive.records import DocRecord

    parts = sorted((tmp_path / "parts" / "docs").glob("*.parquet"))
    assert parts
    sources = []
    for p in parts:
        chunk = read_partition({k: str(tmp_path / "parts" / k / p.name) for k in ("docs", "clauses", "texts")})
        sources.extend(r.source for r in chunk.records)
        assert all(c.text_id in chunk.texts for r in chunk.records if isinstance(r, DocRecord) for c in r.clauses)
    assert sources == [label for label, _ in list_files([folder])]
    assert dc.to_dict()["families"] == serial.to_dict()["families"]
    assert dc.stats["candidate_pairs"] == serial.stats["candidate_pairs"]


# --------------------------------------------------------------------------- CLI


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    code = ("import sys, typer; from communique.archive.cli import archive_app; app = typer.Typer(); "
            "app.add_typer(archive_app, name='archive'); sys.argv[0] = 'communique'; app()")
    return subprocess.run([sys.executable, "-c", code, "archive", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_cli(tmp_path):
    db = str(tmp_path / "a.db")
    for cmd in ("add", "series", "history", "reuse", "clusters", "search"):
        out = _cli(cmd, "--help")
        assert out.returncode == 0 and "Example: communique archive" in out.stdout
    out = _cli("add", "samples/en", "--db", db)
    assert out.returncode == 0 and out.stdout.startswith("4 added")
    out = _cli("history", "Astana", "--db", db, "--format", "json")
    files = [f"samples/en/round-0{k}.txt" for k in range(1, 5)]
    assert json.loads(out.stdout) == json.loads(communique.render(communique.history(files, labels=files), "json"))
    out = _cli("reuse", "samples/en/round-02.txt:3", "--db", db, "--format", "json")
    assert json.loads(out.stdout)["first"]["source"] == "samples/en/round-01.txt"
    out = _cli("search", "sovereignty", "--db", db, "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout)
    out = _cli("clusters", "--db", db, "--format", "csv")
    assert out.returncode == 0 and out.stdout.startswith("family,")
    for args in (("history", "no such series", "--db", db), ("series", "--db", str(tmp_path / "none.db")),
                 ("add", "no/such/file", "--db", db), ("clusters", "--db", db, "--format", "parquet"),
                 ("reuse", "samples/en/round-02.txt:99", "--db", db)):
        out = _cli(*args)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, (args, out.stderr)
        assert out.stderr.startswith("communique: ")
