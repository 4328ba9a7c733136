"""Check the realistic development set's labels for consistency.

    python tests/realistic/check.py

Statements: every ``NAME.txt`` has a ``NAME.expected.json`` of the documented
shape; clause paths are well formed and unique; each clause's ``starts`` words
occur in the text in reading order; continuations, sections and preambular
refer to listed clauses; a ``§K:`` run starts in section K; a sub-clause's
parent is listed before it; ``prose`` agrees with the paths; parties,
observers and mentions are disjoint.

Pairs: ``NAME.old.txt``, ``NAME.new.txt``, ``NAME.paths.json`` and
``NAME.facts.json`` exist; every clause of each side is in exactly one op; ops
use the documented names and shapes.

Exit status 0 when everything holds, 1 otherwise (each problem on one line).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PATH = re.compile(r"^(?:§(\d+):)?(p\d+|¶\d+|•\d+|\d+)((?:\.\d+)*)$")
OPS = {"unchanged", "modified", "moved", "split", "merged", "dropped", "added"}
COSMETIC = {"punctuation", "diacritics", "quotes", "digits", "spacing", "tatweel", "case"}
META_KEYS = {"title", "round", "date", "date_end", "place", "parties", "observers", "mentions"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

problems: list[str] = []


def problem(where: str, message: str) -> None:
    problems.append(f"{where}: {message}")


def parent(path: str) -> str | None:
    head, dot, _ = path.rpartition(".")
    return head if dot else None


def check_paths(where: str, paths: list[str]) -> None:
    seen: set[str] = set()
    for p in paths:
        if not PATH.match(p):
            problem(where, f"malformed path {p!r}")
        if p in seen:
            problem(where, f"path {p!r} twice")
        up = parent(p)
        if up is not None and up not in seen:
            problem(where, f"sub-clause {p!r} before (or without) its parent {up!r}")
        seen.add(p)


def check_statement(txt: Path) -> None:
    name = txt.name[: -len(".txt")]
    where = f"statements/{name}"
    exp_file = txt.with_name(name + ".expected.json")
    if not exp_file.exists():
        problem(where, "no .expected.json")
        return
    try:
        exp = json.loads(exp_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        problem(where, f"invalid JSON: {e}")
        return
    keys = ("description", "language", "prose", "clauses", "starts", "continuations", "sections", "preambular", "meta")
    for key in keys:
        if key not in exp:
            problem(where, f"missing key {key!r}")
            return
    text = txt.read_text(encoding="utf-8")
    clauses: list[str] = exp["clauses"]
    check_paths(where, clauses)
    cset = set(clauses)

    # starts: in order, each as a run of whitespace-separated words
    if set(exp["starts"]) != cset:
        problem(where, "starts keys differ from clauses")
    flat = " ".join(text.split())
    pos = 0
    for c in clauses:
        s = exp["starts"].get(c)
        if not s:
            continue
        i = flat.find(s, pos)
        if i < 0:
            problem(where, f"start of {c!r} ({s!r}) not found after the previous clause")
        else:
            pos = i + 1

    for k, v in exp["continuations"].items():
        if k not in cset:
            problem(where, f"continuation of unknown clause {k!r}")
        if not isinstance(v, int) or v < 1:
            problem(where, f"continuation count for {k!r} must be a positive integer")

    # sections: clauses listed in order, disjoint, each a listed clause
    in_section: dict[str, int] = {}
    order = {c: i for i, c in enumerate(clauses)}
    last = -1
    for k, sec in enumerate(exp["sections"], start=1):
        if set(sec) != {"heading", "clauses"}:
            problem(where, f"section {k} keys {sorted(sec)}")
        for c in sec["clauses"]:
            if c not in cset:
                problem(where, f"section {k} lists unknown clause {c!r}")
                continue
            if c in in_section:
                problem(where, f"clause {c!r} in two sections")
            if order[c] < last:
                problem(where, f"section {k} out of reading order at {c!r}")
            last = order[c]
            in_section[c] = k
    # §K: the first top-level clause of a §K run lies in section K
    runs: dict[int, str] = {}
    for c in clauses:
        m = PATH.match(c)
        if m and m.group(1) and not m.group(3):
            runs.setdefault(int(m.group(1)), c)
    for k, first in runs.items():
        if in_section.get(first) != k:
            problem(where, f"§{k}: run starts at {first!r}, which is in section {in_section.get(first)}")

    pre = [c for c in clauses if re.fullmatch(r"p\d+", c)]
    if exp["preambular"] != pre:
        problem(where, f"preambular {exp['preambular']} != p-paths {pre}")

    tops = [c for c in clauses if "." not in c.split(":")[-1]]
    prose_paths = all(t.split(":")[-1].startswith("¶") for t in tops) and tops
    if bool(exp["prose"]) != bool(prose_paths):
        problem(where, f"prose={exp['prose']} but top-level paths are {tops[:3]}…")

    meta = exp["meta"]
    if set(meta) != META_KEYS:
        problem(where, f"meta keys {sorted(meta)}")
    else:
        for key in ("date", "date_end"):
            if meta[key] is not None and not DATE.match(meta[key]):
                problem(where, f"meta.{key} {meta[key]!r} is not YYYY-MM-DD")
        if meta["date_end"] and meta["date"] and meta["date_end"] < meta["date"]:
            problem(where, "date_end before date")
        flat_t = " ".join(text.replace("\u0640", "").split())
        if meta["title"] and meta["title"].replace("\u0640", "") not in flat_t:
            problem(where, "meta.title does not occur in the text (tatweel and line breaks aside)")
        lists = [set(meta["parties"]), set(meta["observers"]), set(meta["mentions"])]
        if lists[0] & lists[1] or lists[0] & lists[2] or lists[1] & lists[2]:
            problem(where, "parties, observers and mentions overlap")

    paragraphs = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    lines = [line for line in text.splitlines() if line.strip()]
    if not (15 <= max(len(paragraphs), len(lines)) <= 200):
        problem(where, f"{len(paragraphs)} paragraphs / {len(lines)} lines: outside the 15-120 paragraph brief")


MARK = re.compile(r"⟦([^⟧]*)⟧")
FOLD = {
    # punctuation other than quotation marks, which have a rule of their own
    "punctuation": lambda t: "".join(
        ch for ch in t if ch in "\"'«»“”„‘’" or not unicodedata.category(ch).startswith("P")
    ),
    "diacritics": lambda t: re.sub("[\u064b-\u0652\u0670]", "", t),
    "quotes": lambda t: re.sub("[«»“”„]", '"', re.sub("[‘’]", "'", t)),
    "digits": lambda t: t.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")),
    "spacing": lambda t: re.sub(r"\s+([,.;:!?،؛؟])", r"\1", re.sub(r"\s+", " ", t)),
    "tatweel": lambda t: t.replace("\u0640", ""),
    "case": lambda t: t.casefold(),
}


def clause_texts(src: Path) -> dict[str, str]:
    """Each clause's own text (with its continuations, without sub-clauses) from an annotated source."""
    body = src.read_text(encoding="utf-8").partition("\n---\n")[2]
    marks = list(MARK.finditer(body))
    out: dict[str, str] = {}
    for i, m in enumerate(marks):
        label = m.group(1)
        if label.startswith("#") or label == ".":
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        seg = body[m.end() : end]
        head, nl, tail = seg.rstrip(" ").rpartition("\n")
        if nl and len(tail.strip()) <= 8:  # the next clause's marker or a heading's number
            seg = head
        seg = seg.strip()
        key = label[1:] if label.startswith("+") else label
        out[key] = out[key] + "\n\n" + seg if label.startswith("+") else seg
    return out


