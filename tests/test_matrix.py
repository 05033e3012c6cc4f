"""The authorization matrix: every route x every role, with the answer each must get.

Each route is one entry of MATRIX, keyed by (method, rule) as Flask's url_map spells it:

    ("POST", "/teams/<int:team_id>/report/<key>/status"):
        Route("/teams/{team}/report/{key}/status", EDIT, {"status": "final"}, ok="/teams/{team}/report/{key}"),

- the URL, with {placeholders} for the records it needs (see MAKERS: each is made on first use,
  fresh for every test, so one role's deletion never leaves the next role a 404);
- the answer for each role: OK (allowed), LOGIN (sent to sign in), or the exact status;
- a valid body (a dict, or a function of the records for ids), sent as a form with its CSRF
  token to pages and as JSON to the API;
- `ok`, what success is: a status code, or for a page that redirects, where it goes (exactly,
  or up to a trailing "*"), with no error message flashed.

"Allowed" therefore means the action happened, not merely that it was not refused. A route
missing from the table fails `test_every_route_has_a_row`, so none can ship without someone
deciding who may use it. And every route whose URL holds a record of a team, cohort or person
(the SCOPED placeholders) is called with another team's record under this team's URL, and
must answer 404 (`test_another_teams_record_is_404`).
"""

from __future__ import annotations

import io
import string
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import current_app
from sqlalchemy import select

from workspace.assessment import operations as assessment_ops
from workspace.auth import resets
from workspace.auth.operations import create_api_token, issue_invitation
from workspace.extensions import db
from workspace.models import Cohort, Membership, Team, User
from workspace.processes import operations as process_ops
from workspace.processes import queries as process_queries
from workspace.processes.models import ProcessMap
from workspace.qi import measure_operations as measure_ops
from workspace.qi import pdsa_operations as qi_pdsa_ops
from workspace.qi import plan_operations as qi_plan_ops
from workspace.qi.models import MeasurePoint
from workspace.report import comments as comment_ops
from workspace.report import operations as report_ops
from workspace.stakeholders import operations as stakeholder_ops

from . import factories
from .conftest import World

LOGIN, OK = "login", "ok"
ROLES = ["anonymous", "member", "outsider", "host", "assessor_before", "assessor_after", "facilitator"]


def everyone(answer):
    return dict.fromkeys(ROLES, answer)


def signed_in(answer, anonymous=LOGIN):
    return {**dict.fromkeys(ROLES, answer), "anonymous": anonymous}


FACILITATOR_ONLY = {**signed_in(403), "facilitator": OK}
FACILITATOR_ONLY_API = {**signed_in(403, anonymous=401), "facilitator": OK}
TEAM_VISIBLE = {**signed_in(OK), "outsider": 404}
TEAM_ADMIN_API = {**FACILITATOR_ONLY_API, "outsider": 404}

VIEW = {**signed_in(OK), "outsider": 404, "assessor_before": 403}
VIEW_API = {**VIEW, "anonymous": 401}
# A host reads and comments like a commenter in a shared document: no history (issue 6).
HISTORY = {**VIEW, "host": 403}
HISTORY_API = {**HISTORY, "anonymous": 401}
EDIT = {**signed_in(OK), "outsider": 404, "host": 403, "assessor_before": 403, "assessor_after": 403}
EDIT_API = {**EDIT, "anonymous": 401}
COMMENT = {**EDIT, "host": OK}
COMMENT_API = {**COMMENT, "anonymous": 401}
# The review copy (issue 8): members and the host partner read the draft and its threads in Word.
REVIEW_COPY = {**EDIT, "host": OK}
REVIEW_COPY_API = {**REVIEW_COPY, "anonymous": 401}
# The comment in the fixture is the member's own: only they edit it; a facilitator may delete it.
OWN_COMMENT = {**COMMENT, "host": 403, "facilitator": 403}
OWN_COMMENT_OR_FACILITATOR = {**COMMENT, "host": 403}
# Only the team submits its work and confirms its declaration; a facilitator does not (issue 8).
SUBMIT = {**EDIT, "facilitator": 403}
SUBMIT_API = {**SUBMIT, "anonymous": 401}
REOPEN = {**FACILITATOR_ONLY, "outsider": 404}
REOPEN_API = {**REOPEN, "anonymous": 401}
# The Word report: before submission only the draft exists, for the team and facilitators; to
# anyone else there is no file (404), an assessor included. After it, the assessor's frozen file.
# (A host after submission is refused the frozen file, 403: tests/test_submission.py.)
WORD_REPORT = {**signed_in(OK), "outsider": 404, "host": 404, "assessor_before": 404}
WORD_REPORT_API = {**WORD_REPORT, "anonymous": 401}


@dataclass(frozen=True)
class Route:
    """One row of the matrix (see the module's docstring)."""

    url: str
    answers: dict[str, str | int]
    body: dict | Callable[[Objects], dict] | None = None
    ok: int | str = 200  # a status, or where a successful page redirects to ("*": any ending)


def _cohort_body(o) -> dict:
    return {"name": "Cohort Two", "starts_on": "2027-09-01", "ends_on": "2028-08-31"}


def _team_body(o) -> dict:
    return {"name": "Team Lighthouse", "cohort_id": o["cohort"], "host_organisation_id": o["org"],
            "review_title": "Joining up discharge"}


NEW_PASSWORD = {"password": "violet tractor moonlight harbour", "confirm": "violet tractor moonlight harbour"}
NEW_PERSON = {"email": "new.person@example.org", "name": "New Person", "role": "member"}
TEMPLATE_SECTION = {"title": "Appendix Z", "guidance": "Anything else.", "word_budget": "300"}
SECTION_PAGE = "/teams/{team}/report/{key}"
STAKEHOLDER_PAGE = "/teams/{team}/stakeholders/{stakeholder}"
NEW_STAKEHOLDER = {"name": "Dr Jo Bloggs", "organisation": "Eastfield ICB", "category": "icb", "power": "5",
                   "interest": "4", "attitude": "1", "desired_attitude": "2"}
NEW_STAKEHOLDER_JSON = {"name": "Dr Jo Bloggs", "organisation": "Eastfield ICB", "category": "icb", "power": 5,
                        "interest": 4, "attitude": 1, "desired_attitude": 2}


MAP_PAGE = "/teams/{team}/process-maps/{process_map}"
STEP_PAGE = MAP_PAGE + "/steps/{step}"
NEW_MAP = {"title": "Discharge to assess", "state": "current", "scope": "Ward to home", "mapped_on": "2026-11-30"}
NEW_MAP_JSON = {"title": "Discharge to assess", "state": "current",
                "steps": [{"lane": "Patient", "label": "Ready to go home", "kind": "start"},
                          {"lane": "Ward nurse", "label": "Discharge letter", "kind": "step", "minutes": 45},
                          {"lane": "Patient", "label": "Home", "kind": "end"}]}


MEASURE_PAGE = "/teams/{team}/qi/measures/{measure}"
NEW_MEASURE = {"name": "Discharges before noon", "kind": "outcome", "unit": "%", "better": "up", "target": "40",
               "chart": "auto"}
# QI plan (issue 11)
DRIVER = "/teams/{team}/qi/drivers/{driver}"
IDEA = "/teams/{team}/qi/change-ideas/{idea}"
CYCLE = "/teams/{team}/qi/pdsa/{cycle}"
NEW_AIM = {"what": "Reduce delayed discharges", "how_much": "by 20%", "by_when": "2027-03-31",
           "for_whom": "patients on Ward 7", "statement": "", "version": ""}


def _new_cycle(o) -> dict:
    return {"change_idea_id": str(o["idea"]), "follows_id": "", "title": "Weekend physio, week one",
            "status": "planned", "started_on": "2027-01-04", "version": ""}


def _reversed_order(o) -> dict:
    """The map's steps in reverse, from the version the map is at now."""
    process_map = db.session.get(ProcessMap, o["process_map"])
    return {"order": [s.id for s in reversed(process_queries.load(process_map).steps)], "version": process_map.version}


def _csv_upload(o) -> dict:
    return {"file": (io.BytesIO(b"name,category,power,interest\r\nDr Amy Lee,ICB,4,3\r\n"), "register.csv")}
T = "/teams/{team}"
A = "/api/v1/teams/{team}"

# --- QI, the log part ---
ACTION_PAGE = f"{T}/qi/actions/{{action}}"
NEW_ACTION = {"title": "Book the discharge huddle", "status": "open"}

