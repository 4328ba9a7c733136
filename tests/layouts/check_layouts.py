"""Consistency check for the layout fixtures in this folder (data only, no parser).

    python tests/layouts/check_layouts.py

Checks that every fixture is strict UTF-8 and has a valid ``<name>.expected.json``
with only the documented keys; that every path named in ``starts``,
``continuations``, ``sections`` and ``preambular`` is listed in ``clauses``;
that ``§K:`` prefixes point at the K-th section; that ``starts``, ``not_clauses``
and section headings occur in the fixture text (whitespace-insensitive, HTML
tags stripped); and that every failure class 1–8 has an Arabic and an English
fixture. Exit status 1 on any error.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE_EXT = {".txt", ".md", ".html"}
NOT_FIXTURES = {"LAYOUTS.md"}
KEYS = {"description", "class", "language", "prose", "clauses", "starts", "continuations",
        "sections", "preambular", "not_clauses", "meta", "warnings"}
META_KEYS = {"title", "round", "date", "date_end", "place", "parties", "observers", "mentions"}
PATH = re.compile(r"^(p\d+|¶\d+|•\d+|(§\d+:)?\d+(\.\d+)*)$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def norm(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def plain(path: Path, raw: str) -> str:
    if path.suffix == ".html":
        raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return norm(raw)


def check(path: Path, errors: list[str], seen: dict) -> None:
    name = path.name
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(f"{name}: not UTF-8 ({exc})")
        return
    exp = path.with_name(path.stem + ".expected.json")
    if not exp.exists():
        errors.append(f"{name}: no {exp.name}")
        return
    try:
        data = json.loads(exp.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        errors.append(f"{exp.name}: invalid JSON ({exc})")
        return
    err = lambda msg: errors.append(f"{exp.name}: {msg}")  # noqa: E731
    extra = set(data) - KEYS
    if extra:
        err(f"unknown keys {sorted(extra)}")
    if "clauses" not in data or not isinstance(data["clauses"], list) or not data["clauses"]:
        err("'clauses' missing or empty")
        return
    clauses = data["clauses"]
    if len(set(clauses)) != len(clauses):
        err("duplicate clause paths")
    for c in clauses:
        if not PATH.match(c):
            err(f"bad path {c!r}")
    known = set(clauses)
    cls = data.get("class")
    if not isinstance(cls, int) or not 0 <= cls <= 8:
        err(f"class {cls!r} not an int 0–8")
    lang = data.get("language")
    if lang not in {"ar", "en"}:
        err(f"language {lang!r}")
    prose = data.get("prose", False)
    if prose != any(c.startswith("¶") for c in clauses):
        err("'prose' does not match the ¶ paths")
    if not name.startswith(f"{lang}_"):
        err("file name is not prefixed by its language")
    seen[(cls, lang)].append(name)

    text = plain(path, raw)
    for key in ("starts", "continuations"):
        for p in data.get(key, {}):
            if p not in known:
                err(f"{key} names unknown path {p!r}")
    for p, s in data.get("starts", {}).items():
        if len(s.split()) > 5:
            err(f"starts[{p!r}] longer than 5 words")
        if norm(s) not in text:
            err(f"starts[{p!r}] {s!r} not found in fixture")
    for p, n in data.get("continuations", {}).items():
        if not isinstance(n, int) or n < 1:
            err(f"continuations[{p!r}] must be a positive int")
    pre = data.get("preambular", [])
    if sorted(pre) != sorted(c for c in clauses if c.startswith("p")):
        err("'preambular' is not exactly the p-paths")
    for s in data.get("not_clauses", []):
        if norm(s) not in text:
            err(f"not_clauses {s!r} not found in fixture")
    in_section: dict[str, int] = {}
    for k, sec in enumerate(data.get("sections", []), start=1):
        head = sec.get("heading")
        if head is not None and norm(head) not in text:
            err(f"section {k} heading {head!r} not found in fixture")
        for p in sec.get("clauses", []):
            if p not in known:
                err(f"section {k} names unknown path {p!r}")
            if p in in_section:
                err(f"path {p!r} in two sections")
            in_section[p] = k
    for c in clauses:
        m = re.match(r"§(\d+):", c)
        if m and in_section.get(c) != int(m.group(1)):
            err(f"{c!r} is not listed under section {m.group(1)}")
    meta = data.get("meta", {})
    if set(meta) - META_KEYS:
        err(f"unknown meta keys {sorted(set(meta) - META_KEYS)}")
    for key in ("date", "date_end"):
        if key in meta and not ISO.match(meta[key]):
            err(f"meta.{key} {meta[key]!r} is not ISO")
    if "date_end" in meta and meta.get("date", "9") > meta["date_end"]:
        err("meta.date_end before meta.date")
    if "round" in meta and not isinstance(meta["round"], int):
        err("meta.round not an int")
    for key in ("parties", "observers", "mentions"):
        if key in meta and not all(isinstance(x, str) for x in meta[key]):
            err(f"meta.{key} must be a list of names")


def main() -> int:
    errors: list[str] = []
    seen: dict = defaultdict(list)
    fixtures = sorted(p for p in HERE.iterdir()
                      if p.suffix in FIXTURE_EXT and p.name not in NOT_FIXTURES)
    for path in fixtures:
        check(path, errors, seen)
    for exp in HERE.glob("*.expected.json"):
        stem = exp.name[: -len(".expected.json")]
        if not any((HERE / f"{stem}{ext}").exists() for ext in FIXTURE_EXT):
            errors.append(f"{exp.name}: no fixture")
    for cls in range(1, 9):
        for lang in ("ar", "en"):
            if not seen.get((cls, lang)):
                errors.append(f"class {cls} has no {lang} fixture")
    for line in errors:
        print(line)
    counts = ", ".join(
        f"{cls}:" + "/".join(f"{lang}{len(seen.get((cls, lang), []))}" for lang in ("ar", "en"))
        for cls in range(0, 9))
    print(f"{len(fixtures)} fixtures ({counts}); {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
