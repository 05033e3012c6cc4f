"""Tagging in Chromium: a member tags an action with the picker by keyboard alone (type to filter,
Enter to add), sees the tag, and removes it; the facilitator's framework editor and the action
page pass axe-core (every page a Visitor opens is checked), with and without tags."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from workspace.extensions import db
from workspace.framework.models import FrameworkBehaviour, Tag
from workspace.qi import action_operations as action_ops

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def test_tag_an_action_with_the_picker_by_keyboard(visitor: Visitor, team_people):
    team, member, _host = team_people
    action = action_ops.create(team, member, {"title": "Book the discharge huddle"})
    page = visitor.page
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/qi/actions/{action.id}")
    panel = page.locator("#tags")
    expect(panel).to_contain_text("Not tagged with the framework yet.")
    search = panel.get_by_label("Search the framework")
    search.focus()
    page.keyboard.type("process map")
    expect(panel.get_by_role("status")).to_contain_text("Process mapping selected")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    expect(page.locator("main")).to_contain_text("Tag added.")
    expect(panel.locator(".nhsuk-tag")).to_have_text(["Behaviour: Process mapping"])
    db.session.expire_all()
    tagged = db.session.scalar(select(FrameworkBehaviour.name).join(Tag, Tag.behaviour_id == FrameworkBehaviour.id))
    assert tagged == "Process mapping"

    # a theme behaviour, with the arrow keys through the matches, then Tab to the button
    search = panel.get_by_label("Search the framework")
    search.focus()
    page.keyboard.type("trust")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(panel.get_by_role("combobox", name="Add a domain or behaviour")).to_have_value(
        f"behaviour:{db.session.scalar(select(FrameworkBehaviour.id).where(FrameworkBehaviour.name == 'Trust'))}")
    page.keyboard.press("Tab")  # to the select
    page.keyboard.press("Tab")  # to the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    expect(panel.locator(".nhsuk-tag")).to_have_text(["Behaviour: Process mapping", "Behaviour: Trust"])

    visitor.submit("Remove tag Process mapping", within=panel)
    expect(panel.locator(".nhsuk-tag")).to_have_text(["Behaviour: Trust"])


def test_the_editor_passes_axe(visitor: Visitor, team_people):
    team, _member, _host = team_people
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    db.session.commit()
    sign_in(visitor, facilitator.email)
    visitor.goto(f"/admin/cohorts/{team.cohort_id}/framework")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Systems leadership framework")
    visitor.submit("Add behaviour")  # nothing chosen: the error summary
    expect(visitor.page.locator(".nhsuk-error-summary")).to_contain_text("Choose a domain or theme")
    visitor.follow("Remove Create shared vision")
    expect(visitor.page.locator("main")).to_contain_text("No team's work is tagged with it.")
