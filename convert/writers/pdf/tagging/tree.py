"""The structure tree as the story declares it, in the article's reading order.

The story (:mod:`..story`) declares elements while it makes flowables: a
paragraph opens a ``P`` and takes a :class:`Slot`, a place in the element's
kids where the content drawn for it will go. A link inside the paragraph is a
``Link`` element between two slots of the ``P``, and so on. Slots are filled
with marked-content references (page, MCID) when the content is drawn
(:mod:`.marks`), so the tree keeps the order of the model whatever order the
pages are drawn in (footnotes are drawn at the foot of the page, after the
text that follows their reference).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ObjectReference:
    """An annotation (a link) as a kid of its ``Link`` element: the annotation's and its page's names."""

    annotation: str
    page: str


@dataclass(eq=False)
class Slot:
    """A place in an element's kids for content drawn later: ``marks`` are (page name, MCID) pairs."""

    element: Element
    number: int
    marks: list[tuple[str, int]] = field(default_factory=list)
    spaced: bool = False  # its sequence starts with the space before its text (:func:`.marks.hoisted`)

    def __deepcopy__(self, _memo: dict[int, Any]) -> Slot:
        return self  # one tree: a copy of a flowable (reportlab copies frames) draws into the same slot


@dataclass(eq=False)
class Element:
    """A structure element: its type, attributes (``Alt``, ``Lang``, ``ActualText``, ``ID``...) and kids.

    ``owned`` holds attributes by owner (``Table``: ``Scope``, ``ColSpan``, ``RowSpan``; ``List``:
    ``ListNumbering``), written as ``/A << /O /Table ... >>``; ``text`` is what a link annotation's
    ``/Contents`` says, ``target`` where it points.
    """

    role: str
    parent: Element | None
    attributes: dict[str, str] = field(default_factory=dict)
    owned: dict[str, dict[str, str | int]] = field(default_factory=dict)
    kids: list[Element | Slot | ObjectReference] = field(default_factory=list)
    text: str = ""
    target: str = ""  # a link's address or "#destination", to match its annotations

    def __deepcopy__(self, _memo: dict[int, Any]) -> Element:
        return self


class Tags:
    """Declares the structure tree of one render: ``Document`` at the root, the current element on a stack.

    Elements and slots are made in reading order; ``inside(element)`` makes an element
    current for what follows (a note's blocks are declared inside the ``Note`` element
    made where its reference is).
    """

    def __init__(self, lang: str) -> None:
        self.root = Element("Document", None, {"Lang": lang} if lang else {})
        self.current = self.root
        self.slots: list[Slot] = []
        self.notes: dict[int, Element] = {}

    def element(self, role: str, **attributes: str) -> Element:
        """A new element, the last kid of the current one (attributes without a value are left out)."""
        made = Element(role, self.current, {k: v for k, v in attributes.items() if v})
        self.current.kids.append(made)
        return made

    def slot(self) -> Slot:
        """A new place for content, the last kid of the current element."""
        made = Slot(self.current, len(self.slots))
        self.slots.append(made)
        self.current.kids.append(made)
        return made

    @contextmanager
    def inside(self, element: Element) -> Iterator[Element]:
        outer = self.current
        self.current = element
        try:
            yield element
        finally:
            self.current = outer

    @contextmanager
    def open(self, role: str, **attributes: str) -> Iterator[Element]:
        """A new element, current until the block ends."""
        with self.inside(self.element(role, **attributes)) as made:
            yield made

    def inline(self, role: str, **attributes: str) -> tuple[Element, Slot, Slot]:
        """An element inside running text: itself, the slot of its first content, and the slot
        where the current element's content goes on after it."""
        element = self.element(role, **attributes)
        after = self.slot()
        with self.inside(element):
            first = self.slot()
        return element, first, after

    def note_reference(self, number: int) -> tuple[Element, Slot, Slot]:
        """A note's reference mark (a ``Link``) followed by its ``Note`` (the note's blocks go in later):
        the link, its slot, and the slot where the current element goes on."""
        link = self.element("Link")
        link.text, link.target = f"Note {number}", f"#fn-{number}"
        with self.inside(link):
            first = self.slot()
        self.notes[number] = self.element("Note", ID=f"note-{number}")
        return link, first, self.slot()

    def move(self, element: Element, into: Element) -> None:
        """Move ``element`` to the end of ``into`` (a note the layout sent to the end of the article)."""
        if element.parent is not None:
            element.parent.kids.remove(element)
        element.parent = into
        into.kids.append(element)
