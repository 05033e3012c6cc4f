"""Figure PNGs, rendered once per content hash and kept on disk under the instance folder.

A part that draws a figure (matplotlib takes 70-200 ms a chart) gives a `render` function and
a `content_hash` of what it draws. The first export renders and stores
`<instance>/export-figures/<hash>.png`; every later export of unchanged content reads the file.
Files are written to a temporary name and renamed, so two workers exporting at once never read
half a PNG.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import current_app, has_app_context

from .parts import Figure

_HASH = re.compile(r"^[A-Za-z0-9_-]{8,128}$")  # a safe file name: no path can be smuggled in
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class FigureFailed(Exception):
    """The figure could not be drawn, or what it drew is not a PNG."""


def cache_dir() -> Path | None:
    if not has_app_context():
        return None
    return Path(current_app.config["INSTANCE_DIR"]) / "export-figures"


def _cache_name(content_hash: str) -> str:
    if _HASH.match(content_hash):
        return content_hash
    return hashlib.sha256(content_hash.encode()).hexdigest()


def figure_png(figure: Figure) -> bytes:
    """The figure's PNG: given, cached, or rendered now (and cached when it has a hash)."""
    if figure.png is not None:
        return _checked(figure.png)
    if figure.render is None:
        raise FigureFailed(f"figure {figure.key!r} has neither png nor render")
    folder = cache_dir()
    path = folder / f"{_cache_name(figure.content_hash)}.png" if folder and figure.content_hash else None
    if path is not None and path.is_file():
        return path.read_bytes()
    png = _checked(figure.render())
    if path is not None:
        _store(path, png)
    return png


def _checked(png) -> bytes:
    if not isinstance(png, bytes | bytearray) or not bytes(png[:8]) == PNG_MAGIC:
        raise FigureFailed("a figure must be PNG bytes")
    return bytes(png)


def _store(path: Path, png: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(temporary, path)
    except OSError:
        # A full or read-only disk costs only the cache, never the export.
        Path(temporary).unlink(missing_ok=True)
