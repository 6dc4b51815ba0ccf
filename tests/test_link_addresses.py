"""Link addresses in every output are 7-bit ASCII (PDF 32000 §12.6.4.7 for /URI; what markdown-it's
normalizeLink makes of a link written in full): non-ASCII hosts in IDNA, the rest percent-encoded."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

import convert
from convert.text import link_address


@pytest.mark.parametrize(("target", "address"), [
    ("https://例子.测试/路径/p.html", "https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84/p.html"),
    ("https://bücher.de/über?q=ä#ß", "https://xn--bcher-kva.de/%C3%BCber?q=%C3%A4#%C3%9F"),
    ("https://user:pä@bücher.de:8080/x", "https://user:p%C3%A4@xn--bcher-kva.de:8080/x"),
    ("http://[::1]/ö", "http://[::1]/%C3%B6"),
    ("https://x.org/a b", "https://x.org/a%20b"),
    ("https://x.org/already%20escaped", "https://x.org/already%20escaped"),
])
def test_addresses_are_ascii(target: str, address: str) -> None:
    assert link_address(target) == address


def test_base_url_with_an_idn_reaches_pdf_and_docx_as_ascii() -> None:
    article = convert.read_text('---\ntitle: T\nbase-url: "https://bücher.de/neu/"\n---\n\n[a](über.html)\n')
    expected = "https://xn--bcher-kva.de/neu/%C3%BCber.html"
    page = PdfReader(io.BytesIO(convert.render(article, "pdf"))).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert uris == [expected]
    document = docx.Document(io.BytesIO(convert.render(article, "docx")))
    targets = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets == [expected]