MATRIX: dict[tuple[str, str], Route] = {
    ("GET", "/healthz"): Route("/healthz", everyone(OK)),
    ("GET", "/sign-in"): Route("/sign-in", {**signed_in(302), "anonymous": OK}),  # signed in: to the dashboard
    ("POST", "/sign-in"): Route("/sign-in", everyone(OK), {"email": "mo@example.org", "password": factories.PASSWORD}, ok="/"),
    ("POST", "/sign-out"): Route("/sign-out", signed_in(OK), ok="/sign-in"),
    # Opening an invitation while someone else is signed in changes nothing: they must first
    # sign out with a POST (issue 6), so a signed-in caller's password post is refused (409).
    ("GET", "/invitations/<token>"): Route("/invitations/{invitation}", everyone(OK)),
    ("POST", "/invitations/<token>"): Route("/invitations/{invitation}", {**signed_in(409), "anonymous": OK},
                                            NEW_PASSWORD, ok="/"),
    ("POST", "/invitations/<token>/sign-out"): Route("/invitations/{invitation}/sign-out", everyone(OK),
                                                     ok="/invitations/{invitation}"),
    ("GET", "/forgot-password"): Route("/forgot-password", everyone(OK)),
    ("POST", "/forgot-password"): Route("/forgot-password", everyone(OK), {"email": "someone@example.org"}),
    ("GET", "/reset-password/<token>"): Route("/reset-password/{reset}", everyone(OK)),
    ("POST", "/reset-password/<token>"): Route("/reset-password/{reset}", everyone(OK), NEW_PASSWORD, ok="/"),
    ("GET", "/account"): Route("/account", signed_in(OK)),
    ("POST", "/account/name"): Route("/account/name", signed_in(OK), {"name": "Renamed Person"}, ok="/account"),
    ("POST", "/account/password"): Route("/account/password", signed_in(OK),
                                         {"current_password": factories.PASSWORD, **NEW_PASSWORD}, ok="/account"),
    ("POST", "/account/tokens"): Route("/account/tokens", signed_in(OK), {"token_name": "Sync script"}, ok=201),
    ("POST", "/account/tokens/<int:token_id>/revoke"): Route("/account/tokens/{token}/revoke", signed_in(OK), ok="/account"),
    ("GET", "/"): Route("/", signed_in(OK)),
    ("GET", "/teams/<int:team_id>"): Route(T, TEAM_VISIBLE),
    # --- facilitators' pages ---
    ("GET", "/admin/cohorts"): Route("/admin/cohorts", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts"): Route("/admin/cohorts", FACILITATOR_ONLY, _cohort_body, ok="/admin/cohorts"),
    ("GET", "/admin/cohorts/<int:cohort_id>/edit"): Route("/admin/cohorts/{cohort}/edit", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/edit"): Route("/admin/cohorts/{cohort}/edit", FACILITATOR_ONLY, _cohort_body, ok="/admin/cohorts"),
    ("GET", "/admin/organisations"): Route("/admin/organisations", FACILITATOR_ONLY),
    ("POST", "/admin/organisations"): Route("/admin/organisations", FACILITATOR_ONLY,
                                            {"name": "Northgate PCN", "kind": "PCN"}, ok="/admin/organisations"),
    ("GET", "/admin/organisations/<int:organisation_id>/edit"): Route("/admin/organisations/{org}/edit", FACILITATOR_ONLY),
    ("POST", "/admin/organisations/<int:organisation_id>/edit"): Route("/admin/organisations/{org}/edit", FACILITATOR_ONLY,
                                                                       {"name": "Riverside NHS Trust", "kind": "acute trust"},
                                                                       ok="/admin/organisations"),
    ("GET", "/admin/teams"): Route("/admin/teams", FACILITATOR_ONLY),
    ("GET", "/admin/teams/new"): Route("/admin/teams/new", FACILITATOR_ONLY),
    ("POST", "/admin/teams/new"): Route("/admin/teams/new", FACILITATOR_ONLY, _team_body, ok="/admin/teams/*"),
    ("GET", "/admin/teams/<int:team_id>"): Route("/admin/teams/{team}", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/edit"): Route("/admin/teams/{team}/edit", FACILITATOR_ONLY, _team_body, ok="/admin/teams/{team}"),
    ("GET", "/admin/teams/<int:team_id>/delete"): Route("/admin/teams/{team}/delete", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/delete"): Route("/admin/teams/{team}/delete", FACILITATOR_ONLY, ok="/admin/teams"),
    ("POST", "/admin/teams/<int:team_id>/members"): Route("/admin/teams/{team}/members", FACILITATOR_ONLY, NEW_PERSON, ok=201),
    ("POST", "/admin/teams/<int:team_id>/members/<int:user_id>/role"): Route(
        "/admin/teams/{team}/members/{member}/role", FACILITATOR_ONLY,
        lambda o: {f"m{o['membership']}-role": "host"}, ok="/admin/teams/{team}"),
    ("GET", "/admin/teams/<int:team_id>/members/<int:user_id>/remove"): Route("/admin/teams/{team}/members/{member}/remove", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/members/<int:user_id>/remove"): Route("/admin/teams/{team}/members/{member}/remove",
                                                                               FACILITATOR_ONLY, ok="/admin/teams/{team}"),
    ("GET", "/admin/people"): Route("/admin/people", FACILITATOR_ONLY),
    ("GET", "/admin/people/<int:user_id>"): Route("/admin/people/{person}", FACILITATOR_ONLY),
    ("POST", "/admin/people/<int:user_id>/invitation"): Route("/admin/people/{invitee}/invitation", FACILITATOR_ONLY, ok=201),
    ("POST", "/admin/people/<int:user_id>/password-reset"): Route("/admin/people/{person}/password-reset",
                                                                  FACILITATOR_ONLY, ok=201),
    ("GET", "/admin/people/<int:user_id>/close"): Route("/admin/people/{person}/close", FACILITATOR_ONLY),
    ("POST", "/admin/people/<int:user_id>/close"): Route("/admin/people/{person}/close", FACILITATOR_ONLY, ok="/admin/people/{person}"),
    ("POST", "/admin/people/<int:user_id>/reopen"): Route("/admin/people/{closed_person}/reopen", FACILITATOR_ONLY,
                                                          ok="/admin/people/{closed_person}"),
    ("GET", "/admin/audit"): Route("/admin/audit", FACILITATOR_ONLY),
    ("GET", "/admin/cohorts/<int:cohort_id>/report"): Route("/admin/cohorts/{cohort}/report", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/rules"): Route(
        "/admin/cohorts/{cohort}/report/rules", FACILITATOR_ONLY, {"word_limit": "6000", "tolerance_percent": "5"},
        ok="/admin/cohorts/{cohort}/report"),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections"): Route(
        "/admin/cohorts/{cohort}/report/sections", FACILITATOR_ONLY, TEMPLATE_SECTION, ok="/admin/cohorts/{cohort}/report"),
    ("GET", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>"): Route(
        "/admin/cohorts/{cohort}/report/sections/{template}", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>"): Route(
        "/admin/cohorts/{cohort}/report/sections/{template}", FACILITATOR_ONLY, TEMPLATE_SECTION, ok="/admin/cohorts/{cohort}/report"),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>/move"): Route(
        "/admin/cohorts/{cohort}/report/sections/{template}/move", FACILITATOR_ONLY, {"direction": "down"},
        ok="/admin/cohorts/{cohort}/report#row-{template}"),
    ("GET", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>/remove"): Route(
        "/admin/cohorts/{cohort}/report/sections/{template}/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>/remove"): Route(
        "/admin/cohorts/{cohort}/report/sections/{template}/remove", FACILITATOR_ONLY, ok="/admin/cohorts/{cohort}/report"),
    # --- the report ---
    ("GET", "/teams/<int:team_id>/report"): Route(f"{T}/report", VIEW),
    ("POST", "/teams/<int:team_id>/report"): Route(f"{T}/report", EDIT, {"title": "Patient stories"}, ok=f"{T}/report/patient-stories"),
    ("GET", "/teams/<int:team_id>/report/<key>"): Route(SECTION_PAGE, VIEW),
    ("POST", "/teams/<int:team_id>/report/<key>"): Route(SECTION_PAGE, EDIT, lambda o: {"body": "New text.", "base_version": o["latest"]},
                                                         ok=SECTION_PAGE),
    ("POST", "/teams/<int:team_id>/report/<key>/status"): Route(f"{SECTION_PAGE}/status", EDIT, {"status": "final"}, ok=SECTION_PAGE),
    ("GET", "/teams/<int:team_id>/report/<key>/remove"): Route(f"{SECTION_PAGE}/remove", EDIT),
    ("POST", "/teams/<int:team_id>/report/<key>/remove"): Route(f"{SECTION_PAGE}/remove", EDIT, ok=f"{T}/report"),
    ("GET", "/teams/<int:team_id>/report/<key>/history"): Route(f"{SECTION_PAGE}/history", HISTORY),
    ("GET", "/teams/<int:team_id>/report/<key>/history/compare"): Route(f"{SECTION_PAGE}/history/compare?from=1&to={{latest}}", HISTORY),
    ("POST", "/teams/<int:team_id>/report/<key>/history/<int:version>/restore"): Route(
        f"{SECTION_PAGE}/history/{{version}}/restore", EDIT, ok=f"{SECTION_PAGE}/history"),
    ("POST", "/teams/<int:team_id>/report/<key>/comments"): Route(f"{SECTION_PAGE}/comments", COMMENT, {"body": "A reply"},
                                                                  ok=f"{SECTION_PAGE}#comment-*"),
    ("GET", "/teams/<int:team_id>/comments"): Route(f"{T}/comments", VIEW),
    ("GET", "/teams/<int:team_id>/comments/<int:comment_id>/edit"): Route(f"{T}/comments/{{comment}}/edit", OWN_COMMENT),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/edit"): Route(f"{T}/comments/{{comment}}/edit", OWN_COMMENT,
                                                                           {"body": "Changed"}, ok=f"{SECTION_PAGE}#comment-{{comment}}"),
    ("GET", "/teams/<int:team_id>/comments/<int:comment_id>/delete"): Route(f"{T}/comments/{{comment}}/delete", OWN_COMMENT_OR_FACILITATOR),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/delete"): Route(f"{T}/comments/{{comment}}/delete",
                                                                             OWN_COMMENT_OR_FACILITATOR, ok=f"{SECTION_PAGE}#comment-{{comment}}"),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/resolve"): Route(f"{T}/comments/{{comment}}/resolve", COMMENT,
                                                                              ok=f"{SECTION_PAGE}#comment-{{comment}}"),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/reopen"): Route(f"{T}/comments/{{comment}}/reopen", COMMENT,
                                                                             ok=f"{SECTION_PAGE}#comment-{{comment}}"),
    # --- submission and the Word report ---
    ("GET", "/teams/<int:team_id>/submission"): Route(f"{T}/submission", VIEW),
    ("POST", "/teams/<int:team_id>/submission"): Route(f"{T}/submission", SUBMIT, ok=f"{T}/submission"),
    ("GET", "/teams/<int:team_id>/submissions/<int:submission_id>/reopen"): Route(
        f"{T}/submissions/{{submission}}/reopen", REOPEN),
    ("POST", "/teams/<int:team_id>/submissions/<int:submission_id>/reopen"): Route(
        f"{T}/submissions/{{submission}}/reopen", REOPEN, {"reason": "The appendix was missing."}, ok=f"{T}/submission"),
    ("GET", "/teams/<int:team_id>/report.docx"): Route(f"{T}/report.docx", WORD_REPORT),
    # --- the Word export (issue 8) ---
    ("GET", "/teams/<int:team_id>/report/review-copy.docx"): Route(f"{T}/report/review-copy.docx", REVIEW_COPY),
    ("GET", "/teams/<int:team_id>/report/export/settings"): Route(f"{T}/report/export/settings", EDIT),
    ("POST", "/teams/<int:team_id>/report/export/settings"): Route(f"{T}/report/export/settings", EDIT,
                                                                   ok=f"{T}/report/export/settings"),
    # --- stakeholder maps (issue 9): read with the report, changed by the team, commented on by the host ---
    ("GET", "/teams/<int:team_id>/stakeholders"): Route(f"{T}/stakeholders", VIEW),
    ("GET", "/teams/<int:team_id>/stakeholders/new"): Route(f"{T}/stakeholders/new", EDIT),
    ("POST", "/teams/<int:team_id>/stakeholders/new"): Route(f"{T}/stakeholders/new", EDIT, NEW_STAKEHOLDER,
                                                             ok=f"{T}/stakeholders/*"),
    ("POST", "/teams/<int:team_id>/stakeholders/import"): Route(f"{T}/stakeholders/import", EDIT, _csv_upload,
                                                                ok=f"{T}/stakeholders"),
    ("GET", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>"): Route(STAKEHOLDER_PAGE, VIEW),
    ("GET", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/edit"): Route(f"{STAKEHOLDER_PAGE}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/edit"): Route(
        f"{STAKEHOLDER_PAGE}/edit", EDIT, NEW_STAKEHOLDER, ok=STAKEHOLDER_PAGE),
    ("GET", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/delete"): Route(f"{STAKEHOLDER_PAGE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/delete"): Route(
        f"{STAKEHOLDER_PAGE}/delete", EDIT, ok=f"{T}/stakeholders"),
    ("POST", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/links"): Route(
        f"{STAKEHOLDER_PAGE}/links", EDIT, lambda o: {"relation": "works_with", "other_id": str(o["other_stakeholder"])},
        ok=f"{STAKEHOLDER_PAGE}#links"),
    ("GET", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/links/<int:link_id>/remove"): Route(
        f"{STAKEHOLDER_PAGE}/links/{{link}}/remove", EDIT),
    ("POST", "/teams/<int:team_id>/stakeholders/<int:stakeholder_id>/links/<int:link_id>/remove"): Route(
        f"{STAKEHOLDER_PAGE}/links/{{link}}/remove", EDIT, ok=f"{STAKEHOLDER_PAGE}#links"),
    ("GET", "/teams/<int:team_id>/stakeholders/grid"): Route(f"{T}/stakeholders/grid", VIEW),
    ("GET", "/teams/<int:team_id>/stakeholders/network"): Route(f"{T}/stakeholders/network", VIEW),
    ("GET", "/teams/<int:team_id>/stakeholders/then-and-now"): Route(f"{T}/stakeholders/then-and-now", VIEW),
    ("GET", "/teams/<int:team_id>/stakeholders/nine-cs"): Route(f"{T}/stakeholders/nine-cs", VIEW),
    ("POST", "/teams/<int:team_id>/comments/on/<target_type>/<int:target_id>"): Route(
        f"{T}/comments/on/stakeholder/{{stakeholder}}", COMMENT, {"body": "Who else sits on that board?"},
        ok=f"{STAKEHOLDER_PAGE}#comment-*"),
    # --- process maps (issue 10): read with the report, changed by the team, commented on by the host ---
    ("GET", "/teams/<int:team_id>/process-maps"): Route(f"{T}/process-maps", VIEW),
    # --- quality improvement (issue 11): each part of the package adds its rows in its own block ---
    ("GET", "/teams/<int:team_id>/qi"): Route(f"{T}/qi", VIEW),
    # --- quality improvement: measures (issue 11, the measures part) ---
    ("GET", "/teams/<int:team_id>/qi/measures"): Route(f"{T}/qi/measures", VIEW),
    ("GET", "/teams/<int:team_id>/qi/measures/new"): Route(f"{T}/qi/measures/new", EDIT),
    ("POST", "/teams/<int:team_id>/qi/measures/new"): Route(f"{T}/qi/measures/new", EDIT, NEW_MEASURE,
                                                            ok=f"{T}/qi/measures/*"),
    ("GET", "/teams/<int:team_id>/qi/measures/<int:measure_id>"): Route(MEASURE_PAGE, VIEW),
    ("GET", "/teams/<int:team_id>/qi/measures/<int:measure_id>/edit"): Route(f"{MEASURE_PAGE}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/edit"): Route(
        f"{MEASURE_PAGE}/edit", EDIT, NEW_MEASURE, ok=MEASURE_PAGE),
    ("GET", "/teams/<int:team_id>/qi/measures/<int:measure_id>/delete"): Route(f"{MEASURE_PAGE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/delete"): Route(
        f"{MEASURE_PAGE}/delete", EDIT, ok=f"{T}/qi/measures"),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points"): Route(
        f"{MEASURE_PAGE}/points", EDIT, {"on": "2026-06-01", "value": "42%"}, ok=f"{MEASURE_PAGE}#points"),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points/import"): Route(
        f"{MEASURE_PAGE}/points/import", EDIT, {"csv": "date,value\n2026-06-01,42\n08/06/2026,43%"},
        ok=f"{MEASURE_PAGE}#points"),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points/<int:point_id>/flag"): Route(
        f"{MEASURE_PAGE}/points/{{point}}/flag", EDIT, {"flag": "rebase", "on": "1"},
        ok=f"{MEASURE_PAGE}#point-{{point}}"),
    ("GET", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points/<int:point_id>/edit"): Route(
        f"{MEASURE_PAGE}/points/{{point}}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points/<int:point_id>/edit"): Route(
        f"{MEASURE_PAGE}/points/{{point}}/edit", EDIT, {"value": "44.5", "note": "recounted"},
        ok=f"{MEASURE_PAGE}#point-{{point}}"),
    ("GET", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points/<int:point_id>/delete"): Route(
        f"{MEASURE_PAGE}/points/{{point}}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/points/<int:point_id>/delete"): Route(
        f"{MEASURE_PAGE}/points/{{point}}/delete", EDIT, ok=f"{MEASURE_PAGE}#points"),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/annotations"): Route(
        f"{MEASURE_PAGE}/annotations", EDIT, {"on": "2026-02-01", "label": "Checklist live"},
        ok=f"{MEASURE_PAGE}#annotations"),
    ("GET", "/teams/<int:team_id>/qi/measures/<int:measure_id>/annotations/<int:annotation_id>/delete"): Route(
        f"{MEASURE_PAGE}/annotations/{{annotation}}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/measures/<int:measure_id>/annotations/<int:annotation_id>/delete"): Route(
        f"{MEASURE_PAGE}/annotations/{{annotation}}/delete", EDIT, ok=f"{MEASURE_PAGE}#annotations"),
    ("GET", "/api/v1/teams/<int:team_id>/measures"): Route(f"{A}/measures", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/measures"): Route(f"{A}/measures", EDIT_API, NEW_MEASURE, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/measures/<int:measure_id>"): Route(f"{A}/measures/{{measure}}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/measures/<int:measure_id>"): Route(
        f"{A}/measures/{{measure}}", EDIT_API, {"name": "Discharges before 11am", "target": 50}),
    ("DELETE", "/api/v1/teams/<int:team_id>/measures/<int:measure_id>"): Route(
        f"{A}/measures/{{measure}}", EDIT_API, ok=204),
    ("POST", "/api/v1/teams/<int:team_id>/measures/<int:measure_id>/points"): Route(
        f"{A}/measures/{{measure}}/points", EDIT_API, {"points": [{"on": "2026-06-01", "value": 42}]}, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/measures/<int:measure_id>/analysis"): Route(
        f"{A}/measures/{{measure}}/analysis", VIEW_API),
    # --- QI plan (issue 11): the aim, the driver diagram, change ideas, PDSA cycles ---
    ("GET", "/teams/<int:team_id>/qi/aim"): Route(f"{T}/qi/aim", VIEW),
    ("POST", "/teams/<int:team_id>/qi/aim"): Route(f"{T}/qi/aim", EDIT, NEW_AIM, ok=f"{T}/qi/aim"),
    ("GET", "/teams/<int:team_id>/qi/drivers"): Route(f"{T}/qi/drivers", VIEW),
    ("POST", "/teams/<int:team_id>/qi/drivers"): Route(f"{T}/qi/drivers", EDIT, {"title": "Workforce"},
                                                       ok=f"{T}/qi/drivers#driver-*"),
    ("POST", "/teams/<int:team_id>/qi/drivers/<int:driver_id>/rename"): Route(
        f"{DRIVER}/rename", EDIT, {"title": "Timely assessment of needs"}, ok=f"{T}/qi/drivers#driver-{{driver}}"),
    ("POST", "/teams/<int:team_id>/qi/drivers/<int:driver_id>/move"): Route(
        f"{DRIVER}/move", EDIT, {"direction": "down"}, ok=f"{T}/qi/drivers#driver-{{driver}}"),
    ("POST", "/teams/<int:team_id>/qi/drivers/<int:driver_id>/parent"): Route(
        f"{T}/qi/drivers/{{secondary}}/parent", EDIT, lambda o: {"parent_id": str(o["other_driver"])},
        ok=f"{T}/qi/drivers#driver-{{secondary}}"),
    ("GET", "/teams/<int:team_id>/qi/drivers/<int:driver_id>/delete"): Route(f"{DRIVER}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/drivers/<int:driver_id>/delete"): Route(
        f"{DRIVER}/delete", EDIT, ok=f"{T}/qi/drivers#drivers-tree"),
    ("POST", "/teams/<int:team_id>/qi/change-ideas"): Route(f"{T}/qi/change-ideas", EDIT, {"title": "Weekend physio"},
                                                            ok=f"{T}/qi/drivers#idea-*"),
    ("GET", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>"): Route(IDEA, VIEW),
    ("GET", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>/edit"): Route(f"{IDEA}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>/edit"): Route(
        f"{IDEA}/edit", EDIT, {"title": "Saturday physio on two wards", "description": "", "driver_id": ""}, ok=IDEA),
    ("POST", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>/move"): Route(
        f"{IDEA}/move", EDIT, {"direction": "up"}, ok=f"{T}/qi/drivers#idea-{{idea}}"),
    ("POST", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>/place"): Route(
        f"{IDEA}/place", EDIT, {"driver_id": ""}, ok=f"{T}/qi/drivers#idea-{{idea}}"),
    ("GET", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>/delete"): Route(f"{IDEA}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/change-ideas/<int:idea_id>/delete"): Route(
        f"{IDEA}/delete", EDIT, ok=f"{T}/qi/drivers#drivers-tree"),
    ("POST", "/teams/<int:team_id>/qi/pain-points/<int:note_id>/change-idea"): Route(
        f"{T}/qi/pain-points/{{note}}/change-idea", EDIT, ok=f"{T}/qi/change-ideas/*"),
    ("GET", "/teams/<int:team_id>/qi/pdsa"): Route(f"{T}/qi/pdsa", VIEW),
    ("GET", "/teams/<int:team_id>/qi/pdsa/new"): Route(f"{T}/qi/pdsa/new", EDIT),
    ("POST", "/teams/<int:team_id>/qi/pdsa/new"): Route(f"{T}/qi/pdsa/new", EDIT, _new_cycle, ok=f"{T}/qi/pdsa/*"),
    ("GET", "/teams/<int:team_id>/qi/pdsa/<int:cycle_id>"): Route(CYCLE, VIEW),
    ("GET", "/teams/<int:team_id>/qi/pdsa/<int:cycle_id>/edit"): Route(f"{CYCLE}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/qi/pdsa/<int:cycle_id>/edit"): Route(
        f"{CYCLE}/edit", EDIT, lambda o: {**_new_cycle(o), "status": "running"}, ok=CYCLE),
    ("GET", "/teams/<int:team_id>/qi/pdsa/<int:cycle_id>/delete"): Route(f"{CYCLE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/pdsa/<int:cycle_id>/delete"): Route(f"{CYCLE}/delete", EDIT, ok=f"{T}/qi/pdsa"),
    # --- QI, the log part: the action log, its API (the overview is the row above) ---
    ("GET", "/teams/<int:team_id>/qi/actions"): Route(f"{T}/qi/actions", VIEW),
    ("GET", "/teams/<int:team_id>/qi/actions.csv"): Route(f"{T}/qi/actions.csv", VIEW),
    ("GET", "/teams/<int:team_id>/qi/actions/new"): Route(f"{T}/qi/actions/new", EDIT),
    ("POST", "/teams/<int:team_id>/qi/actions/new"): Route(f"{T}/qi/actions/new", EDIT, NEW_ACTION,
                                                           ok=f"{T}/qi/actions/*"),
    ("GET", "/teams/<int:team_id>/qi/actions/<int:action_id>"): Route(ACTION_PAGE, VIEW),
    ("GET", "/teams/<int:team_id>/qi/actions/<int:action_id>/edit"): Route(f"{ACTION_PAGE}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/qi/actions/<int:action_id>/edit"): Route(
        f"{ACTION_PAGE}/edit", EDIT, NEW_ACTION, ok=ACTION_PAGE),
    ("POST", "/teams/<int:team_id>/qi/actions/<int:action_id>/status"): Route(
        f"{ACTION_PAGE}/status", EDIT, {"status": "done"}, ok=f"{T}/qi/actions#action-{{action}}"),
    ("GET", "/teams/<int:team_id>/qi/actions/<int:action_id>/delete"): Route(f"{ACTION_PAGE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/qi/actions/<int:action_id>/delete"): Route(
        f"{ACTION_PAGE}/delete", EDIT, ok=f"{T}/qi/actions"),
    ("GET", "/api/v1/teams/<int:team_id>/actions"): Route(f"{A}/actions", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/actions"): Route(f"{A}/actions", EDIT_API, NEW_ACTION, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/actions/<int:action_id>"): Route(f"{A}/actions/{{action}}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/actions/<int:action_id>"): Route(
        f"{A}/actions/{{action}}", EDIT_API, {"status": "blocked"}),
    ("DELETE", "/api/v1/teams/<int:team_id>/actions/<int:action_id>"): Route(f"{A}/actions/{{action}}", EDIT_API,
                                                                              ok=204),
    ("GET", "/teams/<int:team_id>/process-maps/new"): Route(f"{T}/process-maps/new", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/new"): Route(f"{T}/process-maps/new", EDIT, NEW_MAP,
                                                             ok=f"{T}/process-maps/*"),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>"): Route(MAP_PAGE, VIEW),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/print"): Route(f"{MAP_PAGE}/print", VIEW),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/steps.csv"): Route(f"{MAP_PAGE}/steps.csv", VIEW),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/compare"): Route(f"{MAP_PAGE}/compare", VIEW),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/details"): Route(f"{MAP_PAGE}/details", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/details"): Route(
        f"{MAP_PAGE}/details", EDIT, NEW_MAP, ok=MAP_PAGE),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/delete"): Route(f"{MAP_PAGE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/delete"): Route(
        f"{MAP_PAGE}/delete", EDIT, ok=f"{T}/process-maps"),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/edit"): Route(f"{MAP_PAGE}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/lanes"): Route(
        f"{MAP_PAGE}/lanes", EDIT, {"name": "Porter"}, ok=f"{MAP_PAGE}/edit#lanes"),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/lanes/<int:lane_id>/rename"): Route(
        f"{MAP_PAGE}/lanes/{{lane}}/rename", EDIT, {"name": "District nurse"}, ok=f"{MAP_PAGE}/edit#lanes"),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/lanes/<int:lane_id>/move"): Route(
        f"{MAP_PAGE}/lanes/{{lane}}/move", EDIT, {"direction": "up"}, ok=f"{MAP_PAGE}/edit#lanes"),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/lanes/<int:lane_id>/delete"): Route(
        f"{MAP_PAGE}/lanes/{{empty_lane}}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/lanes/<int:lane_id>/delete"): Route(
        f"{MAP_PAGE}/lanes/{{empty_lane}}/delete", EDIT, ok=f"{MAP_PAGE}/edit#lanes"),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/steps"): Route(
        f"{MAP_PAGE}/steps", EDIT, lambda o: {"label": "Porter collects", "lane": str(o["lane"]), "kind": "step",
                                              "minutes": "20", "unit": "minutes"}, ok=f"{MAP_PAGE}/edit#step-*"),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>"): Route(STEP_PAGE, EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>"): Route(
        STEP_PAGE, EDIT, lambda o: {"label": "Triage call", "lane": str(o["lane"]), "kind": "step", "minutes": "1",
                                    "unit": "hours"}, ok=f"{MAP_PAGE}/edit#step-{{step}}"),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>/move"): Route(
        f"{STEP_PAGE}/move", EDIT, {"direction": "down"}, ok=f"{MAP_PAGE}/edit#step-{{step}}"),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>/delete"): Route(f"{STEP_PAGE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>/delete"): Route(
        f"{STEP_PAGE}/delete", EDIT, ok=f"{MAP_PAGE}/edit#steps"),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>/branches"): Route(
        f"{STEP_PAGE}/branches", EDIT, lambda o: {"target": [str(o["other_step"])], "label": ["yes"]},
        ok=f"{STEP_PAGE}#branches"),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/steps/<int:step_id>/notes"): Route(
        f"{STEP_PAGE}/notes", EDIT, {"kind": "pain_point", "body": "The referral letter is faxed"},
        ok=f"{STEP_PAGE}#notes"),
    ("GET", "/teams/<int:team_id>/process-maps/<int:map_id>/notes/<int:note_id>/delete"): Route(
        f"{MAP_PAGE}/notes/{{note}}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/process-maps/<int:map_id>/notes/<int:note_id>/delete"): Route(
        f"{MAP_PAGE}/notes/{{note}}/delete", EDIT, ok=f"{STEP_PAGE}#notes"),
    ("GET", "/notifications"): Route("/notifications", signed_in(OK)),
    ("POST", "/notifications/read"): Route("/notifications/read", signed_in(OK), ok="/notifications"),
    # --- API ---
    ("GET", "/api/v1/openapi.json"): Route("/api/v1/openapi.json", everyone(OK)),
    ("GET", "/api/v1/me"): Route("/api/v1/me", signed_in(OK, anonymous=401)),
    ("GET", "/api/v1/cohorts"): Route("/api/v1/cohorts", FACILITATOR_ONLY_API),
    ("POST", "/api/v1/cohorts"): Route("/api/v1/cohorts", FACILITATOR_ONLY_API, _cohort_body, ok=201),
    ("GET", "/api/v1/organisations"): Route("/api/v1/organisations", FACILITATOR_ONLY_API),
    ("POST", "/api/v1/organisations"): Route("/api/v1/organisations", FACILITATOR_ONLY_API, {"name": "Northgate PCN", "kind": "PCN"}, ok=201),
    ("GET", "/api/v1/teams"): Route("/api/v1/teams", signed_in(OK, anonymous=401)),
    ("POST", "/api/v1/teams"): Route("/api/v1/teams", FACILITATOR_ONLY_API, _team_body, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>"): Route(A, {**TEAM_VISIBLE, "anonymous": 401}),
    ("POST", "/api/v1/teams/<int:team_id>/members"): Route(f"{A}/members", TEAM_ADMIN_API, NEW_PERSON, ok=201),
    ("DELETE", "/api/v1/teams/<int:team_id>/members/<int:user_id>"): Route(f"{A}/members/{{member}}", TEAM_ADMIN_API, ok=204),
    ("GET", "/api/v1/teams/<int:team_id>/sections"): Route(f"{A}/sections", VIEW_API),
    ("GET", "/api/v1/teams/<int:team_id>/sections/<key>"): Route(f"{A}/sections/{{key}}", VIEW_API),
    ("PUT", "/api/v1/teams/<int:team_id>/sections/<key>"): Route(f"{A}/sections/{{key}}", EDIT_API,
                                                                 lambda o: {"body": "New text.", "base_version": o["latest"]}),
    ("GET", "/api/v1/teams/<int:team_id>/sections/<key>/revisions"): Route(f"{A}/sections/{{key}}/revisions", HISTORY_API),
    ("GET", "/api/v1/teams/<int:team_id>/sections/<key>/revisions/<int:version>"): Route(
        f"{A}/sections/{{key}}/revisions/{{version}}", HISTORY_API),
    ("POST", "/api/v1/teams/<int:team_id>/sections/<key>/presence"): Route(f"{A}/sections/{{key}}/presence", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/preview"): Route(f"{A}/preview", VIEW_API, {"body": "Some *text*."}),
    ("GET", "/api/v1/teams/<int:team_id>/comments"): Route(f"{A}/comments", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/comments"): Route(
        f"{A}/comments", COMMENT_API, lambda o: {"target": {"type": "section", "id": o["section"]}, "body": "A comment"}, ok=201),
    ("POST", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>/resolve"): Route(f"{A}/comments/{{comment}}/resolve", COMMENT_API),
    ("POST", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>/reopen"): Route(f"{A}/comments/{{comment}}/reopen", COMMENT_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>"): Route(
        f"{A}/comments/{{comment}}", {**OWN_COMMENT, "anonymous": 401}, {"body": "Changed"}),
    ("DELETE", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>"): Route(
        f"{A}/comments/{{comment}}", {**OWN_COMMENT_OR_FACILITATOR, "anonymous": 401}, ok=204),
    ("GET", "/api/v1/teams/<int:team_id>/submission"): Route(f"{A}/submission", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/submission"): Route(f"{A}/submission", SUBMIT_API, {}, ok=201),
    ("POST", "/api/v1/teams/<int:team_id>/submissions/<int:submission_id>/reopen"): Route(
        f"{A}/submissions/{{submission}}/reopen", REOPEN_API, {"reason": "The appendix was missing."}),
    ("GET", "/api/v1/teams/<int:team_id>/report.docx"): Route(f"{A}/report.docx", WORD_REPORT_API),
    ("GET", "/api/v1/teams/<int:team_id>/report/review-copy.docx"): Route(f"{A}/report/review-copy.docx", REVIEW_COPY_API),
    ("GET", "/api/v1/teams/<int:team_id>/stakeholders"): Route(f"{A}/stakeholders", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/stakeholders"): Route(f"{A}/stakeholders", EDIT_API, NEW_STAKEHOLDER_JSON, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/stakeholders/<int:stakeholder_id>"): Route(f"{A}/stakeholders/{{stakeholder}}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/stakeholders/<int:stakeholder_id>"): Route(
        f"{A}/stakeholders/{{stakeholder}}", EDIT_API, {"power": 2, "interest": 5}),
    ("DELETE", "/api/v1/teams/<int:team_id>/stakeholders/<int:stakeholder_id>"): Route(
        f"{A}/stakeholders/{{stakeholder}}", EDIT_API, ok=204),
    ("GET", "/api/v1/teams/<int:team_id>/process-maps"): Route(f"{A}/process-maps", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/process-maps"): Route(f"{A}/process-maps", EDIT_API, NEW_MAP_JSON, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/process-maps/<int:map_id>"): Route(f"{A}/process-maps/{{process_map}}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/process-maps/<int:map_id>"): Route(
        f"{A}/process-maps/{{process_map}}", EDIT_API, {"title": "Referral, as it is today"}),
    ("DELETE", "/api/v1/teams/<int:team_id>/process-maps/<int:map_id>"): Route(
        f"{A}/process-maps/{{process_map}}", EDIT_API, ok=204),
    ("PUT", "/api/v1/teams/<int:team_id>/process-maps/<int:map_id>/order"): Route(
        f"{A}/process-maps/{{process_map}}/order", EDIT_API, _reversed_order),
    ("GET", "/api/v1/teams/<int:team_id>/stakeholder-links"): Route(f"{A}/stakeholder-links", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/stakeholder-links"): Route(
        f"{A}/stakeholder-links", EDIT_API,
        lambda o: {"source_id": o["other_stakeholder"], "target_id": o["stakeholder"], "kind": "reports_to"}, ok=201),
    ("DELETE", "/api/v1/teams/<int:team_id>/stakeholder-links/<int:link_id>"): Route(f"{A}/stakeholder-links/{{link}}", EDIT_API, ok=204),
    ("GET", "/api/v1/teams/<int:team_id>/stakeholders.csv"): Route(f"{A}/stakeholders.csv", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/stakeholders.csv"): Route(
        f"{A}/stakeholders.csv", EDIT_API, {"csv": "name,category,power,interest\nDr Amy Lee,ICB,4,3\n"}),
    # --- QI plan (issue 11): PDSA cycles and the driver diagram ---
    ("GET", "/api/v1/teams/<int:team_id>/pdsa"): Route(f"{A}/pdsa", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/pdsa"): Route(
        f"{A}/pdsa", EDIT_API, lambda o: {"change_idea_id": o["idea"], "title": "Weekend physio, week one"}, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/pdsa/<int:cycle_id>"): Route(f"{A}/pdsa/{{cycle}}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/pdsa/<int:cycle_id>"): Route(
        f"{A}/pdsa/{{cycle}}", EDIT_API, {"status": "running", "act": "adapt"}),
    ("DELETE", "/api/v1/teams/<int:team_id>/pdsa/<int:cycle_id>"): Route(f"{A}/pdsa/{{cycle}}", EDIT_API, ok=204),
    ("GET", "/api/v1/teams/<int:team_id>/driver-diagram"): Route(f"{A}/driver-diagram", VIEW_API),
    ("GET", "/api/v1/teams/<int:team_id>/aim"): Route(f"{A}/aim", VIEW_API),
    ("PUT", "/api/v1/teams/<int:team_id>/aim"): Route(f"{A}/aim", EDIT_API, {**NEW_AIM, "version": 0}),
    ("POST", "/api/v1/teams/<int:team_id>/drivers"): Route(
        f"{A}/drivers", EDIT_API, lambda o: {"title": "Weekend discharge", "parent_id": o["driver"]}, ok=201),
    ("PATCH", "/api/v1/teams/<int:team_id>/drivers/<int:driver_id>"): Route(
        f"{A}/drivers/{{driver}}", EDIT_API, {"title": "Assessment on time", "move": "down"}),
    ("DELETE", "/api/v1/teams/<int:team_id>/drivers/<int:driver_id>"): Route(f"{A}/drivers/{{driver}}", EDIT_API, ok=204),
    ("POST", "/api/v1/teams/<int:team_id>/change-ideas"): Route(
        f"{A}/change-ideas", EDIT_API, lambda o: {"title": "Sunday pharmacy", "driver_id": o["secondary"]}, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/change-ideas/<int:idea_id>"): Route(f"{A}/change-ideas/{{idea}}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/change-ideas/<int:idea_id>"): Route(
        f"{A}/change-ideas/{{idea}}", EDIT_API, {"description": "Two physios", "driver_id": None}),
    ("DELETE", "/api/v1/teams/<int:team_id>/change-ideas/<int:idea_id>"): Route(
        f"{A}/change-ideas/{{idea}}", EDIT_API, ok=204),
    ("GET", "/api/v1/notifications"): Route("/api/v1/notifications", signed_in(OK, anonymous=401)),
    ("POST", "/api/v1/notifications/read"): Route("/api/v1/notifications/read", signed_in(OK, anonymous=401), {}),
}


# --- the records a route needs ---------------------------------------------------------------


class Objects(dict):
    """The ids a route's URL and body need, each made the first time it is asked for.

    `team` is the team whose records these are, `writer` a member of it, `caller` the person
    making the request (None when anonymous), `cohort_id` the cohort whose template is used.
    """

    def __init__(self, world: World, team: Team, writer: User, caller: User | None, cohort_id: int):
        super().__init__()
        self.world, self.team, self.writer, self.caller, self.cohort_id = world, team, writer, caller, cohort_id

    def __missing__(self, name: str):
        self.update(MAKERS[name](self))
        return self[name]


def _section(o: Objects) -> dict:
    """A team section of the team's own (a title per team, so keys differ between teams), saved
    twice so there is history to compare and restore, with a comment by the writer."""
    section = report_ops.add_team_section(o.team, f"Notes of {o.team.name}", o.writer)
    report_ops.save_section(o.team, section.key, "Some text.", 0, o.writer)
    report_ops.save_section(o.team, section.key, "Some more text.", 1, o.writer)
    with current_app.test_request_context():  # comments link their notifications with url_for
        comment = comment_ops.add_comment(o.team, o.writer, section, "A comment", quote="Some")
    return {"key": section.key, "section": section.id, "version": 1, "latest": 2, "comment": comment.id}


def _stakeholders(o: Objects) -> dict:
    """Two stakeholders of the team's register, the first linked to the second."""
    first = stakeholder_ops.create(o.team, o.writer, {"name": f"Chief nurse of {o.team.name}", "category": "acute_trust",
                                                      "power": 5, "interest": 4}).stakeholder
    second = stakeholder_ops.create(o.team, o.writer, {"name": f"Ward managers of {o.team.name}",
                                                       "category": "staff_group", "power": 2, "interest": 5}).stakeholder
    link = stakeholder_ops.add_link(o.team, o.writer, first.id, second.id, "influences")
    return {"stakeholder": first.id, "other_stakeholder": second.id, "link": link.id}


def _process_map(o: Objects) -> dict:
    """A map of the team's with three lanes (the last one empty), three steps and a pain point."""
    made = process_ops.create_map(o.team, o.writer, {"title": f"Referral at {o.team.name}"}, lanes=[
        "Patient", "GP receptionist", "Pharmacy"], steps=[
        {"lane": "Patient", "label": "Asks for an appointment", "kind": "start"},
        {"lane": "GP receptionist", "label": "Books a call", "kind": "step", "minutes": 10,
         "pain_points": ["The phone queue opens at 8am"]},
        {"lane": "Patient", "label": "Seen", "kind": "end"}])
    data = process_queries.load(made)
    note = data.all_notes()[0]
    return {"process_map": made.id, "lane": data.lanes[1].id, "empty_lane": data.lanes[2].id,
            "step": data.steps[1].id, "other_step": data.steps[2].id, "note": note.id}


def _measure(o: Objects) -> dict:
    """A measure of the team's with three points and an annotation (the measures part of issue 11)."""
    measure = measure_ops.create_measure(o.team, o.writer, {"name": f"Discharges at {o.team.name}", "unit": "%"})
    measure_ops.add_points(o.team, measure, o.writer, [{"on": f"2026-01-0{d}", "value": d} for d in (5, 6, 7)])
    annotation = measure_ops.add_annotation(o.team, measure, o.writer, {"on": "2026-01-06", "label": "Huddle"})
    points = db.session.scalars(select(MeasurePoint.id).where(MeasurePoint.measure_id == measure.id)
                                .order_by(MeasurePoint.on_date)).all()
    return {"measure": measure.id, "point": points[1], "annotation": annotation.id}
def _qi_plan(o: Objects) -> dict:
    """QI plan (issue 11): two primary drivers, a secondary under the first with a change idea,
    and a PDSA cycle testing the idea."""
    driver = qi_plan_ops.add_driver(o.team, o.writer, f"Timely assessment at {o.team.name}")
    other = qi_plan_ops.add_driver(o.team, o.writer, "Family involvement")
    secondary = qi_plan_ops.add_driver(o.team, o.writer, "Therapy at the weekend", driver.id)
    idea = qi_plan_ops.add_idea(o.team, o.writer, {"title": "Saturday physio", "driver_id": secondary.id})
    cycle = qi_pdsa_ops.create_cycle(o.team, o.writer, {"change_idea_id": idea.id, "title": "One ward, one week"})
    return {"driver": driver.id, "other_driver": other.id, "secondary": secondary.id, "idea": idea.id,
            "cycle": cycle.id}


def _invitation(o: Objects) -> dict:
    invitee = factories.make_user("Ivy Invited", password=False)
    factories.add_member(o.team, invitee, "member")
    secret = issue_invitation(invitee, None)
    db.session.commit()
    return {"invitee": invitee.id, "invitation": secret}


def _reset(o: Objects) -> dict:
    person = factories.make_user("Rosa Reset")
    with current_app.test_request_context():  # the link is built with url_for
        link = resets.issue_by_facilitator(person, o.world.facilitator)
    return {"reset": link.url.rsplit("/", 1)[1]}


def _closed_person(o: Objects) -> dict:
    person = factories.make_user("Cal Closed")
    person.is_active = False
    db.session.commit()
    return {"closed_person": person.id}


def _membership(o: Objects) -> dict:
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == o.team.id, Membership.user_id == o.writer.id)
    )
    return {"membership": membership.id}


def _token(o: Objects) -> dict:
    return {"token": create_api_token(o.caller or o.writer, "matrix").token.id}


def _submission(o: Objects) -> dict:
    """The team's standing submission (the team submits if it has not yet)."""
    return {"submission": assessment_ops.submit(o.team, o.writer).submission.id}


def _also(maker, *names):
    return dict.fromkeys(names, maker)


MAKERS: dict[str, Callable[[Objects], dict]] = {
    "team": lambda o: {"team": o.team.id},
    "cohort": lambda o: {"cohort": o.cohort_id},
    "org": lambda o: {"org": o.team.host_organisation_id},
    "member": lambda o: {"member": o.writer.id},
    "person": lambda o: {"person": o.world.member.id},
    "template": lambda o: {"template": report_ops.template_for(db.session.get(Cohort, o.cohort_id))[1].id},
    "membership": _membership,
    "token": _token,
    "closed_person": _closed_person,
    "reset": _reset,
    "submission": _submission,
    **_also(_section, "key", "section", "version", "latest", "comment"),
    **_also(_invitation, "invitee", "invitation"),
    **_also(_stakeholders, "stakeholder", "other_stakeholder", "link"),
    **_also(_process_map, "process_map", "lane", "empty_lane", "step", "other_step", "note"),
    **_also(_measure, "measure", "point", "annotation"),
    **_also(_qi_plan, "driver", "other_driver", "secondary", "idea", "cycle"),  # QI plan (issue 11)
}

#: records that belong to a team, a cohort or a person: another one's id must answer 404.
#: A new placeholder gets a maker above; if its record belongs to someone, it goes here too.
SCOPED = frozenset({"key", "comment", "member", "template", "token", "submission", "stakeholder", "link",
                    "process_map", "lane", "empty_lane", "step", "note",
                    "measure", "point", "annotation",  # QI measures (issue 11)
                    "driver", "other_driver", "secondary", "idea", "cycle"})  # QI plan (issue 11)


# --- QI, the log part: an action of the team's ---


def _qi_action(o: Objects) -> dict:
    from workspace.qi import action_operations as action_ops

    return {"action": action_ops.create(o.team, o.writer, {"title": f"Action of {o.team.name}"}).id}


MAKERS.update({"action": _qi_action})
SCOPED = SCOPED | {"action"}


# --- the presentation (issue 12): slides and the deck. Its own block: add rows here ---


def _slide(o: Objects) -> dict:
    from workspace.presentation import layout as slide_layout
    from workspace.presentation.queries import slides_of

    slide_layout.ensure_deck(o.team)
    return {"slide": slides_of(o.team)[1].id}


MAKERS.update({"slide": _slide})
SCOPED = SCOPED | {"slide"}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/presentation"): Route("/teams/{team}/presentation", VIEW),
    ("GET", "/teams/<int:team_id>/presentation/slides/<int:slide_id>"):
        Route("/teams/{team}/presentation/slides/{slide}", VIEW),
})


