"""Stakeholder routes of the JSON API: the register, relationships and the CSV.

Resources (shared/api.md, and the OpenAPI document):
- `GET, POST /teams/{team_id}/stakeholders`; `GET, PATCH, DELETE .../stakeholders/{id}`
- `GET, POST /teams/{team_id}/stakeholder-links`; `DELETE .../stakeholder-links/{id}`
- `GET /teams/{team_id}/stakeholders.csv` (the register as CSV); `POST` the same URL imports one.

What a host partner gets is filtered here exactly as on the pages (queries.py): no confidential
stakeholder, no confidential attitude, and no word of which are confidential.
"""

from __future__ import annotations

import re

from flask import Response, jsonify, request, url_for
from flask_login import current_user

from ..api import ApiError, bp, json_body, list_response, page_args, team_for
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team
from ..permissions import can
from . import csvfile, queries
from . import operations as ops
from .fields import FIELDS
from .models import Stakeholder, StakeholderLink
from .queries import Seen, SeenLink

#: the engagement plan's keys in the API, and the fields they are
PLAN = {"actions": "engagement_actions", "channel": "channel", "frequency": "frequency",
        "last_contact": "last_contact_on", "next_contact": "next_contact_on"}
FIELD_NAMES = {field: f"engagement_plan.{key}" for key, field in PLAN.items()}
TOP_LEVEL = tuple(f for f in FIELDS if f not in PLAN.values()) + ("engagement_plan",)


def _me():
    return current_user._get_current_object()


def _full(team: Team) -> bool:
    return can(current_user, "see_confidential_stakeholders", team)


def _iso(value):
    return value.isoformat() if value else None


def stakeholder_json(person: Seen) -> dict:
    data = {
        "id": person.id, "name": person.name, "organisation": person.organisation, "role": person.role,
        "category": person.category, "category_label": person.category_label, "power": person.power,
        "interest": person.interest, "quadrant": person.quadrant, "attitude": person.attitude,
        "desired_attitude": person.desired_attitude, "impact": person.impact, "owner_id": person.owner_id,
        "owner": {"id": person.owner_id, "name": person.owner_name} if person.owner_id else None,
        "engagement_plan": {
            "actions": person.engagement_actions, "channel": person.channel, "frequency": person.frequency,
            "last_contact": _iso(person.last_contact_on), "next_contact": _iso(person.next_contact_on),
            "overdue": person.overdue,
        },
        "notes": person.notes, "tags": person.tags, "nine_cs": person.nine_cs, "version": person.version,
        "created_at": _iso(person.created_at), "updated_at": _iso(person.updated_at),
    }
    if person.confidential is not None:  # only for those who may see confidential stakeholders
        data["confidential"] = person.confidential
        data["attitude_confidential"] = person.attitude_confidential
    return data


def link_json(link: SeenLink) -> dict:
    return {"id": link.id, "kind": link.kind, "kind_label": link.kind_label,
            "source": {"id": link.source_id, "name": link.source_name},
            "target": {"id": link.target_id, "name": link.target_name}}


def _flat(data: dict, *, allowed: tuple[str, ...] = TOP_LEVEL) -> dict:
    """The request's fields as the operations name them (the engagement plan flattened)."""
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ApiError(422, "validation_failed", f"Unknown fields: {', '.join(map(str, unknown[:20]))}",
                       {str(key): "is not a stakeholder field" for key in unknown[:20]})
    flat = {key: value for key, value in data.items() if key != "engagement_plan"}
    if "engagement_plan" in data:
        plan = data["engagement_plan"]
        if not isinstance(plan, dict):
            raise ApiError(422, "validation_failed", "engagement_plan must be an object.",
                           {"engagement_plan": f"must be an object with any of: {', '.join(PLAN)}"})
        unknown = [key for key in plan if key not in PLAN]
        if unknown:
            raise ApiError(422, "validation_failed", f"Unknown engagement_plan fields: {', '.join(map(str, unknown[:20]))}",
                           {f"engagement_plan.{key}": "is not an engagement plan field" for key in unknown[:20]})
        flat.update({PLAN[key]: value for key, value in plan.items()})
    return flat


def _invalid(problem: ValidationProblem) -> ApiError:
    fields = {FIELD_NAMES.get(key, key): message for key, message in problem.fields.items()}
    return ApiError(422, "validation_failed", problem.message, fields)


