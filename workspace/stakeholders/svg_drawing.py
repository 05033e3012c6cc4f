"""The hand-built SVGs for the pages: the power/interest grid and "then vs now".

Every colour is a class styled in static/scss/site.scss (the "stakeholder figures" block): the
pages' CSP (`style-src 'self'`) blocks style attributes, so none is ever written. Every piece
of user text passes through markupsafe's escape after `layout.text` has removed controls and
bidi overrides. A marker whose attitude the viewer may not see carries no attitude class, word,
glyph or data attribute at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from markupsafe import Markup, escape

from . import layout as L

# --- small helpers -----------------------------------------------------------------------------


def num(value: float) -> str:
    """A coordinate as short, stable text: 2 decimals at most, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def attrs(**values) -> str:
    """Attributes from keywords (`class_` -> class, `data_x` -> data-x); None and False are left
    out, True gives an empty one (`data-editable=""`: still well-formed XML), the rest escaped."""
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if value is True:
            out.append(f' {name}=""')
        else:
            out.append(f' {name}="{escape(num(value) if isinstance(value, float) else value)}"')
    return "".join(out)


def tag(name: str, content: str | None = None, **values) -> str:
    if content is None:
        return f"<{name}{attrs(**values)}/>"
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def label(x: float, y: float, words: str, size: float, cls: str, anchor: str = "start", **extra) -> str:
    return tag("text", str(escape(words)), class_=cls, x=float(x), y=float(y), font_size=float(size),
               text_anchor=None if anchor == "start" else anchor, **extra)


# --- what a marker says ------------------------------------------------------------------------


def position_line(power: int, interest: int) -> str:
    return f"Power {power}, interest {interest}: {L.quadrant(power, interest)}"


def detail_lines(marker) -> list[str]:
    """Everything a marker's tooltip says after its name and scores. Nothing about attitude
    when the viewer may not see it."""
    lines = []
    organisation = L.text(marker.organisation)
    if organisation:
        lines.append(f"Organisation: {organisation}")
    if L.text(marker.category):
        lines.append(f"Category: {L.text(marker.category)}")
    lines.append(f"Owner: {L.text(marker.owner) or 'none yet'}")
    current = L.attitude_key(marker.attitude)
    if current is not None:
        lines.append(attitude_line(marker.attitude, marker.desired if L.attitude_key(marker.desired) else None))
    return lines


def attitude_line(current: int, desired: int | None) -> str:
    """"Attitude: -1 -> +1 (Sceptic -> Supporter)": the glyphs drawn on the marker come first
    and side by side, so a marker's accessible name contains its visible text (WCAG 2.5.3)."""
    glyph, words = L.ATTITUDE_GLYPHS[current], L.ATTITUDE_LABELS[current]
    if desired is None:
        return f"Attitude: {glyph} ({words})"
    if desired == current:
        return f"Attitude: {glyph} ({words}, as desired)"
    return (f"Attitude: {glyph} \u2192 {L.ATTITUDE_GLYPHS[desired]} "
            f"({words} \u2192 desired: {L.ATTITUDE_LABELS[desired]})")


def marker_lines(marker) -> list[str]:
    power, interest = L.clamp_score(marker.power), L.clamp_score(marker.interest)
    return [L.text(marker.label) or "(no name)", position_line(power, interest), *detail_lines(marker)]


# --- shapes ------------------------------------------------------------------------------------

_LEFT_HALF = "M0 -8H-12A8 8 0 0 0 -12 8H0Z"
_RIGHT_HALF = "M0 -8H12A8 8 0 0 1 12 8H0Z"
_CHEVRON = "M-2 -4.5L2.5 0L-2 4.5Z"


def _glyph(x: float, key: str) -> str:
    glyph = L.ATTITUDE_GLYPHS[L.attitude_value(key)]
    return label(x, L.GLYPH_SIZE * 0.36, glyph, L.GLYPH_SIZE, f"app-sh-glyph app-sh-ink--{key}", "middle")


def mark_shapes(current: str | None, desired: str | None) -> str:
    """A marker's shapes, centred on (0, 0): a circle, or the current -> desired pill."""
    if current is None:
        return tag("circle", r=L.DOT_R, class_="app-sh-dot app-sh-fill--hidden")
    if desired is None:
        return tag("circle", r=L.DOT_R, class_=f"app-sh-dot app-sh-fill--{current}") + _glyph(0, current)
    return "".join([
        tag("path", d=_LEFT_HALF, class_=f"app-sh-fill--{current}"),
        tag("path", d=_RIGHT_HALF, class_=f"app-sh-fill--{desired}"),
        tag("rect", x=-20, y=-8, width=40, height=16, rx=8, class_="app-sh-outline"),
        tag("path", d=_CHEVRON, class_="app-sh-chevron"),
        _glyph(-L.PILL_GLYPH_X, current),
        # A space between the two glyphs: without it the marker's visible text reads "−20" for
        # −2 and 0, which is not in its name (axe: label-content-name-mismatch).
        " ",
        _glyph(L.PILL_GLYPH_X, desired),
    ])


