"""pandoc's title block (its ``pandoc_title_block`` extension) → metadata entries.

At the very top of the file::

    % The title
      continued on an indented line
    % Author One; Author Two
      Author Three
    % June 15, 2006

The first ``%`` line is the title, the second the authors (separated by ``;``
or put on indented continuation lines), the third the date (one line). A bare
``%`` leaves its field empty (``%`` then ``% Author`` gives an author and no
title). As in pandoc, only these three lines belong to the block; what
follows them is the body.
"""

from __future__ import annotations

from .safeyaml import Entry

_FIELDS = ("title", "author", "date")


def is_title_block(first_line: str) -> bool:
    return first_line.startswith("%")


def read_title_block(lines: list[str]) -> tuple[list[Entry], int]:
    """The entries of the title block opening ``lines``, and how many lines it takes.

    File lines are 1-based: ``lines[0]`` is line 1. Blank lines right after the
    block belong to it (pandoc's ``optional blanklines``).
    """
    entries: list[Entry] = []
    i = 0
    for field in _FIELDS:
        if i >= len(lines) or not lines[i].startswith("%"):
            break
        start = i
        parts = [lines[i][1:].strip()]
        i += 1
        while field != "date" and i < len(lines) and lines[i][:1] in (" ", "\t") and lines[i].strip():
            parts.append(lines[i].strip())
            i += 1
        entry = _entry(field, parts, start + 1)
        if entry is not None:
            entries.append(entry)
    while i < len(lines) and not lines[i].strip():
        i += 1
    return entries, i


def _entry(field: str, parts: list[str], line: int) -> Entry | None:
    if field == "author":
        names = [name.strip() for part in parts for name in part.split(";")]
        names = [name for name in names if name]
        return Entry("author", names, line) if names else None
    text = " ".join(part for part in parts if part)
    return Entry(field, text, line, written=text) if text else None
