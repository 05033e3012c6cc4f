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
KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}, "description": "The section's key, e.g. introduction"}
VERSION = {"name": "version", "in": "path", "required": True, "schema": {"type": "integer"}}
COMMENT_ID = {"name": "comment_id", "in": "path", "required": True, "schema": {"type": "integer"}}


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
            **_report_paths(),
            **_submission_paths(),
            **_export_paths(),
            **_stakeholder_paths(),
            **_process_map_paths(),
            **_measure_paths(),  # QI measures (issue 11)
            **_pdsa_paths(),  # QI plan (issue 11)
            **_qi_action_paths(),  # QI log (issue 11)
            **_presentation_paths(),  # the presentation's slides (issue 12)
            **_deck_paths(),  # the presentation deck (issue 12)
            **_marking_paths(),  # marks, agreement, release, feedback (issue 12)
            **_rubric_paths(),  # the marking rubric (issue 12)
            **_reflection_paths(),  # reflections and the Start Anywhere canvas (issue 13, fw-reflect)
            **_recommendation_paths(),  # the recommendations register (issue 13, fw-recs)


            **_framework_tag_paths(),  # the framework and tags (issue 13, fw-data)
            **_timeline_paths(),  # the programme timeline (issue 13)
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
                    "ends_on": {"type": "string", "format": "date"},
                    "report_due_on": {"type": ["string", "null"], "format": "date", "description": "When the group report is due"},
                    "declaration_text": {"type": ["string", "null"], "description": "Printed on the Word report's declaration page"}}},
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
                    "user_id": {"type": "integer"}, "name": {"type": "string"},
                    "email": {"type": "string", "description": "Left out for an assessor until the team submits"},
                    "role": {"enum": [r.value for r in Role]}, "invited": {"type": "boolean"}}}}}}]},
                "MemberInput": {"type": "object", "required": ["email", "role"], "properties": {
                    "email": {"type": "string", "format": "email"}, "name": {"type": "string", "description": "Needed when the person is new"},
                    "role": {"enum": [r.value for r in Role]}}},
                **_report_schemas(),
                **_submission_schemas(),
                **_stakeholder_schemas(),
                **_process_map_schemas(),
                **_measure_schemas(),  # QI measures (issue 11)
                **_pdsa_schemas(),  # QI plan (issue 11)
                **_qi_action_schemas(),  # QI log (issue 11)
                **_rubric_schemas(),  # the marking rubric (issue 12)
                **_framework_tag_schemas(),  # the framework and tags (issue 13, fw-data)
                **_timeline_schemas(),  # the programme timeline (issue 13)
                "AddedMember": {"type": "object", "properties": {
                    "user_id": {"type": "integer"}, "role": {"type": "string"},
                    "invite_url": {"type": ["string", "null"], "description": "Null when the person already has a password"}}},
            },
        },
    }


def _report_paths() -> dict:
    section = [TEAM_ID, KEY]
    comment = [TEAM_ID, COMMENT_ID]
    return {
        "/teams/{team_id}/sections": {
            "get": _op("The report's sections in order", _json(_list_of("SectionSummary")), 404, params=[TEAM_ID]),
        },
        "/teams/{team_id}/sections/{key}": {
            "get": {**_op("One section with its markdown body. Send If-None-Match with the last ETag to get 304 while it is unchanged.",
                          _json(_ref("Section")), 404, params=section),
                    "responses": {"200": {"description": "OK", **_json(_ref("Section"))}, "304": {"description": "Not modified"},
                                  **_errors(401, 404)}},
            "put": {
                "summary": "Save a section. A stale base_version is three-way merged; only overlapping edits conflict (409, nothing saved).",
                "parameters": section,
                "requestBody": {"required": True, **_json(_ref("SectionSave"))},
                "responses": {
                    "200": {"description": "Saved (merged is true when other saves were merged in)", **_json(_ref("SectionSaved"))},
                    "409": {"description": "Overlapping edits: nothing saved", **_json(_ref("SaveConflict"))},
                    "410": {"description": "The section was removed", **_json(ERROR)},
                    **_errors(400, 401, 403, 404, 413, 415, 422, 428),
                },
            },
        },
        "/teams/{team_id}/sections/{key}/revisions": {
            "get": _op("Revisions, newest first (cursor: a version to continue below); not for host partners (403)",
                       _json(_list_of("Revision")), 403, 404, params=section),
        },
        "/teams/{team_id}/sections/{key}/revisions/{version}": {
            "get": _op("One revision with its body; not for host partners (403)", _json(_ref("Revision")), 403, 404,
                       params=[*section, VERSION]),
        },
        "/teams/{team_id}/sections/{key}/presence": {
            "post": _op("Heartbeat: I have this section open; answers who else has", _json(_ref("Presence")), 404, params=section),
        },
        "/teams/{team_id}/preview": {
            "post": _op("Render markdown with the server's renderer (the same as exports)", _json(_ref("Preview")),
                        400, 404, 413, 415, body="PreviewInput", params=[TEAM_ID]),
        },
        "/teams/{team_id}/comments": {
            "get": {**_op("Comment threads with replies, oldest first, a page at a time", _json(_list_of("Comment")), 400, 404, params=[
                TEAM_ID, *PAGE_PARAMS,
                {"name": "state", "in": "query", "schema": {"enum": ["open", "resolved", "all"], "default": "all"}},
                {"name": "section_id", "in": "query", "schema": {"type": "integer"}},
                {"name": "target_type", "in": "query", "schema": {"enum": ["section", "stakeholder"]},
                 "description": "With target_id: the threads on one section or stakeholder. Without both, the threads on "
                                "everything the caller may see (a host partner never sees threads on a confidential stakeholder)."},
                {"name": "target_id", "in": "query", "schema": {"type": "integer"}},
            ])},
            "post": _op("Comment on a section (optionally on quoted text) or a stakeholder, or reply with parent_id. "
                        "@Name mentions notify.",
                        _json(_ref("Comment")), 400, 403, 404, 415, 422, 429, body="CommentInput", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/comments/{comment_id}": {
            "patch": _op("Edit your own comment", _json(_ref("Comment")), 403, 404, 415, 422, body="CommentEdit", params=comment),
            "delete": {"summary": "Delete your own comment (facilitators: any)", "parameters": comment,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404)}},
        },
        "/teams/{team_id}/comments/{comment_id}/resolve": {
            "post": _op("Resolve a thread", _json(_ref("Comment")), 403, 404, params=comment),
        },
        "/teams/{team_id}/comments/{comment_id}/reopen": {
            "post": _op("Reopen a resolved thread", _json(_ref("Comment")), 403, 404, params=comment),
        },
        "/notifications": {
            "get": _op("Your latest notifications (mentions)", _json(_list_of("Notification"))),
        },
        "/notifications/read": {
            "post": _op("Mark notifications read (all, or the given ids)", _json({"type": "object", "properties": {
                "marked": {"type": "integer"}, "unread": {"type": "integer"}}}), 415, 422, body="ReadInput"),
        },
    }


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export_paths() -> dict:
    return {
        "/teams/{team_id}/report/review-copy.docx": {"get": {
            "summary": "The review copy (members and the host partner): the live draft as Word, with every "
                       "open comment thread as a Word comment on its quoted text. Parts that could not be "
                       "included are named in the X-Export-Failed-Parts header, and the file shows a note.",
            "parameters": [TEAM_ID],
            "responses": {
                "200": {"description": "The .docx file", "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                        "headers": {"X-Export-Failed-Parts": {"schema": {"type": "string"},
                                                              "description": "Comma-separated names, when any part failed"}}},
                **_errors(401, 403, 404, 429),
            },
        }},
    }


def _report_schemas() -> dict:
    author = {"type": ["object", "null"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
    return {
        "SectionSummary": {"type": "object", "properties": {
            "id": {"type": "integer"}, "key": {"type": "string"}, "title": {"type": "string"},
            "version": {"type": "integer"}, "word_count": {"type": "integer"},
            "word_budget": {"type": ["integer", "null"]}, "excluded_from_count": {"type": "boolean"},
            "status": {"enum": ["not_started", "drafting", "ready_for_review", "final"]},
            "updated_at": {"type": ["string", "null"], "format": "date-time"}}},
        "Section": {"allOf": [_ref("SectionSummary"), {"properties": {
            "body": {"type": "string"}, "guidance": {"type": "string"}, "updated_by": author}}]},
        "SectionSave": {"type": "object", "required": ["body", "base_version"], "properties": {
            "body": {"type": "string", "description": "Markdown, at most 200 kB"},
            "base_version": {"type": "integer", "description": "The version your text started from"}}},
        "SectionSaved": {"type": "object", "properties": {
            "version": {"type": "integer"}, "body": {"type": "string"}, "merged": {"type": "boolean"},
            "word_count": {"type": "integer"}, "updated_at": {"type": ["string", "null"]},
            "word_total": _ref("WordTotal")}},
        "WordTotal": {"type": "object", "description": "The report's counted words against the cohort's limit", "properties": {
            "counted": {"type": "integer"}, "limit": {"type": "integer"}, "hard_limit": {"type": "integer"},
            "tolerance_percent": {"type": "integer"},
            "state": {"enum": ["under", "near", "over_within_tolerance", "over_tolerance"]},
            "label": {"type": "string"}}},
        "SaveConflict": {"type": "object", "properties": {
            "error": {"$ref": "#/components/schemas/Error/properties/error"},
            "current_version": {"type": "integer"}, "current_body": {"type": "string"},
            "merged_with_markers": {"type": "string"}}},
        "Revision": {"type": "object", "properties": {
            "version": {"type": "integer"}, "created_at": {"type": "string"}, "kind": {"enum": ["save", "merge", "restore"]},
            "author": author, "word_count": {"type": "integer"}, "words_added": {"type": "integer"},
            "words_removed": {"type": "integer"}, "summary": {"type": "string"}, "body": {"type": "string"}}},
        "Presence": {"type": "object", "properties": {"present": {"type": "array", "items": author}, "version": {"type": "integer"}}},
        "PreviewInput": {"type": "object", "required": ["body"], "properties": {
            "body": {"type": "string"},
            "section": {"type": "string", "description": "A section's key: the answer then has the report's word_total with this text in that section"}}},
        "Preview": {"type": "object", "properties": {
            "html": {"type": "string"}, "word_count": {"type": "integer"}, "word_total": _ref("WordTotal")}},
        "CommentInput": {"type": "object", "required": ["body"], "properties": {
            "target": {"type": "object", "properties": {
                "type": {"enum": ["section", "stakeholder", "process_map", "action", "pdsa", "measure", "slide"]},
                "id": {"type": "integer"}}},
            "quote": {"type": "string", "maxLength": 1000}, "body": {"type": "string", "maxLength": 5000},
            "parent_id": {"type": "integer"}}},
        "CommentEdit": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}},
        "Comment": {"type": "object", "properties": {
            "id": {"type": "integer"}, "target": {"type": "object"}, "parent_id": {"type": ["integer", "null"]},
            "quote": {"type": ["string", "null"]}, "quote_found": {"type": "boolean"}, "body": {"type": "string"},
            "author": author, "created_at": {"type": "string"}, "edited_at": {"type": ["string", "null"]},
            "resolved_at": {"type": ["string", "null"]}, "replies": {"type": "array", "items": {"type": "object"}}}},
        "Notification": {"type": "object", "properties": {
            "id": {"type": "integer"}, "team_id": {"type": "integer"}, "text": {"type": "string"},
            "link": {"type": "string"}, "created_at": {"type": "string"}, "read": {"type": "boolean"}}},
        "ReadInput": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}},
    }


