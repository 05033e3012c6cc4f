"""Placing a figure's PNG on a slide: its size read from the file, scaled to fit a box
without distortion, and centred in it."""

from __future__ import annotations

import struct

from .figures import PNG_MAGIC, FigureFailed
from .pptx_template import Box


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's IHDR chunk (the first, by the format)."""
    if len(png) < 24 or png[:8] != PNG_MAGIC or png[12:16] != b"IHDR":
        raise FigureFailed("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    if width <= 0 or height <= 0:
        raise FigureFailed("a PNG without pixels")
    return width, height


def fit(pixels: tuple[int, int], box: Box) -> Box:
    """The largest box of the picture's aspect inside `box`, centred in it."""
    width, height = pixels
    scale = min(box.width / width, box.height / height)
    fitted_width, fitted_height = int(width * scale), int(height * scale)
    return Box(box.left + (box.width - fitted_width) // 2, box.top + (box.height - fitted_height) // 2,
               fitted_width, fitted_height)
