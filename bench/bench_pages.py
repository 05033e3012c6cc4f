"""Server time for the foundation's busiest requests, in-process (no network).

Measures the dashboard, the team page and GET /api/v1/teams for a member of one team in a
cohort of 20 teams, and sign-in (dominated, on purpose, by argon2id).
"""

from __future__ import annotations

import time

from bench.harness import make_app, report, time_calls


def run() -> None:
    from tests import factories
    from workspace.auth.operations import create_api_token
    from workspace.extensions import db
    from workspace.models import User

    app = make_app()
    with app.app_context():
        cohort = factories.make_cohort("Bench cohort")
        teams = [factories.make_team(f"Team {n}", cohort) for n in range(20)]
        member = factories.make_user("Bench Member", "bench@example.org")
        for team in teams:
            for _ in range(6):
                factories.add_member(team, factories.make_user())
        factories.add_member(teams[0], member)
        db.session.commit()
        secret = create_api_token(member, "bench").secret
        session_token = db.session.get(User, member.id).session_token
        team_id = teams[0].id

    client = app.test_client()
    with client.session_transaction() as session:
        now = time.time()
        session.update({"_user_id": session_token, "_fresh": True, "signed_in_at": now, "last_seen": now})

    report("GET / (dashboard)", time_calls(lambda: client.get("/"), 200))
    report("GET /teams/<id> (team page, 7 people)", time_calls(lambda: client.get(f"/teams/{team_id}"), 200))
    headers = {"Authorization": f"Bearer {secret}"}
    report("GET /api/v1/teams (token)", time_calls(lambda: client.get("/api/v1/teams", headers=headers), 200))

    from tests.factories import PASSWORD
    from workspace.auth.passwords import verify_password

    with app.app_context():
        stored = db.session.get(User, member.id).password_hash
    report("argon2id verify (sign-in cost)", time_calls(lambda: verify_password(stored, PASSWORD), 20, warmup=2))
