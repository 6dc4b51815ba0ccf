"""Every kind of picture x every format, read back with independent tools.

For each case of :mod:`tests.test_images_cases`: the picture is there, its
displayed proportions are right (EXIF orientation applied), the format got an
encoding it takes, and the pixels are right way up with the right colours and
transparency: in the PDF after rendering the page with poppler's ``pdftoppm``, in
DOCX, EPUB and HTML by decoding the embedded picture.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image

import convert

from .test_images_cases import CASES, Case, check_pattern, crop_to_picture

EPUB_CORE = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml"}
_BY_NAME = {case.name: case for case in CASES}


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, convert.Article]:
    found: dict[str, convert.Article] = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp(case.name)
        (folder / case.file).write_bytes(case.make())
        source = folder / "story.md"
        source.write_text(f"# Pictures\n\n![A {case.name} picture]({case.file})\n\nAfter the picture.\n", encoding="utf-8")
        found[case.name] = convert.read(source)
    return found


def _ratio(size: tuple[float, float]) -> float:
    return size[0] / size[1]


def _assert_ratio(found: tuple[float, float], case: Case, where: str) -> None:
    wanted = _ratio(case.size)
    assert abs(_ratio(found) - wanted) / wanted < 0.12, f"{where}: {found[0]:.0f}x{found[1]:.0f}, not {case.size}"


def _on_white(picture: Image.Image) -> Image.Image:
    """The picture as a reader shows it on a white page (transparency composited, 16-bit grey scaled to 8)."""
    if picture.mode.startswith("I"):
        picture = picture.point(lambda value: value / 257).convert("L")
    rgba = picture.convert("RGBA")
    ground = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(ground, rgba).convert("RGB")


def _assert_pixels(data: bytes, case: Case, where: str) -> None:
    with Image.open(io.BytesIO(data)) as picture:
        picture.load()
        _assert_ratio(picture.size, case, where)
        assert check_pattern(_on_white(picture), case.pattern) == [], where


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_reader_records_displayed_size(articles: dict[str, convert.Article], name: str) -> None:
    image = articles[name].figures()[0].image
    assert image is not None
    assert (image.width, image.height) == _BY_NAME[name].size
    for accepted in (("jpeg", "png", "gif"), ("jpeg", "png", "gif", "webp", "svg")):
        assert image.embeddable(accepted) is not None


@pytest.mark.parametrize("name", list(_BY_NAME))
def test_docx(articles: dict[str, convert.Article], name: str) -> None:
    case = _BY_NAME[name]
    document = docx.Document(io.BytesIO(convert.render(articles[name], "docx")))
    shapes = document.inline_shapes
    assert len(shapes) == 1
    _assert_ratio((shapes[0].width, shapes[0].height), case, "DOCX frame")
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    part = document.part.related_parts[blip.embed]
    assert part.content_type in {"image/jpeg", "image/png", "image/gif"}
    _assert_pixels(part.blob, case, "DOCX picture")
    assert {shapes[0]._inline.get(side) for side in ("distL", "distR", "distT", "distB")} == {"0"}


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", list(_BY_NAME))
def test_pdf_page_shows_the_picture_right(articles: dict[str, convert.Article], name: str, tmp_path: Path) -> None:
    case = _BY_NAME[name]
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(convert.render(articles[name], "pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=60)
    with Image.open(tmp_path / "p.png") as page:
        picture = crop_to_picture(page, case.pattern)
    assert picture is not None, "no picture on the page"
    _assert_ratio(picture.size, case, "PDF page")
    assert check_pattern(picture, case.pattern) == []


def _xhtml_images(files: dict[str, bytes]) -> list[etree._Element]:
    found = []
    for name, data in files.items():
        if name.endswith((".xhtml", ".html")):
            tree = etree.fromstring(data, etree.XMLParser(recover=True)) if name.endswith(".xhtml") else \
                etree.HTML(data)
            found += [e for e in tree.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "img"]
    return found


def _check_embedded(img: etree._Element, data: bytes, media_type: str, case: Case, where: str) -> None:
    assert media_type in EPUB_CORE, f"{where}: {media_type} is not a type every reader shows"
    width, height = img.get("width"), img.get("height")
    if width and height:
        _assert_ratio((float(width), float(height)), case, f"{where} <img> attributes")
    if media_type == "image/svg+xml":
        assert etree.QName(etree.fromstring(data)).localname == "svg"
        return
    _assert_pixels(data, case, where)


@pytest.mark.parametrize("name", list(_BY_NAME))
def test_epub(articles: dict[str, convert.Article], name: str) -> None:
    case = _BY_NAME[name]
    with zipfile.ZipFile(io.BytesIO(convert.render(articles[name], "epub"))) as book:
        files = {n: book.read(n) for n in book.namelist()}
    opf_name = next(n for n in files if n.endswith(".opf"))
    manifest = {Path(item.get("href")).name: item.get("media-type")
                for item in etree.fromstring(files[opf_name]).iter("{*}item")}
    images = [img for img in _xhtml_images(files) if "cover" not in (img.get("src") or "")]
    assert len(images) >= 1
    file_name = Path(images[0].get("src") or "").name
    data = next(content for n, content in files.items() if n.endswith("/" + file_name) or n == file_name)
    _check_embedded(images[0], data, manifest[file_name], case, "EPUB")


@pytest.mark.parametrize("name", list(_BY_NAME))
def test_html(articles: dict[str, convert.Article], name: str) -> None:
    case = _BY_NAME[name]
    page = convert.render(articles[name], "html")
    images = _xhtml_images({"x.html": page})
    assert len(images) == 1
    match = re.match(r"data:([^;,]+);base64,(.*)", images[0].get("src") or "", re.S)
    assert match, "the picture is not embedded as a data URI"
    _check_embedded(images[0], base64.b64decode(match.group(2)), match.group(1), case, "HTML")


def test_a_sound_jpeg_is_embedded_byte_for_byte(seed_article: convert.Article) -> None:
    """Never re-encode a good JPEG for nothing: the seed's photo reaches the PDF and the DOCX as the file's bytes."""
    image = seed_article.images()[0]
    assert image.data == (Path(__file__).resolve().parent.parent / "assets" / "photo.jpg").read_bytes()
    assert image.data in convert.render(seed_article, "pdf")
    document = docx.Document(io.BytesIO(convert.render(seed_article, "docx")))
    assert any(part.blob == image.data for part in document.part.package.image_parts)
