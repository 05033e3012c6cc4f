"""Reading measures for their pages and the API: one measure through its team, the list's
page, a measure's stored points and annotations, the PDSA cycles linked to it, and each
listed measure's series and analysis (qi.queries.measure_series: four statements per page)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select

from ..extensions import db
from ..models import Team
from . import spc
from .facts import Analysis, MeasureSeries
from .models import Measure, MeasureAnnotation, MeasurePoint, PdsaCycle, PdsaMeasure
from .queries import cycle_label, cycle_numbers, live_cycles, live_measures, measure_series

PER_PAGE = 20
POINTS_PER_PAGE = 25


def get_measure(team: Team, measure_id: int) -> Measure | None:
    return db.session.scalar(select(Measure).where(Measure.id == measure_id, live_measures(team)))


def measure_or_404(team: Team, measure_id: int) -> Measure:
    measure = get_measure(team, measure_id)
    if measure is None:
        abort(404)
    return measure


def child_or_404(model, measure: Measure, record_id: int):
    record = db.session.get(model, record_id)
    if record is None or record.measure_id != measure.id or record.team_id != measure.team_id:
        abort(404)
    return record


def measures_statement(team: Team):
    return select(Measure).where(live_measures(team)).order_by(Measure.position, Measure.id)


def point_counts(team: Team, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(db.session.execute(select(MeasurePoint.measure_id, func.count()).where(
        MeasurePoint.measure_id.in_(ids)).group_by(MeasurePoint.measure_id)).all())


@dataclass(frozen=True)
class Charted:
    series: MeasureSeries
    analysis: Analysis


def charted(team: Team, ids: list[int], chart: str | None = None) -> dict[int, Charted]:
    """Each measure of `ids` as its series and its analysis."""
    if not ids:
        return {}
    return {s.id: Charted(s, spc.analyse(s, chart)) for s in measure_series(team, ids)}






def annotations_of(measure: Measure) -> list[MeasureAnnotation]:
    return list(db.session.scalars(select(MeasureAnnotation).where(MeasureAnnotation.measure_id == measure.id)
                                   .order_by(MeasureAnnotation.on_date, MeasureAnnotation.id)))


@dataclass(frozen=True)
class LinkedCycle:
    id: int
    label: str  # "PDSA 2 (adopt)"
    title: str
    status: str
    started_on: object


def linked_cycles(team: Team, measure: Measure) -> list[LinkedCycle]:
    """The live PDSA cycles that should move this measure (qi_pdsa_measures), in number order."""
    rows = db.session.execute(
        select(PdsaCycle.id, PdsaCycle.title, PdsaCycle.status, PdsaCycle.started_on, PdsaCycle.decision)
        .join(PdsaMeasure, PdsaMeasure.pdsa_id == PdsaCycle.id)
        .where(PdsaMeasure.measure_id == measure.id, live_cycles(team)).order_by(PdsaCycle.id)).all()
    if not rows:
        return []
    numbers = cycle_numbers(team)
    return [LinkedCycle(row.id, cycle_label(numbers.get(row.id, 0), row.decision), row.title, row.status,
                        row.started_on) for row in rows]
