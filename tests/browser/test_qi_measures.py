"""Measures in Chromium: a member adds a measure, pastes 20 points and reads the signal sentence
and the chart; every measure page passes axe-core (each page a Visitor opens is checked) for a
member and the host partner; the chart box scrolls rather than overflowing at 375 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.qi import measure_operations as ops
from workspace.qi.models import Measure, MeasureAnnotation, MeasurePoint

from .conftest import Visitor
from .test_flows import form_with_button, sign_in

pytestmark = pytest.mark.browser

# 7 at the mean's low side then 13 high: mean (7 x 8.5 + 13 x 11.5) / 20 = 10.45; the 13 points
# from 2026-02-23 are all above it: a shift, special cause improvement.
VALUES = [8, 9, 8, 9, 8, 9, 8] + [12, 11, 12, 11, 12, 11, 12, 11, 12, 11, 12, 11, 12]


def _rows() -> str:
    start = date(2026, 1, 5)
    return "date,value\n" + "\n".join(f"{(start + timedelta(weeks=k)).strftime('%d/%m/%Y')},{v}%"
                                      for k, v in enumerate(VALUES))


def test_a_member_adds_a_measure_pastes_twenty_points_and_reads_the_signal(visitor: Visitor, team_people):
    team, _member, _host = team_people
    sign_in(visitor, "mo@example.org")
    page = visitor.page
    visitor.goto(f"/teams/{team.id}/qi/measures")
    expect(page.locator("main")).to_contain_text("No measures yet")
    visitor.follow("New measure")
    page.get_by_label("Name", exact=True).fill("Discharges before noon")
    page.get_by_label("Unit", exact=True).fill("%")
    page.get_by_label("Target (optional)").fill("11")
    visitor.submit("Create measure")
    expect(page.locator("main")).to_contain_text("No data yet")
    paste = form_with_button(visitor, "Add these points")
    paste.get_by_label("Paste rows").fill(_rows())
    visitor.submit("Add these points", within=paste)
    expect(page.locator(".nhsuk-notification-banner, main").first).to_contain_text("20 points added")
    summary = page.get_by_label("Summary for the report")
    expect(summary).to_have_value(
        "Special cause improvement: 13 points above the mean since 23 February 2026. "
        "The target of 11% lies within the limits, so it will be met only some of the time.")
    chart = page.locator(".qi-chart-box")
    chart.focus()
    expect(chart).to_be_focused()
    expect(chart.locator("svg")).to_be_visible()
    expect(chart.locator("svg title")).to_have_text("XmR chart: Discharges before noon")
    expect(page.locator("table.qi-points-table tbody tr")).to_have_count(20)
    expect(page.get_by_role("button", name="Copy the sentence")).to_be_visible()
    # the switch to a run chart only changes the view
    visitor.follow("Run chart")
    expect(page.get_by_role("heading", name="Run chart", exact=True)).to_be_visible()
    assert db.session.scalar(db.select(Measure.chart)) == "auto"


def test_every_measure_page_passes_axe_for_member_and_host(open_browser, team_people):
    team, member_user, _host = team_people
    measure = ops.create_measure(team, member_user, {"name": "Length of stay", "unit": "days", "better": "down",
                                                     "target": 6, "definition": "Mean stay of discharges, weekly"})
    ops.add_points(team, measure, member_user, [{"on": (date(2026, 1, 5) + timedelta(weeks=k)).isoformat(),
                                                 "value": v, "note": "winter" if k == 3 else ""}
                                                for k, v in enumerate([9, 8, 9, 10, 8, 9, 7, 6, 7, 6, 5, 6, 5, 4])])
    annotation = ops.add_annotation(team, measure, member_user, {"on": "2026-02-10", "label": "Board round live"})
    point = db.session.scalars(db.select(MeasurePoint).order_by(MeasurePoint.on_date)).all()[4]
    ops.set_flag(team, measure, point, member_user, "rebase", True)
    empty = ops.create_measure(team, member_user, {"name": "Readmissions"})
    member, host = open_browser(), open_browser()
    sign_in(member, "mo@example.org")
    sign_in(host, "hana@example.org")
    base = f"/teams/{team.id}/qi/measures"
    for path in ("", "/new", f"/{measure.id}", f"/{measure.id}?chart=run", f"/{measure.id}?chart=xmr",
                 f"/{measure.id}/edit", f"/{measure.id}/delete", f"/{measure.id}/points/{point.id}/delete",
                 f"/{measure.id}/points/{point.id}/edit",
                 f"/{measure.id}/annotations/{annotation.id}/delete", f"/{empty.id}"):
        member.goto(base + path)
    for path in ("", f"/{measure.id}", f"/{empty.id}"):
        host.goto(base + path)
    expect(host.page.locator("main")).not_to_contain_text("Add a point")
    # a refused paste comes back with the rows named, and passes axe too
    member.goto(f"{base}/{measure.id}")
    paste = form_with_button(member, "Add these points")
    paste.get_by_label("Paste rows").fill("date,value\n2026-05-01,4\n2026-05-08,4,5\n2026-05-15,lots")
    member.expect_failure(422, f"{base}/{measure.id}/points/import")
    member.submit("Add these points", within=paste)
    expect(member.page.locator(".app-import-report")).to_contain_text("Line 4:")
    assert db.session.scalar(db.select(db.func.count()).select_from(MeasureAnnotation)) == 1


def test_the_measure_page_fits_a_phone(visitor: Visitor, team_people):
    team, member_user, _host = team_people
    measure = ops.create_measure(team, member_user, {"name": "Discharges before noon", "unit": "%", "target": 11})
    ops.add_points(team, measure, member_user, [{"on": (date(2026, 1, 5) + timedelta(weeks=k)).isoformat(),
                                                 "value": v} for k, v in enumerate(VALUES)])
    visitor.page.set_viewport_size({"width": 375, "height": 800})
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/qi/measures/{measure.id}")
    overflow = visitor.page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 375px screen"


def test_the_chart_fills_its_box_on_a_desktop(visitor: Visitor, team_people):
    team, member_user, _host = team_people
    measure = ops.create_measure(team, member_user, {"name": "Discharges before noon", "unit": "%", "target": 11})
    ops.add_points(team, measure, member_user, [{"on": (date(2026, 1, 5) + timedelta(weeks=k)).isoformat(),
                                                 "value": v} for k, v in enumerate(VALUES)])
    visitor.page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/qi/measures/{measure.id}")
    gap = visitor.page.evaluate("() => document.querySelector('.qi-chart-box').clientWidth"
                                " - document.querySelector('.qi-chart-box svg').getBoundingClientRect().width")
    assert gap <= 4, f"the chart leaves {gap}px of its box empty"
