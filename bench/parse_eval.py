"""How the parser does on the layout fixtures and the realistic statements.

``python -m bench.parse_eval [-v]``: one line per file (structure and
metadata problems), then the counts.  The same checks run as tests in
``tests/test_layouts.py``; this is the development view of all of them at
once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import communique
from tests.layout_check import expected_of, meta_problems, structure_problems

ROOT = Path(__file__).resolve().parents[1]
SETS = {"layouts": ROOT / "tests" / "layouts", "realistic": ROOT / "tests" / "realistic" / "statements"}


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    only = [a for a in argv if not a.startswith("-")]
    for name, folder in SETS.items():
        files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html")
                       and p.with_name(p.name.rsplit(".", 1)[0] + ".expected.json").exists())
        if only:
            files = [f for f in files if any(o in f.name for o in only)]
        ok_struct = ok_meta = 0
        for f in files:
            want = expected_of(f)
            try:
                doc = communique.parse(f)
                sp, mp = structure_problems(doc, want), meta_problems(doc, want)
            except communique.CommuniqueError as exc:
                sp, mp = [f"error: {exc}"], []
            ok_struct += not sp
            ok_meta += not mp
            mark = ("S" if not sp else "s") + ("M" if not mp else "m")
            print(f"{mark} {name}/{f.name}")
            if verbose:
                for line in sp + mp:
                    print(f"     {line[:300]}")
        print(f"== {name}: structure {ok_struct}/{len(files)}, metadata {ok_meta}/{len(files)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
