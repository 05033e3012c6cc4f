"""The demo's marking story: Meridian marked by two assessors, both final, agreed at the mean of
their component marks and released, so Meridian's members read their feedback and Harbour's do not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.extensions import db
from workspace.marking import queries
from workspace.models import Team, User

from .conftest import Client


@pytest.fixture
def seeded(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "leah.goldberg@demo.example" in result.output
    return {name: db.session.scalar(select(Team).where(Team.name == name)) for name in ("Team Harbour", "Team Meridian")}


def _person(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@demo.example"))


def test_meridian_is_marked_agreed_and_released(app, seeded):
    meridian = seeded["Team Meridian"]
    submission = queries.standing_submission(meridian)
    markings = queries.markings_of(submission)
    assert [m.status for m in markings] == ["final", "final"]
    assert {m.assessor_id for m in markings} == {_person("samuel.reid").id, _person("leah.goldberg").id}
    views = queries.views_of(markings, queries.criteria_of(meridian.cohort_id), markings)
    moderation = queries.released_moderation(meridian)
    assert moderation is not None and moderation.note
    means = queries.mean_marks(views)
    assert (moderation.report_mark, moderation.presentation_mark) == (means["report"], means["presentation"])
    member = Client(app.test_client()).sign_in_as(_person("marcus.bell"))
    page = member.get(f"/teams/{meridian.id}/feedback")
    assert page.status_code == 200 and moderation.band in page.get_data(as_text=True)
    assert "Read your marks and feedback" in member.get(f"/teams/{meridian.id}").get_data(as_text=True)
    harbour = Client(app.test_client()).sign_in_as(_person("aisha.khan"))
    assert harbour.get(f"/teams/{seeded['Team Harbour'].id}/feedback").status_code == 404
    host = Client(app.test_client()).sign_in_as(_person("ravi.patel"))
    assert host.get(f"/teams/{meridian.id}/feedback").status_code == 404
