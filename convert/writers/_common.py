"""What several writers share: dates, display strings, reproducible zips, figure sizing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from ..model import (
    Article,
    Block,
    DefinitionList,
    Div,
    Figure,
    Inline,
    InlineImage,
    Link,
    Math,
    Note,
    Paragraph,
    SmallCaps,
    Span,
    Strikeout,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
    block_inlines,
)
from ..registry import WriteOptions

#: The timestamp used when neither the article nor SOURCE_DATE_EPOCH gives one.
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: The oldest date a zip entry can hold; every entry gets it.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".mimetype")

def document_date(article: Article, options: WriteOptions) -> dt.datetime:
    """The one timestamp an output may carry: the article's date, else SOURCE_DATE_EPOCH.

    Never the wall clock, so the same article gives the same bytes. A ``Meta.date`` that is
    not ISO (only a hand-built model has one: the reader keeps such text in ``date_text``)
    counts as no date.
    """
    try:
        day = dt.date.fromisoformat(article.meta.date) if article.meta.date else None
    except ValueError:
        day = None
    if day is not None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if options.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(options.source_date_epoch, tz=dt.UTC)
    return FALLBACK_DATE


def reproducible_zip(data: bytes, first: Iterable[str] = ()) -> bytes:
    """Rewrite a zip with fixed timestamps and permissions, ``first`` entries first.

    Already-compressed images (and the EPUB ``mimetype``) are stored, not deflated
    again; everything else is deflated at the highest level.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = [n for n in first if n in names] + [n for n in names if n not in first]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 0
            stored = name.lower().endswith(_STORED_SUFFIXES) or name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compresslevel=None if stored else 9)
    return buffer.getvalue()


def lower_block(block: Block) -> tuple[Block, ...]:
    """Blocks a writer does not render natively yet, as simpler ones (text kept, structure lost).

    A stop-gap so every writer accepts every node; each writer replaces its use
    node by node with native rendering.
    """
    if isinstance(block, Div):
        return block.blocks
    if isinstance(block, Figure) and block.image is None:  # not loaded: its caption, and its address as a link
        address = Paragraph((Link(block.src, (Text(block.src),)),), block.line)
        return (Paragraph(block.caption, block.line), address) if block.caption else (address,)
    if isinstance(block, DefinitionList):
        lowered: list[Block] = []
        for entry in block.items:
            lowered.append(Paragraph((Strong(entry.term),), block.line))
            for definition in entry.definitions:
                lowered.extend(definition)
        return tuple(lowered)
    if isinstance(block, Table):
        rows = [Paragraph(block.caption, block.line)] if block.caption else []
        for row in block.rows:
            spans: list[Inline] = []
            for cell in row.cells:
                if spans:
                    spans.append(Text(" \u2003 "))
                spans.extend(s for b in cell.blocks for s in block_inlines(b))
            rows.append(Paragraph(tuple(spans), block.line))
        return tuple(rows)
    return (block,)


def lower_inline(span: Inline) -> tuple[Inline, ...]:
    """Inline spans a writer does not render natively yet, as their children or text."""
    if isinstance(span, (Strikeout, Superscript, Subscript, SmallCaps, Underline, Span)):
        return span.children
    if isinstance(span, Math):
        return (Text(span.text),)
    if isinstance(span, InlineImage):
        return (Text(span.alt),)
    if isinstance(span, Note):
        return ()
    return (span,)
