"""The authorization matrix: every route x every role, with the answer each must get.

A route added without a row here fails `test_every_route_has_a_row`, so no page or API
endpoint can ship without someone deciding who may use it.

Answers: LOGIN = sent to sign in (pages) or 401 (API); OK = allowed through (the request may
still fail validation, but not authorization); or an exact status code.
"""

from __future__ import annotations

import re

import pytest

from workspace.auth.operations import create_api_token
from workspace.report import comments as comment_ops
from workspace.report import operations as report_ops

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
EDIT = {**signed_in(OK), "outsider": 404, "host": 403, "assessor_before": 403, "assessor_after": 403}
EDIT_API = {**EDIT, "anonymous": 401}
COMMENT = {**EDIT, "host": OK}
COMMENT_API = {**COMMENT, "anonymous": 401}
# The comment in the fixture is the member's own: only they edit it; a facilitator may delete it.
OWN_COMMENT = {**COMMENT, "host": 403, "facilitator": 403}
OWN_COMMENT_OR_FACILITATOR = {**COMMENT, "host": 403}

# (method, rule) -> (url builder, answers by role)
T = "{team}"
MATRIX: dict[tuple[str, str], tuple[str, dict]] = {
    ("GET", "/healthz"): ("/healthz", everyone(OK)),
    ("GET", "/sign-in"): ("/sign-in", everyone(OK)),
    ("POST", "/sign-in"): ("/sign-in", everyone(OK)),
    ("POST", "/sign-out"): ("/sign-out", signed_in(OK)),
    ("GET", "/invitations/<token>"): ("/invitations/bogus", everyone(410)),
    ("POST", "/invitations/<token>"): ("/invitations/bogus", everyone(410)),
    ("POST", "/invitations/<token>/sign-out"): ("/invitations/bogus/sign-out", everyone(410)),
    ("GET", "/forgot-password"): ("/forgot-password", everyone(OK)),
    ("POST", "/forgot-password"): ("/forgot-password", everyone(OK)),
    ("GET", "/reset-password/<token>"): ("/reset-password/bogus", everyone(410)),
    ("POST", "/reset-password/<token>"): ("/reset-password/bogus", everyone(410)),
    ("GET", "/account"): ("/account", signed_in(OK)),
    ("POST", "/account/name"): ("/account/name", signed_in(OK)),
    ("POST", "/account/password"): ("/account/password", signed_in(OK)),
    ("POST", "/account/tokens"): ("/account/tokens", signed_in(OK)),
    ("POST", "/account/tokens/<int:token_id>/revoke"): ("/account/tokens/{token}/revoke", signed_in(OK)),
    ("GET", "/"): ("/", signed_in(OK)),
    ("GET", "/teams/<int:team_id>"): (f"/teams/{T}", TEAM_VISIBLE),
    ("GET", "/admin/cohorts"): ("/admin/cohorts", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts"): ("/admin/cohorts", FACILITATOR_ONLY),
    ("GET", "/admin/cohorts/<int:cohort_id>/edit"): ("/admin/cohorts/{cohort}/edit", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/edit"): ("/admin/cohorts/{cohort}/edit", FACILITATOR_ONLY),
    ("GET", "/admin/organisations"): ("/admin/organisations", FACILITATOR_ONLY),
    ("POST", "/admin/organisations"): ("/admin/organisations", FACILITATOR_ONLY),
    ("GET", "/admin/organisations/<int:organisation_id>/edit"): ("/admin/organisations/{org}/edit", FACILITATOR_ONLY),
    ("POST", "/admin/organisations/<int:organisation_id>/edit"): ("/admin/organisations/{org}/edit", FACILITATOR_ONLY),
    ("GET", "/admin/teams"): ("/admin/teams", FACILITATOR_ONLY),
    ("GET", "/admin/teams/new"): ("/admin/teams/new", FACILITATOR_ONLY),
    ("POST", "/admin/teams/new"): ("/admin/teams/new", FACILITATOR_ONLY),
    ("GET", "/admin/teams/<int:team_id>"): (f"/admin/teams/{T}", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/edit"): (f"/admin/teams/{T}/edit", FACILITATOR_ONLY),
    ("GET", "/admin/teams/<int:team_id>/delete"): (f"/admin/teams/{T}/delete", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/delete"): (f"/admin/teams/{T}/delete", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/members"): (f"/admin/teams/{T}/members", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/members/<int:user_id>/role"): (f"/admin/teams/{T}/members/{{member}}/role", FACILITATOR_ONLY),
    ("GET", "/admin/teams/<int:team_id>/members/<int:user_id>/remove"): (f"/admin/teams/{T}/members/{{member}}/remove", FACILITATOR_ONLY),
    ("POST", "/admin/teams/<int:team_id>/members/<int:user_id>/remove"): (f"/admin/teams/{T}/members/{{member}}/remove", FACILITATOR_ONLY),
    ("GET", "/admin/people"): ("/admin/people", FACILITATOR_ONLY),
    ("GET", "/admin/people/<int:user_id>"): ("/admin/people/{member}", FACILITATOR_ONLY),
    ("POST", "/admin/people/<int:user_id>/invitation"): ("/admin/people/{member}/invitation", FACILITATOR_ONLY),
    ("GET", "/admin/people/<int:user_id>/close"): ("/admin/people/{member}/close", FACILITATOR_ONLY),
    ("POST", "/admin/people/<int:user_id>/close"): ("/admin/people/{member}/close", FACILITATOR_ONLY),
    ("POST", "/admin/people/<int:user_id>/reopen"): ("/admin/people/{member}/reopen", FACILITATOR_ONLY),
    ("POST", "/admin/people/<int:user_id>/password-reset"): ("/admin/people/{member}/password-reset", FACILITATOR_ONLY),
    ("GET", "/admin/audit"): ("/admin/audit", FACILITATOR_ONLY),
    # --- the report ---
    ("GET", "/teams/<int:team_id>/report"): (f"/teams/{T}/report", VIEW),
    ("POST", "/teams/<int:team_id>/report"): (f"/teams/{T}/report", EDIT),
    ("GET", "/teams/<int:team_id>/report/<key>"): (f"/teams/{T}/report/introduction", VIEW),
    ("POST", "/teams/<int:team_id>/report/<key>"): (f"/teams/{T}/report/introduction", EDIT),
    ("POST", "/teams/<int:team_id>/report/<key>/status"): (f"/teams/{T}/report/introduction/status", EDIT),
    ("GET", "/teams/<int:team_id>/report/<key>/remove"): (f"/teams/{T}/report/{{own_key}}/remove", EDIT),
    ("POST", "/teams/<int:team_id>/report/<key>/remove"): (f"/teams/{T}/report/{{own_key}}/remove", EDIT),
    ("GET", "/teams/<int:team_id>/report/<key>/history"): (f"/teams/{T}/report/introduction/history", VIEW),
    ("GET", "/teams/<int:team_id>/report/<key>/history/compare"): (f"/teams/{T}/report/introduction/history/compare?from=0&to=1", VIEW),
    ("POST", "/teams/<int:team_id>/report/<key>/history/<int:version>/restore"): (f"/teams/{T}/report/introduction/history/1/restore", EDIT),
    ("POST", "/teams/<int:team_id>/report/<key>/comments"): (f"/teams/{T}/report/introduction/comments", COMMENT),
    ("GET", "/teams/<int:team_id>/comments"): (f"/teams/{T}/comments", VIEW),
    ("GET", "/teams/<int:team_id>/comments/<int:comment_id>/edit"): (f"/teams/{T}/comments/{{comment}}/edit", OWN_COMMENT),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/edit"): (f"/teams/{T}/comments/{{comment}}/edit", OWN_COMMENT),
    ("GET", "/teams/<int:team_id>/comments/<int:comment_id>/delete"): (f"/teams/{T}/comments/{{comment}}/delete", OWN_COMMENT_OR_FACILITATOR),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/delete"): (f"/teams/{T}/comments/{{comment}}/delete", OWN_COMMENT_OR_FACILITATOR),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/resolve"): (f"/teams/{T}/comments/{{comment}}/resolve", COMMENT),
    ("POST", "/teams/<int:team_id>/comments/<int:comment_id>/reopen"): (f"/teams/{T}/comments/{{comment}}/reopen", COMMENT),
    ("GET", "/notifications"): ("/notifications", signed_in(OK)),
    ("POST", "/notifications/read"): ("/notifications/read", signed_in(OK)),
    ("GET", "/admin/cohorts/<int:cohort_id>/report"): ("/admin/cohorts/{cohort}/report", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/rules"): ("/admin/cohorts/{cohort}/report/rules", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections"): ("/admin/cohorts/{cohort}/report/sections", FACILITATOR_ONLY),
    ("GET", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>"): ("/admin/cohorts/{cohort}/report/sections/{template}", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>"): ("/admin/cohorts/{cohort}/report/sections/{template}", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>/move"): ("/admin/cohorts/{cohort}/report/sections/{template}/move", FACILITATOR_ONLY),
    ("GET", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>/remove"): ("/admin/cohorts/{cohort}/report/sections/{template}/remove", FACILITATOR_ONLY),
    ("POST", "/admin/cohorts/<int:cohort_id>/report/sections/<int:template_id>/remove"): ("/admin/cohorts/{cohort}/report/sections/{template}/remove", FACILITATOR_ONLY),
    # --- API ---
    ("GET", "/api/v1/openapi.json"): ("/api/v1/openapi.json", everyone(OK)),
    ("GET", "/api/v1/me"): ("/api/v1/me", signed_in(OK, anonymous=401)),
    ("GET", "/api/v1/cohorts"): ("/api/v1/cohorts", FACILITATOR_ONLY_API),
    ("POST", "/api/v1/cohorts"): ("/api/v1/cohorts", FACILITATOR_ONLY_API),
    ("GET", "/api/v1/organisations"): ("/api/v1/organisations", FACILITATOR_ONLY_API),
    ("POST", "/api/v1/organisations"): ("/api/v1/organisations", FACILITATOR_ONLY_API),
    ("GET", "/api/v1/teams"): ("/api/v1/teams", signed_in(OK, anonymous=401)),
    ("POST", "/api/v1/teams"): ("/api/v1/teams", FACILITATOR_ONLY_API),
    ("GET", "/api/v1/teams/<int:team_id>"): (f"/api/v1/teams/{T}", {**TEAM_VISIBLE, "anonymous": 401}),
    ("POST", "/api/v1/teams/<int:team_id>/members"): (f"/api/v1/teams/{T}/members", TEAM_ADMIN_API),
    ("DELETE", "/api/v1/teams/<int:team_id>/members/<int:user_id>"): (f"/api/v1/teams/{T}/members/{{member}}", TEAM_ADMIN_API),
    ("GET", "/api/v1/teams/<int:team_id>/sections"): (f"/api/v1/teams/{T}/sections", VIEW_API),
    ("GET", "/api/v1/teams/<int:team_id>/sections/<key>"): (f"/api/v1/teams/{T}/sections/introduction", VIEW_API),
    ("PUT", "/api/v1/teams/<int:team_id>/sections/<key>"): (f"/api/v1/teams/{T}/sections/introduction", EDIT_API),
    ("GET", "/api/v1/teams/<int:team_id>/sections/<key>/revisions"): (f"/api/v1/teams/{T}/sections/introduction/revisions", VIEW_API),
    ("GET", "/api/v1/teams/<int:team_id>/sections/<key>/revisions/<int:version>"): (f"/api/v1/teams/{T}/sections/introduction/revisions/1", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/sections/<key>/presence"): (f"/api/v1/teams/{T}/sections/introduction/presence", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/preview"): (f"/api/v1/teams/{T}/preview", VIEW_API),
    ("GET", "/api/v1/teams/<int:team_id>/comments"): (f"/api/v1/teams/{T}/comments", VIEW_API),
    ("POST", "/api/v1/teams/<int:team_id>/comments"): (f"/api/v1/teams/{T}/comments", COMMENT_API),
    ("POST", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>/resolve"): (f"/api/v1/teams/{T}/comments/{{comment}}/resolve", COMMENT_API),
    ("POST", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>/reopen"): (f"/api/v1/teams/{T}/comments/{{comment}}/reopen", COMMENT_API),
    ("PATCH", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>"): (f"/api/v1/teams/{T}/comments/{{comment}}", {**OWN_COMMENT, "anonymous": 401}),
    ("DELETE", "/api/v1/teams/<int:team_id>/comments/<int:comment_id>"): (f"/api/v1/teams/{T}/comments/{{comment}}", {**OWN_COMMENT_OR_FACILITATOR, "anonymous": 401}),
    ("GET", "/api/v1/notifications"): ("/api/v1/notifications", signed_in(OK, anonymous=401)),
    ("POST", "/api/v1/notifications/read"): ("/api/v1/notifications/read", signed_in(OK, anonymous=401)),
}


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


def _user_for(world: World, role: str):
    return {
        "anonymous": None, "member": world.member, "outsider": world.other_member, "host": world.host,
        "assessor_before": world.assessor, "assessor_after": world.assessor, "facilitator": world.facilitator,
    }[role]


def _report_fixture(world: World) -> dict:
    """A saved revision, the member's own comment, a team section and the cohort template."""
    from flask import current_app

    report_ops.save_section(world.team, "introduction", "Some text.", 0, world.member)
    section = report_ops.get_section(world.team, "introduction")
    with current_app.test_request_context():  # comments link their notifications with url_for
        comment = comment_ops.add_comment(world.team, world.member, section, "A comment", quote="Some")
    own = report_ops.add_team_section(world.team, "Our own section", world.member)
    template = report_ops.template_for(world.team.cohort)[1]
    return {"comment": comment.id, "own_key": own.key, "template": template.id}


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in?next=")


CASES = [(method, rule, role) for (method, rule) in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("method", "rule", "role"), CASES, ids=[f"{m} {r} as {who}" for m, r, who in CASES])
def test_authorization(make_client, world, method, rule, role):
    template, answers = MATRIX[(method, rule)]
    if role == "assessor_after":
        world.submit()
    user = _user_for(world, role)
    token_owner = user or world.member
    report = _report_fixture(world) if re.search(r"report|comment|sections|preview", template) else {}
    url = template.format(
        **report,
        team=world.team.id,
        member=world.member.id,
        cohort=world.team.cohort_id,
        org=world.team.host_organisation_id,
        token=create_api_token(token_owner, "matrix").token.id,
    )
    client = make_client(user)
    if url.startswith("/api/"):
        response = client.api(method, url, json={} if method != "GET" else None)
    elif method == "GET":
        response = client.get(url)
    else:
        response = client.form(url, {})
    expected = answers[role]
    status = response.status_code
    assert status < 500, f"{method} {url} as {role} crashed"
    if expected == LOGIN:
        assert _is_login_redirect(response), f"{method} {url} as {role}: {status}, expected sign-in"
    elif expected == OK:
        assert status not in (401, 403, 404, 405) and not _is_login_redirect(response), (
            f"{method} {url} as {role}: {status}, expected to be allowed"
        )
    else:
        assert status == expected, f"{method} {url} as {role}: {status}, expected {expected}"
