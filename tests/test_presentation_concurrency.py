"""Many people saving one slide at the same moment, each from the same version and each
changing their own bullet, in threads with their own database connections: every change
survives, and each version is written exactly once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from workspace.extensions import db
from workspace.models import Team, User
from workspace.presentation import operations as ops
from workspace.presentation.layout import ensure_deck
from workspace.presentation.models import Slide, SlideRevision
from workspace.presentation.queries import slides_of

from . import factories

WRITERS = 6


def test_concurrent_saves_from_one_version_all_survive(app, world):
    ensure_deck(world.team)
    slide = slides_of(world.team)[1]
    people = [factories.make_user(f"Writer {k}", f"writer{k}@example.org") for k in range(WRITERS)]
    for person in people:
        factories.add_member(world.team, person)
    db.session.commit()
    base_body = "\n".join(f"- Bullet {k} of the slide" for k in range(WRITERS))
    ops.save_slide(world.team, slide.id, {"body": base_body}, 1, world.member)
    team_id, slide_id, person_ids = world.team.id, slide.id, [p.id for p in people]
    start, outcomes, errors = threading.Barrier(WRITERS), [], []

    def save(k: int) -> None:
        with app.app_context():
            try:
                team = db.session.get(Team, team_id)
                person = db.session.get(User, person_ids[k])
                mine = base_body.replace(f"- Bullet {k} of", f"- Bullet {k}, edited by writer {k}, of")
                start.wait(timeout=10)
                outcomes.append(ops.save_slide(team, slide_id, {"body": mine}, 2, person).version)
            except Exception as problem:  # noqa: BLE001 - reported below
                errors.append(repr(problem))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(k,)) for k in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == list(range(3, 3 + WRITERS))  # each save wrote its own version
    db.session.expire_all()
    saved = db.session.get(Slide, slide_id)
    for k in range(WRITERS):
        assert f"- Bullet {k}, edited by writer {k}, of the slide" in saved.body, f"writer {k}'s edit was lost"
    versions = list(db.session.scalars(select(SlideRevision.version).where(SlideRevision.slide_id == slide_id)
                                       .order_by(SlideRevision.version)))
    assert versions == list(range(1, 3 + WRITERS))
    assert saved.version == 2 + WRITERS
