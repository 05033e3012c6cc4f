"""The stakeholder figures: quadrant rule, the grid's layout, the SVGs (escaping, no style
attributes, nothing about a hidden attitude), the PNGs (valid, sized, byte-stable), the network
at 150 people and 300 links, and the content hash. No app or database needed."""

from __future__ import annotations

import json
import random
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import pytest

from workspace.config import PROJECT_ROOT
from workspace.stakeholders import figures as F
from workspace.stakeholders import layout as L
from workspace.stakeholders import network_drawing as N
from workspace.stakeholders.figures import GridMarker, Link, TrendPoint

SVG = "{http://www.w3.org/2000/svg}"
ATTITUDE_WORDS = re.compile(r"resistor|sceptic|neutral|supporter|champion|attitude|desired", re.I)
NAMES = ["Sarah Okafor", "James Smith", "Priya Patel", "Riverside ICB quality committee", "Tom Jones",
         "Aisha Khan", "Dr Helen Williams-Brown", "Carers Voice", "Grace Taylor", "Liam Evans"]


def people(n: int, *, seed: int = 1, cell: tuple[int, int] | None = None, hidden: bool = False) -> list[GridMarker]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        attitude = None if hidden else rng.choice([-2, -1, 0, 1, 2, None])
        desired = None if attitude is None else rng.choice([attitude, 2])
        power, interest = cell or (rng.randint(1, 5), rng.randint(1, 5))
        out.append(GridMarker(id=i + 1, label=f"{rng.choice(NAMES)} {i}", organisation="Riverside Trust",
                              category=rng.choice(["Acute trust", "ICB", "Patients, carers and citizens"]),
                              owner=rng.choice(["Mo Member", "Ola Lead", None]), power=power, interest=interest,
                              attitude=attitude, desired=desired, version=3))
    return out


def links(markers: list[GridMarker], n: int, *, seed: int = 2) -> list[Link]:
    rng = random.Random(seed)
    out: set[Link] = set()
    while len(out) < n:
        a, b = rng.sample(markers, 2)
        out.add(Link(a.id, b.id, rng.choice(sorted(F.LINK_KINDS))))
    return sorted(out, key=lambda link: (link.source, link.target, link.kind))


def parse(markup) -> ET.Element:
    """The SVG as XML: it must be well-formed for this to pass at all."""
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


# --- the quadrant rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(("power", "interest", "expected"), [
    (3, 3, "manage closely"), (5, 5, "manage closely"), (3, 5, "manage closely"),
    (3, 2, "keep satisfied"), (5, 1, "keep satisfied"),
    (2, 3, "keep informed"), (1, 5, "keep informed"),
    (2, 2, "monitor"), (1, 1, "monitor"),
])
def test_three_and_over_is_the_high_half(power, interest, expected):
    assert F.quadrant(power, interest) == expected


def test_every_score_pair_has_one_of_the_four_quadrants():
    seen = {F.quadrant(p, i) for p in range(1, 6) for i in range(1, 6)}
    assert seen == set(F.QUADRANTS)


# --- the layout ----------------------------------------------------------------------------------


def boxes(grid: L.GridLayout) -> list[tuple[float, float, float, float]]:
    out = [(p.x - p.width / 2, p.y - L.MARK_H / 2, p.x + p.width / 2, p.y + L.MARK_H / 2) for p in grid.placed]
    out += [(c.x - c.width / 2, c.y - L.MARK_H / 2, c.x + c.width / 2, c.y + L.MARK_H / 2) for c in grid.clusters]
    return out


def assert_no_overlap(grid: L.GridLayout) -> None:
    shapes = boxes(grid)
    for i, a in enumerate(shapes):
        for b in shapes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def everyone(grid: L.GridLayout) -> list[int]:
    return sorted([p.marker.id for p in grid.placed] + [m.id for c in grid.clusters for m in c.members])


