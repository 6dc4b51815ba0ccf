"""``base-url``: relative link targets made absolute, so that every format can keep them as links.

A post links to its site's other pages as they sit on the site: ``[the archive](/archive/)``,
``[part 2](../part-2/)``, ``<a href="2024/budget.html">``. A web page resolves them against
its own address; a DOCX or PDF file has no address, so its writers keep only absolute
``http(s)``, ``mailto`` and ``tel`` targets and ``#`` links live (anything else is text,
with a warning). ``base-url`` (front matter, ``-M base-url=...``, or a project file's
``[metadata]``) is the address the article is published at. The rule:

* Every link target without a scheme (``page.html``, ``../x/``, ``/archive/``,
  ``//host/x``, ``?page=2``) becomes ``urllib.parse.urljoin(base_url, target)``,
  RFC 3986's resolution as a browser does it: the base's last segment counts as a file
  unless the base ends with ``/`` (``https://example.org/news/`` + ``a.html`` →
  ``https://example.org/news/a.html``; ``https://example.org/news`` + ``a.html`` →
  ``https://example.org/a.html``).
* ``#fragment`` links stay within the article; targets with a scheme (``https:``,
  ``mailto:``, ``tel:``...), empty targets and targets with a backslash (``\\\\server\\share``:
  a browser and ``urljoin`` would read it differently) are left as written.
* Images are files, not links: their references are never touched.

The value must be an absolute ``http(s)`` address with a host (:func:`check`), else a
:class:`~convert.errors.SourceError` names the key's file:line.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections.abc import Sequence

from ..model import Block, Link
from . import tree

__all__ = ["EXAMPLE", "KEY", "absolute_links", "problem"]

KEY = "base-url"
#: The address the error message shows as an example.
EXAMPLE = "https://example.org/news/"
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"\\]")


def problem(value: object) -> str | None:
    """Why ``value`` cannot be a base URL (a sentence to follow ``base-url``), or None when it can."""
    if not isinstance(value, str) or not value.strip():
        return f"must be an absolute http(s) address, e.g. {EXAMPLE}"
    text = value.strip()
    try:
        parts = urllib.parse.urlsplit(text)
        scheme, host = parts.scheme.lower(), parts.hostname
        parts.port  # noqa: B018 - a bad port raises ValueError here
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host or _UNSAFE.search(text):
        return f"must be an absolute http(s) address, e.g. {EXAMPLE} (not {text!r})"
    return None


def absolute_links(blocks: tuple[Block, ...], base_url: str | None) -> tuple[Block, ...]:
    """``blocks`` with every relative link target joined to ``base_url`` (the rule above); as they are without one.

    ``base_url`` must have passed :func:`problem`.
    """
    if not base_url:
        return blocks
    return tree.rewrite(blocks, _Absolute(base_url.strip()))


def _is_relative(target: str) -> bool:
    if not target or target.startswith("#") or "\\" in target:  # a Windows share is no web address
        return False
    try:
        return not urllib.parse.urlsplit(target).scheme
    except ValueError:  # e.g. an unbalanced '[' in a host: left as written, the writers judge it
        return False


class _Absolute(tree.Visitor):
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def leave(self, original: tree.Node, node: tree.Node, depth: int) -> Sequence[tree.Node]:
        if isinstance(node, Link) and _is_relative(node.target):
            return (dataclasses.replace(node, target=urllib.parse.urljoin(self.base_url, node.target)),)
        return (node,)
