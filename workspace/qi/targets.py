"""Actions, PDSA cycles and measures as comment targets (registered in this package's
__init__): the report's comment machinery shows and accepts threads on them without importing
this feature. Everything in QI is visible to all who may view the team, so `viewer` changes
nothing here."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..comment_targets import Target, TargetType
from ..extensions import db
from .models import Action, Measure, PdsaCycle
from .queries import cycle_numbers, live_actions, live_cycles, live_measures


def action_target(team, action: Action) -> Target:
    return Target(type="action", id=action.id, title=action.title,
                  url=url_for("qi.action", team_id=team.id, action_id=action.id))


def pdsa_target(team, cycle: PdsaCycle, number: int | None = None) -> Target:
    number = number if number is not None else cycle_numbers(team).get(cycle.id, 0)
    return Target(type="pdsa", id=cycle.id, title=f"PDSA {number}: {cycle.title}",
                  url=url_for("qi.pdsa", team_id=team.id, cycle_id=cycle.id))


def measure_target(team, measure: Measure) -> Target:
    return Target(type="measure", id=measure.id, title=measure.name,
                  url=url_for("qi.measure", team_id=team.id, measure_id=measure.id))


def _load(model, live, make):
    def load(team, target_id: int, viewer) -> Target | None:
        record = db.session.scalar(select(model).where(model.id == target_id, live(team)))
        return None if record is None else make(team, record)
    return load


def _load_many(model, live, make):
    def load_many(team, ids, viewer) -> dict:
        return {r.id: make(team, r) for r in db.session.scalars(select(model).where(model.id.in_(ids), live(team)))}
    return load_many


def _load_many_cycles(team, ids, viewer) -> dict:
    cycles = list(db.session.scalars(select(PdsaCycle).where(PdsaCycle.id.in_(ids), live_cycles(team))))
    numbers = cycle_numbers(team) if cycles else {}
    return {c.id: pdsa_target(team, c, numbers.get(c.id, 0)) for c in cycles}


def _visible_ids(model, live):
    return lambda team, viewer: select(model.id).where(live(team))


TYPES = (
    TargetType("action", "action", load=_load(Action, live_actions, action_target),
               visible_ids=_visible_ids(Action, live_actions), load_many=_load_many(Action, live_actions, action_target)),
    TargetType("pdsa", "PDSA cycle", load=_load(PdsaCycle, live_cycles, pdsa_target),
               visible_ids=_visible_ids(PdsaCycle, live_cycles), load_many=_load_many_cycles),
    TargetType("measure", "measure", load=_load(Measure, live_measures, measure_target),
               visible_ids=_visible_ids(Measure, live_measures),
               load_many=_load_many(Measure, live_measures, measure_target)),
)
