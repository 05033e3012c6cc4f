"""Every change to a team's process maps: validate, change, audit, commit once.

Each change to a map or anything on it moves the map's `version` on by one with
`UPDATE ... WHERE version = <the version read>`: two concurrent changes never both land on the
same version, and a change that names the version it started from (the drag script does) is
refused with StaleMap when the map has moved on, so nobody's reordering is silently undone.

A submitted team's review is frozen, its maps with it (submitted.refuse_if_submitted, then
hold_team_open before the commit), as the report's sections and the stakeholder map are.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, update

from .. import audit
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from ..submitted import ReportSubmitted, hold_team_open, refuse_if_submitted  # noqa: F401 - ops.ReportSubmitted
from . import fields
from .models import ProcessBranch, ProcessLane, ProcessMap, ProcessNote, ProcessStep

#: bounds on what one team or map holds: every page and render stays cheap
MAX_MAPS = 100
MAX_STEPS = 250
MAX_LANES = 20
MAX_BRANCHES = 8  # ways out of one step
MAX_NOTES = 1000  # sticky notes on one map
DEFAULT_FIRST_LANE = "Patient"


class StaleMap(Exception):
    """The change started from an older version of the map: nothing was saved."""

    def __init__(self, process_map: ProcessMap):
        self.map = process_map
        super().__init__("Someone else changed this map since you opened it. Nothing was saved: "
                         "reload the map and make your change again.")


# --- the version guard ----------------------------------------------------------------------------


def _check_version(version) -> int | None:
    if version is None:
        return None
    if isinstance(version, str) or bounded_int(version, 1) is None:
        raise ValidationProblem({"version": "version must be a whole number: the version you read"})
    return version


def _bump(team: Team, process_map: ProcessMap, actor: User, version=None) -> None:
    """Move the map's version on, only from the version read (or the one the caller names)."""
    seen = process_map.version if version is None else version
    db.session.flush()
    moved = db.session.execute(
        update(ProcessMap).where(ProcessMap.id == process_map.id, ProcessMap.version == seen)
        .values(version=seen + 1, updated_at=utcnow(), updated_by_id=actor.id)
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        db.session.rollback()
        raise StaleMap(process_map)
    hold_team_open(team)
    db.session.expire(process_map, ["version", "updated_at", "updated_by_id"])


def _commit(team: Team, process_map: ProcessMap, actor: User, action: str, target=None, version=None,
            **detail) -> None:
    _bump(team, process_map, actor, version)
    audit.record(f"process_map.{action}", team=team, target=target or process_map, actor=actor,
                 detail={"map_id": process_map.id, **detail})
    db.session.commit()


# --- maps -------------------------------------------------------------------------------------------


def _redesigned(team: Team, values: dict, process_map: ProcessMap | None = None) -> None:
    """A future map may name a current map of the same team that it redesigns; nothing else may."""
    target_id = values.get("redesigns_id")
    if target_id is None:
        return
    if values.get("state", process_map.state if process_map else "current") != "future":
        raise ValidationProblem({"redesigns_id": "Only a future-state map redesigns a current map"})
    found = db.session.scalar(select(ProcessMap.state).where(
        ProcessMap.id == target_id, ProcessMap.team_id == team.id, ProcessMap.deleted_at.is_(None)))
    if found != "current" or (process_map is not None and target_id == process_map.id):
        raise ValidationProblem({"redesigns_id": "Choose one of this team's current-state maps"})


def create_map(team: Team, actor: User, data: dict, *, steps: Sequence[dict] | None = None,
               lanes: Sequence[str] | None = None) -> ProcessMap:
    """A new map. `lanes` names its lanes in order (the first is the patient or citizen: a
    "Patient" lane when none is named); `steps` (the API) lays steps out in that order, each
    flowing to the next unless its `branches` say otherwise (see `steps_from_api`)."""
    refuse_if_submitted(team)
    values = fields.clean_map(data, partial=False)
    if values["state"] == "current":
        values["redesigns_id"] = None
    _redesigned(team, values)
    if db.session.scalar(select(func.count()).select_from(ProcessMap).where(
            ProcessMap.team_id == team.id, ProcessMap.deleted_at.is_(None))) >= MAX_MAPS:
        raise ValidationProblem({"title": f"A team holds at most {MAX_MAPS} process maps. Delete some first."})
    planned = _planned_steps(steps or [], lanes or [])
    process_map = ProcessMap(team_id=team.id, created_by_id=actor.id, updated_by_id=actor.id, **values)
    db.session.add(process_map)
    db.session.flush()
    _write_steps(team, process_map, actor, *planned)
    hold_team_open(team)
    audit.record("process_map.created", team=team, target=process_map, actor=actor,
                 detail={"title": process_map.title, "steps": len(planned[1])})
    db.session.commit()
    return process_map


def update_map(team: Team, process_map: ProcessMap, actor: User, data: dict, *, version=None) -> ProcessMap:
    refuse_if_submitted(team)
    version = _check_version(version)
    values = fields.clean_map(data, partial=True)
    if values.get("state") == "current":
        values["redesigns_id"] = None
    _redesigned(team, {"state": process_map.state, **values}, process_map)
    if values.get("state") == "future" and process_map.state == "current":
        redesigned_by = db.session.scalar(select(func.count()).select_from(ProcessMap).where(
            ProcessMap.redesigns_id == process_map.id, ProcessMap.deleted_at.is_(None)))
        if redesigned_by:
            raise ValidationProblem({"state": "A future map redesigns this map: it stays a current-state map"})
    changed = [name for name, value in values.items() if getattr(process_map, name) != value]
    if not changed and version in (None, process_map.version):
        return process_map
    for name in changed:
        setattr(process_map, name, values[name])
    _commit(team, process_map, actor, "updated", version=version, fields=sorted(changed))
    return process_map


def delete_map(team: Team, process_map: ProcessMap, actor: User) -> None:
    """Off every page, figure and export; the rows stay for the audit trail and comments.
    Future maps that redesigned it keep their steps and lose the link."""
    refuse_if_submitted(team)
    process_map.deleted_at = utcnow()
    db.session.execute(update(ProcessMap).where(ProcessMap.redesigns_id == process_map.id)
                       .values(redesigns_id=None).execution_options(synchronize_session=False))
    _commit(team, process_map, actor, "deleted", title=process_map.title)


# --- steps laid out in one go (the API's POST and PATCH with `steps`) -------------------------------


def _planned_steps(steps: Sequence[dict], lanes: Sequence[str]):
    """Check every step of an API list (all problems at once, keyed "steps[3].minutes") and
    give (lane names in order, [(values, notes, branches)])."""
    if not isinstance(steps, list | tuple) or not isinstance(lanes, list | tuple):
        raise ValidationProblem({"steps": "steps must be a list of steps, lanes a list of names"})
    if len(steps) > MAX_STEPS:
        raise ValidationProblem({"steps": f"A map holds at most {MAX_STEPS} steps (this has {len(steps):,})"})
    if len(lanes) > MAX_LANES:
        raise ValidationProblem({"lanes": f"A map holds at most {MAX_LANES} lanes"})
    problems: dict[str, str] = {}
    lane_names: list[str] = []
    for n, name in enumerate(lanes):
        try:
            cleaned = fields.clean_lane_name(name)
        except ValidationProblem as problem:
            problems[f"lanes[{n}]"] = problem.message
            continue
        if cleaned.casefold() in {known.casefold() for known in lane_names}:
            problems[f"lanes[{n}]"] = f"The lane {cleaned} is named twice"
        lane_names.append(cleaned)
    planned = []
    for n, raw in enumerate(steps):
        if not isinstance(raw, dict):
            problems[f"steps[{n}]"] = "Each step must be an object"
            continue
        extra = {key: raw[key] for key in ("pain_points", "ideas", "questions", "branches") if key in raw}
        try:
            values = fields.clean_step({k: v for k, v in raw.items() if k not in extra}, partial=False)
            notes = _api_notes(extra)
            branches = _api_branches(extra.get("branches"), len(steps), n)
        except ValidationProblem as problem:
            problems.update({f"steps[{n}].{key}": message for key, message in problem.fields.items()})
            continue
        values["lane"] = values["lane"] or (lane_names[0] if lane_names else DEFAULT_FIRST_LANE)
        if values["lane"].casefold() not in {name.casefold() for name in lane_names}:
            lane_names.append(values["lane"])
        planned.append((values, notes, branches))
    if len(lane_names) > MAX_LANES:
        problems["lanes"] = f"A map holds at most {MAX_LANES} lanes"
    if problems:
        raise ValidationProblem(problems, next(iter(problems.values())))
    return (lane_names or [DEFAULT_FIRST_LANE]), planned


def check_steps(steps, lanes) -> None:
    """Raise ValidationProblem for anything wrong in an API list of steps and lanes, saving nothing."""
    _planned_steps(steps, lanes)


def _api_notes(extra: dict) -> list[tuple[str, str]]:
    notes = []
    for key, kind in (("pain_points", "pain_point"), ("ideas", "idea"), ("questions", "question")):
        items = extra.get(key) or []
        if not isinstance(items, list) or len(items) > 50:
            raise ValidationProblem({key: f"{key} must be a list of at most 50 texts"})
        for item in items:
            try:
                notes.append((kind, fields.clean_note({"kind": kind, "body": item})["body"]))
            except ValidationProblem as problem:
                raise ValidationProblem({key: problem.message}) from None
    return notes


def _api_branches(value, count: int, own: int) -> list[tuple[int, str]]:
    """Branches by step number on this list (1-based): [{"to": 5, "label": "yes"}]."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_BRANCHES:
        raise ValidationProblem({"branches": f"branches must be a list of at most {MAX_BRANCHES}"})
    found = []
    for branch in value:
        to = bounded_int(branch.get("to"), 1) if isinstance(branch, dict) else None
        if to is None or to > count:
            raise ValidationProblem({"branches": f"Each branch goes to a step of this map, 1 to {count}"})
        if to == own + 1:
            raise ValidationProblem({"branches": "A step cannot branch to itself"})
        found.append((to - 1, fields.clean_branch_label(branch.get("label"))))
    return found


def _write_steps(team: Team, process_map: ProcessMap, actor: User, lane_names: list[str], planned,
                 kept_authors: dict | None = None) -> None:
    """Lanes, steps, notes and branches as planned. `kept_authors` maps a note's (kind, text) to
    the (id, name) of whoever wrote it before: a note carried over unchanged keeps its author."""
    kept_authors = kept_authors or {}
    lanes = {}
    for position, name in enumerate(lane_names):
        lane = ProcessLane(team_id=team.id, map_id=process_map.id, name=name, position=position)
        db.session.add(lane)
        lanes.setdefault(name.casefold(), lane)
    db.session.flush()
    steps = []
    for position, (values, _notes, _branches) in enumerate(planned):
        step = ProcessStep(team_id=team.id, map_id=process_map.id, position=position,
                           lane_id=lanes[values.pop("lane").casefold()].id, **values)
        steps.append(step)
    db.session.add_all(steps)
    db.session.flush()
    for step, (_values, notes, branches) in zip(steps, planned, strict=True):
        for kind, body in notes:
            author_id, author_name = kept_authors.get((kind, body), (actor.id, actor.name))
            db.session.add(ProcessNote(team_id=team.id, map_id=process_map.id, step_id=step.id, kind=kind, body=body,
                                       author_id=author_id, author_name=author_name))
        db.session.add_all(ProcessBranch(team_id=team.id, map_id=process_map.id, step_id=step.id,
                                         target_id=steps[target].id, label=label, position=n)
                           for n, (target, label) in enumerate(branches))


def replace_steps(team: Team, process_map: ProcessMap, actor: User, steps, lanes=None, *, version=None) -> None:
    """The API's PATCH with `steps`: the map's lanes and steps become those given, in order."""
    refuse_if_submitted(team)
    version = _check_version(version)
    lane_names, planned = _planned_steps(steps, lanes or [])
    # A client sends the notes back as texts: one it did not change is still its author's (a
    # host partner's pain point must not become the caller's).
    kept_authors = {(note.kind, note.body): (note.author_id, note.author_name) for note in db.session.scalars(
        select(ProcessNote).where(ProcessNote.map_id == process_map.id).order_by(ProcessNote.id.desc()))}
    for model in (ProcessBranch, ProcessNote, ProcessStep, ProcessLane):
        db.session.execute(model.__table__.delete().where(model.map_id == process_map.id))
    _write_steps(team, process_map, actor, lane_names, planned, kept_authors)
    _commit(team, process_map, actor, "steps_replaced", version=version, steps=len(planned))


# --- lanes ------------------------------------------------------------------------------------------


def add_lane(team: Team, process_map: ProcessMap, actor: User, name, *, version=None) -> ProcessLane:
    refuse_if_submitted(team)
    name = fields.clean_lane_name(name)
    lanes = list(db.session.scalars(select(ProcessLane).where(ProcessLane.map_id == process_map.id)))
    if len(lanes) >= MAX_LANES:
        raise ValidationProblem({"name": f"A map holds at most {MAX_LANES} lanes"})
    if any(lane.name.casefold() == name.casefold() for lane in lanes):
        raise ValidationProblem({"name": f"This map already has a lane called {name}"})
    lane = ProcessLane(team_id=team.id, map_id=process_map.id, name=name,
                       position=max((lane.position for lane in lanes), default=-1) + 1)
    db.session.add(lane)
    _commit(team, process_map, actor, "lane_added", target=lane, version=_check_version(version), name=name)
    return lane


def rename_lane(team: Team, process_map: ProcessMap, lane: ProcessLane, actor: User, name, *, version=None) -> None:
    refuse_if_submitted(team)
    name = fields.clean_lane_name(name)
    if name == lane.name:
        return
    clash = db.session.scalar(select(ProcessLane.id).where(
        ProcessLane.map_id == process_map.id, ProcessLane.id != lane.id, func.lower(ProcessLane.name) == name.lower()))
    if clash:
        raise ValidationProblem({"name": f"This map already has a lane called {name}"})
    lane.name = name
    _commit(team, process_map, actor, "lane_renamed", target=lane, version=_check_version(version), name=name)


def move_lane(team: Team, process_map: ProcessMap, lane: ProcessLane, actor: User, offset: int, *,
              version=None) -> None:
    """Up (-1) or down (+1) one place; the order is renumbered densely."""
    refuse_if_submitted(team)
    lanes = list(db.session.scalars(select(ProcessLane).where(ProcessLane.map_id == process_map.id)
                                    .order_by(ProcessLane.position, ProcessLane.id)))
    _move(lanes, lane, offset)
    _commit(team, process_map, actor, "lane_moved", target=lane, version=_check_version(version), offset=offset)


def delete_lane(team: Team, process_map: ProcessMap, lane: ProcessLane, actor: User, *, version=None) -> None:
    """Only an empty lane goes: a lane's steps are moved or deleted first, never lost with it."""
    refuse_if_submitted(team)
    if db.session.scalar(select(func.count()).select_from(ProcessStep).where(ProcessStep.lane_id == lane.id)):
        raise ValidationProblem({"lane": f"The {lane.name} lane still has steps: move or delete them first"})
    if db.session.scalar(select(func.count()).select_from(ProcessLane).where(ProcessLane.map_id == process_map.id)) <= 1:
        raise ValidationProblem({"lane": "A map keeps at least one lane"})
    db.session.delete(lane)
    db.session.flush()
    _renumber(list(db.session.scalars(select(ProcessLane).where(ProcessLane.map_id == process_map.id)
                                      .order_by(ProcessLane.position, ProcessLane.id))))
    _commit(team, process_map, actor, "lane_deleted", version=_check_version(version), name=lane.name)


def _renumber(rows) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position


def _move(rows: list, row, offset: int) -> None:
    if offset not in (-1, 1):
        raise ValidationProblem({"offset": "Move one place up or down"})
    index = rows.index(row)
    other = index + offset
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)


