"""The demo's process maps: a current and a future map for each of the two demo teams' host
partners, 12-20 steps in 5-6 lanes, waits in hours and days, pain points by host staff, a
thread from the host, and Meridian's submitted Word report carrying them."""

from __future__ import annotations

from sqlalchemy import select

from workspace.extensions import db
from workspace.models import Membership, Team
from workspace.processes import queries
from workspace.report.models import Comment


def test_the_demo_maps(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    for name in ("Team Harbour", "Team Meridian"):
        team = db.session.scalar(select(Team).where(Team.name == name))
        maps = queries.all_maps(team)
        assert sorted(m.state for m in maps) == ["current", "future"]
        current = next(m for m in maps if m.state == "current")
        future = next(m for m in maps if m.state == "future")
        assert future.redesigns_id == current.id
        hosts = set(db.session.scalars(select(Membership.user_id).where(Membership.team_id == team.id,
                                                                        Membership.role == "host")))
        for process_map in maps:
            data = queries.load(process_map)
            assert 12 <= len(data.steps) <= 20 and 5 <= len(data.lanes) <= 6
            waits = [s.minutes if s.kind == "wait" else s.wait_minutes for s in data.steps]
            assert any(0 < w < 24 * 60 for w in waits) and any(w >= 24 * 60 for w in waits)
        pains = [n for n in queries.load(current).all_notes() if n.kind == "pain_point"]
        assert len(pains) >= 4 and {n.author_id for n in pains} <= hosts
        threads = db.session.scalars(select(Comment).where(Comment.team_id == team.id,
                                                           Comment.target_type == "process_map")).all()
        assert any(c.author_id in hosts for c in threads)
