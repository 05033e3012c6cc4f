"""Every change to a team's measures, their points and annotations: validate, change, then
`operations.commit` (the version-guarded flush, the submission hold, the audit event, ONE
commit). Every change to a point or an annotation also moves its measure's version on, so a
stale edit of the measure is refused (409) and the chart's cache key changes.

Bounds: MAX_MEASURES per team, spc.MAX_POINTS points and MAX_ANNOTATIONS annotations per measure.
Adding a point always adds one: a date may hold several points (issue 11: "duplicate dates
(allowed, in order)"), read in (on_date, id) order, so a batch's rows keep the order they were
sent in and a pasted row is never silently lost. The caller is told how many rows shared a date
with an earlier point. A rebase at the first point is refused: there is no phase before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from . import spc
from .measure_fields import clean_annotation, clean_measure, clean_point
from .models import Measure, MeasureAnnotation, MeasurePoint
from .operations import Stale, check_version, commit, refuse_if_submitted  # noqa: F401 - Stale for callers

MAX_MEASURES = 50
MAX_ANNOTATIONS = 100
MAX_POINTS = spc.MAX_POINTS
FIRST_POINT_REBASE = ("The first point cannot start a new phase: there are no points before it. The limits "
                      "were not changed: rebase at the first point of the new phase instead.")


# --- measures ----------------------------------------------------------------------------------


def create_measure(team: Team, actor: User, data: dict, points: Sequence | None = None) -> Measure:
    """A new measure; with `points` (the API), its first points too, in the same commit."""
    refuse_if_submitted(team)
    values = clean_measure(data, partial=False)
    rows = check_points(points) if points is not None else []
    live = db.session.scalar(select(func.count()).select_from(Measure).where(
        Measure.team_id == team.id, Measure.deleted_at.is_(None)))
    if live >= MAX_MEASURES:
        raise ValidationProblem({"name": f"A team holds at most {MAX_MEASURES} measures. Delete one first."})
    measure = Measure(team_id=team.id, created_by_id=actor.id, position=live, **values)
    db.session.add(measure)
    if rows:
        db.session.flush()
        # added in order: the unit of work inserts them in that order, so ids keep a shared date's order
        db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=row["on"], value=row["value"],
                                        note=row["note"]) for row in rows)
    commit(team, actor, "qi.measure.created", measure, "this measure", name=measure.name, points=len(rows))
    return measure


def update_measure(team: Team, measure: Measure, actor: User, data: dict, *, version=None) -> Measure:
    refuse_if_submitted(team)
    check_version(measure, version, "this measure")
    values = clean_measure(data, partial=True)
    changed = sorted(name for name, value in values.items() if getattr(measure, name) != value)
    if not changed:
        return measure
    for name in changed:
        setattr(measure, name, values[name])
    commit(team, actor, "qi.measure.updated", measure, "this measure", fields=changed)
    return measure


def delete_measure(team: Team, measure: Measure, actor: User) -> None:
    """Off every page, chart and export; the rows stay for the audit trail and comments."""
    refuse_if_submitted(team)
    measure.deleted_at = utcnow()
    commit(team, actor, "qi.measure.deleted", measure, "this measure", name=measure.name)


# --- points --------------------------------------------------------------------------------------


def _dates_held(measure: Measure) -> list:
    return list(db.session.scalars(select(MeasurePoint.on_date).where(MeasurePoint.measure_id == measure.id)))


def check_points(rows: Sequence) -> list[dict]:
    """Every row cleaned, or one ValidationProblem naming each bad row ("points[3].value")."""
    if not isinstance(rows, list | tuple):
        raise ValidationProblem({"points": "points must be a list of {on, value, note}"})
    if len(rows) > MAX_POINTS:
        raise ValidationProblem({"points": f"A measure holds at most {MAX_POINTS:,} points (this has {len(rows):,})"})
    cleaned, problems = [], {}
    for n, row in enumerate(rows):
        try:
            cleaned.append(clean_point(row))
        except ValidationProblem as problem:
            problems.update({f"points[{n}].{key}" if key != "point" else f"points[{n}]": message
                             for key, message in problem.fields.items()})
    if problems:
        raise ValidationProblem(problems, f"{len({k.split('.')[0] for k in problems})} point(s) could not be read, "
                                          f"so nothing was saved. {next(iter(problems.values()))}")
    return cleaned


def add_points(team: Team, measure: Measure, actor: User, rows: Sequence[dict], *, cleaned: bool = False,
               source: str = "form") -> tuple[int, int]:
    """Add every row as a new point, in order. Gives (added, shared): `shared` counts the rows
    whose date already had a point (stored or earlier in the batch): both are kept, in the order
    entered. Nothing is saved if any row is wrong or the measure would hold more than MAX_POINTS."""
    refuse_if_submitted(team)
    rows = list(rows) if cleaned else check_points(rows)
    held = _dates_held(measure)
    if len(held) + len(rows) > MAX_POINTS:
        raise ValidationProblem({"points": f"A measure holds at most {MAX_POINTS:,} points: it has {len(held):,} "
                                           f"and these add {len(rows):,}. Delete some first."})
    seen, shared = set(held), 0
    for row in rows:  # added in order: the unit of work inserts them in that order, so the ids keep it
        shared += row["on"] in seen
        seen.add(row["on"])
        db.session.add(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=row["on"], value=row["value"],
                                    note=row["note"]))
    commit(team, actor, "qi.measure.points_added", measure, "this measure", added=len(rows), shared_date=shared,
           source=source)
    return len(rows), shared


def shared_words(shared: int) -> str:
    """The result message's part about dates entered again ("" when none)."""
    if not shared:
        return ""
    return (f"{shared} row{'s' if shared != 1 else ''} share{'' if shared != 1 else 's'} a date with an earlier point: "
            "both are kept, in the order entered.")


