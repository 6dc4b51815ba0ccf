"""PDF read back with pypdf: text in order, fonts embedded, outline, metadata, reproducible."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import convert

from .conftest import WriteArticle


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def seed_pdf(seed_article: convert.Article) -> bytes:
    return convert.render(seed_article, "pdf")


def test_parts_in_reading_order(seed_pdf: bytes) -> None:
    text = text_of(seed_pdf)
    order = [
        "NATO Chief, Azerbaijani President Discuss",  # the title breaks after "Nagorno-" in the 130 mm measure
        "Azerbaijani President Ilham Aliyev (left) and NATO Secretary-General Jens Stoltenberg give a press",
        "NATO Secretary-General Jens Stoltenberg and Azerbaijani President Ilham Aliyev discussed",
        "\u2018Renewed Dialogue\u2019",
        "The talks between Stoltenberg and Aliyev",
        "With reporting by RFE/RL\u2019s Azerbaijani and Armenian services",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, (positions, text[:400])
    assert positions == sorted(positions)
    assert text.rstrip().endswith("Armenian services 2") or text.rstrip().endswith("Armenian services")


def _fonts(reader: PdfReader) -> dict[str, object]:
    fonts: dict[str, object] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_embedded_with_distinct_tags(seed_pdf: bytes) -> None:
    fonts = _fonts(PdfReader(io.BytesIO(seed_pdf)))
    assert fonts and not any("Helvetica" in name or "Times" in name for name in fonts)
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"].get_object()  # type: ignore[index]
        assert "/FontFile2" in descriptor, name
    tags = [name.split("+")[0] for name in fonts]
    assert len(set(tags)) == len(tags)
    assert b"/Helvetica" not in seed_pdf


def test_outline_metadata_and_language(seed_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(seed_pdf))
    title, sections = reader.outline  # the subheadings nest under the title
    assert title.title == "NATO Chief, Azerbaijani President Discuss Nagorno-Karabakh Conflict"  # type: ignore[union-attr]
    assert [s.title for s in sections] == ["\u2018Renewed Dialogue\u2019"]  # type: ignore[union-attr]
    info = reader.metadata
    assert info is not None and info.title.startswith("NATO Chief") and info.author == "RFE/RL"
    assert str(info["/CreationDate"]).startswith("D:20171123")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title["x-default"].startswith("NATO Chief")
    assert xmp.dc_language == ["en"]


def test_reproducible(seed_article: convert.Article, seed_pdf: bytes) -> None:
    assert convert.render(seed_article, "pdf") == seed_pdf


def test_no_ascii85_and_image_embedded_once(seed_pdf: bytes) -> None:
    assert b"/ASCII85Decode" not in seed_pdf
    assert seed_pdf.count(b"/DCTDecode") == 1


def test_markup_is_escaped() -> None:
    from convert.model import Article, Meta, Paragraph, Text

    tags = '5 < 6 & 7 > 3 <font name="x">f</font> </para> <img src="/etc/passwd"/>'
    article = Article(Meta(title="AT&T <b>x</b>"), (Paragraph((Text(tags),)),))
    text = text_of(convert.render(article, "pdf"))
    assert "AT&T <b>x</b>" in text
    assert tags in text


def test_scripts_render_without_missing_glyphs(caplog: pytest.LogCaptureFixture) -> None:
    sample = "Azərbaycan İlham Əliyev şəhər ğ ı. Москва. Ελλάδα. Հայաստան. مرحبا"
    with caplog.at_level(logging.WARNING, logger="convert"):
        text = text_of(convert.render(convert.read_text(f"# {sample}\n\n*{sample}* **{sample}**\n"), "pdf"))
    assert not [r for r in caplog.records if "no font has" in r.getMessage()]
    for word in ("Azərbaycan", "Əliyev", "Москва", "Ελλάδα", "Հայաստան"):
        assert word in text


def test_uncovered_character_is_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        convert.render(convert.read_text("# T\n\nkanji \u6f22 here\n"), "pdf")
    assert any("U+6F22" in r.getMessage() and getattr(r, "where", "") == "<string>:3" for r in caplog.records)


def test_extreme_images_and_long_words(write_article: WriteArticle) -> None:
    word = "x" * 600
    url = "https://example.org/" + "a" * 600
    for size in ((10, 10), (400, 4000), (4000, 100)):
        source = write_article(f"# T\n\n![c](photo.jpg)\n\n{word}\n\n[{url}]({url})\n", image=size)
        data = convert.render(convert.read(source), "pdf")
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1


def test_letter_paper(seed_article: convert.Article) -> None:
    page = PdfReader(io.BytesIO(convert.render(seed_article, "pdf", paper="letter"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_unknown_font_family_is_a_clear_error(seed_article: convert.Article) -> None:
    with pytest.raises(convert.WriterError, match="no TrueType font family 'No Such Font'"):
        convert.render(seed_article, "pdf", font_family="No Such Font")


def test_links_are_clickable() -> None:
    data = convert.render(convert.read_text("# T\n\nSee [the site](https://example.org/x).\n"), "pdf")
    annotations = PdfReader(io.BytesIO(data)).pages[0]["/Annots"]
    uris = [a.get_object()["/A"]["/URI"] for a in annotations]
    assert uris == ["https://example.org/x"]


@pytest.mark.parametrize("text", ["", "# Azərbaycan İlham Əliyev ÀÉÎÕÜ çñ øå Москва Ελλάδα Հայաստան\n\n*ğış* **ŞÇ**\n"])
def test_embedded_subsets_are_lean_and_valid(seed_pdf: bytes, text: str, caplog: pytest.LogCaptureFixture) -> None:
    """No hinting and no 'name' table in the embedded programs, and every glyph still decodes."""
    from fontTools.ttLib import TTFont

    data = convert.render(convert.read_text(text), "pdf") if text else seed_pdf
    for font in _fonts(PdfReader(io.BytesIO(data))).values():
        program = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()  # type: ignore[index]
        parsed = TTFont(io.BytesIO(program))
        assert {"glyf", "loca", "head", "hmtx", "cmap"} <= set(parsed.keys())
        assert not {"name", "fpgm", "prep", "cvt "} & set(parsed.keys())
        glyphs = parsed["glyf"]
        for name in glyphs.glyphOrder:
            glyph = glyphs[name]
            if glyph.numberOfContours:
                glyph.getCoordinates(glyphs)
            assert not getattr(glyph, "program", None) or not glyph.program.getBytecode()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("fontTools")] == []  # e.g. excess glyph data


def test_bold_and_italic_use_their_own_faces() -> None:
    data = convert.render(convert.read_text("# T\n\nA **bold** and *italic* and ***both***\n"), "pdf")
    names = {name.split("+")[1] for name in _fonts(PdfReader(io.BytesIO(data)))}
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"} <= names


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                    reason="poppler-utils is not installed (.ci/run installs it)")
def test_poppler_reads_parts_in_order_and_sees_embedded_fonts(seed_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(seed_pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    order = [flat.find(part) for part in ("NATO Chief, Azerbaijani", "Azerbaijani President Ilham Aliyev (left)",
                                          "\u2018Renewed Dialogue\u2019", "The talks between", "With reporting by")]
    assert -1 not in order and order == sorted(order)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts)  # emb sub uni


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed (.ci/run installs it)")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_words_and_urls_stay_inside_the_margins(tmp_path: Path, paper: str) -> None:
    source = "# T\n\n" + "x" * 650 + "\n\n<https://example.org/" + "u" * 620 + ">\n\n> " + "q" * 300 + "\n"
    path = tmp_path / "long.pdf"
    path.write_bytes(convert.render(convert.read_text(source), "pdf", paper=paper))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    margin = (page_width - 130 / 25.4 * 72) / 2  # the PDF writer's 130 mm text block, centred
    words = [(float(a), float(b)) for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    assert len(words) > 10
    assert all(left >= margin - 0.5 and right <= page_width - margin + 0.5 for left, right in words)