def test_150_in_one_cell_show_a_readable_few_and_cluster_the_rest():
    markers = people(150, cell=(4, 2))
    grid = L.layout_grid(markers)
    assert len(grid.placed) == L.CELL_CAP - 1
    assert len(grid.clusters) == 1
    assert len(grid.clusters[0].members) == 150 - (L.CELL_CAP - 1)
    assert everyone(grid) == list(range(1, 151))  # each exactly once
    assert_no_overlap(grid)
    left, top = L.cell_origin(4, 2)
    for x0, y0, x1, y1 in boxes(grid):
        assert left <= x0 and x1 <= left + L.CELL_W and top <= y0 and y1 <= top + L.CELL_H


def test_150_spread_at_random_never_overlap_and_stay_in_their_cells():
    markers = people(150, seed=9)
    grid = L.layout_grid(markers)
    assert everyone(grid) == list(range(1, 151))
    assert_no_overlap(grid)
    for p in grid.placed:
        left, top = L.cell_origin(p.marker.power, p.marker.interest)
        assert left <= p.x - p.width / 2 and p.x + p.width / 2 <= left + L.CELL_W
        assert top <= p.y - L.MARK_H / 2 and p.y + L.MARK_H / 2 <= top + L.CELL_H


def test_the_layout_does_not_depend_on_the_order_it_is_given():
    markers = people(150, seed=4)
    shuffled = markers[:]
    random.Random(1).shuffle(shuffled)
    first, second = L.layout_grid(markers), L.layout_grid(shuffled)
    assert {p.marker.id: (p.x, p.y) for p in first.placed} == {p.marker.id: (p.x, p.y) for p in second.placed}
    assert [[m.id for m in c.members] for c in first.clusters] == [[m.id for m in c.members] for c in second.clusters]


def test_a_markers_visible_glyphs_are_side_by_side_in_its_accessible_name():
    root = parse(F.grid_svg(people(60, seed=8), editable=True, caption="Grid", api_url_template="/a/{id}"))
    for marker in (g for g in root.iter(f"{SVG}g") if g.get("data-stakeholder-id")):
        glyphs = " \u2192 ".join(t.text for t in marker.iter(f"{SVG}text"))
        name = marker.get("aria-label")
        if glyphs:
            assert f"Attitude: {glyphs} (" in name, (glyphs, name)


def test_names_are_drawn_only_where_a_cell_holds_few_and_fit_inside_it():
    markers = [GridMarker(1, "A very long name of a committee that goes on and on", "", "ICB", None, 5, 1)]
    markers += [GridMarker(i, f"Person {i}", "", "ICB", None, 1, 5) for i in range(2, 8)]
    grid = L.layout_grid(markers)
    by_id = {p.marker.id: p for p in grid.placed}
    long = by_id[1]
    assert long.label.endswith("\u2026")
    left, _ = L.cell_origin(5, 1)
    assert long.x + long.width / 2 + 5 + L.text_width(long.label, L.LABEL_SIZE) <= left + L.CELL_W
    assert all(by_id[i].label is None for i in range(2, 8))  # six in one cell: no room for names


def test_scores_out_of_range_land_on_the_edge_instead_of_failing():
    grid = L.layout_grid([GridMarker(1, "Edge", "", "ICB", None, 9, -3), GridMarker(2, "Odd", "", "ICB", None, None, "x")])
    (first, second) = sorted(grid.placed, key=lambda p: p.marker.id)
    assert (first.x, first.y) == (L.PLOT_X + 6 + L.DOT_R, L.cell_origin(5, 1)[1] + L.CELL_H / 2)
    assert L.cell_origin(1, 1)[1] <= second.y <= L.cell_origin(1, 1)[1] + L.CELL_H


# --- the grid's SVG ----------------------------------------------------------------------------

HOSTILE = GridMarker(
    id=7, label='<script>alert(1)</script> "quoted" \u202egnp.exe\x00', organisation="O'Brien & Sons <b>",
    category='ICB" onmouseover="x', owner="<img src=x onerror=alert(1)>", power=4, interest=2, attitude=-1, desired=2,
    version=5)


