"""PDF → the text a careful reader sees, with page furniture hinted.

Extraction is pypdfium2 (PDFium; Apache-2.0/BSD-3), imported only here and
only when a PDF is read.  It was measured against pdfminer.six on the
fixtures (``bench/readers.py``, ``bench/RESULTS-readers.md``): its pass over
the characters and their boxes is 30 to 60 times faster than pdfminer's
layout objects, and this whole reader is faster than pdfminer's plain
``extract_text``.

The text is *not* PDFium's own reading of the page: that one reorders
right-to-left runs with a bidi pass of its own which, on shaped Arabic, turns
the marker ``1-`` into ``-1``, the lam-alef ligature into alef + lam
(``االلتزام``), puts combining marks on lines of their own and mirrors
guillemets.  Instead every character is taken with its box and baseline, and:

1. Characters are grouped into lines by baseline (a vowel mark drawn above
   its letter stays with it), lines split where a gap wider than 2.5 em
   separates two columns of a masthead.
2. Each line is laid out left to right by position, which is its *visual*
   order whatever order the producer wrote the glyphs in (a legacy producer
   writing reversed presentation forms and a shaping producer give the same
   sequence), and turned into logical order: a right-to-left line (more
   Arabic or Hebrew letters than Latin) is reversed and its left-to-right
   runs (Latin words, numbers such as ``2254`` or ``13.5``) reversed back;
   brackets and guillemets in the right-to-left runs are mirrored back.  A
   ligature's letters (one box, several characters) keep their own order,
   with lam before alef.
3. Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and the Latin
   ligatures (U+FB00–U+FB06) are folded by NFKC, those ranges only.
4. Lines become paragraphs: a vertical gap larger than the line spacing, a
   page break after a line that ends short, or a line that ends short of the
   margin although the next line's first word would have fitted ends a
   paragraph (or, without a gap, a line within it); a line that starts with a
   clause marker stays a line start.  Other lines are joined with a space;
   an English word hyphenated at a line end is joined again (``organi-`` +
   ``zations``) unless the hyphen is part of the word (``Syrian-led``,
   ``de-escalation``), judged by the words of the document itself.
5. Page furniture is kept in the text, as paragraphs of its own hinted
   ``"page-furniture"``: lines at the top or bottom of the pages that repeat
   (digits aside) on most pages, page numbers (``- 2 -``, ``2/5``, ``Page 2
   of 5``), document symbols (``A/RES/80/12``: also ``meta["symbol"]``), the
   masthead lines of a UN document's first page (``Distr.: General``,
   ``Original: English``, session and agenda lines), and small-print lines
   set apart at a page edge.  Furniture met inside a paragraph that runs on
   to the next page is written after that paragraph.  Bold or large short
   paragraphs are hinted ``"heading"`` (the first is the title).  Footnotes
   (small print at the foot of a page, under the text, opening with a note
   mark) are written after the body, one paragraph each, hinted
   ``"footnote"``.

A PDF with no text layer (a scan) is refused in one line: there is no OCR.
Rotated text (watermarks, margin notes) is left out.
"""

from __future__ import annotations

import itertools
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from ..errors import InputError
from ..model import ParseWarning
from ..text.patterns import compiled
from .base import Extracted, Hint, opens_clause
from .lazy import LazyModule

if TYPE_CHECKING:
    import ctypes
    import statistics
else:  # imported when a reader first uses them: see readers/lazy.py
    ctypes = LazyModule("ctypes")
    statistics = LazyModule("statistics")

MAX_PAGES = 1000
MAX_CHARS = 2_000_000

_FOLD = compiled(r"[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufefe]+")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
# Alef forms and the letters that never join the letter after them: a
# ligature cannot start with one of them, so such a ligature came out reversed.
_NON_JOINING = frozenset("اأإآٱدذرزوؤةءى")
_LAM_ALEF = compiled(r"([اأإآٱ])ل")
_SPACE = compiled(r"[ \u00a0\u2000-\u200a\u202f]+")

# Page furniture
_PAGE_NUMBER = compiled(
    r"^[\s\-–—.(\[]*(?:(?:page|p\.|pp\.|seite|стр\.?|страница|صفحة|الصفحة)\s*)?[0-9\u0660-\u0669]{1,4}"
    r"(?:\s*(?:/|of|из|من|de|sur)\s*[0-9\u0660-\u0669]{1,4})?[\s\-–—.)\]]*$", regex.I)