def check_texts(where: str, name: str, ops: list[dict]) -> None:
    base = HERE / "src" / "pairs"
    if not (base / f"{name}.old.src").exists():
        return
    old, new = clause_texts(base / f"{name}.old.src"), clause_texts(base / f"{name}.new.src")
    for i, op in enumerate(ops):
        if op.get("op") not in ("unchanged", "modified") or len(op.get("old", [])) != 1:
            continue
        a, b = old.get(op["old"][0]), new.get(op["new"][0])
        if a is None or b is None:
            continue
        rules = op.get("cosmetic", [])
        if op["op"] == "unchanged":
            if not rules and a != b:
                problem(where, f"op {i}: 'unchanged' {op['old']}→{op['new']} but the texts differ")
            if rules:
                if a == b:
                    problem(where, f"op {i}: cosmetic {rules} listed but the texts are identical")
                fa, fb = a, b
                for r in rules:
                    fa, fb = FOLD[r](fa), FOLD[r](fb)
                if fa != fb:
                    problem(where, f"op {i}: {op['old']}→{op['new']} still differ after folding {rules}")
                for r in rules:
                    ga, gb = a, b
                    for q in rules:
                        if q != r:
                            ga, gb = FOLD[q](ga), FOLD[q](gb)
                    if ga == gb:
                        problem(where, f"op {i}: cosmetic rule {r!r} is not needed")
        else:
            fa, fb = a, b
            for f in FOLD.values():
                fa, fb = f(fa), f(fb)
            if " ".join(fa.split()) == " ".join(fb.split()):
                problem(where, f"op {i}: 'modified' {op['old']}→{op['new']} differs only cosmetically")


