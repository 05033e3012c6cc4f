"""Reflections and the Start Anywhere canvas in Chromium: a member writes a private reflection and
another, tags one with a behaviour, shares one; another member of the team sees only the shared
one (the private one is 404 to them); the canvas is filled and inserted into the report's scope
section after its confirmation. Every page a Visitor opens passes axe-core (conftest), and
nothing overflows a 375 px wide screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from workspace.extensions import db
from workspace.framework.models import Reflection
from workspace.framework.setup import ensure_framework

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def _write(visitor: Visitor, team_id: int, title: str, body: str) -> None:
    page = visitor.page
    visitor.goto(f"/teams/{team_id}/reflections")
    visitor.follow("Write a reflection")
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_label("Reflection", exact=True).fill(body)
    visitor.submit("Save reflection")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("Private: only you can see this")


def test_a_private_reflection_stays_private_and_a_shared_one_reaches_the_team(open_browser, team_people):
    team, _member, _host = team_people
    second = factories.make_user("Sol Second", "sol@example.org")
    factories.add_member(team, second, "member")
    ensure_framework(team.cohort)
    db.session.commit()

    author = open_browser()
    sign_in(author, "mo@example.org")
    author.goto(f"/teams/{team.id}/reflections")
    expect(author.page.locator("main")).to_contain_text("You have not written a reflection yet")
    _write(author, team.id, "Only for me", "I doubted myself in the meeting.")
    private_id = db.session.scalar(db.select(Reflection.id).where(Reflection.title == "Only for me"))
    _write(author, team.id, "Listening first", "Influence came from listening, not from the plan.")
    page = author.page
    page.get_by_label("Add a domain or behaviour").select_option(index=1)
    author.submit("Add tag")
    expect(page.locator("#tags .nhsuk-tag")).to_have_count(1)
    author.follow("Share with the team")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Share “Listening first” with the team?")
    author.submit("Share with the team")
    expect(page.locator("main")).to_contain_text("Shared with the team")
    shared_id = db.session.scalar(db.select(Reflection.id).where(Reflection.title == "Listening first"))
    for step in ("edit", "make-private", "delete"):  # every page of a reflection passes axe
        author.goto(f"/teams/{team.id}/reflections/{shared_id}/{step}")
    author.goto(f"/teams/{team.id}/reflections")
    expect(page.locator("main")).to_contain_text("Only for me")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    other = open_browser()
    sign_in(other, "sol@example.org")
    other.goto(f"/teams/{team.id}/reflections")
    main = other.page.locator("main")
    expect(main).to_contain_text("Listening first")
    expect(main).to_contain_text("Mo Member")
    expect(main).not_to_contain_text("Only for me")
    other.follow("Listening first")
    expect(other.page.locator("main")).to_contain_text("Influence came from listening")
    other.follow("Quote in the report")
    other.submit("Quote in the report")
    expect(other.page.locator("main")).to_contain_text("Influence came from listening")
    other.expect_failure(404, f"/teams/{team.id}/reflections/{private_id}")
    response = other.page.goto(other.url(f"/teams/{team.id}/reflections/{private_id}"))
    assert response.status == 404


def test_the_canvas_is_saved_and_inserted_into_the_scope_section(visitor: Visitor, team_people):
    team, _member, _host = team_people
    page = visitor.page
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/scope")
    expect(page.locator("main")).to_contain_text("Who are the right people?")
    page.get_by_label("Notes on people").fill("- Discharge coordinators\n- Care home managers")
    page.get_by_label("Notes on priorities").fill("- Weekend discharges")
    visitor.submit("Save canvas")
    expect(page.locator(".nhsuk-textarea#people")).to_have_value("- Discharge coordinators\n- Care home managers")
    visitor.follow("Insert into the report's scope section")
    expect(page.locator("main")).to_contain_text("Care home managers")
    visitor.submit("Insert into the report")
    expect(page.locator("main")).to_contain_text("Care home managers")
    page.set_viewport_size({"width": 375, "height": 800})
    visitor.goto(f"/teams/{team.id}/scope")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