# --- helper "slides" (issue 12): editing, adding, deleting, moving and reordering slides ---
SLIDE_PAGE = "/teams/{team}/presentation/slides/{slide}"
SLIDE_EDIT = {"title": "Why this matters", "body": "- For patients\n- For staff", "notes": "Slowly.", "presenter_id": "",
              "minutes": "1:30", "figure_key": "", "base_version": "1"}


def _slide_order(o: Objects) -> dict:
    from workspace.presentation import layout as slide_layout
    from workspace.presentation import operations as slide_ops
    from workspace.presentation.queries import slides_of

    slide_layout.ensure_deck(o.team)
    return {"order": [str(s.id) for s in reversed(slides_of(o.team))], "order_version": str(slide_ops.order_version(o.team))}


MATRIX.update({
    ("GET", "/teams/<int:team_id>/presentation/slides/<int:slide_id>/edit"): Route(f"{SLIDE_PAGE}/edit", EDIT),
    ("POST", "/teams/<int:team_id>/presentation/slides/<int:slide_id>/edit"): Route(
        f"{SLIDE_PAGE}/edit", EDIT, SLIDE_EDIT, ok=SLIDE_PAGE),
    ("GET", "/teams/<int:team_id>/presentation/slides/new"): Route("/teams/{team}/presentation/slides/new", EDIT),
    ("POST", "/teams/<int:team_id>/presentation/slides/new"): Route(
        "/teams/{team}/presentation/slides/new", EDIT, {"title": "Our team", "minutes": "1"}, ok="/teams/{team}/presentation#slide-*"),
    ("GET", "/teams/<int:team_id>/presentation/slides/<int:slide_id>/delete"): Route(f"{SLIDE_PAGE}/delete", EDIT),
    ("POST", "/teams/<int:team_id>/presentation/slides/<int:slide_id>/delete"): Route(
        f"{SLIDE_PAGE}/delete", EDIT, ok="/teams/{team}/presentation"),
    ("POST", "/teams/<int:team_id>/presentation/slides/<int:slide_id>/move"): Route(
        f"{SLIDE_PAGE}/move", EDIT, {"direction": "down"}, ok="/teams/{team}/presentation?moved={slide}&focus=down"),
    ("POST", "/teams/<int:team_id>/presentation/order"): Route(
        "/teams/{team}/presentation/order", EDIT, _slide_order, ok="/teams/{team}/presentation"),
})


