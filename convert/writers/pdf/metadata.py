"""The PDF's document-level parts: time stamp, /ID, XMP metadata, outline count, distinct font subset tags."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from html import escape as _html_escape
from typing import Any

from reportlab.pdfbase.pdfdoc import DummyDoc, PDFDictionary, PDFName, PDFOutlines, PDFStream, PDFText, count

from ...model import Article
from .. import _meta


def escape(text: str) -> str:
    """XML text: ``&``, ``<``, ``>`` as entities."""
    return _html_escape(text, quote=False)


def document_id(article: Article, when: dt.datetime, settings: str) -> bytes:
    """The trailer's ``/ID`` pair, from the article's content, its date and the render settings only.

    reportlab hashes its own time stamp (``SOURCE_DATE_EPOCH`` when set) into the ID; a
    dated article must give the same file whatever the environment says.
    """
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(repr((article.meta, article.blocks, settings, when.isoformat())).encode("utf-8", "surrogatepass"))
    for image in article.images():  # their bytes are not in the model's repr
        digest.update(hashlib.sha256(image.data).digest())
    text: bytes = PDFText(digest.digest(), enc="raw").format(DummyDoc())
    return b"\n[" + text + text + b"]\n% ReportLab generated PDF document -- digest (opensource)\n"


class CountedOutlines(PDFOutlines):  # type: ignore[misc]
    """reportlab's outline root with a right ``/Count``.

    reportlab counts the visible entries, then reuses the same attribute to number the
    nested levels while it builds them, so the root's /Count grows by one per entry that
    has children (3 for a title with one subheading, where 2 is right; pdfcpu rejects it).
    """

    def prepare(self, document: Any, canvas: Any) -> None:
        super().prepare(document, canvas)
        if self.ready == 1:
            self.count = count(self.mydestinations, self.closedict)


def use_counted_outlines(document: Any) -> None:
    """Give a reportlab ``PDFDocument`` (no entries yet) the outline root above."""
    outlines = CountedOutlines()
    document.outline = document.Outlines = document.Catalog.Outlines = outlines


def time_stamp(when: dt.datetime) -> Any:
    """reportlab's document time stamp, set to the article's date instead of 2000-01-01."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(1)
    stamp.t = when.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def xmp(article: Article, when: dt.datetime) -> PDFStream:
    """XMP metadata (Dublin Core) mirroring the info dictionary, uncompressed as readers expect.

    It claims PDF/UA-1 (``pdfuaid:part``, ISO 14289-1 5) and always has a ``dc:title``
    (the file name's when the article has none: PDF/UA-1 7.1).
    """
    meta = article.meta

    def bag(kind: str, items: tuple[str, ...] | list[str]) -> str:
        return f"<rdf:{kind}>" + "".join(f"<rdf:li>{escape(i)}</rdf:li>" for i in items) + f"</rdf:{kind}>"

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    authors = list(meta.author) or ([meta.publisher] if meta.publisher else [])
    summary = _meta.summary(meta)  # the same text as /Subject
    description = f"<dc:description>{bag('Alt', [summary])}</dc:description>" if summary else ""
    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        "<pdfuaid:part>1</pdfuaid:part>"
        f"<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(article.document_title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator>{bag('Seq', authors)}</dc:creator>{description}"
        f"<dc:subject>{bag('Bag', meta.keywords)}</dc:subject>"
        f"<dc:language>{bag('Bag', [meta.lang])}</dc:language>"
        f"<pdf:Keywords>{escape(', '.join(meta.keywords))}</pdf:Keywords><pdf:Producer>convert (reportlab)</pdf:Producer>"
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        f"<xmp:CreatorTool>convert</xmp:CreatorTool>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, xml.encode("utf-8"), filters=[])


_SUBSET_TAG = re.compile(rb"/([A-Z]{6})\+([A-Za-z0-9_.-]+)")


def distinct_subset_tags(pdf: bytes) -> bytes:
    """reportlab tags every font's first subset ``AAAAAA+``; give each its own tag.

    Tags keep their length, so every byte offset in the file stays valid.
    """
    names: dict[bytes, bytes] = {}

    def retag(match: re.Match[bytes]) -> bytes:
        key = match.group(0)
        if key not in names:
            number = len(names)
            tag = bytes(65 + (number // 26**i) % 26 for i in range(6))
            names[key] = b"/" + tag + b"+" + match.group(2)
        return names[key]

    return _SUBSET_TAG.sub(retag, pdf)
