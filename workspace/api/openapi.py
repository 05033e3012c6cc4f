"""The OpenAPI 3.1 description of /api/v1. A test checks that every route is described here."""

from __future__ import annotations

from typing import Any

from ..models import OrganisationKind, Role

ERROR = {"$ref": "#/components/schemas/Error"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    text = {400: "Bad input", 401: "Not signed in", 403: "Role does not allow it", 404: "Not found",
            409: "Conflict", 413: "Too large", 415: "Not JSON", 422: "Validation failed", 428: "Precondition missing", 429: "Rate limited"}
    return {str(s): {"description": text[s], **_json(ERROR)} for s in statuses}


def _list_of(name: str) -> dict:
    return {
        "type": "object",
        "required": ["items", "next"],
        "properties": {"items": {"type": "array", "items": _ref(name)}, "next": {"type": ["integer", "null"]}},
    }


PAGE_PARAMS = [
    {"name": "cursor", "in": "query", "schema": {"type": "integer"}, "description": "The `next` value of the previous page."},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
]
TEAM_ID = {"name": "team_id", "in": "path", "required": True, "schema": {"type": "integer"}}
USER_ID = {"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _op(summary: str, ok: dict, *errors: int, body: str | None = None, params: list | None = None, status: str = "200") -> dict:
    op: dict[str, Any] = {"summary": summary, "responses": {status: {"description": "OK", **ok}, **_errors(401, *errors)}}
    if body:
        op["requestBody"] = {"required": True, **_json(_ref(body))}
    if params:
        op["parameters"] = params
    return op


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Change-project workspace API",
            "version": "1",
            "description": "Authenticate with the browser session (send the CSRF token in X-CSRFToken on writes) "
            "or with `Authorization: Bearer <token>` from your account page. Another team's records answer 404.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OK"}}}},
            "/me": {"get": _op("The caller and their memberships", _json(_ref("Me")))},
            "/cohorts": {
                "get": _op("Cohorts (facilitator)", _json(_list_of("Cohort")), 400, 403, params=PAGE_PARAMS),
                "post": _op("Create a cohort (facilitator)", _json(_ref("Cohort")), 400, 403, 415, 422, body="CohortInput", status="201"),
            },
            "/organisations": {
                "get": _op("Host organisations (facilitator)", _json(_list_of("Organisation")), 400, 403, params=PAGE_PARAMS),
                "post": _op("Create a host organisation (facilitator)", _json(_ref("Organisation")), 400, 403, 415, 422, body="OrganisationInput", status="201"),
            },
            "/teams": {
                "get": _op("Teams the caller may see", _json(_list_of("TeamSummary")), 400, params=PAGE_PARAMS),
                "post": _op("Create a team (facilitator)", _json(_ref("Team")), 400, 403, 415, 422, body="TeamInput", status="201"),
            },
            "/teams/{team_id}": {"get": _op("A team with its members and roles", _json(_ref("Team")), 404, params=[TEAM_ID])},
            "/teams/{team_id}/members": {
                "post": _op("Add a person to a team (facilitator); new people get an invitation link",
                            _json(_ref("AddedMember")), 400, 403, 404, 415, 422, body="MemberInput", params=[TEAM_ID], status="201"),
            },
            "/teams/{team_id}/members/{user_id}": {
                "delete": {
                    "summary": "Remove a person from a team (facilitator); applies on their next request",
                    "parameters": [TEAM_ID, USER_ID],
                    "responses": {"204": {"description": "Removed"}, **_errors(401, 403, 404)},
                },
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "workspace_session"},
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                        "code": {"type": "string"}, "message": {"type": "string"},
                        "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}},
                },
                "Me": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "email": {"type": "string"}, "name": {"type": "string"},
                    "is_facilitator": {"type": "boolean"},
                    "memberships": {"type": "array", "items": {"type": "object", "properties": {
                        "team_id": {"type": "integer"}, "role": {"enum": [r.value for r in Role]}}}}}},
                "CohortInput": {"type": "object", "required": ["name", "starts_on", "ends_on"], "properties": {
                    "name": {"type": "string", "maxLength": 120}, "starts_on": {"type": "string", "format": "date"},
                    "ends_on": {"type": "string", "format": "date"}}},
                "Cohort": {"allOf": [_ref("CohortInput"), {"properties": {"id": {"type": "integer"}}}]},
                "OrganisationInput": {"type": "object", "required": ["name", "kind"], "properties": {
                    "name": {"type": "string", "maxLength": 120}, "kind": {"enum": [k.value for k in OrganisationKind]}}},
                "Organisation": {"allOf": [_ref("OrganisationInput"), {"properties": {"id": {"type": "integer"}}}]},
                "TeamInput": {"type": "object", "required": ["name", "cohort_id", "host_organisation_id", "review_title"], "properties": {
                    "name": {"type": "string", "maxLength": 120}, "cohort_id": {"type": "integer"},
                    "host_organisation_id": {"type": "integer"}, "review_title": {"type": "string", "maxLength": 200}}},
                "TeamSummary": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "review_title": {"type": "string"},
                    "cohort": {"type": "object"}, "host_organisation": {"type": "object"},
                    "submitted_at": {"type": ["string", "null"], "format": "date-time"}}},
                "Team": {"allOf": [_ref("TeamSummary"), {"properties": {"members": {"type": "array", "items": {"type": "object", "properties": {
                    "user_id": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": "string"},
                    "role": {"enum": [r.value for r in Role]}, "invited": {"type": "boolean"}}}}}}]},
                "MemberInput": {"type": "object", "required": ["email", "role"], "properties": {
                    "email": {"type": "string", "format": "email"}, "name": {"type": "string", "description": "Needed when the person is new"},
                    "role": {"enum": [r.value for r in Role]}}},
                "AddedMember": {"type": "object", "properties": {
                    "user_id": {"type": "integer"}, "role": {"type": "string"},
                    "invite_url": {"type": ["string", "null"], "description": "Null when the person already has a password"}}},
            },
        },
    }
