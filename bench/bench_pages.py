"""Server time and SQL statements for every main page, in-process (no network).

Each page is measured for a member of one team at two sizes: "small" (10 teams on the
dashboard, 10 people in the team, the 13 template sections, 10 comment threads) and "large"
(1,000 of each). The section editor holds a 5,000-word section either way, and the threads sit
on it. Sign-in is measured too: dominated, on purpose, by argon2id.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench.harness import make_app, report, time_calls

SIZES = {"small": 10, "large": 1_000}
#: requests timed per page and size (the large pages render a thousand rows each)
REQUESTS = {"small": 200, "large": 30}
SENTENCE = "The discharge lounge waits were long on ward seven and the team noticed. "


@dataclass
class World:
    team_id: int
    session_token: str
    api_secret: str
    user_id: int


def _build(app, size: int) -> World:
    """A member in `size` teams; their first team has `size` people, `size` sections (at least
    the template's) and `size` comment threads, on a 5,000-word section."""
    from tests import factories
    from workspace.auth.operations import create_api_token
    from workspace.extensions import db
    from workspace.models import User
    from workspace.report import operations as ops
    from workspace.report.models import Comment, Section, SectionStatus

    with app.app_context():
        cohort = factories.make_cohort("Bench cohort")
        host = factories.make_organisation("Bench host")
        teams = [factories.make_team(f"Team {n:04}", cohort, host) for n in range(size)]
        member = factories.make_user("Bench Member", "bench@example.org")
        for team in teams:
            factories.add_member(team, member)
        team = teams[0]
        for _ in range(size - 1):
            factories.add_member(team, factories.make_user())
        db.session.commit()
        sections = ops.sections_for(team)
        db.session.add_all(
            Section(team_id=team.id, key=f"own-{n}", title=f"Our own section {n}", position=1000 + n,
                    guidance="", status=SectionStatus.DRAFTING.value, body="", version=0, word_count=0)
            for n in range(size - len(sections))
        )
        body = "\n\n".join(SENTENCE * 5 for _ in range(5_000 // (len(SENTENCE.split()) * 5)))
        ops.save_section(team, "introduction", body, 0, member)
        section = ops.get_section(team, "introduction")
        db.session.add_all(
            Comment(team_id=team.id, target_type="section", target_id=section.id, quote="waits were long",
                    body=f"Comment {n}", author_id=member.id) for n in range(size)
        )
        db.session.commit()
        return World(team.id, db.session.get(User, member.id).session_token,
                     create_api_token(member, "bench").secret, member.id)


def _signed_in_client(app, world: World):
    client = app.test_client()
    with client.session_transaction() as session:
        now = time.time()
        session.update({"_user_id": world.session_token, "_fresh": True, "signed_in_at": now, "last_seen": now})
    return client


def _pages(world: World) -> dict[str, tuple[str, dict]]:
    team = f"/teams/{world.team_id}"
    bearer = {"headers": {"Authorization": f"Bearer {world.api_secret}"}}
    return {
        "GET / (dashboard)": ("/", {}),
        "GET /teams/<id>": (team, {}),
        "GET /teams/<id>/report": (f"{team}/report", {}),
        "GET /teams/<id>/report/<key> (5,000 words)": (f"{team}/report/introduction", {}),
        "GET /teams/<id>/comments": (f"{team}/comments", {}),
        "GET /api/v1/teams/<id>/sections (token)": (f"/api/v1{team}/sections", bearer),
    }


def measure_pages(size_name: str) -> list[tuple[str, str, dict[str, float], float, int]]:
    """(page, size, wall-clock p50/p95, CPU p50, SQL statements per request) for every main
    page at one size. On SQLite the CPU time includes the database's work; on PostgreSQL the
    server's share is not in it."""
    from tests.querycount import counting_queries
    from workspace.extensions import db

    app = make_app()
    world = _build(app, SIZES[size_name])
    client = _signed_in_client(app, world)
    rows = []
    for name, (url, kwargs) in _pages(world).items():
        def get(url=url, kwargs=kwargs):
            response = client.get(url, **kwargs)
            assert response.status_code == 200, (url, response.status_code)
        figures = time_calls(get, REQUESTS[size_name])
        cpu = time_calls(get, REQUESTS[size_name], warmup=0, clock=time.process_time)
        with app.app_context():
            engine = db.engine
        with counting_queries(engine) as seen:
            get()
        rows.append((name, size_name, figures, cpu["p50"], len(seen)))
    return rows


def run() -> None:
    print(f"{'page':<48} {'size':<6} {'p50':>8} {'p95':>8} {'CPU p50':>8} {'queries':>8}")
    for size_name in SIZES:
        for name, size, figures, cpu_p50, queries in measure_pages(size_name):
            print(f"{name:<48} {size:<6} {figures['p50']:>6.2f}ms {figures['p95']:>6.2f}ms {cpu_p50:>6.2f}ms {queries:>8}")

    from tests.factories import PASSWORD
    from workspace.auth.passwords import hash_password, verify_password

    stored = hash_password(PASSWORD)
    report("argon2id verify (sign-in cost)", time_calls(lambda: verify_password(stored, PASSWORD), 20, warmup=2))

