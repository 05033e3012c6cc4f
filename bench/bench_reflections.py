"""Reflections and the Start Anywhere canvas (issue 13, helper fw-reflect): server time and SQL
statements, in-process, warm.

The reflections list, one reflection (with its tag panel), the canvas page and the API's list,
for a member of a team of the demo's size (4 members, 2 reflections each, half shared) and a
large one (12 members with 200 reflections each, half shared: the list shows the newest 200 of
the member's own and of the team's shared ones; 9,600 rows in the table). Wall-clock p50/p95,
CPU p50 and queries per request; tests/test_query_counts.py asserts that the queries do not grow.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bench.harness import make_app, page_table_header, page_table_row, signed_in_client, time_page

SIZES = {"demo size (4 members x 2)": (4, 2), "large (12 members x 200)": (12, 200)}
REQUESTS = 30


def _build(app, members: int, each: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.framework import scope as scope_ops
    from workspace.framework.models import Reflection
    from workspace.models import User

    with app.app_context():
        team = factories.make_team("Team Bench")
        people = [factories.make_user(f"Bench Member {k}", f"bench{k}@example.org") for k in range(members)]
        for person in people:
            factories.add_member(team, person)
        db.session.commit()
        shared_at = datetime(2026, 11, 1, tzinfo=UTC)
        db.session.add_all(Reflection(team_id=team.id, author_id=person.id, written_on=date(2026, 9, 1) + timedelta(
            days=k % 90), title=f"Reflection {k}", body="- a thought\n- **another**\n\n" + "More words. " * 40,
            shared_at=shared_at if k % 2 else None) for person in people for k in range(each))
        db.session.commit()
        scope_ops.save(team, people[0], {key: "\n".join(f"- note {n}" for n in range(12)) for key in scope_ops.KEYS},
                       0)
        first = db.session.scalar(db.select(Reflection.id).where(Reflection.author_id == people[0].id)
                                  .order_by(Reflection.id))
        return team.id, first, db.session.get(User, people[0].id).session_token


def run() -> None:
    page_table_header()
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, first, token = _build(app, *spec)
        client = signed_in_client(app, token)
        pages = {
            "GET reflections": f"/teams/{team_id}/reflections",
            "GET a reflection": f"/teams/{team_id}/reflections/{first}",
            "GET Start Anywhere canvas": f"/teams/{team_id}/scope",
            "GET reflections (API)": f"/api/v1/teams/{team_id}/reflections",
        }
        for name, url in pages.items():
            page_table_row(name, size_name, time_page(app, client, url, REQUESTS))


if __name__ == "__main__":
    run()
