"""Lean PDFs: each embedded font program holds only the glyphs its text draws, text still copies out,
the photo is its own JPEG bytes and page content is compressed. Read back with pypdf and fontTools."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

import convert

from .conftest import ASSETS

#: Many distinct letters in one face (more than one 256-code subset), several scripts, shaped Arabic
#: (joined forms HarfBuzz picks) and Hebrew, a hinted system font (DejaVu Sans Mono, for code).
LATIN = "".join(chr(c) for c in range(0x00C0, 0x0250) if chr(c).isalpha())
SAMPLES = {
    "scripts": "# Azərbaycan Москва\n\nΕλλάδα Հայաստան ğış **ŞÇ** *ÀÉÎ*\n\nمرحبا بالعالم والله.\n\n"
               "שלום עולם.\n\nSome `inline code` here.\n",
    "many letters": "# Letters\n\n" + " ".join(LATIN[i:i + 6] for i in range(0, len(LATIN), 6)) + "\n",
}


def _operations(reader: PdfReader, stream: Any, resources: DictionaryObject) -> Iterator[tuple[Any, list[Any]]]:
    """Every (font, text operand) drawn by a content stream, form XObjects included."""
    font = None
    for operands, operator in ContentStream(stream, reader).operations:
        if operator == b"Tf":
            font = resources["/Font"][operands[0]].get_object()
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            yield font, operands
        elif operator == b"Do":
            xobject = resources["/XObject"][operands[0]].get_object()
            if xobject["/Subtype"] == "/Form":
                yield from _operations(reader, xobject, xobject.get("/Resources", resources))


def _raw(operand: Any) -> bytes:
    return bytes(getattr(operand, "original_bytes", operand))


def drawn_codes(data: bytes) -> dict[str, tuple[Any, set[int]]]:
    """Font base name → (font dictionary, the character codes its text shows)."""
    reader = PdfReader(io.BytesIO(data))
    drawn: dict[str, tuple[Any, set[int]]] = {}
    for page in reader.pages:
        for font, operands in _operations(reader, page.get_contents(), page["/Resources"].get_object()):
            strings = [o for o in operands[-1] if not isinstance(o, (int, float))] if isinstance(
                operands[-1], list) else [operands[-1]]
            codes = drawn.setdefault(str(font["/BaseFont"]), (font, set()))[1]
            for string in strings:
                codes.update(_raw(string))
    return drawn


def _program(font: Any) -> TTFont:
    return TTFont(io.BytesIO(font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()))


def _with_components(program: TTFont, names: set[str]) -> set[str]:
    glyphs = program["glyf"]
    todo, found = list(names), set(names)
    while todo:
        glyph = glyphs[todo.pop()]
        for component in glyph.getComponentNames(glyphs) if glyph.isComposite() else ():
            if component not in found:
                found.add(component)
                todo.append(component)
    return found


@pytest.fixture(scope="module")
def seed_pdf(seed_article: convert.Article) -> bytes:
    return convert.render(seed_article, "pdf")


def _rendered(which: str, seed_pdf: bytes) -> bytes:
    return seed_pdf if which == "seed" else convert.render(convert.read_text(SAMPLES[which]), "pdf")


@pytest.mark.parametrize("which", ["seed", *SAMPLES])
def test_each_font_program_holds_only_the_glyphs_drawn(which: str, seed_pdf: bytes) -> None:
    """Glyph 0 (drawn for a character no font has), the space and composite parts aside: nothing undrawn."""
    drawn = drawn_codes(_rendered(which, seed_pdf))
    assert drawn
    for name, (font, codes) in drawn.items():
        program = _program(font)
        cmap = program["cmap"].getcmap(1, 0).cmap  # the code → glyph table a symbolic TrueType font is read by
        shown = {cmap[code] for code in codes}
        # code 0 is what reportlab draws for a character the face lacks; 32 is always the space (word spacing)
        allowed = _with_components(program, shown | {program.getGlyphOrder()[0], cmap.get(0, ""), cmap.get(32, "")} - {""})
        assert set(program.getGlyphOrder()) <= allowed, (name, sorted(set(program.getGlyphOrder()) - allowed))
        assert shown - {cmap.get(32)}, name  # and it draws something


def test_seed_fonts_are_named_subsets(seed_pdf: bytes) -> None:
    """Every embedded font is a subset: a six-letter tag of capitals and '+' (ISO 32000-1, 9.6.4), distinct."""
    drawn = drawn_codes(seed_pdf)
    tags = []
    for name, (font, _codes) in drawn.items():
        assert re.fullmatch(r"/[A-Z]{6}\+[A-Za-z0-9-]+", name), name
        assert font["/FontDescriptor"].get_object()["/FontName"] == name
        tags.append(name[1:7])
    assert len(set(tags)) == len(tags) >= 4


def test_many_letters_in_one_face_copy_out() -> None:
    """More letters than one subset holds: each comes back, in order, from pypdf and from pdftotext."""
    data = convert.render(convert.read_text(SAMPLES["many letters"]), "pdf")
    drawn = drawn_codes(data)
    assert sum(1 for name in drawn if name.endswith("NotoSerif-Regular")) >= 1
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert LATIN in re.sub(r"\s", "", text)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        assert LATIN in re.sub(r"\s", "", out.decode())


def test_scripts_copy_out() -> None:
    data = convert.render(convert.read_text(SAMPLES["scripts"]), "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for words in ("Azərbaycan Москва", "Ελλάδα Հայաստան", "ŞÇ", "ÀÉÎ", "inline code"):
        assert words in text, (words, text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_shaped_right_to_left_text_copies_out_in_logical_order() -> None:
    """Joined Arabic forms and Hebrew from the lean subsets (pypdf reads them in visual order: poppler)."""
    data = convert.render(convert.read_text(SAMPLES["scripts"]), "pdf")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    found = " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text)))  # NFKC: joined forms as letters
    assert "مرحبا بالعالم والله" in found and "שלום עולם" in found, found


def test_photo_is_its_own_jpeg_and_pages_are_compressed(seed_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(seed_pdf))
    photo = (Path(ASSETS) / "photo.jpg").read_bytes()
    images = []
    for page in reader.pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                images.append((xobject["/Filter"], xobject._data))
        contents = page["/Contents"].get_object()
        assert "/FlateDecode" in contents["/Filter"]
    assert images == [(["/DCTDecode"], photo)]


def test_caches_change_no_byte(seed_article: convert.Article, seed_pdf: bytes, tmp_path: Path) -> None:
    """A render whose fonts, subsets and styles were made by earlier renders (of other articles too) gives the
    bytes of a render in a fresh process, where nothing was made before."""
    for sample in SAMPLES.values():
        convert.render(convert.read_text(sample), "pdf")
    warm = [convert.render(seed_article, "pdf") for _ in range(2)]
    out = tmp_path / "cold.pdf"
    subprocess.run([sys.executable, "-m", "convert", "-q", "--no-project", "--to", "pdf", str(seed_article.source),
                    "--resource-path", str(ASSETS), "-o", str(out)], check=True, cwd=tmp_path)
    assert warm == [seed_pdf, seed_pdf] and out.read_bytes() == seed_pdf