# --- helper "rehearse" (issue 12): the rehearsal view, a slide's figure, the facilitator's
# presentation set-up and the slides API. Its own block: add rows here ---


def _figure_slide(o: Objects) -> dict:
    """A slide of the team's showing its stakeholder grid (a real figure of the parts registry)."""
    from workspace.presentation import operations as slide_ops
    from workspace.presentation.layout import ensure_deck
    from workspace.presentation.queries import slides_of

    _stakeholders(o)
    ensure_deck(o.team)
    slide = slides_of(o.team)[3]
    slide_ops.save_slide(o.team, slide.id, {"figure_key": "stakeholders/grid"}, slide.version, o.writer)
    return {"figure_slide": slide.id}


def _slides_order(o: Objects) -> dict:
    from workspace.presentation import operations as slide_ops
    from workspace.presentation.layout import ensure_deck
    from workspace.presentation.queries import slides_of

    ensure_deck(o.team)
    return {"ids": [s.id for s in reversed(slides_of(o.team))], "order_version": slide_ops.order_version(o.team)}


MAKERS.update({"figure_slide": _figure_slide})
SCOPED = SCOPED | {"figure_slide"}
OUTLINE_ADMIN = "/admin/cohorts/{cohort}/presentation"
OUTLINE_SLIDE = {"title": "Our method", "body": "- Interviews", "notes": "Keep it short.", "minutes": "2",
                 "figure_hint": "qi"}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/presentation/rehearse"): Route("/teams/{team}/presentation/rehearse", VIEW),
    ("GET", "/teams/<int:team_id>/presentation/slides/<int:slide_id>/figure.png"):
        Route("/teams/{team}/presentation/slides/{figure_slide}/figure.png", VIEW),
    ("GET", "/admin/cohorts/<int:cohort_id>/presentation"): Route(OUTLINE_ADMIN, FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/presentation/slot"):
        Route(OUTLINE_ADMIN + "/slot", FACILITATOR_ONLY, {"slot_minutes": "25"}, ok=OUTLINE_ADMIN),
    ("POST", "/admin/cohorts/<int:cohort_id>/presentation/slides"):
        Route(OUTLINE_ADMIN + "/slides", FACILITATOR_ONLY, OUTLINE_SLIDE, ok=OUTLINE_ADMIN + "#slide-12"),
    ("GET", "/admin/cohorts/<int:cohort_id>/presentation/slides/<int:number>"):
        Route(OUTLINE_ADMIN + "/slides/2", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/presentation/slides/<int:number>"):
        Route(OUTLINE_ADMIN + "/slides/2", FACILITATOR_ONLY, OUTLINE_SLIDE, ok=OUTLINE_ADMIN + "#slide-2"),
    ("POST", "/admin/cohorts/<int:cohort_id>/presentation/slides/<int:number>/move"):
        Route(OUTLINE_ADMIN + "/slides/2/move", FACILITATOR_ONLY, {"direction": "down"}, ok=OUTLINE_ADMIN + "#slide-3"),
    ("GET", "/admin/cohorts/<int:cohort_id>/presentation/slides/<int:number>/remove"):
        Route(OUTLINE_ADMIN + "/slides/2/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/presentation/slides/<int:number>/remove"):
        Route(OUTLINE_ADMIN + "/slides/2/remove", FACILITATOR_ONLY, ok=OUTLINE_ADMIN),
    ("GET", "/admin/cohorts/<int:cohort_id>/presentation/reset"): Route(OUTLINE_ADMIN + "/reset", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/presentation/reset"):
        Route(OUTLINE_ADMIN + "/reset", FACILITATOR_ONLY, ok=OUTLINE_ADMIN),
    ("GET", "/api/v1/teams/<int:team_id>/slides"): Route(A + "/slides", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/slides"): Route(A + "/slides", EDIT_API, {"title": "Matrix slide"}, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/slides/<int:slide_id>"): Route(A + "/slides/{slide}", VIEW_API),
    ("PUT", "/api/v1/teams/<int:team_id>/slides/<int:slide_id>"):
        Route(A + "/slides/{slide}", EDIT_API, {"title": "Renamed in the matrix", "base_version": 1}),
    ("DELETE", "/api/v1/teams/<int:team_id>/slides/<int:slide_id>"): Route(A + "/slides/{slide}", EDIT_API, ok=204),
    ("PUT", "/api/v1/teams/<int:team_id>/slides/order"): Route(A + "/slides/order", EDIT_API, _slides_order),
})


# --- the presentation deck (issue 12, helper "deck"): its downloads. Its own block ---
# The team, its assessors once it has submitted (the frozen deck) and facilitators; a host
# partner sees the team but never gets the deck (403), nor does an assessor before submission.
DECK = {**signed_in(OK), "outsider": 404, "host": 403, "assessor_before": 403}
DECK_API = {**DECK, "anonymous": 401}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/presentation.pptx"): Route("/teams/{team}/presentation.pptx", DECK),
    ("GET", "/api/v1/teams/<int:team_id>/presentation.pptx"): Route("/api/v1/teams/{team}/presentation.pptx", DECK_API),
})


