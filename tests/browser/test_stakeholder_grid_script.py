"""static/js/stakeholder-grid.js in Chromium, on a fixture page: the real app's layout, CSP and
CSRF, the grid SVG from workspace/stakeholders/figures.py (with then vs now, the network and two
trends inline beside it, so axe and the CSP check cover them too), and a stand-in for the
stakeholder PATCH route that records what the script sends. (The pages and the real API route belong to
the stakeholder feature; its own browser tests drag on the real page.)

Checked: a drag and an arrow key each send the right PATCH with the marker's version, Undo and
Ctrl+Z send the reverse, keys pressed during a save become one next save, a refused move goes
back with the server's message, a touch drag works, and the filters hide markers. Every page is
checked with axe-core (conftest.py), with the markers moved and the message showing too.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import date

import pytest
from flask import jsonify, render_template_string, request
from playwright.sync_api import expect

from tests import factories
from workspace.extensions import db
from workspace.stakeholders import layout as L
from workspace.stakeholders.figures import (
    GridMarker,
    Link,
    TrendPoint,
    grid_svg,
    network_svg,
    then_now_svg,
    trend_svg,
)

from .conftest import Visitor
from .test_report import sign_in

PAGE = "/_test/stakeholder-grid"
EMAIL = "mo@example.org"
PATCH_TEMPLATE = "/_test/stakeholders/{id}"
CONFLICT = "Someone else changed this stakeholder: reload the page to see their change."

TEMPLATE = """{% extends "base.html" %}
{% block title %}Stakeholder grid{% endblock %}
{% block page %}
<h1 class="nhsuk-heading-l">Power and interest</h1>
<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<form method="get" action="" novalidate>
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="category">Category</label>
    <select class="nhsuk-select" id="category" name="category" data-grid-filter="category">
      <option value="">All categories</option>
      <option value="acute_trust">Acute trust</option>
      <option value="icb">ICB</option>
    </select>
  </div>
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="owner">Owner</label>
    <select class="nhsuk-select" id="owner" name="owner" data-grid-filter="owner">
      <option value="">Everyone's</option>
      <option value="1">Mo Member</option>
      <option value="none" data-grid-value="">No owner</option>
    </select>
  </div>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Apply filters</button>
