"""Marked content as the pages are drawn: ``BDC``/``EMC`` with an MCID per page, and artifacts.

Each flowable that stands for a part of the article carries a :class:`Tagged`
(its current :class:`.tree.Slot`); drawing it opens a marked-content sequence
whose MCID is recorded in that slot and in the page's row of the parent tree.
Inside a reportlab paragraph the marks go into its text object: the markup
holds zero-width ``<onDraw name="tag">`` callbacks where the content passes
from one element to another (into a link, out of it), and :meth:`Marks.switch`
closes one sequence and opens the next there. Whatever is drawn outside any
sequence (rules, table lines, backgrounds, a paragraph drawn again as a
repeated table header) is wrapped as an ``Artifact`` by the canvas
(:mod:`.canvas`), so nothing on a page is left unmarked.

Sequences never nest in one another (ISO 14289-1, 7.1: no tagged content in an
artifact, no artifact in tagged content); the actual-text spans of right-to-left
runs sit inside a sequence, never across two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .roles import standard
from .tree import Element, ObjectReference, Slot, Tags

#: The name of the ``<onDraw>`` callback that switches slots inside a paragraph.
CALLBACK = "tag"
LAYOUT = "/Artifact <</Type /Layout>> BDC"
HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


@dataclass(eq=False)
class Tagged:
    """What a flowable draws into: ``slot``, where its content goes now (shared by the pieces a
    paragraph is split into, so the second piece goes on where the first stopped), and ``label``,
    the slot of a list item's bullet or number."""

    slot: Slot
    label: Slot | None = None
    started: bool = False

    def __deepcopy__(self, _memo: dict[int, Any]) -> Tagged:
        return self  # shared by every copy of its flowable, as by its pieces


def marker(slot: Slot) -> str:
    """Paragraph markup that sends the content after it to ``slot``."""
    return f'<onDraw name="{CALLBACK}" label="{slot.number}"/>'


_MARKERS = f'((?:<onDraw name="{CALLBACK}" label="\\d+"/>)+)'
_LEADING = re.compile(r"^((?:\s|<(?!onDraw)[^>]*>)*)" + _MARKERS)
_AFTER_SPACE = re.compile(r"(\s+|<br/>)((?:<(?!onDraw)[^>]*>)*)" + _MARKERS)
_LABEL = re.compile(r'label="(\d+)"')


def hoisted(markup: str) -> tuple[str, int | None, frozenset[int]]:
    """Paragraph markup whose markers never begin a word, the slot number the text starts in, and the
    slots whose sequence now starts with the space before their text.

    reportlab neither hyphenates nor splits a word whose first fragment is a callback, so a
    link's opening marker goes before the space in front of it (the space is drawn in the
    link's sequence: nothing is lost), and markers before any text are dropped: the paragraph
    starts in the last one's slot (``None``: no such marker).
    """
    if "<onDraw" not in markup:  # no marker: nothing to move (most paragraphs, and the regexes scan it all)
        return markup, None, frozenset()
    start = None
    leading = _LEADING.match(markup)
    if leading:
        start = int(_LABEL.findall(leading.group(2))[-1])
        markup = leading.group(1) + markup[leading.end():]
    spaced = frozenset(int(label) for found in _AFTER_SPACE.finditer(markup) for label in _LABEL.findall(found.group(3)))
    return _AFTER_SPACE.sub(r"\3\1\2", markup), start, spaced


