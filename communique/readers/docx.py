"""Word .docx → the text as Word shows it.

The package is read with :mod:`zipfile` and every XML part with
:func:`communique.readers.xml.parse_xml` (no entities, no DTD, no network);
python-docx is not used: it hides Word's automatic numbering and tracked
changes, the two things a statement's text depends on, and reading the XML
directly keeps both in hand at no dependency.  Before any part is read the
archive is checked against limits (member count, each part's and the total
uncompressed size, the compression ratio), and each part is inflated in
bounded chunks, so a zip bomb is refused in one line.

What the text holds:

* one paragraph per Word paragraph (blank-line separated; empty ones left
  out), a ``w:br`` as a line break, a tab as a space;
* automatic numbering written as Word shows it: ``w:numPr`` on the paragraph
  or inherited from its style (``basedOn`` chains), resolved through
  ``numbering.xml`` (``w:num`` → ``w:abstractNum``, ``lvlOverride`` /
  ``startOverride``), the level's ``w:lvlText`` (``%1.``, ``(%2)``,
  ``%1-``), ``w:numFmt`` (decimal, letters, roman, ``arabicAbjad``,
  ``arabicAlpha``, ``hindiNumbers`` …), ``w:start``, counters per list with
  the lower levels reset when a higher one advances (``w:lvlRestart``);
* tracked changes accepted (``w:ins`` / ``w:moveTo`` kept, ``w:del`` /
  ``w:moveFrom`` dropped, deleted paragraph marks merging paragraphs), with a
  ``tracked-changes`` warning; :func:`docx_versions` gives both versions;
* tables row by row, a row's cells separated by a tab;
* footnotes and endnotes after the body, each hinted ``"footnote"``, their
  references written as superscript numbers (``¹``);
* Title and Heading styles (and ``w:outlineLvl``) hinted ``"heading"``; the
  first is the title.  ``docProps/core.xml`` gives ``meta["title"]`` and
  ``meta["language"]``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from ..errors import InputError
from ..model import ParseWarning
from ..text.patterns import compiled
from ..text.scripts import roman_numeral
from .base import Extracted, Hint
from .lazy import LazyModule
from .xml import parse_xml

if TYPE_CHECKING:
    import zipfile

    from lxml import etree
else:  # imported when a reader first uses them: see readers/lazy.py
    zipfile = LazyModule("zipfile")
    etree = LazyModule("lxml.etree")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Limits on a package (a statement's .docx is tens of KB).
MAX_MEMBERS = 2000
MAX_PART = 64 << 20  # uncompressed bytes of one member
MAX_TOTAL = 256 << 20  # uncompressed bytes of all members
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MiB

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"
_HEADING_NAME = compiled(r"^(?:heading\s*\d|title|subtitle|заголовок|عنوان)", regex.I)
_PUA_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "o": "o"}


# --------------------------------------------------------------------------- the package


def open_package(data: bytes, label: str, kind: str) -> zipfile.ZipFile:
    """A zip archive checked against the limits before anything is read."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{label}: damaged or truncated {kind} ({exc})", name=label) from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{label}: {kind} with {len(infos):,} parts is over the {MAX_MEMBERS:,}-part limit "
                         "(refused as a zip bomb)", name=label)
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise InputError(f"{label}: encrypted {kind}: a part needs a password; communique cannot read it",
                             name=label)
        if info.file_size > MAX_PART or total > MAX_TOTAL or (
                info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(1, info.compress_size)):
            raise InputError(f"{label}: {kind} part {info.filename!r} inflates to {info.file_size:,} bytes from "
                             f"{info.compress_size:,} (refused as a zip bomb)", name=label)
    return z


def read_part(z: zipfile.ZipFile, name: str, label: str, kind: str) -> bytes | None:
    """A member's bytes, inflated in bounded chunks (a member that inflates past
    its declared size or the limit is refused), or None when it is absent."""
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    limit = min(MAX_PART, max(info.file_size, 0))
    try:
        with z.open(info) as fh:
            chunks, have = [], 0
            while True:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                have += len(chunk)
                if have > limit:
                    raise InputError(f"{label}: {kind} part {name!r} inflates past its declared size "
                                     "(refused as a zip bomb)", name=label)
                chunks.append(chunk)
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        # zlib.error is an Exception subclass raised on corrupt deflate data
        raise InputError(f"{label}: damaged {kind} (part {name!r}: {exc})", name=label) from None
    except Exception as exc:  # zlib.error and friends: corrupt data, not a bug
        raise InputError(f"{label}: damaged {kind} (part {name!r}: {exc})", name=label) from None
    return b"".join(chunks)


