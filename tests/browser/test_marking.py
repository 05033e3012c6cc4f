"""Two assessors mark a submitted team independently and finalise, the facilitator agrees the
marks and releases them, and a member reads the feedback. axe-core checks every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.test_marking_flow import make_rubric
from workspace.assessment import operations as assessment_ops
from workspace.extensions import db

from .test_flows import sign_in


def _mark(visitor, team_id: int, criteria, scores: dict[str, str], words: str) -> None:
    page = visitor.page
    visitor.goto(f"/teams/{team_id}/submission")
    visitor.follow("Your marking")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your marking")
    for key, score in scores.items():
        title = criteria[key].title
        page.get_by_label(f"Score for {title}, 0 to {criteria[key].max_score}").fill(score)
        page.get_by_label(f"Feedback on {title.lower()}").fill(f"{words} on {title.lower()}.")
    page.get_by_label("Overall feedback").fill(f"{words} overall.")
    visitor.submit("Save draft")
    expect(page.get_by_text("Your draft marking is saved.")).to_be_visible()
    visitor.follow("Finalise your marking")
    expect(page.get_by_role("heading", level=1)).to_have_text("Finalise your marking?")
    visitor.submit("Finalise marking")
    expect(page.get_by_text("You finalised your marking on")).to_be_visible()


@pytest.mark.browser
def test_two_assessors_mark_the_facilitator_agrees_and_releases_the_member_reads(open_browser):
    cohort = factories.make_cohort("Cohort 2026–27")
    team = factories.make_team("Team Harbour", cohort)
    member = factories.make_user("Mo Member", "mo@example.org")
    asa = factories.make_user("Asa Assessor", "asa@example.org")
    bea = factories.make_user("Bea Second", "bea@example.org")
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    factories.add_member(team, member, "member")
    factories.add_member(team, asa, "assessor")
    factories.add_member(team, bea, "assessor")
    db.session.commit()
    criteria = make_rubric(cohort.id)
    assessment_ops.submit(team, member)
    team_id = team.id

    first = open_browser()
    sign_in(first, asa.email)
    # a score out of range is refused, naming the criterion, and what was typed stays
    first.goto(f"/teams/{team_id}/marking/mine")
    first.page.get_by_label("Score for Recommendations, 0 to 20").fill("25")
    first.page.get_by_label("Feedback on recommendations").fill("Kept words")
    first.submit("Save draft")
    expect(first.page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(first.page.get_by_role("link", name="The score for 'Recommendations' must be a whole number from 0 to 20")) \
        .to_be_visible()
    expect(first.page.get_by_label("Feedback on recommendations")).to_have_value("Kept words")
    _mark(first, team_id, criteria, {"recs": "15", "evidence": "8", "delivery": "71"}, "Asa's view")
    expect(first.page.get_by_text("No other assessor has marked this submission.")).to_be_visible()

    second = open_browser()
    sign_in(second, bea.email)
    _mark(second, team_id, criteria, {"recs": "13", "evidence": "7", "delivery": "64"}, "Bea's view")
    expect(second.page.get_by_text("Asa's view overall.")).to_be_visible()  # both final: each sees the other

    fay = open_browser()
    sign_in(fay, facilitator.email)
    fay.goto(f"/teams/{team_id}/marking")
    page = fay.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Marking and agreement")
    expect(page.get_by_label("Agreed report mark (%)")).to_have_value("72")
    expect(page.get_by_label("Agreed presentation mark (%)")).to_have_value("68")
    page.get_by_label("How the marks were agreed").fill("Agreed at the mean after a call.")
    page.get_by_label("Feedback for the team").fill("A clear review with **practical** recommendations.")
    fay.submit("Record the agreed marks")
    expect(page.get_by_text("70% · Distinction")).to_be_visible()
    fay.follow("Release to the team")
    fay.submit("Release to the team")
    expect(page.get_by_text("The marks and feedback are released")).to_be_visible()
    fay.goto(f"/admin/cohorts/{cohort.id}/marking")
    expect(page.get_by_role("row").filter(has_text="Team Harbour")).to_contain_text("Released")

    mo = open_browser()
    sign_in(mo, member.email)
    mo.goto(f"/teams/{team_id}")
    mo.follow("Read your marks and feedback")
    expect(mo.page.get_by_role("heading", level=1)).to_have_text("Assessment feedback")
    expect(mo.page.get_by_role("heading", name="Overall: 70% · Distinction")).to_be_visible()
    expect(mo.page.get_by_text("Bea's view overall.")).to_be_visible()
    expect(mo.page.get_by_text("Bea Second")).to_have_count(0)
    expect(mo.page.locator("strong", has_text="practical")).to_be_visible()


@pytest.mark.browser
def test_the_cohort_marking_overview_fits_a_phone(open_browser, tmp_path):
    """At 375px the overview stacks each team (the NHS.UK responsive table): nothing wider than
    the screen, and the "Released" column stays in view."""
    from datetime import UTC, datetime

    from workspace.marking.models import Moderation

    cohort = factories.make_cohort("Cohort 2026–27")
    team = factories.make_team("Team Harbour with a rather long name", cohort)
    factories.make_team("Team Compass", cohort)
    member = factories.make_user("Mo Member", "mo@example.org")
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    factories.add_member(team, member, "member")
    db.session.commit()
    make_rubric(cohort.id)
    submission = assessment_ops.submit(team, member).submission
    db.session.add(Moderation(team_id=team.id, submission_id=submission.id, report_mark=72, presentation_mark=68,
                              overall_mark=70, band="Distinction", note="", feedback="Well done",
                              agreed_by_id=facilitator.id, released_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC)))
    db.session.commit()

    fay = open_browser()
    sign_in(fay, facilitator.email)
    page = fay.page
    page.set_viewport_size({"width": 375, "height": 812})
    fay.goto(f"/admin/cohorts/{cohort.id}/marking")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    tag = page.locator("strong.nhsuk-tag", has_text="Released")
    expect(tag).to_be_visible()
    box = tag.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    expect(page.get_by_role("row").filter(has_text="Team Compass")).to_contain_text("Not yet")
    page.screenshot(path=str(tmp_path / "cohort-marking-375.png"), full_page=True)


@pytest.mark.browser
def test_an_assessor_early_is_told_there_is_nothing_to_mark_yet(open_browser, tmp_path):
    cohort = factories.make_cohort("Cohort 2026–27")
    team = factories.make_team("Team Harbour", cohort)
    asa = factories.make_user("Asa Assessor", "asa@example.org")
    factories.add_member(team, asa, "assessor")
    db.session.commit()
    make_rubric(cohort.id)

    first = open_browser()
    sign_in(first, asa.email)
    response = first.goto(f"/teams/{team.id}/marking/mine")
    assert response.status == 403
    page = first.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing to mark yet")
    expect(page.get_by_text("Team Harbour has not submitted its review yet, so there is nothing to mark.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "nothing-to-mark.png"), full_page=True)
    first.follow("Go back to your teams")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.browser
def test_the_reopen_page_says_what_happens_to_the_marking(open_browser, tmp_path):
    from tests.test_marking_flow import full
    from workspace.marking import marking_operations as marking_ops

    cohort = factories.make_cohort("Cohort 2026–27")
    team = factories.make_team("Team Harbour", cohort)
    member = factories.make_user("Mo Member", "mo@example.org")
    asa = factories.make_user("Asa Assessor", "asa@example.org")
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    factories.add_member(team, member, "member")
    factories.add_member(team, asa, "assessor")
    db.session.commit()
    criteria = make_rubric(cohort.id)
    submission = assessment_ops.submit(team, member).submission
    marking_ops.save(team, asa, full(criteria, 15, 8, 71, "Fine"))

    fay = open_browser()
    sign_in(fay, facilitator.email)
    fay.goto(f"/teams/{team.id}/submissions/{submission.id}/reopen")
    page = fay.page
    expect(page.get_by_role("heading", name="What happens to the marking")).to_be_visible()
    expect(page.get_by_text("1 assessor has started but not finalised.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "reopen.png"), full_page=True)
