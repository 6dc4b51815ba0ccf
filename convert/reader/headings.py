"""The title (chosen from the token stream) and the heading levels (applied over the finished tree).

**Title**: the front matter's ``title``; without one, a leading ``# Heading``
(its text, formatting removed). A leading ``#`` heading equal to the front
matter's title is the same title and is not repeated. With neither,
``Meta.title`` stays ``""`` (no headline is invented) and one warning says that
formats which demand a title use the file name.

**Levels keep their shape** (pandoc's ``--shift-heading-level-by``): level 1
belongs to the title. When, after the title is taken, the body still uses
level 1 for its sections (``#`` or ``<h1>``), every body heading moves down
one level (``#`` → 2, ``##`` → 3, ...), so ``# A``, ``## B``, ``# C`` keep
their relation. ``ReadOptions.shift_heading_level_by = N`` shifts every
heading by ``N`` instead (applied before the title is chosen, as pandoc does):
a heading shifted to level 1 at the very top is the title, another becomes
level 2; one shifted below 1 becomes a paragraph. Levels deeper than 6 become
6. Each change of that kind is a warning naming the line.

:func:`plan` chooses the title from the token stream; :func:`level` is applied
once every block is built, to Markdown and raw-HTML headings alike, wherever
they sit (see :mod:`.finish`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.token import Token

from .context import ReadContext
from .html import tag_text
from .inlines import shortcode_warning
from .tokens import legal_text, line_of, plain_text

if TYPE_CHECKING:
    from .notes import Notes


@dataclass(frozen=True)
class Outline:
    """What :func:`plan` decided: the title, the heading that was it (not shown again), the explicit shift."""

    title: str
    title_token: Token | None
    explicit_shift: int | None = None

    def shift(self, body_levels: Iterable[int]) -> int:
        """The shift for a body whose headings are written at ``body_levels`` (Markdown and raw HTML alike)."""
        if self.explicit_shift is not None:
            return self.explicit_shift
        return 1 if 1 in body_levels else 0


def level(written: int, shift: int, line: int, context: ReadContext) -> int | None:
    """The level of a heading written at ``written`` in the article (2..6), or ``None``: it becomes a paragraph."""
    shifted = written + shift
    if shifted < 1:
        context.warn(f"heading shifted below level 1 (by {shift}); kept as a paragraph", line)
        return None
    if shifted == 1:
        context.warn("level 1 belongs to the title; this heading became level 2", line)
        return 2
    if shifted > 6:
        context.warn(f"heading level {shifted} is deeper than 6; made level 6", line)
        return 6
    return shifted


def plan(tokens: Sequence[Token], front_title: str, context: ReadContext, notes: Notes | None = None) -> Outline:
    """The title for ``tokens`` (``front_title``: the front matter's title, smartened), and the heading it took.

    ``notes``: the article's note definitions. A title is plain text, so a note
    in the heading taken as the title cannot be shown there: a reference without
    a definition keeps its text (``# A [^x]`` → ``A [^x]``), as in the body; a
    note is left out; each with a warning naming the heading's line.
    """
    explicit = context.options.shift_heading_level_by
    shift = explicit or 0
    first = tokens[0] if tokens else None
    lead = first if first is not None and first.type == "heading_open" and int(first.tag[1]) + shift == 1 else None
    title_text = _TitleText(notes)
    lead_text = plain_text(tokens[1].children or [], html=tag_text, special=title_text.text).strip() \
        if lead is not None and len(tokens) > 1 else ""
    if front_title:
        title, dropped = front_title, (lead if lead is not None and lead_text in (front_title, "") else None)
    else:
        title, dropped = lead_text, lead
    if dropped is not None:  # the heading is not built as a block: what its notes became is said here
        title_text.report(context, line_of(dropped))
    if not title:
        stem = "Untitled" if context.name.startswith("<") else Path(context.name).stem or "Untitled"
        context.warn(f"no title (no front matter 'title', no leading '# Heading'); formats that need one use {stem!r}", 1)
    return Outline(title, dropped, explicit)


@dataclass
class _TitleText:
    """What the notes in a heading taken as the title become (a reference without a definition: its text),
    and its Hugo shortcodes (their text); each with the warning the body gives."""

    notes: Notes | None
    problems: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def text(self, token: Token) -> str:
        if token.type == "hugo_shortcode":
            self.problems.append(shortcode_warning(token))
            return legal_text(token.content)
        label = str(token.meta.get("label", ""))
        if token.type == "note_ref" and (self.notes is None or label not in self.notes.definitions):
            self.problems.append(f"note reference {token.content} has no definition; kept as text")
            return token.content
        if token.type == "note_ref":
            self.labels.append(label)
        what = f"note {token.content}" if token.type == "note_ref" else "a note"
        self.problems.append(f"{what} in the heading taken as the title cannot be shown in a title; left out")
        return ""

    def report(self, context: ReadContext, line: int) -> None:
        for message in self.problems:
            context.warn(message, line)
        if self.notes is not None:
            self.notes.used.update(self.labels)  # referenced, so not "never referenced"
