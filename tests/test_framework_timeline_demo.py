"""The demo's programme year: the brochure's schedule in the demo cohort's dates, so that on the
demo's day (6 December 2026) the team page shows what is next and the timeline some past."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from workspace.extensions import db
from workspace.framework import timeline_queries as queries
from workspace.framework.models import ProgrammeEvent
from workspace.models import Cohort, Team, User


def test_the_demo_cohort_has_the_brochures_year(app, monkeypatch):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    cohort = db.session.scalar(select(Cohort))
    events = queries.events_of(cohort.id)
    kinds = Counter(e.kind for e in events)
    # six seminars (4 and 5 together over two days, as the brochure has them), five workshops
    # each offered twice, nine learning sets, five coaching windows, two peer visits
    assert kinds == {"seminar": 5, "workshop": 10, "action_learning_set": 9, "coaching": 5, "peer_visit": 2,
                     "proposal_due": 1, "interim_review": 1, "report_due": 1, "presentation_day": 1,
                     "closing_event": 1}
    assert sum(1 + ("4 and 5" in e.title) for e in events if e.kind == "seminar") == 6
    assert all(cohort.starts_on <= e.starts_on and queries.last_day(e) <= cohort.ends_on for e in events)
    assert next(e for e in events if e.kind == "report_due").starts_on == cohort.report_due_on
    assert len({e.uid for e in events}) == len(events)

    today = date(2026, 12, 6)
    assert any(queries.last_day(e) < today for e in events)
    upcoming = queries.next_events(cohort.id, today)
    assert len(upcoming.events) == 5 and len(upcoming.deadlines) == 3
    assert upcoming.deadlines[0].kind == "proposal_due"

    monkeypatch.setattr(queries, "london_today", lambda: today)
    from .conftest import Client

    member = db.session.scalar(select(User).where(User.email == "aisha.khan@demo.example"))
    harbour = db.session.scalar(select(Team).where(Team.name == "Team Harbour"))
    page = Client(app.test_client()).sign_in_as(member).get(f"/teams/{harbour.id}").get_data(as_text=True)
    assert upcoming.events[0].title in page and "Change project proposal" in page
    assert db.session.scalar(select(db.func.count()).select_from(ProgrammeEvent)) == len(events)
