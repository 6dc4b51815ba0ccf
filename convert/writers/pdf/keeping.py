"""Headings (and table captions, definition terms) never left alone at the foot of a page.

reportlab keeps a flowable that asks to be kept with the next one by grouping them
in a ``KeepTogether``, which goes wrong three ways: a figure (itself a
``KeepTogether``) is never grouped, so "Initial Research" stayed at the foot of
page 1 with its figure on page 2 (corpus 03); the group is measured without the
heading's space above, so it "fits" and then does not (corpus 04's "Gratitude");
and a group taller than the room left is sent whole to the next page, a heading
with a long table or paragraph after it leaving half a page empty.

:class:`KeepWithNext` holds the flowables that keep with the next (its *lead*: the
outline entry, the heading, anchors) and that next one. Split where it stands, it
places the lead only with the start of what follows: a whole figure, the first
lines of a paragraph, a table's header and first row, each with its footnotes
(:meth:`.notes.NoteFrame.place_after`); when none fits, all of it goes to the next
page, unless it already stands at the top of one.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import _listWrapOn

from .notes import NoteFrame

#: What a :class:`KeepWithNext` claims to need: more than any page, so the frame always splits it.
_UNFITTABLE = 0xFFFFFF


class KeepWithNext(Flowable):  # type: ignore[misc]
    """``lead`` (flowables that keep with the next: a heading, its outline entry) and the ``following`` one."""

    def __init__(self, lead: list[Flowable], following: Flowable) -> None:
        super().__init__()
        self.lead, self.following = lead, following

    def getSpaceBefore(self) -> float:
        return float(next((f.getSpaceBefore() for f in self.lead if not getattr(f, "_ZEROSIZE", False)), 0.0))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, _UNFITTABLE  # always split: see split

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        lead = list(self.lead)
        if not isinstance(frame, NoteFrame):  # not in the text frame (never the case in our documents)
            return [*lead, self.following]
        _, lead_height = _listWrapOn(lead, available_width, self.canv)
        space_after = next((f.getSpaceAfter() for f in reversed(lead) if not getattr(f, "_ZEROSIZE", False)), 0.0)
        room = available_height - lead_height - space_after
        first = next((f for f in lead if not getattr(f, "_ZEROSIZE", False)), None)
        if first is not None and getattr(lead[0], "_ZEROSIZE", False) and frame._oASpace and not frame._atTop:
            # reportlab measured the heading's space before as overlapping the space after the paragraph
            # above; but a zero-size flowable first (the outline entry) sets that space to its own (none),
            # so the heading takes its space before whole: a first piece cut to the measured room did not
            # fit, was cut again, and its two halves went to the next page with a paragraph's gap between
            room -= min(float(frame._prevASpace), float(first.getSpaceBefore()))
        placed = frame.place_after(room, space_after, self.following, self.canv,
                                   whole=isinstance(self.following, KeepTogether)) if room > 0 else []
        if not placed:
            if not frame._atTop:
                return []  # all of it on the next page
            if lead_height > available_height:  # a lead taller than a page (a term of thousands of words)
                return self._lead_split(frame)
            placed = [self.following]  # a fresh page cannot hold both: the lead goes first anyway
        for flowable in lead:  # placed now: reportlab must not group them again
            flowable.__dict__["keepWithNext"] = 0
        return [*lead, *placed]

    def _lead_split(self, frame: NoteFrame) -> list[Flowable]:
        """At a page's top, a lead that no page holds: split like any paragraph (its first piece fits here),
        no longer kept with what follows; a lead that does not split goes as it is (reportlab says why)."""
        for flowable in self.lead:
            flowable.__dict__["keepWithNext"] = 0
        index = next((i for i, f in enumerate(self.lead) if not getattr(f, "_ZEROSIZE", False)), None)
        if index is None:
            return [*self.lead, self.following]
        pieces = frame.split(self.lead[index], self.canv)
        if not pieces:
            return [*self.lead, self.following]
        return [*self.lead[:index], *pieces, *self.lead[index + 1:], self.following]

    def draw(self) -> None:  # never drawn: always split into its parts
        pass


def keep_with_next(flowables: list[Flowable]) -> list[Flowable]:
    """``flowables`` with each run of flowables that keep with the next (and zero-size ones among them: anchors)
    grouped with the one after it in a :class:`KeepWithNext`."""
    out: list[Flowable] = []
    lead: list[Flowable] = []
    for flowable in flowables:
        if flowable.getKeepWithNext() or (lead and getattr(flowable, "_ZEROSIZE", False)):
            lead.append(flowable)
        elif lead:
            out.append(KeepWithNext(lead, flowable))
            lead = []
        else:
            out.append(flowable)
    out.extend(lead)
    return out
