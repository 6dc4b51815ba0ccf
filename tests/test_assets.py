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


# --- #18/#19: where images come from, opened once ---------------------------------------------------------------


def test_working_folder_is_not_an_allowed_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library caller started in / must not embed any image on the machine: only the article's folder is allowed."""
    (tmp_path / "secret.png").write_bytes(image_bytes(fmt="PNG"))
    article = tmp_path / "desk" / "story.md"
    article.parent.mkdir()
    article.write_text(_figure("../secret.png"))
    monkeypatch.chdir(tmp_path)
    assert "leaves the allowed folders" in _error(article).message


@pytest.mark.parametrize("ref", ["/etc/passwd", "/etc/no-such-file.jpg", "/proc/self/environ", "../../../../../../dev/zero"])
def test_outside_paths_get_one_message_whatever_is_there(write_article: WriteArticle, ref: str) -> None:
    error = _error(write_article(_figure(ref)))
    assert error.message == f"image path leaves the allowed folders: {ref}"


def test_nul_byte_and_long_name_are_clear_errors(write_article: WriteArticle) -> None:
    assert "NUL" in _error(write_article(_figure("a%00.jpg"))).message
    error = _error(write_article(_figure("x" * 300 + ".jpg")))
    assert "over the 255" in error.message and error.line == 3


def test_resource_path_is_searched_in_order(write_article: WriteArticle, tmp_path_factory: pytest.TempPathFactory) -> None:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    (first / "pic.png").write_bytes(image_bytes(10, 20, fmt="PNG"))
    (second / "pic.png").write_bytes(image_bytes(30, 20, fmt="PNG"))
    path = write_article(_figure("pic.png"))
    assert "image not found" in _error(path).message
    image = convert.read(path, resource_path=(first, second)).figures()[0].image
    assert image is not None and image.width == 10 and image.path == str(first / "pic.png")
    (path.parent / "pic.png").write_bytes(image_bytes(50, 20, fmt="PNG"))  # the article's folder comes first
    image = convert.read(path, resource_path=(first, second)).figures()[0].image
    assert image is not None and image.width == 50


