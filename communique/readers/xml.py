"""Safe XML: sniff the root element, parse without entities or network.

Parsing takes the *bytes*, so the XML declaration's encoding (or a BOM) is
honoured by the parser itself, as the XML specification says.  Entity
declarations are refused outright (billion laughs, external entities); a DTD
is never loaded, so an entity it would define is left out of the text, and a
warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from ..errors import InputError
from ..model import ParseWarning
from ..text.patterns import compiled
from .lazy import LazyModule

if TYPE_CHECKING:
    from lxml import etree
else:  # imported when a reader first uses them: see readers/lazy.py
    etree = LazyModule("lxml.etree")

# The prolog: a BOM, the declaration, comments, processing instructions
# (<?xml-model?>, <?xml-stylesheet?>), white space and a DOCTYPE (which may
# carry an internal subset in brackets).
_PROLOG = compiled(
    r"\A\ufeff?(?:\s+|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[[^\]]*\])*>)*", regex.S | regex.I)
_ROOT = compiled(r"<(?:([\w.\-]+):)?([\w.\-]+)((?:\s+[^>]*?)?)/?>", regex.S)
_ENTITY_DECL = compiled(rb"<!ENTITY", regex.I)
_DECLARATION = compiled(r"\A\ufeff?\s*<\?xml\s[^>]*\?>")


@dataclass(frozen=True, slots=True)
class Root:
    """The root element of an XML document, read from its start tag."""

    local: str  # local name: "TEI", "html", "teiCorpus"
    namespace: str | None  # the namespace URI its prefix (or the default) is bound to


def sniff_root(text: str) -> Root | None:
    """The root element of ``text`` if it looks like XML (a prolog or a
    root start tag right at the start), else None."""
    m = _PROLOG.match(text)
    rest = text[m.end() if m else 0:]
    if not rest.startswith("<") or rest.startswith(("<!", "<?")):
        return None
    root = _ROOT.match(rest)
    if root is None:
        return None
    prefix, local, attrs = root.group(1), root.group(2), root.group(3) or ""
    want = f"xmlns:{prefix}" if prefix else "xmlns"
    ns = regex.search(rf"{regex.escape(want)}\s*=\s*[\"']([^\"']*)[\"']", attrs)
    return Root(local, ns.group(1) if ns else None)


def has_prolog(text: str) -> bool:
    """Whether ``text`` opens with an XML declaration or a DOCTYPE."""
    return text.lstrip("\ufeff \t\r\n").startswith(("<?xml", "<!DOCTYPE", "<!doctype"))


def parse_xml(data: bytes, label: str = "input") -> tuple[etree._Element, tuple[ParseWarning, ...]]:
    """Parse XML bytes safely: ``(root, warnings)``, or :class:`InputError` in one line."""
    if _ENTITY_DECL.search(data):
        raise InputError(f"{label}: XML declaring entities is refused (entity expansion is disabled)", name=label)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=True, remove_comments=False, remove_pis=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        msg = " ".join(str(exc.msg).split())
        line, column = exc.position if exc.position else (None, None)
        raise InputError(f"{label}: malformed XML ({msg})", name=label, line=line, column=column) from None
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot use
        raise InputError(f"{label}: cannot read the XML ({exc})", name=label) from None
    if root is None:
        raise InputError(f"{label}: empty XML document", name=label)
    return root, _entity_warnings(root, label)


def _entity_warnings(root: etree._Element, label: str) -> tuple[ParseWarning, ...]:
    """An entity reference left unresolved (its DTD is never loaded) is text
    left out: say which, and where the first one is."""
    names = [str(e.text).strip("&;") for e in root.iter(etree.Entity)]  # an entity's text is "&name;"
    if not names:
        return ()
    distinct = ", ".join(f"&{n};" for n in dict.fromkeys(names))
    return (ParseWarning("entity-dropped",
                         f"{label}: {len(names)} reference(s) to entities defined outside the document ({distinct}) "
                         "were left out: external DTDs are not loaded"),)


def parse_xml_text(text: str, label: str = "input") -> tuple[etree._Element, tuple[ParseWarning, ...]]:
    """:func:`parse_xml` for text already decoded (the API's ``parse(text=…)``):
    the declaration is dropped, since its encoding no longer applies."""
    body = _DECLARATION.sub("", text, count=1)
    # surrogatepass: a lone surrogate becomes bytes the parser rejects as
    # malformed, rather than a UnicodeEncodeError escaping the API
    return parse_xml(body.encode("utf-8", "surrogatepass"), label)


