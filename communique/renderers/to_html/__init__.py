"""HTML: one self-contained report file for a diff or a history.

The page is built as an lxml tree (text only ever enters as element text or
attribute values, so nothing is injected unescaped), with its stylesheet and a
small optional script inline; it fetches nothing (a Content-Security-Policy
``<meta>`` allows only the inline style and script, by hash).

Diff report: both rounds' metadata and the meta changes, a summary of the
operations as chips, then every operation in order in two views, *side by
side* (old | new) and *inline* (one column, the new text with the deletions
spliced in).  Word changes are ``<del class="w-del">`` / ``<ins
class="w-ins">`` (a replacement is a ``del`` then an ``ins``, both also
``w-rep``; a change that is only a leading clitic is also ``w-clitic``); a
difference the comparison profile folded (diacritics, quotes …) is a
``span.w-cos`` titled with the other side's text.
Clause blocks of the side-by-side view carry ``id="old-<path>"`` /
``id="new-<path>"``; moved, split and merged clauses link to their
counterparts, and a moved clause leaves a marker where it stood.  The view
toggle works without JavaScript (both views are in the page, ``:target`` CSS
picks one; the script only keeps the reading position when switching).

History report: the lineage matrix (lineages × rounds; a cell is the clause
path, marked when the wording changed, empty when absent), then each
lineage's text through the rounds with the word changes between consecutive
versions.

Every text block gets ``dir`` and ``lang`` from its own text
(:func:`communique.text.scripts.is_rtl` and ``detect_language``), so
Arabic and English blocks mix on one page whose chrome is English, or
Arabic with ``ui="ar"`` (the page right to left, the old round's column on
the right; the words are in :mod:`.strings`).

Where people read it: below 760 px the two columns stack and each keeps its
Old/New label, tables scroll inside their box (the page never scrolls
sideways); printing shows the side-by-side view without the controls and
lets long operations break across pages (only headings are kept with what
follows), so no page is left half empty; ``prefers-color-scheme: dark``
gets a dark palette.  The summary chips filter the clauses by kind (hidden
checkboxes and CSS ``:has``, no script), the change list links every op
that is not ``unchanged``, and the script adds previous/next-change buttons
and keys (``n``/``j``, ``p``/``k``).

The web application (:mod:`communique.web`) serves the same pages from the
same functions (``build_diff``/``build_history`` with a ``chrome`` that adds
its bar), with the same inline stylesheet and script and the same hashes in
a Content-Security-Policy header.
"""

from ..base import FormatRenderer, Option
from .diff import render_diff
from .history import render_history

RENDERER = FormatRenderer(
    "html", "a self-contained HTML report", diff=render_diff, history=render_history,
    options={"title": Option(str, "", "the page title"),
             "script": Option(bool, True, "include the optional script (the page works without it)"),
             "ui": Option(str, "en", "interface language: en, or ar (Arabic, right to left, old round on the right)")},
)