</form>
{{ grid }}
<h2 class="nhsuk-heading-m">Then and now</h2>
<div class="app-sh-scroll" tabindex="0" role="region" aria-label="Then and now, scrolls sideways">{{ then_now }}</div>
<h2 class="nhsuk-heading-m">Relationships</h2>
{{ network }}
<h2 class="nhsuk-heading-m">Trends</h2>
<p>Ada Lovelace {{ trend }}</p>
<p>Brian Cox {{ trend }}</p>
<script type="module" src="{{ url_for('static', filename='js/stakeholder-grid.js') }}"></script>
{% endblock %}"""


def markers() -> list[GridMarker]:
    people = [
        GridMarker(1, "Ada Lovelace", "Riverside Trust", "Acute trust", "Mo Member", 2, 2, -1, 1, version=3),
        GridMarker(2, "Brian Cox", "North ICB", "ICB", "Mo Member", 4, 4, 1, 2, version=1),
        GridMarker(3, "Chidi Okafor", "North ICB", "ICB", None, 5, 1, None, None, version=7),
    ]
    # a crowded square, so the page has a "+N" cluster too
    people += [GridMarker(10 + i, f"Crowd {i:02d}", "Harbour PCN", "Acute trust" if i % 2 else "ICB",
                          "Mo Member" if i % 3 else None, 3, 5, 0, 0, version=1) for i in range(15)]
    return people


@pytest.fixture
def grid_page(app):
    """Adds the fixture page and the stand-in PATCH route to the test app (before it serves)."""
    calls: list[dict] = []
    server = {"status": 200, "delay": 0.0}

    def page():
        people = markers()
        svg = grid_svg(people, editable=True, caption="Stakeholders by power and interest",
                       api_url_template=PATCH_TEMPLATE)
        # the other figures share the page, so axe and the CSP check see them inline too
        then = [replace(m, power=6 - m.power) for m in people]
        links = [Link(1, 2, "influences"), Link(2, 3, "reports_to"), Link(3, 10, "works_with"), Link(1, 11, "conflicts_with")]
        trend = trend_svg([TrendPoint(date(2026, 3, 1), 2, 3, -1), TrendPoint(date(2026, 5, 1), 4, 3, 1)])
        return render_template_string(TEMPLATE, grid=svg, then_now=then_now_svg(then, people, then_label="1 March 2026"),
                                      network=network_svg(people, links), trend=trend)

    def patch(stakeholder_id: int):
        body = request.get_json()
        calls.append({"id": stakeholder_id, "json": body})
        time.sleep(server["delay"])
        if server["status"] != 200:
            return jsonify(error={"code": "conflict", "message": CONFLICT}), server["status"]
        return jsonify(id=stakeholder_id, power=body["power"], interest=body["interest"],
                       version=body.get("version", 0) + 1)

    factories.make_user("Mo Member", EMAIL)  # every page but sign-in needs someone signed in
    db.session.commit()
    app.add_url_rule(PAGE, "test_stakeholder_grid", page)
    app.add_url_rule("/_test/stakeholders/<int:stakeholder_id>", "test_stakeholder_patch", patch, methods=["PATCH"])
    return calls, server


# --- helpers -------------------------------------------------------------------------------------


def open_grid(visitor: Visitor):
    page = visitor.page
    page.set_viewport_size({"width": 1280, "height": 1100})
    sign_in(visitor, EMAIL)
    visitor.goto(PAGE)
    page.locator("svg[data-stakeholder-grid][data-editable]").scroll_into_view_if_needed()
    expect(page.locator(".app-sh-grid-tools__hint")).to_contain_text("arrow keys")
    return page


def marker(page, stakeholder_id: int):
    return page.locator(f'svg[data-editable] g.app-sh-marker[data-stakeholder-id="{stakeholder_id}"]')


def on_screen(page, x: float, y: float) -> tuple[float, float]:
    box = page.locator("svg[data-stakeholder-grid][data-editable]").bounding_box()
    scale = box["width"] / L.WIDTH
    return box["x"] + x * scale, box["y"] + y * scale


def marker_centre(page, stakeholder_id: int) -> tuple[float, float]:
    x, y = re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", marker(page, stakeholder_id).get_attribute("transform")).groups()
    return on_screen(page, float(x), float(y))


def cell_centre(page, power: int, interest: int) -> tuple[float, float]:
    return on_screen(page, L.score_x(interest), L.score_y(power))


def drag(page, stakeholder_id: int, power: int, interest: int) -> None:
    start, end = marker_centre(page, stakeholder_id), cell_centre(page, power, interest)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()


def status(page):
    return page.locator(".app-sh-grid-tools__status")


# --- the tests -----------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_drag_saves_the_new_scores_and_undo_saves_the_old_ones(visitor, grid_page):
    calls, _ = grid_page
    page = open_grid(visitor)
    ada = marker(page, 1)

    drag(page, 1, power=5, interest=4)
    expect(status(page)).to_have_text("Moved Ada Lovelace to power 5, interest 4 (manage closely).")
    assert calls == [{"id": 1, "json": {"power": 5, "interest": 4, "version": 3}}]
    expect(ada).to_have_attribute("data-power", "5")
    expect(ada).to_have_attribute("data-version", "4")  # taken from the answer
    expect(ada).to_have_attribute("aria-label", re.compile(r"^Ada Lovelace; Power 5, interest 4: manage closely; "))
    assert "Power 5, interest 4: manage closely" in ada.locator("title").text_content()
    # it sits in its new square now
    x, y = marker_centre(page, 1)
    (left, top), (right, bottom) = on_screen(page, *L.cell_origin(5, 4)), on_screen(
        page, L.cell_origin(5, 4)[0] + L.CELL_W, L.cell_origin(5, 4)[1] + L.CELL_H)
    assert left < x < right and top < y < bottom
    visitor.check()  # axe with the message and the Undo button showing

    undo = page.get_by_role("button", name="Undo: move Ada Lovelace back to power 2, interest 2")
    undo.click()
    expect(status(page)).to_have_text("Undone: Ada Lovelace is back at power 2, interest 2 (monitor).")
    assert calls[1] == {"id": 1, "json": {"power": 2, "interest": 2, "version": 4}}
    expect(ada).to_have_attribute("data-power", "2")
    expect(ada).to_have_attribute("data-version", "5")
    expect(undo).to_be_hidden()
    expect(ada).to_be_focused()  # not lost with the hidden button
    assert len(calls) == 2


@pytest.mark.browser
def test_arrow_keys_move_one_step_and_ctrl_z_undoes(visitor, grid_page):
    calls, _ = grid_page
    page = open_grid(visitor)
    ada = marker(page, 1)
    ada.focus()
    expect(page.locator(".app-sh-grid-tools__details")).to_contain_text("Power 2, interest 2: monitor")

    page.keyboard.press("ArrowUp")
    expect(status(page)).to_have_text("Moved Ada Lovelace to power 3, interest 2 (keep satisfied).")
    page.keyboard.press("ArrowRight")
    expect(status(page)).to_have_text("Moved Ada Lovelace to power 3, interest 3 (manage closely).")
    expect(ada).to_be_focused()
    expect(page.locator(".app-sh-grid-tools__details")).to_contain_text("Power 3, interest 3: manage closely")
    page.keyboard.press("Control+z")
    expect(status(page)).to_have_text("Undone: Ada Lovelace is back at power 3, interest 2 (keep satisfied).")
    assert [c["json"] for c in calls] == [
        {"power": 3, "interest": 2, "version": 3},
        {"power": 3, "interest": 3, "version": 4},
        {"power": 3, "interest": 2, "version": 5},
    ]

    # at the edge of the grid a key says so and sends nothing
    chidi = marker(page, 3)
    chidi.focus()
    page.keyboard.press("ArrowUp")
    expect(status(page)).to_have_text("Chidi Okafor is already at the edge: power 5 is the highest.")
    page.keyboard.press("ArrowDown")
    expect(status(page)).to_have_text("Moved Chidi Okafor to power 4, interest 1 (keep satisfied).")
    assert calls[-1] == {"id": 3, "json": {"power": 4, "interest": 1, "version": 7}}
    assert len(calls) == 4
    visitor.check()


@pytest.mark.browser
def test_keys_pressed_during_a_save_become_one_next_save_with_the_new_version(visitor, grid_page):
    calls, server = grid_page
    server["delay"] = 0.6
    page = open_grid(visitor)
    marker(page, 1).focus()
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    expect(status(page)).to_have_text("Moved Ada Lovelace to power 5, interest 2 (keep satisfied).", timeout=5000)
    assert [c["json"] for c in calls] == [{"power": 3, "interest": 2, "version": 3},
                                          {"power": 5, "interest": 2, "version": 4}]
    expect(marker(page, 1)).to_have_attribute("data-version", "5")


@pytest.mark.browser
def test_a_refused_move_goes_back_and_says_why(visitor, grid_page):
    calls, server = grid_page
    server["status"] = 409
    page = open_grid(visitor)
    visitor.expect_failure(409, "/_test/stakeholders/2")
    brian = marker(page, 2)
    before = brian.get_attribute("transform")

    drag(page, 2, power=1, interest=1)
    expect(status(page)).to_have_text(
        f"Brian Cox was not moved: {CONFLICT} It is back at power 4, interest 4.")
    expect(status(page)).to_have_class(re.compile("app-sh-grid-tools__status--error"))
    assert calls == [{"id": 2, "json": {"power": 1, "interest": 1, "version": 1}}]
    expect(brian).to_have_attribute("transform", before)
    expect(brian).to_have_attribute("data-power", "4")
    expect(brian).to_have_attribute("data-version", "1")
    expect(page.locator(".app-sh-undo")).to_be_hidden()
    visitor.check()


@pytest.mark.browser
def test_a_touch_drag_moves_a_marker(chromium_browser, live_server, grid_page):
    calls, _ = grid_page
    context = chromium_browser.new_context(locale="en-GB", has_touch=True, viewport={"width": 1280, "height": 1100})
    visitor = Visitor(context, live_server)
    try:
        page = open_grid(visitor)
        (x0, y0), (x1, y1) = marker_centre(page, 1), cell_centre(page, 4, 5)
        cdp = context.new_cdp_session(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
        for step in range(1, 11):
            x, y = x0 + (x1 - x0) * step / 10, y0 + (y1 - y0) * step / 10
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        expect(status(page)).to_have_text("Moved Ada Lovelace to power 4, interest 5 (manage closely).")
        assert calls == [{"id": 1, "json": {"power": 4, "interest": 5, "version": 3}}]
        visitor.finish()
    finally:
        context.close()


@pytest.mark.browser
def test_the_filters_hide_markers_at_once(visitor, grid_page):
    page = open_grid(visitor)
    crowd = page.locator("svg[data-editable] g.app-sh-cluster")
    expect(crowd.locator("text")).to_have_text("+4")  # Crowd 11 to 14

    page.get_by_label("Category", exact=True).select_option(label="ICB")
    expect(marker(page, 1)).to_be_hidden()  # Acute trust
    expect(marker(page, 2)).to_be_visible()
    expect(crowd.locator("text")).to_have_text("+2")  # the ICB people among the four
    expect(status(page)).to_have_text("Showing 10 of 18 stakeholders.")

    page.get_by_label("Owner", exact=True).select_option(label="No owner")
    expect(marker(page, 2)).to_be_hidden()  # Mo Member's
    expect(marker(page, 3)).to_be_visible()  # ICB, no owner
    expect(status(page)).to_have_text("Showing 4 of 18 stakeholders.")
    visitor.check()

    page.get_by_label("Category", exact=True).select_option(label="All categories")
    page.get_by_label("Owner", exact=True).select_option(label="Everyone's")
    expect(status(page)).to_have_text("Showing all 18 stakeholders.")
    expect(marker(page, 1)).to_be_visible()
    expect(crowd.locator("text")).to_have_text("+4")
