"""Which links stay live: one rule for every writer (``convert.text.link_address``), read back from each format.

DOCX's links are checked in test_docx_nodes.py and the PDF's in test_pdf_regressions.py with the same rule; here
the rule itself, the HTML page (which may link to files beside it) and the EPUB (where a relative file would dangle).
"""

from __future__ import annotations

import pytest

from convert.model import Article, Figure, Link, Meta, Paragraph, Text
from convert.text import link_address, live_link

from .test_html_nodes import both


@pytest.mark.parametrize(("target", "address", "page_address"), [
    ("https://example.org/a b", "https://example.org/a%20b", "https://example.org/a%20b"),
    (" http://example.org ", "http://example.org", "http://example.org"),
    ("mailto:desk@example.org", "mailto:desk@example.org", "mailto:desk@example.org"),
    ("tel:+15551234", "tel:+15551234", "tel:+15551234"),
    ("mailto:", None, None), ("tel:", None, None), ("MAILTO:", None, None),  # no address: text (fuzz pdf-empty-mailto-tel)
    ("http://", None, None), ("https:example.org", None, None), ("https://[::1", None, None),
    ("ftp://example.org/x", None, None), ("javascript:alert(1)", None, None), ("file:///etc/passwd", None, None),
    ("data:text/html,x", None, None), ("report.pdf", None, "report.pdf"), ("", None, None),
])
def test_the_rule(target: str, address: str | None, page_address: str | None) -> None:
    assert link_address(target) == address
    assert link_address(target, relative=True) == page_address
    assert live_link(target) == (address is not None)


def test_internal_links_need_an_identifier() -> None:
    assert live_link("#results") and not live_link("#")


def hrefs(art: Article) -> dict[str, list[str | None]]:
    return {name: [a.get("href") for a in doc.iter("a")] for name, doc in both(art)}


def test_the_page_links_to_files_beside_it_the_book_does_not() -> None:
    spans = (Link("report.pdf", (Text("the report"),)), Text(" "), Link("mailto:", (Text("mailto:"),)), Text(" "),
             Link("https://example.org/a b", (Text("web"),)))
    found = hrefs(Article(Meta(title="T"), (Paragraph(spans),)))
    assert found == {"epub": ["https://example.org/a%20b"], "html": ["report.pdf", "https://example.org/a%20b"]}


def test_a_picture_not_loaded_links_to_its_address_by_the_same_rule() -> None:
    figures = (Figure(None, (Text("One"),), "", src="https://example.org/p.jpg"),
               Figure(None, (Text("Two"),), "", src="pictures/p.jpg"), Figure(None, (Text("Three"),), "", src="tel:"))
    found = hrefs(Article(Meta(title="T"), figures))
    assert found == {"epub": ["https://example.org/p.jpg"], "html": ["https://example.org/p.jpg", "pictures/p.jpg"]}
