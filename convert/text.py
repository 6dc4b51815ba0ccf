"""Text helpers shared by the reader and every writer (written once, imported)."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; the
# non-characters U+FFFE/U+FFFF; lone surrogates.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "tel:")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (the reader already warned)."""
    return XML_ILLEGAL.sub("", text)


def is_safe_link(target: str) -> bool:
    """True for web, mail and relative links; false for ``javascript:``, ``data:``, ``file:``..."""
    stripped = re.sub(r"[\x00-\x20]", "", target).lower()
    return not _SCHEME.match(stripped) or stripped.startswith(_SAFE_SCHEMES)
