"""convert: one Markdown article in, faithful DOCX, PDF, EPUB and HTML out.

>>> import convert
>>> article = convert.read("source/article.md")            # doctest: +SKIP
>>> convert.write(article, to="pdf", dest="out/article.pdf")  # doctest: +SKIP
>>> pdf_bytes = convert.render(article, to="pdf")             # doctest: +SKIP

Importing the package is cheap: the public names below are loaded on first use
(PEP 562), so ``convert --version`` never imports the reader, and converting one
article never imports the batch machinery.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import AssetError, ConvertError, SourceError, UnknownFormatError, WriterError

if TYPE_CHECKING:
    from .api import convert, formats, read, read_text, render, verify, write, write_options
    from .batching import BatchReport, batch
    from .model import Article, Meta
    from .reader import ReadOptions
    from .registry import Registry, WriteOptions, Writer

#: Public name -> the submodule that defines it (imported when the name is first used).
_LAZY = {
    **dict.fromkeys(["convert", "formats", "read", "read_text", "render", "verify", "write", "write_options"], "api"),
    **dict.fromkeys(["BatchReport", "batch"], "batching"),
    **dict.fromkeys(["Article", "Meta"], "model"),
    "ReadOptions": "reader",
    **dict.fromkeys(["Registry", "WriteOptions", "Writer"], "registry"),
}
#: Subpackages reachable as attributes after ``import convert`` (``convert.api``, ``convert.model``...).
_SUBMODULES = frozenset({"api", "batching", "cli", "model", "output", "project", "readback", "reader", "registry",
                         "text", "writers"})

# A library never prints: without a handler configured by the application, warnings go nowhere
# (instead of logging's last-resort stderr handler). The CLI installs its own.
logging.getLogger("convert").addHandler(logging.NullHandler())
# The same for pypdf, which verify() uses to read PDFs and which logs its own parse notes
# ("EOF marker not found") without a handler of its own: they reach an application's
# handlers if it has any, and no one's stderr if it has none.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """Load a public name (or a subpackage) on first use; later uses find it in the module's namespace."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})


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