# --- helper "marking" (issue 12): assessors' marking, agreement, release, the team's feedback ---
# Only assessor_after finds the team submitted; every other role meets it unsubmitted. Members and
# the host partner meet 404 on every route to marks (before release they do not exist for them).
_NO_MARKS = {"member": 404, "outsider": 404, "host": 404}
MARK_PAGE = {**signed_in(403), **_NO_MARKS, "assessor_after": OK}
MARK_API = {**MARK_PAGE, "anonymous": 401}
ALL_MARKS_PAGE = {**signed_in(403), **_NO_MARKS, "facilitator": OK}
ALL_MARKS_API = {**ALL_MARKS_PAGE, "anonymous": 401, "assessor_after": OK}
# The facilitator reaches these, and is told the team has not submitted (409).
MODERATE_PAGE = {**signed_in(403), **_NO_MARKS, "facilitator": 409}
MODERATE_API = {**MODERATE_PAGE, "anonymous": 401}
# The team's feedback: nothing is released in the fixture, so a member meets 404 as well.
FEEDBACK_PAGE = {**signed_in(403), **_NO_MARKS}
FEEDBACK_API = {**FEEDBACK_PAGE, "anonymous": 401}
_AGREEMENT = {"report_mark": "60", "presentation_mark": "62", "note": "Agreed", "feedback": "Well done"}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/marking/mine"): Route("/teams/{team}/marking/mine", MARK_PAGE),
    ("POST", "/teams/<int:team_id>/marking/mine"): Route(
        "/teams/{team}/marking/mine", MARK_PAGE, {"overall_feedback": "A first impression", "version": "0"},
        ok="/teams/{team}/marking/mine"),
    ("GET", "/teams/<int:team_id>/marking/mine/finalise"): Route("/teams/{team}/marking/mine/finalise", MARK_PAGE),
    # Reached, and refused because nothing is scored yet (tests/test_marking_pages.py finalises).
    ("POST", "/teams/<int:team_id>/marking/mine/finalise"): Route(
        "/teams/{team}/marking/mine/finalise", {**MARK_PAGE, "assessor_after": 400}),
    ("GET", "/teams/<int:team_id>/marking"): Route("/teams/{team}/marking", ALL_MARKS_PAGE),
    ("POST", "/teams/<int:team_id>/marking"): Route("/teams/{team}/marking", MODERATE_PAGE, _AGREEMENT),
    ("GET", "/teams/<int:team_id>/marking/release"): Route("/teams/{team}/marking/release", MODERATE_PAGE),
    ("POST", "/teams/<int:team_id>/marking/release"): Route("/teams/{team}/marking/release", MODERATE_PAGE),
    ("GET", "/admin/cohorts/<int:cohort_id>/marking"): Route("/admin/cohorts/{cohort}/marking", FACILITATOR_ONLY),
    ("GET", "/teams/<int:team_id>/feedback"): Route("/teams/{team}/feedback", FEEDBACK_PAGE),
    ("GET", "/teams/<int:team_id>/feedback.docx"): Route("/teams/{team}/feedback.docx", FEEDBACK_PAGE),
    ("GET", "/api/v1/teams/<int:team_id>/marks"): Route("/api/v1/teams/{team}/marks", ALL_MARKS_API),
    ("PUT", "/api/v1/teams/<int:team_id>/marks/mine"): Route(
        "/api/v1/teams/{team}/marks/mine", MARK_API, {"overall_feedback": "A first impression", "version": 0}),
    ("POST", "/api/v1/teams/<int:team_id>/marks/mine/finalise"): Route(
        "/api/v1/teams/{team}/marks/mine/finalise", {**MARK_API, "assessor_after": 422}, {}),
    ("POST", "/api/v1/teams/<int:team_id>/agreement"): Route(
        "/api/v1/teams/{team}/agreement", MODERATE_API,
        {"report_mark": 60, "presentation_mark": 62, "note": "Agreed", "feedback": "Well done"}),
    ("POST", "/api/v1/teams/<int:team_id>/agreement/release"): Route(
        "/api/v1/teams/{team}/agreement/release", MODERATE_API, {}),
    ("GET", "/api/v1/teams/<int:team_id>/feedback"): Route("/api/v1/teams/{team}/feedback", FEEDBACK_API),
})

