"""A facilitator's dashboard lists every team of every cohort, 50 to a page."""

from __future__ import annotations

from sqlalchemy import func, select

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


def test_a_page_counts_its_list_in_the_same_query_and_an_empty_list_in_none(app, world):
    """`counted_page` asks once for a page that has rows or for the empty first page of an
    empty list, and counts separately only for a page past the end of a list."""
    from workspace.paging import counted_page

    engine = db.engine
    live = select(Team).where(Team.deleted_at.is_(None)).order_by(Team.id)
    total = db.session.scalar(select(func.count()).select_from(live.subquery()))
    assert total >= 1
    with counting_queries(engine) as seen:
        first = counted_page(live, page=1, per_page=50)
        assert (first.total, len(first.items)) == (total, total)
    assert len(seen) == 1
    with counting_queries(engine) as seen:
        nothing = counted_page(live.where(Team.name == "no such team"), page=1, per_page=50)
        assert (nothing.total, nothing.items) == (0, [])
    assert len(seen) == 1
    with counting_queries(engine) as seen:
        past = counted_page(live, page=5, per_page=50)
        assert (past.total, past.items) == (total, [])
    assert len(seen) == 2
