"""The demo's reflections and canvases: Harbour's members have private and shared reflections
dated across the programme so far, one quoted in Harbour's report; both canvases are filled, and
Meridian's frozen Word report carries its canvas (it was seeded before Meridian submitted)."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import select

from workspace.extensions import db
from workspace.framework import reflections as reflection_ops
from workspace.framework import scope as scope_ops
from workspace.framework.models import Reflection
from workspace.models import Team, User
from workspace.report import operations as report_ops


@pytest.fixture
def seeded(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return {name: db.session.scalar(select(Team).where(Team.name == name)) for name in ("Team Harbour", "Team Meridian")}


def _person(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@demo.example"))


def test_harbours_reflections(seeded, app):
    team = seeded["Team Harbour"]
    rows = list(db.session.scalars(select(Reflection).where(Reflection.team_id == team.id)))
    assert len({r.author_id for r in rows}) >= 3
    assert any(r.shared_at for r in rows) and any(r.shared_at is None for r in rows)
    assert all(r.written_on <= reflection_ops.today() for r in rows)
    assert (max(r.written_on for r in rows) - min(r.written_on for r in rows)).days > 60
    with app.test_request_context():
        aisha, tom = _person("aisha.khan"), _person("tom.whitfield")
        aishas_private = next(r for r in rows if r.author_id == aisha.id and r.shared_at is None)
        assert reflection_ops.get_reflection_for(team, aishas_private.id, aisha) is not None
        assert reflection_ops.get_reflection_for(team, aishas_private.id, tom) is None
    from workspace.framework.tag_queries import tags_of

    tags = tags_of(team, "reflection", [r.id for r in rows])
    names = {t.name for items in tags.values() for t in items}
    assert {"Leading without and beyond authority", "Trust"} <= names and len(tags) == len(rows)
    body = report_ops.get_section(team, "reflections").body
    assert "> — Aisha Khan" in body and "listening first" in body


def test_both_canvases_are_filled_and_meridians_frozen_report_carries_it(seeded):
    for team in seeded.values():
        assert not scope_ops.is_empty(scope_ops.canvas_of(team))
    from workspace.assessment.models import Submission

    meridian = seeded["Team Meridian"]
    frozen = db.session.scalar(select(Submission).where(Submission.team_id == meridian.id))
    assert frozen.failed_parts == []
    document = docx.Document(io.BytesIO(frozen.docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Priorities" in cells and any("shared frailty register" in c for c in cells)
