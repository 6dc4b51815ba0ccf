"""EPUB accessibility metadata, derived from the article (EPUB Accessibility 1.1, schema.org properties).

What the book claims follows what it holds: ``visual`` only with pictures,
``alternativeText`` only when every picture has alt text. The conformance claim
(``dcterms:conformsTo`` "EPUB Accessibility 1.1 - WCAG 2.2 Level AA" and
``a11y:certifiedBy``: ``Meta.certified_by``, front matter ``certified-by``, else
this tool's name) is made only when nothing in the content would make Ace by
DAISY (axe-core) report a violation: alt text on every picture, a valid language,
no heading without text, no skipped heading level (axe's ``heading-order``).
The tests check the claim with Ace itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Article, Block, Figure, Image, Inline, InlineImage, Note, Subheading, block_inlines, plain_text, walk
from ...model import walk_inlines as _walk_inlines

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
CERTIFIER = "article-convert"
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Audit:
    """What the article holds that its accessibility metadata depends on."""

    pictures: int  # pictures shown (a repeated one counts each time)
    described: int  # of those, with alt text
    animated: bool  # a GIF may flash: hazards unknown
    headings_ok: bool  # every heading has text; no level skipped
    lang_ok: bool
    certifier: str = CERTIFIER  # who vouches for the claim (a11y:certifiedBy)

    @classmethod
    def of(cls, article: Article, *, embedded: int | None = None) -> Audit:
        """Audit ``article``; ``embedded``: how many pictures the writer actually embedded, if it knows."""
        found = list(pictures(article.blocks))
        shown = len(found) if embedded is None else embedded
        described = sum(1 for _, alt in found if alt.strip())
        certifier = " ".join((article.meta.certified_by or "").split()) or CERTIFIER
        return cls(shown, min(described, shown), any(image.format == "gif" for image, _ in found),
                   _headings_ok(article), _lang_ok(article.meta.lang), certifier)

    @property
    def conforms(self) -> bool:
        return self.described == self.pictures and self.headings_ok and self.lang_ok

    def properties(self) -> list[tuple[str, str]]:
        """``(property, value)`` pairs for ``<meta property=...>`` in the package document."""
        props = [("schema:accessMode", "textual")]
        all_described = self.described == self.pictures
        if self.pictures:
            props += [("schema:accessMode", "visual"), ("schema:accessModeSufficient", "textual,visual")]
        if all_described:
            props.append(("schema:accessModeSufficient", "textual"))
        if self.pictures and all_described:
            props.append(("schema:accessibilityFeature", "alternativeText"))
        props += [("schema:accessibilityFeature", feature) for feature in
                  ("displayTransformability", "readingOrder", "structuralNavigation", "tableOfContents")]
        props.append(("schema:accessibilityHazard", "unknown" if self.animated else "none"))
        props.append(("schema:accessibilitySummary", self.summary()))
        if self.conforms:
            props += [("dcterms:conformsTo", CONFORMANCE), ("a11y:certifiedBy", self.certifier)]
        return props

    def summary(self) -> str:
        if not self.pictures:
            pictures = "It has no images."
        elif self.described == self.pictures:
            pictures = "Every image has a text description (alt text)."
        else:
            pictures = f"{self.pictures - self.described} of {self.pictures} images have no text description."
        return f"A reflowable article with headings and a table of contents, in reading order. {pictures}"


def pictures(blocks: tuple[Block, ...]) -> Iterator[tuple[Image, str]]:
    """(picture, alt text) of every loaded figure and inline image, notes included, in reading order."""
    for block in walk(blocks):
        if isinstance(block, Figure) and block.image is not None:
            yield block.image, block.alt
        yield from _inline_pictures(block_inlines(block))


def _inline_pictures(spans: tuple[Inline, ...]) -> Iterator[tuple[Image, str]]:
    for span in _walk_inlines(spans):
        if isinstance(span, InlineImage) and span.image is not None:
            yield span.image, span.alt
        elif isinstance(span, Note):
            yield from pictures(span.blocks)


def _headings_ok(article: Article) -> bool:
    previous = 1 if article.meta.title.strip() else 0
    for heading in walk(article.blocks):
        if not isinstance(heading, Subheading):
            continue
        level = min(max(heading.level, 2), 6)
        if not plain_text(heading.inlines).strip() or (previous and level > previous + 1):
            return False
        previous = level
    return True


@functools.lru_cache(maxsize=64)
def _lang_ok(lang: str) -> bool:
    from babel import Locale, UnknownLocaleError

    if not _LANG.match(lang):
        return False
    try:
        Locale.parse(lang.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True
