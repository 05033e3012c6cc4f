"""The programme timeline in Chromium: a facilitator adds an event (after an error that keeps
what was typed), the team page shows it among the next events, the team's timeline lists it,
and a member creates a calendar feed address; every page passes axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from workspace.extensions import db
from workspace.framework.timeline_queries import london_today

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def test_facilitator_adds_an_event_and_the_team_page_shows_it(visitor: Visitor, open_browser, team_people):
    team, _member, _host = team_people
    factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    db.session.commit()
    soon = london_today() + timedelta(days=10)
    page = visitor.page
    sign_in(visitor, "fay@example.org")
    visitor.goto(f"/admin/cohorts/{team.cohort_id}/edit")
    visitor.follow("Programme timeline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme timeline")
    expect(page.locator("main")).to_contain_text("No events yet")

    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Title").fill("Building leadership wellbeing")
    page.get_by_label("Date", exact=True).fill(soon.isoformat())
    page.get_by_label("Start time (optional)").fill("13:00")
    page.get_by_label("End time (optional)").fill("12:00")
    page.get_by_label("Location (optional)").fill("Online")
    visitor.submit("Add event")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The end time must be after the start time")
    expect(page.get_by_label("Title")).to_have_value("Building leadership wellbeing")
    page.get_by_label("End time (optional)").fill("16:00")
    visitor.submit("Add event")
    expect(page.locator("main")).to_contain_text("“Building leadership wellbeing” added to the timeline.")
    expect(page.locator(".app-timeline")).to_contain_text("13:00 to 16:00")

    visitor.follow("Building leadership wellbeing")  # the edit page
    expect(page.get_by_label("Start time (optional)")).to_have_value("13:00")
    visitor.follow("Remove this event")  # the confirmation only
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove “Building leadership wellbeing”")
    visitor.follow("Cancel")

    member = open_browser()
    sign_in(member, "mo@example.org")
    member.goto(f"/teams/{team.id}")
    next_events = member.page.locator(".app-next-events")
    expect(next_events).to_contain_text("Building leadership wellbeing")
    expect(next_events).to_contain_text("Workshop")
    member.follow("The whole programme timeline")
    expect(member.page.locator(".app-timeline")).to_contain_text("Building leadership wellbeing")
    member.follow("Subscribe in your calendar app")
    member.submit("Create a calendar feed address")
    expect(member.page.locator("#calendar-feed-url")).to_contain_text("/calendar/")
    member.follow("Back to your account")
    expect(member.page.locator("#calendar ~ table")).to_contain_text("Never")
    from sqlalchemy import select

    from workspace.framework.models import CalendarToken

    token = db.session.scalar(select(CalendarToken.id))
    member.goto(f"/account/calendar/{token}/revoke")
    member.submit("Revoke address")
    expect(member.page.locator("main")).to_contain_text("The calendar feed address has been revoked")
    expect(member.page.locator("#calendar ~ table")).to_contain_text("Revoked")


def test_long_unbroken_titles_wrap_and_the_facilitators_pages_fit_a_phone(open_browser, team_people):
    """A 50-letter title with no spaces (the longest word a facilitator might paste) and a long
    location wrap on the team's timeline, its page's "what's next" panel and the facilitator's
    timeline; the framework editor fits 375 px too."""
    from workspace.framework import admin_operations as admin_ops
    from workspace.framework import timeline as ops
    from workspace.framework.setup import ensure_framework
    from workspace.models import Cohort

    team, _member, _host = team_people
    fay = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    cohort = db.session.get(Cohort, team.cohort_id)
    soon = london_today() + timedelta(days=3)
    for kind in ("seminar", "report_due"):
        ops.add_event(cohort, fay, {"kind": kind, "title": "Z" * 50, "starts_on": soon.isoformat(),
                                    "location": "Y" * 60})
    ensure_framework(cohort)
    admin_ops.add_behaviour(cohort, {"group": "theme:Being", "name": "X" * 45, "description": ""}, fay)
    db.session.commit()
    for who, paths in (("mo@example.org", [f"/teams/{team.id}/timeline", f"/teams/{team.id}"]),
                       ("fay@example.org", [f"/admin/cohorts/{cohort.id}/timeline",
                                            f"/admin/cohorts/{cohort.id}/framework"])):
        visitor = open_browser()
        visitor.page.set_viewport_size({"width": 375, "height": 800})
        sign_in(visitor, who)
        for path in paths:
            visitor.goto(path)
            expect(visitor.page.locator("main")).to_contain_text("Z" * 50 if "framework" not in path else "X" * 45)
            wide = visitor.page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= 375, (path, wide)


def test_the_framework_editor_says_a_submitted_teams_behaviour_cannot_be_removed(open_browser, team_people):
    """The confirmation page names the submitted team and offers renaming (axe-core, 375 px)."""
    from workspace.assessment import operations as assessment_ops
    from workspace.framework import tags as tag_ops
    from workspace.framework.setup import ensure_framework, framework_of
    from workspace.models import Cohort
    from workspace.qi import action_operations as action_ops

    team, member, _host = team_people
    factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    cohort = db.session.get(Cohort, team.cohort_id)
    ensure_framework(cohort)
    behaviour = framework_of(cohort.id).domains[0].behaviours[0]
    action = action_ops.create(team, member, {"title": "Ring the provider"})
    tag_ops.add_tag(team, "action", action.id, f"behaviour:{behaviour.id}", member)
    assessment_ops.submit(team, member)
    visitor = open_browser()
    visitor.page.set_viewport_size({"width": 375, "height": 800})
    sign_in(visitor, "fay@example.org")
    visitor.goto(f"/admin/cohorts/{cohort.id}/framework/behaviours/{behaviour.id}/remove")
    expect(visitor.page.locator(".nhsuk-warning-callout")).to_contain_text(
        "Team Harbour has submitted work that uses it: rename it instead")
    expect(visitor.page.get_by_role("button", name="Remove behaviour")).to_have_count(0)
    assert visitor.page.evaluate("() => document.documentElement.scrollWidth") <= 375
    visitor.follow("Rename it instead")
    expect(visitor.page.get_by_label("Name")).to_have_value(behaviour.name)