_SYMBOL = compiled(
    r"(?<![\w/])(?:A|S|E|C|T|UNEP|ST|TD|DP|ICCD|FCCC|CRC|CEDAW|CCPR|HRC|ECE|UNW|ESCAP|ECLAC|ECA|ESCWA)"
    r"(?:/(?:[A-Z]{1,8}\.?|\d{1,4}(?:\.\d{1,3})?|L\.\d{1,4}|Add\.\d{1,3}|Rev\.\d{1,2}|Corr\.\d{1,2}|PV\.\d{1,5}"
    r"|\d{1,4}-[A-Z]{2,5}(?:\.\d)?|[A-Z]{1,6}\.\d{1,4}))+(?:\s*\(\d{4}\))?(?![\w/])")
_MASTHEAD = compiled(
    r"^(?:United Nations|Nations Unies|Organisation des Nations Unies|Организация Объединенных Наций"
    r"|الأمم المتحدة|General Assembly|Security Council|Economic and Social Council|Human Rights Council"
    r"|Генеральная Ассамблея|Совет Безопасности|الجمعية العامة|مجلس الأمن|المجلس الاقتصادي والاجتماعي"
    r"|Distr\.?\s*:?\s*\w+|Original\s*:\s*\w+|Оригинал\s*:\s*\w+|Язык оригинала\s*:\s*\w+"
    r"|التوزيع\s*:?\s*\S+|الأصل\s*:?\s*\S+|Advance unedited version|Please recycle"
    r"|[\w\-–]+ (?:session|сессия)|الدورة \S+(?: \S+)?|(?:Agenda items?|Пункты? \d+|البند)\b.{0,60}"
    r"|GE\.\d{2}-\d{4,6}.{0,12}|\*\d{5,9}\*|[0-9]{1,2} \w+ [0-9]{4}"
    r"|[0-9\u0660-\u0669]{1,2} \S+ [0-9\u0660-\u0669]{4})$",
    regex.I)
