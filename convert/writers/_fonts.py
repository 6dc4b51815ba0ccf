"""Fonts through fontconfig, for every writer that draws text itself (the PDF, the EPUB cover): no reportlab here.

Two questions, each asked of fontconfig's own tools once per process (the answers
are cached; fonts installed while a process runs are seen by the next one):

- :func:`match`: the file of fontconfig's best match for a pattern
  (``fc-match "DejaVu Sans:bold:lang=hy"``): the face that covers a language;
- :func:`catalogue`: every TrueType file with its family and style names
  (``fc-list``), for finding a family's four faces by name.

Without fontconfig both answer "nothing" and the caller says what that means.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

#: Font files a writer can use (TrueType outlines, OpenType, collections).
_FONT_FILES = (".ttf", ".otf", ".ttc")


@dataclass(frozen=True)
class FontFile:
    """A TrueType file fontconfig knows: its path, its family names and its style names (first: the main one)."""

    path: str
    families: tuple[str, ...]
    styles: tuple[str, ...]


def available() -> bool:
    """Whether fontconfig's tools are installed."""
    return shutil.which("fc-list") is not None and shutil.which("fc-match") is not None


@functools.lru_cache(maxsize=32)
def match(pattern: str) -> str | None:
    """The file of fontconfig's best match for ``pattern`` (a font file a writer can use), or None."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "--format=%{file}", pattern], capture_output=True, text=True, check=False)
    path = found.stdout.strip()
    return path if path.lower().endswith(_FONT_FILES) else None


@functools.lru_cache(maxsize=1)
def catalogue() -> tuple[FontFile, ...]:
    """Every TrueType (``.ttf``) file fontconfig lists, sorted by path; empty without fontconfig."""
    if shutil.which("fc-list") is None:
        return ()
    listing = subprocess.run(
        ["fc-list", "--format", "%{file}\t%{family}\t%{style}\t%{fontformat}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    fonts = []
    for line in sorted(listing.splitlines()):
        parts = line.split("\t")
        if len(parts) == 4 and parts[3] == "TrueType" and parts[0].lower().endswith(".ttf"):
            fonts.append(FontFile(parts[0], tuple(parts[1].split(",")), tuple(parts[2].split(","))))
    return tuple(fonts)