def update_point(team: Team, measure: Measure, point: MeasurePoint, actor: User, data: dict) -> MeasurePoint:
    """A point's value and note (its date stays: enter another date as a new point)."""
    refuse_if_submitted(team)
    values = clean_point({"on": point.on_date, **data})
    point.value, point.note = values["value"], values["note"]
    commit(team, actor, "qi.measure.point_updated", measure, "this measure", on=point.on_date.isoformat())
    return point


def delete_point(team: Team, measure: Measure, point: MeasurePoint, actor: User) -> None:
    refuse_if_submitted(team)
    on = point.on_date
    db.session.delete(point)
    commit(team, actor, "qi.measure.point_deleted", measure, "this measure", on=on.isoformat())


def first_point_id(measure: Measure) -> int | None:
    """The id of the measure's first point in reading order (on_date, id)."""
    return db.session.scalar(select(MeasurePoint.id).where(MeasurePoint.measure_id == measure.id)
                             .order_by(MeasurePoint.on_date, MeasurePoint.id).limit(1))


def set_flag(team: Team, measure: Measure, point: MeasurePoint, actor: User, flag: str, on: bool) -> None:
    """Mark a point astronomical (or not), or rebase the limits at it (or not)."""
    refuse_if_submitted(team)
    if flag not in ("astronomical", "rebase"):
        raise ValidationProblem({"flag": "Choose astronomical or rebase"})
    if flag == "rebase" and on and point.id == first_point_id(measure):
        raise ValidationProblem({"rebase": FIRST_POINT_REBASE})
    setattr(point, flag, bool(on))
    commit(team, actor, f"qi.measure.{flag}_{'set' if on else 'cleared'}", measure, "this measure",
           on=point.on_date.isoformat())


# --- annotations -----------------------------------------------------------------------------------


def add_annotation(team: Team, measure: Measure, actor: User, data: dict) -> MeasureAnnotation:
    refuse_if_submitted(team)
    values = clean_annotation(data)
    count = db.session.scalar(select(func.count()).select_from(MeasureAnnotation).where(
        MeasureAnnotation.measure_id == measure.id))
    if count >= MAX_ANNOTATIONS:
        raise ValidationProblem({"label": f"A chart holds at most {MAX_ANNOTATIONS} annotations."})
    annotation = MeasureAnnotation(team_id=team.id, measure_id=measure.id, on_date=values["on"], label=values["label"])
    db.session.add(annotation)
    commit(team, actor, "qi.measure.annotation_added", measure, "this measure", label=annotation.label)
    return annotation


def delete_annotation(team: Team, measure: Measure, annotation: MeasureAnnotation, actor: User) -> None:
    refuse_if_submitted(team)
    label = annotation.label
    db.session.delete(annotation)
    commit(team, actor, "qi.measure.annotation_deleted", measure, "this measure", label=label)
