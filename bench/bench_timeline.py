"""The programme timeline and the calendar feed: server time and SQL statements, in-process.

The team page (its next events and deadlines), the team's whole-year timeline, the
facilitator's timeline, the API's list, a member's .ics feed, a facilitator's .ics feed (every
cohort), the feed's 304, and a facilitator's feed built afresh (a
built feed is kept per ETag in the process, so the warm rows are the cached answer). Sizes: the demo's programme year (36 events, one cohort); and the
most a cohort may hold (300 events) in each of 6 cohorts (1,800 events in a facilitator's
feed). Wall-clock p50/p95, CPU p50 and queries per request; tests/test_query_counts.py asserts
that the queries do not grow. The feed's rate limit is raised for the run (it would answer 429).
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_calls,
    time_page,
)

SIZES = {"demo year (36 events)": (None, 1), "6 cohorts x 300 events": (300, 6)}
REQUESTS = 30


def _build(app, per_cohort: int | None, cohorts: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.framework import calendar_tokens
    from workspace.framework import timeline as ops
    from workspace.framework.demo_timeline import _events
    from workspace.framework.models import EVENT_KINDS

    kinds = list(EVENT_KINDS)
    with app.app_context():
        member = factories.make_user("Bench Member", "bench@example.org")
        facilitator = factories.make_user("Bench Facilitator", "fay@example.org", facilitator=True)
        team = None
        for c in range(cohorts):
            cohort = factories.make_cohort(f"Bench cohort {c}")
            if team is None:
                team = factories.make_team("Team Bench", cohort)
                factories.add_member(team, member)
            db.session.commit()
            if per_cohort is None:
                rows = [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in e.items() if v is not None}
                        for e in _events(date(2027, 6, 30))]
            else:
                rows = [{"kind": kinds[k % len(kinds)], "title": f"Event {k}", "location": "Room 2",
                         "starts_on": (date(2026, 9, 1) + timedelta(days=k % 360)).isoformat(),
                         "starts_at": "09:30" if k % 2 else "", "ends_at": "16:30" if k % 2 else "",
                         "description": "A paragraph about the session. " * 4} for k in range(per_cohort)]
            for values in rows:
                ops.add_event(cohort, facilitator, values)
        member_feed = calendar_tokens.create(member).secret
        facilitator_feed = calendar_tokens.create(facilitator).secret
        return (team.id, team.cohort_id, db.session.get(type(member), member.id).session_token,
                db.session.get(type(member), facilitator.id).session_token, member_feed, facilitator_feed)


def run() -> None:
    from workspace.framework import calendar_views

    calendar_views.FEED_LIMIT_PER_TOKEN = calendar_views.FEED_LIMIT_PER_CLIENT = 1_000_000
    page_table_header()
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, cohort_id, member_token, facilitator_token, member_feed, facilitator_feed = _build(app, *spec)
        member = signed_in_client(app, member_token)
        facilitator = signed_in_client(app, facilitator_token)
        anonymous = app.test_client()
        cold = time.perf_counter()
        assert anonymous.get(f"/calendar/{facilitator_feed}.ics").status_code == 200
        report(f"facilitator's feed, first request ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        etag = anonymous.get(f"/calendar/{member_feed}.ics").headers["ETag"]
        rows = [
            ("GET team page", member, f"/teams/{team_id}"),
            ("GET team timeline", member, f"/teams/{team_id}/timeline"),
            ("GET cohort timeline (admin)", facilitator, f"/admin/cohorts/{cohort_id}/timeline"),
            ("GET events (API)", member, f"/api/v1/cohorts/{cohort_id}/events"),
            ("GET feed (member)", anonymous, f"/calendar/{member_feed}.ics"),
            ("GET feed (facilitator)", anonymous, f"/calendar/{facilitator_feed}.ics"),
        ]
        for name, client, url in rows:
            page_table_row(name, size_name, time_page(app, client, url, REQUESTS))
        conditional = app.test_client()
        conditional.environ_base["HTTP_IF_NONE_MATCH"] = etag
        def not_modified(conditional=conditional, url=f"/calendar/{member_feed}.ics"):
            assert conditional.get(url).status_code == 304

        report(f"feed 304 (member, {size_name})", time_calls(not_modified, REQUESTS))

        def rebuilt(client=anonymous, url=f"/calendar/{facilitator_feed}.ics"):
            calendar_views._BUILT.clear()
            assert client.get(url).status_code == 200

        report(f"facilitator's feed built afresh ({size_name})", time_calls(rebuilt, 10, warmup=1))
        report(f"  the same, CPU ({size_name})", time_calls(rebuilt, 10, warmup=0, clock=time.process_time))


if __name__ == "__main__":
    run()
