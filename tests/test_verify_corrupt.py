"""verify() on outputs that are broken, hostile or not files: a failed 'readable' finding, never an exception or a hang."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convert
from convert.readback.package import MAX_PACKAGE_BYTES

from .test_verify_docx import build as docx_file
from .test_verify_model import ARTICLE
from .test_verify_pdf import pages, pdf
from .test_verify_xhtml import epub, html_page


def readable_failure(data: bytes | Path, fmt: str | None = None) -> str:
    report = convert.verify(data, ARTICLE, fmt)
    assert not report.ok
    failure = next(f for f in report.failures if f.check == "readable")
    return failure.found


def test_a_truncated_pdf() -> None:
    data = pdf(pages())
    report = convert.verify(data[: len(data) // 2], ARTICLE, "pdf")
    assert not report.ok  # pypdf may recover part of it; what it cannot read fails


def test_junk_that_starts_like_a_zip() -> None:
    assert readable_failure(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert readable_failure(b"PK\x03\x04 not really a zip", "docx")
    assert readable_failure(b"PK\x03\x04 not really a zip", "epub")


def test_an_epub_with_broken_xml() -> None:
    broken = epub("<article><p>unclosed</article>")
    assert "not well-formed" in readable_failure(broken)


def test_an_epub_without_its_container() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/epub+zip")
    assert "META-INF/container.xml" in readable_failure(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_inflating() -> None:
    """A member that declares more than the limit (patched in the central directory) is never inflated."""
    data = bytearray(docx_file())
    directory = data.index(b"PK\x01\x02")  # the first central directory entry; its uncompressed size is at +24
    struct.pack_into("<I", data, directory + 24, MAX_PACKAGE_BYTES + 1)
    assert "inflates to" in readable_failure(bytes(data), "docx")


def test_entities_are_not_expanded_and_deep_nesting_is_refused() -> None:
    laughs = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as out:
        out.writestr("mimetype", "application/epub+zip")
        out.writestr("META-INF/container.xml", laughs + "<container>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</container>")
    assert readable_failure(package.getvalue())  # no rootfile: refused, and nothing was expanded
    deep = epub("<div>" * 100_000 + "</div>" * 100_000)
    assert readable_failure(deep)


def test_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    assert readable_failure(fifo) == "not a regular file"


def test_garbage_html_and_pdf() -> None:
    assert not convert.verify(b"\x00\x01\x02", ARTICLE, "html").ok
    assert not convert.verify(b"%PDF-1.7\n" + bytes(range(256)), ARTICLE).ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["docx", "epub", "html", "pdf"]), cut=st.floats(0, 1),
       flips=st.lists(st.integers(0, 2**31), max_size=8))
def test_damaged_outputs_never_raise(kind: str, cut: float, flips: list[int]) -> None:
    data = bytearray(_GOOD[kind])
    for flip in flips:
        data[flip % len(data)] ^= 0x5A
    data = data[: max(1, int(len(data) * cut))] if cut < 0.98 else data
    convert.verify(bytes(data), ARTICLE, kind)  # a report, whatever it says


_GOOD = {"docx": docx_file(), "epub": epub(), "html": html_page(), "pdf": pdf(pages())}


@pytest.mark.parametrize("kind", sorted(_GOOD))
def test_the_undamaged_samples_pass(kind: str) -> None:
    assert convert.verify(_GOOD[kind], ARTICLE).ok
