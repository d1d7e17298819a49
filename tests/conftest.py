"""Fixtures shared by every test: a fresh data folder and database file per test, real images."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def image_bytes(width: int = 64, height: int = 48, format: str = "JPEG", color=(180, 120, 60)) -> bytes:
    """A real encoded image, with a gradient so that encoders have something to work on."""
    image = Image.new("RGB", (width, height), color)
    for x in range(0, width, max(1, width // 16)):
        for y in range(height):
            image.putpixel((x, y), (x * 255 // max(1, width), y * 255 // max(1, height), 90))
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()