_DIGITS = compiled(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")
# what ends a sentence or a clause at a line end (a comma does not)
_SENTENCE_END = compiled(r"[.:;!?؟؛…][\"'»”’)\]]*$")
_WORD = compiled(r"[\p{L}\p{M}]+(?:[-\u2010][\p{L}\p{M}]+)*")
_HYPHEN_END = compiled(r"(\p{L}+)[-\u2010\u00ad\x02]$")
_WORD_START = compiled(r"^\p{L}+")
# Words an English compound is often made with (a hyphen kept at a line end).
_COMPOUND_LEFT = frozenset((
    "self", "non", "co", "ex", "anti", "counter", "cross", "well", "long", "short", "post", "pre", "multi", "semi",
    "quasi", "vice", "mid", "north", "south", "east", "west", "full", "half", "all", "high", "low", "large", "small",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "follow", "so", "confidence",
    "decision", "peace", "state", "policy", "law"))
_COMPOUND_RIGHT = frozenset((
    "based", "building", "led", "owned", "making", "term", "scale", "level", "related", "wide", "free", "oriented",
    "sensitive", "friendly", "specific", "general", "elect", "fire", "up", "down", "off", "out", "in", "on", "run",
    "over", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "party",
    "lateral", "national", "governmental"))


@dataclass(slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    y: float  # the bottom of the loose box: the baseline less the font's descent
    size: float
    index: int
    bold: bool
    mark: bool = False
    space: bool = False
    marks: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: float  # share of bold glyphs
    page: int
    rtl: bool
    first_word: float  # width of the first word in reading order
    furniture: bool = False
    footnote: bool = False
    heading: bool = False
    marker: bool = False
    hyphen_soft: bool = False


def _open(data: bytes, label: str) -> Any:
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a dependency of communique
        raise InputError(f"{label}: reading PDF needs pypdfium2 (pip install pypdfium2)", name=label) from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError(f"{label}: encrypted PDF: it needs a password to be opened; communique cannot read it",
                             name=label) from None
        detail = msg.split("(PDFium: ", 1)[-1].rstrip(").") if "PDFium" in msg else msg
        raise InputError(f"{label}: damaged or truncated PDF ({detail.strip().lower() or 'unreadable'})",
                         name=label) from None


def extract_pdf(data: bytes, label: str = "input") -> Extracted:
    """The statement text of the PDF ``data`` (see the module doc)."""
    if b"%%EOF" not in data[-2048:]:
        # PDFium would rebuild what it can of a cut-off file and read it
        # silently: a statement read in part is worse than none
        raise InputError(f"{label}: truncated PDF (it does not end with %%EOF): the file is incomplete", name=label)
    pdf = _open(data, label)
    try:
        pages = len(pdf)
        if pages == 0:
            raise InputError(f"{label}: the PDF has no pages", name=label)
        if pages > MAX_PAGES:
            raise InputError(f"{label}: a PDF of {pages:,} pages is over the {MAX_PAGES:,}-page limit "
                             "(not a statement)", name=label)
        page_lines: list[list[_Line]] = []
        sizes: list[float] = []
        empty_pages = 0
        total = 0
        for number in range(pages):
            glyphs = _page_glyphs(pdf, number, label)
            total += len(glyphs)
            if total > MAX_CHARS:
                raise InputError(f"{label}: the PDF holds over {MAX_CHARS:,} characters of text (not a statement)",
                                 name=label)
            if not any(not g.space for g in glyphs):
                empty_pages += 1
            sizes.extend(g.size for g in glyphs if not g.space)
            page_lines.append(_lines(glyphs, number))
        info = _metadata(pdf)
    finally:
        pdf.close()
    if empty_pages == pages:
        raise InputError(f"{label}: the PDF has no text layer (a scanned document?); communique does not do OCR, "
                         "run OCR first (e.g. ocrmypdf) or give the text", name=label)
    warnings: list[ParseWarning] = []
    if empty_pages:
        warnings.append(ParseWarning("pdf-pages-without-text",
                                     f"{label}: {empty_pages} of {pages} pages have no text layer (scanned?) "
                                     "and were not read"))
    body_size = Counter(round(s * 2) / 2 for s in sizes).most_common(1)[0][0] if sizes else 10.0
    meta = dict(info)
    _mark_furniture(page_lines, body_size, meta)
    _mark_footnotes(page_lines, body_size)
    lines = [ln for page in page_lines for ln in page]
    rtl_doc = sum(ln.rtl for ln in lines) * 2 > len(lines)
    _mark_markers(lines)
    text, hints, title = _assemble(page_lines, body_size, rtl_doc)
    return Extracted(text, "pdf", "extracted-text", None, hints, title, meta, tuple(warnings))


def _metadata(pdf: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is optional: a broken Info dictionary is no reason to fail
        return out
    title = " ".join(str(info.get("Title", "")).split())
    if title and not regex.search(r"\.(?:docx?|pdf|rtf|odt|indd)$|^Microsoft Word|^untitled", title, regex.I):
        out["title"] = title
    return out


# --------------------------------------------------------------------------- characters


def _page_glyphs(pdf: Any, number: int, label: str) -> list[_Glyph]:
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    try:
        page = pdf[number]
        textpage = page.get_textpage()
    except Exception as exc:  # PdfiumError and friends: a page PDFium cannot load
        raise InputError(f"{label}: damaged PDF (page {number + 1} cannot be read: {exc})", name=label) from None
    try:
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        rect = raw.FS_RECTF()
        prect = ctypes.byref(rect)
        get_unicode, loose_box = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox
        glyphs: list[_Glyph] = []
        last_box: tuple[float, float, float, float] | None = None
        high: int | None = None
        # Each call into PDFium costs about a microsecond, so per character
        # only the code point and the loose box are asked (the box spans the
        # glyph's advance, and the font's descent to ascent: its bottom is the
        # baseline less the descent, which groups the marks drawn above a
        # letter with it).  Size and angle are asked again when the box height
        # changes, the weight then and every 4 characters.  Characters PDFium
        # generates (line breaks, spaces between words it positioned apart)
        # are skipped or, spaces, kept like the producer's own.
        height = -1.0
        size = 10.0
        rotated = bold = False
        since = 0
        for i in range(n):
            u = get_unicode(tp, i)
            if u in (0, 0x0A, 0x0D, 0xFFFE, 0xFFFF):
                continue
            if 0xD800 <= u < 0xDC00:
                high = u
                continue
            if 0xDC00 <= u < 0xE000:
                if high is None:
                    continue
                ch = chr(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00))
                high = None
            else:
                ch = "\x02" if u == 2 else chr(u)  # 2: PDFium's hyphen at a line end (a soft hyphen taken)
            loose_box(tp, i, prect)
            box = (rect.left, rect.right, rect.bottom, rect.top)
            h = box[3] - box[2]
            since += 1
            if since >= 4 or abs(h - height) > 0.01:
                if abs(h - height) > 0.01:
                    size = raw.FPDFText_GetFontSize(tp, i) or abs(h)
                    angle = raw.FPDFText_GetCharAngle(tp, i)
                    rotated = min(abs(angle), abs(angle - 6.2832)) > 0.05
                height, since = h, 0
                bold = raw.FPDFText_GetFontWeight(tp, i) >= 600
            if rotated:
                continue  # rotated text: a watermark or a margin note
            space = ch.isspace()
            if glyphs and not space and box == last_box and not glyphs[-1].space:
                glyphs[-1].text += ch  # a ligature: several characters, one glyph
                continue
            last_box = box
            glyphs.append(_Glyph(ch, box[0], box[1], min(box[2], box[3]), size, i, bold,
                                 mark=not space and unicodedata.category(ch) in ("Mn", "Me"), space=space,
                                 marks=[]))
    finally:
        textpage.close()
        page.close()
    return glyphs


def _cluster_text(g: _Glyph) -> str:
    """A glyph's characters in logical order.  PDFium gives a shaped
    ligature's letters reversed when it reorders the line itself (``ال`` for
    the lam-alef glyph) and in order when it unfolds a presentation form: an
    Arabic ligature cannot start with a letter that joins nothing after it
    (alef, dal, reh, waw …), so one that does is reversed."""
    text = g.text
    if len(text) > 1 and not g.space and (
            _LAM_ALEF.fullmatch(text) or (text[0] in _NON_JOINING and "\u0600" <= text[-1] <= "\u06ff")):
        text = text[::-1]
    return text + "".join(g.marks)


def _lines(glyphs: list[_Glyph], page: int) -> list[_Line]:
    """Glyphs → lines (top to bottom), each in logical order."""
    if not glyphs:
        return []
    order = sorted(glyphs, key=lambda g: -g.y)
    rows: list[list[_Glyph]] = []
    base = size = 0.0
    for g in order:
        if rows and abs(g.y - base) <= 0.45 * max(size, g.size, 1.0):
            rows[-1].append(g)
            if not g.mark and g.size > size:
                size = g.size
            continue
        rows.append([g])
        base, size = g.y, (0.0 if g.mark else g.size)
    out: list[_Line] = []
    for row in rows:
        for segment in _segments(row):
            line = _layout(segment, page)
            if line is not None:
                out.append(line)
    out.sort(key=lambda ln: (-round(ln.y, 1), ln.x0))
    return out


def _segments(row: list[_Glyph]) -> list[list[_Glyph]]:
    """A row split where a gap wider than 2.5 em separates two columns."""
    bases = sorted((g for g in row if not g.mark), key=lambda g: (g.x0 + g.x1) / 2)
    marks = [g for g in row if g.mark]
    if not bases:
        return []
    size = statistics.median(g.size for g in bases if not g.space) if any(not g.space for g in bases) else 10.0
    segments: list[list[_Glyph]] = [[]]
    right = None
    for g in bases:
        if g.space:
            segments[-1].append(g)
            continue
        if right is not None and g.x0 - right > 2.5 * size:
            segments.append([])
        segments[-1].append(g)
        right = g.x1 if right is None else max(right, g.x1)
    # marks go with the letter they sit on
    for seg in segments:
        seg[:] = [g for g in seg if not g.space] + [g for g in seg if g.space]
        seg.sort(key=lambda g: (g.x0 + g.x1) / 2)
    flat = [(seg_no, g) for seg_no, seg in enumerate(segments) for g in seg if not g.space]
    centers = [(g.x0 + g.x1) / 2 for _, g in flat]
    for m in marks:
        if not flat:
            break
        c = (m.x0 + m.x1) / 2
        k = bisect_right(centers, c)
        candidates = [j for j in (k - 1, k) if 0 <= j < len(flat)]
        inside = [j for j in candidates if flat[j][1].x0 - 0.5 <= c <= flat[j][1].x1 + 0.5]
        pool = inside or candidates
        j = min(pool, key=lambda j: (abs(flat[j][1].index - m.index), abs(centers[j] - c)))
        flat[j][1].marks.append(m.text)
    return [seg for seg in segments if any(not g.space for g in seg)]


def _bidi(ch: str) -> str:
    return unicodedata.bidirectional(ch[0]) if ch else "ON"


def _layout(seg: list[_Glyph], page: int) -> _Line | None:
    """One segment of a row, in visual order, → a line in logical order."""
    items: list[_Glyph] = []
    size = statistics.median([g.size for g in seg if not g.space] or [10.0])
    prev: _Glyph | None = None
    for g in seg:
        if g.space:
            if items and not items[-1].space:
                items.append(g)
            continue
        if prev is not None and items and not items[-1].space and g.x0 - prev.x1 > 0.25 * size:
            items.append(_Glyph(" ", prev.x1, g.x0, g.y, g.size, -1, False, space=True, marks=[]))
        items.append(g)
        prev = g
    while items and items[-1].space:
        items.pop()
    if not items:
        return None
    classes = [_bidi(g.text) if not g.space else "WS" for g in items]
    strong_r = sum(c in ("R", "AL") for c in classes)
    strong_l = sum(c == "L" for c in classes)
    rtl = strong_r > strong_l
    texts = [_cluster_text(g) for g in items]
    if rtl:
        texts, classes = texts[::-1], classes[::-1]
        mirrored = _ltr_runs(texts, classes, rtl=True)
    else:
        mirrored = _rtl_runs(texts, classes)
    out = "".join(t.translate(_MIRROR) if m else t for t, m in zip(texts, mirrored, strict=True))
    out = _FOLD.sub(lambda m: unicodedata.normalize("NFKC", m.group()), out)
    out = _SPACE.sub(" ", out).strip()
    if not out:
        return None
    bases = [g for g in items if not g.space]
    # the first word in reading order: rightmost in a right-to-left line
    words = _word_extents(items)
    first = (words[-1] if rtl else words[0]) if words else (0.0, 0.0)
    return _Line(out, min(g.x0 for g in bases), max(g.x1 for g in bases), statistics.median(g.y for g in bases),
                 size, sum(g.bold for g in bases) / len(bases), page, rtl, first[1] - first[0])


def _word_extents(items: list[_Glyph]) -> list[tuple[float, float]]:
    words: list[tuple[float, float]] = []
    start = end = None
    for g in items:
        if g.space:
            if start is not None:
                words.append((start, end))  # type: ignore[arg-type]
            start = end = None
            continue
        start = g.x0 if start is None else min(start, g.x0)
        end = g.x1 if end is None else max(end, g.x1)
    if start is not None:
        words.append((start, end))  # type: ignore[arg-type]
    return words


def _is_number(c: str) -> bool:
    return c in ("EN", "AN")


def _ltr_runs(texts: list[str], classes: list[str], rtl: bool) -> list[bool]:
    """In a right-to-left line (already reversed): reverse back every run that
    is displayed left to right — Latin words with what lies between them, and
    numbers with their inner separators (``13.5``, ``16/3``, ``2,000``) — and
    say which items are in right-to-left runs (their brackets are mirrored)."""
    n = len(texts)
    in_rtl = [True] * n
    i = 0
    while i < n:
        c = classes[i]
        if c == "L":
            # a Latin run: up to the last L or number before the next R
            j = i
            last = i
            while j < n and classes[j] not in ("R", "AL"):
                if classes[j] == "L" or _is_number(classes[j]):
                    last = j
                j += 1
            _reverse(texts, classes, i, last)
            for k in range(i, last + 1):
                in_rtl[k] = False
            i = last + 1
            continue
        if _is_number(c):
            j = i
            while j + 1 < n and (_is_number(classes[j + 1])
                                 or (classes[j + 1] in ("CS", "ES") and j + 2 < n and _is_number(classes[j + 2])
                                     and texts[j + 1] != " ")
                                 or classes[j + 1] == "ET"):
                j += 1
                if classes[j] in ("CS", "ES"):
                    j += 1
            k0 = i
            while k0 - 1 >= 0 and classes[k0 - 1] == "ET":
                k0 -= 1
            _reverse(texts, classes, k0, j)
            for k in range(k0, j + 1):
                in_rtl[k] = False
            i = j + 1
            continue
        i += 1
    return in_rtl


def _rtl_runs(texts: list[str], classes: list[str]) -> list[bool]:
    """In a left-to-right line: reverse every right-to-left run (Arabic words
    and what lies between them), keeping numbers inside it left to right."""
    n = len(texts)
    in_rtl = [False] * n
    i = 0
    while i < n:
        if classes[i] in ("R", "AL"):
            j = i
            last = i
            while j < n and classes[j] != "L":
                if classes[j] in ("R", "AL"):
                    last = j
                j += 1
            sub_t, sub_c = texts[i:last + 1][::-1], classes[i:last + 1][::-1]
            flags = _ltr_runs(sub_t, sub_c, rtl=True)
            texts[i:last + 1], classes[i:last + 1] = sub_t, sub_c
            for k, f in enumerate(flags):
                in_rtl[i + k] = f
            i = last + 1
            continue
        i += 1
    return in_rtl


def _reverse(texts: list[str], classes: list[str], i: int, j: int) -> None:
    texts[i:j + 1] = texts[i:j + 1][::-1]
    classes[i:j + 1] = classes[i:j + 1][::-1]


# --------------------------------------------------------------------------- furniture


def _key(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()).lower())


def _mark_furniture(pages: list[list[_Line]], body_size: float, meta: dict[str, str]) -> None:
    n = len(pages)
    edge: Counter[str] = Counter()
    for lines in pages:
        keys = {_key(ln.text) for ln in lines[:2] + lines[-2:]}
        edge.update(keys)
    for p, lines in enumerate(pages):
        if not lines:
            continue
        # the masthead: lines at the top of the first page that are all masthead
        if p == 0:
            top_y = lines[0].y
            for ln in lines:
                if top_y - ln.y > 12 * body_size:
                    break
                if _MASTHEAD.match(ln.text) or _SYMBOL.fullmatch(ln.text.strip()):
                    ln.furniture = True
                    continue
                same_row = [o for o in lines if abs(o.y - ln.y) < 0.5 * body_size and o is not ln]
                if same_row and all(o.furniture or _MASTHEAD.match(o.text) or _SYMBOL.fullmatch(o.text.strip())
                                    for o in same_row):
                    ln.furniture = True
                    continue
                break
        edges = _edge_lines(lines, body_size)
        for ln in edges:
            stripped = ln.text.strip()
            repeated = n >= 2 and edge[_key(ln.text)] >= max(2, (n + 1) // 2)
            if (repeated or _PAGE_NUMBER.match(stripped) or _SYMBOL.fullmatch(stripped)
                    or (ln.size < 0.85 * body_size and len(stripped.split()) <= 12)):
                ln.furniture = True
        for ln in lines:
            if ln.furniture and "symbol" not in meta:
                m = _SYMBOL.search(ln.text)
                if m:
                    meta["symbol"] = regex.sub(r"\s*\(\d{4}\)$", "", m.group())


def _edge_lines(lines: list[_Line], body_size: float) -> list[_Line]:
    """The lines at the top and at the bottom of a page that a gap sets apart
    from the text (or that are the first or last line)."""
    if len(lines) == 1:
        return lines
    out: list[_Line] = []
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.y - b.y > 0.1]
    normal = statistics.median(gaps) if gaps else body_size * 1.2
    # top: the first row (all its segments), and a second if the first is a row of furniture
    for group in (_rows(lines), _rows(lines[::-1])):
        for k, row in enumerate(group[:2]):
            nxt = group[k + 1] if k + 1 < len(group) else None
            apart = nxt is None or abs(row[0].y - nxt[0].y) > 1.3 * normal
            if k == 0 or apart:
                out.extend(row)
            if not apart:
                break
    return out


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    rows: list[list[_Line]] = []
    for ln in lines:
        if rows and abs(rows[-1][0].y - ln.y) < 1.0:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _mark_markers(lines: list[_Line]) -> None:
    """Which lines open with a clause marker, as the structure grammar reads it."""
    for ln, marker in zip(lines, opens_clause([ln.text for ln in lines]), strict=True):
        ln.marker = marker


# --------------------------------------------------------------------------- paragraphs


_NOTE_START = compiled(r"^(?:[0-9\u0660-\u0669]{1,3}|[¹²³⁰⁴-⁹]+|\*{1,3}|[†‡§])(?:\s|[.)]\s|(?=\p{L}))")


def _mark_footnotes(pages: list[list[_Line]], body_size: float) -> None:
    """Footnotes: the block of small-print lines at the foot of a page, under
    the last line in the body size, that opens with a note mark (``1``,
    ``¹``, ``*``)."""
    for lines in pages:
        body = [ln for ln in lines if not ln.furniture]
        last = max((k for k, ln in enumerate(body) if ln.size >= 0.9 * body_size), default=None)
        if last is None or last + 1 >= len(body):
            continue
        block = body[last + 1:]
        if all(ln.size < 0.88 * body_size for ln in block) and _NOTE_START.match(block[0].text):
            for ln in block:
                ln.footnote = True


def _notes(lines: list[_Line]) -> list[str]:
    """Footnote lines → one paragraph per note (a line that opens with a
    note mark starts one; the others wrap)."""
    notes: list[str] = []
    for ln in lines:
        if notes and not _NOTE_START.match(ln.text):
            m = _HYPHEN_END.search(notes[-1])
            notes[-1] = (notes[-1][:-1] if m and ln.text[:1].islower() else notes[-1] + " ") + ln.text
        else:
            notes.append(ln.text)
    return notes


def _assemble(pages: list[list[_Line]], body_size: float, rtl_doc: bool) -> tuple[str, dict[int, Hint], str | None]:
    footnotes = [ln for lines in pages for ln in lines if ln.footnote]
    pages = [[ln for ln in lines if not ln.footnote] for lines in pages]
    body = [ln for lines in pages for ln in lines if not ln.furniture]
    vocab, hyphenated = _vocabulary(body)
    columns = {p: _column(lines) for p, lines in enumerate(pages)}
    normal = _line_spacing(pages)

    paragraphs: list[list[_Line]] = []  # each: its lines; a line after a break starts with "\n"
    breaks: list[list[str]] = []  # per paragraph, the joiner before each line
    furniture_after: dict[int, list[_Line]] = {}
    pending: list[_Line] = []
    prev: _Line | None = None
    flat = [ln for lines in pages for ln in lines if not ln.furniture]
    following = {id(a): b for a, b in itertools.pairwise(flat)}
    for lines in pages:
        for ln in lines:
            if ln.furniture:
                pending.append(ln)
                continue
            joiner = (_joiner(prev, ln, following.get(id(ln)), columns, normal, body_size) if prev is not None
                      else "\n\n")
            if joiner == "\n\n":
                if paragraphs and pending:
                    furniture_after.setdefault(len(paragraphs) - 1, []).extend(pending)
                    pending = []
                if not paragraphs and pending:
                    furniture_after.setdefault(-1, []).extend(pending)
                    pending = []
                paragraphs.append([ln])
                breaks.append([""])
            else:
                paragraphs[-1].append(ln)
                breaks[-1].append(joiner)
            prev = ln
    if pending:
        furniture_after.setdefault(len(paragraphs) - 1, []).extend(pending)

    parts: list[str] = []
    hints: dict[int, Hint] = {}
    length = 0
    title: str | None = None

    def emit(text: str, hint: Hint | None) -> None:
        nonlocal length
        if parts:
            parts.append("\n\n")
            length += 2
        if hint is not None:
            hints[length] = hint
        parts.append(text)
        length += len(text)

    for ln in furniture_after.get(-1, []):
        emit(ln.text, "page-furniture")
    for k, para in enumerate(paragraphs):
        text = para[0].text
        for ln, joiner in zip(para[1:], breaks[k][1:], strict=True):
            text = _join(text, ln.text, joiner, vocab, hyphenated)
        if sum(ln.rtl for ln in para) * 2 > len(para):
            text = _fix_pairs(text)
        heading = _is_heading(para, body_size)
        if heading and title is None and para[0].page == 0:
            title = " ".join(text.split())
        emit(text, "heading" if heading else None)
        for f in furniture_after.get(k, []):
            emit(f.text, "page-furniture")
    for note in _notes(footnotes):
        emit(note, "footnote")
    return "".join(parts) + "\n", hints, title


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("‹", "›"))