def _stakeholder(team: Team, stakeholder_id: int, full: bool) -> Stakeholder:
    stakeholder = queries.get_seen(team, stakeholder_id, full)
    if stakeholder is None:
        raise ApiError(404, "not_found", "There is no such stakeholder on this team's register.")
    return stakeholder


def _one(team: Team, stakeholder: Stakeholder, full: bool, warnings=None, status: int = 200):
    body = stakeholder_json(queries.seen(stakeholder, full))
    if warnings is not None:
        body["warnings"] = warnings
    return jsonify(body), status


# --- the register -----------------------------------------------------------------------------


@bp.get("/teams/<int:team_id>/stakeholders")
def list_stakeholders(team_id: int):
    """Filters as on the register page (q, category, owner, quadrant, attitude, overdue);
    pages by id with cursor and limit."""
    team = team_for(team_id, "view")
    full = _full(team)
    filters, problems = queries.read_filters(request.args,
                                             set(ops.members_of(team)) if request.args.get("owner") else set())
    if problems:  # a misspelt filter must not quietly answer with every stakeholder
        raise ApiError(400, "bad_request", next(iter(problems.values())), problems)
    cursor, limit = page_args()
    stmt = queries.base_statement(team, full, filters)
    if cursor is not None:
        stmt = stmt.where(Stakeholder.id > cursor)
    rows = list(db.session.scalars(stmt.order_by(Stakeholder.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    on = queries.today()
    return list_response([stakeholder_json(queries.seen(s, full, on)) for s in rows], rows[-1].id if more else None)


@bp.post("/teams/<int:team_id>/stakeholders")
def create_stakeholder(team_id: int):
    team = team_for(team_id, "edit")
    try:
        saved = ops.create(team, _me(), _flat(json_body()))
    except ValidationProblem as problem:
        raise _invalid(problem) from None
    response, status = _one(team, saved.stakeholder, _full(team), saved.warnings, 201)
    response.headers["Location"] = url_for("api.get_stakeholder", team_id=team.id, stakeholder_id=saved.stakeholder.id)
    return response, status


@bp.get("/teams/<int:team_id>/stakeholders/<int:stakeholder_id>")
def get_stakeholder(team_id: int, stakeholder_id: int):
    """The stakeholder with their links and history (each change of scores or attitude)."""
    team = team_for(team_id, "view")
    full = _full(team)
    stakeholder = _stakeholder(team, stakeholder_id, full)
    body = stakeholder_json(queries.seen(stakeholder, full))
    body["links"] = [link_json(link) for link in queries.seen_links(team, full, stakeholder.id)]
    body["history"] = [{"on": point.on.isoformat(), "power": point.power, "interest": point.interest,
                        "attitude": point.attitude} for point in queries.trend(stakeholder, full)]
    return jsonify(body)


@bp.patch("/teams/<int:team_id>/stakeholders/<int:stakeholder_id>")
def patch_stakeholder(team_id: int, stakeholder_id: int):
    """Change the fields sent. With `version` (the version read), a field someone else changed
    since is a 409 with the current record and nothing saved; without it, the fields sent are
    set (last writer wins on those fields only)."""
    team = team_for(team_id, "edit")
    full = _full(team)
    stakeholder = _stakeholder(team, stakeholder_id, full)
    data = json_body()
    version = data.pop("version", None)
    try:
        saved = ops.update(team, stakeholder, _me(), _flat(data), version=version)
    except ValidationProblem as problem:
        raise _invalid(problem) from None
    except ops.StaleWrite as stale:
        raise ApiError(409, "conflict", str(stale), {FIELD_NAMES.get(k, k): v for k, v in stale.fields.items()},
                       extra={"current": stakeholder_json(queries.seen(stale.stakeholder, full))}) from None
    except ops.SaveBusy:
        raise ApiError(409, "busy", "Several people changed this stakeholder at the same moment. Nothing was lost: "
                                    "send the change again.") from None
    return _one(team, saved.stakeholder, full, saved.warnings)


@bp.delete("/teams/<int:team_id>/stakeholders/<int:stakeholder_id>")
def delete_stakeholder(team_id: int, stakeholder_id: int):
    team = team_for(team_id, "edit")
    ops.delete(team, _stakeholder(team, stakeholder_id, _full(team)), _me())
    return "", 204


# --- relationships --------------------------------------------------------------------------


@bp.get("/teams/<int:team_id>/stakeholder-links")
def list_links(team_id: int):
    """Every link whose both ends the caller may see; `stakeholder_id` for one stakeholder's."""
    team = team_for(team_id, "view")
    cursor, limit = page_args(default=100, maximum=500)
    stmt = queries.links_statement(team, _full(team)).order_by(None).order_by(StakeholderLink.id)
    if request.args.get("stakeholder_id"):
        one = bounded_int(request.args["stakeholder_id"], 1)
        if one is None:
            raise ApiError(400, "bad_request", "stakeholder_id must be a whole number.")
        stmt = stmt.where((StakeholderLink.source_id == one) | (StakeholderLink.target_id == one))
    if cursor is not None:
        stmt = stmt.where(StakeholderLink.id > cursor)
    rows = [SeenLink(*row) for row in db.session.execute(stmt.limit(limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    return list_response([link_json(link) for link in rows], rows[-1].id if more else None)


@bp.post("/teams/<int:team_id>/stakeholder-links")
def create_link(team_id: int):
    """{source_id, target_id, kind}: kind is influences, reports_to, works_with or conflicts_with."""
    team = team_for(team_id, "edit")
    data = json_body()
    unknown = [key for key in data if key not in ("source_id", "target_id", "kind")]
    if unknown:
        raise ApiError(422, "validation_failed", f"Unknown fields: {', '.join(map(str, unknown[:20]))}")
    link = ops.add_link(team, _me(), data.get("source_id"), data.get("target_id"), data.get("kind"))
    return jsonify(link_json(SeenLink(link.id, link.source_id, link.source.name, link.target_id, link.target.name,
                                      link.kind))), 201


@bp.delete("/teams/<int:team_id>/stakeholder-links/<int:link_id>")
def delete_link(team_id: int, link_id: int):
    team = team_for(team_id, "edit")
    link = queries.link_of(team, link_id, _full(team))
    if link is None:
        raise ApiError(404, "not_found", "There is no such link in this team's map.")
    ops.remove_link(team, link, _me())
    return "", 204


# --- CSV ------------------------------------------------------------------------------------------


def csv_download(team: Team) -> Response:
    full = _full(team)
    body = csvfile.export(queries.seen_all(team, full), full=full,
                          owner_emails=can(current_user, "see_email_addresses", team))
    # Printable ASCII only: a header cannot carry other characters (RFC 6266's filename* is not worth it here).
    name = re.sub(r"[^A-Za-z0-9 ._()-]+", "", team.name).strip() or f"Team {team.id}"
    return Response(body, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name[:80]} - stakeholders.csv"',
    })


@bp.get("/teams/<int:team_id>/stakeholders.csv")
def export_csv(team_id: int):
    return csv_download(team_for(team_id, "view"))


@bp.post("/teams/<int:team_id>/stakeholders.csv")
def import_csv(team_id: int):
    """The body is the CSV (Content-Type text/csv), a form upload in the field `file`, or JSON
    {"csv": "<text>"}. All or nothing: 422 with `rows` (each rejected row's number, name and problems) if any row is wrong."""
    team = team_for(team_id, "edit")
    if request.is_json:  # {"csv": "<the file's text>"}, for clients that only speak JSON
        text = json_body().get("csv")
        if not isinstance(text, str):
            raise ApiError(400, "bad_request", "Send {\"csv\": \"<the file's text>\"}, or the file itself as text/csv.")
        raw = text.encode("utf-8")
    else:
        upload = request.files.get("file") if request.files else None
        raw = upload.read(csvfile.MAX_BYTES + 1) if upload is not None else request.get_data(cache=False)
    if not raw:
        raise ApiError(400, "bad_request", "Send the CSV as the request body (Content-Type: text/csv), as the form field "
                                           "file, or as JSON {\"csv\": \"...\"}.")
    try:
        outcome = ops.import_csv(team, _me(), csvfile.parse(raw))
    except csvfile.CsvProblem as problem:
        raise ApiError(422, "invalid_csv", str(problem)) from None
    except ops.ImportRejected as rejected:
        raise ApiError(422, "import_rejected", str(rejected), extra={"rows": [r.as_json() for r in rejected.rows]}) from None
    except ops.SaveBusy:
        raise ApiError(409, "busy", "Someone changed the register while the file was importing. Nothing was imported: "
                                    "send it again.") from None
    return jsonify({"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged,
                    "warnings": outcome.warnings, "message": outcome.sentence()})
