"""The PDF's document-level parts: time stamp, XMP metadata, distinct font subset tags."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

from ...model import Article


def time_stamp(when: dt.datetime) -> Any:
    """reportlab's document time stamp, set to the article's date instead of 2000-01-01."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(1)
    stamp.t = when.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def xmp(article: Article, when: dt.datetime) -> PDFStream:
    """XMP metadata (Dublin Core) mirroring the info dictionary, uncompressed as readers expect."""
    meta = article.meta

    def bag(kind: str, items: tuple[str, ...] | list[str]) -> str:
        return f"<rdf:{kind}>" + "".join(f"<rdf:li>{escape(i)}</rdf:li>" for i in items) + f"</rdf:{kind}>"

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    authors = list(meta.author) or ([meta.publisher] if meta.publisher else [])
    description = f"<dc:description>{bag('Alt', [meta.subtitle])}</dc:description>" if meta.subtitle else ""
    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>'
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
