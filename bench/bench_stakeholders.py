"""The stakeholder pages at the issue's size: server time and SQL statements, in-process.

The register, the grid, the network, "then vs now" and a stakeholder's page, for a member of a
team with 10 stakeholders (20 links) and with 150 stakeholders (300 links), a history row or
three each. Each page is timed warm: the network's first render (networkx's layout and
matplotlib's drawing, a fraction of a second) is then cached by what it draws, as it is in use;
its cold cost is printed on its own. Wall-clock p50/p95, CPU p50 and queries per request; the
queries must not grow with the map (tests/test_query_counts.py asserts it, this only prints).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.harness import make_app, report, time_calls

SIZES = {"small": (10, 20), "large": (150, 300)}
REQUESTS = 30
NAMES = ["Chief nurse", "Ward managers", "Practice partners", "Ageing well lead", "Carers' forum",
         "Discharge coordinators", "Social work team", "Healthwatch", "PCN board", "Digital team"]


@dataclass
class World:
    team_id: int
    session_token: str
    first_id: int


def _build(app, people: int, links: int) -> World:
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.stakeholders.models import (
        Category,
        Stakeholder,
        StakeholderChange,
        StakeholderLink,
    )

    categories = list(Category)
    kinds = ("influences", "reports_to", "works_with", "conflicts_with")
    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        owners = [member] + [factories.make_user() for _ in range(5)]
        for owner in owners[1:]:
            factories.add_member(team, owner)
        start = datetime.now(UTC) - timedelta(days=90)
        made = []
        for n in range(people):
            person = Stakeholder(
                team_id=team.id, name=f"{NAMES[n % len(NAMES)]} {n}", organisation=f"Organisation {n % 12}",
                role="Lead", duplicate_key=f"{n:064d}", category=categories[n % len(categories)].value,
                power=1 + n % 5, interest=1 + (n * 3) % 5, attitude=(n % 5) - 2, desired_attitude=min(2, (n % 5) - 1),
                owner_id=owners[n % len(owners)].id, next_contact_on=(start + timedelta(days=60 + n % 60)).date(),
                attitude_confidential=n % 10 == 0, tags=["bench"], nine_cs=["champions"] if n % 3 else [],
                field_versions={})
            db.session.add(person)
            made.append(person)
        db.session.flush()
        for n, person in enumerate(made):
            for step in range(1 + n % 3):
                db.session.add(StakeholderChange(
                    stakeholder_id=person.id, team_id=team.id, changed_at=start + timedelta(days=30 * step),
                    power=max(1, person.power - step), interest=person.interest, attitude=person.attitude,
                    desired_attitude=person.desired_attitude))
        pairs = set()
        n = 0
        while len(pairs) < links:
            source, target = made[n % people].id, made[(n % people + 1 + 13 * (n // people)) % people].id
            n += 1
            if source != target and (source, target) not in pairs:
                pairs.add((source, target))
                db.session.add(StakeholderLink(team_id=team.id, source_id=source, target_id=target, kind=kinds[n % 4]))
        db.session.commit()
        return World(team.id, db.session.get(User, member.id).session_token, made[0].id)


def _client(app, world: World):
    client = app.test_client()
    with client.session_transaction() as session:
        now = time.time()
        session.update({"_user_id": world.session_token, "_fresh": True, "signed_in_at": now, "last_seen": now})
    return client


def _pages(world: World) -> dict[str, str]:
    base = f"/teams/{world.team_id}/stakeholders"
    return {
        "GET register": base,
        "GET grid": f"{base}/grid",
        "GET network": f"{base}/network",
        "GET then and now": f"{base}/then-and-now",
        "GET a stakeholder": f"{base}/{world.first_id}",
        "GET CSV (API)": f"/api/v1/teams/{world.team_id}/stakeholders.csv",
    }


def run() -> None:
    from tests.querycount import counting_queries
    from workspace.extensions import db

    print(f"{'page':<34} {'size':<18} {'p50':>9} {'p95':>9} {'CPU p50':>9} {'queries':>8}")
    for size_name, (people, links) in SIZES.items():
        app = make_app()
        world = _build(app, people, links)
        client = _client(app, world)
        label = f"{size_name} ({people}/{links})"
        cold = time.perf_counter()
        assert client.get(_pages(world)["GET network"]).status_code == 200
        report(f"network, first render ({label})", {"wall": (time.perf_counter() - cold) * 1000})
        for name, url in _pages(world).items():
            def get(url=url, client=client):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            figures = time_calls(get, REQUESTS)
            cpu = time_calls(get, REQUESTS, warmup=0, clock=time.process_time)
            with app.app_context():
                engine = db.engine
            with counting_queries(engine) as seen:
                get()
            print(f"{name:<34} {label:<18} {figures['p50']:>7.1f}ms {figures['p95']:>7.1f}ms "
                  f"{cpu['p50']:>7.1f}ms {len(seen):>8}")
