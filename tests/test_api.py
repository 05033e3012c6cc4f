"""The JSON API: tokens, the error format, facilitator writes, team-scoped reads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.models import Membership


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {create_api_token(user, 'test').secret}"}


def test_me_lists_memberships(client, world):
    body = client.get("/api/v1/me", headers=bearer(world.member)).get_json()
    assert body["email"] == "mo@example.org"
    assert body["memberships"] == [{"team_id": world.team.id, "role": "member"}]


def test_me_by_session_cookie(make_client, world):
    assert make_client(world.host).get("/api/v1/me").get_json()["name"] == "Hana Host"


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer cpw_" + "x" * 43, "Basic abc", "Bearer"])
def test_bad_tokens_are_401_in_the_error_format(client, world, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_anonymous_is_401(client):
    response = client.get("/api/v1/teams")
    assert response.status_code == 401
    assert response.get_json()["error"]["message"]


def test_token_writes_need_no_csrf(client, world):
    response = client.post("/api/v1/organisations", json={"name": "Northgate PCN", "kind": "PCN"},
                           headers=bearer(world.facilitator))
    assert response.status_code == 201
    assert response.get_json()["kind"] == "PCN"


def test_teams_list_is_scoped_to_the_caller(client, world):
    mine = client.get("/api/v1/teams", headers=bearer(world.member)).get_json()
    assert [t["name"] for t in mine["items"]] == ["Team Harbour"]
    assert mine["next"] is None
    everyone = client.get("/api/v1/teams", headers=bearer(world.facilitator)).get_json()
    assert {t["name"] for t in everyone["items"]} == {"Team Harbour", "Team Compass"}


def test_teams_list_paginates_with_cursor(client, world):
    headers = bearer(world.facilitator)
    page = client.get("/api/v1/teams?limit=1", headers=headers).get_json()
    assert len(page["items"]) == 1 and page["next"] is not None
    rest = client.get(f"/api/v1/teams?limit=1&cursor={page['next']}", headers=headers).get_json()
    assert rest["items"][0]["id"] != page["items"][0]["id"]
    assert client.get("/api/v1/teams?limit=0", headers=headers).status_code == 400
    assert client.get("/api/v1/teams?cursor=abc", headers=headers).status_code == 400


def test_team_detail_has_members_and_roles(client, world):
    body = client.get(f"/api/v1/teams/{world.team.id}", headers=bearer(world.host)).get_json()
    assert {(m["name"], m["role"]) for m in body["members"]} == {
        ("Mo Member", "member"), ("Hana Host", "host"), ("Asa Assessor", "assessor"),
    }
    assert body["host_organisation"]["name"] == "Riverside Trust"


def test_other_teams_are_404_not_403(client, world):
    response = client.get(f"/api/v1/teams/{world.other_team.id}", headers=bearer(world.member))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_facilitator_creates_cohort_org_team_and_member(client, world):
    headers = bearer(world.facilitator)
    cohort = client.post("/api/v1/cohorts", json={"name": "API cohort", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}, headers=headers)
    assert cohort.status_code == 201
    org = client.post("/api/v1/organisations", json={"name": "Eastfield Carers", "kind": "voluntary sector"}, headers=headers)
    team = client.post("/api/v1/teams", json={
        "name": "Team API", "cohort_id": cohort.get_json()["id"], "host_organisation_id": org.get_json()["id"],
        "review_title": "Carers' voice in discharge planning",
    }, headers=headers)
    assert team.status_code == 201
    team_id = team.get_json()["id"]
    added = client.post(f"/api/v1/teams/{team_id}/members", json={"email": "zed@example.org", "name": "Zed", "role": "member"}, headers=headers)
    assert added.status_code == 201
    body = added.get_json()
    assert body["invite_url"].startswith("http") and "/invitations/" in body["invite_url"]
    removed = client.delete(f"/api/v1/teams/{team_id}/members/{body['user_id']}", headers=headers)
    assert removed.status_code == 204
    assert db.session.scalar(select(Membership).where(Membership.user_id == body["user_id"])) is None


def test_members_cannot_use_facilitator_routes(client, world):
    headers = bearer(world.member)
    response = client.post("/api/v1/cohorts", json={"name": "x", "starts_on": "2026-01-01", "ends_on": "2026-02-01"}, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    # Another team's member list answers 404 (the team does not exist for them).
    response = client.post(f"/api/v1/teams/{world.other_team.id}/members", json={}, headers=headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "starts_on": "2026-01-01", "ends_on": "2026-02-01"}, "name"),
        ({"name": "Fine", "starts_on": "yesterday", "ends_on": "2026-02-01"}, "starts_on"),
        ({"name": "Fine", "starts_on": "2026-03-01", "ends_on": "2026-02-01"}, "ends_on"),
        ({"name": "Test cohort", "starts_on": "2026-01-01", "ends_on": "2026-02-01"}, "name"),
        ({"name": ["list"], "starts_on": 5, "ends_on": None}, "starts_on"),
    ],
)
def test_cohort_validation_is_422_with_fields(client, world, body, field):
    response = client.post("/api/v1/cohorts", json=body, headers=bearer(world.facilitator))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_wrong_content_type_is_415(client, world):
    response = client.post("/api/v1/organisations", data="name=x", headers={**bearer(world.facilitator), "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_member_api_validation(client, world):
    headers = bearer(world.facilitator)
    url = f"/api/v1/teams/{world.team.id}/members"
    assert client.post(url, json={"email": "bad", "name": "X", "role": "member"}, headers=headers).get_json()["error"]["fields"]["email"]
    assert client.post(url, json={"email": "a@b.org", "name": "X", "role": "owner"}, headers=headers).get_json()["error"]["fields"]["role"]
    assert client.post(url, json={"email": "mo@example.org", "role": "host"}, headers=headers).status_code == 422
    assert client.delete(f"/api/v1/teams/{world.team.id}/members/99999", headers=headers).status_code == 404


def test_wrong_method_is_json_405(client, world):
    response = client.put("/api/v1/me", headers=bearer(world.member))
    assert response.status_code == 405
    assert "error" in response.get_json()


def test_openapi_documents_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule.removeprefix("/api/v1")
        for converter in ("int:", "string:", "path:"):
            path = path.replace(f"<{converter}", "<")
        path = path.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {rule.rule} is not in openapi.json"
    # ...and nothing documented that does not exist.
    routes = {r.rule for r in app.url_map.iter_rules()}
    for path, _method in documented:
        flask_path = "/api/v1" + path.replace("{key}", "<key>").replace("{", "<int:").replace("}", ">")
        assert flask_path in routes, f"{path} is documented but not served"
