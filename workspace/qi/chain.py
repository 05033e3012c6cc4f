"""The linked chain of a change idea: the driver path above it, the process-map pain points it
came from, its PDSA ramp, the measures those cycles should move (with their charts) and the
actions linked to it. Also the one meeting point with the process maps: a pain point made into
(or linked to) a change idea, through what processes exposes (`queries.pain_points`,
`operations.link_change_idea`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from .. import audit
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User
from ..processes import operations as process_ops
from ..processes.queries import PainPoint, pain_points
from . import plan_operations
from .models import Action, ChangeIdea, Driver, PdsaCycle, PdsaMeasure
from .queries import cycle_numbers, live_actions, live_cycles


@dataclass(frozen=True)
class RampStep:
    cycle: PdsaCycle
    number: int  # "PDSA 3"
    depth: int  # 0 for a cycle that follows none of this ramp's cycles
    follows_number: int | None = None


def ramp(cycles: list[PdsaCycle], numbers: dict[int, int]) -> list[RampStep]:
    """An idea's cycles as its ramp: each chain from a first cycle on, a cycle's followers
    after it (in start order), several at once side by side. Pure: the cycles are given."""
    ids = {cycle.id for cycle in cycles}
    children: dict[int | None, list[PdsaCycle]] = {}
    for cycle in cycles:
        parent = cycle.follows_id if cycle.follows_id in ids else None
        children.setdefault(parent, []).append(cycle)
    for group in children.values():
        group.sort(key=lambda c: (c.started_on is None, c.started_on or 0, numbers.get(c.id, 0)))
    out: list[RampStep] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for cycle in children.get(parent, []):
            if cycle.id in seen:  # a loop cannot be stored, but never spin on one
                continue
            seen.add(cycle.id)
            out.append(RampStep(cycle, numbers.get(cycle.id, 0), depth,
                                numbers.get(cycle.follows_id) if parent is not None else None))
            walk(cycle.id, min(depth + 1, 8))

    walk(None, 0)
    for cycle in cycles:  # anything left (a loop) still shows
        if cycle.id not in seen:
            out.append(RampStep(cycle, numbers.get(cycle.id, 0), 0))
    return out


@dataclass
class Chain:
    idea: ChangeIdea
    secondary: Driver | None
    primary: Driver | None
    pain_points: list[PainPoint]
    ramp: list[RampStep]
    measure_ids: list[int]
    actions: list[Action] = field(default_factory=list)


def chain_of(team: Team, idea: ChangeIdea) -> Chain:
    """Everything linked to `idea`, in a fixed number of statements."""
    secondary = primary = None
    if idea.driver_id is not None:
        parent = select(Driver.parent_id).where(Driver.id == idea.driver_id).scalar_subquery()
        found = db.session.scalars(select(Driver).where(
            Driver.team_id == team.id, (Driver.id == idea.driver_id) | (Driver.id == parent)))
        drivers = {d.id: d for d in found}
        secondary = drivers.get(idea.driver_id)
        primary = drivers.get(secondary.parent_id) if secondary is not None else None
    cycles = list(db.session.scalars(select(PdsaCycle).where(live_cycles(team), PdsaCycle.change_idea_id == idea.id)
                                     .order_by(PdsaCycle.id)))
    numbers = cycle_numbers(team) if cycles else {}
    measure_ids = sorted(set(db.session.scalars(select(PdsaMeasure.measure_id).where(
        PdsaMeasure.team_id == team.id, PdsaMeasure.pdsa_id.in_([c.id for c in cycles]))))) if cycles else []
    actions = list(db.session.scalars(select(Action).where(live_actions(team), Action.change_idea_id == idea.id)
                                      .order_by(Action.due_on.is_(None), Action.due_on, Action.id).limit(200)))
    return Chain(idea, secondary, primary, pain_points(team, change_idea_id=idea.id), ramp(cycles, numbers),
                 measure_ids, actions)


# --- a pain point becomes a change idea ------------------------------------------------------


def pain_point(team: Team, note_id: int) -> PainPoint | None:
    found = pain_points(team, note_id=note_id)
    return found[0] if found else None


class AlreadyAnIdea(Exception):
    """The pain point is already a change idea (made in another tab, or a form sent twice)."""

    def __init__(self, idea: ChangeIdea):
        self.idea = idea
        super().__init__(f"This pain point is already the change idea “{idea.title}”: nothing new was made.")


def _linked_idea(team: Team, change_idea_id: int | None) -> ChangeIdea | None:
    if change_idea_id is None:
        return None
    return db.session.scalar(select(ChangeIdea).where(ChangeIdea.id == change_idea_id,
                                                      ChangeIdea.team_id == team.id))


def idea_from_pain_point(team: Team, actor: User, point: PainPoint, change_idea_id=None) -> ChangeIdea:
    """Link the pain point to an existing idea of the team's (`change_idea_id`: an explicit
    choice, which may move its link), or make a new idea of its text (unplaced, its description
    the whole note) and link it. A pain point that is already an idea is never made into a second
    one (AlreadyAnIdea), even by two tabs at once: the link is written only if the note still
    holds what was read."""
    seen = point.note.change_idea_id
    if change_idea_id in (None, "") and (existing := _linked_idea(team, seen)) is not None:
        raise AlreadyAnIdea(existing)
    if change_idea_id not in (None, ""):
        number = bounded_int(change_idea_id, 1)
        idea = db.session.scalar(select(ChangeIdea).where(ChangeIdea.id == number, ChangeIdea.team_id == team.id)) \
            if number else None
        if idea is None:
            raise ValidationProblem({"change_idea_id": "Choose one of this team's change ideas"})
    else:
        body = point.note.body.strip()
        title = " ".join(body.split())
        if len(title) > 120:
            title = title[:117].rsplit(" ", 1)[0] + "…"
        idea = plan_operations.new_idea(team, actor, {"title": title, "description": body, "driver_id": None})
        db.session.flush()
        audit.record("qi.change_idea.created", team=team, target=idea, actor=actor,
                     detail={"title": idea.title, "from_pain_point": point.note.id})
    # one commit: the new idea (if any), the note's link, the map's version and the audit events
    if change_idea_id not in (None, ""):
        process_ops.link_change_idea(team, point.process_map, point.note, actor, idea.id)
        return idea
    try:
        process_ops.link_change_idea(team, point.process_map, point.note, actor, idea.id, seen=seen)
    except process_ops.NoteLinkMoved:  # another tab made it an idea meanwhile: the new idea is gone too
        again = pain_point(team, point.note.id)  # read afresh: the rollback expired what was loaded
        existing = _linked_idea(team, again.note.change_idea_id if again else None)
        if existing is None:
            raise ValidationProblem({"change_idea_id": "This pain point changed meanwhile: reload the page"}) from None
        raise AlreadyAnIdea(existing) from None
    return idea


def idea_titles(team: Team) -> dict[int, str]:
    """The team's change ideas by id: the step page's links and its "link to an existing idea"."""
    return dict(db.session.execute(select(ChangeIdea.id, ChangeIdea.title).where(ChangeIdea.team_id == team.id)
                                   .order_by(ChangeIdea.title, ChangeIdea.id).limit(plan_operations.MAX_IDEAS)).all())
