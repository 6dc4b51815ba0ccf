"""Text helpers shared by the reader and every writer (written once, imported)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

# Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR; the
# non-characters U+FFFE/U+FFFF; lone surrogates.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: What a source may not keep (the reader removes it, with a warning naming the line): :data:`XML_ILLEGAL`,
#: and DEL (U+007F) and the C1 controls (U+0080-U+009F), which XML allows but which are invisible, mean
#: nothing in a document and are in no font (writers reported them as missing glyphs); they are mostly
#: Windows-1252 text decoded as Latin-1. Tab, line feed and carriage return are kept.
XML_ILLEGAL_OR_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "tel:")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
#: What stays as it is when an address with spaces or controls is percent-encoded (RFC 3986's reserved
#: characters, unreserved ones and ``%``, so an address already encoded is not encoded twice).
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


_WORDS = re.compile(r"[^\W_]+")


def words(text: str) -> str:
    """``text`` reduced to its words for comparison: NFKC, case-folded, punctuation, symbols and spaces between
    words dropped, words joined by one space ("A cat — asleep." → ``"a cat asleep"``)."""
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", text).casefold()))


def same_words(first: str, second: str) -> bool:
    """The two texts say the same words (:func:`words`): "alt equals caption" in every writer."""
    return words(first) == words(second)


def says(text: str, part: str) -> bool:
    """``text`` holds ``part``'s words, in order and whole (:func:`words`); an empty ``part`` says nothing."""
    wanted = words(part)
    return bool(wanted) and f" {wanted} " in f" {words(text)} "


def shown_description(alt: str, caption: str) -> str | None:
    """What a figure whose picture is not loaded shows above its caption: the alt text with its spaces
    collapsed, or ``None`` when it is empty or ``caption`` already says it (:func:`says`: case, spaces and
    punctuation aside), so no line is read twice. The one rule of the writers and of ``--verify``."""
    collapsed = " ".join(alt.split())
    return collapsed if collapsed and not says(caption, collapsed) else None


#: pandoc's ``--tab-stop`` default: tabs in code become spaces to the next multiple of 4 (pandoc converts them
#: so unless ``--preserve-tabs``; no format then depends on its own tab width, and no font needs a tab glyph).
TAB_STOP = 4


def expand_tabs(text: str) -> str:
    """``text`` with each tab replaced by spaces to the next :data:`TAB_STOP` column, line by line."""
    return text.expandtabs(TAB_STOP) if "\t" in text else text


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (the reader already warned)."""
    return XML_ILLEGAL.sub("", text)


def is_safe_link(target: str) -> bool:
    """True for web, mail and relative links; false for ``javascript:``, ``data:``, ``file:``...

    What the readers let through as a link; which of those stay live in an output is :func:`link_address`'s.
    """
    stripped = re.sub(r"[\x00-\x20]", "", target).lower()
    return not _SCHEME.match(stripped) or stripped.startswith(_SAFE_SCHEMES)


def link_address(target: str, *, relative: bool = False) -> str | None:
    """The address an output's link to ``target`` points at, or ``None``: the link is kept as its text.

    Live: an absolute ``http(s)`` address with a host, ``mailto:`` or ``tel:`` with a non-empty address
    (``<mailto:>`` is text), and with ``relative`` (a standalone HTML page beside its files) a relative
    reference. Never ``javascript:``, ``data:``, ``file:``, ``ftp:`` or a scheme-less ``https:host`` (issue 19,
    for every writer). The address is 7-bit ASCII, as a PDF ``/URI`` must be (PDF 32000 §12.6.4.7) and as
    markdown-it's ``normalizeLink`` makes a link written in full: whitespace, control and other non-ASCII
    characters percent-encoded as UTF-8 (RFC 3986), a non-ASCII host in IDNA (punycode). ``#id`` links are
    the writer's (they point at its own destinations).
    """
    stripped = target.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:  # an unbalanced IPv6 bracket
        return None
    scheme = parts.scheme.lower()
    live = ((scheme in ("http", "https") and bool(parts.hostname)) or (scheme in ("mailto", "tel") and bool(parts.path))
            or (relative and not scheme and not stripped.startswith("#") and bool(stripped) and is_safe_link(stripped)))
    if not live:
        return None
    if stripped.isascii() and not any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in stripped):
        return stripped
    return _ascii_address(parts) if not stripped.isascii() else quote(stripped, safe=_URL_SAFE)


def _ascii_address(parts: SplitResult) -> str:
    """``parts`` as a 7-bit ASCII address: the host in IDNA, the rest percent-encoded (``%`` kept as written)."""
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = (hostport, "", "") if hostport.startswith("[") else hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:  # a label IDNA 2003 refuses (too long, prohibited characters)
            host = quote(host, safe="")
        netloc = quote(userinfo, safe=_URL_SAFE) + at + host + colon + quote(port, safe="")
    return urlunsplit((parts.scheme, netloc, *(quote(part, safe=_URL_SAFE) for part in
                                               (parts.path, parts.query, parts.fragment))))


def refusal_hint(target: str) -> str:
    """What to add to "link kept as text" for ``target``: for a relative address, that ``base-url`` makes it
    absolute (and live); else nothing."""
    stripped = target.strip()
    try:
        relative = bool(stripped) and not urlsplit(stripped).scheme and not stripped.startswith("#")
    except ValueError:
        relative = False
    return " (a relative address: set base-url in the front matter or project metadata to make it a link)" \
        if relative else ""


def live_link(target: str, *, relative: bool = False) -> bool:
    """Whether a link to ``target`` stays a link: an internal ``#id`` (non-empty), or :func:`link_address` gives one.

    (Whether the ``#id`` exists is the writer's to check against the article's identifiers.)
    """
    if target.startswith("#"):
        return len(target) > 1
    return link_address(target, relative=relative) is not None
