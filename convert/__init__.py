"""convert: one Markdown article in, faithful DOCX, PDF, EPUB and HTML out.

>>> import convert
>>> article = convert.read("source/article.md")            # doctest: +SKIP
>>> convert.write(article, to="pdf", dest="out/article.pdf")  # doctest: +SKIP
>>> pdf_bytes = convert.render(article, to="pdf")             # doctest: +SKIP
"""

from __future__ import annotations

from .api import convert, formats, read, render, verify, write, write_options
from .errors import AssetError, ConvertError, SourceError, UnknownFormatError, WriterError
from .model import Article, Meta
from .reader import ReadOptions
from .registry import Registry, WriteOptions, Writer

__version__ = "0.1.0"

__all__ = [
    "Article",
    "AssetError",
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
    "convert",
    "formats",
    "read",
    "render",
    "verify",
    "write",
    "write_options",
]
