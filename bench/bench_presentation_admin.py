"""The presentation's rehearsal view, the slides API and the facilitator's set-up: server time
and SQL statements, in-process (helper rehearse, issue 12).

For a member: the rehearsal view and the API's deck at the default outline (11 slides) and at
the most a deck may hold (40 slides, each with its own presenter and notes). For a facilitator:
the set-up page with the default outline and with a 40-slide outline of the cohort's own, and
an outline slide's edit page. Timed warm; wall-clock p50/p95, CPU p50 and queries per request
(tests/test_query_counts.py asserts the queries do not grow).
"""

from __future__ import annotations

import time

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_page,
)

SIZES = {"default (11 slides)": 11, "maximum (40 slides)": 40}
REQUESTS = 30


def _build(app, slides: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.presentation import operations as slide_ops
    from workspace.presentation import outline_operations as outline_ops
    from workspace.presentation.layout import ensure_deck
    from workspace.presentation.queries import slides_of

    with app.test_request_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        facilitator = factories.make_user("Bench Facilitator", "fac@example.org", facilitator=True)
        factories.add_member(team, member)
        db.session.commit()
        ensure_deck(team)
        for n in range(len(slides_of(team)), slides):
            slide_ops.create_slide(team, member, {"title": f"Extra slide {n}", "minutes": "0:20",
                                                  "body": "- First point\n- Second point with **bold**\n  - A detail"})
        for n, slide in enumerate(slides_of(team)):
            presenter = factories.make_user(f"Presenter {n}")
            factories.add_member(team, presenter)
            slide_ops.save_slide(team, slide.id, {"presenter_id": presenter.id,
                                                  "notes": f"Say why slide {n} matters.\nThen pause."},
                                 slide.version, member)
        if slides > len(outline_ops.entries_for(team.cohort)):
            for n in range(len(outline_ops.entries_for(team.cohort)), slides):
                outline_ops.add_entry(team.cohort, {"title": f"Outline slide {n}", "minutes": "0:20"}, facilitator)
        db.session.commit()
        return (team.id, team.cohort_id, db.session.get(User, member.id).session_token,
                db.session.get(User, facilitator.id).session_token)


def run() -> None:
    page_table_header(22)
    for size_name, slides in SIZES.items():
        app = make_app()
        team_id, cohort_id, member_token, facilitator_token = _build(app, slides)
        member = signed_in_client(app, member_token)
        facilitator = signed_in_client(app, facilitator_token)
        cold = time.perf_counter()
        assert member.get(f"/teams/{team_id}/presentation/rehearse").status_code == 200
        report(f"rehearsal view, first render ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        pages = [
            ("GET rehearsal view", member, f"/teams/{team_id}/presentation/rehearse"),
            ("GET slides (API)", member, f"/api/v1/teams/{team_id}/slides"),
            ("GET presentation set-up", facilitator, f"/admin/cohorts/{cohort_id}/presentation"),
            ("GET an outline slide's edit page", facilitator, f"/admin/cohorts/{cohort_id}/presentation/slides/2"),
        ]
        for name, client, url in pages:
            page = time_page(app, client, url, REQUESTS)
            page_table_row(name, size_name, page, 22)


if __name__ == "__main__":
    run()