def all_svgs():
    markers = [*people(40, seed=3), HOSTILE]
    points = [TrendPoint(date(2026, 3, 1), 2, 3, -1), TrendPoint(date(2026, 5, 1), 4, 3, 1)]
    return {
        "editable grid": F.grid_svg(markers, editable=True, caption="<Grid>", api_url_template="/api/{id}"),
        "grid": F.grid_svg(markers, editable=False, caption="Grid"),
        "then and now": F.then_now_svg(markers[:20], markers, then_label="<12 March 2026>"),
        "trend": F.trend_svg(points),
        "network": F.network_svg(markers, links(markers, 60)),
    }


@pytest.fixture(scope="module")
def svgs():
    return all_svgs()


def test_every_svg_is_well_formed_and_has_no_style_attribute_script_or_handler(svgs):
    for name, markup in svgs.items():
        root = parse(markup)
        for element in root.iter():
            assert element.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}foreignObject"), name
            assert "style" not in element.attrib, (name, element.tag, element.attrib)
            assert not [a for a in element.attrib if a.lower().startswith("on")], (name, element.attrib)
        assert "style=" not in str(markup), name
        assert root.get("role") in ("img", "group"), name


def test_hostile_names_are_escaped_and_bidi_overrides_and_controls_removed(svgs):
    for name, markup in svgs.items():
        text = str(markup)
        assert "<script" not in text and "<img" not in text and "<b>" not in text, name
        assert "\u202e" not in text and "\x00" not in text, name
    grid = parse(svgs["editable grid"])
    marker = grid.find(f".//{SVG}g[@data-stakeholder-id='7']")
    title = marker.find(f"{SVG}title").text
    assert title.startswith('<script>alert(1)</script> "quoted" gnp.exe')
    assert "Organisation: O'Brien & Sons <b>" in title
    assert marker.get("data-category") == 'ICB" onmouseover="x'  # one attribute value, not a new attribute
    assert grid.find(f"{SVG}title").text == "<Grid>"


def test_each_marker_says_who_it_is_in_a_hover_title(svgs):
    grid = parse(svgs["grid"])
    marker = grid.find(f".//{SVG}g[@data-stakeholder-id='7']")
    lines = marker.find(f"{SVG}title").text.split("\n")
    assert lines == ['<script>alert(1)</script> "quoted" gnp.exe', "Power 4, interest 2: keep satisfied",
                     "Organisation: O'Brien & Sons <b>", 'Category: ICB" onmouseover="x',
                     "Owner: <img src=x onerror=alert(1)>",
                     "Attitude: \u22121 \u2192 +2 (Sceptic \u2192 desired: Champion)"]
    assert marker.get("aria-label") == "; ".join(lines)
    titled = [g for g in grid.iter(f"{SVG}g") if g.get("data-stakeholder-id")]
    assert len(titled) == sum(1 for _ in L.layout_grid([*people(40, seed=3), HOSTILE]).placed)
    assert all(g.find(f"{SVG}title") is not None for g in titled)


def test_an_editable_grid_carries_what_the_script_needs(svgs):
    root = parse(svgs["editable grid"])
    assert root.get("data-stakeholder-grid") is not None and root.get("data-editable") is not None
    assert root.get("data-api-url-template") == "/api/{id}"
    assert [root.get(f"data-plot-{k}") for k in ("x", "y", "width", "height")] == [
        str(L.PLOT_X), str(L.PLOT_Y), str(L.PLOT_W), str(L.PLOT_H)]
    marker = root.find(f".//{SVG}g[@data-stakeholder-id='7']")
    assert marker.get("tabindex") == "0" and marker.get("role") == "button"
    assert (marker.get("data-power"), marker.get("data-interest"), marker.get("data-version")) == ("4", "2", "5")
    assert marker.get("transform").startswith("translate(")