def _xml(z: zipfile.ZipFile, name: str, label: str) -> etree._Element | None:
    data = read_part(z, name, label, ".docx")
    if data is None:
        return None
    root, _ = parse_xml(data, f"{label} ({name})")
    return root


# --------------------------------------------------------------------------- numbering


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: the level whose advance resets this one (1-based); 0: never
    legal: bool = False
    suffix: str = "tab"


@dataclass(slots=True)
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNum numStyleLink → style id


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(f"{W}val", default)


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _read_level(lvl: etree._Element) -> _Level:
    restart = lvl.find(f"{W}lvlRestart")
    return _Level(
        start=_int(_val(lvl.find(f"{W}start")), 1),
        fmt=_val(lvl.find(f"{W}numFmt"), "decimal") or "decimal",
        text=_val(lvl.find(f"{W}lvlText"), "") or "",
        restart=_int(_val(restart), 1) if restart is not None else None,
        legal=lvl.find(f"{W}isLgl") is not None and _val(lvl.find(f"{W}isLgl"), "1") not in ("0", "false"),
        suffix=_val(lvl.find(f"{W}suff"), "tab") or "tab",
    )


def _read_numbering(root: etree._Element | None) -> _Numbering:
    out = _Numbering()
    if root is None:
        return out
    for a in root.iter(f"{W}abstractNum"):
        aid = a.get(f"{W}abstractNumId", "")
        out.abstract[aid] = {_int(lvl.get(f"{W}ilvl"), 0): _read_level(lvl) for lvl in a.iter(f"{W}lvl")}
        link = _val(a.find(f"{W}numStyleLink"))
        if link:
            out.style_links[aid] = link
    for n in root.iter(f"{W}num"):
        nid = n.get(f"{W}numId", "")
        aid = _val(n.find(f"{W}abstractNumId"), "") or ""
        starts: dict[int, int] = {}
        levels: dict[int, _Level] = {}
        for ov in n.iter(f"{W}lvlOverride"):
            ilvl = _int(ov.get(f"{W}ilvl"), 0)
            so = ov.find(f"{W}startOverride")
            if so is not None:
                starts[ilvl] = _int(_val(so), 1)
            lvl = ov.find(f"{W}lvl")
            if lvl is not None:
                levels[ilvl] = _read_level(lvl)
                if so is None:
                    starts[ilvl] = levels[ilvl].start
        out.nums[nid] = (aid, starts, levels)
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in a Word ``w:numFmt``."""
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText", "decimalEnclosedFullstop",
               "decimalEnclosedParen", "numberInDash"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        if n < 1:
            return str(n)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: a … z, aa … zz
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        r = roman_numeral(n) if 1 <= n < 4000 else str(n)
        return r.upper() if fmt == "upperRoman" else r.lower()
    if fmt in ("arabicAbjad", "arabicAlpha"):
        letters = _ABJAD if fmt == "arabicAbjad" else _ALPHA
        if not 1 <= n <= len(letters):
            return str(n)
        letter = letters[n - 1]
        return "هـ" if letter == "ه" else letter
    if fmt in ("hindiNumbers", "arabicIndic"):
        return str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if fmt in ("russianLower", "russianUpper"):
        if not 1 <= n <= len(_RUSSIAN):
            return str(n)
        return _RUSSIAN[n - 1].upper() if fmt == "russianUpper" else _RUSSIAN[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Counters:
    """Word's list counters: one set per list (an abstract numbering; a
    ``w:num`` that overrides a start is a list of its own)."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.values: dict[object, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()

    def levels(self, num_id: str) -> tuple[object, dict[int, _Level], dict[int, int]] | None:
        entry = self.numbering.nums.get(num_id)
        if entry is None:
            return None
        aid, starts, own = entry
        levels = dict(self.numbering.abstract.get(aid, {}))
        levels.update(own)
        key: object = ("num", num_id) if starts or own else ("abstract", aid)
        return key, levels, starts

    def label(self, num_id: str, ilvl: int) -> str | None:
        found = self.levels(num_id)
        if found is None or num_id == "0":
            return None  # numId 0 removes numbering
        key, levels, starts = found
        level = levels.get(ilvl)
        if level is None:
            return None
        values = self.values.setdefault(key, {})
        if (num_id, ilvl) not in self.started and ilvl in starts:
            self.started.add((num_id, ilvl))
            values[ilvl] = starts[ilvl]
        elif ilvl in values:
            values[ilvl] += 1
        else:
            values[ilvl] = level.start
        for deeper in [k for k in values if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                del values[deeper]
        if level.fmt == "none" or not level.text:
            return ""
        if level.fmt == "bullet":
            bullet = level.text.strip()
            return _PUA_BULLETS.get(bullet, bullet if bullet and bullet.isprintable() else "•")

        def fill(m: regex.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, _Level())
            value = values.get(k, other.start)
            return format_number(value, "decimal" if level.legal and k != ilvl else other.fmt)

        return regex.sub(r"%([1-9])", fill, level.text)


# --------------------------------------------------------------------------- styles


@dataclass(slots=True)
class _Style:
    num: tuple[str | None, int | None] | None = None
    based_on: str | None = None
    heading: bool = False


def _read_styles(root: etree._Element | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for s in root.iter(f"{W}style"):
        if s.get(f"{W}type", "paragraph") != "paragraph":
            continue
        sid = s.get(f"{W}styleId", "")
        name = _val(s.find(f"{W}name"), "") or ""
        ppr = s.find(f"{W}pPr")
        num = None
        heading = bool(_HEADING_NAME.match(name) or _HEADING_NAME.match(sid))
        if ppr is not None:
            numpr = ppr.find(f"{W}numPr")
            if numpr is not None:
                nid = _val(numpr.find(f"{W}numId"))
                ilvl = _val(numpr.find(f"{W}ilvl"))
                num = (nid, _int(ilvl, 0) if ilvl is not None else None)
            if ppr.find(f"{W}outlineLvl") is not None and _int(_val(ppr.find(f"{W}outlineLvl")), 9) < 9:
                heading = True
        styles[sid] = _Style(num, _val(s.find(f"{W}basedOn")), heading)
    return styles


def _style_num(styles: dict[str, _Style], sid: str | None) -> tuple[str | None, int | None]:
    nid: str | None = None
    ilvl: int | None = None
    seen: set[str] = set()
    while sid and sid not in seen and sid in styles:
        seen.add(sid)
        st = styles[sid]
        if st.num is not None:
            nid = nid if nid is not None else st.num[0]
            ilvl = ilvl if ilvl is not None else st.num[1]
        sid = st.based_on
    return nid, ilvl


def _style_heading(styles: dict[str, _Style], sid: str | None) -> bool:
    seen: set[str] = set()
    while sid and sid not in seen and sid in styles:
        seen.add(sid)
        if styles[sid].heading:
            return True
        sid = styles[sid].based_on
    return False


# --------------------------------------------------------------------------- paragraphs


@dataclass(slots=True)
class _Para:
    accepted: str
    original: str
    style: str | None
    num: tuple[str | None, int | None]  # the paragraph's own numPr (None parts: not given)
    has_numpr: bool
    mark_inserted: bool
    mark_deleted: bool
    heading: bool
    cells: int = 0  # > 0: a table row of this many cells (text already joined)


class _Walker:
    """Text of runs in both versions: (accepted, original)."""

    def __init__(self) -> None:
        self.footnote_ids: dict[tuple[str, str], int] = {}
        self.changes = [0, 0]  # insertions, deletions

    def text(self, el: etree._Element) -> tuple[str, str]:
        acc: list[str] = []
        orig: list[str] = []
        self._walk(el, acc, orig, True, True)
        return "".join(acc), "".join(orig)

    def _walk(self, el: etree._Element, acc: list[str], orig: list[str], in_acc: bool, in_orig: bool) -> None:
        stack: list[tuple[etree._Element, bool, bool]] = [(child, in_acc, in_orig) for child in reversed(el)]
        while stack:
            node, a, o = stack.pop()
            tag = node.tag
            if not isinstance(tag, str):
                continue
            if tag in (f"{W}pPr", f"{W}rPr", f"{W}instrText", f"{W}delInstrText", f"{_MC}Fallback",
                       f"{W}commentReference", f"{W}annotationRef", f"{W}sectPr", f"{W}tblPr", f"{W}trPr",
                       f"{W}tcPr"):
                continue
            piece = None
            if tag == f"{W}t" or tag == f"{W}delText":
                piece = node.text or ""
            elif tag in (f"{W}tab", f"{W}ptab"):
                piece = " "
            elif tag in (f"{W}br", f"{W}cr"):
                piece = "" if node.get(f"{W}type") in ("page", "column") else "\n"
            elif tag == f"{W}noBreakHyphen":
                piece = "-"
            elif tag == f"{W}softHyphen":
                piece = ""
            elif tag == f"{W}sym":
                code = node.get(f"{W}char", "")
                try:
                    ch = chr(int(code, 16))
                except ValueError:
                    ch = ""
                piece = _PUA_BULLETS.get(ch, ch if ch.isprintable() and not 0xF000 <= ord(ch or " ") <= 0xF0FF
                                         else "")
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                kind = "f" if tag == f"{W}footnoteReference" else "e"
                key = (kind, node.get(f"{W}id", ""))
                n = self.footnote_ids.setdefault(key, len(self.footnote_ids) + 1)
                piece = str(n).translate(_SUPERSCRIPT)
            if piece is not None:
                if a:
                    acc.append(piece)
                if o:
                    orig.append(piece)
                continue
            ca, co = a, o
            if tag in (f"{W}ins", f"{W}moveTo"):
                co = False
                self.changes[0] += 1
            elif tag in (f"{W}del", f"{W}moveFrom"):
                ca = False
                self.changes[1] += 1
            stack.extend((child, ca, co) for child in reversed(node))


def _paragraph(p: etree._Element, walker: _Walker, styles: dict[str, _Style]) -> _Para:
    ppr = p.find(f"{W}pPr")
    style = None
    num: tuple[str | None, int | None] = (None, None)
    has_numpr = False
    mark_ins = mark_del = False
    heading = False
    if ppr is not None:
        style = _val(ppr.find(f"{W}pStyle"))
        numpr = ppr.find(f"{W}numPr")
        if numpr is not None:
            has_numpr = True
            ilvl = _val(numpr.find(f"{W}ilvl"))
            num = (_val(numpr.find(f"{W}numId")), _int(ilvl, 0) if ilvl is not None else None)
        rpr = ppr.find(f"{W}rPr")
        if rpr is not None:
            mark_ins = rpr.find(f"{W}ins") is not None or rpr.find(f"{W}moveTo") is not None
            mark_del = rpr.find(f"{W}del") is not None or rpr.find(f"{W}moveFrom") is not None
            walker.changes[0] += mark_ins
            walker.changes[1] += mark_del
        lvl = ppr.find(f"{W}outlineLvl")
        heading = lvl is not None and _int(_val(lvl), 9) < 9
    heading = heading or _style_heading(styles, style)
    acc, orig = walker.text(p)
    return _Para(acc, orig, style, num, has_numpr, mark_ins, mark_del, heading)


def _blocks(body: etree._Element, walker: _Walker, styles: dict[str, _Style]) -> list[_Para]:
    """The body's paragraphs in order; a table row becomes one paragraph."""
    out: list[_Para] = []
    stack: list[etree._Element] = list(reversed(body))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == f"{W}p":
            out.append(_paragraph(el, walker, styles))
        elif tag == f"{W}tbl":
            for tr in el.iter(f"{W}tr"):
                if tr.getparent() is not el:
                    continue  # a nested table's rows are read inside their cell
                cells_acc, cells_orig = [], []
                for tc in tr.iter(f"{W}tc"):
                    if tc.getparent() is not tr:
                        continue
                    acc_parts, orig_parts = [], []
                    for cp in tc.iter(f"{W}p"):
                        para = _paragraph(cp, walker, styles)
                        acc_parts.append(para.accepted)
                        orig_parts.append(para.original)
                    cells_acc.append(" ".join(x for x in acc_parts if x.strip()))
                    cells_orig.append(" ".join(x for x in orig_parts if x.strip()))
                out.append(_Para("\t".join(cells_acc), "\t".join(cells_orig), None, (None, None), False,
                                 False, False, False, len(cells_acc)))
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}del", f"{W}moveTo",
                     f"{W}moveFrom", f"{W}smartTag"):
            stack.extend(reversed(el))
    return out


