"""convert: one Markdown article in, faithful DOCX, PDF, EPUB and HTML out.

>>> import convert
>>> article = convert.read("source/article.md")            # doctest: +SKIP
>>> convert.write(article, to="pdf", dest="out/article.pdf")  # doctest: +SKIP
>>> pdf_bytes = convert.render(article, to="pdf")             # doctest: +SKIP
"""

from __future__ import annotations

import logging

from ._version import __version__
from .api import convert, formats, read, read_text, render, verify, write, write_options
from .batching import BatchReport, batch
from .errors import AssetError, ConvertError, SourceError, UnknownFormatError, WriterError
from .model import Article, Meta
from .reader import ReadOptions
from .registry import Registry, WriteOptions, Writer

# A library never prints: without a handler configured by the application, warnings go nowhere
# (instead of logging's last-resort stderr handler). The CLI installs its own.
logging.getLogger("convert").addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "AssetError",
    "BatchReport",
    "ConvertError",
    "Meta",
    "ReadOptions",
    "Registry",
    "SourceError",
    "UnknownFormatError",
    "WriteOptions",
    "Writer",
    "WriterError",
    "__version__",
    "batch",
    "convert",
    "formats",
    "read",
    "read_text",
    "render",
    "verify",
    "write",
    "write_options",
]