def cluster_shapes(count: int) -> str:
    return (tag("rect", x=-20, y=-8, width=40, height=16, rx=8, class_="app-sh-cluster__box")
            + label(0, 3.6, f"+{count}", L.GLYPH_SIZE, "app-sh-cluster__count", "middle"))


def _focus_ring(width: float) -> str:
    return tag("rect", x=-width / 2 - 4, y=-12.0, width=width + 8, height=24, rx=6, class_="app-sh-focus")


def marker_svg(placed: L.Placed, *, editable: bool, focusable: bool) -> str:
    marker = placed.marker
    power, interest = L.clamp_score(marker.power), L.clamp_score(marker.interest)
    lines = marker_lines(marker)
    classes = ["app-sh-marker", f"app-sh-att--{placed.current or 'hidden'}"]
    if placed.desired:
        classes.append("app-sh-marker--change")
    body = [tag("title", str(escape("\n".join(lines))))]
    if focusable:
        body.append(_focus_ring(placed.width))
    body.append(mark_shapes(placed.current, placed.desired))
    return tag(
        "g", "".join(body), class_=" ".join(classes),
        transform=f"translate({num(placed.x)} {num(placed.y)})",
        tabindex="0" if focusable else None,
        role=("button" if editable else "img") if focusable else None,
        aria_roledescription="movable stakeholder" if editable else None,
        aria_label="; ".join(lines) if focusable else None,
        data_stakeholder_id=str(marker.id),
        data_power=str(power), data_interest=str(interest),
        data_name=lines[0], data_details="\n".join(lines[2:]),
        data_category=L.text(marker.category), data_owner=L.text(marker.owner),
        data_version=str(marker.version) if editable and getattr(marker, "version", None) is not None else None,
    )


def cluster_svg(cluster: L.Cluster, *, focusable: bool) -> str:
    names = [_name_with_org(m) for m in cluster.members]
    head = f"{len(names)} more at {position_line(cluster.power, cluster.interest).lower()}"
    lines = [head + ":", *names]
    members = [{"id": m.id, "name": _name_with_org(m), "category": L.text(m.category), "owner": L.text(m.owner)}
               for m in cluster.members]
    body = [tag("title", str(escape("\n".join(lines))))]
    if focusable:
        body.append(_focus_ring(cluster.width))
    body.append(cluster_shapes(len(names)))
    return tag(
        "g", "".join(body), class_="app-sh-cluster",
        transform=f"translate({num(cluster.x)} {num(cluster.y)})",
        tabindex="0" if focusable else None, role="img" if focusable else None,
        aria_label=f"{head}: {', '.join(names)}" if focusable else None,
        data_power=str(cluster.power), data_interest=str(cluster.interest),
        data_members=json.dumps(members, ensure_ascii=False, separators=(",", ":")),
    )


def _name_with_org(marker) -> str:
    name, organisation = L.text(marker.label) or "(no name)", L.text(marker.organisation)
    return f"{name} ({organisation})" if organisation else name


# --- the grid ----------------------------------------------------------------------------------


