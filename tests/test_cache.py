"""The per-machine cache of derived data (communique/cache.py: derived)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from communique import cache, digest
from communique.text import names


def _counting_build(calls: list[int], value: object):
    def build():
        calls.append(1)
        return value
    return build


def test_derived_builds_once_and_rebuilds_when_its_sources_change(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COMMUNIQUE_NO_CACHE", raising=False)
    calls: list[int] = []
    value = ({("a", "b"): "x"}, {"a": (("a", (2, 1)),)})
    assert cache.derived("t", ["table", b"code"], _counting_build(calls, value)) == value
    assert cache.derived("t", ["table", b"code"], _counting_build(calls, value)) == value
    assert len(calls) == 1
    other = ({}, {})
    assert cache.derived("t", ["table", b"code edited"], _counting_build(calls, other)) == other
    assert len(calls) == 2
    # a boundary between sources counts: ("ab", "c") is not ("a", "bc")
    assert cache.derived("u", ["ab", "c"], _counting_build(calls, 1)) == 1
    assert cache.derived("u", ["a", "bc"], _counting_build(calls, 2)) == 2


def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COMMUNIQUE_NO_CACHE", raising=False)
    folder = tmp_path / "communique"
    folder.mkdir()
    calls: list[int] = []
    for content in (b"\x00garbage", b"", __import__("marshal").dumps(["not", "a", "pair"])):
        (folder / "t.marshal").write_bytes(content)
        assert cache.derived("t", ["s"], _counting_build(calls, (1, 2))) == (1, 2)
    assert len(calls) == 3


def test_no_cache_builds_every_time(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("COMMUNIQUE_NO_CACHE", "1")
    calls: list[int] = []
    for _ in range(2):
        cache.derived("t", ["s"], _counting_build(calls, 3))
    assert len(calls) == 2
    assert not (tmp_path / "communique").exists()


def test_the_gazetteer_index_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COMMUNIQUE_NO_CACHE", raising=False)
    for table, found in ((names._STATE_TABLE, ["Turkey", "Russia"]), (names._PLACE_TABLE, ["Geneva"])):
        built = names.Gazetteer(table)._build()  # builds and stores
        assert list((tmp_path / "communique").glob("gazetteer-*.marshal"))
        loaded = names.Gazetteer(table)._build()  # loads
        assert loaded == built == names.Gazetteer(table)._index_of_table()
        assert [m.entry for m in names.Gazetteer(table).matches("وفد تركيا وروسيا في جنيف")] == found


def test_digests_are_hashlibs_on_both_sides_of_the_size_where_it_switches():
    for size in (0, 1, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1):
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    fed = digest.sha256(b"one ")
    fed.update(b"two")
    assert fed.hexdigest() == hashlib.sha256(b"one two").hexdigest()
    assert fed.digest() == hashlib.sha256(b"one two").digest()


_HASH_A_MEGABYTE = """
import sys
from communique import digest
small = [digest.sha256_hex(bytes([i]) * 1000) for i in range(3)]
before = "hashlib" in sys.modules
late = [digest.sha256_hex(bytes([i % 256]) * 1000) for i in range(1100)]
print(before, "hashlib" in sys.modules, *small, late[-1])
"""


def test_a_process_hashes_with_its_own_sha256_until_it_has_hashed_a_megabyte():
    # in a fresh process: this one has imported hashlib, and the built-in hash is used only where it has not
    run = subprocess.run([sys.executable, "-c", _HASH_A_MEGABYTE], capture_output=True, text=True, check=True)
    before, after, *digests = run.stdout.split()
    assert (before, after) == ("False", "True")  # 3 kB: no hashlib; 1.1 MB in all: hashlib
    expected = [hashlib.sha256(bytes([i]) * 1000).hexdigest() for i in range(3)]
    assert digests == [*expected, hashlib.sha256(bytes([1099 % 256]) * 1000).hexdigest()]
