"""The coverage heatmap in Chromium: a member sees an action's domain tag change the heatmap's
cell, follows the cell to its list, and opens their evidence; the host partner sees the page
without the members' evidence. Every page opened passes axe-core (each page a Visitor opens is
checked)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.framework_coverage_data import action, reflection
from workspace.extensions import db

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("FW_COVERAGE_SHOTS")  # a folder: save screenshots there to look at


def _shot(visitor: Visitor, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        visitor.page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_tagging_an_action_changes_the_heatmap(visitor: Visitor, open_browser, team_people):
    team, member, _host = team_people
    huddle = action(team, member, "Run the discharge huddle")
    reflection(team, member, "What the huddle taught me", shared=False, body="I listened **more**.")
    db.session.commit()
    page = visitor.page
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/framework")
    cell = page.locator('#coverage-heatmap td[data-domain="relationships"][data-type="action"]')
    expect(cell).to_have_text("0")
    expect(page.locator("#coverage-empty")).to_be_visible()
    expect(page.locator("#coverage-gaps")).to_contain_text("No work is tagged Relationships and Connectivity yet")
    _shot(visitor, "coverage-empty")

    # tag the action through its page's tag panel (the first visit above copied the framework in)
    visitor.goto(f"/teams/{team.id}/qi/actions/{huddle.id}")
    page.get_by_label("Add a domain or behaviour", exact=True).select_option(label="Relationships and Connectivity")
    visitor.submit("Add tag")
    expect(page.locator("#tags")).to_contain_text("Relationships and Connectivity")
    visitor.goto(f"/teams/{team.id}/framework")
    expect(cell).to_have_text("1 action tagged Relationships and Connectivity")  # the number, and its meaning to a screen reader
    expect(cell).to_have_class("nhsuk-table__cell app-heatmap__count app-heat--1")
    expect(page.locator("#coverage-gaps")).not_to_contain_text("Relationships and Connectivity")
    _shot(visitor, "coverage-tagged")

    cell.get_by_role("link").click()
    page.wait_for_load_state("load")
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions tagged Relationships and Connectivity")
    page.get_by_role("link", name="Run the discharge huddle").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the discharge huddle")

    visitor.goto(f"/teams/{team.id}/framework")
    visitor.follow("Mo Member (you)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your evidence")
    expect(page.locator("main")).to_contain_text("Run the discharge huddle")
    expect(page.locator("main")).to_contain_text("What the huddle taught me")
    expect(page.locator("#evidence-docx")).to_be_visible()
    _shot(visitor, "member-evidence")

    host = open_browser()
    sign_in(host, "hana@example.org")
    host.goto(f"/teams/{team.id}/framework")
    expect(host.page.locator('#coverage-heatmap td[data-domain="relationships"][data-type="action"]')).to_contain_text("1 action")
    expect(host.page.locator("#member-evidence")).to_have_count(0)
    host.expect_failure(403, f"/teams/{team.id}/framework/members/{member.id}")
    host.goto(f"/teams/{team.id}/framework/members/{member.id}")
