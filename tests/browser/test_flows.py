"""End-to-end flows through the real pages in Chromium.

Every page visited is checked with axe-core, and any console error, CSP violation or request
to another host fails the test (see conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from workspace.extensions import db

from .conftest import Visitor

NEW_PASSWORD = "amber lantern orbits quietly"


def sign_in(visitor: Visitor, email: str, password: str = factories.PASSWORD) -> None:
    visitor.goto("/sign-in")
    visitor.page.get_by_label("Email address").fill(email)
    visitor.page.get_by_label("Password", exact=True).fill(password)
    visitor.submit("Sign in")


def form_with_button(visitor: Visitor, button: str):
    """The form holding this button, so labels on the same page cannot be confused."""
    return visitor.page.locator("form").filter(
        has=visitor.page.get_by_role("button", name=button, exact=True)
    )


def person_row(visitor: Visitor, email: str):
    return visitor.page.get_by_role("row").filter(has_text=email)


@pytest.mark.browser
def test_member_signs_in_and_sees_their_team(visitor):
    member = factories.make_user("Mo Member", "mo@example.org")
    team = factories.make_team("Team Harbour")
    factories.add_member(team, member, "member")
    db.session.commit()
    page = visitor.page

    # A wrong password: the error, and the email address still typed in.
    sign_in(visitor, "mo@example.org", "not the right password")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".nhsuk-error-message")).to_contain_text(
        "Enter a correct email address and password"
    )
    expect(page.get_by_label("Email address")).to_have_value("mo@example.org")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    visitor.submit("Sign in")
    expect(page).to_have_url(visitor.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")
    card = page.locator(".nhsuk-card").filter(has_text="Team Harbour")
    expect(card.get_by_role("link", name="Team Harbour")).to_be_visible()
    expect(card).to_contain_text("Your role: Team member")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.browser
def test_invited_person_sets_a_password_once(open_browser):
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    team = factories.make_team("Team Harbour")
    db.session.commit()
    team_id = team.id

    fay = open_browser()
    sign_in(fay, facilitator.email)
    fay.goto(f"/admin/teams/{team_id}")
    form = form_with_button(fay, "Add person")
    form.get_by_label("Email address").fill("nia@example.org")
    form.get_by_label("Full name").fill("Nia New")
    form.get_by_label("Team member", exact=True).check()
    response = fay.submit("Add person")
    assert response.status == 201
    expect(fay.page.get_by_role("heading", name="Nia New added as team member")).to_be_visible()
    invite_url = fay.page.locator("#invite-url").inner_text().strip()
    assert invite_url.startswith(f"{fay.base_url}/invitations/"), invite_url

    # Someone else, at another browser.
    nia = open_browser()
    nia.goto(invite_url)
    page = nia.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nia New")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    nia.submit("Set password and continue")
    expect(page).to_have_url(nia.url("/"))
    expect(page.get_by_text("Your password is set and you are signed in.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")
    card = page.locator(".nhsuk-card").filter(has_text="Team Harbour")
    expect(card).to_contain_text("Your role: Team member")
    expect(
        page.get_by_role("link", name="Nia New")
    ).to_be_visible()  # signed in: the header names her

    # The link works once.
    response = nia.goto(invite_url)
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation link cannot be used")
    expect(page.get_by_text("This invitation link has already been used")).to_be_visible()


@pytest.mark.browser
def test_facilitator_sets_up_a_team_and_its_people(visitor):
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    db.session.commit()
    page = visitor.page
    sign_in(visitor, facilitator.email)

    visitor.follow("Cohorts")
    expect(page.get_by_text("There are no cohorts yet.")).to_be_visible()
    page.get_by_label("Cohort name").fill("Leadership 2026–27")
    page.get_by_label("Start date").fill("2026-09-01")
    page.get_by_label("End date").fill("2027-08-31")
    visitor.submit("Create cohort")
    expect(page.get_by_text("Cohort 'Leadership 2026–27' created.")).to_be_visible()
    expect(page.get_by_role("table", name="Cohorts")).to_contain_text("Leadership 2026–27")

    visitor.follow("Host organisations")
    page.get_by_label("Organisation name").fill("Riverside Trust")
    page.get_by_label("Acute trust").check()
    visitor.submit("Add organisation")
    expect(page.get_by_text("Organisation 'Riverside Trust' added.")).to_be_visible()
    expect(page.get_by_role("table", name="Host organisations")).to_contain_text("Riverside Trust")

    visitor.follow("Teams")
    expect(page.get_by_text("There are no teams yet.")).to_be_visible()
    visitor.follow("Create a team")
    page.get_by_label("Team name").fill("Team Lighthouse")
    page.get_by_label("Cohort").select_option(label="Leadership 2026–27")
    page.get_by_label("Host organisation").select_option(label="Riverside Trust (acute trust)")
    page.get_by_label("Review title").fill("Reducing delayed discharges")
    visitor.submit("Create team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team Lighthouse")
    expect(page.get_by_text("Team 'Team Lighthouse' created. Now add its people.")).to_be_visible()
    expect(page.get_by_text("No one is in this team yet.")).to_be_visible()

    for email, name, role in [
        ("hana@example.org", "Hana Host", "Host partner"),
        ("asa@example.org", "Asa Assessor", "Assessor"),
    ]:
        form = form_with_button(visitor, "Add person")
        form.get_by_label("Email address").fill(email)
        form.get_by_label("Full name").fill(name)
        form.get_by_label(role, exact=True).check()
        assert visitor.submit("Add person").status == 201
        expect(page.get_by_role("heading", name=f"{name} added as {role.lower()}")).to_be_visible()
        expect(page.locator("#invite-url")).to_contain_text("/invitations/")

    people = page.get_by_role("table", name="People in Team Lighthouse")
    expect(people.get_by_role("row")).to_have_count(3)  # the header and two people
    for email, name, role in [
        ("hana@example.org", "Hana Host", "host"),
        ("asa@example.org", "Asa Assessor", "assessor"),
    ]:
        row = person_row(visitor, email)
        expect(row.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(row).to_contain_text("Invited")
        expect(row.get_by_label(f"Role of {name}")).to_have_value(role)

    visitor.follow("Audit log")
    events = page.get_by_role("table", name="Audit events, newest first")
    expect(events.locator("code", has_text=re.compile(r"^team\.created$"))).to_have_count(1)
    expect(events.locator("code", has_text=re.compile(r"^member\.added$"))).to_have_count(2)
    expect(events.get_by_role("row").filter(has_text="team.created")).to_contain_text(
        "Team Lighthouse"
    )


@pytest.mark.browser
def test_create_team_error_keeps_what_was_typed(visitor):
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    factories.make_cohort("Leadership 2026–27")
    factories.make_organisation("Riverside Trust")
    db.session.commit()
    page = visitor.page
    sign_in(visitor, facilitator.email)

    visitor.goto("/admin/teams/new")
    page.get_by_label("Cohort").select_option(label="Leadership 2026–27")
    page.get_by_label("Host organisation").select_option(label="Riverside Trust (acute trust)")
    page.get_by_label("Review title").fill("Joining up community mental health care")
    response = visitor.submit("Create team")
    assert response.status == 400
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter a team name")).to_have_attribute("href", "#name")
    expect(page.get_by_label("Team name")).to_have_value("")
    expect(page.get_by_label("Review title")).to_have_value(
        "Joining up community mental health care"
    )
    expect(page.get_by_label("Cohort")).to_have_value(re.compile(r"^[1-9]\d*$"))
    expect(page.get_by_label("Host organisation")).to_have_value(re.compile(r"^[1-9]\d*$"))


@pytest.mark.browser
def test_sign_out_ends_the_session(visitor):
    member = factories.make_user("Mo Member", "mo@example.org")
    db.session.commit()
    page = visitor.page
    sign_in(visitor, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")

    visitor.submit("Sign out")
    expect(page).to_have_url(visitor.url("/sign-in"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    visitor.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=(/|%2F)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
