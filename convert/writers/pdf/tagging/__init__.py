"""Tagged PDF (PDF/UA-1, ISO 14289-1) from reportlab, which has no tagging of its own.

Three steps, one module each:

- :mod:`.tree`: the story declares the structure tree from the article model, in
  reading order (``Document`` → ``H1``, ``P``, ``Figure``, ``L``, ``Table``...), with
  empty *slots* where drawn content will go; :mod:`.roles` names our own types
  (``Credit``, ``PhotoCredit``, ``Byline``...) and maps them to standard ones;
- :mod:`.marks`: as each flowable is drawn, its content is wrapped in ``BDC``/``EMC``
  with an MCID per page, recorded in its slot; :mod:`.canvas` marks whatever else is
  drawn as an ``Artifact`` and ties each link annotation to its ``Link`` element;
- :mod:`.objects`: once the pages are drawn, the tree is written with reportlab's own
  PDF objects (``StructTreeRoot``, ``ParentTree``, ``IDTree``, ``RoleMap``, ``MarkInfo``).

The output stays one reportlab document, written in one pass, byte for byte the
same for the same article.
"""

from __future__ import annotations

from .canvas import TaggedCanvas
from .marks import Tagged, hoisted, marker
from .roles import paragraph_role
from .tree import Element, Slot, Tags

__all__ = ["Element", "Slot", "Tagged", "TaggedCanvas", "Tags", "hoisted", "marker", "paragraph_role"]
