"""Golden files: every text format rendered from the sample rounds.

The three transitions of each sample series (samples/README.md, "Edit
tables") hold every op kind between them: unchanged (also renumbered and
cosmetic), modified, moved, added, dropped, split and merged; an original
and its translation (tests/xlang/astana_en_ar, aligned without the
optional model so that every machine writes the same) the cross-language
kinds (translated, omitted, added and split here) with fact mismatches.  Each case
below renders one of them in one text format at a fixed width, and
``tests/test_cli_golden.py`` fails on any difference from the committed
file.  After a deliberate change of an output, regenerate them all with::

    python -m tests.golden --update

(from the repository root) and review the diff of ``tests/golden/`` like code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WIDTH = 80
PAIRS = (("01", "02"), ("02", "03"), ("03", "04"))
LANGS = ("en", "ar")


@cache
def document(lang: str, k: str):  # -> communique.Document
    import communique

    name = f"samples/{lang}/round-{k}.txt"
    return communique.parse(ROOT / name, name=name)


@cache
def diff(lang: str, a: str, b: str):  # -> communique.Diff
    import communique

    return communique.diff(document(lang, a), document(lang, b))


@cache
def translation():  # -> communique.Diff
    import communique

    docs = [communique.parse(ROOT / name, name=name)
            for name in ("tests/xlang/astana_en_ar.orig.txt", "tests/xlang/astana_en_ar.trans.txt")]
    return communique.diff(*docs, semantic=False)


@cache
def history(lang: str):  # -> communique.History
    import communique

    docs = [document(lang, k) for k in ("01", "02", "03", "04")]
    return communique.history(docs, labels=[d.info.name for d in docs])


def cases() -> Iterator[tuple[str, Callable[[], str]]]:
    """``(file name, render)`` for every golden file."""
    from communique import render

    for lang in LANGS:
        for a, b in PAIRS:
            stem = f"diff-{lang}-{a}-{b}"
            yield f"{stem}.terminal.txt", lambda lang=lang, a=a, b=b: render(diff(lang, a, b), "terminal",
                                                                              width=WIDTH, context=True)
            yield f"{stem}.unified.txt", lambda lang=lang, a=a, b=b: render(diff(lang, a, b), "unified",
                                                                             context=True)
            yield f"{stem}.side-by-side.txt", lambda lang=lang, a=a, b=b: render(diff(lang, a, b), "side-by-side",
                                                                                  width=WIDTH)
            yield f"{stem}.md", lambda lang=lang, a=a, b=b: render(diff(lang, a, b), "markdown", context=True)
        yield f"history-{lang}.terminal.txt", lambda lang=lang: render(history(lang), "terminal", width=WIDTH)
        yield f"history-{lang}.narrow.txt", lambda lang=lang: render(history(lang), "terminal", width=40)
        yield f"history-{lang}.md", lambda lang=lang: render(history(lang), "markdown")
        yield f"parse-{lang}-02.text.txt", lambda lang=lang: render(document(lang, "02"), "text")
        yield f"parse-{lang}-02.md", lambda lang=lang: render(document(lang, "02"), "markdown")
    yield "xlang-en-ar.terminal.txt", lambda: render(translation(), "terminal", width=WIDTH, context=True)
    yield "xlang-en-ar.unified.txt", lambda: render(translation(), "unified", context=True)
    yield "xlang-en-ar.side-by-side.txt", lambda: render(translation(), "side-by-side", width=WIDTH)
    yield "xlang-en-ar.md", lambda: render(translation(), "markdown", context=True)
    yield "diff-en-02-03.terminal-color.txt", lambda: render(diff("en", "02", "03"), "terminal", width=WIDTH,
                                                             color=True)


def path(name: str) -> Path:
    return HERE / name


def update() -> list[str]:
    """Write every golden file; the names of those that changed."""
    changed = []
    for name, make in cases():
        text = make()
        target = path(name)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed
