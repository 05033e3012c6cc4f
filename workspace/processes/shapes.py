"""The geometry both drawings share: box outlines, marks, badges, tags, arrowheads and lines
with rounded corners. Each function returns plain coordinates; svg_drawing.py writes them as
SVG, png_drawing.py as matplotlib patches, so the page and Word show the same picture.

How a step shows what it is (never by colour alone):
- kind by shape: start and end rounded (an end has a second, inner outline), step a rectangle,
  decision a diamond, wait a box with a wait triangle in its corner, hand-off step an arrow-
  shaped box;
- value by outline and tag: value-adding solid with "VA", non-value-adding dashed with "NVA",
  necessary-but-not-value-adding dotted with "BNVA"; fills tint the same three;
- paper by a "Paper" tag; a wait before the step by a small triangle and its length;
- sticky notes by badges above the top-right corner: "!n" pain points (red, square), "?n"
  questions (blue), "+n" ideas (yellow), each with its own symbol.
"""

from __future__ import annotations

from .layout import BOX_H, Box, text_width

TAG_SIZE = 8.5
BADGE_SIZE = 9
BADGE_H = 14
ARROW = 7.0

VALUE_TAGS = {"va": "VA", "nva": "NVA", "bnva": "BNVA"}
BADGES = (("pain_point", "!", "pain_points"), ("question", "?", "questions"), ("idea", "+", "ideas"))


def outline(box: Box) -> tuple[str, tuple]:
    """("rect", (x, y, w, h, corner radius)) or ("poly", points)."""
    x, y, w, h = box.x, box.y, box.w, box.h
    kind = box.step.kind
    if kind in ("start", "end"):
        return "rect", (x, y, w, h, h / 2)
    if kind == "decision":
        return "poly", ((x + w / 2, y), (x + w, y + h / 2), (x + w / 2, y + h), (x, y + h / 2))
    if kind == "handoff":
        return "poly", ((x, y), (x + w - 14, y), (x + w, y + h / 2), (x + w - 14, y + h), (x, y + h))
    return "rect", (x, y, w, h, 3)


def inner_outline(box: Box) -> tuple | None:
    """An end step's second outline."""
    if box.step.kind != "end":
        return None
    return (box.x + 4, box.y + 4, box.w - 8, box.h - 8, (box.h - 8) / 2)


def wait_icon(box: Box) -> tuple | None:
    """A wait step's triangle in the top-left corner."""
    if box.step.kind != "wait":
        return None
    # small and high in the corner: a label of two or three lines reaches up beside it
    return triangle(box.x + 5, box.y + 3, 13, 11)


def triangle(x: float, y: float, w: float, h: float) -> tuple:
    return ((x, y + h), (x + w / 2, y), (x + w, y + h))


def label_lines(box: Box) -> list[tuple[float, float, str]]:
    """(x, baseline y, text) of each line of the label, centred; room for the info line below."""
    n = len(box.lines)
    middle = box.cy - (6 if box.info or box.wait_before else 0)
    if box.step.kind == "wait":
        middle += 3  # clear of the corner's triangle
    if box.step.kind == "decision":
        middle = box.cy
    first = middle - (n - 1) * 13 / 2 + 4
    return [(box.cx, first + i * 13, line) for i, line in enumerate(box.lines)]


def number_at(box: Box) -> tuple[float, float, str]:
    """The step's number, top left (after a wait's triangle); a diamond's sits at its left tip."""
    if box.step.kind == "decision":
        return box.x + 10, box.y + 14, str(box.number)
    if box.step.kind in ("start", "end"):
        return box.x + 16, box.y + 15, str(box.number)
    return box.x + (21 if box.step.kind == "wait" else 6), box.y + 12, str(box.number)