def grid_frame() -> str:
    """Quadrants, cell lines, axes and the quadrant names: everything but the markers."""
    parts = ['<g class="app-sh-frame" aria-hidden="true">']
    spans = {"manage closely": (L.SPLIT_X, L.PLOT_Y, L.PLOT_X + L.PLOT_W, L.SPLIT_Y),
             "keep satisfied": (L.PLOT_X, L.PLOT_Y, L.SPLIT_X, L.SPLIT_Y),
             "keep informed": (L.SPLIT_X, L.SPLIT_Y, L.PLOT_X + L.PLOT_W, L.PLOT_BOTTOM),
             "monitor": (L.PLOT_X, L.SPLIT_Y, L.SPLIT_X, L.PLOT_BOTTOM)}
    for name, (x0, y0, x1, y1) in spans.items():
        parts.append(tag("rect", x=float(x0), y=float(y0), width=float(x1 - x0), height=float(y1 - y0),
                         class_=f"app-sh-q app-sh-q--{L.QUADRANT_KEYS[name]}"))
    for i in range(1, 5):
        x, y = L.PLOT_X + i * L.CELL_W, L.PLOT_Y + i * L.CELL_H
        parts.append(tag("path", d=f"M{x} {L.PLOT_Y}V{L.PLOT_BOTTOM}M{L.PLOT_X} {y}H{L.PLOT_X + L.PLOT_W}",
                         class_="app-sh-cellline"))
    parts.append(tag("path", d=f"M{num(L.SPLIT_X)} {L.PLOT_Y}V{L.PLOT_BOTTOM}M{L.PLOT_X} {num(L.SPLIT_Y)}"
                              f"H{L.PLOT_X + L.PLOT_W}", class_="app-sh-split"))
    parts.append(tag("rect", x=L.PLOT_X, y=L.PLOT_Y, width=L.PLOT_W, height=L.PLOT_H, class_="app-sh-border"))
    for score in L.SCORES:
        parts.append(label(L.score_x(score), L.PLOT_BOTTOM + 16, str(score), 11, "app-sh-tick", "middle"))
        parts.append(label(L.PLOT_X - 10, L.score_y(score) + 4, str(score), 11, "app-sh-tick", "end"))
    parts.append("</g>")
    right, bottom = L.PLOT_X + L.PLOT_W, L.PLOT_BOTTOM + 38
    parts.append('<g class="app-sh-axes">')
    parts.append(label(L.PLOT_X + L.PLOT_W / 2, bottom, "Interest \u2192", 13, "app-sh-axis", "middle"))
    mid_y = L.PLOT_Y + L.PLOT_H / 2
    parts.append(label(20, mid_y, "Power / influence \u2192", 13, "app-sh-axis", "middle",
                       transform=f"rotate(-90 20 {num(mid_y)})"))
    for words, x, y, anchor in (("Keep satisfied", L.PLOT_X, L.PLOT_Y - 9, "start"),
                                ("Manage closely", right, L.PLOT_Y - 9, "end"),
                                ("Monitor", L.PLOT_X, bottom, "start"),
                                ("Keep informed", right, bottom, "end")):
        parts.append(label(x, y, words, 13, "app-sh-qname", anchor))
    parts.append("</g>")
    return "".join(parts)


def grid_markers(grid: L.GridLayout, *, editable: bool, focusable: bool) -> str:
    """The markers, then their names in a group of their own: a marker's name is in its
    aria-label, and a button's visible text must be part of that name (so a name cut short
    with an ellipsis cannot sit inside the button). The script hides a name whose marker moves."""
    parts = ['<g class="app-sh-markers">']
    parts.extend(marker_svg(p, editable=editable, focusable=focusable) for p in grid.placed)
    parts.extend(cluster_svg(c, focusable=focusable) for c in grid.clusters)
    parts.append('</g><g class="app-sh-labels" aria-hidden="true">')
    parts.extend(label(p.x + p.width / 2 + 5, p.y + 4, p.label, L.LABEL_SIZE, "app-sh-label",
                       data_label_for=str(p.marker.id)) for p in grid.placed if p.label)
    parts.append("</g>")
    return "".join(parts)


def legend_svg(items: list[L.LegendItem]) -> str:
    parts = ['<g class="app-sh-legend">']
    for item in items:
        if item.kind == "attitude":
            shape, width = mark_shapes(item.key, None), 2 * L.DOT_R
        elif item.kind == "change":
            shape, width = mark_shapes("sceptic", "supporter"), L.PILL_W
        elif item.kind == "hidden":
            shape, width = mark_shapes(None, None), 2 * L.DOT_R
        else:
            shape, width = cluster_shapes(3), L.PILL_W
        parts.append(f'<g transform="translate({num(item.x)} {num(item.y)})" aria-hidden="true">{shape}</g>')
        parts.append(label(item.x + width / 2 + 5, item.y + 4, item.text, L.LABEL_SIZE, "app-sh-legend__text"))
    parts.append("</g>")
    return "".join(parts)


def summary(markers: Sequence) -> str:
    """One sentence for screen readers and alt text: how many stakeholders in each quadrant."""
    counts = dict.fromkeys(L.QUADRANTS, 0)
    for m in markers:
        counts[L.quadrant(L.clamp_score(m.power), L.clamp_score(m.interest))] += 1
    if not markers:
        return "No stakeholders yet."
    total = len(markers)
    parts = ", ".join(f"{n} to {name}" for name, n in counts.items())
    return f"{total} stakeholder{'s' if total != 1 else ''} on the power/interest grid: {parts}."


