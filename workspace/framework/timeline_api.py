"""The programme timeline in the JSON API: a cohort's events, read by anyone in a team of the
cohort and by facilitators (404 to anyone else), and changed by facilitators. A cohort holds at
most timeline.MAX_EVENTS events, so the list is one page (a malformed cursor or limit is still
400, as on every list). Writes answer with the event and the
`warnings` a facilitator should see (a date outside the cohort's dates); 422 names bad fields."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..api import ApiError, bp, json_body, list_response, page_args, require_api
from ..extensions import db
from ..models import Cohort
from . import timeline as ops
from .models import ProgrammeEvent
from .timeline_queries import events_of, in_cohort_of, is_milestone, kind_label


def event_json(event: ProgrammeEvent) -> dict:
    return {
        "id": event.id, "cohort_id": event.cohort_id, "uid": event.uid, "kind": event.kind,
        "kind_label": kind_label(event), "milestone": is_milestone(event), "title": event.title,
        "starts_on": event.starts_on.isoformat(), "ends_on": event.ends_on.isoformat() if event.ends_on else None,
        "starts_at": event.starts_at.strftime("%H:%M") if event.starts_at else None,
        "ends_at": event.ends_at.strftime("%H:%M") if event.ends_at else None,
        "location": event.location, "description": event.description,
        "updated_at": event.updated_at.isoformat() if event.updated_at else None,
    }


def _cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise ApiError(404, "not_found", "Not found.")
    return cohort


def _cohort_to_read(cohort_id: int) -> Cohort:
    cohort = _cohort(cohort_id)
    if not current_user.is_facilitator and not in_cohort_of(current_user, cohort.id):
        raise ApiError(404, "not_found", "Not found.")
    return cohort


def _cohort_to_change(cohort_id: int) -> Cohort:
    require_api("administer")
    return _cohort(cohort_id)


def _event(cohort: Cohort, event_id: int) -> ProgrammeEvent:
    event = ops.event_of(cohort, event_id)
    if event is None:
        raise ApiError(404, "not_found", "Not found.")
    return event


def _saved(saved: ops.Saved, status: int = 200):
    return jsonify({**event_json(saved.event), "warnings": saved.warnings}), status


@bp.get("/cohorts/<int:cohort_id>/events")
def list_cohort_events(cohort_id: int):
    cohort = _cohort_to_read(cohort_id)
    page_args(default=ops.MAX_EVENTS, maximum=ops.MAX_EVENTS)  # checked like every list's: the whole list is one page
    return list_response([event_json(e) for e in events_of(cohort.id)])


@bp.post("/cohorts/<int:cohort_id>/events")
def create_cohort_event(cohort_id: int):
    cohort = _cohort_to_change(cohort_id)
    return _saved(ops.add_event(cohort, current_user._get_current_object(), json_body()), 201)


@bp.patch("/cohorts/<int:cohort_id>/events/<int:event_id>")
def update_cohort_event(cohort_id: int, event_id: int):
    cohort = _cohort_to_change(cohort_id)
    event = _event(cohort, event_id)
    return _saved(ops.update_event(cohort, event, current_user._get_current_object(), json_body(), partial=True))


@bp.delete("/cohorts/<int:cohort_id>/events/<int:event_id>")
def delete_cohort_event(cohort_id: int, event_id: int):
    cohort = _cohort_to_change(cohort_id)
    ops.remove_event(cohort, _event(cohort, event_id), current_user._get_current_object())
    return "", 204
