"""How big a picture is drawn: one rule for every format (sizes in the writer's own units)."""

from __future__ import annotations


def fit_box(width_px: int, height_px: int, max_width: float, max_height: float) -> tuple[float, float]:
    """Scale an image to ``max_width`` keeping its aspect, shrinking further if too tall."""
    scale = min(max_width / width_px, max_height / height_px)
    return width_px * scale, height_px * scale


