"""A member submits the report, an assessor downloads it, and the hashes match; the facilitator
reopens it. Every page visited is checked with axe-core (see conftest.py)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from workspace.assessment.queries import today_in_uk
from workspace.extensions import db
from workspace.report import operations as report_ops

from .test_flows import sign_in


@pytest.mark.browser
def test_member_submits_assessor_downloads_the_same_file(open_browser, tmp_path: Path):
    cohort = factories.make_cohort("Cohort 2026–27")
    cohort.report_due_on = today_in_uk() + timedelta(days=10)
    cohort.declaration_text = "We declare that this report is our own work."
    team = factories.make_team("Team Harbour", cohort)
    member = factories.make_user("Mo Member", "mo@example.org")
    assessor = factories.make_user("Asa Assessor", "asa@example.org")
    facilitator = factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    factories.add_member(team, member, "member")
    factories.add_member(team, assessor, "assessor")
    db.session.commit()
    report_ops.sections_for(team)
    report_ops.save_section(team, "introduction", "Riverside runs two acute sites.\n", 0, member)
    team_id = team.id

    mo = open_browser()
    sign_in(mo, member.email)
    mo.goto(f"/teams/{team_id}")
    expect(mo.page.get_by_text("10 days left")).to_be_visible()
    mo.follow("Check the report and submit it")
    page = mo.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit the report")
    expect(page.locator("#check-empty")).to_contain_text("12 sections are empty")
    expect(page.locator("#check-final")).to_contain_text("To do")
    # The declaration must be confirmed: the page says so and nothing is submitted.
    mo.submit("Submit report for assessment")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label("We confirm the declaration above on behalf of our team").check()
    mo.submit("Submit report for assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Submitted report")
    shown_hash = page.locator("#submitted-sha256").inner_text().strip()
    expect(page.get_by_text("Riverside runs two acute sites.")).to_be_visible()

    asa = open_browser()
    sign_in(asa, assessor.email)
    row = asa.page.get_by_role("row").filter(has_text="Team Harbour")
    expect(row).to_contain_text("Submitted")
    with asa.page.expect_download() as download_info:
        row.get_by_role("link", name="Download").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert download.suggested_filename.endswith(".docx")
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == shown_hash

    fay = open_browser()
    sign_in(fay, facilitator.email)
    fay.goto(f"/teams/{team_id}/submission")
    fay.follow("Reopen this submission")
    fay.submit("Reopen the submission")  # no reason: the error, and nothing reopened
    expect(fay.page.get_by_role("heading", name="There is a problem")).to_be_visible()
    fay.page.get_by_label("Why is the submission being reopened?").fill("The appendix was missing.")
    fay.submit("Reopen the submission")
    expect(fay.page.get_by_role("heading", level=1)).to_have_text("Submit the report")
    expect(fay.page.get_by_text("Reason: The appendix was missing.")).to_be_visible()
