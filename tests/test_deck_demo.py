"""The demo's decks: Team Harbour's eleven slides with presenters spread over its members, a bit
under the 20-minute slot, notes and four figures that build; Team Meridian's smaller deck frozen
in its submission, byte for byte what its download serves."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from sqlalchemy import func, select

from workspace.assessment.models import Submission
from workspace.exports.pptx import build_deck_pptx
from workspace.extensions import db
from workspace.models import Team, User
from workspace.presentation.models import Slide, SlideRevision
from workspace.presentation.queries import slides_of, slot_minutes

from .test_deck_pptx import pictures, read


@pytest.fixture
def seeded(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return {name: db.session.scalar(select(Team).where(Team.name == name)) for name in ("Team Harbour", "Team Meridian")}


def test_harbours_deck_is_written_timed_and_illustrated(seeded):
    team = seeded["Team Harbour"]
    slides = slides_of(team)
    assert len(slides) == 11
    total = sum(s.seconds for s in slides)
    slot = slot_minutes(team.cohort_id) * 60
    assert slot - 120 <= total < slot  # a bit under the slot
    presenters = Counter(s.presenter_id for s in slides)
    assert None not in presenters and len(presenters) == 4 and max(presenters.values()) <= 3
    assert all(s.notes.strip() and s.body.strip() for s in slides)
    figures = [s.figure_key for s in slides if s.figure_key]
    assert len(figures) == 4
    assert {"stakeholders/grid", "qi/driver-diagram"} <= set(figures)
    assert any(key.startswith("process_maps/") for key in figures) and any(key.startswith("qi/measure-") for key in figures)
    # Every slide has revisions 1..version, as a slide saved in the app has.
    for slide in slides:
        versions = sorted(db.session.scalars(select(SlideRevision.version).where(SlideRevision.slide_id == slide.id)))
        assert versions == list(range(1, slide.version + 1)) and slide.version == 2

    build = build_deck_pptx(team, "team")
    assert build.failed_parts == []
    deck = read(build.pptx)
    assert len(deck.slides) == 11
    assert sum(1 for slide in deck.slides if pictures(slide)) == 4
    aisha = db.session.scalar(select(User).where(User.email == "aisha.khan@demo.example"))
    assert deck.slides[0].notes_slide.notes_text_frame.text.startswith(f"Presenter: {aisha.name} \u00b7 1 min")


def test_meridians_submission_froze_its_smaller_deck(seeded, make_client):
    team = seeded["Team Meridian"]
    submission = db.session.scalar(select(Submission).where(Submission.team_id == team.id))
    assert submission.pptx is not None and submission.pptx_failed_parts == []
    assert submission.pptx_sha256 == hashlib.sha256(submission.pptx).hexdigest()
    deck = read(submission.pptx)
    live = db.session.scalar(select(func.count()).select_from(Slide).where(Slide.team_id == team.id,
                                                                         Slide.deleted_at.is_(None)))
    assert len(deck.slides) == live == 7
    assert sum(1 for slide in deck.slides if pictures(slide)) == 3
    assessor = db.session.scalar(select(User).where(User.email == "samuel.reid@demo.example"))
    response = make_client(assessor).get(f"/teams/{team.id}/presentation.pptx")
    assert response.status_code == 200 and response.data == submission.pptx
