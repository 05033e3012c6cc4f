"""Reading process maps: the one visibility rule, a whole map in a fixed number of statements,
and `flow_of`, the map as the plain data that metrics and figures read.

Visibility: a map is the team's and not deleted. Everyone who may "view" the team sees every
map (maps hold nothing confidential). Its lanes, steps, branches and notes are read with one
statement each, whatever the map's size, so a 200-step map costs what a 6-step map costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..models import Team
from .flow import Flow, FlowBranch, FlowStep
from .models import ProcessBranch, ProcessLane, ProcessMap, ProcessNote, ProcessStep

PER_PAGE = 50


def visible(team: Team):
    """The one rule: the team's live maps."""
    return (ProcessMap.team_id == team.id) & ProcessMap.deleted_at.is_(None)


# Built once, bound per request (issue 7): a map page runs these on every view.
_MAP = select(ProcessMap).where(ProcessMap.id == bindparam("map_id"), ProcessMap.team_id == bindparam("team_id"),
                                ProcessMap.deleted_at.is_(None))
_LANES = select(ProcessLane).where(ProcessLane.map_id == bindparam("map_id")).order_by(ProcessLane.position,
                                                                                       ProcessLane.id)
_STEPS = select(ProcessStep).where(ProcessStep.map_id == bindparam("map_id")).order_by(ProcessStep.position,
                                                                                       ProcessStep.id)
_BRANCHES = select(ProcessBranch).where(ProcessBranch.map_id == bindparam("map_id")).order_by(
    ProcessBranch.step_id, ProcessBranch.position, ProcessBranch.id)
_NOTES = select(ProcessNote).where(ProcessNote.map_id == bindparam("map_id")).order_by(ProcessNote.id)


def get_map(team: Team, map_id: int) -> ProcessMap | None:
    return db.session.scalar(_MAP, {"map_id": map_id, "team_id": team.id})


def maps_statement(team: Team):
    return select(ProcessMap).where(visible(team)).order_by(ProcessMap.state, ProcessMap.title, ProcessMap.id)


def all_maps(team: Team) -> list[ProcessMap]:
    return list(db.session.scalars(maps_statement(team)))


def step_counts(team: Team) -> dict[int, int]:
    return dict(db.session.execute(
        select(ProcessStep.map_id, func.count()).join(ProcessMap, ProcessMap.id == ProcessStep.map_id)
        .where(visible(team)).group_by(ProcessStep.map_id)).all())


@dataclass
class MapData:
    """A map with everything on it, in order."""

    map: ProcessMap
    lanes: list[ProcessLane]
    steps: list[ProcessStep]
    branches: dict[int, list[ProcessBranch]] = field(default_factory=dict)  # by step id
    notes: dict[int, list[ProcessNote]] = field(default_factory=dict)  # by step id

    @property
    def lane_names(self) -> dict[int, str]:
        return {lane.id: lane.name for lane in self.lanes}

    @property
    def number_of(self) -> dict[int, int]:
        """Each step's number as the pages show it (1-based map order)."""
        return {step.id: n for n, step in enumerate(self.steps, start=1)}

    def steps_in(self, lane: ProcessLane) -> int:
        return sum(1 for step in self.steps if step.lane_id == lane.id)

    def all_notes(self) -> list[ProcessNote]:
        return [note for step in self.steps for note in self.notes.get(step.id, [])]


def load(process_map: ProcessMap) -> MapData:
    params = {"map_id": process_map.id}
    data = MapData(process_map, list(db.session.scalars(_LANES, params)), list(db.session.scalars(_STEPS, params)))
    for branch in db.session.scalars(_BRANCHES, params):
        data.branches.setdefault(branch.step_id, []).append(branch)
    for note in db.session.scalars(_NOTES, params):
        data.notes.setdefault(note.step_id, []).append(note)
    return data


def flow_of(data: MapData) -> Flow:
    """The map as a `Flow`: lanes in order (empty ones too), steps in map order with their
    lane's name, branches and sticky-note counts."""
    lanes = data.lane_names
    steps = []
    for step in data.steps:
        notes = [note.kind for note in data.notes.get(step.id, [])]
        steps.append(FlowStep(
            id=step.id, lane=lanes.get(step.lane_id, ""), label=step.label, kind=step.kind, minutes=step.minutes,
            wait_minutes=step.wait_minutes, value=step.value, paper=step.paper,
            pain_points=notes.count("pain_point"), ideas=notes.count("idea"), questions=notes.count("question"),
            branches=tuple(FlowBranch(b.target_id, b.label) for b in data.branches.get(step.id, [])),
        ))
    return Flow(title=data.map.title, state=data.map.state, lanes=tuple(lane.name for lane in data.lanes),
                steps=tuple(steps))


def future_maps_of(team: Team, current: ProcessMap) -> list[ProcessMap]:
    return list(db.session.scalars(select(ProcessMap).where(visible(team), ProcessMap.redesigns_id == current.id)
                                   .order_by(ProcessMap.id)))


def pain_point_idea_ids(team: Team) -> set[int]:
    """The change ideas (by id) that came from one of the team's live pain points: the one
    question the QI feature asks of process maps for its driver diagram."""
    return set(db.session.scalars(
        select(ProcessNote.change_idea_id).join(ProcessMap, ProcessMap.id == ProcessNote.map_id)
        .where(visible(team), ProcessNote.change_idea_id.is_not(None), ProcessNote.kind == "pain_point")))


@dataclass(frozen=True)
class PainPoint:
    """A live pain point with where it sits: what the QI feature shows and links to."""

    note: ProcessNote
    process_map: ProcessMap
    step_id: int
    step_label: str


def pain_points(team: Team, *, change_idea_id: int | None = None, note_id: int | None = None) -> list[PainPoint]:
    """The team's live pain points made into the change idea `change_idea_id`, or the one pain
    point `note_id` (to make it a change idea), each with its map and step, in one statement:
    the one question the QI feature's linked chain asks of process maps."""
    stmt = (select(ProcessNote, ProcessMap, ProcessStep.id, ProcessStep.label)
            .join(ProcessMap, ProcessMap.id == ProcessNote.map_id)
            .join(ProcessStep, ProcessStep.id == ProcessNote.step_id)
            .where(visible(team), ProcessNote.team_id == team.id, ProcessNote.kind == "pain_point"))
    if change_idea_id is not None:
        stmt = stmt.where(ProcessNote.change_idea_id == change_idea_id)
    if note_id is not None:
        stmt = stmt.where(ProcessNote.id == note_id)
    return [PainPoint(note, process_map, step_id, label)
            for note, process_map, step_id, label in db.session.execute(stmt.order_by(ProcessNote.id).limit(200))]
