"""The QI feature's figures, as functions of plain data (`facts`): a measure's run or XmR
chart and the driver diagram, each as SVG for the pages and as PNG (matplotlib) for the Word
report and the deck. The drawing itself lives in chart_drawing.py and driver_drawing.py.
"""

from __future__ import annotations

from .chart_drawing import chart_png, chart_svg
from .driver_drawing import driver_png, driver_svg

__all__ = ["chart_svg", "chart_png", "driver_svg", "driver_png"]
