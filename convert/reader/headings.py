"""The title and the heading levels, decided from the token stream before the blocks are built.

**Title**: the front matter's ``title``; without one, a leading ``# Heading``
(its text, formatting removed). A leading ``#`` heading equal to the front
matter's title is the same title and is not repeated. With neither,
``Meta.title`` stays ``""`` (no headline is invented) and one warning says that
formats which demand a title use the file name.

**Levels keep their shape** (pandoc's ``--shift-heading-level-by``): level 1
belongs to the title. When, after the title is taken, the body still uses
``#`` for its sections, every body heading moves down one level (``#`` → 2,
``##`` → 3, ...), so ``# A``, ``## B``, ``# C`` keep their relation.
``ReadOptions.shift_heading_level_by = N`` shifts every heading by ``N``
instead (applied before the title is chosen, as pandoc does): a heading shifted
to level 1 at the very top is the title, another becomes level 2; one shifted
below 1 becomes a paragraph. Levels deeper than 6 become 6. Each change of
that kind is a warning naming the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from .context import ReadContext
from .tokens import line_of, plain_text


@dataclass(frozen=True)
class Outline:
    """What :func:`plan` decided: the title, the heading that was it (not shown again), the shift."""

    title: str
    title_token: Token | None
    shift: int

    def level(self, heading: Token, context: ReadContext) -> int | None:
        """The level of ``heading`` in the article (2..6), or ``None`` when it becomes a paragraph."""
        level = int(heading.tag[1]) + self.shift
        line = line_of(heading)
        if level < 1:
            context.warn(f"heading shifted below level 1 (by {self.shift}); kept as a paragraph", line)
            return None
        if level == 1:
            context.warn("level 1 belongs to the title; this heading became level 2", line)
            return 2
        if level > 6:
            context.warn(f"heading level {level} is deeper than 6; made level 6", line)
            return 6
        return level


def plan(tokens: Sequence[Token], front_title: str, context: ReadContext) -> Outline:
    """The title and the heading shift for ``tokens`` (``front_title``: the front matter's title, smartened)."""
    explicit = context.options.shift_heading_level_by
    shift = explicit or 0
    first = tokens[0] if tokens else None
    lead = first if first is not None and first.type == "heading_open" and int(first.tag[1]) + shift == 1 else None
    lead_text = plain_text(tokens[1].children or []).strip() if lead is not None and len(tokens) > 1 else ""
    if front_title:
        title, dropped = front_title, (lead if lead is not None and lead_text in (front_title, "") else None)
    else:
        title, dropped = lead_text, lead
    if not title:
        stem = "Untitled" if context.name.startswith("<") else Path(context.name).stem or "Untitled"
        context.warn(f"no title (no front matter 'title', no leading '# Heading'); formats that need one use {stem!r}", 1)
    if explicit is None:
        body = (int(t.tag[1]) for t in tokens if t.type == "heading_open" and t is not dropped)
        shift = 1 if 1 in body else 0
    return Outline(title, dropped, shift)
