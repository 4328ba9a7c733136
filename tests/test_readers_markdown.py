"""The Markdown reader: front matter, headings, lists, emphasis, escapes."""

from __future__ import annotations

from pathlib import Path

import pytest

import communique
from communique.readers.base import Input
from communique.readers.markdown import MarkdownReader, extract_markdown, front_matter

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"

STATEMENT = """\
---
title: "Final Communiqué: Ministerial Meeting"
date: 2025-05-03
lang: en
tags: [a, b]
---

# Final Communiqué

## Preamble

The ministers, *meeting* in **Geneva**:

1. Agreed on the [agenda](https://example.org/agenda) of the meeting.
2. Requested the *Secretariat* to report
   on the progress made, in particular:
   (a) on the working groups;
   (b) on the budget.
3. Decided to meet again.

17\\. A numbered paragraph kept from becoming a list, with an escaped \\*star\\*.

- a bullet
- another `code` bullet

| State | Delegate |
|---|---|
| Iran | A. B. |
"""


def test_markdown_statement():
    text, hints, title, meta = extract_markdown(STATEMENT)
    assert meta == {"title": "Final Communiqué: Ministerial Meeting", "date": "2025-05-03", "language": "en"}
    assert title == "Final Communiqué: Ministerial Meeting"
    paras = text.rstrip("\n").split("\n\n")
    assert paras[:3] == ["Final Communiqué", "Preamble", "The ministers, meeting in Geneva:"]
    assert [text[o:text.find("\n", o)] for o, h in sorted(hints.items())] == ["Final Communiqué", "Preamble"]
    assert paras[3] == "1. Agreed on the agenda of the meeting."
    assert paras[4] == ("2. Requested the Secretariat to report on the progress made, in particular:\n"
                        "(a) on the working groups;\n(b) on the budget.")
    assert paras[5] == "3. Decided to meet again."
    assert paras[6] == "17. A numbered paragraph kept from becoming a list, with an escaped *star*."
    assert paras[7:9] == ["• a bullet", "• another code bullet"]
    assert paras[9:] == ["State\tDelegate", "Iran\tA. B."]


def test_markdown_parses_to_clauses():
    doc = communique.parse(STATEMENT.encode("utf-8"), name="statement.md")
    assert doc.info.format == "markdown"
    assert [(c.path, c.label) for c in doc.walk()][:5] == [("1", "1."), ("2", "2."), ("2.1", "(a)"), ("2.2", "(b)"),
                                                           ("3", "3.")]
    assert doc.rebuild() == doc.source


def test_lazy_numbering_renders():
    text = extract_markdown("1. one\n1. two\n1. three\n\n---\n\n4) four\n5) five\n")[0]
    assert text.split("\n\n") == ["1. one", "2. two", "3. three", "4) four", "5) five\n"]


@pytest.mark.parametrize("head,expected", [
    # a date in words is passed on as written: the structure step reads it (see test_front_matter_date_in_words)
    ("---\ntitle: Plain title # a comment\ndate: 14 March 2024\n---\n", {"title": "Plain title",
                                                                       "date-text": "14 March 2024"}),
    ("---\ntitle: 'It''s quoted'\ndate: \"2024-06-20T10:00:00Z\"\nsymbol: A/RES/78/12\n---\n",
     {"title": "It's quoted", "date": "2024-06-20", "symbol": "A/RES/78/12"}),
    ("---\ntitle: >\n  Folded\n  title\n---\n", {"title": "Folded title"}),
    ("no front matter\n", {}),
    ("---\nnot: closed\n", {}),
])
def test_front_matter(head, expected):
    assert front_matter(head)[0] == expected


def test_front_matter_date_in_words():
    """The structure step reads a front-matter date written in words when
    the text names none."""
    doc = communique.parse(b"---\ntitle: Plain title\ndate: 14 March 2024\n---\n\n1. First clause about peace.\n"
                           b"2. Second clause about cooperation.\n", name="statement.md")
    assert doc.meta.date == "2024-03-14"


def test_sniff():
    reader = MarkdownReader()
    assert reader.sniff(Input(b"1. text\n", "x.md"))
    assert reader.sniff(Input(b"---\ntitle: x\n---\n1. text\n", None))
    assert not reader.sniff(Input(b"1. text\n", None))
    assert not reader.sniff(Input(b"# heading\n", "x.md", media_type="text/html"))
    assert reader.sniff(Input(b"# heading\n", "x", media_type="text/markdown"))
    # plain text with Markdown-looking lines is still plain text
    assert communique.parse(text="# not markdown\n\n1. a clause\n\n2. another clause\n").info.format == "text"


def test_arabic_markdown_sample():
    doc = communique.parse(FORMATS / "samples" / "ar-round-04.md")
    assert [c.label for c in doc.clauses][:3] == ["1.", "2.", "3."]
    assert doc.meta.title.startswith("البيان الختامي")
