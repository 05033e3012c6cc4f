"""The export pages in Chromium: a member places a part on the settings page and downloads the
review copy from the report overview. Every page is checked with axe-core (see conftest.py)."""

from __future__ import annotations

import io

import docx
import pytest
from playwright.sync_api import expect

from workspace.exports import parts as registry
from workspace.exports.parts import Table

from .test_report import make_report, sign_in


@pytest.fixture
def measures_part():
    def qi_parts(team, audience):
        return [Table("measures", "improvement", "Outcome measures", ["Measure", "Target"], [["Delays", "40"]])]

    # Its own name: registering and then unregistering "qi" would take the real QI feature's parts
    # out of every later export in the run.
    registry.register_parts("measures-under-test", qi_parts)
    yield
    registry.unregister_parts("measures-under-test")


@pytest.mark.browser
def test_member_places_a_part_and_downloads_the_review_copy(visitor, measures_part):
    report = make_report()
    sign_in(visitor, report.amy)
    visitor.goto(f"/teams/{report.team_id}/report")
    visitor.follow("Export settings")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Export settings")
    visitor.page.get_by_role("group", name="Where “Outcome measures” goes").get_by_label("Appendix").check()
    visitor.submit("Save export settings")
    expect(visitor.page.get_by_text("Export settings saved.")).to_be_visible()

    visitor.goto(f"/teams/{report.team_id}/report")
    with visitor.page.expect_download() as download:
        visitor.page.get_by_role("link", name="Download the review copy (Word, .docx)").click()
    assert download.value.suggested_filename == "Team Harbour - review copy.docx"
    document = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    texts = [p.text for p in document.paragraphs]
    assert "Appendix A: Outcome measures" in texts
