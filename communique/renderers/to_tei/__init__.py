"""TEI P5: one statement as a TEI document (``document.py``, read back by
:mod:`communique.readers.tei`), a diff or a history as a collation: a
critical apparatus in parallel segmentation (``collation.py``, with the
in-line variation of ``inline.py``); a cross-language diff as the two texts
and a stand-off ``linkGrp`` of translation links (``translation.py``)."""

from __future__ import annotations

from ...model import Diff, Document, History
from ..base import FormatRenderer
from .common import serialize


def render_document(doc: Document) -> str:
    from .document import document_tei

    return serialize(document_tei(doc))


def render_diff(diff: Diff) -> str:
    if diff.cross_language:
        from .translation import translation_tei

        return serialize(translation_tei(diff))
    from .collation import diff_tei

    return serialize(diff_tei(diff))


def render_history(history: History) -> str:
    from .collation import history_tei

    return serialize(history_tei(history))


RENDERER = FormatRenderer("tei", "TEI P5 XML (a statement; a collation of rounds)", document=render_document,
                          diff=render_diff, history=render_history)
