"""The swimlane diagram: layout (networkx columns, stacked lanes, links that never cross a box),
the page's SVG (CSP-clean, labelled, every label as text, NVA marked, hostile text escaped), the
Word PNG (decodes, 16 cm wide, byte-stable), caching by content hash, and the sizes the issue
names (40 steps in 8 lanes, 200 steps). No app or database needed."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from bench.bench_process_figures import sample_flow
from workspace.config import PROJECT_ROOT
from workspace.processes import figures as F
from workspace.processes import layout as L
from workspace.processes import png_drawing
from workspace.processes.flow import Flow, FlowBranch, FlowStep

SVG = "{http://www.w3.org/2000/svg}"


def step(id, lane, kind="step", label=None, **fields):
    branches = tuple(FlowBranch(*b) if isinstance(b, tuple) else FlowBranch(b) for b in fields.pop("branches", ()))
    return FlowStep(id=id, lane=lane, label=label or f"Step {id}", kind=kind, branches=branches, **fields)


def small_map(**changes) -> Flow:
    lanes = ("Patient", "GP receptionist", "GP", "District nurse", "Social worker")  # the last has no steps
    steps = (step(1, "Patient", "start", "Feels unwell and rings the surgery"),
             step(2, "GP receptionist", label="Books a call back", minutes=5, value="nva", paper=True, pain_points=2,
                  ideas=1),
             step(3, "Patient", "wait", "Waits for the call", minutes=240, value="nva"),
             step(4, "GP", "decision", "Urgent?", minutes=10, branches=[(5, "yes"), (6, "no")]),
             step(5, "GP", label="Same-day appointment", minutes=15, value="va", wait_minutes=120, questions=3),
             step(6, "District nurse", "handoff", "Home visit arranged", minutes=20, value="bnva", wait_minutes=2880),
             step(7, "GP", label="Results back", minutes=5, branches=[8, (2, "rework")]),
             step(8, "Patient", "end", "Treated"))
    return replace(Flow("Same-day access", "current", lanes, steps), **changes)


@pytest.fixture(autouse=True)
def fresh_caches():
    F._SVGS.clear()
    F._PNGS.clear()
    yield


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def texts(element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every pixel: a broken file raises
    return image.size


# --- layout ------------------------------------------------------------------------------------


def test_columns_are_topological_generations_without_the_rework_loop():
    grid = L.grid_of(small_map())
    # 1 -> 2 -> 3 -> 4 -> {5, 6}; 5 -> 6 (next in order); 6 -> 7 -> 8. The loop 7 -> 2 is set aside.
    assert grid.column == {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 7}
    assert grid.lanes[-1] == "Social worker" and grid.columns == 8
    assert [(link.source, link.target) for link in grid.links.back] == [(7, 2)]


def test_two_steps_of_one_lane_in_one_column_are_stacked_not_overlapping():
    # 2 branches to 3 and 4, both in the GP lane and both in column 2.
    f = Flow("Map", "current", ("P", "GP"), (step(1, "P", "start"), step(2, "P", "decision", branches=[3, 4]),
                                            step(3, "GP", branches=[5]), step(4, "GP"), step(5, "P", "end")))
    lay = L.layout(f)
    boxes = {b.step.id: b for b in lay.boxes}
    assert boxes[3].column == boxes[4].column and boxes[3].x == boxes[4].x
    assert boxes[4].y >= boxes[3].y + boxes[3].h
    gp = lay.lanes[1]
    assert gp.height == 2 * L.SLOT_H and gp.y <= boxes[3].y and boxes[4].y + boxes[4].h <= gp.y + gp.height


def _overlaps(a: L.Box, b: L.Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def _crosses(p, q, box: L.Box) -> bool:
    """Does the segment p-q pass through the inside of the box (its edges excluded)?"""
    x0, x1, y0, y1 = box.x + 0.5, box.x + box.w - 0.5, box.y + 0.5, box.y + box.h - 0.5
    steps = 50
    for i in range(steps + 1):
        x, y = p[0] + (q[0] - p[0]) * i / steps, p[1] + (q[1] - p[1]) * i / steps
        if x0 < x < x1 and y0 < y < y1:
            return True
    return False


@pytest.mark.parametrize("flow", [small_map(), sample_flow(40), sample_flow(120, seed=3)], ids=["small", "40", "120"])
def test_no_boxes_overlap_and_no_link_crosses_a_box(flow):
    lay = L.layout(flow)
    boxes = list(lay.boxes)
    assert len(boxes) == len(flow.steps)
    for i, a in enumerate(boxes):
        assert not any(_overlaps(a, b) for b in boxes[i + 1:])
        lane = lay.lanes[a.lane]
        assert lane.y <= a.y and a.y + a.h <= lane.y + lane.height
    for edge in lay.edges:
        for p, q in zip(edge.points, edge.points[1:], strict=False):
            crossed = [b.step.id for b in boxes if _crosses(p, q, b)]
            assert crossed == [], f"link {edge.source}->{edge.target} crosses {crossed}"


def test_links_between_lanes_are_handoffs_and_back_links_loops():
    kinds = {(e.source, e.target): e.kind for e in L.layout(small_map()).edges}
    assert kinds[(1, 2)] == "handoff" and kinds[(4, 5)] == "flow" and kinds[(7, 2)] == "loop"


def test_wrapping_keeps_to_the_width_and_marks_a_cut():
    lines = L.wrap("Reviews the discharge summary and the medication list with the family", 100, 11, 2)
    assert len(lines) == 2 and lines[-1].endswith("\u2026")
    assert all(L.text_width(line, 11) <= 100 for line in lines)
    assert L.wrap("Supercalifragilisticexpialidocious" * 3, 60, 11, 2)[-1].endswith("\u2026")


# --- the page's SVG ------------------------------------------------------------------------------


def test_svg_is_csp_clean_and_labelled():
    svg = str(F.swimlane_svg(small_map()))
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg.lower()
    root = parse(svg)
    assert not [name for element in root.iter() for name in element.attrib if name.lower().startswith("on")]
    assert root.get("role") == "img" and root.get("viewBox")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
    assert title.text == "Same-day access (current state): swimlane diagram"
    assert desc.text.startswith("Swimlane diagram of 8 steps in 5 lanes (Patient, GP receptionist, GP,")
    assert "1 rework loop" in desc.text


def test_every_step_label_and_every_lane_is_text():
    flow = small_map()
    root = parse(F.swimlane_svg(flow))
    for group in root.iter(f"{SVG}g"):
        if "app-pm-step" in (group.get("class") or "").split() and group.get("data-step-id"):
            s = next(s for s in flow.steps if str(s.id) == group.get("data-step-id"))
            labels = [" ".join(t.itertext()) for t in group.iter(f"{SVG}text") if t.get("class") == "app-pm-label"]
            assert " ".join(labels) == s.label
    all_text = texts(root)
    for lane in flow.lanes:
        assert lane in all_text  # "Social worker", with no steps, too


def test_non_value_adding_is_marked_by_more_than_colour():
    root = parse(F.swimlane_svg(small_map()))
    step2 = next(g for g in root.iter(f"{SVG}g") if g.get("data-step-id") == "2")
    assert "app-pm-value--nva" in step2.get("class")
    assert "NVA" in texts(step2) and "Paper" in texts(step2)
    assert {"!2", "+1"} <= set(texts(step2))  # sticky-note badges: pain points and ideas
    scss = (PROJECT_ROOT / "static" / "scss" / "_process-maps.scss").read_text()
    assert re.search(r"\.app-pm-value--nva \.app-pm-shape \{ stroke-dasharray", scss)  # dashed, not only tinted


def test_hostile_labels_are_escaped_and_cleaned():
    evil = small_map(steps=(step(1, "<b>Pat</b>", "start", '<script>alert(1)</script> & "quotes"\u202e\x00'),
                            step(2, "<b>Pat</b>", "end", "x" * 5000)), lanes=("<b>Pat</b>",))
    svg = str(F.swimlane_svg(evil))
    assert "<script" not in svg and "<b>" not in svg and "\u202e" not in svg and "\x00" not in svg
    root = parse(svg)
    assert "&lt;script&gt;" in svg
    assert any(t.endswith("\u2026") for t in texts(root))  # the 5000-character label is cut


def test_the_stylesheet_defines_the_png_colours():
    scss = (PROJECT_ROOT / "static" / "scss" / "_process-maps.scss").read_text()
    fills = dict(re.findall(r'"(\w+)": (#[0-9a-f]{6})', scss.split("$app-pm-fills:")[1].split(");")[0]))
    assert fills == png_drawing.FILLS
    for name, key in (("link", "flow"), ("handoff", "handoff"), ("loop", "loop")):
        assert f"$app-pm-{name}: {png_drawing.LINKS[key]};" in scss
    for key, colour in png_drawing.TAG_FILLS.items():
        assert f".app-pm-tag--{key} {{ fill: {colour}; }}" in scss
    for key, colour in png_drawing.BADGE_FILLS.items():
        assert f".app-pm-badge--{key} {{ fill: {colour}; }}" in scss
    site = (PROJECT_ROOT / "static" / "scss" / "site.scss").read_text()
    assert '@use "process-maps";' in site


# --- the Word PNG ------------------------------------------------------------------------------------


def test_png_decodes_at_sixteen_centimetres_and_is_byte_stable():
    flow = small_map()
    data = F.swimlane_png(flow)
    width, height = png_size(data)
    assert width == int(16 / 2.54 * 150)  # 944 px: 16 cm at 150 dpi
    layouts = png_drawing.bands(flow)
    assert len(layouts) == 2  # 8 columns: two bands of four
    units = sum(png_drawing.BAND_HEAD + lay.height for lay in layouts) + layouts[-1].total_height - layouts[-1].height
    assert abs(height - units * width / layouts[0].width) <= 2
    F._PNGS.clear()
    assert F.swimlane_png(flow) == data  # byte-stable: no date, no software name


def test_png_pages_each_fit_a_page():
    pages = F.swimlane_png_pages(sample_flow(40))
    assert len(pages) > 1 and F.swimlane_png_pages(sample_flow(40)) is pages
    for data in pages:
        width, height = png_size(data)
        assert width == 944 and height <= 23 / 2.54 * 150 + 1


# --- caching, sizes, edge cases ------------------------------------------------------------------------


def test_renders_are_cached_by_content_hash():
    first = F.swimlane_svg(small_map())
    assert F.swimlane_svg(small_map()) is first  # an equal map (same hash) is a lookup
    changed = small_map(steps=small_map().steps[:-1] + (step(8, "Patient", "end", "Treated at home"),))
    assert F.swimlane_svg(changed) is not first and "Treated at home" in str(F.swimlane_svg(changed))
    png = F.swimlane_png(small_map())
    assert F.swimlane_png(small_map()) is png
    assert F.swimlane_png(changed) is not png


def test_the_cache_is_bounded():
    for n in range(40):
        F.swimlane_svg(small_map(title=f"Map {n}"))
    assert len(F._SVGS.items) == 32


def test_large_maps_render_and_say_so():
    flow40 = sample_flow(40)
    assert not F.is_large(flow40) and F.is_large(sample_flow(41))
    root = parse(F.swimlane_svg(flow40))
    assert len([g for g in root.iter(f"{SVG}g") if g.get("data-step-id")]) == 40
    assert len(flow40.lanes) == 8
    assert png_size(F.swimlane_png(flow40))[0] == 944
    flow200 = sample_flow(200)
    assert F.is_large(flow200)
    svg200 = F.swimlane_svg(flow200)
    assert len(parse(svg200).findall(f".//{SVG}g[@data-step-id]")) == 200
    width, height = png_size(F.swimlane_png(flow200))
    assert width == 944 and len(png_drawing.bands(flow200)) <= png_drawing.MAX_BANDS


@pytest.mark.parametrize("flow", [
    Flow("Empty", "current", (), ()),
    Flow("Lanes only", "future", ("Patient", "GP"), ()),
    Flow("Self-loop", "current", ("P",), (step(1, "P", "start", branches=[(1, "again"), 2]), step(2, "P", "end"))),
    Flow("Stray lane", "current", ("P",), (step(1, "Nobody listed", "start"), step(2, "P", "end"))),
], ids=["empty", "lanes-only", "self-loop", "stray-lane"])
def test_edge_cases_render(flow):
    root = parse(F.swimlane_svg(flow))
    assert root.find(f"{SVG}desc").text
    assert png_size(F.swimlane_png(flow))[0] == 944
