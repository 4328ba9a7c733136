"""Build the fuzz target's seed corpus.

    python tests/fuzz/build_corpus.py OUT_DIR [--max-bytes N]

Copies, one file per distinct content (named by its SHA-1), the project's own
samples (``samples/``), the layout and realistic-statement fixtures
(``tests/layouts``, ``tests/realistic/statements``), the reproductions of the
reliability issue (``tests/fixtures/repro``, and ``../shared/repro`` when it
is there), the crashes kept as regression examples (``tests/fuzz/crashes``)
and a few small hand-made seeds of every input format (TEI, XHTML, HTML with
a charset, UTF-16, cp1256, prose).  Inputs over ``--max-bytes`` (default
64 KB) are cut at a line break there: libFuzzer mutates small inputs faster.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = [
    ROOT / "samples",
    ROOT / "tests" / "layouts",
    ROOT / "tests" / "realistic" / "statements",
    ROOT / "tests" / "fixtures" / "repro",
    ROOT.parent / "shared" / "repro",  # ../shared beside the clone
    ROOT.parents[1] / "shared" / "repro",  # … or beside the folder of worktrees
    HERE / "crashes",
]
SUFFIXES = {".txt", ".html", ".htm", ".xml", ".tei", ".md", ""}

HAND_MADE: list[bytes] = [
    b"1- First clause about cooperation.\n2- Second clause about peace.\n3-\n",
    "١- البند الأول بشأن التعاون.\n٢- البند الثاني بشأن السلام.\n".encode(),
    "أولاً: البند الأول.\nثانياً: البند الثاني.\n(أ) فرعي أول.\n(ب) فرعي ثان.\n".encode(),
    "1. One.\n(a) sub a here\n(b) sub b here\n2. Two.\n(i) roman\n(ii) roman two\n".encode("utf-16"),
    "1- البند الأول.\n2- البند الثاني.\n".encode("cp1256"),
    b'<html><head><meta charset="utf-8"><title>T</title></head><body><ol><li>First.</li><li>Second.</li>'
    b"</ol></body></html>",
    b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
    b"<titleStmt><title>T</title></titleStmt></fileDesc></teiHeader><text><body><div type=\"clause\" n=\"1\">"
    b"<p>One.</p></div><div type=\"clause\" n=\"2\"><p>Two.</p></div></body></text></TEI>\n",
    b"Paragraph one of a news report with enough words to be a body paragraph here.\n\n"
    b"Paragraph two of the same report, also long enough to count as a paragraph.\n",
    b"1- a \x1b[2J clause \x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\ \xe2\x80\xae here <script>x</script>.\n"
    b"2- second ]]> &#x1b; \xc2\x9b clause.\n",
]


def _files() -> Iterator[Path]:
    for src in SOURCES:
        if src.is_dir():
            yield from sorted(p for p in src.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                              and not p.name.startswith("."))


def _cut(data: bytes, limit: int) -> bytes:
    if len(data) <= limit:
        return data
    k = data.rfind(b"\n", 0, limit)
    return data[: k + 1 if k > 0 else limit]


def build(out: Path, max_bytes: int = 64 * 1024) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for data in [*(p.read_bytes() for p in _files()), *HAND_MADE]:
        data = _cut(data, max_bytes)
        target = out / hashlib.sha1(data).hexdigest()
        if not target.exists():
            target.write_bytes(data)
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--max-bytes", type=int, default=64 * 1024)
    args = ap.parse_args()
    print(f"{build(args.out, args.max_bytes)} new seed(s) in {args.out}")


if __name__ == "__main__":
    main()
