"""One error hierarchy for everything the library raises on purpose.

The library raises; the CLI formats. Every error can say *where* (file, line,
column) and *what to do*, so a message reads like a compiler's:
``article.md:12:1: error: image not found: assets/x.jpg``.
"""

from __future__ import annotations

import logging
import re

#: What must never reach a message line as it is: controls (a newline would forge a line) and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def display_name(name: str) -> str:
    """A file name fit for one line of a message: controls and undecodable bytes shown as escapes.

    ``os.fsdecode`` turns a byte that is not UTF-8 into a lone surrogate (U+DC80-U+DCFF);
    it is shown as ``\\xNN``, the byte itself. A newline in a name cannot forge a message line.
    """
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else match.group(0).encode("unicode_escape").decode()

    return _UNPRINTABLE.sub(escape, name)


class ConvertError(Exception):
    """Base class of every error this package raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        """``file:line:column`` with whatever parts are known ("" if none)."""
        if self.file is None:
            return ""
        parts = [display_name(self.file)]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(str(self.column if self.column is not None else 1))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class SourceError(ConvertError):
    """The Markdown source cannot be read or parsed (bad encoding, bad front matter...)."""


class AssetError(ConvertError):
    """An image the article refers to is missing, unsafe, or not an image."""


class WriterError(ConvertError):
    """A writer could not produce its output (bad option, font missing, disk full...)."""


class UnknownFormatError(ConvertError):
    """No writer is registered under the requested name."""


def warn(logger: logging.Logger, message: str, *, file: str, line: int | None = None) -> None:
    """Log a warning that points at the source (``file:line: message``).

    The location also travels as ``record.where`` so the CLI can print
    ``file:line: warning: message`` like a compiler.
    """
    where = f"{display_name(file)}:{line}" if line else display_name(file)
    logger.warning("%s: %s", where, message, extra={"where": where, "text": message})
