"""Shared fixtures: small articles written into a temporary folder, with real images."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from PIL import Image

import convert

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "article.md"
ASSETS = ROOT / "assets"  # the seed's image is ../assets/photo.jpg

# Every JVM a test starts (EPUBCheck) with the client compiler only: a short run like ours
# spends most of its CPU in the optimising compiler (EPUBCheck on the seed: 15.4 s → 6.9 s CPU).
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1")

# Bounded Hypothesis runs for any test that does not choose its own settings, and no deadline:
# parallel workers on a busy machine would otherwise fail examples for being slow, not wrong.
# HYPOTHESIS_PROFILE=long runs 1,000 examples a test (test_properties.py registers the same).
settings.register_profile("bounded", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "bounded")


def image_bytes(width: int = 120, height: int = 80, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A temporary working folder (images may come from under the working folder)."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


WriteArticle = Callable[..., Path]


@pytest.fixture
def write_article(workdir: Path) -> WriteArticle:
    """Write ``text`` as an article (plus ``photo.jpg`` beside it) and return its path."""

    def write(text: str, name: str = "story.md", image: tuple[int, int] = (120, 80)) -> Path:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "photo.jpg").write_bytes(image_bytes(*image))
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def seed_article() -> convert.Article:
    return convert.read(SEED, resource_path=(ASSETS,))