def _fix_pairs(text: str) -> str:
    """Brackets of a right-to-left paragraph the producer did not mirror (they
    come out mirrored after the right-to-left runs are mirrored back): when
    the paragraph's first bracket of a kind is a closing one and its last an
    opening one, swap that kind back."""
    for a, b in _PAIRS:
        if a not in text and b not in text:
            continue
        firsts = [i for i in (text.find(a), text.find(b)) if i >= 0]
        first = min(firsts)
        last = max(text.rfind(a), text.rfind(b))
        if text[first] == b and text[last] == a:
            text = text.translate({ord(a): b, ord(b): a})
    return text


def _vocabulary(lines: list[_Line]) -> tuple[set[str], set[str]]:
    words: set[str] = set()
    hyphenated: set[str] = set()
    for ln in lines:
        body = ln.text[:-1] if _HYPHEN_END.search(ln.text) else ln.text
        for m in _WORD.finditer(body):
            w = m.group().lower()
            if "-" in w or "\u2010" in w:
                hyphenated.add(w.replace("\u2010", "-"))
                words.update(w.replace("\u2010", "-").split("-"))
            else:
                words.add(w)
    return words, hyphenated


def _column(lines: list[_Line]) -> tuple[float, float]:
    body = [ln for ln in lines if not ln.furniture]
    if not body:
        return (0.0, 0.0)
    return (min(ln.x0 for ln in body), max(ln.x1 for ln in body))


