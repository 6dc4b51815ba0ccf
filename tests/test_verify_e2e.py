"""End to end: the writers' real outputs (convert.render) verify clean for the new nodes.

While a writer or the reader had not landed a node, its cases were marked
``xfail(strict=False)``; every writer renders them now, so none is.
"""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image as PILImage

import convert
from convert.model import Article, Figure, Image, InlineImage, Meta, Text
from convert.readback import verify

from .test_verify_model import ARTICLE, para

FORMATS = ("docx", "epub", "html", "pdf")


def _png() -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return Image(source="red.png", data=buffer.getvalue(), format="png", width=40, height=30)


RED = _png()
ARTICLES = {
    "nodes": ARTICLE,
    "untitled": dataclasses.replace(ARTICLE, meta=Meta(title=""), source="/news/story.md"),
    "images": Article(Meta(title="Pictures"), (
        Figure(None, (Text("A remote photo"),), "A remote photo", src="https://example.org/p.jpg"),
        Figure(RED, (Text("A local one"),), "Red square", credit="Photo: A/B", src="red.png"),
        para("An ", InlineImage(RED, "red.png", "inline red"), " and ",
             InlineImage(None, "https://example.org/i.png", "a remote icon"), "."),
    )),
}
MUST_CHECK = {
    "nodes": {"table 1 row 3", "note 2", "definition 1", "subheading 5"},
    "untitled": {"title", "document title"},
    "images": {"figure 1 link", "figure 2 caption", "inline image 2 link"},
}
PDF_CHECKS = {"subheading 5": "subheading 5 bookmark", "definition 1": "definition in reading order (8)",
              "title": "document title", "figure 2 caption": "figure caption in reading order (3)"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_rendered_nodes_verify_clean(name: str, fmt: str) -> None:
    article = ARTICLES[name]
    report = verify(convert.render(article, fmt), article, fmt)
    assert report.ok, [str(f) for f in report.failures]
    wanted = {PDF_CHECKS.get(c, c) for c in MUST_CHECK[name]} if fmt == "pdf" else MUST_CHECK[name]
    assert wanted <= {f.check for f in report.findings}


ISSUE_11 = """---
title: Results of the May council vote
---

| Route | Fare | Change |
|-------|-----:|:------:|
| A     | 2.50 | +0.10  |
| B     | 3.10 | none   |

Table: Bus fares in May

The council met twice in May.[^1] A second note.^[Checked twice.]

[^1]: The minutes were published a week later.

Turnout
:   The share of registered voters who voted.

Water is H~2~O, the 19^th^ century, ~~old~~ new, [Small Caps]{.smallcaps} and [a site](https://example.org){.external}.

## Two

### Three

#### Four

##### Five

###### Six
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_issue_11_inputs_read_back_in_every_format(fmt: str) -> None:
    article = convert.read_text(ISSUE_11)
    report = verify(convert.render(article, fmt), article, fmt, source_text=ISSUE_11)
    assert report.ok, [str(f) for f in report.failures]
    checks = {f.check for f in report.findings}
    assert {"table 1 row 3", "note 2", "note 2 reference", "source words"} <= checks
    assert ({"definition 1", "subheading 5"} if fmt != "pdf" else {"subheading 5 bookmark"}) <= checks
