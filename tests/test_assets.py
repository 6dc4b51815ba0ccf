"""Images: only from allowed folders, only real images, never from the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import convert

from .conftest import WriteArticle, image_bytes


def _figure(ref: str) -> str:
    return f"# T\n\n![cap]({ref})\n"


def _error(path: Path, **options: object) -> convert.AssetError:
    with pytest.raises(convert.AssetError) as caught:
        convert.read(path, **options)
    return caught.value


def test_missing_image_names_file_and_line(write_article: WriteArticle) -> None:
    error = _error(write_article(_figure("nope.jpg")))
    assert "image not found: nope.jpg" in error.message
    assert error.file is not None and error.file.endswith("story.md") and error.line == 3


@pytest.mark.parametrize("ref", ["../../../../../../etc/passwd", "/etc/passwd"])
def test_paths_leaving_allowed_folders(write_article: WriteArticle, ref: str) -> None:
    assert "leaves the allowed folders" in _error(write_article(_figure(ref))).message


def test_symlink_pointing_out(write_article: WriteArticle, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.jpg"
    outside.write_bytes(image_bytes())
    path = write_article(_figure("link.jpg"))
    os.symlink(outside, path.parent / "link.jpg")
    assert "leaves the allowed folders" in _error(path).message


def test_resource_path_allows_a_folder(write_article: WriteArticle, tmp_path_factory: pytest.TempPathFactory) -> None:
    shared = tmp_path_factory.mktemp("shared")
    (shared / "pic.png").write_bytes(image_bytes(fmt="PNG"))
    path = write_article(_figure(str(shared / "pic.png")))
    assert "leaves" in _error(path).message
    figure = convert.read(path, resource_path=(shared,)).figures()[0]
    assert figure.image.format == "png"


def test_remote_image_is_not_fetched_but_the_figure_stays(write_article: WriteArticle,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="convert"):
        figure = convert.read(write_article(_figure("https://example.com/a.jpg"))).figures()[0]
    assert figure.image is None and figure.src == "https://example.com/a.jpg"
    assert any("remote image not fetched" in r.getMessage() for r in caplog.records)


def test_not_an_image_by_content(write_article: WriteArticle) -> None:
    path = write_article(_figure("fake.jpg"))
    (path.parent / "fake.jpg").write_text("<html>not a photo</html>")
    assert "not an image" in _error(path).message


def test_truncated_image(write_article: WriteArticle) -> None:
    path = write_article(_figure("cut.jpg"))
    (path.parent / "cut.jpg").write_bytes(image_bytes(400, 300)[:600])
    assert "truncated or corrupt" in _error(path).message


def test_pixel_limit_and_its_option(write_article: WriteArticle) -> None:
    path = write_article(_figure("photo.jpg"), image=(400, 300))
    assert "over the limit" in _error(path, max_image_pixels=1000).message
    assert convert.read(path, max_image_pixels=200_000).figures()[0].image.width == 400