def test_a_read_only_grid_has_no_editing_hooks(svgs):
    root = parse(svgs["grid"])
    assert root.get("data-editable") is None and root.get("data-api-url-template") is None
    markers = [g for g in root.iter(f"{SVG}g") if g.get("data-stakeholder-id")]
    assert markers and all(g.get("role") == "img" and g.get("data-version") is None for g in markers)


def test_clusters_are_focusable_and_name_everyone_inside():
    markers = people(30, cell=(2, 5))
    root = parse(F.grid_svg(markers, editable=True, caption="Grid", api_url_template="/a/{id}"))
    (cluster,) = [g for g in root.iter(f"{SVG}g") if "app-sh-cluster" in (g.get("class") or "")]
    inside = sorted(markers, key=lambda m: (m.label.casefold(), m.id))[L.CELL_CAP - 1:]
    assert cluster.get("tabindex") == "0"
    assert all(m.label in cluster.get("aria-label") for m in inside)
    assert [m["id"] for m in json.loads(cluster.get("data-members"))] == [m.id for m in inside]
    assert cluster.find(f".//{SVG}text").text == f"+{len(inside)}"


def test_a_hidden_attitude_leaves_no_trace():
    secret = GridMarker(1, "Quiet Person", "Trust", "ICB", "Mo", 4, 4, attitude=None, desired=2)
    shown = GridMarker(2, "Open Person", "Trust", "ICB", "Mo", 4, 4, attitude=-2, desired=1)
    root = parse(F.grid_svg([secret, shown], editable=True, caption="Grid", api_url_template="/a/{id}"))
    marker = root.find(f".//{SVG}g[@data-stakeholder-id='1']")
    text = ET.tostring(marker, encoding="unicode")
    assert not ATTITUDE_WORDS.search(text.replace("app-sh-att--hidden", "").replace("app-sh-fill--hidden", ""))
    assert [t.text for t in marker.iter(f"{SVG}text")] == []  # no glyph
    assert root.find(f".//{SVG}text[@data-label-for='1']").text == "Quiet Person"  # its name, beside it
    assert not [k for k in marker.attrib if "attitude" in k]
    # a figure where no attitude is shown says nothing about attitudes at all, legend included
    all_hidden = people(30, hidden=True)
    for markup in (F.grid_svg(all_hidden, editable=False, caption="Grid"),
                   F.then_now_svg(all_hidden, all_hidden, then_label="May"),
                   F.network_svg(all_hidden, links(all_hidden, 20)),
                   F.trend_svg([TrendPoint(date(2026, 1, 1), 2, 2, None), TrendPoint(date(2026, 2, 1), 3, 2, None)])):
        words = " ".join(parse(markup).itertext()) + " ".join(
            v for e in parse(markup).iter() for v in e.attrib.values())
        assert not ATTITUDE_WORDS.search(words.replace("attitude not shown", "").replace("--hidden", ""))


def test_no_two_elements_share_an_id_when_figures_share_a_page():
    markers = people(20)
    page = "".join(str(s) for s in (
        F.grid_svg(markers, editable=True, caption="Grid", api_url_template="/a/{id}"),
        F.then_now_svg(markers, markers, then_label="March"),
        F.trend_svg([TrendPoint(date(2026, 1, 1), 1, 2, 0)]),
        F.trend_svg([TrendPoint(date(2026, 1, 1), 1, 2, 0)]),
        F.network_svg(markers, links(markers, 10)),
    ))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_page_colours_are_the_png_colours():
    scss = (PROJECT_ROOT / "static" / "scss" / "site.scss").read_text()
    block = scss[scss.index("$app-sh-fills: ("):]
    block = block[: block.index(");")]
    assert dict(re.findall(r'"(\w+)": (#[0-9a-f]{6})', block)) == L.FILLS


# --- the trend ---------------------------------------------------------------------------------


