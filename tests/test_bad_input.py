"""Careless or hostile input, for every writer: a clear error and nothing lost, or a faithful output.

Refused cases check the exit code, the exact error line, that no file was created and that
a pre-existing output is byte-for-byte unchanged. Accepted cases read every output back.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree, html
from PIL import Image
from pypdf import PdfReader

import convert
from convert.cli import main

from .conftest import image_bytes

WRITERS = ("docx", "pdf", "epub", "html")
PRECIOUS = b"a good output from yesterday"


def _png_bomb(path: Path) -> None:
    Image.new("1", (9000, 9000)).save(path, "PNG")  # 81 megapixels in a few kilobytes


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.jpg").write_bytes(image_bytes())
    os.symlink(outside / "secret.jpg", folder / "link.jpg")


# name → (source bytes, extra set-up, expected error line with {src} for the source path)
REFUSED: dict[str, tuple[bytes | None, Callable[[Path], None] | None, str]] = {
    "invalid utf-8": (b"# T\n\nabc\xff\n", None,
                      r"{src}:3:4: error: not valid UTF-8 \(byte 0xff at offset 8\) \(save the file as UTF-8\)"),
    "missing source": (None, None, r"{src}: error: source not found \(check the path\)"),
    "empty source": (b"\n  \n", None, r"{src}:1:1: error: the source is empty \(write some Markdown into it\)"),
    "broken yaml": (b"---\ntitle: T\ndate: [2017\n---\nText\n", None, r"{src}:\d:\d+: error: broken YAML front matter: .*"),
    "title of the wrong type": (b"---\ntitle: [a, b]\n---\nText\n", None,
                                r"{src}:2:1: error: front matter 'title' must be text, not a list .*"),
    "missing image": (b"# T\n\n![c](nope.jpg)\n", None, r"{src}:3:1: error: image not found: nope.jpg \(looked for .*\)"),
    "path leaving the folders": (b"# T\n\n![c](../../../../../../../etc/passwd)\n", None,
                                 r"{src}:3:1: error: image path leaves the allowed folders: "
                                 r"\.\./\.\./.*/etc/passwd \(.*--resource-path\)"),
    "absolute path": (b"# T\n\n![c](/etc/passwd)\n", None,
                      r"{src}:3:1: error: image path leaves the allowed folders: /etc/passwd .*"),
    "symlink pointing out": (b"# T\n\n![c](link.jpg)\n", _symlink_out,
                             r"{src}:3:1: error: image path leaves the allowed folders: link.jpg .*"),
    "not an image": (b"# T\n\n![c](fake.jpg)\n", lambda d: (d / "fake.jpg").write_text("<svg onload=alert(1)>"),
                     r"{src}:3:1: error: not an image: fake.jpg .*"),
    "truncated image": (b"# T\n\n![c](cut.jpg)\n", lambda d: (d / "cut.jpg").write_bytes(image_bytes(300, 300)[:500]),
                        r"{src}:3:1: error: image is truncated or corrupt: cut.jpg .*"),
    "decompression bomb": (b"# T\n\n![c](bomb.png)\n", lambda d: _png_bomb(d / "bomb.png"),
                           r"{src}:3:1: error: image has 9000x9000 pixels, over the limit of 60000000: bomb.png "
                           r"\(scale it down, or raise the limit with --max-image-pixels\)"),
    "a folder with no articles": (None, lambda d: (d / "story.md").mkdir(),
                                  r"{src}: error: no Markdown files \(\*\.md\) in this folder \(give a folder of .*\)"),
}


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, fmt: str) -> None:
    content, setup, pattern = REFUSED[case]
    folder = tmp_path / "desk"
    folder.mkdir()
    source = folder / "story.md"
    if content is not None:
        source.write_bytes(content)
    if setup is not None:
        setup(folder)
    out = tmp_path / "out"
    out.mkdir()
    existing = out / f"story.{fmt}"
    existing.write_bytes(PRECIOUS)
    old = Path.cwd()
    os.chdir(folder)
    try:
        code = main(["--to", fmt, str(source), "--out-dir", str(out)])
    finally:
        os.chdir(old)
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert re.fullmatch(pattern.format(src=re.escape(str(source))), err.splitlines()[0]), err
    assert "Traceback" not in err
    assert existing.read_bytes() == PRECIOUS
    assert sorted(p.name for p in out.iterdir()) == [existing.name]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--to", "rtf"], 2, "unknown format 'rtf'"),
        (["--to", "pdf", "--out-dir", "{tmp}/file/sub"], 1, "cannot write to folder"),
        (["--to", "html", "-o", "{src}"], 1, "the output would overwrite the source"),
    ],
)
def test_refused_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int,
                       message: str) -> None:
    source = tmp_path / "story.md"
    source.write_text("# T\n\nText\n")
    (tmp_path / "file").write_text("a file, not a folder")
    before = sorted(p.name for p in tmp_path.iterdir())
    filled = [a.format(tmp=tmp_path, src=source) for a in args]
    assert main([*filled, str(source)]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert source.read_text() == "# T\n\nText\n"


# --- converted faithfully ----------------------------------------------------------

MARKUP = ("AT&T <b>bold</b> 5 < 6 & 7 > 3 <script>alert(1)</script> <img src=https://e.org/x.png onerror=alert(2)> "
          "</para> <font name=x>")
FAITHFUL: dict[str, tuple[str, list[str], str | None]] = {
    # name → (Markdown, texts every output must contain, a warning that must be logged)
    "bom, crlf and tabs": ("\ufeff---\r\ntitle: BOM\r\n---\r\n\r\nTabbed\ttext\r\n", ["BOM", "Tabbed"], None),
    "title only in a heading": ("# Heading title\n\nBody.\n", ["Heading title", "Body."], None),
    "remote image, not fetched": ("# T\n\n![A remote picture](https://example.com/a.jpg)\n",
                                  ["A remote picture", "https://example.com/a.jpg"], "remote image not fetched"),
    "date that is no date": ("---\ntitle: T\ndate: 2017-13-45\n---\nText\n", ["2017-13-45", "Text"], "is not a date"),
    "no figure, no credit": ("---\ntitle: Bare\n---\nJust a paragraph.\n", ["Bare", "Just a paragraph."], None),
    "control characters": ("# Bell\x07\n\nText\x0b with\x1b controls\n", ["Bell", "Text with controls"],
                           "no document can hold"),
    "zero-width and rtl": ("# Z\n\nzero\u200bwidth and \u05e2\u05d1\u05e8\u05d9\u05ea "
                           "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\n", ["zero\u200bwidth"], None),
    "emoji": ("# Emoji\n\nSmile \U0001F600 and \u6f22\u5b57\n", ["Smile"], None),
    "markup-like text everywhere": (
        f"---\ntitle: '{MARKUP}'\n---\n\n![{MARKUP}](photo.jpg)\n\n{MARKUP}\n\n## {MARKUP}\n\n"
        f"[x](javascript:alert(3))\n\n::: credit\n{MARKUP}\n:::\n",
        ["AT&T", "5 < 6 & 7 > 3"], "raw HTML"),
    "long words and urls": ("# Long\n\n" + "w" * 650 + "\n\n<https://example.org/" + "u" * 620 + ">\n",
                            ["w" * 40], None),
    "ten nested levels": ("# Nest\n\n" + "\n".join("  " * d + f"- level {d}" for d in range(10)) + "\n",
                          ["level 0", "level 9"], None),
    "2000-character caption": ("# Cap\n\n![" + "caption " * 250 + "](photo.jpg)\n", ["caption caption"], None),
}


def _texts(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        return " ".join(p.text for p in document.paragraphs)
    if fmt == "pdf":
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if fmt == "epub":
        xhtml = zipfile.ZipFile(io.BytesIO(data)).read("EPUB/article.xhtml")
        return "".join(etree.fromstring(xhtml).itertext())
    return str(html.fromstring(data).text_content())


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("case", sorted(FAITHFUL))
def test_converted_faithfully(tmp_path: Path, caplog: pytest.LogCaptureFixture, case: str, fmt: str) -> None:
    markdown, expected, warning = FAITHFUL[case]
    (tmp_path / "photo.jpg").write_bytes(image_bytes())
    source = tmp_path / "story.md"
    source.write_bytes(markdown.encode("utf-8"))
    with caplog.at_level("WARNING", logger="convert"):
        data = convert.render(convert.read(source), fmt)
    text = re.sub(r"\s+", " ", _texts(fmt, data))
    for piece in expected:
        assert piece in text or (fmt == "pdf" and piece.replace(" ", "") in text.replace(" ", "")), (piece, text[:300])
    if warning:
        assert any(warning in r.getMessage() for r in caplog.records)


def test_markup_never_becomes_markup(tmp_path: Path) -> None:
    """The hostile article everywhere: no element or attribute from the source survives."""
    (tmp_path / "photo.jpg").write_bytes(image_bytes())
    source = tmp_path / "story.md"
    source.write_text(FAITHFUL["markup-like text everywhere"][0])
    article = convert.read(source)
    page = html.fromstring(convert.render(article, "html"))
    assert page.xpath("//script|//b|//font|//body//img[not(ancestor::figure)]") == []
    assert not [a for el in page.iter() for a in el.attrib if a.startswith("on")]
    assert not [a for a in page.iter("a") if "javascript" in (a.get("href") or "")]
    xml = zipfile.ZipFile(io.BytesIO(convert.render(article, "docx"))).read("word/document.xml")
    assert b"<b>" not in xml and b"bold" in xml