def _line_spacing(pages: list[list[_Line]]) -> float:
    gaps: list[float] = []
    for lines in pages:
        body = [ln for ln in lines if not ln.furniture]
        for a, b in itertools.pairwise(body):
            d = a.y - b.y
            if 0.5 * a.size < d < 2.5 * a.size:
                gaps.append(d / max(a.size, b.size))
    return statistics.median(gaps) if gaps else 1.2


def _joiner(prev: _Line, cur: _Line, nxt: _Line | None, columns: dict[int, tuple[float, float]], normal: float,
            body_size: float) -> str:
    """What goes between two body lines: ``" "`` (a wrapped line),
    ``"\\n"`` (a line break within a paragraph) or ``"\\n\\n"``."""
    left, right = columns[prev.page]
    space = 0.3 * prev.size
    # the next line's first word would have fitted at the end of this one
    room = prev.x0 - left if prev.rtl else right - prev.x1
    deliberate = room > cur.first_word + space + 0.5 * prev.size
    ends = bool(_SENTENCE_END.search(prev.text))
    if cur.page != prev.page:
        # a page that ends a sentence most often ends a paragraph
        return "\n\n" if deliberate or ends or cur.marker else " "
    gap = (prev.y - cur.y) / max(prev.size, cur.size)
    if gap > normal * 1.12 + 0.03 or gap < 0:
        return "\n\n"  # paragraph spacing (lines within a paragraph are evenly spaced)
    if abs(prev.size - cur.size) > 0.15 * body_size or (prev.bold > 0.8) != (cur.bold > 0.8):
        return "\n\n"  # a heading set in another size or weight
    # a first-line indent after a line that ends a sentence: the line starts
    # in from the margin and the line after it goes back (a hanging indent's
    # lines all start in from the margin)
    after = nxt if nxt is not None and nxt.page == cur.page and not nxt.furniture else None
    if prev.rtl:
        indented = right - cur.x1 > 1.2 * cur.size and (after is None or after.x1 > cur.x1 + 0.8 * cur.size)
    else:
        indented = cur.x0 - left > 1.2 * cur.size and (after is None or after.x0 < cur.x0 - 0.8 * cur.size)
    if ends and indented and not cur.marker:
        return "\n\n"
    if deliberate or (cur.marker and ends):
        return "\n"
    return " "


