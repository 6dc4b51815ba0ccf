"""One sizing rule in every format (writers/_images.py): natural size at the file's resolution, within the text
width and 60 % of the text height, never enlarged. Checked on the rule itself and on what DOCX and PDF drew."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from PIL import Image as PILImage
from pypdf import PdfReader
from pypdf.generic import ContentStream

import convert
from convert.model import Image
from convert.writers import _images

PICTURES = {"portrait.png": (300, 900), "landscape.png": (1200, 800), "icon.png": (10, 10), "strip.png": (4000, 100)}


def _image(width: int, height: int, dpi: float | None = None) -> Image:
    return Image("x.png", b"", "png", width, height, dpi=dpi)


def test_natural_size_at_the_stated_resolution_or_96_dpi() -> None:
    assert _images.figure_size(_image(96, 48), 1000, 1000, 72) == (72, 36)
    assert _images.figure_size(_image(300, 150, dpi=300), 1000, 1000, 72) == (72, 36)


def test_never_wider_than_the_text_nor_taller_than_sixty_percent() -> None:
    assert _images.figure_size(_image(4000, 100), 400, 600, 72) == pytest.approx((400, 10))
    width, height = _images.figure_size(_image(300, 900), 400, 600, 72)
    assert height == pytest.approx(360) and width == pytest.approx(120)


def test_small_pictures_stay_small_and_thin_ones_stay_visible() -> None:
    assert _images.figure_size(_image(10, 10), 5_000_000, 8_000_000, 914_400) == pytest.approx((95_250, 95_250))
    width, height = _images.figure_size(_image(60_000, 1), 400, 600, 72)
    assert width == pytest.approx(400) and height == pytest.approx(0.75)


def test_css_size_and_portrait() -> None:
    assert _images.css_size(_image(300, 150, dpi=300)) == (96, 48)
    assert _images.is_portrait(_image(3, 4)) and not _images.is_portrait(_image(4, 3))


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> convert.Article:
    folder = tmp_path_factory.mktemp("sizes")
    text = ["# Four pictures", ""]
    for name, size in PICTURES.items():
        PILImage.new("RGB", size, (200, 40, 40)).save(folder / name)
        text += [f"![{name}]({name})", ""]
    (folder / "story.md").write_text("\n".join(text), encoding="utf-8")
    return convert.read(folder / "story.md")


def test_docx_sizes(article: convert.Article) -> None:
    document = docx.Document(io.BytesIO(convert.render(article, "docx")))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    sizes = {name: (shape.width, shape.height) for name, shape in zip(PICTURES, document.inline_shapes, strict=True)}
    assert sizes["icon.png"] == (95_250, 95_250)  # 10 px at 96 dpi, not blown up
    assert sizes["strip.png"][0] == pytest.approx(text_width, rel=0.01)
    assert sizes["portrait.png"][1] <= 0.6 * text_height + 1
    assert sizes["landscape.png"][0] <= text_width + 1


def _drawn_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """The size every image XObject is drawn at, from the content streams' transformation matrices."""
    reader = PdfReader(io.BytesIO(pdf))
    sizes = []
    for page in reader.pages:
        matrix, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(matrix)
            elif operator == b"Q":
                matrix = stack.pop()
            elif operator == b"cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                m = matrix
                matrix = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                          e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]
            elif operator == b"Do":
                sizes.append((abs(matrix[0]), abs(matrix[3])))
    return sizes


def test_pdf_sizes(article: convert.Article, tmp_path: Path) -> None:
    sizes = dict(zip(PICTURES, _drawn_sizes(convert.render(article, "pdf")), strict=True))
    assert sizes["icon.png"] == pytest.approx((7.5, 7.5), abs=0.01)  # 10 px at 96 dpi, in points
    text_width = sizes["strip.png"][0]
    assert sizes["landscape.png"][0] <= text_width + 0.01
    assert sizes["portrait.png"][1] <= 0.6 * 842
    for name, (width, height) in sizes.items():
        wanted = PICTURES[name][0] / PICTURES[name][1]
        assert width / height == pytest.approx(wanted, rel=0.02), name