# --- steps ------------------------------------------------------------------------------------------


def _lane_for(process_map: ProcessMap, lane_value) -> ProcessLane:
    """A lane of this map, by id (the forms) or by name (the API)."""
    lanes = list(db.session.scalars(select(ProcessLane).where(ProcessLane.map_id == process_map.id)))
    number = bounded_int(lane_value, 1) if not isinstance(lane_value, str) or lane_value.strip().isdigit() else None
    for lane in lanes:
        if lane.id == number or (isinstance(lane_value, str) and lane.name.casefold() == lane_value.strip().casefold()):
            return lane
    raise ValidationProblem({"lane": "Choose one of this map's lanes"})


def _steps_of(process_map: ProcessMap) -> list[ProcessStep]:
    return list(db.session.scalars(select(ProcessStep).where(ProcessStep.map_id == process_map.id)
                                   .order_by(ProcessStep.position, ProcessStep.id)))


def add_step(team: Team, process_map: ProcessMap, actor: User, data: dict, *, at=None, unit: str = "minutes",
             version=None) -> ProcessStep:
    """Insert a step at position `at` (1-based; at the end when None)."""
    refuse_if_submitted(team)
    lane_value = data.get("lane")
    values = fields.clean_step({**data, "lane": ""}, partial=False, unit=unit)
    values.pop("lane")
    lane = _lane_for(process_map, lane_value)
    steps = _steps_of(process_map)
    if len(steps) >= MAX_STEPS:
        raise ValidationProblem({"label": f"A map holds at most {MAX_STEPS} steps"})
    index = len(steps) if at in (None, "") else bounded_int(at, 1)
    if index is None or (at not in (None, "") and index > len(steps) + 1):
        raise ValidationProblem({"position": f"Insert at a position from 1 to {len(steps) + 1}"})
    if at not in (None, ""):
        index -= 1
    step = ProcessStep(team_id=team.id, map_id=process_map.id, lane_id=lane.id, position=index, **values)
    steps.insert(index, step)
    db.session.add(step)
    _renumber(steps)
    _commit(team, process_map, actor, "step_added", target=step, version=_check_version(version), label=step.label)
    return step