def test_the_trend_reads_from_first_to_latest_whatever_the_order_given():
    points = [TrendPoint(date(2026, 5, 1), 4, 3, 1), TrendPoint(date(2026, 3, 1), 2, 3, -1)]
    root = parse(F.trend_svg(points))
    assert root.get("aria-label") == "Power 2 \u2192 4, interest 3, attitude \u22121 \u2192 +1 (1 March 2026 to 1 May 2026)"
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Power", "4", "Interest", "3", "Attitude", "+1"]


def test_a_trend_with_one_point_or_none_still_draws():
    one = parse(F.trend_svg([TrendPoint(date(2026, 3, 1), 2, 3, None)]))
    assert [t.text for t in one.iter(f"{SVG}text")] == ["Power", "2", "Interest", "3"]
    assert "No changes" in "".join(parse(F.trend_svg([])).itertext())


# --- the PNGs ----------------------------------------------------------------------------------


def test_the_grid_png_is_16_by_12_cm_at_150_dpi_and_byte_stable():
    markers = [*people(150, seed=5), HOSTILE, GridMarker(999, "$x^2$ costs $5 and $6", "", "ICB", None, 1, 1)]
    first, second = F.grid_png(markers, caption="Grid"), F.grid_png(markers, caption="Grid")
    assert first == second
    width, height = png_size(first)
    assert (width, height) == (int(16 / 2.54 * 150), int(12 / 2.54 * 150))


def test_names_in_scripts_the_fonts_lack_draw_without_a_warning():
    # the suite turns warnings into errors: matplotlib warns of each glyph its fonts lack
    people_abroad = [GridMarker(1, "\u674e\u96f7 \U0001f600", "\u0645\u062d\u0645\u062f", "ICB", None, 3, 3, 1, 2),
                     GridMarker(2, "Zo\u00eb", "", "ICB", None, 1, 1)]
    assert png_size(F.grid_png(people_abroad, caption="Grid"))[0] > 0
    assert png_size(F.network_png(people_abroad, [Link(1, 2, "influences")]))[0] > 0
    assert "\u674e\u96f7" in str(F.network_svg(people_abroad, [Link(1, 2, "influences")]))


def test_then_and_now_pngs_are_valid_and_byte_stable():
    then, now = people(60, seed=1), people(60, seed=2)
    stacked = F.then_now_png(then, now, then_label="12 March 2026")
    assert stacked == F.then_now_png(then, now, then_label="12 March 2026")
    width, height = png_size(stacked)
    assert width == int(16 / 2.54 * 150) and height > 1.8 * width * 0.75
    side = F.then_now_png(then, now, then_label="12 March 2026", arrangement="side")
    assert png_size(side)[0] > width


# --- the network -------------------------------------------------------------------------------


def test_the_network_at_150_people_and_300_links_is_stable_whatever_the_input_order():
    markers = people(150, seed=7)
    relations = links(markers, 300)
    first = F.network_png(markers, relations)
    shuffled_markers, shuffled_links = markers[:], relations[:]
    random.Random(3).shuffle(shuffled_markers)
    random.Random(4).shuffle(shuffled_links)
    N._positions.cache_clear()  # the layout itself must come out the same, not just be cached
    assert F.network_png(shuffled_markers, shuffled_links) == first
    assert png_size(first)[0] == int(16 / 2.54 * 150)
    assert str(F.network_svg(markers, relations)) == str(F.network_svg(shuffled_markers, shuffled_links))


def test_the_network_places_everyone_inside_the_drawing_and_names_everyone():
    markers = people(150, seed=7)
    kept = N.clean_links(markers, links(markers, 300))
    where = N.positions(markers, kept)
    assert sorted(where) == [m.id for m in markers]
    x0, y0, x1, y1 = N.AREA
    assert all(x0 - 0.01 <= x <= x1 + 0.01 and y0 - 0.01 <= y <= y1 + 0.01 for x, y in where.values())
    radius, size, width = N.sizes(150)
    placed = N.place_labels(markers, kept, N.edge_paths(kept, where, radius), where, radius, size, width)
    assert len(placed) == 150  # Word has no hover title: every node carries its name, crowded or not
    led = [leader for _, _, leader in placed if leader is not None]
    assert all(leader in where.values() for leader in led)  # a leader line starts at a node