def _version(paras: list[_Para], accepted: bool, numbering: _Numbering,
             styles: dict[str, _Style]) -> list[tuple[str, bool]]:
    """``(text with its number, heading?)`` per paragraph of one version."""
    counters = _Counters(numbering)
    out: list[tuple[str, bool]] = []
    carry = ""
    carry_para: _Para | None = None
    for para in paras:
        text = para.accepted if accepted else para.original
        # a paragraph mark that this version does not have joins the paragraph to the next
        mark_absent = para.mark_deleted if accepted else para.mark_inserted
        owner = carry_para if carry_para is not None and carry.strip() else para
        text = carry + text
        if mark_absent:
            carry, carry_para = text, owner
            continue
        carry, carry_para = "", None
        if para.cells:
            if text.replace("\t", "").strip():
                out.append((text, False))
            continue
        if not text.strip():
            continue
        label = _label(owner, counters, styles)
        if label:
            text = f"{label} {text.lstrip()}"
        out.append((text, owner.heading))
    if carry.strip():
        out.append((carry, False))
    return out


def _label(para: _Para, counters: _Counters, styles: dict[str, _Style]) -> str | None:
    nid, ilvl = para.num
    if nid is None or ilvl is None:
        snid, silvl = _style_num(styles, para.style)
        nid = nid if nid is not None else snid
        ilvl = ilvl if ilvl is not None else silvl
    if nid is None:
        return None
    return counters.label(nid, ilvl or 0)