def update_step(team: Team, process_map: ProcessMap, step: ProcessStep, actor: User, data: dict, *,
                unit: str = "minutes", version=None) -> ProcessStep:
    refuse_if_submitted(team)
    lane_value = data.get("lane")
    values = fields.clean_step({k: v for k, v in data.items() if k != "lane"}, partial=True, unit=unit)
    if lane_value not in (None, ""):
        values["lane_id"] = _lane_for(process_map, lane_value).id
    changed = [name for name, value in values.items() if getattr(step, name) != value]
    for name in changed:
        setattr(step, name, values[name])
    if changed:
        _commit(team, process_map, actor, "step_updated", target=step, version=_check_version(version),
                fields=sorted(changed))
    return step


def delete_step(team: Team, process_map: ProcessMap, step: ProcessStep, actor: User, *, version=None) -> None:
    """The step, its notes and every branch to or from it go; the order closes up."""
    refuse_if_submitted(team)
    db.session.execute(ProcessBranch.__table__.delete().where(
        (ProcessBranch.step_id == step.id) | (ProcessBranch.target_id == step.id)))
    db.session.execute(ProcessNote.__table__.delete().where(ProcessNote.step_id == step.id))
    label = step.label
    db.session.delete(step)
    db.session.flush()
    _renumber(_steps_of(process_map))
    _commit(team, process_map, actor, "step_deleted", version=_check_version(version), label=label)


