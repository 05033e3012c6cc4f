"""Every change to the aim and the driver diagram (drivers and change ideas): validate, change,
commit once through `operations.commit` (the submission hold and the audit event).

The diagram is bounded so every page and drawing stays cheap: MAX_PRIMARIES primary drivers,
MAX_SECONDARIES secondaries under each, MAX_IDEAS_PER_DRIVER ideas under each secondary and
MAX_IDEAS ideas in all (placed or not).
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User
from . import plan_fields as fields
from .models import Aim, ChangeIdea, Driver
from .operations import Stale, check_version, commit, refuse_if_submitted

MAX_PRIMARIES = 12
MAX_SECONDARIES = 12  # under one primary driver
MAX_IDEAS_PER_DRIVER = 20  # under one secondary driver
MAX_IDEAS = 300  # in the team, placed or not

__all__ = ["Gone", "Stale", "save_aim", "add_driver", "rename_driver", "delete_driver", "move_driver", "reparent_driver",
           "add_idea", "update_idea", "delete_idea", "move_idea"]


# --- the aim ---------------------------------------------------------------------------------


def save_aim(team: Team, actor: User, data: dict, *, version=None) -> Aim:
    """Create or change the team's aim. `version` is the version the form showed (0 for an aim
    not written yet when the form was read; None: not said); a different stored version is
    Stale, nothing saved."""
    refuse_if_submitted(team)
    values = fields.clean_aim(data)
    aim = db.session.scalar(select(Aim).where(Aim.team_id == team.id))
    if aim is None:
        if version not in (None, "", 0, "0"):
            raise Stale(Aim(team_id=team.id), "the aim")
        aim = Aim(team_id=team.id, **values)
        db.session.add(aim)
        try:
            commit(team, actor, "qi.aim.created", aim, "the aim")
        except IntegrityError:  # someone else wrote the team's first aim at the same moment
            db.session.rollback()
            raise Stale(aim, "the aim") from None
        return aim
    if version in (0, "0"):  # the form was read before anyone wrote the aim
        db.session.rollback()
        raise Stale(aim, "the aim")
    check_version(aim, version, "the aim")
    changed = [name for name, value in values.items() if getattr(aim, name) != value]
    if not changed:
        return aim
    for name in changed:
        setattr(aim, name, values[name])
    commit(team, actor, "qi.aim.updated", aim, "the aim", fields=sorted(changed))
    return aim


# --- drivers ---------------------------------------------------------------------------------


def _drivers(team: Team, parent_id: int | None) -> list[Driver]:
    stmt = select(Driver).where(Driver.team_id == team.id)
    stmt = stmt.where(Driver.parent_id.is_(None)) if parent_id is None else stmt.where(Driver.parent_id == parent_id)
    return list(db.session.scalars(stmt.order_by(Driver.position, Driver.id)))


def primary_of(team: Team, driver_id) -> Driver:
    found = db.session.scalar(select(Driver).where(Driver.id == driver_id, Driver.team_id == team.id,
                                                   Driver.level == "primary"))
    if found is None:
        _refuse_missing(team, driver_id, "parent_id", "primary")
    return found


def secondary_of(team: Team, driver_id, field: str = "driver_id") -> Driver:
    found = db.session.scalar(select(Driver).where(Driver.id == driver_id, Driver.team_id == team.id,
                                                   Driver.level == "secondary"))
    if found is None:
        _refuse_missing(team, driver_id, field, "secondary")
    return found


class Gone(ValidationProblem):
    """The driver a change names is no longer in the diagram: deleted, perhaps in another tab
    (a page answers 409 and keeps what was typed; the API 422, as for any bad id)."""


def gone_message(level: str) -> str:
    return f"That {level} driver has been deleted (perhaps in another tab); choose another"


def _refuse_missing(team: Team, driver_id, field: str, level: str):
    """A driver of the team at the other level is a wrong choice; no driver of the team at all
    is one deleted since the page was read."""
    there = db.session.scalar(select(Driver.id).where(Driver.id == driver_id, Driver.team_id == team.id))
    if there is not None:
        raise ValidationProblem({field: f"Choose one of this diagram's {level} drivers"})
    raise Gone({field: gone_message(level)})


def add_driver(team: Team, actor: User, title, parent_id=None) -> Driver:
    """A primary driver (no parent) or a secondary under the primary `parent_id`, at the end."""
    refuse_if_submitted(team)
    title = fields.clean_title(title)
    parent = None
    if parent_id not in (None, ""):
        try:
            number = fields.record_id(parent_id, "Primary driver")
        except ValueError as problem:
            raise ValidationProblem({"parent_id": str(problem)}) from None
        parent = primary_of(team, number)
    siblings = _drivers(team, parent.id if parent else None)
    if parent is None and len(siblings) >= MAX_PRIMARIES:
        raise ValidationProblem({"title": f"A driver diagram has at most {MAX_PRIMARIES} primary drivers"})
    if parent is not None and len(siblings) >= MAX_SECONDARIES:
        raise ValidationProblem({"title": f"A primary driver has at most {MAX_SECONDARIES} secondary drivers"})
    driver = Driver(team_id=team.id, parent_id=parent.id if parent else None,
                    level="secondary" if parent else "primary", title=title,
                    position=(siblings[-1].position + 1) if siblings else 0)
    db.session.add(driver)
    commit(team, actor, "qi.driver.created", driver, level=driver.level, title=title)
    return driver


def rename_driver(team: Team, actor: User, driver: Driver, title) -> Driver:
    refuse_if_submitted(team)
    title = fields.clean_title(title)
    if title != driver.title:
        driver.title = title
        commit(team, actor, "qi.driver.renamed", driver, title=title)
    return driver


def delete_driver(team: Team, actor: User, driver: Driver) -> int:
    """Delete a driver (a primary with its secondaries). Their change ideas stay, unplaced,
    with their cycles and actions. Gives the number of ideas unplaced."""
    refuse_if_submitted(team)
    ids = [driver.id]
    if driver.level == "primary":
        ids += [child.id for child in _drivers(team, driver.id)]
    unplaced = db.session.execute(update(ChangeIdea).where(ChangeIdea.team_id == team.id,
                                                          ChangeIdea.driver_id.in_(ids))
                                  .values(driver_id=None).execution_options(synchronize_session=False)).rowcount
    title = driver.title
    for child_id in ids[1:]:
        db.session.delete(db.session.get(Driver, child_id))
    db.session.flush()
    db.session.delete(driver)
    commit(team, actor, "qi.driver.deleted", None, title=title, drivers=len(ids), ideas_unplaced=unplaced)
    return unplaced


def _renumber(records) -> None:
    for position, record in enumerate(records):
        if record.position != position:
            record.position = position


def _moved(records: list, record, step: int) -> bool:
    at = next(n for n, r in enumerate(records) if r.id == record.id)
    to = at + step
    if not 0 <= to < len(records):
        return False
    records[at], records[to] = records[to], records[at]
    _renumber(records)
    return True


def move_driver(team: Team, actor: User, driver: Driver, step: int) -> bool:
    """Up (-1) or down (+1) among its siblings; False at the end it already is at."""
    refuse_if_submitted(team)
    if not _moved(_drivers(team, driver.parent_id), driver, -1 if step < 0 else 1):
        return False
    commit(team, actor, "qi.driver.moved", driver, direction="up" if step < 0 else "down")
    return True


def reparent_driver(team: Team, actor: User, driver: Driver, parent_id) -> Driver:
    """Move a secondary driver (with its ideas) under another primary driver, at the end."""
    refuse_if_submitted(team)
    if driver.level != "secondary":
        raise ValidationProblem({"parent_id": "Only a secondary driver moves to another primary driver"})
    try:
        number = fields.record_id(parent_id, "Primary driver")
    except ValueError as problem:
        raise ValidationProblem({"parent_id": str(problem)}) from None
    if number is None:
        raise ValidationProblem({"parent_id": "Choose the primary driver to move it under"})
    parent = primary_of(team, number)
    if parent.id == driver.parent_id:
        return driver
    siblings = _drivers(team, parent.id)
    if len(siblings) >= MAX_SECONDARIES:
        raise ValidationProblem({"parent_id": f"A primary driver has at most {MAX_SECONDARIES} secondary drivers"})
    old = driver.parent_id
    driver.parent_id = parent.id
    driver.position = (siblings[-1].position + 1) if siblings else 0
    _renumber([d for d in _drivers(team, old) if d.id != driver.id])
    commit(team, actor, "qi.driver.reparented", driver, parent_id=parent.id)
    return driver


# --- change ideas ----------------------------------------------------------------------------


def _ideas(team: Team, driver_id: int | None) -> list[ChangeIdea]:
    stmt = select(ChangeIdea).where(ChangeIdea.team_id == team.id)
    stmt = stmt.where(ChangeIdea.driver_id.is_(None)) if driver_id is None else stmt.where(
        ChangeIdea.driver_id == driver_id)
    return list(db.session.scalars(stmt.order_by(ChangeIdea.position, ChangeIdea.id)))


def _room_under(team: Team, driver_id: int | None, field: str = "driver_id") -> list[ChangeIdea]:
    siblings = _ideas(team, driver_id)
    if driver_id is not None and len(siblings) >= MAX_IDEAS_PER_DRIVER:
        raise ValidationProblem({field: f"A secondary driver has at most {MAX_IDEAS_PER_DRIVER} change ideas"})
    return siblings


def count_ideas(team: Team) -> int:
    return db.session.scalar(select(func.count()).select_from(ChangeIdea).where(ChangeIdea.team_id == team.id))


def new_idea(team: Team, actor: User, data: dict) -> ChangeIdea:
    """A change idea added to the session (not committed): the caller commits it, with
    whatever else it changes in the same transaction."""
    refuse_if_submitted(team)
    values = fields.clean_idea(data, partial=False)
    if count_ideas(team) >= MAX_IDEAS:
        raise ValidationProblem({"title": f"A team holds at most {MAX_IDEAS} change ideas. Delete some first."})
    if values["driver_id"] is not None:
        secondary_of(team, values["driver_id"])
    siblings = _room_under(team, values["driver_id"])
    idea = ChangeIdea(team_id=team.id, created_by_id=actor.id,
                      position=(siblings[-1].position + 1) if siblings else 0, **values)
    db.session.add(idea)
    return idea


def add_idea(team: Team, actor: User, data: dict) -> ChangeIdea:
    idea = new_idea(team, actor, data)
    commit(team, actor, "qi.change_idea.created", idea, title=idea.title)
    return idea


def update_idea(team: Team, actor: User, idea: ChangeIdea, data: dict) -> ChangeIdea:
    refuse_if_submitted(team)
    values = fields.clean_idea(data, partial=True)
    if "driver_id" in values and values["driver_id"] != idea.driver_id:
        if values["driver_id"] is not None:
            secondary_of(team, values["driver_id"])
        siblings = _room_under(team, values["driver_id"])
        idea.position = (siblings[-1].position + 1) if siblings else 0
    changed = [name for name, value in values.items() if getattr(idea, name) != value]
    if not changed:
        return idea
    for name in changed:
        setattr(idea, name, values[name])
    commit(team, actor, "qi.change_idea.updated", idea, fields=sorted(changed))
    return idea


def move_idea(team: Team, actor: User, idea: ChangeIdea, step: int) -> bool:
    refuse_if_submitted(team)
    if not _moved(_ideas(team, idea.driver_id), idea, -1 if step < 0 else 1):
        return False
    commit(team, actor, "qi.change_idea.moved", idea, direction="up" if step < 0 else "down")
    return True


def place_idea(team: Team, actor: User, idea: ChangeIdea, driver_id) -> ChangeIdea:
    """Under another secondary driver (at the end), or unplaced for a blank driver."""
    return update_idea(team, actor, idea, {"driver_id": driver_id})


def delete_idea(team: Team, actor: User, idea: ChangeIdea) -> None:
    """The idea goes; its PDSA cycles and actions stay, no longer linked (SET NULL), and a pain
    point it came from keeps its text."""
    refuse_if_submitted(team)
    from .models import Action, PdsaCycle

    # A pain point it came from keeps the plain id (processes owns that column); the step page
    # shows a link only for an idea that exists.
    for model in (PdsaCycle, Action):
        db.session.execute(update(model).where(model.team_id == team.id, model.change_idea_id == idea.id)
                           .values(change_idea_id=None).execution_options(synchronize_session=False))
    title = idea.title
    db.session.delete(idea)
    commit(team, actor, "qi.change_idea.deleted", None, title=title)
