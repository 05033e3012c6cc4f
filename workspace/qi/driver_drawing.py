"""PLACEHOLDER (base branch): the driver-diagram helper draws the diagram here."""

from __future__ import annotations

from markupsafe import escape

from .chart_drawing import _text_png
from .facts import DriverTree


def driver_svg(tree: DriverTree) -> str:
    titles = " / ".join(driver.title for driver in tree.primaries)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 60" role="img" aria-label="Driver diagram">'
            f'<text x="4" y="30">{escape(tree.aim)} {escape(titles)}</text></svg>')


def driver_png(tree: DriverTree) -> bytes:
    return _text_png(tree.aim or "Driver diagram")