def test_site_root_paths(write_article: WriteArticle, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``/blog/x.png`` (Jekyll, Hugo): under the site root when given, else under the article's folder."""
    path = write_article(_figure("/blog/2021/x.png"))
    (path.parent / "blog" / "2021").mkdir(parents=True)
    (path.parent / "blog" / "2021" / "x.png").write_bytes(image_bytes(11, 7, fmt="PNG"))
    image = convert.read(path).figures()[0].image
    assert image is not None and image.width == 11
    site = tmp_path_factory.mktemp("site")
    (site / "blog" / "2021").mkdir(parents=True)
    (site / "blog" / "2021" / "x.png").write_bytes(image_bytes(13, 7, fmt="PNG"))
    image = convert.read(path, site_root=site).figures()[0].image
    assert image is not None and image.width == 13


def test_symlink_inside_the_allowed_folders_is_followed(write_article: WriteArticle,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    shared = tmp_path_factory.mktemp("shared")
    (shared / "pic.png").write_bytes(image_bytes(fmt="PNG"))
    path = write_article(_figure("linked/pic.png"))
    os.symlink(shared, path.parent / "linked")
    assert "leaves the allowed folders" in _error(path).message
    image = convert.read(path, resource_path=(shared,)).figures()[0].image
    assert image is not None and image.path == str(shared / "pic.png")


def test_folder_swapped_for_a_link_never_reads_outside(write_article: WriteArticle,
                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    """The race of #19: a folder replaced by a link to the outside between any check and the read."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "pic.png").write_bytes(image_bytes(77, 5, fmt="PNG"))
    path = write_article(_figure("d/pic.png"))
    folder = path.parent / "d"
    for round_ in range(40):
        if folder.is_symlink():
            folder.unlink()
        elif folder.exists():
            (folder / "pic.png").unlink()
            folder.rmdir()
        if round_ % 2:
            os.symlink(outside, folder)
        else:
            folder.mkdir()
            (folder / "pic.png").write_bytes(image_bytes(12, 5, fmt="PNG"))
        try:
            image = convert.read(path).figures()[0].image
        except convert.AssetError as error:
            assert "leaves the allowed folders" in error.message
        else:
            assert image is not None and image.width == 12


@pytest.mark.parametrize("kind", ["fifo", "folder", "devzero"])
def test_only_regular_files_are_read(write_article: WriteArticle, kind: str) -> None:
    path = write_article(_figure("thing.png"))
    target = path.parent / "thing.png"
    if kind == "fifo":
        os.mkfifo(target)
        assert "not a regular file" in _error(path).message
    elif kind == "folder":
        target.mkdir()
        assert "not a regular file" in _error(path).message
    else:
        os.symlink("/dev/zero", target)
        assert "leaves the allowed folders" in _error(path).message
        assert "not a regular file" in _error(path, resource_path=("/dev",)).message


def test_memory_limit_counts_bytes_per_pixel(write_article: WriteArticle) -> None:
    """A picture within the pixel limit can still be refused for the memory its decoding takes."""
    path = write_article(_figure("wide.png"))
    (path.parent / "wide.png").write_bytes(image_bytes(4000, 3000, fmt="PNG"))
    from convert.reader.assets import AssetPolicy, resolve_image

    policy = AssetPolicy(search=(str(path.parent),), roots=(str(path.parent),), max_memory=16 * 2**20)
    with pytest.raises(convert.AssetError) as caught:
        resolve_image("wide.png", policy=policy, file=str(path), line=3)
    assert "MiB when decoded" in caught.value.message


@pytest.mark.parametrize("data", [b"%PDF-1.4 not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
                                  b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"])
def test_other_formats_are_refused_by_content(write_article: WriteArticle, data: bytes) -> None:
    """EPS is never opened (Pillow would run Ghostscript on it), whatever the name says."""
    path = write_article(_figure("pic.png"))
    (path.parent / "pic.png").write_bytes(data)
    assert _error(path).message.startswith(("not an image", "image is truncated or corrupt"))


def _tall_strip_png(height: int) -> bytes:
    """A 1-pixel-wide greyscale PNG ``height`` rows tall, compressed row block by row block (117 KB for 60 M rows)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    packer = zlib.compressobj(9)
    block = b"\x00\x00" * 1_000_000
    body = b"".join(packer.compress(block) for _ in range(height // 1_000_000)) + packer.flush()
    header = struct.pack(">IIBBBBB", 1, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_strip_inside_the_pixel_limit_is_refused_for_its_memory(write_article: WriteArticle) -> None:
    """#19: 1x60,000,000 pixels is within the pixel limit but takes 0.5 GB decoded (a row pointer a pixel)."""
    path = write_article(_figure("tall.png"))
    (path.parent / "tall.png").write_bytes(_tall_strip_png(60_000_000))
    error = _error(path)
    assert "MiB when decoded" in error.message and error.line == 3


# --- read_text without a folder: the working folder is never read (#19) -----------------------------------------


@pytest.fixture
def working_folder_with_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding an image, a file that is not one, and a folder named like an image."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "private.jpg").write_bytes(image_bytes())
    (tmp_path / "secret" / "notes.jpg").write_text("not a picture")
    (tmp_path / "secret" / "folder.jpg").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("ref", ["secret/private.jpg", "/secret/private.jpg", "./secret/private.jpg",
                                 "secret/notes.jpg", "secret/folder.jpg", "secret/missing.jpg", "/etc/passwd",
                                 "../secret/private.jpg"])
def test_text_without_a_folder_reads_nothing_from_the_working_folder(working_folder_with_secrets: Path,
                                                                     ref: str) -> None:
    """``os.chdir(X); read_text("![x](secret/private.jpg)")`` must not embed X/secret/private.jpg, and the refusal
    is one message whatever is there: no "not found" vs "not an image", no absolute path."""
    with pytest.raises(convert.AssetError) as caught:
        convert.read_text(f"![x]({ref})\n")
    error = caught.value
    assert error.message == f"image path leaves the allowed folders: {ref}"
    assert error.hint is not None and "base_dir" in error.hint
    assert str(working_folder_with_secrets) not in str(error) and "/tmp" not in str(error)


def test_the_absolute_path_of_a_file_in_the_working_folder_is_refused_too(working_folder_with_secrets: Path) -> None:
    ref = str(working_folder_with_secrets / "secret" / "private.jpg")
    for where in (ref, str(working_folder_with_secrets / "secret" / "missing.jpg")):
        with pytest.raises(convert.AssetError) as caught:
            convert.read_text(f"![x]({where})\n")
        assert caught.value.message == f"image path leaves the allowed folders: {where}"


def test_text_without_a_folder_reads_from_the_folders_the_caller_names(working_folder_with_secrets: Path) -> None:
    secret = working_folder_with_secrets / "secret"
    by_resource_path = convert.read_text("![x](private.jpg)\n", resource_path=(secret,)).figures()[0].image
    by_site_root = convert.read_text("![x](/secret/private.jpg)\n", site_root=working_folder_with_secrets)
    by_extra_root = convert.read_text(f"![x]({secret / 'private.jpg'})\n", extra_roots=(secret,))
    by_base_dir = convert.read_text("![x](secret/private.jpg)\n", base_dir=working_folder_with_secrets)
    for image in (by_resource_path, *(a.figures()[0].image for a in (by_site_root, by_extra_root, by_base_dir))):
        assert image is not None and image.path == str(secret / "private.jpg")
    with pytest.raises(convert.AssetError) as caught:  # an allowed folder is not a place to resolve relative paths
        convert.read_text("![x](secret/private.jpg)\n", extra_roots=(working_folder_with_secrets,))
    assert caught.value.message == "image path leaves the allowed folders: secret/private.jpg"


@pytest.mark.parametrize("ref", ["/etc/passwd", "/etc/no-such-file.jpg", "../../../../../../etc/hostname"])
def test_refused_paths_never_show_an_absolute_path(write_article: WriteArticle, ref: str) -> None:
    """The refusal's hint names no folder of the machine (it used to list where the article's folder is)."""
    path = write_article(_figure(ref))
    error = _error(path)
    assert error.message == f"image path leaves the allowed folders: {ref}"
    assert str(path.parent) not in f"{error.message} {error.hint}"
    assert (error.hint or "").count("/") == 1  # "a path starting with /": no folder named