def move_step(team: Team, process_map: ProcessMap, step: ProcessStep, actor: User, offset: int, *,
              version=None) -> None:
    refuse_if_submitted(team)
    _move(_steps_of(process_map), step, offset)
    _commit(team, process_map, actor, "step_moved", target=step, version=_check_version(version), offset=offset)


def reorder_steps(team: Team, process_map: ProcessMap, actor: User, order, *, version) -> None:
    """The drag script's save: the map's step ids in their new order, from the version it read.
    Every step exactly once, or nothing changes."""
    refuse_if_submitted(team)
    version = _check_version(version)
    if version is None:
        raise ValidationProblem({"version": "Give the version of the map you reordered"})
    steps = {step.id: step for step in _steps_of(process_map)}
    if (not isinstance(order, list) or len(order) != len(steps)
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in order)
            or set(order) != set(steps) or len(set(order)) != len(order)):
        raise ValidationProblem({"order": "Give every step of this map exactly once"})
    for position, step_id in enumerate(order):
        steps[step_id].position = position
    _commit(team, process_map, actor, "steps_reordered", version=version)


# --- branches ---------------------------------------------------------------------------------------


def set_branches(team: Team, process_map: ProcessMap, step: ProcessStep, actor: User,
                 branches: Sequence[tuple], *, version=None) -> None:
    """A step's ways out, [(target step id, label)], replacing the ones it had. Every target is
    another step of this same map: a branch to another map's step is refused."""
    refuse_if_submitted(team)
    if len(branches) > MAX_BRANCHES:
        raise ValidationProblem({"branches": f"A step has at most {MAX_BRANCHES} branches"})
    ids = set(db.session.scalars(select(ProcessStep.id).where(ProcessStep.map_id == process_map.id)))
    cleaned = []
    for target, label in branches:
        target_id = bounded_int(target, 1)
        if target_id is None or target_id not in ids:
            raise ValidationProblem({"branches": "A branch goes to another step of this same map"})
        if target_id == step.id:
            raise ValidationProblem({"branches": "A step cannot branch to itself"})
        cleaned.append((target_id, fields.clean_branch_label(label)))
    db.session.execute(ProcessBranch.__table__.delete().where(ProcessBranch.step_id == step.id))
    db.session.add_all(ProcessBranch(team_id=team.id, map_id=process_map.id, step_id=step.id, target_id=target_id,
                                     label=label, position=n) for n, (target_id, label) in enumerate(cleaned))
    _commit(team, process_map, actor, "branches_set", target=step, version=_check_version(version),
            branches=len(cleaned))


