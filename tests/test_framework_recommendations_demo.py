"""The demo's recommendations: Harbour's four, linked to its findings (the current-state
section, the discharge measure, the process map), with interventions from the cohort's menu,
criteria assessed on three (one left unassessed) and Helen Marsh's responses to two; Meridian's
two, one answered, in the Word report frozen when Meridian submitted."""

from __future__ import annotations

import io

import docx
import pytest
from flask import current_app
from sqlalchemy import select

from workspace.assessment.models import Submission
from workspace.extensions import db
from workspace.framework import recommendation_queries as queries
from workspace.models import Team, User


@pytest.fixture
def seeded(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return {name: db.session.scalar(select(Team).where(Team.name == name)) for name in ("Team Harbour", "Team Meridian")}


def test_harbours_register(seeded):
    team = seeded["Team Harbour"]
    rows = queries.register(team)
    assert len(rows) == 4
    assert all(row.intervention for row in rows)
    assert [row.score.label for row in rows].count("Not assessed") == 1
    assert rows[0].score.label == "4 of 5 met" and rows[2].score.label == "3.5 of 4 met (4 of 5 assessed)"
    helen = db.session.scalar(select(User).where(User.email == "helen.marsh@demo.example"))
    answered = [row.recommendation for row in rows if row.recommendation.host_response]
    assert [r.host_response for r in answered] == ["accept", "consider"]
    assert {r.host_responded_by_id for r in answered} == {helen.id}
    with current_app.test_request_context():  # targets link with url_for
        kinds = {kind for row in rows for kind, _target in queries.linked_findings(team, row.recommendation, helen)}
    assert kinds == {"section", "measure", "process_map"}


def test_meridians_frozen_report_carries_its_register(seeded):
    team = seeded["Team Meridian"]
    assert len(queries.register(team)) == 2
    submission = db.session.scalar(select(Submission).where(Submission.team_id == team.id))
    texts = [p.text for p in docx.Document(io.BytesIO(submission.docx)).paragraphs]
    assert any(t.startswith("Table") and "recommendations register: 2 recommendations" in t for t in texts)
    assert any(t.startswith("Table") and "host partner's responses" in t for t in texts)
