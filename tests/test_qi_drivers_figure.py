"""The driver diagram's drawing: the layout (rows and spans), the page's CSP-clean SVG with its
text alternative, and the PNG for Word (16 cm wide, taller for a taller tree, cached)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from workspace.qi import driver_drawing as dd
from workspace.qi.facts import DriverNode, DriverTree, IdeaNode


def _tree(ideas_per_secondary: int = 2, secondaries: int = 2, primaries: int = 2, aim: str = "Fewer delays") -> DriverTree:
    return DriverTree(aim=aim, primaries=tuple(
        DriverNode(p, f"Primary {p}", "primary", children=tuple(
            DriverNode(100 * p + s, f"Secondary {p}.{s}", "secondary", ideas=tuple(
                IdeaNode(10_000 * p + 100 * s + i, f"Idea {p}.{s}.{i}", from_pain_point=i == 0, cycles=i)
                for i in range(ideas_per_secondary)))
            for s in range(secondaries)))
        for p in range(primaries)))


def test_layout_spans_rows_of_everything_under_a_box():
    tree = DriverTree(aim="Aim", primaries=(
        DriverNode(1, "P1", "primary", children=(
            DriverNode(2, "S1", "secondary", ideas=(IdeaNode(5, "I1"), IdeaNode(6, "I2"))),
            DriverNode(3, "S2", "secondary"))),
        DriverNode(4, "P2", "primary")))
    lay = dd.layout(tree)
    spans = {(box.kind, box.lines[0]): (box.row, box.rows) for box in lay.boxes}
    assert lay.rows == 4
    assert spans[("aim", "Aim")] == (0, 4)
    assert spans[("primary", "P1")] == (0, 3) and spans[("primary", "P2")] == (3, 1)
    assert spans[("secondary", "S1")] == (0, 2) and spans[("secondary", "S2")] == (2, 1)
    assert spans[("idea", "I2")] == (1, 1)
    parents = {box.lines[0]: lay.boxes[box.parent].lines[0] for box in lay.boxes if box.parent is not None}
    assert parents == {"P1": "Aim", "P2": "Aim", "S1": "P1", "S2": "P1", "I1": "S1", "I2": "S1"}


def test_long_text_is_wrapped_and_cut():
    lines = dd.wrap("word " * 100)
    assert len(lines) == dd.MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) <= dd.WRAP for line in lines)
    assert dd.wrap("x" * 90)[0] == "x" * dd.WRAP


def test_the_svg_is_an_image_with_the_tree_as_text_and_no_style():
    tree = _tree(aim='<script>alert("x")</script> & more')
    svg = str(dd.driver_svg(tree))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<desc" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert " style=" not in svg and "<style" not in svg
    assert "Secondary driver: Secondary 1.1, change ideas: Idea 1.1.0; Idea 1.1.1." in svg
    assert svg.count('class="app-qi-dd-link"') == 2 + 4 + 8  # one connector a box below the aim
    assert "app-qi-dd-box--pain" in svg and "1 PDSA cycle<" in svg


def test_a_long_aim_fits_its_box():
    aim = "To reduce the time from medically fit to discharge to a care home " * 4
    one_row = dd.layout(DriverTree(aim=aim, primaries=(DriverNode(1, "P", "primary"),)))
    assert len(one_row.boxes[0].lines) == dd.MAX_LINES and one_row.boxes[0].lines[-1].endswith("…")
    lines = len(one_row.boxes[0].lines)
    assert (lines - 1) * dd.LINE_H + dd.FONT <= dd.ROW_H  # the SVG's text stays inside its box
    three_rows = dd.layout(_tree(1, 1, 3, aim=aim * 2))
    assert len(three_rows.boxes[0].lines) == dd.MAX_LINES + 8


def test_an_empty_tree_draws():
    svg = str(dd.driver_svg(DriverTree(aim="")))
    assert "No aim written yet" in svg and "No drivers yet." in svg


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_png_is_16cm_wide_and_grows_with_the_tree():
    small = dd.driver_png(_tree(1, 1, 1))
    tall = dd.driver_png(_tree(4, 3, 3))
    (w1, h1), (w2, h2) = _png_size(small), _png_size(tall)
    assert w1 == w2 and abs(w1 - 16 / 2.54 * 200) <= 1  # 16 cm at 200 dpi
    assert h2 > 3 * h1
    assert dd.driver_png(_tree(4, 3, 3)) is tall  # cached by content hash


def test_the_page_colours_equal_the_png_colours():
    scss = (Path(__file__).parents[1] / "static/scss/_qi-drivers.scss").read_text()
    found = dict(re.findall(r"\$app-qi-([a-z-]+): (#[0-9a-f]{6});", scss))
    assert found == {name.replace("_", "-"): colour for name, colour in dd.COLOURS.items()}


def test_a_tall_tree_is_cut_into_pages_at_primary_drivers():
    tree = _tree(3, 2, 5)  # five primaries of 6 rows each
    pages = dd.page_trees(tree)
    assert [len(page.primaries) for page in pages] == [2, 2, 1]
    assert all(page.aim == tree.aim for page in pages)
    assert [p.id for page in pages for p in page.primaries] == [p.id for p in tree.primaries]
    huge = _tree(20, 1, 1)  # one primary larger than a page keeps its own page
    assert len(dd.page_trees(huge)) == 1
    assert len(dd.driver_png_pages(_tree(1, 1, 1))) == 1
