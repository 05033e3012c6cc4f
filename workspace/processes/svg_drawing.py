"""The swimlane diagram as hand-built SVG for the page.

CSP-clean: every colour, line style and font weight is a class styled in
static/scss/_process-maps.scss (the pages' policy blocks style attributes); no script, no
<style>. Text is real <text>, every piece of user text escaped by markupsafe after
layout.text has removed controls and bidi overrides. The <svg> is an image (role="img")
labelled by its <title> and <desc>: the page's table of steps carries the detail, so the
shapes inside are hidden from assistive technology. It has a viewBox and its natural size, so
the page's scroll container shows a long map at a readable size.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import layout as L
from . import shapes as S


def num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attrs(**values) -> str:
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f' {name}="{escape(num(value) if isinstance(value, float | int) and not isinstance(value, bool) else value)}"')
    return "".join(out)


def tag(name: str, content: str | None = None, **values) -> str:
    if content is None:
        return f"<{name}{attrs(**values)}/>"
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def text(x: float, y: float, words: str, size: float, cls: str, anchor: str = "start") -> str:
    return tag("text", str(escape(words)), x=float(x), y=float(y), font_size=float(size), class_=cls,
               text_anchor=None if anchor == "start" else anchor)


def points_attr(points) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def path_d(commands) -> str:
    out = []
    for command in commands:
        if command[0] == "Q":
            (cx, cy), (x, y) = command[1], command[2]
            out.append(f"Q{num(cx)} {num(cy)} {num(x)} {num(y)}")
        else:
            x, y = command[1]
            out.append(f"{command[0]}{num(x)} {num(y)}")
    return "".join(out)


# --- pieces -----------------------------------------------------------------------------------------


def lanes_svg(lay: L.Layout) -> str:
    parts = ['<g class="app-pm-lanes">']
    for i, lane in enumerate(lay.lanes):
        parts.append(tag("rect", x=0.0, y=lane.y, width=float(lay.width), height=lane.height,
                         class_=f"app-pm-lane app-pm-lane--{'odd' if i % 2 else 'even'}"))
        parts.append(tag("rect", x=0.0, y=lane.y, width=float(L.LANE_LABEL_W - 4), height=lane.height,
                         class_="app-pm-lane-head"))
        top = lane.y + min(lane.height / 2, 16 + L.CHANNEL_H) - (len(lane.lines) - 1) * 7 + 4
        if not lane.has_steps:
            top = lane.y + lane.height / 2 + 4
        for n, line in enumerate(lane.lines):
            parts.append(text(8, top + n * 14, line, L.LANE_SIZE, "app-pm-lane-name"))
    for lane in lay.lanes[1:]:
        parts.append(tag("path", d=f"M0 {num(lane.y)}H{num(lay.width)}", class_="app-pm-lane-line"))
    parts.append("</g>")
    return "".join(parts)


def edge_svg(edge: L.Edge) -> str:
    cls = f"app-pm-link app-pm-link--{edge.kind}"
    if edge.stub:
        cls += " app-pm-link--stub"
    radius = 12 if edge.kind == "loop" else 6
    parts = [tag("path", d=path_d(S.rounded(S.trimmed(edge.points), radius)), class_=cls)]
    parts.append(tag("polygon", points=points_attr(S.arrowhead(edge.points)),
                     class_=f"app-pm-arrow app-pm-arrow--{edge.kind}"))
    return "".join(parts)


def edge_words_svg(edge: L.Edge) -> str:
    """A link's branch label and stub words: drawn after every line, so no line runs over them."""
    parts = []
    if edge.label and edge.label_at:
        x, y, anchor = edge.label_at
        parts.append(text(x, y, edge.label, L.SMALL_SIZE, "app-pm-link-label", anchor))
    if edge.stub:
        x, y, anchor = S.stub_text_at(edge, edge.points)
        parts.append(text(x, y, edge.stub, L.SMALL_SIZE, "app-pm-stub", anchor))
    return "".join(parts)


def box_svg(box: L.Box) -> str:
    step = box.step
    value = step.value if step.value in S.VALUE_TAGS else "none"
    cls = f"app-pm-step app-pm-step--{step.kind} app-pm-value--{value}"
    if box.handoff_in:
        cls += " app-pm-step--handoff-in"
    kind, geometry = S.outline(box)
    parts = []
    if kind == "rect":
        x, y, w, h, r = geometry
        parts.append(tag("rect", x=x, y=y, width=float(w), height=float(h), rx=float(r), class_="app-pm-shape"))
    else:
        parts.append(tag("polygon", points=points_attr(geometry), class_="app-pm-shape"))
    inner = S.inner_outline(box)
    if inner:
        x, y, w, h, r = inner
        parts.append(tag("rect", x=x, y=y, width=float(w), height=float(h), rx=float(r), class_="app-pm-inner"))
    icon = S.wait_icon(box)
    if icon:
        parts.append(tag("polygon", points=points_attr(icon), class_="app-pm-wait-icon"))
    x, y, words = S.number_at(box)
    parts.append(text(x, y, words, L.SMALL_SIZE, "app-pm-number"))
    for x, y, line in S.label_lines(box):
        parts.append(text(x, y, line, L.LABEL_SIZE, "app-pm-label", "middle"))
    icon, infos = S.info_line(box)
    if icon:
        parts.append(tag("polygon", points=points_attr(icon), class_="app-pm-wait-icon app-pm-wait-icon--small"))
    for x, y, words, _role in infos:
        parts.append(text(x, y, words, L.INFO_SIZE, "app-pm-info"))
    for key, x, y, w, words in S.tags(box):
        parts.append(tag("rect", x=x, y=y - S.TAG_H + 2.5, width=w, height=float(S.TAG_H), rx=2.0,
                         class_=f"app-pm-tag app-pm-tag--{key}"))
        parts.append(text(x + w / 2, y, words, S.TAG_SIZE, f"app-pm-tag-text app-pm-tag-text--{key}", "middle"))
    for kind_, x, y, w, words in S.badges(box):
        parts.append(tag("rect", x=x, y=y, width=w, height=float(S.BADGE_H),
                         rx=2.0 if kind_ == "pain_point" else S.BADGE_H / 2, class_=f"app-pm-badge app-pm-badge--{kind_}"))
        parts.append(text(x + w / 2, y + S.BADGE_H - 3.5, words, S.BADGE_SIZE,
                          f"app-pm-badge-text app-pm-badge-text--{kind_}", "middle"))
    return tag("g", "".join(parts), class_=cls, data_step_id=str(step.id))


