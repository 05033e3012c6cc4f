"""Typing @ in a comment box offers the team's people in a list worked by keyboard or mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from workspace.extensions import db
from workspace.models import Team
from workspace.report.models import Notification

from .test_report import make_report, open_section, sign_in


def people_list(page):
    return page.get_by_role("listbox", name="People to mention")


@pytest.mark.browser
def test_at_offers_the_teams_people_by_keyboard(visitor):
    report = make_report()
    team = db.session.get(Team, report.team_id)
    ravi = factories.make_user("Dr Ravi Patel", "ravi@example.org")
    factories.add_member(team, ravi, "host")
    db.session.commit()
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    page = visitor.page

    # Names only: the page's data holds no email address.
    data = page.locator("#mentionable-people").text_content()
    assert "Ben Bright" in data and "@example.org" not in data

    box = page.get_by_label("Comment", exact=True)
    box.focus()
    page.keyboard.type("Thanks @")
    listbox = people_list(page)
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_text(["Amy Able", "Ben Bright", "Dr Ravi Patel", "Hana Host"])
    expect(box).to_be_focused()
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    visitor.check()  # axe with the list open

    # Typing narrows the list; the arrows move; Enter chooses and inserts the full name.
    page.keyboard.type("b")
    expect(options).to_have_text(["Ben Bright"])
    page.keyboard.press("Backspace")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Thanks @Ben Bright ")
    assert box.get_attribute("aria-activedescendant") is None

    # A first name after a title finds the person; Esc closes the list and keeps the text.
    page.keyboard.type("and @rav")
    expect(options).to_have_text(["Dr Ravi Patel"])
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Thanks @Ben Bright and @rav")
    page.keyboard.type("i")  # still closed for this @ after Esc
    expect(listbox).to_be_hidden()
    for _ in range(len("@ravi")):
        page.keyboard.press("Backspace")

    # The mouse works too.
    page.keyboard.type("@ha")
    listbox.get_by_role("option", name="Hana Host").click()
    expect(box).to_have_value("Thanks @Ben Bright and @Hana Host ")
    expect(box).to_be_focused()

    page.keyboard.type("for the figures.")
    visitor.submit("Add comment")
    expect(page.get_by_text("Comment added.")).to_be_visible()
    db.session.rollback()
    notified = set(db.session.scalars(select(Notification.user_id)))
    db.session.rollback()
    assert len(notified) == 2  # Ben and Hana, by their full names


@pytest.mark.browser
def test_a_reply_box_offers_people_too(visitor):
    report = make_report()
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    page = visitor.page
    page.get_by_label("Comment", exact=True).fill("A first thought.")
    visitor.submit("Add comment")
    page.locator("li.app-thread summary").filter(has_text="Reply").click()
    reply = page.get_by_label("Your reply")
    reply.focus()
    page.keyboard.type("@Hana")
    expect(people_list(page).get_by_role("option")).to_have_text(["Hana Host"])
    page.keyboard.press("Tab")
    expect(reply).to_have_value("@Hana Host ")
    expect(reply).to_be_focused()


@pytest.mark.browser
def test_reply_boxes_on_the_team_comments_page_offer_people(visitor):
    report = make_report()
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    page = visitor.page
    page.get_by_label("Comment", exact=True).fill("A thought for the whole team.")
    visitor.submit("Add comment")
    visitor.goto(f"/teams/{report.team_id}/comments")
    page.locator("li.app-thread summary").filter(has_text="Reply").click()
    reply = page.get_by_label("Your reply")
    reply.focus()
    page.keyboard.type("@be")
    expect(people_list(page).get_by_role("option")).to_have_text(["Ben Bright"])
    page.keyboard.press("Enter")
    expect(reply).to_have_value("@Ben Bright ")
    visitor.check()
