"""The action log's API: list with filters and cursor, create, read, patch (stale 409 with the
current version), delete; bad input is 4xx JSON, another team's action 404, a host 403 on writes,
a submitted team 409; and the OpenAPI document's enums match the models."""

from __future__ import annotations

from datetime import timedelta

import pytest

import workspace.api.openapi as openapi_document
from workspace.domains import DOMAINS
from workspace.qi import action_operations as ops
from workspace.qi import action_queries
from workspace.qi.models import ACTION_STATUSES
from workspace.stakeholders import operations as stakeholder_ops


@pytest.fixture
def member(make_client, world):
    return make_client(world.member)


def _url(world, suffix: str = "") -> str:
    return f"/api/v1/teams/{world.team.id}/actions{suffix}"


def test_create_read_list_patch_delete(member, world):
    created = member.api("POST", _url(world), json={
        "title": "Agree the checklist", "owner_id": world.member.id, "due_on": "2027-03-31", "status": "open",
        "domain": "innovation"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert created.headers["Location"].endswith(f"/actions/{body['id']}")
    assert (body["title"], body["owner"]["name"], body["domain_label"], body["version"]) == (
        "Agree the checklist", "Mo Member", "Innovation and Improvement", 1)
    assert member.get(_url(world, f"/{body['id']}")).get_json()["due_on"] == "2027-03-31"
    listed = member.get(_url(world)).get_json()
    assert [item["id"] for item in listed["items"]] == [body["id"]] and listed["next"] is None
    patched = member.api("PATCH", _url(world, f"/{body['id']}"), json={"status": "done", "version": 1})
    assert patched.status_code == 200 and patched.get_json()["status"] == "done"
    assert patched.get_json()["completed_on"] is not None and patched.get_json()["version"] == 2
    assert member.api("DELETE", _url(world, f"/{body['id']}")).status_code == 204
    assert member.get(_url(world, f"/{body['id']}")).status_code == 404


def test_a_stale_patch_is_409_with_the_current_version(member, world):
    action = ops.create(world.team, world.member, {"title": "One"})
    ops.update(world.team, action, world.member, {"title": "One, renamed"})
    response = member.api("PATCH", _url(world, f"/{action.id}"), json={"title": "Mine", "version": 1})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict" and response.get_json()["current_version"] == 2


def test_filters_and_cursor(member, world):
    today = action_queries.today()
    late = ops.create(world.team, world.member, {"title": "Late", "due_on": today - timedelta(days=2)})
    ops.create(world.team, world.member, {"title": "Soon", "due_on": today + timedelta(days=2), "status": "blocked"})
    ops.create(world.team, world.member, {"title": "Someday", "owner_id": world.member.id})

    def titles(query):
        return [item["title"] for item in member.get(_url(world, query)).get_json()["items"]]

    assert titles("?due=overdue") == ["Late"]
    assert titles("?due=week") == ["Soon"]
    assert titles("?due=none") == ["Someday"]
    assert titles("?status=blocked") == ["Soon"]
    assert titles(f"?owner={world.member.id}") == ["Someday"]
    assert titles("?owner=none") == ["Late", "Soon"]
    first = member.get(_url(world, "?limit=2")).get_json()
    assert len(first["items"]) == 2 and first["next"] is not None
    assert [i["title"] for i in member.get(_url(world, f"?limit=2&cursor={first['next']}")).get_json()["items"]] == [
        "Someday"]
    assert member.get(_url(world, f"/{late.id}")).get_json()["overdue"] is True
    for bad in ("?status=sideways", "?due=yesterday", "?owner=99999", "?limit=0", "?cursor=x"):
        response = member.get(_url(world, bad))
        assert response.status_code == 400, bad
        assert "error" in response.get_json()


@pytest.mark.parametrize("body", [
    {}, {"title": ""}, {"title": "x" * 201}, {"title": "A", "status": "finished"}, {"title": "A", "due_on": "soon"},
    {"title": "A", "owner_id": "nobody"}, {"title": "A", "domain": "Leadership"}, {"title": "A", "colour": "red"},
    {"title": ["A"]}, {"title": "A", "pdsa_id": 999999}, {"title": "A", "stakeholder_id": -4},
])
def test_bad_input_is_422_json(member, world, body):
    response = member.api("POST", _url(world), json=body)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["fields"]


def test_not_json_and_bad_version(member, world):
    assert member.api("POST", _url(world), data="title=A", content_type="text/plain").status_code == 415
    action = ops.create(world.team, world.member, {"title": "One"})
    assert member.api("PATCH", _url(world, f"/{action.id}"), json={"version": "one"}).status_code == 422


def test_another_teams_action_is_404_and_a_host_may_not_write(make_client, world):
    theirs = ops.create(world.other_team, world.other_member, {"title": "Theirs"})
    member = make_client(world.member)
    assert member.get(_url(world, f"/{theirs.id}")).status_code == 404
    assert member.api("PATCH", _url(world, f"/{theirs.id}"), json={"title": "Mine"}).status_code == 404
    assert member.api("DELETE", _url(world, f"/{theirs.id}")).status_code == 404
    host = make_client(world.host)
    assert host.get(_url(world)).status_code == 200
    assert host.api("POST", _url(world), json={"title": "Host's"}).status_code == 403


def test_a_host_gets_no_confidential_stakeholder(make_client, world):
    secret = stakeholder_ops.create(world.team, world.member, {"name": "Secret Sam", "category": "icb", "power": 5,
                                                               "interest": 1, "confidential": True}).stakeholder
    action = ops.create(world.team, world.member, {"title": "Brief them", "stakeholder_id": secret.id})
    assert make_client(world.host).get(_url(world, f"/{action.id}")).get_json()["stakeholder_id"] is None
    assert make_client(world.member).get(_url(world, f"/{action.id}")).get_json()["stakeholder_id"] == secret.id


def test_a_submitted_team_is_409(member, world):
    action = ops.create(world.team, world.member, {"title": "Frozen"})
    world.submit()
    assert member.api("POST", _url(world), json={"title": "Late"}).status_code == 409
    assert member.api("PATCH", _url(world, f"/{action.id}"), json={"status": "done"}).status_code == 409
    assert member.api("DELETE", _url(world, f"/{action.id}")).status_code == 409


def test_the_openapi_enums_match_the_models():
    assert list(ACTION_STATUSES) == openapi_document.ACTION_STATUSES
    assert list(DOMAINS) == openapi_document.ACTION_DOMAINS
    assert openapi_document.ACTION_FILTERS[2]["schema"]["enum"] == list(action_queries.DUE_CHOICES)
