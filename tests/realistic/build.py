"""Build the realistic development set from its annotated sources.

Each source file (``src/statements/NAME.src``, ``src/pairs/NAME.old.src`` /
``NAME.new.src``) is a JSON header, a line ``---``, then the document text with
the labeller's marks in ⟦ ⟧ brackets.  The marks are the labels: stripping
them gives the ``.txt`` byte for byte; reading them gives the clause paths,
starts, continuations and sections.

  ⟦K⟧    a clause with path K begins here (put just before its first word,
         after its marker: ``3. ⟦3⟧Reaffirmed …``, ``(b) ⟦7.2⟧the …``)
  ⟦+K⟧   an unnumbered paragraph that continues clause K begins here
  ⟦#⟧    a heading begins here (after its marker, if it has one); the
         heading text is the rest of the line, without a final colon; it
         opens a new section
  ⟦#-⟧   a headless section opens here (a numbering restart with no heading)
  ⟦.⟧    the current clause's text ends here (closing material follows);
         used by check.py when it compares clause texts, no label of its own

The header gives description, language, prose and meta; build.py adds
clauses, starts, continuations, sections and preambular.

    python tests/realistic/build.py          # rewrite statements/ and pairs/
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"⟦([^⟧]*)⟧")


def dumps(obj) -> str:
    """JSON with two-space indents, lists of plain values kept on one line."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)

    def squash(m: re.Match) -> str:
        items = [line.strip() for line in m.group(1).strip().splitlines()]
        return "[" + " ".join(items) + "]"

    return re.sub(r"\[\n((?:\s*(?:\"(?:[^\"\\]|\\.)*\"|-?\d+|null|true|false),?\n)+)\s*\]", squash, text) + "\n"


def read_source(path: Path) -> tuple[dict, str]:
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        sys.exit(f"{path}: no '---' line after the JSON header")
    return json.loads(head), body


def parse_marks(body: str, where: Path) -> tuple[str, dict]:
    text_parts: list[str] = []
    marks: list[tuple[int, str]] = []  # (offset in clean text, mark)
    pos = 0
    clean_len = 0
    for m in MARK.finditer(body):
        chunk = body[pos : m.start()]
        text_parts.append(chunk)
        clean_len += len(chunk)
        marks.append((clean_len, m.group(1)))
        pos = m.end()
    text_parts.append(body[pos:])
    text = "".join(text_parts)

    clauses: list[str] = []
    starts: dict[str, str] = {}
    continuations: dict[str, int] = {}
    sections: list[dict] = []
    current: dict | None = None
    for offset, mark in marks:
        if mark == "#":
            line = text[offset:].split("\n", 1)[0].strip()
            line = re.sub(r"\s*[:：]\s*$", "", line)
            current = {"heading": line, "clauses": []}
            sections.append(current)
        elif mark == ".":
            continue
        elif mark == "#-":
            current = {"heading": None, "clauses": []}
            sections.append(current)
        elif mark.startswith("+"):
            key = mark[1:]
            if key not in clauses:
                sys.exit(f"{where}: continuation of unknown clause {key!r}")
            continuations[key] = continuations.get(key, 0) + 1
        else:
            if mark in clauses:
                sys.exit(f"{where}: clause {mark!r} twice")
            clauses.append(mark)
            starts[mark] = " ".join(text[offset:].split()[:3])
            if current is not None:
                current["clauses"].append(mark)
    labels = {
        "clauses": clauses,
        "starts": starts,
        "continuations": continuations,
        "sections": sections,
        "preambular": [c for c in clauses if re.fullmatch(r"p\d+", c)],
    }
    return text, labels


def build_statement(src: Path, out_dir: Path) -> None:
    header, body = read_source(src)
    text, labels = parse_marks(body, src)
    name = src.stem
    (out_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    expected = {
        "description": header["description"],
        "language": header["language"],
        "prose": header["prose"],
        **labels,
        "meta": header["meta"],
    }
    if "notes" in header:
        expected["notes"] = header["notes"]
    (out_dir / f"{name}.expected.json").write_text(dumps(expected), encoding="utf-8")


def build_pairs(src_dir: Path, out_dir: Path) -> None:
    names = sorted({p.name.rsplit(".", 2)[0] for p in src_dir.glob("*.src")})
    for name in names:
        paths = {}
        for side in ("old", "new"):
            src = src_dir / f"{name}.{side}.src"
            _header, body = read_source(src)
            text, labels = parse_marks(body, src)
            (out_dir / f"{name}.{side}.txt").write_text(text, encoding="utf-8")
            paths[side] = labels["clauses"]
        (out_dir / f"{name}.paths.json").write_text(dumps(paths), encoding="utf-8")


def main() -> None:
    for src in sorted((HERE / "src" / "statements").glob("*.src")):
        build_statement(src, HERE / "statements")
    build_pairs(HERE / "src" / "pairs", HERE / "pairs")


if __name__ == "__main__":
    main()