# --------------------------------------------------------------------------- the reader


@dataclass(slots=True)
class _Document:
    body: list[_Para]
    notes: list[_Para]
    numbering: _Numbering
    styles: dict[str, _Style]
    meta: dict[str, str]
    changes: tuple[int, int]


def _main_part(z: zipfile.ZipFile, label: str) -> str:
    data = read_part(z, "_rels/.rels", label, ".docx")
    if data:
        root, _ = parse_xml(data, f"{label} (_rels/.rels)")
        for rel in root.iter(f"{_REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


def _load(data: bytes, label: str) -> _Document:
    z = open_package(data, label, ".docx")
    with z:
        main = _main_part(z, label)
        document = _xml(z, main, label)
        if document is None:
            raise InputError(f"{label}: a ZIP archive without a Word document part ({main}): not a .docx",
                             name=label)
        folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
        styles = _read_styles(_xml(z, folder + "styles.xml", label))
        numbering = _read_numbering(_xml(z, folder + "numbering.xml", label))
        walker = _Walker()
        body = document.find(f"{W}body")
        if body is None:
            raise InputError(f"{label}: the Word document has no body", name=label)
        paras = _blocks(body, walker, styles)
        notes: list[_Para] = []
        note_roots = {"f": _xml(z, folder + "footnotes.xml", label), "e": _xml(z, folder + "endnotes.xml", label)}
        for (kind, nid), n in sorted(walker.footnote_ids.items(), key=lambda kv: kv[1]):
            root = note_roots[kind]
            if root is None:
                continue
            tag = f"{W}footnote" if kind == "f" else f"{W}endnote"
            for note in root.iter(tag):
                if note.get(f"{W}id") == nid:
                    acc, orig = walker.text(note)
                    mark = str(n).translate(_SUPERSCRIPT)
                    notes.append(_Para(f"{mark} {acc.strip()}", f"{mark} {orig.strip()}", None, (None, None), False,
                                       False, False, False))
                    break
        meta = _core(_xml(z, "docProps/core.xml", label))
    return _Document(paras, notes, numbering, styles, meta, (walker.changes[0], walker.changes[1]))


def _core(root: etree._Element | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    if root is None:
        return meta
    for el in root:
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        value = " ".join((el.text or "").split())
        if value and local in ("title", "language"):
            meta[local] = value
    return meta


def _write(version: list[tuple[str, bool]], notes: list[str]) -> tuple[str, dict[int, Hint], str | None]:
    parts: list[str] = []
    hints: dict[int, Hint] = {}
    length = 0
    title = None
    for text, hint in [(t, "heading" if h else None) for t, h in version] + [(n, "footnote") for n in notes]:
        # white space collapsed within each line and table cell (cells keep their tab)
        text = "\n".join("\t".join(" ".join(cell.split()) for cell in line.split("\t"))
                          for line in text.split("\n") if line.strip())
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        if hint is not None:
            hints[length] = hint  # type: ignore[assignment]
            if hint == "heading" and title is None:
                title = text
        parts.append(text)
        length += len(text)
    return "".join(parts) + "\n", hints, title


def extract_docx(data: bytes, label: str = "input") -> Extracted:
    doc = _load(data, label)
    version = _version(doc.body, True, doc.numbering, doc.styles)
    text, hints, title = _write(version, [n.accepted for n in doc.notes])
    warnings: tuple[ParseWarning, ...] = ()
    ins, dels = doc.changes
    if ins or dels:
        warnings = (ParseWarning("tracked-changes",
                                 f"{label}: the document holds tracked changes ({ins} insertion(s), {dels} "
                                 "deletion(s)); they are read as accepted"),)
    return Extracted(text, "docx", "extracted-text", None, hints, title, doc.meta, warnings)


def docx_versions(data: bytes, label: str = "input") -> tuple[str, str]:
    """``(original, accepted)``: the text of a .docx before its tracked changes
    and with all of them accepted, each as :func:`extract_docx` writes it
    (the same when the document tracks no change)."""
    doc = _load(data, label)
    original = _write(_version(doc.body, False, doc.numbering, doc.styles), [n.original for n in doc.notes])[0]
    accepted = _write(_version(doc.body, True, doc.numbering, doc.styles), [n.accepted for n in doc.notes])[0]
    return original, accepted


