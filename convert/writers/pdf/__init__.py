"""PDF writer (reportlab platypus): print-ready, searchable, every part in its own style.

The title and every subheading are outline entries (bookmarks) and named
destinations, as are footnotes, figures, tables, spans and divs with an id;
footnotes sit at the foot of their reference's page; body text is justified and
hyphenated in the article's language; right-to-left text is shaped and ordered
(:mod:`.shaping`); fonts are embedded TrueType subsets; the document carries info
and XMP metadata and ``/Lang``. The same article gives the same bytes, in any
thread: nothing of reportlab's process-wide state changes during a render.
Every PDF is tagged (PDF/UA-1): a structure tree built from the article model,
every part drawn as marked content, everything else an artifact (:mod:`.tagging`).

Modules: :mod:`.document` (page, header, outline), :mod:`.story` (blocks),
:mod:`.inlines` (markup), :mod:`.runs` and :mod:`.shaping` (bidi text),
:mod:`.paragraphs` (long and bidi paragraphs), :mod:`.tables`, :mod:`.notes`,
:mod:`.fonts`, :mod:`.styles`, :mod:`.hyphenation`, :mod:`.settings`,
:mod:`.subset`, :mod:`.metadata`, :mod:`.blocks` (figures, lists, tables, notes),
:mod:`.tagging` (the structure tree and marked content).
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from typing import BinaryIO

from ...model import Article, Text, identifiers
from ...registry import WriteOptions
from . import contents as toc
from .blocks import Context
from .document import EndNotes, Template
from .fonts import font_set
from .header import HEADER_SIZE, running_head
from .hyphenation import Hyphenator, hyphenator
from .inline_pictures import CALLBACK, InlinePictures
from .inlines import Face, Markup
from .metadata import distinct_subset_tags
from .notes import Notes
from .settings import render_settings
from .story import Story
from .styles import GREY, Styles
from .tagging import Tags

log = logging.getLogger("convert")


class PdfWriter:
    name = "pdf"
    extension = "pdf"
    media_type = "application/pdf"

    def write(self, article: Article, out: BinaryIO, options: WriteOptions) -> None:
        hyphenate = hyphenator(article.meta.lang)
        if hyphenate is None:  # a note, not a warning: nothing is wrong with the article
            log.info("%s: no hyphenation dictionary for language %r; the PDF is justified without hyphenation",
                     article.source, article.meta.lang)
        contents = toc.listed(article) if options.toc else None
        warned: set[str] = set()  # each warning once, though a contents block renders twice
        data, pages = self._render(article, options, contents, warned, hyphenate)
        if contents is not None:  # the first render measured where the headings fall
            data, _ = self._render(article, options, replace(contents, pages=pages), warned, hyphenate)
        out.write(data)

    def _render(self, article: Article, options: WriteOptions, contents: toc.Contents | None,
                warned: set[str], hyphenate: Hyphenator | None) -> tuple[bytes, dict[str, int]]:
        """The PDF, and the page of each heading by destination name (``hyphenate``: the article's
        language's hyphenator, looked up once for both renders)."""
        fonts = font_set(options.font_family)
        styles = Styles(fonts, hyphenate)
        notes = Notes()
        pictures = InlinePictures(styles["body"].fontName)
        tags = Tags(article.meta.lang)
        markup = Markup(fonts, frozenset(identifiers(article)), notes.add, article.source, tags, pictures,
                        warned=warned)
        buffer = io.BytesIO()
        template = Template(buffer, article, options, fonts, notes)
        template.callbacks[CALLBACK] = pictures.draw
        story = Story(article, styles, markup, notes, template.width, template.height, template.pagesize[0],
                      contents=contents)
        flowables = story.flowables()
        head_face = Face(fonts.headings, False, False, HEADER_SIZE)
        template.running_head = running_head(article.meta.title, template.width, head_face, GREY, markup)
        with tags.inside(tags.root), tags.open("Sect") as section:  # filled only if a note goes to the end
            level = 2 if article.meta.title.strip() else 1
            heading = story.paragraphs((Text("Notes"),), "h2", 0, Context("h2"), role=f"H{level}")
        flowables.append(EndNotes(notes, template.text_frame, heading, tags, section))
        with render_settings():
            template.build(flowables, tags)
        return distinct_subset_tags(buffer.getvalue()), template.heading_pages