class Marks:
    """The marked content of one render: MCIDs per page, the parent tree's rows, link annotations."""

    def __init__(self, tags: Tags, document: Any) -> None:
        self.tags = tags
        self.document = document  # reportlab's PDFDocument: names the page being drawn
        self.rows: dict[str, list[Element]] = {}  # page name -> the element of each MCID
        self.page_keys: dict[str, int] = {}
        self.annotation_keys: list[tuple[int, Element, str]] = []
        self.next_key = 0
        self.open: str | None = None  # what the canvas has open: "slot", "artifact" or None
        self.current: Slot | None = None  # the slot open on the canvas
        self.text: Tagged | None = None  # the paragraph whose text object is being written
        self.label: Slot | None = None  # where the next untagged text object (a bullet) goes
        self.links: list[Element] = []  # links whose text was drawn and whose annotation may follow
        self.bound: Element | None = None  # the link whose run is drawn now (canvas-level drawing)
        self.last_link: Element | None = None

    # --- sequences ---------------------------------------------------------------

    def begin(self, slot: Slot) -> str:
        """The operator opening a sequence for ``slot``, its MCID recorded."""
        page = self.document.thisPageName()
        row = self.rows.setdefault(page, [])
        mcid = len(row)
        row.append(slot.element)
        actual = slot.element.attributes.get("ActualText") if not slot.marks else None
        if actual is not None and slot.spaced:
            actual = " " + actual  # the space before the text was moved into this sequence (hoisted)
        slot.marks.append((page, mcid))
        role = standard(slot.element.role)
        if role == "Link" and slot.element not in self.links:
            self.links.append(slot.element)
        if actual is not None:  # small caps: extractors that read no structure tree (pdftotext) copy it as written
            return f"/{role} <</MCID {mcid} /ActualText <FEFF{actual.encode('utf-16-be').hex().upper()}>>> BDC"
        return f"/{role} <</MCID {mcid}>> BDC"

    def open_text(self, text_object: Any) -> None:
        """Open the current paragraph's slot at the start of its text object."""
        if self.text is not None:
            text_object._code.append(self.begin(self.text.slot))
            text_object.tag_open = True

    def switch(self, canvas: Any, _kind: str, label: str) -> None:
        """reportlab's ``<onDraw>`` callback: the text that follows goes to slot ``label``."""
        slot = self.tags.slots[int(label)]
        text = self.text
        if text is None or text.slot is slot:
            return
        text.slot = slot
        text_object = canvas._curr_tx_info["tx"]
        if getattr(text_object, "tag_open", False):
            text_object._code.append("EMC")
            text_object._code.append(self.begin(slot))

    @contextmanager
    def paragraph(self, canvas: Any, tagged: Tagged | None, continued: bool, bullet: bool) -> Iterator[bool]:
        """Around a paragraph's drawing; yields whether it is tagged (a repeated table header is an artifact)."""
        if tagged is None or self.open is not None:
            yield False
            return
        if tagged.started and not continued:  # drawn before: a header row repeated on a new page
            with self.artifact(canvas, LAYOUT):
                yield False
            return
        tagged.started = True
        self.text, self.label, self.links = tagged, (tagged.label if bullet else None), []
        try:
            yield True
        finally:
            self.text = self.label = None

    @contextmanager
    def content(self, canvas: Any, slot: Slot | None) -> Iterator[None]:
        """Around drawing that belongs to ``slot`` as a whole (a picture, a code block)."""
        if slot is None or self.open is not None:
            yield
            return
        canvas._code.append(self.begin(slot))
        self.open, self.current = "slot", slot
        try:
            yield
        finally:
            canvas._code.append("EMC")
            self.open = self.current = None

    def move_to(self, canvas: Any, slot: Slot | None) -> None:
        """Continue the canvas's open sequence in ``slot`` (a right-to-left paragraph, run by run)."""
        if slot is None or slot is self.current or self.open != "slot":
            return
        canvas._code.append("EMC")
        canvas._code.append(self.begin(slot))
        self.current = slot

    @contextmanager
    def aside(self, canvas: Any) -> Iterator[None]:
        """Around an artifact drawn in the middle of a sequence (a decorative picture in a right-to-left
        line): the sequence closes, the artifact is marked, and the sequence goes on in the same slot."""
        slot = self.current
        if self.open != "slot" or slot is None:
            with self.artifact(canvas):
                yield
            return
        canvas._code.append("EMC")
        canvas._code.append(LAYOUT)
        try:
            yield
        finally:
            canvas._code.append("EMC")
            canvas._code.append(self.begin(slot))

    @contextmanager
    def artifact(self, canvas: Any, operator: str = LAYOUT) -> Iterator[None]:
        """Around drawing that is not part of the article (running head, page number, rules, lines)."""
        if self.open is not None:
            yield
            return
        canvas._code.append(operator)
        self.open = "artifact"
        try:
            yield
        finally:
            canvas._code.append("EMC")
            self.open = None

    # --- the parent tree's keys ------------------------------------------------------

    def end_page(self) -> int:
        """The parent-tree key of the page being finished (its ``/StructParents``)."""
        key = self.page_keys[self.document.thisPageName()] = self.next_key
        self.next_key += 1
        return key

    def annotation(self, target: str, name: str) -> tuple[int, Element] | None:
        """The parent-tree key and ``Link`` element of a link annotation to ``target``, made just now.

        reportlab makes a paragraph's annotations after each line, one per link on the line,
        in the order of the text: the first link drawn whose target matches is this one's; it
        stays first while its text goes on (onto the next line).
        """
        element = self._link_for(target)
        if element is None:
            return None
        key = self.next_key
        self.next_key += 1
        page = self.document.thisPageName()
        element.kids.append(ObjectReference(name, page))
        self.annotation_keys.append((key, element, name))
        return key, element

    def _link_for(self, target: str) -> Element | None:
        if self.bound is not None and self.bound.target == target:
            return self.bound  # drawn on the canvas run by run: the link being drawn
        while self.links:
            element = self.links[0]
            if element.target == target:
                still_open = self.text is not None and self.text.slot.element is element
                if not still_open:
                    self.links.pop(0)
                self.last_link = element
                return element
            self.links.pop(0)
        if self.last_link is not None and self.last_link.target == target:
            return self.last_link  # a link whose last line holds no text of its own (only a line break)
        return None
