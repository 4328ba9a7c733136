"""Seeded generator of a statement *archive* with planted reuse, for the
archive benchmark (``bench/archive.py``) and the archive tests.

Series of statements run over the years, in global date order, so a
formula can only be borrowed from something already said:

* every series has a title of its own (``Joint Statement of the 12th Round
  of Consultations on Trade and Energy``), a city and 6–30 rounds 2–7 months
  apart;
* round 1 has 7–13 clauses; about a third are *borrowed* formulae (the
  latest wording of a family that appeared in another series, a quarter of
  them reworded on the way), the rest are fresh clauses (new families);
* each next round carries the previous round's clauses and edits them:
  reworded (3–6 words replaced, the family's wording drifts), dropped,
  split in two at a word near the middle (both parts keep the family),
  merged with the next clause (the result belongs to both families), moved,
  and 0–2 clauses added (borrowed or fresh).

The truth is, for every clause of every statement, the set of families it
belongs to (one, or two and more after a merge).  Two clauses are *reused
together* when their sets intersect; ``pair_scores`` measures a clustering
against that by pairs (precision and recall), exactly, by
inclusion–exclusion over the family sets.

``generate(n, lang, seed)`` -> list of :class:`Statement`;
``write(statements, folder)`` writes ``sNNNNN/rNN.txt`` files and
``truth.json``; ``python -m bench.archive_corpus 20`` prints a sample.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import comb
from pathlib import Path

from . import corpus

EN_KINDS = ["Joint Statement", "Final Communique", "Final Declaration", "Closing Statement"]
EN_MEETINGS = ["Round of Consultations", "Ministerial Meeting", "Session of the Joint Commission", "Summit"]
AR_KINDS = ["البيان المشترك", "البيان الختامي", "الإعلان الختامي", "البيان الصادر"]
AR_MEETINGS = ["للجولة", "للاجتماع الوزاري", "للدورة", "للقمة"]

# Split and merge change the clause count; the rates keep a series at about
# ten clauses a round (adds ≈ drops + merges − splits).
P_DROP, P_REWORD, P_SPLIT, P_MERGE, P_MOVE = 0.08, 0.08, 0.02, 0.02, 0.03
P_BORROW = 0.35  # share of new clauses that are formulae from other series
P_BORROW_REWORD = 0.25


@dataclass(slots=True)
class Statement:
    name: str  # relative file name: s00012/r03.txt
    series: int
    round: int
    date: str  # ISO
    lang: str
    title: str
    clauses: list[tuple[str, frozenset[int]]]  # (text, families)
    text: str = ""


@dataclass(slots=True)
class _Series:
    index: int
    lang: str
    title_parts: tuple[str, str, str, str]
    city: str
    rounds: int
    done: int = 0
    clauses: list[tuple[str, frozenset[int]]] = field(default_factory=list)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _title(s: _Series, n: int) -> str:
    kind, meeting, a, b = s.title_parts
    if s.lang == "en":
        return f"{kind} of the {_ordinal(n)} {meeting} on {a.title()} and {b.title()}"
    return f"{kind} {meeting} الـ{n} حول {a} و{b}"


def _nouns(lang: str) -> list[str]:
    if lang == "en":
        return sorted(set(corpus.EN_NOUNS))
    return sorted({n for n, _ in corpus._AR_NOUNS})


def _render(st: Statement, city: str) -> str:
    d = date.fromisoformat(st.date)
    texts = [t for t, _ in st.clauses]
    if st.lang == "en":
        when = f"{d.day} {corpus.EN_MONTHS[d.month - 1]} {d.year}"
        head = [st.title, f"{city}, {when}"]
        pre = (f"The delegations met in {city} on {when} for the {_ordinal(st.round)} time in this format "
               "and, after an exchange of views held in a spirit of mutual respect, issued the following statement.")
        body = [f"{i}. {t}" for i, t in enumerate(texts, 1)]
        closing = f"Done in {city} on {when}."
        lead = corpus.EN_LEAD_IN
    else:
        when = f"{d.day} {corpus.AR_MONTHS[d.month - 1]} {d.year}"
        head = [st.title, f"{city}، {when}"]
        pre = (f"اجتمعت الوفود في {city} بتاريخ {when}، وبعد تبادل وجهات النظر في أجواء من الاحترام المتبادل، "
               "أصدرت البيان التالي.")
        body = [f"{i}- {t}" for i, t in enumerate(texts, 1)]
        closing = f"صدر في {city} بتاريخ {when}."
        lead = corpus.AR_LEAD_IN
    return "\n\n".join(["\n".join(head), pre, lead, *body, closing]) + "\n"


def _split(text: str, rng: random.Random) -> tuple[str, str] | None:
    words = text.rstrip(".").split()
    if len(words) < 16:
        return None
    cut = int(len(words) * rng.uniform(0.4, 0.6))
    first, second = words[:cut], words[cut:]
    second[0] = second[0][:1].upper() + second[0][1:]
    return " ".join(first).rstrip(",،") + ".", " ".join(second) + "."


def _merge(a: str, b: str, lang: str) -> str:
    joiner = ", and " if lang == "en" else "، و"
    return a.rstrip(".") + joiner + (b[:1].lower() + b[1:] if lang == "en" else b)


def generate(n_statements: int, lang: str = "mixed", seed: int = 0) -> list[Statement]:
    """``n_statements`` statements in date order (``lang``: en, ar or mixed)."""
    rng = random.Random(f"archive:{lang}:{seed}")
    langs = ["en", "ar"] if lang == "mixed" else [lang]
    combos = {lg: list(itertools.product(range(4), range(4), range(len(_nouns(lg))), range(len(_nouns(lg)))))
              for lg in langs}
    used: set[tuple[str, tuple[int, int, int, int]]] = set()
    families: dict[str, list[str]] = {lg: [] for lg in langs}  # family id -> latest wording, per language
    latest: dict[int, str] = {}
    next_family = itertools.count()
    heap: list[tuple[date, int]] = []
    all_series: list[_Series] = []
    out: list[Statement] = []

    def new_series(start: date) -> None:
        lg = rng.choice(langs)
        while True:
            k, m, a, b = rng.choice(combos[lg])
            if a != b and (lg, (k, m, min(a, b), max(a, b))) not in used:
                used.add((lg, (k, m, min(a, b), max(a, b))))
                break
        nouns = _nouns(lg)
        parts = ((EN_KINDS if lg == "en" else AR_KINDS)[k], (EN_MEETINGS if lg == "en" else AR_MEETINGS)[m],
                 nouns[a], nouns[b])
        cities = corpus.EN_CITIES if lg == "en" else corpus.AR_CITIES
        s = _Series(len(all_series), lg, parts, rng.choice(cities), rng.randint(6, 30))
        all_series.append(s)
        heapq.heappush(heap, (start, s.index))

    def fresh(lg: str) -> tuple[str, frozenset[int]]:
        f = next(next_family)
        text = corpus._clause(rng, lg)
        families[lg].append(str(f))
        latest[f] = text
        return text, frozenset({f})

    def new_clause(lg: str, present: Sequence[tuple[str, frozenset[int]]]) -> tuple[str, frozenset[int]]:
        pool = families[lg]
        if len(pool) > 50 and rng.random() < P_BORROW:
            taken = set().union(*(fams for _, fams in present)) if present else set()
            f = int(rng.choice(pool))
            if f in taken:  # a statement does not say the same thing twice
                return fresh(lg)
            text = latest[f]
            if rng.random() < P_BORROW_REWORD:
                text = corpus._reword(text, rng, lg)
                latest[f] = text
            return text, frozenset({f})
        return fresh(lg)

    day0 = date(2000, 1, 1)
    # Series start spread over 22 years; enough of them that the statements
    # run out before the series do (the last ones are cut short).
    for _ in range(max(1, round(n_statements / 18 * 1.3))):
        new_series(day0 + timedelta(days=rng.randint(0, 22 * 365)))
    while len(out) < n_statements and heap:
        when, si = heapq.heappop(heap)
        s = all_series[si]
        s.done += 1
        lg = s.lang
        if s.done == 1:
            s.clauses = []
            for _ in range(rng.randint(7, 13)):
                s.clauses.append(new_clause(lg, s.clauses))
        else:
            carried: list[tuple[str, frozenset[int]]] = []
            k = 0
            prev = s.clauses
            while k < len(prev):
                text, fams = prev[k]
                r = rng.random()
                if r < P_DROP:
                    k += 1
                    continue
                r -= P_DROP
                if r < P_REWORD:
                    text = corpus._reword(text, rng, lg)
                    for f in fams:
                        latest[f] = text
                    carried.append((text, fams))
                elif r < P_REWORD + P_SPLIT and (parts := _split(text, rng)):
                    carried.extend((p, fams) for p in parts)
                elif r < P_REWORD + P_SPLIT + P_MERGE and k + 1 < len(prev):
                    nxt, fams2 = prev[k + 1]
                    carried.append((_merge(text, nxt, lg), fams | fams2))
                    k += 1
                else:
                    carried.append((text, fams))
                k += 1
            if len(carried) > 2 and rng.random() < P_MOVE * len(carried):
                item = carried.pop(rng.randrange(len(carried)))
                carried.insert(rng.randrange(len(carried) + 1), item)
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                carried.insert(rng.randint(0, len(carried)), new_clause(lg, carried))
            if not carried:
                carried = [new_clause(lg, ())]
            s.clauses = carried
        st = Statement(f"s{si:05d}/r{s.done:02d}.txt", si, s.done, when.isoformat(), lg, _title(s, s.done),
                       list(s.clauses))
        st.text = _render(st, s.city)
        out.append(st)
        if s.done < s.rounds:
            heapq.heappush(heap, (when + timedelta(days=rng.randint(60, 210)), si))
        elif not heap:
            new_series(when + timedelta(days=30))
    return out


def write(statements: Iterable[Statement], folder: str | Path) -> list[Path]:
    """Write each statement to ``folder/<name>`` and the truth to
    ``folder/truth.json``; returns the paths written, in date order."""
    root = Path(folder)
    paths: list[Path] = []
    truth = []
    made: set[Path] = set()
    for st in statements:
        p = root / st.name
        if p.parent not in made:
            p.parent.mkdir(parents=True, exist_ok=True)
            made.add(p.parent)
        p.write_text(st.text, encoding="utf-8")
        paths.append(p)
        truth.append({"name": st.name, "series": st.series, "round": st.round, "date": st.date, "lang": st.lang,
                      "families": [sorted(f) for _, f in st.clauses]})
    (root / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- scoring


def _positive_pairs(sets: Sequence[frozenset[int]]) -> int:
    """Pairs of ``sets`` that intersect (inclusion–exclusion over subsets)."""
    counts: Counter[frozenset[int]] = Counter()
    for s in sets:
        items = sorted(s)[:4]  # a clause merged more than three times is left at four families
        for size in range(1, len(items) + 1):
            for sub in itertools.combinations(items, size):
                counts[frozenset(sub)] += 1
    return sum((1 if len(sub) % 2 else -1) * comb(n, 2) for sub, n in counts.items())


def pair_scores(predicted: Sequence[Iterable[str] | None], truth: Sequence[frozenset[int]]) -> dict[str, float]:
    """Pairwise precision and recall of a clustering.  ``predicted[k]`` are
    the families clause k was put in (None or empty: none), ``truth[k]`` the
    families it belongs to.  A pair is a true pair when its truth sets
    intersect, a predicted pair when its predicted sets do; a true positive
    is both."""
    ids: dict[str, int] = {}
    pred = [frozenset(ids.setdefault(x, len(ids)) for x in p) if p else frozenset() for p in predicted]
    # pairs that are both predicted and true: group by predicted family, then
    # count the true pairs inside each group, with inclusion–exclusion over
    # clauses in several predicted families
    both: Counter[frozenset[int]] = Counter()
    members: dict[frozenset[int], list[frozenset[int]]] = {}
    for p, t in zip(pred, truth, strict=True):
        items = sorted(p)[:4]
        for size in range(1, len(items) + 1):
            for sub in itertools.combinations(items, size):
                members.setdefault(frozenset(sub), []).append(t)
    true_positive = sum((1 if len(sub) % 2 else -1) * _positive_pairs(ts) for sub, ts in members.items())
    del both
    predicted_pairs = _positive_pairs(pred)
    true_pairs = _positive_pairs(truth)
    return {
        "precision": true_positive / predicted_pairs if predicted_pairs else 1.0,
        "recall": true_positive / true_pairs if true_pairs else 1.0,
        "predicted_pairs": predicted_pairs, "true_pairs": true_pairs, "true_positive": true_positive,
    }


if __name__ == "__main__":
    import sys

    sts = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20, sys.argv[2] if len(sys.argv) > 2 else "mixed")
    for st in sts[:3]:
        print(st.name, st.date, st.clauses[0][1])
        print(st.text)
    print(Counter(len(st.clauses) for st in sts).most_common(), len({st.series for st in sts}), "series")