def check_pair(name: str) -> None:
    where = f"pairs/{name}"
    base = HERE / "pairs"
    for suffix in (".old.txt", ".new.txt", ".paths.json", ".facts.json"):
        if not (base / f"{name}{suffix}").exists():
            problem(where, f"missing {name}{suffix}")
            return
    try:
        paths = json.loads((base / f"{name}.paths.json").read_text(encoding="utf-8"))
        facts = json.loads((base / f"{name}.facts.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        problem(where, f"invalid JSON: {e}")
        return
    for side in ("old", "new"):
        check_paths(f"{where}.{side}", paths[side])
        n = len([p for p in paths[side] if "." not in p.split(":")[-1]])
        if not 8 <= n <= 30:
            problem(where, f"{side} has {n} top-level clauses (brief: 8-30)")
    if "description" not in facts or "ops" not in facts:
        problem(where, "facts.json needs description and ops")
        return
    check_texts(where, name, facts["ops"])
    used = {"old": [], "new": []}
    for i, op in enumerate(facts["ops"]):
        kind = op.get("op")
        if kind not in OPS:
            problem(where, f"op {i}: unknown op {kind!r}")
            continue
        old, new = op.get("old", []), op.get("new", [])
        shape = {
            "unchanged": (1, 1),
            "modified": (1, 1),
            "moved": (1, 1),
            "split": (1, None),
            "merged": (None, 1),
            "dropped": (1, 0),
            "added": (0, 1),
        }[kind]
        if shape[0] is not None and len(old) != shape[0]:
            problem(where, f"op {i} ({kind}): {len(old)} old paths")
        if shape[1] is not None and len(new) != shape[1]:
            problem(where, f"op {i} ({kind}): {len(new)} new paths")
        if kind == "split" and len(new) < 2:
            problem(where, f"op {i}: a split needs two or more new paths")
        if kind == "merged" and len(old) < 2:
            problem(where, f"op {i}: a merge needs two or more old paths")
        if "cosmetic" in op:
            if kind != "unchanged":
                problem(where, f"op {i}: cosmetic on a {kind} op")
            bad = set(op["cosmetic"]) - COSMETIC
            if bad:
                problem(where, f"op {i}: unknown cosmetic rules {sorted(bad)}")
        used["old"] += old
        used["new"] += new
    for side in ("old", "new"):
        want, got = paths[side], used[side]
        missing = [p for p in want if p not in got]
        extra = [p for p in got if p not in want]
        dup = sorted({p for p in got if got.count(p) > 1})
        if missing:
            problem(where, f"{side} clauses in no op: {missing}")
        if extra:
            problem(where, f"{side} paths not in paths.json: {extra}")
        if dup:
            problem(where, f"{side} clauses in two ops: {dup}")


def main() -> int:
    statements = sorted((HERE / "statements").glob("*.txt"))
    for txt in statements:
        check_statement(txt)
    pairs = sorted({p.name.split(".")[0] for p in (HERE / "pairs").glob("*.facts.json")})
    for name in pairs:
        check_pair(name)
    n_ops = sum(len(json.loads((HERE / "pairs" / f"{n}.facts.json").read_text())["ops"]) for n in pairs)
    for p in problems:
        print(p)
    print(
        f"{len(statements)} statements, {len(pairs)} pairs, {n_ops} ops: "
        f"{'OK' if not problems else f'{len(problems)} problem(s)'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