def _join(text: str, nxt: str, joiner: str, vocab: set[str], hyphenated: set[str]) -> str:
    if joiner != " ":
        return text.rstrip("\x02") + joiner + nxt
    m = _HYPHEN_END.search(text)
    w = _WORD_START.match(nxt)
    if m and w:
        left, right = m.group(1), w.group()
        if _keep_hyphen(left, right, text.endswith(("\x02", "\u00ad")), vocab, hyphenated):
            return text[:-1] + "-" + nxt
        return text[:-1] + nxt
    return text.rstrip("\x02") + " " + nxt


def _keep_hyphen(left: str, right: str, soft: bool, vocab: set[str], hyphenated: set[str]) -> bool:
    """Whether ``left-`` + ``right`` at a line end is one hyphenated word
    (``Syrian-led``) rather than a word hyphenated by the typesetting."""
    lo, ro = left.lower(), right.lower()
    if lo + ro in vocab:
        return False
    if f"{lo}-{ro}" in hyphenated:
        return True
    if left[0].isupper() or right[0].isupper() or not right[0].isalpha():
        return True
    if lo in _COMPOUND_LEFT or ro in _COMPOUND_RIGHT:
        return True
    if lo[-1] in "aeiou" and lo[-1] == ro[0]:
        return True  # de-escalation, re-establish, co-operation
    if soft:
        return False
    return ro in vocab and lo in vocab


def _is_heading(para: list[_Line], body_size: float) -> bool:
    words = sum(len(ln.text.split()) for ln in para)
    if words > 30 or para[0].marker:
        return False
    bold = sum(ln.bold * len(ln.text) for ln in para) / max(1, sum(len(ln.text) for ln in para))
    size = max(ln.size for ln in para)
    return bold > 0.8 or size >= 1.15 * body_size