# --- sticky notes -----------------------------------------------------------------------------------


def add_note(team: Team, process_map: ProcessMap, step: ProcessStep, actor: User, data: dict) -> ProcessNote:
    refuse_if_submitted(team)
    values = fields.clean_note(data)
    if db.session.scalar(select(func.count()).select_from(ProcessNote).where(
            ProcessNote.map_id == process_map.id)) >= MAX_NOTES:
        raise ValidationProblem({"body": f"A map holds at most {MAX_NOTES} sticky notes"})
    note = ProcessNote(team_id=team.id, map_id=process_map.id, step_id=step.id, author_id=actor.id,
                       author_name=actor.name, **values)
    db.session.add(note)
    _commit(team, process_map, actor, "note_added", target=note, kind=note.kind)
    return note


def delete_note(team: Team, process_map: ProcessMap, note: ProcessNote, actor: User) -> None:
    refuse_if_submitted(team)
    db.session.delete(note)
    _commit(team, process_map, actor, "note_deleted", kind=note.kind)


class NoteLinkMoved(Exception):
    """The pain point was linked to a change idea since the caller read it: nothing was saved."""


#: `link_change_idea(..., seen=ANY)`: link whatever the note holds now (an explicit choice)
ANY = object()


def link_change_idea(team: Team, process_map: ProcessMap, note: ProcessNote, actor: User, change_idea_id,
                     *, seen=ANY) -> None:
    """A pain point records the change idea made from it (the QI feature calls this). With
    `seen`, the change idea id the caller read: the link is written only if the note still holds
    it (`UPDATE ... WHERE change_idea_id = seen`), else NoteLinkMoved, so two tabs making the same
    pain point into an idea never both succeed."""
    refuse_if_submitted(team)
    number = bounded_int(change_idea_id, 1) if change_idea_id is not None else None
    if change_idea_id is not None and number is None:
        raise ValidationProblem({"change_idea_id": "change_idea_id must be a whole number"})
    if note.kind != "pain_point":
        raise ValidationProblem({"change_idea_id": "Only a pain point becomes a change idea"})
    if seen is not ANY:
        still = ProcessNote.change_idea_id.is_(None) if seen is None else ProcessNote.change_idea_id == seen
        moved = db.session.execute(update(ProcessNote).where(ProcessNote.id == note.id, still)
                                   .values(change_idea_id=number).execution_options(synchronize_session=False))
        if moved.rowcount != 1:
            db.session.rollback()
            raise NoteLinkMoved()
        db.session.expire(note, ["change_idea_id"])
    else:
        note.change_idea_id = number
    _commit(team, process_map, actor, "note_linked", target=note, change_idea_id=number)

