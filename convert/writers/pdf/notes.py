"""Footnotes at the foot of the page on which their reference falls (as pandoc with LaTeX or Typst).

Notes are numbered in reading order as the story is made (:class:`Notes`). A
paragraph knows the notes it references from its own markup (the links
``#fn-N`` of its note marks), and so does every piece reportlab splits it
into. :class:`NoteFrame` reserves room at the foot of the page when it places
a flowable that references notes not yet placed: the flowable fits only if it
fits together with its notes, and the notes are drawn below a short rule when
the page ends. A note taller than a third of the page would push its
reference's page forever, so it goes to a "Notes" section at the end instead,
with links both ways, like every note's number and its reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.tables import Table

from ...model import Note
from .fitting import FittingFigure
from .styles import color
from .tagging import Slot, Tagged, marker
from .tagging.hyphens import HyphenatedText, added_hyphens

_NOTE_LINK = re.compile(r"#fn-(\d+)$")
#: The rule above the notes, and the gap between it and the text.
RULE_GAP = 6.0
NOTE_GAP = 2.0
#: A note taller than this share of the frame goes to the end of the article instead.
MAX_SHARE = 1 / 3
#: How close (points) a split finds the least room its first piece's notes need (see NoteFrame.split).
_SPLIT_TOLERANCE = 1.0


class Notes:
    """The article's notes in reading order (1, 2, ...) and, once made, each one's flowables."""

    def __init__(self) -> None:
        self.notes: list[Note] = []
        self.flowables: dict[int, list[Flowable]] = {}
        self.endnotes: list[int] = []

    def add(self, note: Note) -> int:
        self.notes.append(note)
        return len(self.notes)

    def __deepcopy__(self, _memo: dict[int, Any]) -> Notes:
        """The same registry: reportlab deep-copies the frame (which holds it) for each trial layout."""
        return self


class NotedParagraph(RLParagraph):  # type: ignore[misc]
    """A reportlab paragraph that knows which notes it (or the piece it was split into) references.

    On a tagged canvas its text object is marked content of its slots (``tagged``, shared by
    the pieces it is split into; see :mod:`.tagging.marks`), its bullet the item's label.
    """

    tagged: Tagged | None = None
    continued = False
    source_text = ""  # the paragraph's text as written: tells an added hyphen from the word's own

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        pieces: list[Flowable] = super().split(available_width, available_height)
        for index, piece in enumerate(pieces):
            piece.tagged, piece.source_text = self.tagged, self.source_text
            piece.continued = self.continued or index > 0
        return pieces

    def draw(self) -> None:
        marks = getattr(self.canv, "marks", None)
        if marks is None:
            super().draw()
            return
        with marks.paragraph(self.canv, self.tagged, self.continued, bool(self.bulletText)):
            super().draw()

    def beginText(self, x: float, y: float) -> Any:
        marks = getattr(self.canv, "marks", None)
        if marks is None or not self.source_text:
            return super().beginText(x, y)
        text_object = HyphenatedText(self.canv, x, y, added_hyphens(self.blPara, self.source_text))
        marks.open_text(text_object)
        return text_object


    @property
    def note_numbers(self) -> list[int]:
        """The notes this paragraph (or piece) references, from its fragments' links.

        reportlab rewrites ``frags`` when it breaks lines: words become lists of
        ``[width, (fragment, text), ...]``, and split pieces hold those; both shapes are read.
        """
        found: list[int] = []
        for link in _links(getattr(self, "frags", ()) or ()):
            target = link[1] if isinstance(link, tuple) else getattr(link, "link", link)
            match = _NOTE_LINK.match(str(target))
            if match and int(match.group(1)) not in found:
                found.append(int(match.group(1)))
        return found


def _links(frags: Iterable[Any]) -> Iterator[Any]:
    """The links of reportlab paragraph fragments, as parsed (``frag.link``) or broken into words (lists)."""
    stack = list(frags)[::-1]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(x for x in reversed(item) if not isinstance(x, str | float | int))
            continue
        yield from getattr(item, "link", None) or ()
        words = getattr(item, "words", None)
        if words:
            stack.extend(reversed(words))


def notes_in(flowable: Flowable) -> list[int]:
    """The note numbers a flowable references, in order (inside tables and kept-together groups too)."""
    numbers = getattr(flowable, "note_numbers", None)
    if numbers is not None:
        return list(numbers)
    children: Iterable[Any] = ()
    if isinstance(flowable, KeepTogether):
        children = flowable._content
    elif isinstance(flowable, Table):
        children = (cell for row in flowable._cellvalues for cell in row)
    elif isinstance(flowable, list | tuple):
        children = flowable
    found: list[int] = []
    for child in children:
        if isinstance(child, Flowable | list | tuple):
            found.extend(n for n in notes_in(child) if n not in found)
    return found


class NoteFrame(Frame):  # type: ignore[misc]
    """The text frame; it keeps room at its foot for the notes of what it holds."""

    def __init__(self, *args: Any, notes: Notes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes = notes
        self.placed: set[int] = set()
        self.on_page: list[int] = []

    def _reset(self) -> None:
        super()._reset()
        self._y1p = self._y1 + self._bottomPadding
        self.on_page = []

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        numbers = self._new_notes(flowable)
        if not numbers:
            return int(super()._add(flowable, canv, trySplit))
        extra = self._height_of(numbers)
        saved = self._y1p
        self._y1p += extra
        placed = int(super()._add(flowable, canv, trySplit))
        if placed:
            self.on_page.extend(numbers)
            self.placed.update(numbers)
        else:
            self._y1p = saved
        return placed

    _add = add

    def split(self, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        """Split ``flowable`` so that its first piece fits together with the notes that piece references.

        reportlab splits to the room above the frame's foot; the first piece's notes then take room
        too, and it would no longer fit (a ``LayoutError``). So the split is made again with room kept
        free at the foot: the least room in which the first piece's notes fit. Keeping more room never
        lengthens the first piece (nor adds to its notes), so the least is found by bisection, to
        :data:`_SPLIT_TOLERANCE` points. (Asking each round's first piece for the next round's room went
        round in circles: a paragraph with its references in its last lines fits whole without its notes,
        and with them kept it splits before its references; it went whole to the next page, leaving 40 %
        of corpus 05's first page blank.)
        """
        foot = self._y1p
        try:
            pieces = self._split_keeping(foot, 0.0, flowable, canv)
            if self._fits_with_notes(pieces, 0.0):
                return pieces
            low, high = 0.0, self._height_of(self._new_notes(flowable))
            pieces = self._split_keeping(foot, high, flowable, canv)  # all its notes kept room for: always fits
            while high - low > _SPLIT_TOLERANCE:
                middle = (low + high) / 2
                trial = self._split_keeping(foot, middle, flowable, canv)
                if self._fits_with_notes(trial, middle):
                    high, pieces = middle, trial
                else:
                    low = middle
            return pieces
        finally:
            self._y1p = foot

    def _split_keeping(self, foot: float, kept: float, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        """reportlab's split of ``flowable`` above ``foot`` with ``kept`` points more kept free."""
        self._y1p = foot + kept
        return list(super().split(flowable, canv))

    def _fits_with_notes(self, pieces: list[Flowable], kept: float) -> bool:
        """Whether the first of ``pieces`` (none: nothing fits, which more room kept cannot change) has its notes'
        room in ``kept`` points."""
        numbers = self._new_notes(pieces[0]) if pieces else []
        return not numbers or self._height_of(numbers) <= kept + 0.01

    def place_after(self, room: float, space_after: float, flowable: Flowable, canv: Canvas,
                    whole: bool = False) -> list[Flowable]:
        """What of ``flowable`` fits ``room`` points above this frame's foot, after flowables (a heading) that
        end in ``space_after``: ``[flowable]`` whole, its pieces (the first fitting with its notes) or
        nothing. ``whole``: it may not be split (a figure kept together). The frame is left as it was."""
        saved: tuple[float, int, float] = (self._y, self._atTop, self._prevASpace)  # type: ignore[has-type]
        self._y, self._atTop, self._prevASpace = self._y1p + room, 0, space_after
        try:
            space = flowable.getSpaceBefore()
            if self._oASpace:
                space = max(space - space_after, 0)
            numbers = self._new_notes(flowable)
            notes = self._height_of(numbers) if numbers else 0.0
            if full_height(flowable, self._getAvailableWidth(), canv) <= room - space - notes + 0.01:
                return [flowable]
            if isinstance(flowable, FittingFigure) and flowable.fit(self._getAvailableWidth(), room - space - notes,
                                                                    canv):
                return [flowable]  # its picture a little smaller, it stays with the heading before it
            return [] if whole else self.split(flowable, canv)
        finally:
            self._y, self._atTop, self._prevASpace = saved

    def _new_notes(self, flowable: Flowable) -> list[int]:
        numbers: list[int] = []
        pending = [n for n in notes_in(flowable) if n not in self.placed]
        while pending:  # a note's own notes go on the same page
            number = pending.pop(0)
            if number in numbers or number in self.placed or number not in self.notes.flowables:
                continue
            if self._note_height(number) > self._height * MAX_SHARE:
                if number not in self.notes.endnotes:
                    self.notes.endnotes.append(number)
                self.placed.add(number)
                continue
            numbers.append(number)
            pending.extend(notes_in(self.notes.flowables[number]))
        return numbers

    def _note_height(self, number: int) -> float:
        total = 0.0
        for part in self.notes.flowables[number]:
            _, height = part.wrap(self._width, self._height)
            total += height + NOTE_GAP
        return total

    def _height_of(self, numbers: list[int]) -> float:
        rule = RULE_GAP * 2 if not self.on_page else 0.0
        return rule + sum(self._note_height(n) for n in numbers)

    def draw_notes(self, canvas: Canvas) -> None:
        """Draw this page's notes above the frame's foot (called when the page ends)."""
        if not self.on_page:
            return
        height = self._height_of(self.on_page) - RULE_GAP * 2
        y = self._y1 + self._bottomPadding + height
        canvas.saveState()
        canvas.setStrokeColor(color("#444444"))
        canvas.setLineWidth(0.5)
        canvas.line(self._x1, y + RULE_GAP, self._x1 + min(self._width, 120), y + RULE_GAP)
        canvas.restoreState()
        for number in self.on_page:
            for part in self.notes.flowables[number]:
                _, part_height = part.wrap(self._width, self._height)
                y -= part_height
                part.drawOn(canvas, self._x1, y)
                y -= NOTE_GAP


def full_height(flowable: Flowable, width: float, canv: Canvas) -> float:
    """A flowable's height at ``width``, a kept-together group's being its content's (it claims more to be split)."""
    if isinstance(flowable, KeepTogether):
        return float(_listWrapOn(flowable._content, width, canv)[1])
    return float(flowable.wrapOn(canv, width, 0xFFFFFF)[1])


def note_label(number: int, color: str, slot: Slot) -> str:
    """The markup that starts note ``number``: its destination and a link back to its reference (into ``slot``)."""
    return f'<a name="fn-{number}"/><a href="#fnref-{number}" color="{color}">{marker(slot)}{number}.</a>\u00a0'


MakeNote = Callable[[int, Note], list[Flowable]]