def info_line(box: Box) -> tuple[tuple | None, list[tuple[float, float, str, str]]]:
    """The line under the label: an optional small triangle (a wait before the step) and texts
    as (x, y, words, role) left to right, centred as a whole."""
    parts = []
    if box.wait_before:
        parts.append(("wait", f"{box.wait_before} wait"))
    if box.info:
        parts.append(("info", box.info))
    if not parts or box.step.kind == "decision":
        return None, []
    y = box.y + box.h - 11
    words = " \u00b7 ".join(p[1] for p in parts)
    icon_w = 11 if box.wait_before else 0
    total = icon_w + text_width(words, 9.5)
    x = box.cx - total / 2
    icon = triangle(x, y - 8, 8, 8) if box.wait_before else None
    return icon, [(x + icon_w, y, words, "info")]


def tags(box: Box) -> list[tuple[str, float, float, float, str]]:
    """(key, x, y, width, words) of the tags on the bottom edge: value at the left, paper at the right."""
    out = []
    y = box.y + box.h + TAG_H / 2 - 2.5  # the tag straddles the bottom edge (y is its baseline)
    if box.step.kind == "decision":  # in the bounding box's empty bottom corners, clear of the second branch
        y = box.y + box.h - 4
    inset = 14 if box.step.kind in ("start", "end") else 2
    value = box.step.value if box.step.value in VALUE_TAGS else None
    if value:
        words = VALUE_TAGS[value]
        w = text_width(words, TAG_SIZE) + 8
        out.append((value, box.x + inset, y, w, words))
    if box.step.paper:
        w = text_width("Paper", TAG_SIZE) + 8
        right_inset = 16 if box.step.kind == "handoff" else inset
        out.append(("paper", box.x + box.w - w - right_inset, y, w, "Paper"))
    return out


TAG_H = 11


def badges(box: Box) -> list[tuple[str, float, float, float, str]]:
    """(kind, x, y of the top, width, words) of the sticky-note badges, right to left from the
    top-right corner, straddling the top edge."""
    out = []
    right = box.x + box.w - (18 if box.step.kind in ("start", "end") else 2)
    if box.step.kind == "decision":
        right = box.x + box.w
    top = box.y - BADGE_H / 2
    for kind, symbol, field in reversed(BADGES):
        count = getattr(box.step, field)
        if count > 0:
            words = f"{symbol}{count if count < 100 else '99+'}"
            w = text_width(words, BADGE_SIZE) + 8
            right -= w
            out.append((kind, right, top, w, words))
            right -= 2
    return list(reversed(out))


def arrowhead(points: tuple) -> tuple:
    """A filled triangle whose tip is the line's last point."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    dx, dy = x1 - x0, y1 - y0
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    bx, by = x1 - ux * ARROW, y1 - uy * ARROW
    return ((x1, y1), (bx - uy * ARROW / 2, by + ux * ARROW / 2), (bx + uy * ARROW / 2, by - ux * ARROW / 2))


def trimmed(points: tuple) -> tuple:
    """The line shortened by the arrowhead, so its end does not poke through the tip."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    dx, dy = x1 - x0, y1 - y0
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    cut = min(ARROW - 1, length)
    return (*points[:-1], (x1 - dx / length * cut, y1 - dy / length * cut))


def rounded(points: tuple, radius: float) -> list[tuple[str, tuple]]:
    """A polyline as ("M", p), ("L", p), ("Q", control, end) commands with rounded corners."""
    out = [("M", points[0])]
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        into = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
        out_of = ((cx - bx) ** 2 + (cy - by) ** 2) ** 0.5
        r = min(radius, into / 2, out_of / 2)
        if r <= 0.5:
            out.append(("L", (bx, by)))
            continue
        p1 = (bx + (ax - bx) / into * r, by + (ay - by) / into * r)
        p2 = (bx + (cx - bx) / out_of * r, by + (cy - by) / out_of * r)
        out.append(("L", p1))
        out.append(("Q", (bx, by), p2))
    out.append(("L", points[-1]))
    return out


def stub_text_at(edge, points: tuple) -> tuple[float, float, str]:
    """Where a stub's "to 12" / "from 30" goes: beside its free end."""
    if edge.stub.startswith("to"):
        x, y = points[-1]
        return x + 2, y + 12, "end"
    x, y = points[0]
    return x + 5, y + 6, "start"


BOX_MIDDLE = BOX_H / 2
