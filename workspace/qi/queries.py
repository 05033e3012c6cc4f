"""Reading QI work: the visibility rules, and the stored rows as the plain data of `facts`.

Visibility: everything is the team's; actions, PDSA cycles and measures are live until
soft-deleted. Everyone who may "view" the team sees all of it (QI holds nothing confidential).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from ..extensions import db
from ..models import Team
from ..processes.queries import pain_point_idea_ids
from .facts import DriverNode, DriverTree, IdeaNode, Marker, MeasureSeries, Point
from .models import (
    Action,
    Aim,
    ChangeIdea,
    Driver,
    Measure,
    MeasureAnnotation,
    MeasurePoint,
    PdsaCycle,
    PdsaMeasure,
)
from .plan_fields import statement_from


def live_actions(team: Team):
    return (Action.team_id == team.id) & Action.deleted_at.is_(None)


def live_cycles(team: Team):
    return (PdsaCycle.team_id == team.id) & PdsaCycle.deleted_at.is_(None)


def live_measures(team: Team):
    return (Measure.team_id == team.id) & Measure.deleted_at.is_(None)


def aim_of(team: Team) -> Aim | None:
    return db.session.scalar(select(Aim).where(Aim.team_id == team.id))


def cycle_numbers(team: Team) -> dict[int, int]:
    """Each live PDSA cycle's number within the team ("PDSA 2"): 1, 2, 3... in the order they
    were created, so a number never changes when a later cycle is added."""
    ids = db.session.scalars(select(PdsaCycle.id).where(live_cycles(team)).order_by(PdsaCycle.id))
    return {cycle_id: number for number, cycle_id in enumerate(ids, start=1)}


def cycle_label(number: int, decision: str | None) -> str:
    return f"PDSA {number} ({decision})" if decision else f"PDSA {number}"


def measure_series(team: Team, measure_ids: list[int] | None = None) -> list[MeasureSeries]:
    """The team's live measures (or those of `measure_ids`), each with its points and chart
    markers (its annotations, and the start of every live PDSA cycle linked to it), in four
    statements whatever the number of measures."""
    stmt = select(Measure).where(live_measures(team)).order_by(Measure.position, Measure.id)
    if measure_ids is not None:
        stmt = stmt.where(Measure.id.in_(measure_ids))
    measures = list(db.session.scalars(stmt))
    if not measures:
        return []
    ids = [measure.id for measure in measures]
    points: dict[int, list[Point]] = defaultdict(list)
    for row in db.session.execute(
            select(MeasurePoint.measure_id, MeasurePoint.on_date, MeasurePoint.value, MeasurePoint.note,
                   MeasurePoint.astronomical, MeasurePoint.rebase, MeasurePoint.id)
            .where(MeasurePoint.measure_id.in_(ids)).order_by(MeasurePoint.on_date, MeasurePoint.id)):
        points[row.measure_id].append(Point(row.on_date, row.value, row.note, row.astronomical, row.rebase, row.id))
    markers: dict[int, list[Marker]] = defaultdict(list)
    for row in db.session.execute(
            select(MeasureAnnotation.measure_id, MeasureAnnotation.on_date, MeasureAnnotation.label)
            .where(MeasureAnnotation.measure_id.in_(ids))):
        markers[row.measure_id].append(Marker(row.on_date, row.label, "annotation"))
    numbers = cycle_numbers(team)
    for row in db.session.execute(
            select(PdsaMeasure.measure_id, PdsaCycle.id, PdsaCycle.started_on, PdsaCycle.decision)
            .join(PdsaCycle, PdsaCycle.id == PdsaMeasure.pdsa_id)
            .where(PdsaMeasure.measure_id.in_(ids), live_cycles(team), PdsaCycle.started_on.is_not(None))):
        markers[row.measure_id].append(Marker(row.started_on, cycle_label(numbers[row.id], row.decision), "pdsa"))
    return [MeasureSeries(id=m.id, name=m.name, kind=m.kind, unit=m.unit, better=m.better, target=m.target,
                          chart=m.chart, points=tuple(points[m.id]),
                          markers=tuple(sorted(markers[m.id], key=lambda marker: (marker.on, marker.label))),
                          definition=m.definition)
            for m in measures]


def driver_tree(team: Team) -> DriverTree:
    """The aim, its drivers in order and the change ideas under them, in four statements."""
    aim = aim_of(team)
    drivers = list(db.session.scalars(select(Driver).where(Driver.team_id == team.id)
                                      .order_by(Driver.position, Driver.id)))
    ideas = list(db.session.scalars(select(ChangeIdea).where(ChangeIdea.team_id == team.id)
                                    .order_by(ChangeIdea.position, ChangeIdea.id)))
    cycles = dict(db.session.execute(
        select(PdsaCycle.change_idea_id, func.count()).where(live_cycles(team), PdsaCycle.change_idea_id.is_not(None))
        .group_by(PdsaCycle.change_idea_id)).all())
    from_pain_points = pain_point_idea_ids(team)
    ideas_under: dict[int | None, list[IdeaNode]] = defaultdict(list)
    driver_ids = {driver.id for driver in drivers if driver.level == "secondary"}
    for idea in ideas:
        place = idea.driver_id if idea.driver_id in driver_ids else None
        ideas_under[place].append(IdeaNode(idea.id, idea.title, idea.id in from_pain_points, cycles.get(idea.id, 0)))
    secondaries: dict[int, list[DriverNode]] = defaultdict(list)
    for driver in drivers:
        if driver.level == "secondary" and driver.parent_id is not None:
            secondaries[driver.parent_id].append(
                DriverNode(driver.id, driver.title, "secondary", ideas=tuple(ideas_under[driver.id])))
    primaries = tuple(DriverNode(driver.id, driver.title, "primary", children=tuple(secondaries[driver.id]))
                      for driver in drivers if driver.level == "primary")
    return DriverTree(aim=aim_statement(aim), primaries=primaries, unplaced=tuple(ideas_under[None]))


def aim_statement(aim: Aim | None) -> str:
    """The aim as one sentence: the team's own statement, or while they have only filled in the
    SMART parts, the statement the aim page suggests from them (so the diagram, the overview and
    the Word report never say "no aim" to a team that has one)."""
    if aim is None:
        return ""
    return aim.statement or statement_from(aim.what, aim.how_much, aim.by_when, aim.for_whom)