def legend_svg(lay: L.Layout) -> str:
    parts = ['<g class="app-pm-legend">']
    for key, x, y in lay.legend:
        parts.append(legend_mark(key, x, y))
        parts.append(text(x + 30, y + 4, L.LEGEND_WORDS[key], 10, "app-pm-legend-text"))
    parts.append("</g>")
    return "".join(parts)


def legend_mark(key: str, x: float, y: float) -> str:
    if key in ("start", "step", "wait", "handoff", "decision"):
        box = _sample_box(key, x, y)
        kind, geometry = S.outline(box)
        cls = f"app-pm-step app-pm-step--{key} app-pm-value--none"
        if kind == "rect":
            gx, gy, w, h, r = geometry
            shape = tag("rect", x=gx, y=gy, width=float(w), height=float(h), rx=float(r), class_="app-pm-shape")
        else:
            shape = tag("polygon", points=points_attr(geometry), class_="app-pm-shape")
        if key == "wait":
            shape += tag("polygon", points=points_attr(S.triangle(x + 7, y - 5, 10, 9)), class_="app-pm-wait-icon")
        return tag("g", shape, class_=cls)
    if key in ("va", "nva", "bnva", "paper"):
        words = S.VALUE_TAGS.get(key, "Paper")
        w = 26.0
        return (tag("rect", x=x, y=y - 6, width=w, height=12.0, rx=2.0, class_=f"app-pm-tag app-pm-tag--{key}")
                + text(x + w / 2, y + 3, words, 7.5, f"app-pm-tag-text app-pm-tag-text--{key}", "middle"))
    if key.startswith("link-"):
        kind = key[5:]
        if kind == "loop":
            pts = ((x, y + 5), (x, y - 5), (x + 24, y - 5), (x + 24, y + 5))
        else:
            pts = ((x, y), (x + 24, y))
        return (tag("path", d=path_d(S.rounded(S.trimmed(pts), 5)), class_=f"app-pm-link app-pm-link--{kind}")
                + tag("polygon", points=points_attr(S.arrowhead(pts)), class_=f"app-pm-arrow app-pm-arrow--{kind}"))
    symbol = {"pain_point": "!", "idea": "+", "question": "?"}[key]
    return (tag("rect", x=x, y=y - 7, width=24.0, height=14.0, rx=2.0 if key == "pain_point" else 7.0,
                class_=f"app-pm-badge app-pm-badge--{key}")
            + text(x + 12, y + 3.5, f"{symbol}n", S.BADGE_SIZE, f"app-pm-badge-text app-pm-badge-text--{key}", "middle"))


def _sample_box(kind: str, x: float, y: float) -> L.Box:
    from .flow import FlowStep

    return L.Box(step=FlowStep(id=0, lane="", label="", kind=kind), number=0, column=0, lane=0, x=x, y=y - 8,
                 lines=(), info="", wait_before="", handoff_in=False, w=24, h=16)


# --- the whole -------------------------------------------------------------------------------------------


def swimlane(lay: L.Layout, *, caption: str, description: str, id_prefix: str) -> Markup:
    width, height = lay.width, lay.total_height
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    body = [
        f"<title{attrs(id=title_id)}>{escape(caption)}</title><desc{attrs(id=desc_id)}>{escape(description)}</desc>",
        tag("rect", width="100%", height="100%", class_="app-pm-bg"),
        lanes_svg(lay),
        '<g class="app-pm-steps">', *(box_svg(b) for b in lay.boxes), "</g>",
        '<g class="app-pm-links">', *(edge_svg(e) for e in lay.edges), *(edge_words_svg(e) for e in lay.edges),
        "</g>",
        legend_svg(lay),
    ]
    return Markup(  # noqa: S704 - every piece above is escaped as it is built
        f'<svg xmlns="http://www.w3.org/2000/svg"'
        f'{attrs(viewBox=f"0 0 {num(width)} {num(height)}", width=str(round(width)), height=str(round(height)))}'
        f'{attrs(class_="app-pm-figure", role="img", aria_labelledby=title_id, aria_describedby=desc_id)}>'
        f'{"".join(body)}</svg>'
    )
