"""The demo's QI story: Team Harbour's aim, driver diagram (one idea from a process-map pain
point), a ramp of three PDSA cycles and a running one, three measures with a shift and a rebase,
ten actions (two overdue, one blocked) and a host partner's thread on a measure; the overview
shows it and the Word report carries its figures; Meridian's submitted report carries its own."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from flask import current_app
from sqlalchemy import select

from workspace.exports.word import build_report_docx
from workspace.extensions import db
from workspace.models import Membership, Team, User
from workspace.processes.models import ProcessNote
from workspace.processes.queries import pain_point_idea_ids
from workspace.qi import action_queries, queries
from workspace.qi.models import Action, PdsaCycle
from workspace.report.models import Comment

from .conftest import Client


@pytest.fixture
def seeded(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return {name: db.session.scalar(select(Team).where(Team.name == name)) for name in ("Team Harbour", "Team Meridian")}


def _person(local: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local}@demo.example"))


def test_harbours_story(seeded):
    team = seeded["Team Harbour"]
    tree = queries.driver_tree(team)
    assert "3.5 to 2 days by 31 March" in tree.aim
    assert len(tree.primaries) == 3 and all(2 <= len(p.children) <= 3 for p in tree.primaries)
    ideas = [i for p in tree.primaries for s in p.children for i in s.ideas]
    assert 6 <= len(ideas) <= 8
    from_pain = [i for i in ideas if i.from_pain_point]
    assert len(from_pain) == 1 and from_pain[0].id in pain_point_idea_ids(team)
    assert db.session.scalar(select(ProcessNote.kind).where(ProcessNote.change_idea_id == from_pain[0].id)) == \
        "pain_point"
    cycles = list(db.session.scalars(select(PdsaCycle).where(PdsaCycle.team_id == team.id).order_by(PdsaCycle.id)))
    ramp = cycles[:3]
    assert [c.decision for c in ramp] == ["adapt", "adapt", "adopt"]
    assert [c.follows_id for c in ramp] == [None, ramp[0].id, ramp[1].id]
    assert len({c.change_idea_id for c in ramp}) == 1
    assert cycles[3].status == "running" and cycles[3].change_idea_id != ramp[0].change_idea_id

    series = queries.measure_series(team)
    assert sorted(s.kind for s in series) == ["balancing", "outcome", "process"]
    outcome = next(s for s in series if s.kind == "outcome")
    assert 20 <= len(outcome.points) <= 26 and outcome.target == 2.0 and outcome.better == "down"
    rebase = next(k for k, p in enumerate(outcome.points) if p.rebase)
    assert outcome.points[rebase].on > ramp[2].ended_on >= outcome.points[rebase - 1].on
    assert all(p.value > 3 for p in outcome.points[:rebase]) and all(p.value < 2.7 for p in outcome.points[rebase:])
    assert any(m.kind == "pdsa" and "(adopt)" in m.label for m in outcome.markers)
    assert any(m.kind == "annotation" for m in outcome.markers)

    actions = action_queries.all_actions(team)
    assert len(actions) == 10
    late, total = action_queries.overdue(team)
    assert total == 2
    assert sum(a.status == "blocked" for a in actions) == 1
    assert all(a.domain for a in actions)
    assert any(a.pdsa_id for a in actions) and any(a.stakeholder_id for a in actions) and any(a.change_idea_id
                                                                                            for a in actions)
    members = set(db.session.scalars(select(Membership.user_id).where(Membership.team_id == team.id,
                                                                      Membership.role == "member")))
    assert {a.owner_id for a in actions} <= members

    host = _person("helen.marsh")
    thread = db.session.scalars(select(Comment).where(Comment.team_id == team.id, Comment.target_type == "measure")).all()
    assert any(c.author_id == host.id and c.parent_id is None for c in thread) and any(c.parent_id for c in thread)


def test_done_actions_were_completed_around_their_due_dates(seeded):
    done = list(db.session.scalars(select(Action).where(Action.status == "done")))
    assert len(done) == 5 and all(a.due_on and a.completed_on for a in done)
    late = [a for a in done if a.completed_on > a.due_on]
    assert len(late) <= 1 and all((a.completed_on - a.due_on).days <= 5 for a in late)
    assert all(a.completed_on < action_queries.today() for a in done)  # not the seeding day


def test_the_overview_shows_it(seeded, app):
    team = seeded["Team Harbour"]
    page = Client(app.test_client()).sign_in_as(_person("aisha.khan")).get(f"/teams/{team.id}/qi")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for expected in ("3.5 to 2 days", "Driver diagram", "Bridging reablement for east-city postcodes",
                     "2 actions overdue", "Days from medically fit to discharge", "30-day readmissions"):
        assert expected in html, expected
    team_page = Client(app.test_client()).sign_in_as(_person("helen.marsh")).get(f"/teams/{team.id}")
    assert "2 actions overdue" in team_page.get_data(as_text=True)


def test_the_word_report_has_the_figures(seeded):
    team = seeded["Team Harbour"]
    with current_app.test_request_context():
        result = build_report_docx(team, "team")
    assert result.failed_parts == []
    document = docx.Document(io.BytesIO(result.docx))
    captions = [p.text for p in document.paragraphs if p.text.startswith("Figure")]
    assert any("Driver diagram" in c for c in captions)
    for name in ("Days from medically fit to discharge", "Discharges with the checklist done", "30-day readmissions"):
        assert any(c.endswith(name) for c in captions), (name, captions)
    with zipfile.ZipFile(io.BytesIO(result.docx)) as archive:
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) >= 4


def test_meridian_submitted_with_its_qi_work(seeded):
    team = seeded["Team Meridian"]
    assert team.is_submitted
    assert queries.aim_of(team) is not None and len(queries.measure_series(team)) == 1
    assert db.session.scalar(select(Action.id).where(Action.team_id == team.id)) is not None
    tree = queries.driver_tree(team)
    assert any(i.from_pain_point for p in tree.primaries for s in p.children for i in s.ideas)
    # the frozen Word file the assessor downloads carries the QI work
    from workspace.assessment.models import Submission

    frozen = db.session.scalar(select(Submission).where(Submission.team_id == team.id))
    assert frozen.failed_parts == []
    texts = [p.text for p in docx.Document(io.BytesIO(frozen.docx)).paragraphs]
    assert any(t.startswith("Figure") and "Driver diagram" in t for t in texts)
    assert any(t.startswith("Figure") and t.endswith("Days from referral to first home assessment") for t in texts)
    assert any(t.startswith("Table") and "PDSA cycles" in t for t in texts)
