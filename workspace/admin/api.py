"""Facilitator routes of the JSON API: cohorts, organisations, teams and members."""

from __future__ import annotations

from datetime import date

from flask import jsonify
from flask_login import current_user
from sqlalchemy import select

from ..api import ApiError, bp, json_body, paginate_by_id, require_api
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Cohort, Membership, Organisation
from ..teams.api import api_team_or_404, team_with_members
from . import operations as ops


def cohort_json(cohort: Cohort) -> dict:
    return {"id": cohort.id, "name": cohort.name, "starts_on": cohort.starts_on.isoformat(), "ends_on": cohort.ends_on.isoformat(),
            "report_due_on": cohort.report_due_on.isoformat() if cohort.report_due_on else None,
            "declaration_text": cohort.declaration_text}


def organisation_json(organisation: Organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name, "kind": organisation.kind}


def _date(data: dict, name: str, fields: dict) -> date | None:
    value = data.get(name)
    if not isinstance(value, str):
        fields[name] = f"{name} must be a date like 2026-09-01"
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fields[name] = f"{name} must be a date like 2026-09-01"
        return None


def _int(data: dict, name: str, fields: dict) -> int | None:
    value = data.get(name)
    if isinstance(value, str) or bounded_int(value) is None:
        fields[name] = f"{name} must be a whole number"
        return None
    return value


@bp.get("/cohorts")
def list_cohorts():
    require_api("administer")
    return paginate_by_id(select(Cohort), Cohort, cohort_json)


@bp.post("/cohorts")
def create_cohort():
    require_api("administer")
    data = json_body()
    fields: dict[str, str] = {}
    starts_on, ends_on = _date(data, "starts_on", fields), _date(data, "ends_on", fields)
    report_due_on = _date(data, "report_due_on", fields) if data.get("report_due_on") is not None else None
    if fields:
        raise ValidationProblem(fields)
    cohort = ops.save_cohort(None, data.get("name"), starts_on, ends_on, report_due_on=report_due_on,
                             declaration_text=data.get("declaration_text"))
    return jsonify(cohort_json(cohort)), 201


@bp.get("/organisations")
def list_organisations():
    require_api("administer")
    return paginate_by_id(select(Organisation), Organisation, organisation_json)


@bp.post("/organisations")
def create_organisation():
    require_api("administer")
    data = json_body()
    organisation = ops.save_organisation(None, data.get("name"), data.get("kind"))
    return jsonify(organisation_json(organisation)), 201


@bp.post("/teams")
def create_team():
    require_api("administer")
    data = json_body()
    fields: dict[str, str] = {}
    cohort_id = _int(data, "cohort_id", fields)
    host_id = _int(data, "host_organisation_id", fields)
    if fields:
        raise ValidationProblem(fields)
    team = ops.save_team(None, data.get("name"), cohort_id, host_id, data.get("review_title"))
    return jsonify(team_with_members(team)), 201


@bp.post("/teams/<int:team_id>/members")
def add_member(team_id: int):
    team = api_team_or_404(team_id)
    require_api("administer", team)
    data = json_body()
    added = ops.add_person(team, data.get("email"), data.get("name"), data.get("role"), current_user._get_current_object())
    return jsonify({"user_id": added.user.id, "role": added.membership.role, "invite_url": added.invite_url}), 201


@bp.delete("/teams/<int:team_id>/members/<int:user_id>")
def remove_member(team_id: int, user_id: int):
    team = api_team_or_404(team_id)
    require_api("administer", team)
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == user_id)
    )
    if membership is None:
        raise ApiError(404, "not_found", "That person is not in this team.")
    ops.remove_member(membership)
    return "", 204
