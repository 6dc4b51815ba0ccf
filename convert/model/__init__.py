"""The format-neutral article model: read this module first.

Every reader produces an :class:`Article`; every writer consumes one. The
model is small, immutable and knows nothing of Markdown, HTML or of any output
format. Names follow pandoc's AST where the two overlap (``Table``, ``Note``,
``Span``, ``Div``, ``Strikeout``, ``Superscript``, ``Subscript``,
``SmallCaps``, ``DefinitionList``), so pandoc's documentation describes them.

The unions :data:`Inline` and :data:`Block` are closed: a writer ``match``es
on them and ends in ``assert_never``, so mypy names any node it forgets.
Blocks carry the source ``line`` they came from so writers can point at it
when they warn.

The nodes live in :mod:`.inlines` (attributes, pictures, inline spans), :mod:`.blocks`
and :mod:`.article` (the article and the walks over it); import them from here.
"""

from __future__ import annotations

from .article import (
    Article,
    Meta,
    Settings,
    block_inlines,
    child_blocks,
    identifiers,
    merged_texts,
    notes,
    plain_text,
    walk,
    walk_inlines,
)
from .blocks import (
    Alignment,
    Block,
    BlockQuote,
    Cell,
    CodeBlock,
    ColumnSpec,
    CreditLine,
    DefinitionItem,
    DefinitionList,
    Div,
    Figure,
    ListBlock,
    ListStyle,
    Paragraph,
    Row,
    Rule,
    Subheading,
    Table,
)
from .inlines import (
    NO_ATTR,
    Attr,
    Code,
    Emph,
    Image,
    Inline,
    InlineImage,
    LineBreak,
    Link,
    Math,
    Note,
    Rendition,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subscript,
    Superscript,
    Text,
    Underline,
)

__all__ = [
    "NO_ATTR",
    "Alignment",
    "Article",
    "Attr",
    "Block",
    "BlockQuote",
    "Cell",
    "Code",
    "CodeBlock",
    "ColumnSpec",
    "CreditLine",
    "DefinitionItem",
    "DefinitionList",
    "Div",
    "Emph",
    "Figure",
    "Image",
    "Inline",
    "InlineImage",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListStyle",
    "Math",
    "Meta",
    "Note",
    "Paragraph",
    "Rendition",
    "Row",
    "Rule",
    "Settings",
    "SmallCaps",
    "Span",
    "Strikeout",
    "Strong",
    "Subheading",
    "Subscript",
    "Superscript",
    "Table",
    "Text",
    "Underline",
    "block_inlines",
    "child_blocks",
    "identifiers",
    "merged_texts",
    "notes",
    "plain_text",
    "walk",
    "walk_inlines",
]
