"""Remote images (#12): never fetched by default; with ``fetch_images``, http(s) only and within limits.

A real HTTP server on 127.0.0.1 in a thread plays every bad server: slow, oversized,
not an image, missing, redirecting in a loop or to ``file:``. Every case ends in a
warning and a figure without a picture (its address shown), never an exception.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image as PILImage

import convert
from convert.reader.assets import AssetPolicy, FetchLimits, load_image
from convert.reader.context import ReadContext, ReadOptions

_PNG = io.BytesIO()
PILImage.new("RGB", (30, 20), (10, 200, 10)).save(_PNG, "PNG")
PNG = _PNG.getvalue()
_RELEASE = threading.Event()  # lets the slow handler go when the test is over (no sleeping)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        route = {"/ok.png": self._ok, "/big.png": self._big, "/page.png": self._html, "/loop": self._loop,
                 "/to-file": self._to_file, "/slow.png": self._slow, "/hop": self._hop}.get(self.path)
        if route is None:
            self.send_error(404)
            return
        route()

    def _send(self, body: bytes, kind: str = "image/png", length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _ok(self) -> None:
        self._send(PNG)

    def _big(self) -> None:
        self._send(PNG + b"\x00" * 5000)

    def _html(self) -> None:
        self._send(b"<html><body>not a picture</body></html>", "text/html")

    def _loop(self) -> None:
        self._redirect("/loop")

    def _hop(self) -> None:
        self._redirect("/ok.png")

    def _to_file(self) -> None:
        self._redirect("file:///etc/passwd")

    def _slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG[:10])
        self.wfile.flush()
        _RELEASE.wait(5)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        _RELEASE.set()
        httpd.shutdown()
        httpd.server_close()


def _load(url: str, tmp_path: Path, **limits: object) -> convert.model.Image | None:
    options = ReadOptions(fetch_images=True)
    fetch = FetchLimits(**{"seconds": 1.0, "max_bytes": 2000, "allow_private": True, **limits})  # type: ignore[arg-type]
    policy = AssetPolicy(search=(str(tmp_path),), roots=(str(tmp_path),), fetch=fetch)
    context = ReadContext(name="story.md", base_dir=tmp_path, policy=policy, options=options)
    return load_image(url, context, 3)


def test_fetched_when_asked(server: str, tmp_path: Path) -> None:
    image = _load(f"{server}/ok.png", tmp_path)
    assert image is not None and (image.format, image.width, image.height) == ("png", 30, 20)
    hopped = _load(f"{server}/hop", tmp_path)
    assert hopped is not None and hopped.width == 30


@pytest.mark.parametrize(("path", "reason"), [
    ("/big.png", "over the limit"),
    ("/page.png", "not an image"),
    ("/missing.png", "HTTP 404"),
    ("/loop", "more than 5 redirects"),
    ("/to-file", "only http and https"),
    ("/slow.png", "within 1 s"),
])
def test_bad_servers_give_a_warning_and_no_picture(server: str, tmp_path: Path, path: str, reason: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="convert"):
        assert _load(f"{server}{path}", tmp_path) is None
    messages = [r.getMessage() for r in caplog.records]
    assert any("remote image not loaded" in m and reason in m and "story.md:3" in m for m in messages), messages


def test_private_addresses_are_not_fetched_by_default(server: str, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "story.md"
    source.write_text(f"# T\n\n![cap]({server}/ok.png)\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="convert"):
        article = convert.read(source, fetch_images=True)
    assert article.figures()[0].image is None
    assert any("private network" in r.getMessage() for r in caplog.records)


def test_nothing_is_fetched_without_the_option(server: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "story.md"
    source.write_text(f"# T\n\n![cap]({server}/ok.png)\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="convert"):
        figure = convert.read(source).figures()[0]
    assert figure.image is None and figure.src.endswith("/ok.png")
    assert any("remote image not fetched" in r.getMessage() for r in caplog.records)
