"""Slide routes of the JSON API: the deck (slides in order with their versions, the order's
version and the slot), one slide, create, save with base_version (a stale save is merged, an
overlapping one answers 409 with what is saved now), delete and reorder. Every change goes
through presentation.operations, as the pages' do."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..api import ApiError, bp, json_body, team_for
from ..cleaning import bounded_int
from ..extensions import db
from ..merging import has_markers
from ..models import Team
from . import operations as ops
from .layout import ensure_deck
from .models import Slide
from .queries import live_slides, slides_of, slot_minutes
from .timing import minutes_field


def _me():
    return current_user._get_current_object()


def _iso(value):
    return value.isoformat() if value else None


def slide_json(slide: Slide, number: int | None = None) -> dict:
    data = {"id": slide.id, "position": slide.position, "title": slide.title, "body": slide.body, "notes": slide.notes,
            "presenter_id": slide.presenter_id, "seconds": slide.seconds, "minutes": minutes_field(slide.seconds),
            "figure_key": slide.figure_key, "figure_caption": slide.figure_caption, "version": slide.version,
            "updated_at": _iso(slide.updated_at)}
    if number is not None:
        data["number"] = number
    return data


def _slide(team: Team, slide_id: int) -> Slide:
    slide = db.session.scalar(db.select(Slide).where(Slide.id == slide_id, live_slides(team)))
    if slide is None:
        raise ApiError(404, "not_found", "There is no such slide in this deck (it may have been deleted).")
    return slide


def _fields(data: dict) -> dict:
    """The slide's fields from the body: `seconds` (a whole number) is accepted for `minutes`."""
    fields = {k: v for k, v in data.items() if k not in ("base_version", "after_id", "seconds")}
    if "seconds" in data:
        if "minutes" in data:
            raise ApiError(422, "validation_failed", "Send minutes or seconds, not both.",
                           {"seconds": "Send minutes or seconds, not both"})
        seconds = data["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int) or bounded_int(seconds, 0) is None:
            raise ApiError(422, "validation_failed", "seconds must be a whole number, 0 or more.",
                           {"seconds": "seconds must be a whole number, 0 or more"})
        fields["minutes"] = minutes_field(seconds)
    return fields


def _order_stale(stale: ops.OrderStale):
    return ApiError(409, "order_changed", str(stale), extra={"order_version": stale.order_version})


@bp.get("/teams/<int:team_id>/slides")
def list_slides(team_id: int):
    team = team_for(team_id, "view")
    ensure_deck(team)
    slides = slides_of(team)
    slot = slot_minutes(team.cohort_id)
    return jsonify({"items": [slide_json(s, n) for n, s in enumerate(slides, start=1)],
                    "order_version": ops.order_version(team), "slot_minutes": slot,
                    "total_seconds": sum(s.seconds for s in slides)})


@bp.post("/teams/<int:team_id>/slides")
def create_slide(team_id: int):
    team = team_for(team_id, "edit")
    data = json_body()
    try:
        slide = ops.create_slide(team, _me(), _fields(data), data.get("after_id"))
    except ops.OrderStale as stale:
        raise _order_stale(stale) from None
    return jsonify(slide_json(slide)), 201


@bp.get("/teams/<int:team_id>/slides/<int:slide_id>")
def get_slide(team_id: int, slide_id: int):
    team = team_for(team_id, "view")
    return jsonify(slide_json(_slide(team, slide_id)))


@bp.put("/teams/<int:team_id>/slides/<int:slide_id>")
def put_slide(team_id: int, slide_id: int):
    team = team_for(team_id, "edit")
    _slide(team, slide_id)
    data = json_body()
    if "base_version" not in data:
        raise ApiError(428, "base_version_required",
                       "Send base_version: the version your slide started from, so no one's edit is lost.")
    base_version = data["base_version"]
    if isinstance(base_version, bool) or not isinstance(base_version, int):
        raise ApiError(400, "bad_request", "base_version must be a whole number.", {"base_version": "must be a whole number"})
    try:
        outcome = ops.save_slide(team, slide_id, _fields(data), base_version, _me())
    except ops.SlideGone:
        raise ApiError(410, "slide_deleted", ops.SlideGone.MESSAGE) from None
    except ops.SlideSaveBusy:
        raise ApiError(409, "busy", ops.SlideSaveBusy.MESSAGE) from None
    except ops.SlideConflict as conflict:
        raise ApiError(409, "conflict", "Someone else changed the same words or settings of this slide. Choose what "
                                        "to keep, then save again.",
                       extra={"current_version": conflict.current_version, "current": conflict.current,
                              "merged_with_markers": conflict.merged_with_markers,
                              "conflicting_fields": [*(name for name in ("title", "body", "notes")
                                                       if has_markers(conflict.merged_with_markers.get(name, ""))),
                                                     *conflict.scalars]}) from None
    return jsonify({**slide_json(outcome.slide), "version": outcome.version, "merged": outcome.merged,
                    "changed": outcome.changed, "merged_with": list(outcome.merged_with)})


@bp.delete("/teams/<int:team_id>/slides/<int:slide_id>")
def delete_slide(team_id: int, slide_id: int):
    team = team_for(team_id, "edit")
    slide = _slide(team, slide_id)
    try:
        ops.delete_slide(team, slide, _me())
    except ops.SlideGone:
        raise ApiError(404, "not_found", "There is no such slide in this deck (it may have been deleted).") from None
    except ops.OrderStale as stale:
        raise _order_stale(stale) from None
    return "", 204


@bp.put("/teams/<int:team_id>/slides/order")
def reorder_slides(team_id: int):
    team = team_for(team_id, "edit")
    data = json_body()
    if "order_version" not in data:
        raise ApiError(428, "order_version_required", "Send order_version: the order your new order was made from.")
    try:
        version = ops.reorder(team, data.get("ids"), data["order_version"], _me())
    except ops.OrderStale as stale:
        raise _order_stale(stale) from None
    return jsonify({"order_version": version, "ids": [s.id for s in slides_of(team)]})
