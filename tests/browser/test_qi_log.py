"""The action log and the QI overview in Chromium: a member adds an action through the form,
changes its status from the log's row, sees it flagged overdue on the log, the overview and the
team page; every page of this part passes axe-core (each page a Visitor opens is checked), for a
member and the host partner, and nothing overflows a 375 px wide screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.qi import action_operations as ops
from workspace.qi import action_queries
from workspace.qi.models import Action, Aim, Measure, MeasurePoint, PdsaCycle

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def test_add_an_action_change_its_status_and_see_it_flagged(visitor: Visitor, team_people):
    team, member, _host = team_people
    page = visitor.page
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/qi/actions")
    expect(page.locator("main")).to_contain_text("No actions yet")
    page.get_by_role("link", name="Add an action").first.click()
    page.wait_for_load_state("load")
    visitor.check()
    page.get_by_label("Title", exact=True).fill("Ring the home care providers")
    page.get_by_label("Due date", exact=True).fill((action_queries.today() - timedelta(days=2)).isoformat())
    page.get_by_label("Framework domain", exact=True).select_option("relationships")
    visitor.submit("Add action")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ring the home care providers")
    expect(page.locator("main")).to_contain_text("Overdue")
    expect(page.locator("main")).to_contain_text("Relationships and Connectivity")

    visitor.goto(f"/teams/{team.id}/qi/actions")
    row = page.locator("tbody tr", has_text="Ring the home care providers")
    expect(row.locator(".nhsuk-tag--red")).to_have_text("Overdue")
    row.get_by_label("Status of Ring the home care providers").select_option("in_progress")
    visitor.submit("Update the status of Ring the home care providers", within=row)
    expect(page.locator("main")).to_contain_text("is now in progress")
    db.session.expire_all()
    assert db.session.scalar(db.select(Action.status)) == "in_progress"

    visitor.goto(f"/teams/{team.id}/qi")
    expect(page.locator("#overdue-actions ~ .nhsuk-warning-callout").first).to_contain_text(
        "Ring the home care providers")
    visitor.goto(f"/teams/{team.id}")
    expect(page.locator("main")).to_contain_text("1 action overdue")


def _fill(team, member):
    db.session.add(Aim(team_id=team.id, statement="Halve the wait from fit to discharge by March."))
    cycle = PdsaCycle(team_id=team.id, title="Trusted assessor", status="running")
    measure = Measure(team_id=team.id, name="Days to discharge", unit="days", better="down", target=2)
    db.session.add_all([cycle, measure])
    db.session.flush()
    db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id,
                                    on_date=action_queries.today() - timedelta(weeks=12 - k), value=3 + (k % 3) / 2)
                       for k in range(12))
    db.session.commit()
    late = ops.create(team, member, {"title": "A late action with a rather long title that has to wrap on a phone",
                                     "owner_id": member.id, "due_on": action_queries.today() - timedelta(days=3),
                                     "pdsa_id": cycle.id, "domain": "innovation", "detail": "- one\n- **two**"})
    ops.create(team, member, {"title": "Done", "status": "done"})
    return late


def test_every_page_passes_axe_for_member_and_host(open_browser, team_people):
    team, member, _host = team_people
    empty_member = open_browser()
    sign_in(empty_member, "mo@example.org")
    empty_member.goto(f"/teams/{team.id}/qi")  # every empty state
    late = _fill(team, member)
    base = f"/teams/{team.id}/qi"
    for email, paths in (
        ("mo@example.org", ["", "/actions", "/actions?due=overdue", f"/actions/{late.id}", "/actions/new",
                            f"/actions/{late.id}/edit", f"/actions/{late.id}/delete"]),
        ("hana@example.org", ["", "/actions", f"/actions/{late.id}"]),
    ):
        visitor = open_browser()
        sign_in(visitor, email)
        for path in paths:
            visitor.goto(base + path)
        visitor.goto(f"/teams/{team.id}")
    # A bad form comes back with its error summary, and passes axe too.
    visitor = open_browser()
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"{base}/actions/new")
    visitor.submit("Add action")
    expect(visitor.page.locator(".nhsuk-error-summary")).to_contain_text("Enter the title")


def test_nothing_overflows_a_phone(open_browser, team_people):
    team, member, _host = team_people
    late = _fill(team, member)
    visitor = open_browser()
    visitor.page.set_viewport_size({"width": 375, "height": 800})
    sign_in(visitor, "mo@example.org")
    for path in ("", "/actions", f"/actions/{late.id}", "/actions/new"):
        visitor.goto(f"/teams/{team.id}/qi{path}")
        wide = visitor.page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 375, (path, wide)
