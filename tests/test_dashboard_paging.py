"""A facilitator's dashboard lists every team of every cohort, 50 to a page."""

from __future__ import annotations

from sqlalchemy import select

from workspace.extensions import db
from workspace.models import Team

from . import factories
from .querycount import counting_queries


def test_all_teams_are_paged_and_each_page_costs_the_same(make_client, world):
    for n in range(60):
        factories.make_team(f"Paged team {n:02}", world.team.cohort)
    db.session.commit()
    facilitator = make_client(world.facilitator)
    first = facilitator.get("/").get_data(as_text=True)
    assert first.count("Paged team") == 50 and "Page 2 of 2" in first
    with counting_queries(db.engine) as on_first:
        facilitator.get("/")
    with counting_queries(db.engine) as on_second:
        second = facilitator.get("/?page=2").get_data(as_text=True)
    listed = {line.strip() for page in (first, second) for line in page.splitlines() if "/teams/" in line and "<td>" in line}
    others = {t.id for t in db.session.scalars(select(Team).where(Team.deleted_at.is_(None)))} - {
        m.team_id for m in world.facilitator.memberships}
    assert len(listed) == len(others)  # every team once, across the two pages
    assert second.count("Paged team") == 10
    assert len(on_second) == len(on_first)
    past_the_end = facilitator.get("/?page=9").get_data(as_text=True)
    assert "No teams on this page" in past_the_end


def test_a_member_sees_only_their_teams_unpaged(make_client, world):
    page = make_client(world.member).get("/").get_data(as_text=True)
    assert "All teams" not in page and world.team.name in page
