"""The rubric pages in Chromium: a facilitator fixes a component's weights with the keyboard,
adds a criterion, sees an error keep what was typed, and every rubric page (and the team's
read-only rubric) passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from workspace.extensions import db
from workspace.marking.rubric_defaults import criteria_of, ensure_rubric

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def test_facilitator_edits_the_rubric_and_every_page_passes_axe(visitor: Visitor, open_browser, team_people):
    team, _member, _host = team_people
    factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    db.session.commit()
    cohort = team.cohort_id
    page = visitor.page
    sign_in(visitor, "fay@example.org")
    visitor.goto("/admin/cohorts")
    visitor.follow(f"Rubric for {team.cohort.name}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Marking rubric")
    expect(page.locator(".app-rubric-ready")).to_have_count(2)

    # add a presentation criterion with a mistake: the error keeps what was typed
    visitor.follow("Add a presentation criterion")
    page.get_by_label("Title", exact=True).fill("Use of time")
    page.get_by_label("Weight (% of the component)").fill("ten")
    page.get_by_label("Descriptor: Distinction (70% and above)").fill("Exactly on time")
    visitor.submit("Add criterion")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the weight as a whole percent from 0 to 100.")
    expect(page.get_by_label("Descriptor: Distinction (70% and above)")).to_have_value("Exactly on time")
    page.get_by_label("Weight (% of the component)").fill("10")
    visitor.submit("Add criterion")
    expect(page.locator("main")).to_contain_text("The presentation's criteria weigh 110% in all")

    # fix the weights in one form, by keyboard only
    visitor.follow("Edit the presentation's weights")
    rows = [c for c in criteria_of(cohort) if c.component == "presentation"]
    first = page.get_by_label(f"{rows[0].title} (%)")
    first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(rows[0].weight - 10))
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form sends from the keyboard
    visitor.check()
    expect(page.locator("main")).to_contain_text("Weights saved.")
    expect(page.locator(".app-rubric-ready")).to_have_count(2)

    # the other pages
    visitor.follow("Change the bands and weighting")
    visitor.goto(f"/admin/cohorts/{cohort}/rubric/criteria/{rows[1].id}")
    visitor.goto(f"/admin/cohorts/{cohort}/rubric/criteria/{rows[1].id}/remove")
    visitor.submit("Remove criterion")
    expect(page.locator("main")).to_contain_text("removed")

    # the team's read-only rubric
    member = open_browser()
    sign_in(member, "mo@example.org")
    member.goto(f"/teams/{team.id}/rubric")
    expect(member.page.locator("main")).to_contain_text("Recommendations and their case")


def test_the_rubric_page_when_marking_has_started_passes_axe(visitor: Visitor, team_people):
    team, member, _host = team_people
    factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    ensure_rubric(team.cohort)
    first = criteria_of(team.cohort_id)[0]
    first.weight -= 5  # and a component not ready: the readiness summary shows
    db.session.commit()
    from workspace.assessment import operations as assessment_ops
    from workspace.marking.models import Marking

    assessor = factories.make_user("Asa Assessor", "asa@example.org")
    factories.add_member(team, assessor, "assessor")
    submission = assessment_ops.submit(team, member).submission
    db.session.add(Marking(team_id=team.id, submission_id=submission.id, assessor_id=assessor.id))
    db.session.commit()
    sign_in(visitor, "fay@example.org")
    visitor.goto(f"/admin/cohorts/{team.cohort_id}/rubric")
    expect(visitor.page.locator("main")).to_contain_text("Marking has started")
    expect(visitor.page.locator("main")).to_contain_text("The report's criteria weigh 95% in all")
    visitor.goto(f"/admin/cohorts/{team.cohort_id}/rubric/bands")
    visitor.goto(f"/admin/cohorts/{team.cohort_id}/rubric/report/weights")
