"""Every change to PDSA cycles: validate, change, commit once through `operations.commit`.

A cycle tests one of the team's change ideas; it may follow on from another live cycle of the
same idea (its ramp), never in a loop; it ends no earlier than it starts; it names the team's
live measures it should move (PdsaMeasure rows). Several cycles may run at once. Changes name
the version they started from (a stale form or API write is Stale: 409, nothing saved).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from . import pdsa_fields as fields
from .models import ChangeIdea, Measure, PdsaCycle, PdsaMeasure
from .operations import Stale, check_version, commit, refuse_if_submitted
from .queries import live_cycles, live_measures

MAX_CYCLES = 500  # live cycles in a team

__all__ = ["Stale", "create_cycle", "update_cycle", "delete_cycle", "measure_ids_of", "MAX_CYCLES"]


def _check_links(team: Team, cycle: PdsaCycle | None, values: dict) -> None:
    """The idea is the team's; `follows` is a live cycle of the same idea, not this one, and
    following it makes no loop; the end is not before the start."""
    problems: dict[str, str] = {}
    idea_id = values.get("change_idea_id", cycle.change_idea_id if cycle else None)
    if "change_idea_id" in values and idea_id is not None and db.session.scalar(
            select(ChangeIdea.id).where(ChangeIdea.id == idea_id, ChangeIdea.team_id == team.id)) is None:
        problems["change_idea_id"] = "Choose one of this team's change ideas"
    follows_id = values.get("follows_id", cycle.follows_id if cycle else None)
    if follows_id is not None and ("follows_id" in values or "change_idea_id" in values):
        chain = dict(db.session.execute(select(PdsaCycle.id, PdsaCycle.follows_id).where(live_cycles(team))).all())
        ideas = dict(db.session.execute(select(PdsaCycle.id, PdsaCycle.change_idea_id).where(live_cycles(team))).all())
        if follows_id not in chain:
            problems["follows_id"] = "Choose one of this team's PDSA cycles"
        elif cycle is not None and follows_id == cycle.id:
            problems["follows_id"] = "A cycle cannot follow on from itself"
        elif ideas.get(follows_id) != idea_id:
            problems["follows_id"] = "A cycle follows on from a cycle of the same change idea"
        elif cycle is not None:
            seen, at = set(), follows_id
            while at is not None and at not in seen:
                if at == cycle.id:
                    problems["follows_id"] = ("That cycle already follows on from this one: a ramp cannot "
                                              "loop back on itself")
                    break
                seen.add(at)
                at = chain.get(at)
    started = values.get("started_on", cycle.started_on if cycle else None)
    ended = values.get("ended_on", cycle.ended_on if cycle else None)
    if started and ended and ended < started:
        problems["ended_on"] = "The end date cannot be before the start date"
    if problems:
        raise ValidationProblem(problems)


def _set_measures(team: Team, cycle: PdsaCycle, measure_ids: list[int]) -> bool:
    """Replace the cycle's measures with `measure_ids` (the team's live measures only)."""
    if measure_ids:
        found = set(db.session.scalars(select(Measure.id).where(live_measures(team), Measure.id.in_(measure_ids))))
        if found != set(measure_ids):
            raise ValidationProblem({"measure_ids": "Each measure must be one of this team's measures"})
    current = set(measure_ids_of(cycle)) if cycle.id else set()
    if current == set(measure_ids):
        return False
    if current - set(measure_ids):
        db.session.execute(delete(PdsaMeasure).where(PdsaMeasure.pdsa_id == cycle.id,
                                                     PdsaMeasure.measure_id.in_(current - set(measure_ids))))
    db.session.add_all(PdsaMeasure(pdsa_id=cycle.id, measure_id=measure_id, team_id=team.id)
                       for measure_id in measure_ids if measure_id not in current)
    return True


def measure_ids_of(cycle: PdsaCycle) -> list[int]:
    return list(db.session.scalars(select(PdsaMeasure.measure_id).where(PdsaMeasure.pdsa_id == cycle.id)
                                   .order_by(PdsaMeasure.measure_id)))


def create_cycle(team: Team, actor: User, data: dict, measure_ids=None) -> PdsaCycle:
    refuse_if_submitted(team)
    values = fields.clean_cycle(data, partial=False)
    ids = fields.clean_measure_ids(measure_ids)
    _check_links(team, None, values)
    if db.session.scalar(select(func.count()).select_from(PdsaCycle).where(live_cycles(team))) >= MAX_CYCLES:
        raise ValidationProblem({"title": f"A team holds at most {MAX_CYCLES} PDSA cycles. Delete some first."})
    cycle = PdsaCycle(team_id=team.id, created_by_id=actor.id, updated_by_id=actor.id, **values)
    db.session.add(cycle)
    db.session.flush()
    _set_measures(team, cycle, ids)
    commit(team, actor, "qi.pdsa.created", cycle, "this cycle", title=cycle.title)
    return cycle


def update_cycle(team: Team, actor: User, cycle: PdsaCycle, data: dict, measure_ids=None, *,
                 version=None) -> PdsaCycle:
    """Change the fields in `data` (and the measures, when `measure_ids` is not None)."""
    refuse_if_submitted(team)
    check_version(cycle, version, "this cycle")
    values = fields.clean_cycle(data, partial=True)
    if "change_idea_id" in values and values["change_idea_id"] is None:
        raise ValidationProblem({"change_idea_id": "Choose the change idea this cycle tests"})
    ids = None if measure_ids is None else fields.clean_measure_ids(measure_ids)
    _check_links(team, cycle, values)
    changed = [name for name, value in values.items() if getattr(cycle, name) != value]
    if "change_idea_id" in changed:  # its followers stay with the old idea and start their own ramp
        db.session.execute(update(PdsaCycle).where(PdsaCycle.team_id == team.id, PdsaCycle.follows_id == cycle.id)
                           .values(follows_id=None).execution_options(synchronize_session=False))
    for name in changed:
        setattr(cycle, name, values[name])
    measures_changed = ids is not None and _set_measures(team, cycle, ids)
    if not changed and not measures_changed:
        return cycle
    if measures_changed and not changed:
        cycle.updated_at = utcnow()  # the version moves on with the measures too
    commit(team, actor, "qi.pdsa.updated", cycle, "this cycle",
           fields=sorted(changed + (["measure_ids"] if measures_changed else [])))
    return cycle


def delete_cycle(team: Team, actor: User, cycle: PdsaCycle) -> None:
    """Off the pages, charts and exports (soft: its comment threads keep their target). The
    cycles that followed it now follow the one it followed, so the ramp stays in one piece."""
    refuse_if_submitted(team)
    db.session.execute(update(PdsaCycle).where(PdsaCycle.team_id == team.id, PdsaCycle.follows_id == cycle.id)
                       .values(follows_id=cycle.follows_id).execution_options(synchronize_session=False))
    cycle.deleted_at = utcnow()
    commit(team, actor, "qi.pdsa.deleted", cycle, "this cycle", title=cycle.title)

