"""Small helpers over markdown-it-py token streams, shared by the reader's modules.

A block token stream is flat (openings and closings with ``nesting`` +1/-1);
inline tokens keep theirs in ``children``. Nothing here recurses, so deep
input cannot exhaust Python's stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from markdown_it.token import Token

from ..model import Attr
from ..text import XML_ILLEGAL_OR_CONTROL
from .html import RAW_FORMATS, inline_pieces, text_of


def line_of(token: Token) -> int:
    """The 1-based source line a token starts on (0 when unknown)."""
    return (token.map[0] + 1) if token.map else 0


def matching_close(tokens: Sequence[Token], i: int) -> int:
    """Index of the token closing ``tokens[i]`` (``i`` itself for a self-contained token)."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def groups(tokens: Sequence[Token]) -> Iterator[tuple[Token, Sequence[Token]]]:
    """Each top-level token with the tokens inside it (empty for a self-contained token)."""
    i = 0
    while i < len(tokens):
        end = matching_close(tokens, i)
        yield tokens[i], tokens[i + 1 : end]
        i = end + 1


def attr_of(token: Token) -> Attr | None:
    """The pandoc attributes a reader rule stored on ``token`` (``{#id .class}``), if any."""
    attr = token.meta.get("attr") if token.meta else None
    return attr if isinstance(attr, Attr) else None


def all_tokens(tokens: Sequence[Token]) -> Iterator[Token]:
    """Every token, inline children (and images' description tokens) included, in source order."""
    stack: list[Iterator[Token]] = [iter(tokens)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        yield token
        if token.children:
            stack.append(iter(token.children))


#: Tokens :func:`plain_text` hands to its ``special`` callback.
_SPECIAL = frozenset({"note_ref", "note_open", "hugo_shortcode"})


def plain_text(children: Sequence[Token], *, html: Callable[[str], str] | None = None,
               special: Callable[[Token], str] | None = None) -> str:
    """The text of inline tokens as pandoc's ``stringify`` sees it: notes left out.

    Images count with their description; line breaks are spaces. A raw HTML
    tag counts as ``html(tag)`` (default: nothing; the text between tags counts),
    and so do the tags of pandoc's raw inline HTML (```<b>x</b>`{=html}``) when
    ``html`` is given. A note (a ``[^label]`` reference, or the opening of a
    ``^[note]``, whose text never counts) and a Hugo shortcode count as
    ``special(token)`` (default: a shortcode its text as written, a note nothing).
    """
    parts: list[str] = []
    note_depth = 0
    for token in all_tokens(children):
        kind = token.type
        if not note_depth and kind in _SPECIAL:
            parts.append(special(token) if special is not None else
                         legal_text(token.content) if kind == "hugo_shortcode" else "")
        if kind == "note_open":
            note_depth += 1
        elif kind == "note_close":
            note_depth -= 1
        elif note_depth:
            continue
        elif kind in ("text", "text_special"):
            parts.append(legal_text(token.content))
        elif kind == "code_inline" and html is not None and str(token.meta.get("raw", "")).lower() in RAW_FORMATS:
            parts.append("".join(html(piece) if is_tag else text_of(piece) for piece, is_tag in inline_pieces(token.content)))
        elif kind in ("code_inline", "math_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline" and html is not None:
            parts.append(html(token.content))
    return "".join(parts)


def legal_text(text: str) -> str:
    """A text token's content without characters no document can hold (nor DEL and C1 controls).

    The source was cleaned of them; they come back only from decoding
    (``<https://x.org/%00>``, ``<https://x.org/%C2%85>`` show their address decoded), so they go back
    to the percent-escape that was written (UTF-8 bytes; U+FFFD past U+00FF).
    """
    if not XML_ILLEGAL_OR_CONTROL.search(text):
        return text
    return XML_ILLEGAL_OR_CONTROL.sub(_percent_escape, text)


def _percent_escape(match: re.Match[str]) -> str:
    char = match.group()
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8")) if ord(char) < 0x100 else "\ufffd"