# --- the rubric and the marks CSV (issue 12, helper "rubric"). Its own block: add rows here ---
RUBRIC = "/admin/cohorts/{cohort}/rubric"
RUBRIC_CRITERION = RUBRIC + "/criteria/{criterion}"
RUBRIC_BANDS = {"band_name_0": "Distinction", "band_min_0": "70", "band_name_1": "Merit", "band_min_1": "60",
                "band_name_2": "Pass", "band_min_2": "50", "band_name_3": "Fail", "band_min_3": "0", "report_weight": "60"}
RUBRIC_CRITERION_FORM = {"title": "Use of time", "guidance": "Keeps to the slot", "weight": "0", "max_score": "10",
                         "descriptor_0": "On time"}


def _rubric_criterion(o: Objects) -> dict:
    """The second report criterion of the cohort's rubric (made from the default)."""
    from workspace.marking.rubric_defaults import criteria_of, ensure_rubric

    ensure_rubric(db.session.get(Cohort, o.cohort_id))
    return {"criterion": criteria_of(o.cohort_id)[1].id}


def _rubric_weights(o: Objects) -> dict:
    """The report's weights, the first two swapped (still 100 in all)."""
    from workspace.marking.rubric_defaults import criteria_of, ensure_rubric

    ensure_rubric(db.session.get(Cohort, o.cohort_id))
    rows = [c for c in criteria_of(o.cohort_id) if c.component == "report"]
    weights = [c.weight for c in rows]
    weights[0], weights[1] = weights[1] + 5, weights[0] - 5
    return {f"weight_{c.id}": str(w) for c, w in zip(rows, weights, strict=True)}


def _rubric_json(o: Objects) -> dict:
    """The whole rubric as the API's PUT takes it, one title reworded."""
    from workspace.marking.rubric_defaults import criteria_of, ensure_rubric

    rubric = ensure_rubric(db.session.get(Cohort, o.cohort_id))
    criteria = {component: [{"id": c.id, "title": c.title + " (reworded)" if i == 0 else c.title,
                             "guidance": c.guidance, "weight": c.weight, "max_score": c.max_score,
                             "descriptors": dict(c.descriptors)}
                            for i, c in enumerate(c for c in criteria_of(o.cohort_id) if c.component == component)]
                for component in ("report", "presentation")}
    return {"bands": list(rubric.bands), "report_weight": rubric.report_weight, "criteria": criteria}