def svg_root(content: str, *, width: float, height: float, cls: str, prefix: str | None, caption: str,
             description: str, role: str, **extra) -> Markup:
    """The <svg> element around `content`. With a `prefix`, its title and description are
    referenced by id; without one (a figure drawn many times on a page) the description is
    the aria-label and the title has no id, so no two figures can share an id."""
    if prefix is None:
        head = f"<title>{escape(L.text(caption))}</title>"
        labelling = attrs(aria_label=description)
    else:
        title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
        head = (f"<title{attrs(id=title_id)}>{escape(L.text(caption))}</title>"
                f"<desc{attrs(id=desc_id)}>{escape(description)}</desc>")
        labelling = attrs(id=prefix, aria_labelledby=title_id, aria_describedby=desc_id)
    if "app-sh-figure" in cls.split():  # white under the drawing, as in the PNG
        head += tag("rect", width="100%", height="100%", class_="app-sh-bg")
    return Markup(  # noqa: S704 - every piece above is escaped as it is built
        f'<svg xmlns="http://www.w3.org/2000/svg"{attrs(viewBox=f"0 0 {num(width)} {num(height)}")}'
        f'{attrs(width=str(int(width)), height=str(int(height)), class_=cls, role=role)}'
        f'{labelling}{attrs(**extra)}>{head}{content}</svg>'
    )


def grid(markers: Sequence, *, editable: bool, caption: str, api_url_template: str | None = None,
         id_prefix: str = "sh-grid") -> Markup:
    layout = L.layout_grid(markers)
    prefix = L.safe_id(id_prefix)
    content = grid_frame() + grid_markers(layout, editable=editable, focusable=True) + legend_svg(L.legend_items(layout))
    geometry = {}
    if editable:
        geometry = dict(data_editable=True, data_api_url_template=api_url_template,
                        data_plot_x=str(L.PLOT_X), data_plot_y=str(L.PLOT_Y), data_plot_width=str(L.PLOT_W),
                        data_plot_height=str(L.PLOT_H), data_score_min="1", data_score_max="5",
                        data_score_high=str(L.HIGH), data_slot_cols=str(L.SLOT_COLS),
                        data_slot_rows=str(L.SLOT_ROWS))
    return svg_root(content, width=L.WIDTH, height=L.HEIGHT, cls="app-sh-figure app-sh-grid", prefix=prefix,
                    caption=caption, description=summary(markers), role="group", data_stakeholder_grid=True,
                    **geometry)


# --- then vs now -------------------------------------------------------------------------------

PANEL_TOP = 30  # room above each panel for its title
PANEL_GAP = 20


def then_now(then: Sequence, now: Sequence, *, then_label: str, arrangement: str = "side",
             id_prefix: str = "sh-thennow") -> Markup:
    """Two grids, then and now, side by side ("side") or one above the other ("stacked"), with
    one legend. No names beside markers: hover shows who each is."""
    panels = [(f"Then: {L.text(then_label)}", then, L.layout_grid(then, labels=False)),
              ("Now", now, L.layout_grid(now, labels=False))]
    offsets = panel_offsets(arrangement)
    parts = []
    for (title, _markers, layout), (dx, dy) in zip(panels, offsets, strict=True):
        parts.append(f'<g transform="translate({num(dx)} {num(dy)})">')
        parts.append(label(L.PLOT_X, -8, title, 15, "app-sh-panel-title"))
        parts.append(grid_frame() + grid_markers(layout, editable=False, focusable=False) + "</g>")
    both = L.GridLayout(panels[0][2].placed + panels[1][2].placed, panels[0][2].clusters + panels[1][2].clusters)
    width, height, legend_top = then_now_size(arrangement)
    parts.append(legend_svg(L.legend_items(both, top=legend_top)))
    description = f"Then ({L.text(then_label)}): {summary(then)} Now: {summary(now)}"
    return svg_root("".join(parts), width=width, height=height, cls="app-sh-figure app-sh-thennow",
                    prefix=L.safe_id(id_prefix), caption=f"Stakeholders then ({L.text(then_label)}) and now",
                    description=description, role="img")


def panel_offsets(arrangement: str) -> list[tuple[float, float]]:
    if arrangement == "stacked":
        return [(0, PANEL_TOP), (0, 2 * PANEL_TOP + L.LEGEND_Y)]
    return [(0, PANEL_TOP), (L.WIDTH + PANEL_GAP, PANEL_TOP)]


def then_now_size(arrangement: str) -> tuple[float, float, float]:
    """(width, height, legend top) of the then/now drawing."""
    if arrangement == "stacked":
        legend_top = 2 * PANEL_TOP + 2 * L.LEGEND_Y
        return L.WIDTH, legend_top + (L.HEIGHT - L.LEGEND_Y), legend_top
    legend_top = PANEL_TOP + L.LEGEND_Y
    return 2 * L.WIDTH + PANEL_GAP, legend_top + (L.HEIGHT - L.LEGEND_Y), legend_top
