"""The recommendations register in Chromium: a member adds a recommendation, assesses it
against the Useful criteria and links a finding; the register shows its score; the host partner
responds on its page and the member sees the response. Every page passes axe-core (each page a
Visitor opens is checked), and nothing overflows a 375 px wide screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.framework import recommendations as ops
from workspace.framework.models import Recommendation

from ..framework_recs_helpers import make_findings, make_menu
from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def test_member_adds_and_assesses_then_the_host_responds(open_browser, team_people):
    team, member, _host = team_people
    make_menu(team.cohort_id)
    findings = make_findings(team, member)
    visitor: Visitor = open_browser()
    page = visitor.page
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/recommendations")
    expect(page.locator("main")).to_contain_text("No recommendations yet")
    page.get_by_role("link", name="Add a recommendation").click()
    page.wait_for_load_state("load")
    visitor.check()
    page.get_by_label("Recommendation", exact=True).fill("Adopt a trusted assessor model on every medical ward")
    page.get_by_label("Owner at the host partner").fill("Deputy chief nurse")
    page.get_by_label(f"Discharge pathway at {team.name}").check()
    page.get_by_label("Intervention type").select_option(label="Leading complex change")
    criteria = page.locator("#criteria-fieldset")
    criteria.locator("fieldset", has_text="long-term plan").get_by_label("Met", exact=True).check()
    affordable = criteria.locator("fieldset", has_text="Affordable or funded")
    affordable.get_by_label("Partly met").check()
    affordable.get_by_label("Note on affordable or funded").fill("Backfill funded until March only")
    visitor.submit("Add recommendation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopt a trusted assessor model on every medical ward")
    expect(page.locator("#criteria")).to_have_text("Useful criteria: 1.5 of 2 met (2 of 5 assessed)")
    expect(page.locator("main")).to_contain_text("Backfill funded until March only")
    expect(page.get_by_role("link", name=f"Discharge pathway at {team.name}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Awaiting response")
    expect(page.get_by_role("button", name="Save response")).to_have_count(0)
    expect(page.get_by_role("link", name="Change recommendation 1")).to_be_visible()

    visitor.goto(f"/teams/{team.id}/recommendations")
    item = page.locator(".app-recommendations__item").first
    expect(item).to_contain_text("1.5 of 2 met")
    expect(item).to_contain_text("Leading complex change")

    host = open_browser()
    sign_in(host, "hana@example.org")
    recommendation = db.session.scalar(db.select(Recommendation))
    host.goto(f"/teams/{team.id}/recommendations/{recommendation.id}")
    expect(host.page.get_by_role("link", name="Change recommendation 1")).to_have_count(0)
    expect(host.page.get_by_role("link", name="Delete recommendation 1")).to_have_count(0)
    host.page.get_by_label("Consider").check()
    host.page.get_by_label("Note", exact=True).fill("We will take it to the discharge board in January")
    host.submit("Save response")
    expect(host.page.locator("#response")).to_contain_text("To consider")

    visitor.goto(f"/teams/{team.id}/recommendations/{recommendation.id}")
    expect(page.locator("#response")).to_contain_text("We will take it to the discharge board in January")
    assert findings  # the finding linked above was the team's own


def test_the_forms_problems_and_the_phone_width(open_browser, team_people):
    team, member, _host = team_people
    make_menu(team.cohort_id)
    made = ops.create(team, member, {"statement": "A monthly discharge measure for the board",
                                     "criteria": {"affordable": {"rating": "met", "note": "No cost"}}})
    visitor = open_browser()
    visitor.page.set_viewport_size({"width": 375, "height": 800})
    sign_in(visitor, "mo@example.org")
    for path in ("", f"/{made.id}", "/new", f"/{made.id}/edit", f"/{made.id}/delete"):
        visitor.goto(f"/teams/{team.id}/recommendations{path}")
        wide = visitor.page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 375, (path, wide)
    visitor.goto(f"/teams/{team.id}/recommendations/new")
    visitor.submit("Add recommendation")
    expect(visitor.page.locator(".nhsuk-error-summary")).to_contain_text("Enter the recommendation")


def test_the_move_buttons_names_start_with_their_visible_text(open_browser, team_people):
    """axe's label-content-name-mismatch: the name is "Move down recommendation 1", the words
    after "Move down" hidden visually; the register shows the Systems leadership sub-navigation."""
    team, member, _host = team_people
    make_menu(team.cohort_id)
    for statement in ("First: a discharge huddle", "Second: a trusted assessor", "Third: a board measure"):
        ops.create(team, member, {"statement": statement})
    visitor = open_browser()
    page = visitor.page
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/recommendations")
    visitor.check()
    subnav = page.get_by_role("navigation", name="Systems leadership")
    expect(subnav.get_by_role("link", name="Recommendations")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Move down recommendation 1", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Move up recommendation 1", exact=True)).to_have_count(0)
    down = page.get_by_role("button", name="Move down recommendation 2", exact=True)
    expect(down).to_have_text("Move down recommendation 2")  # the text content, hidden words too
    hidden = down.locator(".nhsuk-u-visually-hidden")
    expect(hidden).to_have_text(" recommendation 2")
    box = hidden.bounding_box()  # a sighted user sees only "Move down"
    assert box is None or (box["width"] <= 1 and box["height"] <= 1), box
    down.click()
    page.wait_for_load_state("load")
    visitor.check()
    expect(page.locator(".app-recommendations__item").nth(2)).to_contain_text("Second: a trusted assessor")
    expect(page.get_by_role("button", name="Move down recommendation 3", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Move up recommendation 3", exact=True)).to_be_focused()
    first = db.session.scalar(db.select(Recommendation).where(Recommendation.statement.like("First%")))
    visitor.goto(f"/teams/{team.id}/recommendations/{first.id}")
    expect(page.get_by_role("navigation", name="Systems leadership").get_by_role(
        "link", name="Recommendations")).to_have_attribute("aria-current", "true")
