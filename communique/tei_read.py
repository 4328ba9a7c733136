"""TEI (XML) input → extracted statement text.

XML is parsed with entity resolution, DTD loading and network access off;
a document that declares entities (billion laughs, external entities) is
refused outright, before lxml sees it.
"""

from __future__ import annotations

import regex
from lxml import etree

from .errors import InputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
_ENTITY_DECL = regex.compile(r"<!ENTITY", regex.I)


def safe_xml(text: str, label: str = "input") -> etree._Element:
    """Parse XML text safely, or raise :class:`InputError` in one line."""
    if _ENTITY_DECL.search(text):
        raise InputError(f"{label}: XML declaring entities is refused (entity expansion is disabled)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=False)
    try:
        return etree.fromstring(regex.sub(r"^\s*<\?xml[^>]*\?>", "", text).encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        msg = " ".join(str(exc.msg).split())
        where = "" if f"line {exc.lineno}" in msg else f", line {exc.lineno}"
        raise InputError(f"{label}: malformed XML ({msg}{where})") from None


def extract_tei(text: str, label: str = "input") -> tuple[str, str | None]:
    """``(statement text, title)`` from a TEI document."""
    root = safe_xml(text, label)
    ns = {"t": TEI_NS}
    title_el = root.find(".//t:teiHeader//t:titleStmt/t:title", ns)
    title = " ".join(title_el.itertext()).strip() if title_el is not None else None
    body = root.find(".//t:text/t:body", ns)
    if body is None:
        raise InputError(f"{label}: TEI document without text/body")
    lines: list[str] = []
    for el in body.iter(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}head", f"{{{TEI_NS}}}item"):
        content = " ".join(" ".join(el.itertext()).split())
        parent = el.getparent()
        n = el.get("n") or (parent.get("n") if parent is not None and parent.get("type") == "clause"
                            and el is parent.find(f"{{{TEI_NS}}}p") else None)
        if content:
            lines.append(f"{n}. {content}" if n and not content.startswith(n) else content)
    return "\n\n".join(lines) + "\n", title
