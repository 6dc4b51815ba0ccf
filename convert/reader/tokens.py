"""Small helpers over markdown-it-py token streams, shared by the reader's modules.

A block token stream is flat (openings and closings with ``nesting`` +1/-1);
inline tokens keep theirs in ``children``. Nothing here recurses, so deep
input cannot exhaust Python's stack.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markdown_it.token import Token

from ..model import Attr


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


def plain_text(children: Sequence[Token], *, keep_html: bool = False) -> str:
    """The text of inline tokens as pandoc's ``stringify`` sees it: notes (and raw HTML unless ``keep_html``) left out.

    Images count with their description; line breaks are spaces.
    """
    parts: list[str] = []
    note_depth = 0
    for token in all_tokens(children):
        kind = token.type
        if kind == "note_open":
            note_depth += 1
        elif kind == "note_close":
            note_depth -= 1
        elif note_depth:
            continue
        elif kind in ("text", "text_special", "code_inline", "math_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline" and keep_html:
            parts.append(token.content)
    return "".join(parts)