SUBMISSION_ID = {"name": "submission_id", "in": "path", "required": True, "schema": {"type": "integer"}}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _submission_paths() -> dict:
    return {
        "/teams/{team_id}/submission": {
            "get": _op("Submission status, the checklist (before submission) and every submission, newest first",
                       _json(_ref("SubmissionStatus")), 403, 404, params=[TEAM_ID]),
            "post": {
                "summary": "Freeze the report for assessment: every section's text and version and the Word file, with its "
                           "SHA-256. Idempotent: a team that has submitted gets its standing submission back (200).",
                "parameters": [TEAM_ID],
                "requestBody": {"required": False, **_json(_ref("SubmitInput"))},
                "responses": {
                    "201": {"description": "Submitted", **_json(_ref("Submission"))},
                    "200": {"description": "Submitted already: the standing submission", **_json(_ref("Submission"))},
                    "409": {"description": "Not submitted: clash markers in a section (conflict_markers), or a save in "
                                           "progress (busy)", **_json(ERROR)},
                    **_errors(400, 401, 403, 404, 415, 422),
                },
            },
        },
        "/teams/{team_id}/submissions/{submission_id}/reopen": {
            "post": _op("Reopen the standing submission (facilitator), with a reason; the snapshot is kept",
                        _json(_ref("Submission")), 403, 404, 409, 415, 422, body="ReopenInput", params=[TEAM_ID, SUBMISSION_ID]),
        },
        "/teams/{team_id}/report.docx": {
            "get": {
                "summary": "The Word report: the frozen file once submitted (byte for byte, its SHA-256 in X-Content-SHA256), "
                           "else the live draft (team and facilitators only; 404 for anyone else, assessors included). "
                           "Host partners never get the submitted file (403).",
                "parameters": [TEAM_ID],
                "responses": {"200": {"description": "The .docx", "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                                      "headers": {"X-Content-SHA256": {"schema": {"type": "string"}}}},
                              **_errors(401, 403, 404)},
            },
        },
    }


def _submission_schemas() -> dict:
    person = {"type": ["object", "null"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
    return {
        "SubmitInput": {"type": "object", "properties": {
            "confirm_declaration": {"type": "boolean", "description": "Needed when the cohort has a declaration"}}},
        "ReopenInput": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string", "maxLength": 1000}}},
        "Submission": {"type": "object", "properties": {
            "id": {"type": "integer"}, "number": {"type": "integer"}, "submitted_at": {"type": "string", "format": "date-time"},
            "submitted_by": person, "sha256": {"type": "string"}, "size": {"type": "integer"}, "late": {"type": "boolean"},
            "due_on": {"type": ["string", "null"], "format": "date"}, "word_count": {"type": "integer"},
            "failed_parts": {"type": "array", "items": {"type": "string"}},
            "pptx_sha256": {"type": ["string", "null"], "description": "The frozen presentation deck's SHA-256 (null "
                            "for a submission made before decks were frozen)"},
            "pptx_size": {"type": ["integer", "null"]},
            "pptx_failed_parts": {"type": "array", "items": {"type": "string"}},
            "reopened_at": {"type": ["string", "null"], "format": "date-time"}, "reopened_by": person,
            "reopen_reason": {"type": ["string", "null"]}, "created": {"type": "boolean"}}},
        "SubmissionStatus": {"type": "object", "properties": {
            "status": {"enum": ["submitted", "not_submitted"]},
            "submitted_at": {"type": ["string", "null"], "format": "date-time"}, "sha256": {"type": ["string", "null"]},
            "late": {"type": ["boolean", "null"]}, "due_on": {"type": ["string", "null"], "format": "date"},
            "days_left": {"type": ["integer", "null"]},
            "checklist": {"type": ["object", "null"], "properties": {
                "complete": {"type": "boolean"}, "empty_sections": {"type": "array", "items": {"type": "string"}},
                "sections_not_final": {"type": "array", "items": {"type": "string"}}, "word_total": _ref("WordTotal"),
                "over_limit": {"type": "boolean"}, "open_comments": {"type": "integer"},
                "sections_with_conflict_markers": {"type": "array", "items": {"type": "string"}}}},
            "history": {"type": "array", "items": _ref("Submission")}}},
    }


# --- stakeholder maps (issue 9) ------------------------------------------------------------------
# The enums are written out here (the core imports no feature); tests/test_stakeholders_api.py
# checks that they match the stakeholder models.

STAKEHOLDER_CATEGORIES = ["icb", "acute_trust", "community_trust", "mental_health_trust", "primary_care",
                          "local_authority", "voluntary_sector", "public", "staff_group", "regulator", "other"]
STAKEHOLDER_FREQUENCIES = ["weekly", "fortnightly", "monthly", "quarterly", "as_needed"]
NINE_CS = ["commissioners", "customers", "collaborators", "contributors", "channels", "commentators", "consumers",
           "champions", "competitors"]
LINK_KINDS = ["influences", "reports_to", "works_with", "conflicts_with"]
STAKEHOLDER_ID = {"name": "stakeholder_id", "in": "path", "required": True, "schema": {"type": "integer"}}
LINK_ID = {"name": "link_id", "in": "path", "required": True, "schema": {"type": "integer"}}
REGISTER_FILTERS = [
    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Search name, organisation and role"},
    {"name": "category", "in": "query", "schema": {"enum": STAKEHOLDER_CATEGORIES}},
    {"name": "owner", "in": "query", "schema": {"type": "string"}, "description": "A member's user id, or none"},
    {"name": "quadrant", "in": "query", "schema": {"enum": ["manage closely", "keep satisfied", "keep informed", "monitor"]}},
    {"name": "attitude", "in": "query", "schema": {"type": "string"}, "description": "-2 to 2, or none (not recorded)"},
    {"name": "overdue", "in": "query", "schema": {"enum": ["1"]}, "description": "Only those whose next contact is past"},
]
CSV = "text/csv"


def _stakeholder_paths() -> dict:
    one = [TEAM_ID, STAKEHOLDER_ID]
    return {
        "/teams/{team_id}/stakeholders": {
            "get": _op("The stakeholder register, by id, a page at a time. A host partner gets no confidential "
                       "stakeholder and no confidential attitude (null), and no confidentiality flags.",
                       _json(_list_of("Stakeholder")), 400, 403, 404, params=[TEAM_ID, *PAGE_PARAMS, *REGISTER_FILTERS]),
            "post": _op("Add a stakeholder. A name already on the register in the same organisation is accepted, with "
                        "a warning in `warnings`.", _json(_ref("Stakeholder")), 400, 403, 404, 409, 415, 422,
                        body="StakeholderInput", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/stakeholders/{stakeholder_id}": {
            "get": _op("One stakeholder with their relationships and history (each change of power, interest or "
                       "attitude, dated)", _json(_ref("StakeholderDetail")), 403, 404, params=one),
            "patch": {
                "summary": "Change the fields sent. Send `version` (the version you read) to be told, rather than "
                           "overwrite, when someone else changed one of those fields since (409 with `current`, "
                           "nothing saved); fields nobody else changed are saved. Without `version` the fields sent "
                           "are set, last writer wins on them. A submitted team's map answers 409 (submitted).",
                "parameters": one,
                "requestBody": {"required": True, **_json(_ref("StakeholderPatch"))},
                "responses": {
                    "200": {"description": "Saved", **_json(_ref("Stakeholder"))},
                    "409": {"description": "Changed by someone else since `version` (conflict, with `current`), "
                                           "or the review is submitted", **_json(_ref("StakeholderConflict"))},
                    **_errors(400, 401, 403, 404, 415, 422),
                },
            },
            "delete": {"summary": "Delete a stakeholder (their relationships go too)", "parameters": one,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/stakeholder-links": {
            "get": _op("Relationships whose both ends the caller may see, by id, a page at a time",
                       _json(_list_of("StakeholderLink")), 400, 403, 404, params=[
                           TEAM_ID, *PAGE_PARAMS,
                           {"name": "stakeholder_id", "in": "query", "schema": {"type": "integer"},
                            "description": "Only this stakeholder's relationships"}]),
            "post": _op("Link two stakeholders of this team: never to itself, never across teams, never twice "
                        "(works_with and conflicts_with read both ways)", _json(_ref("StakeholderLink")),
                        400, 403, 404, 409, 415, 422, body="StakeholderLinkInput", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/stakeholder-links/{link_id}": {
            "delete": {"summary": "Remove a relationship", "parameters": [TEAM_ID, LINK_ID],
                       "responses": {"204": {"description": "Removed"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/stakeholders.csv": {
            "get": {
                "summary": "The register as CSV (UTF-8 with a byte-order mark), what the caller may see: a host "
                           "partner's copy has no confidential stakeholder or attitude, and no confidentiality columns. "
                           "Text cells starting with = + - @, a tab or a carriage return get a leading apostrophe.",
                "parameters": [TEAM_ID],
                "responses": {"200": {"description": "The CSV file", "content": {CSV: {"schema": {"type": "string"}}}},
                              **_errors(401, 403, 404)},
            },
            "post": {
                "summary": "Import a CSV with the same columns (the body as text/csv, or a form upload in `file`): a "
                           "blank id adds a stakeholder, an id on this register updates them. UTF-8 with or without a "
                           "byte-order mark; at most 1,000 rows and 1 MB. All or nothing: if any row is wrong nothing "
                           "is imported and the 422 lists each rejected row with its problems.",
                "parameters": [TEAM_ID],
                "requestBody": {"required": True, "content": {CSV: {"schema": {"type": "string"}},
                                                              "application/json": {"schema": {"type": "object", "properties": {
                                                                  "csv": {"type": "string"}}}},
                                                              "multipart/form-data": {"schema": {"type": "object", "properties": {
                                                                  "file": {"type": "string", "format": "binary"}}}}}},
                "responses": {
                    "200": {"description": "Imported", **_json(_ref("StakeholderImport"))},
                    "422": {"description": "Not imported: the file (invalid_csv) or rows (import_rejected, with `rows`)",
                            **_json(_ref("StakeholderImportRejected"))},
                    **_errors(400, 401, 403, 404, 409, 413),
                },
            },
        },
    }


def _stakeholder_schemas() -> dict:
    score = {"type": "integer", "minimum": 1, "maximum": 5}
    attitude = {"type": ["integer", "null"], "minimum": -2, "maximum": 2,
                "description": "-2 active resistor, -1 sceptic, 0 neutral, 1 supporter, 2 champion; null: not recorded"}
    date = {"type": ["string", "null"], "format": "date"}
    plan = {"type": "object", "properties": {
        "actions": {"type": "string", "maxLength": 2000}, "channel": {"type": "string", "maxLength": 120},
        "frequency": {"enum": [*STAKEHOLDER_FREQUENCIES, None]}, "last_contact": date,
        "next_contact": {**date, "description": "Left blank, it follows from last_contact and frequency"}}}
    fields = {
        "name": {"type": "string", "maxLength": 120}, "organisation": {"type": "string", "maxLength": 120},
        "role": {"type": "string", "maxLength": 120}, "category": {"enum": STAKEHOLDER_CATEGORIES},
        "power": score, "interest": score, "attitude": attitude, "desired_attitude": attitude,
        "impact": {"type": "string", "maxLength": 2000},
        "owner_id": {"type": ["integer", "null"], "description": "A member of the team"},
        "engagement_plan": plan, "notes": {"type": "string", "maxLength": 5000},
        "tags": {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 40}},
        "nine_cs": {"type": "array", "items": {"enum": NINE_CS}},
        "confidential": {"type": "boolean", "description": "Hidden from the host partner altogether"},
        "attitude_confidential": {"type": "boolean", "description": "The attitudes and their history hidden from the host partner"},
    }
    link = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
    return {
        "StakeholderInput": {"type": "object", "required": ["name", "category", "power", "interest"],
                             "additionalProperties": False, "properties": fields},
        "StakeholderPatch": {"type": "object", "additionalProperties": False,
                             "properties": {**fields, "version": {"type": "integer"}}},
        "Stakeholder": {"type": "object", "properties": {
            **fields, "id": {"type": "integer"}, "category_label": {"type": "string"},
            "quadrant": {"enum": ["manage closely", "keep satisfied", "keep informed", "monitor"]},
            "owner": {"type": ["object", "null"]}, "engagement_plan": {"allOf": [plan, {"properties": {
                "overdue": {"type": "boolean"}}}]},
            "version": {"type": "integer"}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "string"}}}},
        "StakeholderDetail": {"allOf": [_ref("Stakeholder"), {"properties": {
            "links": {"type": "array", "items": _ref("StakeholderLink")},
            "history": {"type": "array", "items": {"type": "object", "properties": {
                "on": {"type": "string", "format": "date"}, "power": score, "interest": score, "attitude": attitude}}}}}]},
        "StakeholderConflict": {"type": "object", "properties": {
            "error": {"$ref": "#/components/schemas/Error/properties/error"}, "current": _ref("Stakeholder")}},
        "StakeholderLinkInput": {"type": "object", "required": ["source_id", "target_id", "kind"], "properties": {
            "source_id": {"type": "integer"}, "target_id": {"type": "integer"}, "kind": {"enum": LINK_KINDS}}},
        "StakeholderLink": {"type": "object", "properties": {
            "id": {"type": "integer"}, "kind": {"enum": LINK_KINDS}, "kind_label": {"type": "string"},
            "source": link, "target": link}},
        "StakeholderImport": {"type": "object", "properties": {
            "created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
            "warnings": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string"}}},
        "StakeholderImportRejected": {"type": "object", "properties": {
            "error": {"$ref": "#/components/schemas/Error/properties/error"},
            "rows": {"type": "array", "items": {"type": "object", "properties": {
                "row": {"type": "integer", "description": "The spreadsheet's row number (the header is row 1)"},
                "name": {"type": "string"},
                "problems": {"type": "object", "additionalProperties": {"type": "string"}}}}}}},
    }


# --- process maps (issue 10) ---------------------------------------------------------------------
# The enums are written out here (the core imports no feature); tests/test_processes_api.py checks
# that they match workspace/processes/flow.py.

PROCESS_STATES = ["current", "future"]
STEP_KINDS = ["start", "step", "decision", "wait", "handoff", "end"]
STEP_VALUES = ["va", "nva", "bnva"]
MAP_ID = {"name": "map_id", "in": "path", "required": True, "schema": {"type": "integer"}}
TEN_YEARS_MINUTES = 10 * 366 * 24 * 60


def _process_map_paths() -> dict:
    one = [TEAM_ID, MAP_ID]
    return {
        "/teams/{team_id}/process-maps": {
            "get": _op("The team's process maps (without their steps), by id, a page at a time",
                       _json(_list_of("ProcessMapSummary")), 400, 403, 404, params=[TEAM_ID, *PAGE_PARAMS]),
            "post": _op("Create a map. With `steps`, they are laid out in that order, each flowing to the next unless "
                        "its `branches` say otherwise; lanes are `lanes` in order, then any lane a step names. The "
                        "first lane is the patient or citizen (\"Patient\" when none is named).",
                        _json(_ref("ProcessMap")), 400, 403, 404, 409, 415, 422, body="ProcessMapInput",
                        params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/process-maps/{map_id}": {
            "get": _op("One map with its lanes, steps, branches, sticky notes, metrics and warnings",
                       _json(_ref("ProcessMap")), 403, 404, params=one),
            "patch": _op("Change the fields sent; `steps` (with `lanes`) replace the map's steps. With `version` (the "
                         "version you read), a map changed since answers 409 with `current_version`, nothing saved.",
                         _json(_ref("ProcessMap")), 400, 403, 404, 409, 415, 422, body="ProcessMapPatch", params=one),
            "delete": {"summary": "Delete a map (future maps that redesign it keep their steps)", "parameters": one,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/process-maps/{map_id}/order": {
            "put": _op("Reorder the steps: every step id of the map once, from the version read (409 with "
                       "`current_version` when the map changed since; 428 without `version`)",
                       _json({"type": "object", "properties": {"version": {"type": "integer"},
                                                               "order": {"type": "array", "items": {"type": "integer"}}}}),
                       400, 403, 404, 409, 415, 422, 428, body="ProcessStepOrder", params=one),
        },
    }


def _process_map_schemas() -> dict:
    minutes = {"type": "integer", "minimum": 0, "maximum": TEN_YEARS_MINUTES}
    texts = {"type": "array", "items": {"type": "string", "maxLength": 2000}, "maxItems": 50}
    step_input = {"type": "object", "required": ["label"], "properties": {
        "lane": {"type": "string", "maxLength": 80}, "label": {"type": "string", "maxLength": 200},
        "kind": {"enum": STEP_KINDS, "default": "step"},
        "minutes": {**minutes, "description": "Cycle time; for a wait step, the length of the wait. Also text with "
                                              "a unit: \"3 hours\", \"2 days\"."},
        "wait_minutes": {**minutes, "description": "An optional wait before the step"},
        "value": {"enum": [*STEP_VALUES, None]}, "paper": {"type": "boolean"},
        "branches": {"type": "array", "maxItems": 8, "items": {"type": "object", "properties": {
            "to": {"type": "integer", "minimum": 1, "description": "The target's step number in this list"},
            "label": {"type": "string", "maxLength": 40}}}},
        "pain_points": texts, "ideas": texts, "questions": texts}}
    fields = {
        "title": {"type": "string", "maxLength": 160}, "state": {"enum": PROCESS_STATES},
        "redesigns_id": {"type": ["integer", "null"], "description": "A future map: the current map it redesigns"},
        "scope": {"type": "string"}, "start_point": {"type": "string"}, "end_point": {"type": "string"},
        "mapped_on": {"type": ["string", "null"], "format": "date"}, "participants": {"type": "string"},
        "notes": {"type": "string", "description": "Markdown"},
    }
    summary = {"type": "object", "properties": {"id": {"type": "integer"}, **fields, "version": {"type": "integer"},
                                                "created_at": {"type": "string", "format": "date-time"},
                                                "updated_at": {"type": "string", "format": "date-time"}}}
    step = {"type": "object", "properties": {**step_input["properties"], "id": {"type": "integer"},
                                             "number": {"type": "integer"}}}
    return {
        "ProcessMapSummary": summary,
        "ProcessMap": {"type": "object", "properties": {
            **summary["properties"], "lanes": {"type": "array", "items": {"type": "string"}},
            "steps": {"type": "array", "items": step},
            "metrics": {"type": "object", "description": "Lead time, value-added time, efficiency, waits, hand-offs, "
                                                         "people met, longest wait, paper share, loops"},
            "warnings": {"type": "array", "items": {"type": "string"}}}},
        "ProcessMapInput": {"type": "object", "required": ["title"], "properties": {
            **fields, "lanes": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "steps": {"type": "array", "items": step_input, "maxItems": 250}}},
        "ProcessMapPatch": {"type": "object", "properties": {
            **fields, "version": {"type": "integer"}, "lanes": {"type": "array", "items": {"type": "string"}},
            "steps": {"type": "array", "items": step_input, "maxItems": 250}}},
        "ProcessStepOrder": {"type": "object", "required": ["order", "version"], "properties": {
            "order": {"type": "array", "items": {"type": "integer"}}, "version": {"type": "integer"}}},
    }


# --- QI measures (issue 11, the measures part) -------------------------------------------------------
# The enums are written out here (the core imports no feature); tests/test_qi_measures_api.py checks
# that they match workspace/qi/models.py.

MEASURE_KINDS = ["outcome", "process", "balancing"]
MEASURE_BETTER = ["up", "down"]
MEASURE_CHARTS = ["auto", "run", "xmr"]
SPC_RULES = ["astronomical", "beyond_limit", "trend", "two_of_three", "shift", "run_shift", "run_trend"]
MEASURE_ID = {"name": "measure_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _measure_paths() -> dict:
    one = [TEAM_ID, MEASURE_ID]
    return {
        "/teams/{team_id}/measures": {
            "get": _op("The team's measures (without their points), by id, a page at a time",
                       _json(_list_of("MeasureSummary")), 400, 403, 404, params=[TEAM_ID, *PAGE_PARAMS]),
            "post": _op("Create a measure (at most 50 a team), optionally with its first `points` (all or nothing)",
                        _json(_ref("Measure")), 400, 403, 404, 409, 415, 422,
                        body="MeasureCreate", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/measures/{measure_id}": {
            "get": _op("One measure with its points, annotations, variation and summary sentence",
                       _json(_ref("Measure")), 403, 404, params=one),
            "patch": _op("Change the fields sent. With `version` (the version you read), a measure changed since "
                         "answers 409 with `current_version`, nothing saved.",
                         _json(_ref("Measure")), 400, 403, 404, 409, 415, 422, body="MeasureInput", params=one),
            "delete": {"summary": "Delete a measure (off the pages, charts and exports)", "parameters": one,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/measures/{measure_id}/points": {
            "post": _op("Add points, each as a new point, in the order sent: a date may hold several points (both "
                        "are kept, read in the order entered). All or nothing: any bad point is a 422 naming it "
                        "(`points[3].value`). At most 1,000 points a measure. 201 with the number added.",
                        _json({"type": "object", "properties": {"added": {"type": "integer"},
                                                                "version": {"type": "integer"}}}),
                        400, 403, 404, 409, 415, 422, body="MeasurePoints", params=one, status="201"),
        },
        "/teams/{team_id}/measures/{measure_id}/analysis": {
            "get": _op("The run-chart / SPC analysis (NHS England's Making Data Count rules): centre line and "
                       "limits per phase, signals, variation, assurance and the summary sentence",
                       _json(_ref("MeasureAnalysis")), 400, 403, 404,
                       params=[*one, {"name": "chart", "in": "query", "schema": {"enum": ["run", "xmr"]},
                                      "description": "Analyse as this chart instead of the measure's own choice"}]),
        },
    }


def _measure_schemas() -> dict:
    number = {"type": ["number", "null"]}
    fields = {
        "name": {"type": "string", "maxLength": 200}, "kind": {"enum": MEASURE_KINDS},
        "definition": {"type": "string", "maxLength": 2000, "description": "The operational definition"},
        "unit": {"type": "string", "maxLength": 40, "description": "\"%\", \"days\"...; blank for a plain number"},
        "better": {"enum": MEASURE_BETTER, "description": "Which direction is better"},
        "target": {**number, "description": "Optional; also text such as \"85%\""},
        "chart": {"enum": MEASURE_CHARTS, "description": "auto: a run chart below 10 points, XmR from 10"},
    }
    summary = {"type": "object", "properties": {"id": {"type": "integer"}, **fields, "version": {"type": "integer"},
                                                "created_at": {"type": "string", "format": "date-time"},
                                                "updated_at": {"type": "string", "format": "date-time"}}}
    point = {"type": "object", "required": ["on", "value"], "properties": {
        "on": {"type": "string", "format": "date", "description": "2027-03-31 (or 31/03/2027)"},
        "value": {"type": ["number", "string"], "description": "A finite number; \"85%\" reads as 85"},
        "note": {"type": "string", "maxLength": 300}}}
    return {
        "MeasureInput": {"type": "object", "properties": {**fields, "version": {"type": "integer"}}},
        "MeasureCreate": {"type": "object", "required": ["name"], "properties": {
            **fields, "points": {"type": "array", "items": point, "maxItems": 1000}}},
        "MeasureSummary": summary,
        "Measure": {"type": "object", "properties": {
            **summary["properties"],
            "points": {"type": "array", "items": {"type": "object", "properties": {
                **point["properties"], "astronomical": {"type": "boolean"}, "rebase": {"type": "boolean"}}}},
            "annotations": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "on": {"type": "string", "format": "date"}, "label": {"type": "string"}}}},
            "variation": {"enum": ["common", "improvement", "concern", "neither", "none"]},
            "summary": {"type": "string"}}},
        "MeasurePoints": {"type": "object", "required": ["points"], "properties": {
            "points": {"type": "array", "items": point, "maxItems": 1000}}},
        "MeasureAnalysis": {"type": "object", "properties": {
            "measure_id": {"type": "integer"}, "chart": {"enum": ["run", "xmr"]}, "points": {"type": "integer"},
            "phases": {"type": "array", "items": {"type": "object", "properties": {
                "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                "points": {"type": "integer"}, "centre": {"type": "number"}, "lower": number, "upper": number,
                "lower_close": number, "upper_close": number, "trial": {"type": "boolean"}}}},
            "signals": {"type": "array", "items": {"type": "object", "properties": {
                "rule": {"enum": SPC_RULES}, "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
                "points": {"type": "array", "items": {"type": "string", "format": "date"}},
                "direction": {"enum": ["up", "down"]}, "judgement": {"enum": ["improvement", "concern", "neither"]},
                "label": {"type": "string"}}}},
            "variation": {"enum": ["common", "improvement", "concern", "neither", "none"]},
            "assurance": {"enum": ["pass", "fail", "hit_or_miss", None]},
            "summary": {"type": "string"}}},
    }


# --- QI: PDSA cycles (issue 11, the plan part) ------------------------------------------------------
# The enums are written out here (the core imports no feature); tests/test_qi_pdsa_api.py checks
# that they match workspace/qi/models.py.

PDSA_STATUSES = ["planned", "running", "complete", "abandoned"]
PDSA_DECISIONS = ["adopt", "adapt", "abandon"]
PDSA_TEXTS = ["objective", "questions", "prediction", "plan", "data_to_collect", "what_happened", "observations",
              "study", "next_step"]
CYCLE_ID = {"name": "cycle_id", "in": "path", "required": True, "schema": {"type": "integer"}}
DRIVER_ID = {"name": "driver_id", "in": "path", "required": True, "schema": {"type": "integer"}}
IDEA_ID = {"name": "idea_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _pdsa_paths() -> dict:
    one = [TEAM_ID, CYCLE_ID]
    return {
        "/teams/{team_id}/pdsa": {
            "get": _op("The team's PDSA cycles, by id, a page at a time", _json(_list_of("PdsaCycle")), 400, 403, 404,
                       params=[TEAM_ID, *PAGE_PARAMS]),
            "post": _op("Create a PDSA cycle testing one of the team's change ideas", _json(_ref("PdsaCycle")),
                        400, 403, 404, 409, 415, 422, body="PdsaCycleInput", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/pdsa/{cycle_id}": {
            "get": _op("One PDSA cycle", _json(_ref("PdsaCycle")), 403, 404, params=one),
            "patch": _op("Change the fields sent (`measure_ids` replaces the cycle's measures). With `version` (the "
                         "version you read), a cycle changed since answers 409 with `current_version`, nothing saved.",
                         _json(_ref("PdsaCycle")), 400, 403, 404, 409, 415, 422, body="PdsaCyclePatch", params=one),
            "delete": {"summary": "Delete a PDSA cycle (the cycles that followed it follow the one it followed)",
                       "parameters": one, "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/aim": {
            "get": _op("The project aim: its SMART parts and statement (version 0: not written yet)",
                       _json(_ref("Aim")), 403, 404, params=[TEAM_ID]),
            "put": _op("Write the aim (every field; `version` the version read, 0 for a first aim: 409 with "
                       "`current_version` when it changed since, 428 without `version`)", _json(_ref("Aim")),
                       400, 403, 404, 409, 415, 422, 428, body="AimInput", params=[TEAM_ID]),
        },
        "/teams/{team_id}/drivers": {
            "post": _op("Add a primary driver, or a secondary driver under the primary `parent_id` (at the end)",
                        _json(_ref("Driver")), 400, 403, 404, 409, 415, 422, body="DriverInput", params=[TEAM_ID],
                        status="201"),
        },
        "/teams/{team_id}/drivers/{driver_id}": {
            "patch": _op("Rename a driver (`title`), move a secondary under another primary (`parent_id`), or one "
                         "place among its siblings (`move`: up or down)", _json(_ref("Driver")),
                         400, 403, 404, 409, 415, 422, body="DriverPatch", params=[TEAM_ID, DRIVER_ID]),
            "delete": {"summary": "Delete a driver (a primary with its secondaries); its change ideas stay, not placed",
                       "parameters": [TEAM_ID, DRIVER_ID],
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/change-ideas": {
            "post": _op("Add a change idea (under a secondary driver, or not placed yet)", _json(_ref("ChangeIdea")),
                        400, 403, 404, 409, 415, 422, body="ChangeIdeaInput", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/change-ideas/{idea_id}": {
            "get": _op("One change idea", _json(_ref("ChangeIdea")), 403, 404, params=[TEAM_ID, IDEA_ID]),
            "patch": _op("Change the fields sent; `move` (up or down) moves it one place among its siblings",
                         _json(_ref("ChangeIdea")), 400, 403, 404, 409, 415, 422, body="ChangeIdeaPatch",
                         params=[TEAM_ID, IDEA_ID]),
            "delete": {"summary": "Delete a change idea (its cycles and actions stay, no longer linked)",
                       "parameters": [TEAM_ID, IDEA_ID],
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/driver-diagram": {
            "get": _op("The driver diagram: the aim, primary drivers, their secondary drivers and the change ideas "
                       "under them, and the ideas not placed yet", _json(_ref("DriverDiagram")), 403, 404,
                       params=[TEAM_ID]),
        },
    }


def _pdsa_schemas() -> dict:
    date = {"type": ["string", "null"], "format": "date"}
    idea = {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                                             "from_pain_point": {"type": "boolean"}, "cycles": {"type": "integer"}}}
    idea = {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                                             "from_pain_point": {"type": "boolean"}, "cycles": {"type": "integer"}}}
    fields = {
        "change_idea_id": {"type": "integer", "description": "The change idea it tests (also accepted as `change_idea`)"},
        "follows_id": {"type": ["integer", "null"], "description": "The cycle of the same idea it follows on from: "
                                                                   "its ramp; never a loop"},
        "title": {"type": "string", "maxLength": 200}, "status": {"enum": PDSA_STATUSES},
        "started_on": date, "ended_on": {**date, "description": "Not before started_on"},
        **{name: {"type": "string", "maxLength": 10000, "description": "Markdown"} for name in PDSA_TEXTS},
        "decision": {"enum": [*PDSA_DECISIONS, None], "description": "Act: also accepted as `act`"},
        "measure_ids": {"type": "array", "items": {"type": "integer"}, "maxItems": 20,
                        "description": "The team's measures it should move"},
    }
    return {
        "PdsaCycleInput": {"type": "object", "required": ["change_idea_id", "title"], "properties": {
            **fields, "change_idea": {"type": "integer"}, "do": {"type": "string", "description": "what_happened"},
            "act": {"enum": [*PDSA_DECISIONS, None]}}},
        "AimInput": {"type": "object", "required": ["version"], "properties": {
            "what": {"type": "string", "maxLength": 300}, "how_much": {"type": "string", "maxLength": 300},
            "by_when": date, "for_whom": {"type": "string", "maxLength": 300},
            "statement": {"type": "string", "maxLength": 2000}, "version": {"type": "integer"}}},
        "Aim": {"type": "object", "properties": {
            "what": {"type": "string"}, "how_much": {"type": "string"}, "by_when": date,
            "for_whom": {"type": "string"}, "statement": {"type": "string"}, "version": {"type": "integer"},
            "updated_at": {"type": "string", "format": "date-time"}}},
        "DriverInput": {"type": "object", "required": ["title"], "properties": {
            "title": {"type": "string", "maxLength": 200},
            "parent_id": {"type": ["integer", "null"], "description": "A primary driver: the new one is secondary"}}},
        "DriverPatch": {"type": "object", "properties": {
            "title": {"type": "string", "maxLength": 200}, "parent_id": {"type": "integer"},
            "move": {"enum": ["up", "down"]}}},
        "Driver": {"type": "object", "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"}, "level": {"enum": ["primary", "secondary"]},
            "parent_id": {"type": ["integer", "null"]}, "position": {"type": "integer"}}},
        "ChangeIdeaInput": {"type": "object", "required": ["title"], "properties": {
            "title": {"type": "string", "maxLength": 200}, "description": {"type": "string", "description": "Markdown"},
            "driver_id": {"type": ["integer", "null"], "description": "A secondary driver; null: not placed yet"}}},
        "ChangeIdeaPatch": {"type": "object", "properties": {
            "title": {"type": "string", "maxLength": 200}, "description": {"type": "string"},
            "driver_id": {"type": ["integer", "null"]}, "move": {"enum": ["up", "down"]}}},
        "ChangeIdea": {"type": "object", "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"}, "description": {"type": "string"},
            "driver_id": {"type": ["integer", "null"]}, "position": {"type": "integer"}}},
        "DriverDiagram": {"type": "object", "properties": {
            "aim": {"type": "string"},
            "primaries": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "title": {"type": "string"},
                "secondaries": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "title": {"type": "string"},
                    "ideas": {"type": "array", "items": idea}}}}}}},
            "unplaced": {"type": "array", "items": idea}}},
        "PdsaCyclePatch": {"type": "object", "properties": {
            **fields, "version": {"type": "integer", "description": "The version you read"},
            "base_version": {"type": "integer", "description": "The same as version (send one of them)"}}},
        "PdsaCycle": {"type": "object", "properties": {
            "id": {"type": "integer"}, "number": {"type": "integer"}, "label": {"type": "string"}, **fields,
            "act": {"enum": [*PDSA_DECISIONS, None]}, "do": {"type": "string"}, "version": {"type": "integer"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"}}},
    }


# --- QI: the action log (issue 11, the log part) ----------------------------------------------------
# The enums are written out here (the core imports no feature); tests/test_qi_actions_api.py checks
# that they match workspace/qi/models.py and workspace/domains.py.

ACTION_STATUSES = ["open", "in_progress", "done", "blocked"]
ACTION_DOMAINS = ["individual", "relationships", "innovation", "learning"]
ACTION_ID = {"name": "action_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ACTION_FILTERS = [
    {"name": "owner", "in": "query", "schema": {"type": "string"}, "description": "A member's user id, or none"},
    {"name": "status", "in": "query", "schema": {"enum": ACTION_STATUSES}},
    {"name": "due", "in": "query", "schema": {"enum": ["overdue", "week", "none"]},
     "description": "overdue: not done and due before today; week: not done and due in the next 7 days; none: no due date"},
]


def _qi_action_paths() -> dict:
    one = [TEAM_ID, ACTION_ID]
    return {
        "/teams/{team_id}/actions": {
            "get": _op("The QI action log, by id, a page at a time, filtered by owner, status and due date",
                       _json(_list_of("Action")), 400, 403, 404, params=[TEAM_ID, *PAGE_PARAMS, *ACTION_FILTERS]),
            "post": _op("Add an action. Links (pdsa_id, change_idea_id, stakeholder_id) must be the team's own; the "
                        "owner a member of the team.", _json(_ref("Action")), 400, 403, 404, 409, 415, 422,
                        body="ActionInput", params=[TEAM_ID], status="201"),
        },
        "/teams/{team_id}/actions/{action_id}": {
            "get": _op("One action", _json(_ref("Action")), 403, 404, params=one),
            "patch": _op("Change the fields sent. With `version` (the version you read), an action changed since "
                         "answers 409 with `current_version`, nothing saved.", _json(_ref("Action")),
                         400, 403, 404, 409, 415, 422, body="ActionPatch", params=one),
            "delete": {"summary": "Delete an action (its comments stay in the team's records)", "parameters": one,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
    }


def _qi_action_schemas() -> dict:
    fields = {
        "title": {"type": "string", "maxLength": 200}, "detail": {"type": "string", "maxLength": 10000,
                                                                   "description": "Markdown"},
        "owner_id": {"type": ["integer", "null"], "description": "A member of the team"},
        "due_on": {"type": ["string", "null"], "format": "date"}, "status": {"enum": ACTION_STATUSES},
        "domain": {"enum": [*ACTION_DOMAINS, None], "description": "A framework domain's key"},
        "pdsa_id": {"type": ["integer", "null"]}, "change_idea_id": {"type": ["integer", "null"]},
        "stakeholder_id": {"type": ["integer", "null"], "description": "Null to a host partner when confidential"},
    }
    return {
        "ActionInput": {"type": "object", "required": ["title"], "additionalProperties": False, "properties": fields},
        "ActionPatch": {"type": "object", "additionalProperties": False,
                        "properties": {**fields, "version": {"type": "integer"}}},
        "Action": {"type": "object", "properties": {
            **fields, "id": {"type": "integer"}, "owner": {"type": ["object", "null"]},
            "status_label": {"type": "string"}, "domain_label": {"type": ["string", "null"]},
            "overdue": {"type": "boolean", "description": "Not done and due before today (London)"},
            "completed_on": {"type": ["string", "null"], "format": "date"}, "version": {"type": "integer"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"}}},
    }


# --- the presentation's slides (issue 12) ---------------------------------------------------------

SLIDE_ID = {"name": "slide_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _presentation_paths() -> dict:
    """The slides API. Its schemas are inline, so this one function is all it adds."""
    fields = {
        "title": {"type": "string", "maxLength": 200},
        "body": {"type": "string", "description": "Bullet points in markdown, at most 20 kB"},
        "notes": {"type": "string", "description": "Speaker notes, at most 20 kB"},
        "presenter_id": {"type": ["integer", "null"], "description": "A member of the team"},
        "minutes": {"type": ["string", "number"], "description": "2, 1.5, \"1:30\" or \"2 min 30 s\"; 0 to the slot"},
        "seconds": {"type": "integer", "minimum": 0, "description": "Instead of minutes"},
        "figure_key": {"type": ["string", "null"], "description": "\"<provider>/<part key>\" of one of the team's figures"},
    }
    slide = {"type": "object", "properties": {
        **{k: v for k, v in fields.items() if k not in ("minutes", "seconds")},
        "id": {"type": "integer"}, "position": {"type": "integer"}, "number": {"type": "integer"},
        "seconds": {"type": "integer"}, "minutes": {"type": "string"}, "figure_caption": {"type": ["string", "null"]},
        "version": {"type": "integer"}, "updated_at": {"type": "string", "format": "date-time"}}}
    save = {"type": "object", "required": ["base_version"], "additionalProperties": False,
            "properties": {**fields, "base_version": {"type": "integer", "description": "The version you edited from"}}}
    saved = {"allOf": [slide, {"properties": {"merged": {"type": "boolean"}, "changed": {"type": "boolean"},
                                              "merged_with": {"type": "array", "items": {"type": "string"}}}}]}
    conflict = {"type": "object", "properties": {
        "error": ERROR, "current_version": {"type": "integer"}, "current": slide,
        "merged_with_markers": {"type": "object", "description": "title, body and notes merged, with conflict markers"},
        "conflicting_fields": {"type": "array", "items": {"type": "string"}}}}
    deck = {"type": "object", "properties": {"items": {"type": "array", "items": slide},
                                             "order_version": {"type": "integer"}, "slot_minutes": {"type": "integer"},
                                             "total_seconds": {"type": "integer"}}}
    order = {"type": "object", "required": ["ids", "order_version"], "properties": {
        "ids": {"type": "array", "items": {"type": "integer"}, "description": "Every live slide, once, in the new order"},
        "order_version": {"type": "integer"}}}
    one = [TEAM_ID, SLIDE_ID]
    return {
        "/teams/{team_id}/slides": {
            "get": _op("The deck: slides in order with their versions, the order's version and the cohort's slot",
                       _json(deck), 403, 404, params=[TEAM_ID]),
            "post": {"summary": "Add a slide at the end, or after `after_id`", "parameters": [TEAM_ID],
                     "requestBody": {"required": True, **_json({"type": "object", "required": ["title"], "properties": {
                         **fields, "after_id": {"type": "integer"}}})},
                     "responses": {"201": {"description": "Created", **_json(slide)},
                                   **_errors(400, 401, 403, 404, 409, 415, 422)}},
        },
        "/teams/{team_id}/slides/order": {
            "put": {"summary": "Reorder the deck. A stale order_version answers 409 order_changed, nothing moved.",
                    "parameters": [TEAM_ID], "requestBody": {"required": True, **_json(order)},
                    "responses": {"200": {"description": "Reordered", **_json({"type": "object", "properties": {
                        "order_version": {"type": "integer"}, "ids": {"type": "array", "items": {"type": "integer"}}}})},
                        **_errors(400, 401, 403, 404, 409, 415, 422, 428)}},
        },
        "/teams/{team_id}/slides/{slide_id}": {
            "get": _op("One slide", _json(slide), 403, 404, params=one),
            "put": {
                "summary": "Save a slide. A stale base_version is three-way merged field by field; overlapping edits "
                           "answer 409 conflict with what is saved now, nothing saved. Submitted: 409 submitted.",
                "parameters": one, "requestBody": {"required": True, **_json(save)},
                "responses": {
                    "200": {"description": "Saved (merged is true when other saves were merged in)", **_json(saved)},
                    "409": {"description": "Overlapping edits (conflict), or the review is submitted", **_json(conflict)},
                    "410": {"description": "The slide was deleted meanwhile", **_json(ERROR)},
                    **_errors(400, 401, 403, 404, 415, 422, 428),
                },
            },
            "delete": {"summary": "Delete a slide (its comment threads stay)", "parameters": one,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
    }


# --- the presentation deck (issue 12) --------------------------------------------------------------

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _deck_paths() -> dict:
    return {
        "/teams/{team_id}/presentation.pptx": {
            "get": {
                "summary": "The presentation as PowerPoint (16:9): once the team has submitted, the deck frozen in the "
                           "standing submission (byte for byte, its SHA-256 in X-Content-SHA256; 404 no_deck for a "
                           "submission made before decks were frozen); before that the live draft, built now and "
                           "counted against the caller's export limit (429 with Retry-After). The team, its assessors "
                           "after submission, and facilitators; never a host partner (403).",
                "parameters": [TEAM_ID],
                "responses": {"200": {"description": "The .pptx", "content": {PPTX: {"schema": {"type": "string", "format": "binary"}}},
                                      "headers": {"X-Content-SHA256": {"schema": {"type": "string"}},
                                                  "X-Export-Failed-Parts": {"schema": {"type": "string"},
                                                                            "description": "Figures that could not be shown"}}},
                              **_errors(401, 403, 404, 429)},
            },
        },
    }
def _marking_paths() -> dict:
    """Marks (issue 12): schemas inline, so this one function is all the feature adds here."""
    text = {"type": "string", "maxLength": 10000}
    score = {"type": "object", "required": ["criterion_id"], "additionalProperties": False, "properties": {
        "criterion_id": {"type": "integer"}, "score": {"type": ["integer", "null"], "minimum": 0,
                                                        "description": "0 to the criterion's max_score; null: unscored"},
        "feedback": text}}
    marking = {"type": "object", "properties": {
        "id": {"type": "integer"}, "label": {"type": "string", "description": "Assessor 1, Assessor 2, ..."},
        "assessor": {"type": "object"}, "mine": {"type": "boolean"}, "status": {"enum": ["draft", "final"]},
        "version": {"type": "integer"}, "overall_feedback": {"type": "string"},
        "finalised_at": {"type": ["string", "null"], "format": "date-time"},
        "component_marks": {"type": "object", "description": "report and presentation: percent, null until all scored"},
        "scores": {"type": "array", "items": {"type": "object"}}}}
    agreement = {"type": ["object", "null"], "properties": {
        "report_mark": {"type": "integer"}, "presentation_mark": {"type": "integer"}, "overall_mark": {"type": "integer"},
        "band": {"type": "string"}, "note": {"type": "string"}, "feedback": {"type": "string"},
        "agreed_at": {"type": "string", "format": "date-time"},
        "released_at": {"type": ["string", "null"], "format": "date-time"}, "version": {"type": "integer"}}}
    body = lambda schema: {"required": True, **_json(schema)}  # noqa: E731
    version = {"type": "integer", "minimum": 0, "description": "The version you read (0 before your first save)"}
    return {
        "/teams/{team_id}/marks": {"get": _op(
            "Markings of the standing submission. An assessor: their own, and the others' once they and every "
            "other assessor who started have finalised (never a draft). A facilitator: all, with the agreement. "
            "Members and the host partner: 404.", _json({"type": "object", "properties": {
                "submitted": {"type": "boolean"}, "submission": {"type": "integer"},
                "markings": {"type": "array", "items": marking}, "agreement": agreement}}),
            403, 404, params=[TEAM_ID])},
        "/teams/{team_id}/marks/mine": {"put": {**_op(
            "Save the caller's draft marking (assessor): the criteria listed, and overall_feedback if sent. 422 when "
            "a score is not a whole number or null (text and true/false are refused) or is outside 0..max_score, "
            "or version is not a whole number 0 or more; 409 when finalised, stale (with current_version) or not submitted.",
            _json(marking), 400, 403, 404, 409, 415, 422, params=[TEAM_ID]),
            "requestBody": body({"type": "object", "additionalProperties": False, "properties": {
                "scores": {"type": "array", "maxItems": 200, "items": score}, "overall_feedback": text,
                "version": version}})}},
        "/teams/{team_id}/marks/mine/finalise": {"post": {**_op(
            "Finalise the caller's marking: every criterion must be scored (422 naming those not); then fixed.",
            _json(marking), 403, 404, 409, 415, 422, params=[TEAM_ID]),
            "requestBody": body({"type": "object", "additionalProperties": False, "properties": {"version": version}})}},
        "/teams/{team_id}/agreement": {"post": {**_op(
            "Record the agreed marks (facilitator): needs a final marking and no draft outstanding; the overall "
            "mark and band follow the rubric. 422 when a mark is not a whole number from 0 to 100 (text and "
            "true/false are refused) or version is not a whole number 0 or more; 409 once released or stale.", _json(agreement), 403, 404, 409, 415, 422,
            params=[TEAM_ID]),
            "requestBody": body({"type": "object", "required": ["report_mark", "presentation_mark", "note"],
                                 "additionalProperties": False, "properties": {
                                     "report_mark": {"type": "integer", "minimum": 0, "maximum": 100},
                                     "presentation_mark": {"type": "integer", "minimum": 0, "maximum": 100},
                                     "note": text, "feedback": text, "version": version}})}},
        "/teams/{team_id}/agreement/release": {"post": _op(
            "Release the agreed marks and feedback to the team (facilitator); after it the agreement is fixed.",
            _json(agreement), 403, 404, 409, params=[TEAM_ID])},
        "/teams/{team_id}/feedback": {"get": _op(
            "The team's released marks and feedback (members): the agreed marks and band, the facilitator's "
            "feedback and each assessor's as Assessor 1, 2 (no names, no individual scores). 404 before release, "
            "and always to a host partner.", _json({"type": "object", "properties": {
                "report_mark": {"type": "integer"}, "presentation_mark": {"type": "integer"},
                "report_weight": {"type": "integer"}, "overall_mark": {"type": "integer"}, "band": {"type": "string"},
                "feedback": {"type": "string"}, "released_at": {"type": "string", "format": "date-time"},
                "assessors": {"type": "array", "items": {"type": "object"}}}}), 403, 404, params=[TEAM_ID])},
    }


# --- the marking rubric (issue 12, helper "rubric") ---------------------------------------------

RUBRIC_COHORT_ID = {"name": "cohort_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _rubric_paths() -> dict:
    return {
        "/cohorts/{cohort_id}/rubric": {
            "get": _op("The cohort's rubric (facilitator): bands, the report's weight, criteria per component and "
                       "what stops each component being marked. Made from the programme's default the first time.",
                       _json(_ref("Rubric")), 403, 404, params=[RUBRIC_COHORT_ID]),
            "put": _op("Replace the whole rubric (facilitator). A criterion with an `id` is updated, one without is "
                       "added, and criteria left out are removed. 422 when a component's weights do not add up to "
                       "100, the bands are invalid (1-8, names, lowest marks strictly descending, the last 0) or a "
                       "weight or highest score is out of range; 409 `rubric_locked` once marking has started in the "
                       "cohort and the change would alter marks given (bands, weights, highest scores, which "
                       "criteria), and 409 `stale` when `version` is not the current one.",
                       _json(_ref("Rubric")), 400, 403, 404, 409, 415, 422, body="RubricInput", params=[RUBRIC_COHORT_ID]),
        },
        "/teams/{team_id}/rubric": {
            "get": _op("The rubric of the team's cohort, read-only (anyone who may view the team's work)",
                       _json(_ref("Rubric")), 403, 404, params=[TEAM_ID]),
        },
    }


def _rubric_schemas() -> dict:
    band = {"type": "object", "required": ["name", "min"], "properties": {
        "name": {"type": "string", "maxLength": 60}, "min": {"type": "integer", "minimum": 0, "maximum": 100}}}
    criterion_input = {"type": "object", "required": ["title", "weight"], "properties": {
        "id": {"type": "integer", "description": "An existing criterion of this component; leave out to add one"},
        "title": {"type": "string", "maxLength": 200}, "guidance": {"type": "string", "maxLength": 10000},
        "weight": {"type": "integer", "minimum": 0, "maximum": 100, "description": "Percent of its component"},
        "max_score": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
        "descriptors": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 10000},
                        "description": "Band name to what work in that band shows"}}}
    criterion = {"allOf": [criterion_input, {"properties": {"position": {"type": "integer"}}}]}
    per_component = {"type": "object", "properties": {
        "report": {"type": "array", "maxItems": 20, "items": criterion_input},
        "presentation": {"type": "array", "maxItems": 20, "items": criterion_input}}}
    return {
        "RubricInput": {"type": "object", "required": ["bands", "report_weight", "criteria"], "properties": {
            "bands": {"type": "array", "minItems": 1, "maxItems": 8, "items": band, "description": "Highest first"},
            "report_weight": {"type": "integer", "minimum": 0, "maximum": 100},
            "criteria": per_component,
            "version": {"type": "integer", "description": "The version you read; another answers 409 stale"}}},
        "Rubric": {"type": "object", "properties": {
            "cohort_id": {"type": "integer"}, "version": {"type": "integer"},
            "bands": {"type": "array", "items": band}, "report_weight": {"type": "integer"},
            "presentation_weight": {"type": "integer"},
            "criteria": {"type": "object", "properties": {
                "report": {"type": "array", "items": criterion}, "presentation": {"type": "array", "items": criterion}}},
            "readiness": {"type": "object", "properties": {
                "report": {"type": "array", "items": {"type": "string"}},
                "presentation": {"type": "array", "items": {"type": "string"}}},
                "description": "Per component, what stops it being marked; empty when ready"},
            "marking_started": {"type": "boolean", "description": "Facilitator's view only"},
            "updated_at": {"type": ["string", "null"], "format": "date-time"}}},
    }


def _reflection_paths() -> dict:
    """Reflections and the Start Anywhere canvas (issue 13, helper fw-reflect): schemas inline."""
    reflection = {"type": "object", "properties": {
        "id": {"type": "integer"}, "written_on": {"type": "string", "format": "date"}, "title": {"type": "string"},
        "body": {"type": "string", "description": "Markdown"}, "shared": {"type": "boolean"},
        "shared_at": {"type": ["string", "null"], "format": "date-time"},
        "author": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "mine": {"type": "boolean"}, "version": {"type": "integer"},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}
    fields = {"written_on": {"type": "string", "format": "date", "description": "Today or earlier; blank: today"},
              "title": {"type": "string", "maxLength": 200}, "body": {"type": "string", "maxLength": 10000}}
    quadrant = {"type": "object", "properties": {
        "key": {"enum": ["people", "purpose", "place", "priorities"]}, "name": {"type": "string"},
        "question": {"type": "string"}, "guidance": {"type": "string"}, "notes": {"type": "string"}}}
    canvas = {"type": "object", "properties": {
        "quadrants": {"type": "array", "items": quadrant}, "version": {"type": "integer", "description": "0 before the first save"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"}}}
    body = lambda schema: {"required": True, **_json(schema)}  # noqa: E731
    rid = {"name": "reflection_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    privacy = (" A private reflection is its author's only: anyone else, a facilitator included, gets 404. A host "
               "partner gets 404 on every reflection route.")
    notes = {"type": "string", "maxLength": 4000, "description": "Markdown bullets"}
    return {
        "/teams/{team_id}/reflections": {
            "get": _op("The reflections the caller may read: their own, and those shared with the team (members, "
                       "assessors once submitted, facilitators), newest first; cursor/limit pages." + privacy,
                       _json({"type": "object", "properties": {"items": {"type": "array", "items": reflection},
                                                               "next": {"type": ["integer", "null"]}}}),
                       400, 404, params=[TEAM_ID]),
            "post": {**_op("Write a reflection of the caller's own (members only); it starts private. Writable "
                           "after submission too (not part of the frozen review).", _json(reflection),
                           400, 403, 404, 415, 422, params=[TEAM_ID], status="201"),
                     "requestBody": body({"type": "object", "required": ["body"], "additionalProperties": False,
                                          "properties": fields})},
        },
        "/teams/{team_id}/reflections/{reflection_id}": {
            "get": _op("One reflection." + privacy, _json(reflection), 404, params=[TEAM_ID, rid]),
            "patch": {**_op("Change the caller's own reflection: the fields sent, and `shared` (share with the team, "
                            "or false: private again). 409 with current_version when stale." + privacy,
                            _json(reflection), 400, 403, 404, 409, 415, 422, params=[TEAM_ID, rid]),
                      "requestBody": body({"type": "object", "additionalProperties": False, "properties": {
                          **fields, "shared": {"type": "boolean"}, "version": {"type": "integer"}}})},
            "delete": {**_op("Delete the caller's own reflection." + privacy, {"description": "Deleted"},
                             403, 404, params=[TEAM_ID, rid]), "responses": {
                "204": {"description": "Deleted"}, **_errors(401, 403, 404)}},
        },
        "/teams/{team_id}/scope": {
            "get": _op("The team's Start Anywhere canvas: People, Purpose, Place, Priorities, with the framework's "
                       "guidance and the team's notes.", _json(canvas), 403, 404, params=[TEAM_ID]),
            "put": {**_op("Save the quadrants sent (members; 409 once submitted). `version` is required: the version "
                          "read (0 before the first save); another answers 409 with current_version, nothing saved.",
                          _json(canvas), 400, 403, 404, 409, 415, 422, params=[TEAM_ID]),
                    "requestBody": body({"type": "object", "required": ["version"], "additionalProperties": False,
                                         "properties": {"people": notes, "purpose": notes, "place": notes,
                                                        "priorities": notes, "version": {"type": "integer"}}})},
        },
    }
# --- the recommendations register (issue 13, helper "fw-recs") -------------------------------------

RECOMMENDATION_ID = {"name": "recommendation_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _recommendation_paths() -> dict:
    """The recommendations register's API. Its schemas are inline, so this one function is all it adds."""
    rating = {"type": ["object", "null"], "description": "Null: not assessed", "properties": {
        "rating": {"enum": ["met", "partly", "not_met", None]}, "note": {"type": "string", "maxLength": 1000}}}
    criteria = {"type": "object", "additionalProperties": False, "description": "Each of the five Useful criteria; "
                "left out or null: not assessed", "properties": {key: rating for key in (
                    "long_term_plan", "workforce_strategy", "multi_agency", "leadership_focus", "affordable")}}
    finding = {"type": "object", "required": ["kind", "id"], "properties": {
        "kind": {"enum": ["section", "measure", "process_map"]}, "id": {"type": "integer"},
        "title": {"type": "string", "readOnly": True}, "url": {"type": "string", "readOnly": True}}}
    fields = {
        "statement": {"type": "string", "maxLength": 2000}, "rationale": {"type": "string", "maxLength": 10000},
        "owner": {"type": "string", "maxLength": 300, "description": "Who owns it at the host partner"},
        "time_frame": {"type": "string", "maxLength": 300}, "cost": {"type": "string", "maxLength": 300},
        "intervention_id": {"type": ["integer", "null"], "description": "One of the cohort's menu of interventions"},
        "measures_of_success": {"type": "string", "maxLength": 10000}, "criteria": criteria,
        "findings": {"type": "array", "maxItems": 30, "items": finding,
                     "description": "The team's own report sections, measures and process maps; another team's is refused (422)"},
    }
    recommendation = {"type": "object", "properties": {
        **fields, "id": {"type": "integer"}, "number": {"type": "integer", "description": "Its place in the register, from 1"},
        "intervention": {"type": ["object", "null"]},
        "findings": {"type": ["array", "null"], "items": finding, "description": "Null in the list; on one recommendation's answer"},
        "score": {"type": "object", "description": "met 1, partly 0.5, not met 0, over the assessed criteria; "
                  "label \"Not assessed\" when none is", "properties": {
                      "met": {"type": "number"}, "assessed": {"type": "integer"}, "of": {"type": "integer"},
                      "label": {"type": "string"}}},
        "host_response": {"enum": ["accept", "consider", "decline", None]}, "host_response_label": {"type": "string"},
        "host_response_note": {"type": "string"},
        "host_responded_at": {"type": ["string", "null"], "format": "date-time"}, "version": {"type": "integer"},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}
    one_json = _json(recommendation)
    listed = _json({"type": "object", "required": ["items", "next"], "properties": {
        "items": {"type": "array", "items": recommendation}, "next": {"type": ["integer", "null"]}}})
    one = [TEAM_ID, RECOMMENDATION_ID]

    def body(schema: dict) -> dict:
        return {"required": True, **_json(schema)}

    return {
        "/teams/{team_id}/recommendations": {
            "get": _op("The recommendations register in the team's order; `cursor` is the number to continue after",
                       listed, 400, 403, 404, params=[TEAM_ID, *PAGE_PARAMS]),
            "post": {**_op("Add a recommendation at the end of the register (not a host partner: 403)", one_json,
                           400, 403, 404, 409, 415, 422, params=[TEAM_ID], status="201"),
                     "requestBody": body({"type": "object", "required": ["statement"], "additionalProperties": False,
                                          "properties": fields})},
        },
        "/teams/{team_id}/recommendations/{recommendation_id}": {
            "get": _op("One recommendation, with its findings", one_json, 403, 404, params=one),
            "patch": {**_op("Change the fields sent. With `version` (the version you read), a recommendation changed "
                            "since answers 409 with `current_version`, nothing saved.", one_json,
                            400, 403, 404, 409, 415, 422, params=one),
                      "requestBody": body({"type": "object", "additionalProperties": False,
                                           "properties": {**fields, "version": {"type": "integer"}}})},
            "delete": {"summary": "Delete a recommendation (its comments stay in the team's records)", "parameters": one,
                       "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404, 409)}},
        },
        "/teams/{team_id}/recommendations/{recommendation_id}/response": {
            "put": {**_op("The host partner's response: their one write here (anyone else: 403). Allowed after the "
                          "team has submitted.", one_json, 400, 403, 404, 415, 422, params=one),
                    "requestBody": body({"type": "object", "required": ["response"], "additionalProperties": False,
                                         "properties": {"response": {"enum": ["accept", "consider", "decline"]},
                                                        "note": {"type": "string", "maxLength": 1000}}})},
        },
    }


# --- the framework and tags (issue 13, helper "fw-data") ---------------------------------------------


def _framework_tag_paths() -> dict:
    from ..framework.models import TAG_TARGET_TYPES

    cohort = {"name": "cohort_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    tag_id = {"name": "tag_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    filters = [TEAM_ID,
               {"name": "target_type", "in": "query", "schema": {"enum": list(TAG_TARGET_TYPES)}},
               {"name": "target_id", "in": "query", "schema": {"type": "integer"},
                "description": "One item's tags (with target_type)"},
               {"name": "cursor", "in": "query", "schema": {"type": "integer"}, "description": "The `next` value of the previous page."},
               {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200}}]
    return {
        "/cohorts/{cohort_id}/framework": {
            "get": _op("The cohort's Systems Leadership Development Framework: its four domains (each with its "
                       "leadership roles and behaviours and its menu of interventions) and the system-leadership "
                       "themes with their behaviours. Facilitators, and anyone in a team of the cohort.",
                       _json(_ref("Framework")), 404, params=[cohort]),
        },
        "/teams/{team_id}/tags": {
            "get": _op("The team's tags on items the caller may see (never a stakeholder confidential to the "
                       "team for a host partner, nor anyone's private reflection)",
                       _json(_list_of("Tag")), 400, 403, 404, params=filters),
            "post": _op("Tag an item with a domain or behaviour of the cohort's framework (those who may edit; a "
                        "reflection: its author). 201 with the new tag; 200 with the tag the item had already. "
                        "422 when the tag is not of the cohort's framework or the type is unknown; 404 when the "
                        "item does not exist for the caller; 409 once the team has submitted.",
                        _json(_ref("Tag")), 403, 404, 409, 415, 422, body="TagInput", params=[TEAM_ID],
                        status="201"),
        },
        "/teams/{team_id}/tags/{tag_id}": {
            "delete": {"summary": "Remove a tag (as adding it)", "parameters": [TEAM_ID, tag_id],
                       "responses": {"204": {"description": "Removed"}, **_errors(401, 403, 404, 409)}},
        },
    }


def _framework_tag_schemas() -> dict:
    from ..framework.models import TAG_TARGET_TYPES, THEMES

    item = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                             "description": {"type": "string"}, "position": {"type": "integer"},
                                             "ref": {"type": "string", "description": "behaviour:<id>, for tagging"}}}
    return {
        "Framework": {"type": "object", "properties": {
            "cohort_id": {"type": "integer"},
            "domains": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "key": {"enum": ["individual", "relationships", "innovation", "learning"]},
                "name": {"type": "string"}, "description": {"type": "string"}, "position": {"type": "integer"},
                "ref": {"type": "string", "description": "domain:<id>, for tagging"},
                "behaviours": {"type": "array", "items": item}, "interventions": {"type": "array", "items": item}}}},
            "themes": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"enum": list(THEMES)}, "behaviours": {"type": "array", "items": item}}}}}},
        "TagInput": {"type": "object", "required": ["target_type", "target_id", "tag"], "properties": {
            "target_type": {"enum": list(TAG_TARGET_TYPES)}, "target_id": {"type": "integer"},
            "tag": {"type": "string", "pattern": "^(domain|behaviour):[0-9]+$"}}},
        "Tag": {"type": "object", "properties": {
            "id": {"type": "integer"}, "target_type": {"enum": list(TAG_TARGET_TYPES)}, "target_id": {"type": "integer"},
            "kind": {"enum": ["domain", "behaviour"]}, "ref": {"type": "string"}, "name": {"type": "string"},
            "group": {"type": "string", "description": "A behaviour's domain or theme; a domain's own name"}}},
    }


# --- the programme timeline (issue 13, helper fw-timeline) ---

EVENT_COHORT_ID = {"name": "cohort_id", "in": "path", "required": True, "schema": {"type": "integer"}}
EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _timeline_paths() -> dict:
    return {
        "/cohorts/{cohort_id}/events": {
            "get": _op("The cohort's programme timeline in date order (anyone in a team of the cohort, and "
                       "facilitators; 404 to anyone else). At most 300 events, so always one page (`next` is null); a "
                       "cursor or limit that is not a whole number is 400, as on every list.",
                       _json(_list_of("ProgrammeEvent")), 400, 404, params=[EVENT_COHORT_ID]),
            "post": _op("Add an event (facilitator). 422 names each bad field: kind not in the list, title missing, "
                        "a date not real or more than two years outside the cohort, the end date before the start, "
                        "an end time without a start time or, on a one-day event, not after it. A date outside the "
                        "cohort's dates is accepted with a `warnings` entry.",
                        _json(_ref("ProgrammeEventSaved")), 400, 403, 404, 415, 422, body="ProgrammeEventInput",
                        params=[EVENT_COHORT_ID], status="201"),
        },
        "/cohorts/{cohort_id}/events/{event_id}": {
            "patch": _op("Change the fields named (facilitator); the rules of POST apply to the result. The event's "
                         "`uid` never changes, so subscribed calendars update it in place.",
                         _json(_ref("ProgrammeEventSaved")), 400, 403, 404, 415, 422, body="ProgrammeEventInput",
                         params=[EVENT_COHORT_ID, EVENT_ID]),
            "delete": {
                "summary": "Remove an event (facilitator); it leaves subscribed calendars on their next refresh",
                "parameters": [EVENT_COHORT_ID, EVENT_ID],
                "responses": {"204": {"description": "Removed"}, **_errors(401, 403, 404)},
            },
        },
    }


def _timeline_schemas() -> dict:
    from ..framework.models import EVENT_KINDS

    date_or_null = {"type": ["string", "null"], "format": "date"}
    time_or_null = {"type": ["string", "null"], "pattern": "^[0-2]?[0-9][:.][0-5][0-9]$",
                    "description": "London time, 24-hour clock, e.g. 09:30; null or blank for all day"}
    fields = {
        "kind": {"type": "string", "enum": list(EVENT_KINDS)},
        "title": {"type": "string", "maxLength": 200},
        "starts_on": {"type": "string", "format": "date"},
        "ends_on": {**date_or_null, "description": "The last day of an event over several days"},
        "starts_at": time_or_null, "ends_at": time_or_null,
        "location": {"type": "string", "maxLength": 300}, "description": {"type": "string", "maxLength": 10000},
    }
    event = {"type": "object", "properties": {
        "id": {"type": "integer"}, "cohort_id": {"type": "integer"},
        "uid": {"type": "string", "description": "The event's stable calendar UID"},
        "kind_label": {"type": "string"}, "milestone": {"type": "boolean", "description": "A project deadline"},
        **fields, "starts_at": {"type": ["string", "null"]}, "ends_at": {"type": ["string", "null"]},
        "updated_at": {"type": ["string", "null"], "format": "date-time"}}}
    return {
        "ProgrammeEventInput": {"type": "object", "required": ["kind", "title", "starts_on"], "properties": fields,
                                "additionalProperties": False},
        "ProgrammeEvent": event,
        "ProgrammeEventSaved": {"allOf": [event, {"type": "object", "properties": {
            "warnings": {"type": "array", "items": {"type": "string"},
                         "description": "What the facilitator should check, e.g. a date outside the cohort's"}}}]},
    }
