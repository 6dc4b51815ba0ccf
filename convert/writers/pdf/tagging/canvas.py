"""The canvas of a tagged render: reportlab's, plus what PDF/UA asks of pages and annotations.

- a text object or painting operator drawn outside any marked-content sequence is
  wrapped as an ``Artifact`` (``/Type /Layout``): rules, table lines, backgrounds,
  underlines; the next such text object after a list item's start is its bullet
  (``Lbl``) instead (reportlab draws bullets apart from the text);
- every link annotation gets ``/StructParent``, ``/Contents`` (its text, PDF/UA-1 7.18.5)
  and an object reference in its ``Link`` element;
- every page gets ``/StructParents`` and ``/Tabs /S``;
- nothing is marked inside a form XObject (an SVG picture): the ``Do`` that draws it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFDictionary, PDFName, PDFPage, PDFString
from reportlab.pdfgen.canvas import Canvas

from .marks import CALLBACK, Marks
from .objects import write_structure
from .tree import Tags

PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A reportlab canvas that marks what it draws (see the module); ``tags`` is the render's tree."""

    def __init__(self, *args: Any, tags: Tags, **kwargs: Any) -> None:
        super().__init__(*args, pdfVersion=(1, 7), **kwargs)  # PDF/UA-1 is built on PDF 1.7
        self.marks = Marks(tags, self._doc)
        self._forms = 0
        self._target = ""
        self.setNamedCB(CALLBACK, self.marks.switch)

    @contextmanager
    def _layout(self) -> Iterator[None]:
        if self._forms:
            yield
            return
        with self.marks.artifact(self):
            yield

    # --- text ----------------------------------------------------------------------------

    def drawText(self, text_object: Any) -> None:
        if getattr(text_object, "tag_open", False):
            text_object._code.append("EMC")
            text_object.tag_open = False
            super().drawText(text_object)
        elif self.marks.label is not None and self.marks.open is None and not self._forms:
            label, self.marks.label = self.marks.label, None
            with self.marks.content(self, label):
                super().drawText(text_object)
        else:
            with self._layout():
                super().drawText(text_object)

    # --- painting outside the text ---------------------------------------------------------

    def line(self, *args: Any, **kwargs: Any) -> None:
        with self._layout():
            super().line(*args, **kwargs)

    def lines(self, *args: Any, **kwargs: Any) -> None:
        with self._layout():
            super().lines(*args, **kwargs)

    def rect(self, *args: Any, **kwargs: Any) -> None:
        with self._layout():
            super().rect(*args, **kwargs)

    def roundRect(self, *args: Any, **kwargs: Any) -> None:
        with self._layout():
            super().roundRect(*args, **kwargs)

    def drawPath(self, *args: Any, **kwargs: Any) -> None:
        with self._layout():
            super().drawPath(*args, **kwargs)

    def drawImage(self, *args: Any, **kwargs: Any) -> Any:
        with self._layout():
            return super().drawImage(*args, **kwargs)

    def doForm(self, *args: Any, **kwargs: Any) -> None:
        with self._layout():
            super().doForm(*args, **kwargs)

    def beginForm(self, *args: Any, **kwargs: Any) -> None:
        self._forms += 1
        super().beginForm(*args, **kwargs)

    def endForm(self, *args: Any, **kwargs: Any) -> None:
        super().endForm(*args, **kwargs)
        self._forms -= 1

    # --- annotations and pages ---------------------------------------------------------------

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:
        self._target = "#" + destinationname
        return super().linkRect(contents, destinationname, *args, **kwargs)

    def linkURL(self, url: str, *args: Any, **kwargs: Any) -> None:
        self._target = url
        super().linkURL(url, *args, **kwargs)

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        name = name or f"NUMBER{self._annotationCount}"
        found = self.marks.annotation(self._target, self._doc.annotationName(name))
        self._target = ""
        if found is None:
            return
        key, element = found
        text = element.text or element.target
        if isinstance(annotation, LinkAnnotation):
            annotation.permitted = (*LinkAnnotation.permitted, "StructParent")
            annotation.otherkw["StructParent"] = key
            annotation.Contents = text
        elif isinstance(annotation, PDFDictionary):
            annotation["StructParent"] = key
            annotation["Contents"] = PDFString(text)

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        write_structure(self._doc, self.marks)
        super().save()

    def showPage(self) -> None:
        if self.marks.open is not None:  # never left open across pages; closed here if it were
            self._code.append("EMC")
            self.marks.open = None
            self.marks.current = None
        super().showPage()

    def _setAnnotations(self, page: Any) -> None:
        super()._setAnnotations(page)
        page.__NoDefault__ = PAGE_KEYS
        page.StructParents = self.marks.end_page()
        page.Tabs = PDFName("S")