def test_a_review_sized_network_names_everyone_without_names_colliding():
    """The acceptance case: about 26 people, a few unlinked, every one named and no two names
    on top of each other."""
    markers = people(26, seed=11)
    kept = N.clean_links(markers, links(markers[:20], 30))
    where = N.positions(markers, kept)
    radius, size, width = N.sizes(26)
    placed = N.place_labels(markers, kept, N.edge_paths(kept, where, radius), where, radius, size, width)
    assert len(placed) == 26
    boxes = [(x - L.text_width(w, size) / 2, y - size * 0.8, x + L.text_width(w, size) / 2, y + size * 0.2)
             for (x, y), w, _ in placed]
    for i, a in enumerate(boxes):
        assert not any(N._overlap(a, b) for b in boxes[i + 1:])


def test_links_to_unknown_people_to_oneself_or_of_unknown_kinds_are_left_out():
    markers = people(3)
    kept = N.clean_links(markers, [Link(1, 2, "influences"), Link(1, 1, "works_with"), Link(1, 99, "influences"),
                                   Link(2, 3, "befriends"), Link(3, 2, "works_with"), Link(2, 3, "works_with")])
    assert kept == [(1, 2, "influences"), (2, 3, "works_with")]
    assert F.network_summary(markers, [Link(1, 2, "influences")]) == "3 stakeholders and 1 link: 1 influences."


def test_a_network_of_nobody_or_one_person_draws():
    assert png_size(F.network_png([], []))[0] > 0
    assert "1 stakeholder and 0 links" in str(F.network_svg(people(1), []))


# --- the content hash --------------------------------------------------------------------------


def test_content_hash_is_stable_and_changes_with_what_is_drawn(monkeypatch):
    markers = people(20)
    relations = links(markers, 10)
    first = F.content_hash("network", markers, relations)
    assert first == F.content_hash("network", list(markers), tuple(relations))
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert F.content_hash("grid", markers) != F.content_hash("network", markers)
    moved = [replace(markers[0], power=1 if markers[0].power != 1 else 2), *markers[1:]]
    assert F.content_hash("network", moved, relations) != first
    assert F.content_hash("x", {"b": 1, "a": date(2026, 1, 2)}) == F.content_hash("x", {"a": date(2026, 1, 2), "b": 1})
    assert F.content_hash("x", {3, 1, 2}) == F.content_hash("x", {2, 3, 1})
    monkeypatch.setattr(F, "FIGURES_VERSION", F.FIGURES_VERSION + 1)
    assert F.content_hash("network", markers, relations) != first
    with pytest.raises(TypeError):
        F.content_hash("x", object())


def test_the_figure_hashes_ignore_what_their_figure_does_not_draw():
    markers = people(20)
    relations = links(markers, 10)
    moved = [replace(markers[0], power=1 if markers[0].power != 1 else 2, version=9), *markers[1:]]
    assert F.network_content_hash(moved, relations) == F.network_content_hash(markers, relations)
    assert F.network_content_hash(markers[::-1], relations[::-1]) == F.network_content_hash(markers, relations)
    assert F.network_content_hash([replace(markers[0], label="Renamed"), *markers[1:]], relations) != \
        F.network_content_hash(markers, relations)
    assert F.network_content_hash(markers, relations, kind="network-svg") != F.network_content_hash(markers, relations)
    assert F.grid_content_hash([replace(markers[0], version=9), *markers[1:]]) == F.grid_content_hash(markers)
    assert F.grid_content_hash(moved) != F.grid_content_hash(markers)
