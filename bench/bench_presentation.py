"""The presentation's slide pages: server time and SQL statements, in-process.

The outline (timing panel, numbered slides, open comments per slide), a slide (its face with
rendered bullets, notes, comment threads) and a slide's edit page (the form, with the team's
figure choices built from every registered parts provider) for a member of a team the size of
the default outline (11 slides, 4 presenters, 6 comment threads, 12 stakeholders so the figure
picker has figures to offer) and a maximal one (40 slides, the most a deck may have, each with
30 bullets and notes; 200 threads; 60 stakeholders). Timed warm. Wall-clock p50/p95, CPU p50 and
queries per request; tests/test_query_counts.py asserts that the queries do not grow.
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

SIZES = {"outline size (11 slides)": (11, 6, 12, 3), "maximal (40 slides, 200 threads)": (40, 200, 60, 30)}
REQUESTS = 30


def _build(app, slides: int, threads: int, stakeholders: int, bullets: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.presentation import operations as slide_ops
    from workspace.presentation.layout import ensure_deck
    from workspace.presentation.queries import slides_of
    from workspace.report.models import Comment
    from workspace.stakeholders import operations as stakeholder_ops

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        people = [factories.make_user(f"Presenter {k}", f"presenter{k}@example.org") for k in range(3)]
        for person in people:
            factories.add_member(team, person)
        db.session.commit()
        for k in range(stakeholders):
            stakeholder_ops.create(team, member, {"name": f"Stakeholder {k}", "organisation": "Eastfield ICB",
                                                  "category": "icb", "power": str(1 + k % 5), "interest": str(1 + k * 3 % 5),
                                                  "attitude": str(k % 5 - 2), "desired_attitude": "2"})
        ensure_deck(team)
        for k in range(len(slides_of(team)), slides):
            slide_ops.create_slide(team, member, {"title": f"Extra slide {k}", "minutes": "0:20"})
        presenters = [member, *people]
        body = "\n".join(f"- Point {b} with **bold** and *italic* words about the review" for b in range(bullets))
        for n, slide in enumerate(slides_of(team)):
            slide_ops.save_slide(team, slide.id, {"body": body, "notes": "Say this slowly.\n" * 10,
                                                  "presenter_id": presenters[n % 4].id}, slide.version, member)
        deck = slides_of(team)
        for k in range(threads):
            thread = Comment(team_id=team.id, target_type="slide", target_id=deck[k % len(deck)].id,
                             body=f"Thread {k}", author_id=presenters[k % 4].id)
            db.session.add(thread)
            db.session.flush()
            db.session.add(Comment(team_id=team.id, target_type="slide", target_id=thread.target_id, parent_id=thread.id,
                                   body=f"Reply {k}", author_id=member.id))
        db.session.commit()
        return team.id, deck[0].id, db.session.get(User, member.id).session_token


def run() -> None:
    page_table_header()
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, slide_id, token = _build(app, *spec)
        client = signed_in_client(app, token)
        base = f"/teams/{team_id}/presentation"
        pages = {
            "GET outline": base,
            "GET a slide": f"{base}/slides/{slide_id}",
            "GET a slide, all comments": f"{base}/slides/{slide_id}?comments=all",
            "GET edit a slide": f"{base}/slides/{slide_id}/edit",
            "GET new slide": f"{base}/slides/new",
        }
        cold = time.perf_counter()
        assert client.get(pages["GET edit a slide"]).status_code == 200
        report(f"edit page, first render ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        for name, url in pages.items():
            page = time_page(app, client, url, REQUESTS)
            page_table_row(name, size_name, page)


if __name__ == "__main__":
    run()
