"""Measure routes of the JSON API (shared/api.md, and the OpenAPI document):

- `GET, POST /teams/{team_id}/measures`; `GET, PATCH, DELETE .../measures/{id}`
- `POST .../measures/{id}/points`: {"points": [{on, value, note}]}, each added, in order (a date
  may hold several points: both are kept, in the order sent); all or nothing
- `GET .../measures/{id}/analysis[?chart=run|xmr]`: centre line and limits per phase, signals
  [{rule, from, to, ...}], variation, assurance and the summary sentence

A PATCH naming an old `version` is a 409 with the current version, and nothing is saved.
"""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from ..api import ApiError, bp, json_body, paginate_by_id, team_for
from ..models import Team
from . import measure_operations as ops
from . import measure_queries as queries
from .facts import Analysis, MeasureSeries
from .measure_fields import MEASURE_FIELDS
from .models import Measure
from .queries import live_measures


def _me():
    return current_user._get_current_object()


def _measure(team: Team, measure_id: int) -> Measure:
    measure = queries.get_measure(team, measure_id)
    if measure is None:
        raise ApiError(404, "not_found", "There is no such measure in this team.")
    return measure


def measure_summary(m: Measure) -> dict:
    return {"id": m.id, "name": m.name, "kind": m.kind, "definition": m.definition, "unit": m.unit,
            "better": m.better, "target": m.target, "chart": m.chart, "version": m.version,
            "created_at": m.created_at.isoformat(), "updated_at": m.updated_at.isoformat()}


def measure_json(team: Team, measure: Measure) -> dict:
    found = queries.charted(team, [measure.id])[measure.id]
    annotations = queries.annotations_of(measure)
    return {**measure_summary(measure),
            "points": [{"on": p.on.isoformat(), "value": p.value, "note": p.note, "astronomical": p.astronomical,
                        "rebase": p.rebase} for p in found.series.points],
            "annotations": [{"id": a.id, "on": a.on_date.isoformat(), "label": a.label} for a in annotations],
            "variation": found.analysis.variation, "summary": found.analysis.summary}


def analysis_json(series: MeasureSeries, analysis: Analysis) -> dict:
    points = series.points

    def on(index: int) -> str:
        return points[index].on.isoformat()

    return {
        "measure_id": series.id, "chart": analysis.chart, "points": len(points),
        "phases": [{"from": on(p.start), "to": on(p.end), "points": p.end - p.start + 1, "centre": p.centre,
                    "lower": p.lower, "upper": p.upper, "lower_close": p.lower_close, "upper_close": p.upper_close,
                    "trial": p.trial} for p in analysis.phases],
        "signals": [{"rule": s.rule, "from": on(s.indexes[0]), "to": on(s.indexes[-1]),
                     "points": [on(i) for i in s.indexes], "direction": s.direction, "judgement": s.judgement,
                     "label": s.label} for s in analysis.signals],
        "variation": analysis.variation, "assurance": analysis.assurance, "summary": analysis.summary,
    }


def _fields(data: dict) -> tuple[dict, object]:
    allowed = set(MEASURE_FIELDS) | {"version"}
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ApiError(422, "validation_failed", f"Unknown fields: {', '.join(map(str, unknown[:20]))}",
                       {str(key): "is not a measure field" for key in unknown[:20]})
    return {k: v for k, v in data.items() if k in MEASURE_FIELDS}, data.get("version")


@bp.get("/teams/<int:team_id>/measures")
def list_measures(team_id: int):
    team = team_for(team_id, "view")
    from sqlalchemy import select

    return paginate_by_id(select(Measure).where(live_measures(team)), Measure, measure_summary)


@bp.post("/teams/<int:team_id>/measures")
def create_measure(team_id: int):
    team = team_for(team_id, "edit")
    data = json_body()
    points = data.pop("points", None)
    fields, _version = _fields(data)
    measure = ops.create_measure(team, _me(), fields, points)
    response = jsonify(measure_json(team, measure))
    response.headers["Location"] = url_for("api.get_measure", team_id=team.id, measure_id=measure.id)
    return response, 201


@bp.get("/teams/<int:team_id>/measures/<int:measure_id>")
def get_measure(team_id: int, measure_id: int):
    team = team_for(team_id, "view")
    return jsonify(measure_json(team, _measure(team, measure_id)))


@bp.patch("/teams/<int:team_id>/measures/<int:measure_id>")
def patch_measure(team_id: int, measure_id: int):
    team = team_for(team_id, "edit")
    measure = _measure(team, measure_id)
    fields, version = _fields(json_body())
    try:
        ops.update_measure(team, measure, _me(), fields, version=version)
    except ops.Stale:
        current = _measure(team, measure_id)
        raise ApiError(409, "conflict", "Someone else changed this measure since you read it. Nothing was saved.",
                       extra={"current_version": current.version}) from None
    return jsonify(measure_json(team, measure))


@bp.delete("/teams/<int:team_id>/measures/<int:measure_id>")
def delete_measure(team_id: int, measure_id: int):
    team = team_for(team_id, "edit")
    ops.delete_measure(team, _measure(team, measure_id), _me())
    return "", 204


@bp.post("/teams/<int:team_id>/measures/<int:measure_id>/points")
def add_measure_points(team_id: int, measure_id: int):
    """{"points": [{on, value, note}]} -> {added, version}; all or nothing."""
    team = team_for(team_id, "edit")
    measure = _measure(team, measure_id)
    data = json_body()
    unknown = [key for key in data if key != "points"]
    if unknown or "points" not in data:
        raise ApiError(422, "validation_failed", "Send {\"points\": [{\"on\": \"2027-03-31\", \"value\": 85}]}.",
                       {"points": "a list of {on, value, note}"})
    try:
        added, _shared = ops.add_points(team, measure, _me(), data["points"], source="api")
    except ops.Stale:
        raise ApiError(409, "conflict", "Someone else changed this measure at the same moment. Nothing was saved: "
                                        "send the points again.") from None
    return jsonify({"added": added, "version": measure.version}), 201


@bp.get("/teams/<int:team_id>/measures/<int:measure_id>/analysis")
def measure_analysis(team_id: int, measure_id: int):
    team = team_for(team_id, "view")
    measure = _measure(team, measure_id)
    chart = request.args.get("chart")
    if chart not in (None, "", "run", "xmr"):
        raise ApiError(400, "bad_request", "chart must be run or xmr (or left out for the measure's own choice).")
    found = queries.charted(team, [measure.id], chart or None)[measure.id]
    return jsonify(analysis_json(found.series, found.analysis))
