"""The process-map figures: the swimlane diagram as SVG for the page and PNG for Word.

The rest of the feature calls only this module. The work is done in:
- paths.py: forward links, rework loops and the main path (shared with metrics.py);
- layout.py: columns (networkx), lanes, boxes and link routes, pure Python;
- shapes.py: the geometry both drawings share;
- svg_drawing.py: the page's hand-built, CSP-clean SVG (classes in static/scss/_process-maps.scss);
- png_drawing.py: the same layout drawn by matplotlib, 16 cm wide, long maps in bands of columns.

Renders are cached by `flow.content_hash()` plus FIGURES_VERSION in bounded LRUs: a page view
or an export of an unchanged map costs a lookup. Output is byte-stable.
"""

from __future__ import annotations

from markupsafe import Markup

from ..renders import Renders
from .flow import Flow

#: bump when any drawing changes, so cached renders (here and in the exports) are redrawn
FIGURES_VERSION = 2
#: over this many steps the page says the diagram is large
LARGE_STEPS = 40


def is_large(flow: Flow) -> bool:
    return len(flow.steps) > LARGE_STEPS


def cache_key(flow: Flow, kind: str) -> str:
    return f"{kind}:{FIGURES_VERSION}:{flow.content_hash()}"




_SVGS = Renders(32)
_PNGS = Renders(16)


def swimlane_svg(flow: Flow) -> Markup:
    """The diagram for the page: role="img" with a <title> and <desc>, classes only (no style
    attributes, no script). Its ids start with "pm-" and the content hash, so a current and a
    future map can share a page."""
    return _SVGS.get(cache_key(flow, "svg"), lambda: _draw_svg(flow))


def swimlane_png(flow: Flow) -> bytes:
    """The diagram for Word as one picture: 16 cm wide at 150 dpi; more than four columns are
    cut into bands of columns stacked one under the other, so a long map is taller than a page
    (see png_drawing.py, and swimlane_png_pages for the same cut into pages)."""
    return _PNGS.get(cache_key(flow, "png"), lambda: _draw_png(flow))


def swimlane_png_pages(flow: Flow) -> tuple[bytes, ...]:
    """The diagram for Word as images that each fit a portrait A4 page (16 x 23 cm), bands of
    at most four columns whatever the map's length, the legend under the last: for an export
    that adds one figure per page ("Figure 3 (part 2 of 4)") instead of one tall picture."""
    return _PNGS.get(cache_key(flow, "png-pages"), lambda: _draw_png_pages(flow))


def swimlane_page_count(flow: Flow) -> int:
    """How many images swimlane_png_pages gives, from the layout alone (nothing is drawn)."""
    from . import png_drawing

    return len(png_drawing.page_groups(flow))


def swimlane_png_page(flow: Flow, index: int) -> bytes:
    """The `index`th of swimlane_png_pages (all are drawn, and cached, together)."""
    return swimlane_png_pages(flow)[index]


def summary(flow: Flow) -> str:
    """One paragraph on the diagram, for its <desc> and for alt text in Word."""
    from . import layout, paths

    lanes = list(dict.fromkeys(flow.lanes)) or []
    n = len(flow.steps)
    if not n:
        return (f"An empty swimlane diagram with {len(lanes)} lane{'s' if len(lanes) != 1 else ''}"
                f"{': ' + ', '.join(layout.text(x) for x in lanes) if lanes else ''}. No steps yet.")
    links = paths.split_links(flow)
    lane_of = {}
    for step in flow.steps:
        lane_of.setdefault(step.id, step.lane)
    handoffs = sum(1 for link in links.forward if lane_of[link.source] != lane_of[link.target])
    nva = sum(1 for s in flow.steps if s.value == "nva")
    parts = [f"Swimlane diagram of {n} step{'s' if n != 1 else ''} in {len(lanes)} lane{'s' if len(lanes) != 1 else ''}"
             f" ({', '.join(layout.text(x) for x in lanes[:12])}{', …' if len(lanes) > 12 else ''}).",
             f"{handoffs} link{'s' if handoffs != 1 else ''} between lanes,"
             f" {len(links.back)} rework loop{'s' if len(links.back) != 1 else ''},"
             f" {nva} non-value-adding step{'s' if nva != 1 else ''}.",
             "The table of steps gives every step in order."]
    return " ".join(parts)


def _draw_svg(flow: Flow) -> Markup:
    from . import layout, svg_drawing

    title = layout.text(flow.title) or "Process map"
    state = "future state" if flow.state == "future" else "current state"
    return svg_drawing.swimlane(layout.layout(flow), caption=f"{title} ({state}): swimlane diagram",
                                description=summary(flow), id_prefix=f"pm-{flow.content_hash()[:12]}")


def _draw_png(flow: Flow) -> bytes:
    from . import png_drawing

    return png_drawing.swimlane(flow)


def _draw_png_pages(flow: Flow) -> tuple[bytes, ...]:
    from . import png_drawing

    return tuple(png_drawing.pages(flow))