MAKERS.update({"criterion": _rubric_criterion})
SCOPED = SCOPED | {"criterion"}
MATRIX.update({
    ("GET", "/admin/cohorts/<int:cohort_id>/rubric"): Route(RUBRIC, FACILITATOR_ONLY),
    ("GET", "/admin/cohorts/<int:cohort_id>/rubric/bands"): Route(RUBRIC + "/bands", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/rubric/bands"):
        Route(RUBRIC + "/bands", FACILITATOR_ONLY, RUBRIC_BANDS, ok=RUBRIC + "#bands"),
    ("GET", "/admin/cohorts/<int:cohort_id>/rubric/<component>/new"): Route(RUBRIC + "/presentation/new", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/rubric/<component>/new"):
        Route(RUBRIC + "/presentation/new", FACILITATOR_ONLY, RUBRIC_CRITERION_FORM, ok=RUBRIC + "#criterion-*"),
    ("GET", "/admin/cohorts/<int:cohort_id>/rubric/criteria/<int:criterion_id>"): Route(RUBRIC_CRITERION, FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/rubric/criteria/<int:criterion_id>"):
        Route(RUBRIC_CRITERION, FACILITATOR_ONLY, {**RUBRIC_CRITERION_FORM, "max_score": "100", "weight": "15"},
              ok=RUBRIC + "#criterion-{criterion}"),
    ("POST", "/admin/cohorts/<int:cohort_id>/rubric/criteria/<int:criterion_id>/move"):
        Route(RUBRIC_CRITERION + "/move", FACILITATOR_ONLY, {"direction": "up"}, ok=RUBRIC + "#criterion-{criterion}"),
    ("GET", "/admin/cohorts/<int:cohort_id>/rubric/criteria/<int:criterion_id>/remove"):
        Route(RUBRIC_CRITERION + "/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/rubric/criteria/<int:criterion_id>/remove"):
        Route(RUBRIC_CRITERION + "/remove", FACILITATOR_ONLY, {}, ok=RUBRIC + "#report"),
    ("GET", "/admin/cohorts/<int:cohort_id>/rubric/<component>/weights"): Route(RUBRIC + "/report/weights", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/rubric/<component>/weights"):
        Route(RUBRIC + "/report/weights", FACILITATOR_ONLY, _rubric_weights, ok=RUBRIC + "#report"),
    ("GET", "/admin/cohorts/<int:cohort_id>/marks.csv"): Route("/admin/cohorts/{cohort}/marks.csv", FACILITATOR_ONLY),
    ("GET", "/teams/<int:team_id>/rubric"): Route("/teams/{team}/rubric", VIEW),
    ("GET", "/api/v1/cohorts/<int:cohort_id>/rubric"): Route("/api/v1/cohorts/{cohort}/rubric", FACILITATOR_ONLY_API),
    ("PUT", "/api/v1/cohorts/<int:cohort_id>/rubric"):
        Route("/api/v1/cohorts/{cohort}/rubric", FACILITATOR_ONLY_API, _rubric_json),
    ("GET", "/api/v1/teams/<int:team_id>/rubric"): Route(A + "/rubric", VIEW_API),
})


def _own(world: World, caller: User | None) -> Objects:
    return Objects(world, world.team, world.member, caller, world.team.cohort_id)


def _foreign(world: World) -> Objects:
    """Another team's records, another cohort's template and another person's API token."""
    return Objects(world, world.other_team, world.other_member, world.other_member, factories.make_cohort().id)


# --- the framework (issue 13): each helper adds its own block below this one ---
MATRIX.update({
    ("GET", "/teams/<int:team_id>/framework"): Route("/teams/{team}/framework", VIEW),
})


# --- helper "fw-reflect" (issue 13): reflections and the Start Anywhere canvas. Its own block ---
# SPECIAL CARE: {reflection} is the member's PRIVATE reflection: every other role meets 404 on every
# route to it, the facilitator included. {shared_reflection} is one shared with the team: members,
# assessors once submitted and facilitators read it; a host partner never does (404). Only members
# write reflections (a facilitator or assessor who reads them is refused, 403). Every reflection
# route with the other variant: tests/test_framework_reflections_privacy.py.
REFLECTIONS = "/teams/{team}/reflections"
REFLECTION = REFLECTIONS + "/{reflection}"
SHARED_REFLECTION = REFLECTIONS + "/{shared_reflection}"
READ_REFLECTIONS = {**signed_in(404), "member": OK, "assessor_after": OK, "facilitator": OK}
READ_REFLECTIONS_API = {**READ_REFLECTIONS, "anonymous": 401}
WRITE_REFLECTIONS = {**READ_REFLECTIONS, "assessor_after": 403, "facilitator": 403}
WRITE_REFLECTIONS_API = {**WRITE_REFLECTIONS, "anonymous": 401}
AUTHOR_ONLY = {**signed_in(404), "member": OK}
AUTHOR_ONLY_API = {**AUTHOR_ONLY, "anonymous": 401}
REFLECTION_FORM = {"written_on": "2026-01-05", "title": "On listening", "body": "Listening first.", "version": "1"}
SCOPE_FORM = {"people": "- Discharge leads", "purpose": "- Fewer delays", "place": "", "priorities": "", "version": "0"}


def _reflections(o: Objects) -> dict:
    from workspace.framework import reflections as reflection_ops

    private = reflection_ops.create(o.team, o.writer, {"written_on": "2026-01-02", "title": "Mine alone",
                                                        "body": "A private thought."})
    shared = reflection_ops.create(o.team, o.writer, {"written_on": "2026-01-03", "title": "For the team",
                                                       "body": "A shared thought."})
    reflection_ops.set_shared(o.team, shared, o.writer, True)
    return {"reflection": private.id, "shared_reflection": shared.id}


def _canvas(o: Objects) -> dict:
    """The team's canvas with notes (so there is something to insert); the placeholder is empty."""
    from workspace.framework import scope as scope_ops

    scope_ops.save(o.team, o.writer, {"people": "- Discharge leads"}, 0)
    return {"canvas": ""}


MAKERS.update({"reflection": _reflections, "shared_reflection": _reflections, "canvas": _canvas})
SCOPED = SCOPED | {"reflection", "shared_reflection"}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/reflections"): Route(REFLECTIONS, READ_REFLECTIONS),
    ("GET", "/teams/<int:team_id>/reflections/new"): Route(REFLECTIONS + "/new", WRITE_REFLECTIONS),
    ("POST", "/teams/<int:team_id>/reflections/new"):
        Route(REFLECTIONS + "/new", WRITE_REFLECTIONS, REFLECTION_FORM, ok="/teams/{team}/reflections/*"),
    ("GET", "/teams/<int:team_id>/reflections/<int:reflection_id>"): Route(REFLECTION, AUTHOR_ONLY),
    ("GET", "/teams/<int:team_id>/reflections/<int:reflection_id>/edit"): Route(REFLECTION + "/edit", AUTHOR_ONLY),
    ("POST", "/teams/<int:team_id>/reflections/<int:reflection_id>/edit"):
        Route(REFLECTION + "/edit", AUTHOR_ONLY, REFLECTION_FORM, ok=REFLECTION),
    ("GET", "/teams/<int:team_id>/reflections/<int:reflection_id>/share"): Route(REFLECTION + "/share", AUTHOR_ONLY),
    ("POST", "/teams/<int:team_id>/reflections/<int:reflection_id>/share"):
        Route(REFLECTION + "/share", AUTHOR_ONLY, {}, ok=REFLECTION),
    ("GET", "/teams/<int:team_id>/reflections/<int:reflection_id>/make-private"):
        Route(SHARED_REFLECTION + "/make-private", WRITE_REFLECTIONS),
    ("POST", "/teams/<int:team_id>/reflections/<int:reflection_id>/make-private"):
        Route(SHARED_REFLECTION + "/make-private", WRITE_REFLECTIONS, {}, ok=SHARED_REFLECTION),
    ("GET", "/teams/<int:team_id>/reflections/<int:reflection_id>/delete"): Route(REFLECTION + "/delete", AUTHOR_ONLY),
    ("POST", "/teams/<int:team_id>/reflections/<int:reflection_id>/delete"):
        Route(REFLECTION + "/delete", AUTHOR_ONLY, {}, ok="/teams/{team}/reflections"),
    ("GET", "/teams/<int:team_id>/reflections/<int:reflection_id>/quote"):
        Route(SHARED_REFLECTION + "/quote", WRITE_REFLECTIONS),
    ("POST", "/teams/<int:team_id>/reflections/<int:reflection_id>/quote"):
        Route(SHARED_REFLECTION + "/quote", WRITE_REFLECTIONS, {}, ok="/teams/{team}/report/reflections"),
    ("GET", "/api/v1/teams/<int:team_id>/reflections"): Route(A + "/reflections", READ_REFLECTIONS_API),
    ("POST", "/api/v1/teams/<int:team_id>/reflections"):
        Route(A + "/reflections", WRITE_REFLECTIONS_API, {"body": "Through the API"}, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/reflections/<int:reflection_id>"):
        Route(A + "/reflections/{reflection}", AUTHOR_ONLY_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/reflections/<int:reflection_id>"):
        Route(A + "/reflections/{reflection}", AUTHOR_ONLY_API, {"title": "Renamed", "shared": True}),
    ("DELETE", "/api/v1/teams/<int:team_id>/reflections/<int:reflection_id>"):
        Route(A + "/reflections/{reflection}", AUTHOR_ONLY_API, ok=204),
    ("GET", "/teams/<int:team_id>/scope"): Route("/teams/{team}/scope", VIEW),
    ("POST", "/teams/<int:team_id>/scope"): Route("/teams/{team}/scope", EDIT, SCOPE_FORM, ok="/teams/{team}/scope"),
    ("GET", "/teams/<int:team_id>/scope/insert"): Route("/teams/{team}/scope/insert{canvas}", EDIT),
    ("POST", "/teams/<int:team_id>/scope/insert"):
        Route("/teams/{team}/scope/insert{canvas}", EDIT, {}, ok="/teams/{team}/report/scope"),
    ("GET", "/api/v1/teams/<int:team_id>/scope"): Route(A + "/scope", VIEW_API),
    ("PUT", "/api/v1/teams/<int:team_id>/scope"): Route(A + "/scope", EDIT_API, {"people": "- Leads", "version": 0}),
})


# --- helper "fw-recs" (issue 13): the recommendations register. Its own block: add rows here ---
# The host partner's ONE write is their response: every other write answers them 403, and the
# response answers everyone but the host 403 (a facilitator too: they never answer for the host).
RESPOND = {**signed_in(403), "outsider": 404, "host": OK}
RESPOND_API = {**RESPOND, "anonymous": 401}
RECS = "/teams/{team}/recommendations"
REC_PAGE = RECS + "/{recommendation}"


def _recommendation(o: Objects) -> dict:
    from workspace.framework import recommendations as recommendation_ops

    return {"recommendation": recommendation_ops.create(o.team, o.writer, {"statement": f"Recommendation of {o.team.name}"}).id}


MAKERS.update({"recommendation": _recommendation})
SCOPED = SCOPED | {"recommendation"}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/recommendations"): Route(RECS, VIEW),
    ("GET", "/teams/<int:team_id>/recommendations/new"): Route(RECS + "/new", EDIT),
    ("POST", "/teams/<int:team_id>/recommendations/new"):
        Route(RECS + "/new", EDIT, {"statement": "Make the huddle standard", "rating_affordable": "met"}, ok=RECS + "/*"),
    ("GET", "/teams/<int:team_id>/recommendations/<int:recommendation_id>"): Route(REC_PAGE, VIEW),
    ("GET", "/teams/<int:team_id>/recommendations/<int:recommendation_id>/edit"): Route(REC_PAGE + "/edit", EDIT),
    ("POST", "/teams/<int:team_id>/recommendations/<int:recommendation_id>/edit"):
        Route(REC_PAGE + "/edit", EDIT, {"statement": "Changed in the matrix", "cost": "Nil"}, ok=REC_PAGE),
    ("GET", "/teams/<int:team_id>/recommendations/<int:recommendation_id>/delete"): Route(REC_PAGE + "/delete", EDIT),
    ("POST", "/teams/<int:team_id>/recommendations/<int:recommendation_id>/delete"):
        Route(REC_PAGE + "/delete", EDIT, ok=RECS),
    ("POST", "/teams/<int:team_id>/recommendations/<int:recommendation_id>/move"):
        Route(REC_PAGE + "/move", EDIT, {"direction": "down"}, ok=RECS + "?moved={recommendation}&focus=down"),
    ("POST", "/teams/<int:team_id>/recommendations/<int:recommendation_id>/response"):
        Route(REC_PAGE + "/response", RESPOND, {"response": "consider", "note": "After winter"},
              ok=REC_PAGE + "#response"),
    ("GET", "/api/v1/teams/<int:team_id>/recommendations"): Route(A + "/recommendations", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/recommendations"):
        Route(A + "/recommendations", EDIT_API, {"statement": "Matrix recommendation"}, ok=201),
    ("GET", "/api/v1/teams/<int:team_id>/recommendations/<int:recommendation_id>"):
        Route(A + "/recommendations/{recommendation}", VIEW_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/recommendations/<int:recommendation_id>"):
        Route(A + "/recommendations/{recommendation}", EDIT_API, {"cost": "£1"}),
    ("DELETE", "/api/v1/teams/<int:team_id>/recommendations/<int:recommendation_id>"):
        Route(A + "/recommendations/{recommendation}", EDIT_API, ok=204),
    ("PUT", "/api/v1/teams/<int:team_id>/recommendations/<int:recommendation_id>/response"):
        Route(A + "/recommendations/{recommendation}/response", RESPOND_API, {"response": "accept", "note": ""}),
})


# --- helper "fw-data" (issue 13): tagging the team's work, the framework editor and its API ---


def _fw_domain(o: Objects) -> dict:
    """Two domains of the framework of the team's cohort (copied in first)."""
    from workspace.framework.setup import ensure_framework, framework_of

    ensure_framework(o.team.cohort)
    domains = framework_of(o.team.cohort_id).domains
    return {"fw_domain": domains[2].id, "fw_other_domain": domains[3].id}


def _fw_tag(o: Objects) -> dict:
    """A tag on one of the team's actions."""
    from workspace.framework import tags as tag_ops

    return {"tag": tag_ops.add_tag(o.team, "action", o["action"], f"domain:{o['fw_domain']}", o.writer).id}


def _fw_new_tag(o: Objects) -> dict:
    return {"target_type": "action", "target_id": str(o["action"]), "tag": f"domain:{o['fw_other_domain']}"}


def _fw_admin(o: Objects) -> dict:
    """A domain, a behaviour and an intervention of the cohort's framework (the cohort of the URL)."""
    from workspace.framework.setup import ensure_framework, framework_of

    ensure_framework(db.session.get(Cohort, o.cohort_id))
    domain = framework_of(o.cohort_id).domains[1]
    return {"fw_admin_domain": domain.id, "fw_admin_behaviour": domain.behaviours[0].id,
            "fw_admin_intervention": domain.interventions[0].id}


FW = "/admin/cohorts/{cohort}/framework"
FW_BEHAVIOUR = FW + "/behaviours/{fw_admin_behaviour}"
FW_INTERVENTION = FW + "/interventions/{fw_admin_intervention}"
MAKERS.update({**_also(_fw_domain, "fw_domain", "fw_other_domain"), "tag": _fw_tag,
               **_also(_fw_admin, "fw_admin_domain", "fw_admin_behaviour", "fw_admin_intervention")})
SCOPED = SCOPED | {"tag", "fw_admin_domain", "fw_admin_behaviour", "fw_admin_intervention"}
MATRIX.update({
    ("GET", "/admin/cohorts/<int:cohort_id>/framework"): Route(FW, FACILITATOR_ONLY),
    ("GET", "/admin/cohorts/<int:cohort_id>/framework/domains/<int:domain_id>"):
        Route(FW + "/domains/{fw_admin_domain}", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/domains/<int:domain_id>"):
        Route(FW + "/domains/{fw_admin_domain}", FACILITATOR_ONLY, {"name": "Relationships", "description": "People."},
              ok=FW + "#domain-{fw_admin_domain}"),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/behaviours"):
        Route(FW + "/behaviours", FACILITATOR_ONLY,
              lambda o: {"group": f"domain:{o['fw_admin_domain']}", "name": "Matrix behaviour", "description": ""},
              ok=FW + "#behaviour-*"),
    ("GET", "/admin/cohorts/<int:cohort_id>/framework/behaviours/<int:behaviour_id>"): Route(FW_BEHAVIOUR, FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/behaviours/<int:behaviour_id>"):
        Route(FW_BEHAVIOUR, FACILITATOR_ONLY, {"name": "Renamed in the matrix", "description": ""},
              ok=FW + "#behaviour-{fw_admin_behaviour}"),
    ("GET", "/admin/cohorts/<int:cohort_id>/framework/behaviours/<int:behaviour_id>/remove"):
        Route(FW_BEHAVIOUR + "/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/behaviours/<int:behaviour_id>/remove"):
        Route(FW_BEHAVIOUR + "/remove", FACILITATOR_ONLY, ok=FW),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/interventions"):
        Route(FW + "/interventions", FACILITATOR_ONLY,
              lambda o: {"domain_id": str(o["fw_admin_domain"]), "name": "Matrix intervention"}, ok=FW + "#intervention-*"),
    ("GET", "/admin/cohorts/<int:cohort_id>/framework/interventions/<int:intervention_id>"):
        Route(FW_INTERVENTION, FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/interventions/<int:intervention_id>"):
        Route(FW_INTERVENTION, FACILITATOR_ONLY, {"name": "Renamed in the matrix"},
              ok=FW + "#intervention-{fw_admin_intervention}"),
    ("GET", "/admin/cohorts/<int:cohort_id>/framework/interventions/<int:intervention_id>/remove"):
        Route(FW_INTERVENTION + "/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/framework/interventions/<int:intervention_id>/remove"):
        Route(FW_INTERVENTION + "/remove", FACILITATOR_ONLY, ok=FW),
    # the framework: anyone in a team of the cohort (both of the fixture's teams are in it), facilitators
    ("GET", "/api/v1/cohorts/<int:cohort_id>/framework"): Route("/api/v1/cohorts/{cohort}/framework", signed_in(OK, 401)),
    ("GET", "/api/v1/teams/<int:team_id>/tags"): Route(A + "/tags", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/tags"): Route(
        A + "/tags", EDIT_API, lambda o: {**_fw_new_tag(o), "target_id": o["action"]}, ok=201),
    ("DELETE", "/api/v1/teams/<int:team_id>/tags/<int:tag_id>"): Route(A + "/tags/{tag}", EDIT_API, ok=204),
    ("POST", "/teams/<int:team_id>/tags"): Route(f"{T}/tags", EDIT, _fw_new_tag, ok=f"{T}#tags"),
    ("POST", "/teams/<int:team_id>/tags/<int:tag_id>/remove"): Route(f"{T}/tags/{{tag}}/remove", EDIT, ok=f"{T}#tags"),
})


# --- fw-coverage (issue 13): the Coverage page's cell lists and each member's evidence ---


def _framework_domain(o: Objects) -> dict:
    """The team's cohort's framework (copied in first) and one of its domains' keys."""
    from workspace.framework.setup import ensure_framework

    ensure_framework(o.team.cohort)
    return {"domain_key": "learning"}


MAKERS.update({"domain_key": _framework_domain})
# Only the member may have their evidence as a document: to everyone else it does not exist.
MEMBER_ALONE = {**everyone(404), "anonymous": LOGIN, "member": OK}
MATRIX.update({
    ("GET", "/teams/<int:team_id>/framework/domains/<key>/<item_type>"):
        Route("/teams/{team}/framework/domains/{domain_key}/action", VIEW),
    ("GET", "/teams/<int:team_id>/framework/members/<int:user_id>"):
        Route("/teams/{team}/framework/members/{member}", HISTORY),
    ("GET", "/teams/<int:team_id>/framework/members/<int:user_id>/evidence.docx"):
        Route("/teams/{team}/framework/members/{member}/evidence.docx", MEMBER_ALONE),
})
# --- the programme timeline and the calendar feed (issue 13, helper fw-timeline) ---


def _programme_event(o: Objects) -> dict:
    """An event on the timeline of the cohort in the URL."""
    from workspace.framework import timeline as timeline_ops

    cohort = db.session.get(Cohort, o.cohort_id)
    event = timeline_ops.add_event(cohort, o.world.facilitator, {"kind": "seminar", "title": "Adaptive leaders",
                                                                 "starts_on": "2027-01-16"}).event
    return {"programme_event": event.id}


def _calendar_token(o: Objects) -> dict:
    """A calendar feed address of the caller's (the team's writer's for anonymous), and its secret."""
    from workspace.framework import calendar_tokens

    new = calendar_tokens.create(o.caller or o.writer)
    return {"calendar_token": new.token.id, "calendar_secret": new.secret}


MAKERS.update({**_also(_calendar_token, "calendar_token", "calendar_secret"), "programme_event": _programme_event})
SCOPED = SCOPED | {"programme_event", "calendar_token"}
TIMELINE_ADMIN = "/admin/cohorts/{cohort}/timeline"
TIMELINE_EVENT = TIMELINE_ADMIN + "/{programme_event}"
TIMELINE_FORM = {"kind": "workshop", "title": "Building leadership wellbeing", "starts_on": "2026-12-08",
                 "starts_at": "13:00", "ends_at": "16:00", "location": "Online"}
EVENTS_API = "/api/v1/cohorts/{cohort}/events"
# Anyone in a team of the cohort reads its timeline (the "outsider" is in another team of it).
COHORT_READ_API = {**signed_in(OK, anonymous=401)}
MATRIX.update({
    ("GET", "/admin/cohorts/<int:cohort_id>/timeline"): Route(TIMELINE_ADMIN, FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/timeline"):
        Route(TIMELINE_ADMIN, FACILITATOR_ONLY, TIMELINE_FORM, ok=TIMELINE_ADMIN + "#event-*"),
    ("GET", "/admin/cohorts/<int:cohort_id>/timeline/<int:event_id>"): Route(TIMELINE_EVENT, FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/timeline/<int:event_id>"):
        Route(TIMELINE_EVENT, FACILITATOR_ONLY, TIMELINE_FORM, ok=TIMELINE_ADMIN + "#event-{programme_event}"),
    ("GET", "/admin/cohorts/<int:cohort_id>/timeline/<int:event_id>/remove"):
        Route(TIMELINE_EVENT + "/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/timeline/<int:event_id>/remove"):
        Route(TIMELINE_EVENT + "/remove", FACILITATOR_ONLY, {}, ok=TIMELINE_ADMIN),
    ("GET", "/teams/<int:team_id>/timeline"): Route("/teams/{team}/timeline", VIEW),
    ("POST", "/account/calendar"): Route("/account/calendar", signed_in(OK), {}, ok=201),
    ("GET", "/account/calendar/<int:token_id>/revoke"):
        Route("/account/calendar/{calendar_token}/revoke", signed_in(OK)),
    ("POST", "/account/calendar/<int:token_id>/revoke"):
        Route("/account/calendar/{calendar_token}/revoke", signed_in(OK), {}, ok="/account#calendar"),
    # The feed needs no session: anyone holding a live secret gets it (revoked: see below).
    ("GET", "/calendar/<secret>.ics"): Route("/calendar/{calendar_secret}.ics", everyone(OK)),
    ("GET", "/api/v1/cohorts/<int:cohort_id>/events"): Route(EVENTS_API, COHORT_READ_API),
    ("POST", "/api/v1/cohorts/<int:cohort_id>/events"): Route(EVENTS_API, FACILITATOR_ONLY_API, TIMELINE_FORM, ok=201),
    ("PATCH", "/api/v1/cohorts/<int:cohort_id>/events/<int:event_id>"):
        Route(EVENTS_API + "/{programme_event}", FACILITATOR_ONLY_API, {"location": "Civic House"}),
    ("DELETE", "/api/v1/cohorts/<int:cohort_id>/events/<int:event_id>"):
        Route(EVENTS_API + "/{programme_event}", FACILITATOR_ONLY_API, ok=204),
})


@pytest.mark.parametrize("role", ROLES)
def test_a_revoked_calendar_secret_is_404_for_everyone(make_client, world, role):
    from workspace.framework import calendar_tokens

    new = calendar_tokens.create(world.member)
    calendar_tokens.revoke(world.member, new.token)
    user = _user_for(world, role)
    client = make_client(user)
    assert client.get(f"/calendar/{new.secret}.ics").status_code == 404


# --- calling a route -------------------------------------------------------------------------


def _user_for(world: World, role: str):
    return {
        "anonymous": None, "member": world.member, "outsider": world.other_member, "host": world.host,
        "assessor_before": world.assessor, "assessor_after": world.assessor, "facilitator": world.facilitator,
    }[role]


def _body(route: Route, objects: Objects) -> dict:
    return route.body(objects) if callable(route.body) else dict(route.body or {})


def _call(client, method: str, route: Route, objects: Objects, url: str, body: dict | None = None):
    body = _body(route, objects) if body is None else body
    if url.startswith("/api/"):
        return client.api(method, url, json=body if method != "GET" else None)
    if method == "GET":
        return client.get(url)
    return client.form(url, body)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in?next=")


def _flashed_errors(client) -> list[str]:
    with client.raw.session_transaction() as session:
        return [message for category, message in session.get("_flashes", []) if category == "error"]


def _assert_succeeded(client, route: Route, objects: Objects, response, what: str) -> None:
    status = response.status_code
    if isinstance(route.ok, int):
        assert status == route.ok, f"{what}: {status}, expected {route.ok}: {response.get_data(as_text=True)[:300]}"
        return
    expected = route.ok.format_map(objects)
    location = response.headers.get("Location", "")
    assert status == 302, f"{what}: {status}, expected a redirect to {expected}"
    if expected.endswith("*"):
        assert location.startswith(expected[:-1]), f"{what}: redirected to {location}, expected {expected}"
    else:
        assert location == expected, f"{what}: redirected to {location}, expected {expected}"
    assert not _flashed_errors(client), f"{what}: {_flashed_errors(client)}"


def _assert_answer(client, route: Route, role: str, objects: Objects, response, what: str) -> None:
    expected = route.answers[role]
    status = response.status_code
    assert status < 500, f"{what} crashed"
    if expected == LOGIN:
        assert _is_login_redirect(response), f"{what}: {status}, expected sign-in"
    elif expected == OK:
        _assert_succeeded(client, route, objects, response, what)
    else:
        assert status == expected, f"{what}: {status}, expected {expected}"


# --- the tests -------------------------------------------------------------------------------


def _routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_row(app):
    missing = _routes(app) - MATRIX.keys()
    stale = MATRIX.keys() - _routes(app)
    assert not missing, f"routes without a row in the authorization matrix: {sorted(missing)}"
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


def test_every_row_answers_for_every_role():
    incomplete = sorted(key for key, route in MATRIX.items() if set(route.answers) != set(ROLES))
    assert not incomplete, f"rows without an answer for each of {ROLES}: {incomplete}"


CASES = [(method, rule, role) for (method, rule) in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("method", "rule", "role"), CASES, ids=[f"{m} {r} as {who}" for m, r, who in CASES])
def test_authorization(make_client, world, method, rule, role):
    route = MATRIX[(method, rule)]
    user = _user_for(world, role)
    objects = _own(world, user)
    # The records first (a submitted report takes no new sections), then the submission.
    url = route.url.format_map(objects)
    body = _body(route, objects)
    if role == "assessor_after":
        world.submit()
    client = make_client(user)
    response = _call(client, method, route, objects, url, body)
    _assert_answer(client, route, role, objects, response, f"{method} {url} as {role}")


def _scoped_caller(route: Route) -> str:
    """Someone allowed on this team, so only the foreign record can make the answer 404."""
    # The host only for the one route that is theirs alone (a recommendation's response, issue 13).
    return next(role for role in ("facilitator", "member", "host") if route.answers[role] == OK)


def _placeholders(url: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(url) if name}


SCOPED_CASES = sorted(key for key, route in MATRIX.items() if _placeholders(route.url) & SCOPED)


@pytest.mark.parametrize(("method", "rule"), SCOPED_CASES, ids=[f"{m} {r}" for m, r in SCOPED_CASES])
def test_another_teams_record_is_404(make_client, world, method, rule):
    route = MATRIX[(method, rule)]
    user = _user_for(world, _scoped_caller(route))
    own, foreign = _own(world, user), _foreign(world)
    mixed = {name: (foreign[name] if name in SCOPED else own[name]) for name in _placeholders(route.url)}
    url = route.url.format_map(mixed)
    response = _call(make_client(user), method, route, own, url)
    assert response.status_code == 404, f"{method} {url} (another's record) as {user.name}: {response.status_code}"
