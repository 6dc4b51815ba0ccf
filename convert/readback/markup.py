"""Visible text of (X)HTML trees, shared by the EPUB/HTML checks and the source-words check.

Trees from XHTML (EPUB) and from HTML (lxml.html) are made alike first:
:func:`plain_tags` drops the XHTML namespace from element names, so one set of
tag names serves both. Text is gathered without recursion (deep nesting must
not exhaust Python's recursion limit), with a space at every block boundary
and line break, and nothing from comments, scripts or styles.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"

#: Elements whose edges separate words (HTML's block-level and table elements, line breaks); not ``<img>``:
#: ``e<img>f`` shows "ef" as a DOCX shows a picture between two letters.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "iframe", "video", "audio",
})
#: Elements whose content is never shown.
INVISIBLE = frozenset({"script", "style", "template", "head", "title", "noscript", "iframe", "object"})


def plain_tags(root: etree._Element) -> etree._Element:
    """``root`` with XHTML-namespaced element names made plain (``{xhtml}p`` → ``p``), in place."""
    prefix = "{" + XHTML + "}"
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix):]
    return root


def tag(element: etree._Element) -> str:
    """The element's plain tag name, ``""`` for comments and processing instructions."""
    return element.tag if isinstance(element.tag, str) else ""


def semantics(element: etree._Element) -> set[str]:
    """The element's ``epub:type`` tokens and ``role`` tokens together (e.g. {"noteref", "doc-noteref"})."""
    values = (element.get(f"{{{OPS}}}type"), element.get("epub:type"), element.get("role"))
    return {token for value in values if value for token in value.split()}


def classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def elements(root: etree._Element, names: Collection[str], *, outside: Collection[str] = ()) -> Iterator[etree._Element]:
    """Elements named ``names`` in document order, except those inside an element named in ``outside``."""
    for element in root.iter():
        if tag(element) in names and not any(tag(a) in outside for a in element.iterancestors()):
            yield element


def text_of(root: etree._Element, *, skip: Collection[etree._Element] = (), blocks: Collection[str] = BLOCKS) -> str:
    """The visible text inside ``root``: spaces at block edges, ``skip`` subtrees and invisible elements left out."""
    hidden: set[etree._Element] = set()
    for element in skip:
        hidden.update(element.iter())
    for element in root.iter(*INVISIBLE):
        hidden.update(element.iter())
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:  # (node, closing): children between a node's opening and closing, then its tail
        node, closing = stack.pop()
        name = tag(node)
        if not closing and name and node not in hidden:
            parts.extend((" " if name in blocks else "", node.text or ""))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
            continue
        if name in blocks:
            parts.append(" ")
        parent = node.getparent()
        if node is not root and parent is not None and parent not in hidden:
            parts.append(node.tail or "")  # a comment's or a hidden element's tail is its parent's text
    return " ".join("".join(parts).split())
