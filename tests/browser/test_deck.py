"""The frozen deck in the browser: after the team submits, an assessor's submission page shows
the presentation's SHA-256 beside the Word report's, and the deck downloaded from its link has
that hash and opens as a 16:9 deck. Every page visited is checked with axe-core (conftest.py)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pptx import Presentation

from tests import factories
from workspace.assessment import operations as assessment_ops
from workspace.extensions import db
from workspace.presentation.layout import ensure_deck
from workspace.presentation.queries import slides_of

from .test_flows import sign_in


@pytest.mark.browser
def test_assessor_downloads_the_frozen_deck_whose_hash_the_page_shows(open_browser, tmp_path: Path):
    team = factories.make_team("Team Harbour")
    member = factories.make_user("Mo Member", "mo@example.org")
    assessor = factories.make_user("Asa Assessor", "asa@example.org")
    factories.add_member(team, member, "member")
    factories.add_member(team, assessor, "assessor")
    db.session.commit()
    ensure_deck(team)
    slides_of(team)[1].title = "Why discharges wait"
    db.session.commit()
    submission = assessment_ops.submit(team, member).submission
    team_id, stored = team.id, submission.pptx_sha256

    asa = open_browser()
    sign_in(asa, assessor.email)
    asa.goto(f"/teams/{team_id}/submission")
    page = asa.page
    shown = page.locator("#submitted-pptx-sha256").inner_text().strip()
    assert shown == stored
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the submitted presentation").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert download.suggested_filename.startswith("Team Harbour - presentation ")
    assert download.suggested_filename.endswith(".pptx")
    data = saved.read_bytes()
    assert hashlib.sha256(data).hexdigest() == shown
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == 11 and deck.slides[1].shapes.title.text_frame.text == "Why discharges wait"
    expect(page.get_by_text("Presentation SHA-256")).to_be_visible()
