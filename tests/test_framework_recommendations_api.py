"""The recommendations register in the JSON API: list, add, read, change (version-guarded),
delete, and the host partner's response (their one write: everything else answers them 403)."""

from __future__ import annotations

import pytest

from workspace.extensions import db
from workspace.framework.models import Recommendation

from .framework_recs_helpers import make_findings, make_menu


@pytest.fixture
def menu(world):
    return make_menu(world.team.cohort_id)


def _url(world, rest: str = "") -> str:
    return f"/api/v1/teams/{world.team.id}/recommendations{rest}"


def test_add_read_list_change_delete(make_client, world, menu):
    findings = make_findings(world.team, world.member)
    client = make_client(world.member)
    made = client.api("POST", _url(world), {
        "statement": "One shared referral form", "owner": "Head of integrated discharge",
        "intervention_id": menu["Supporting network development"],
        "findings": [{"kind": "process_map", "id": findings["process_map"]}],
        "criteria": {"affordable": {"rating": "met", "note": "No new money"}, "multi_agency": None}})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["number"] == 1 and body["score"] == {"met": 1.0, "assessed": 1, "of": 5,
                                                       "label": "1 of 1 met (1 of 5 assessed)"}
    assert body["criteria"]["affordable"] == {"rating": "met", "note": "No new money"}
    assert body["criteria"]["long_term_plan"] is None
    assert body["intervention"]["domain"] == "Relationships and Connectivity"
    assert [f["kind"] for f in body["findings"]] == ["process_map"]
    assert body["host_response"] is None and body["host_response_label"] == "Awaiting response"
    assert made.headers["Location"].endswith(f"/recommendations/{body['id']}")

    second = client.api("POST", _url(world), {"statement": "Monthly discharge measure"}).get_json()
    assert second["score"]["label"] == "Not assessed"
    listed = client.api("GET", _url(world) + "?limit=1").get_json()
    assert [i["number"] for i in listed["items"]] == [1] and listed["next"] == 1
    rest = client.api("GET", _url(world) + "?cursor=1").get_json()
    assert [i["statement"] for i in rest["items"]] == ["Monthly discharge measure"] and rest["next"] is None

    changed = client.api("PATCH", _url(world, f"/{body['id']}"), {"cost": "£0", "version": body["version"]})
    assert changed.status_code == 200 and changed.get_json()["cost"] == "£0"
    stale = client.api("PATCH", _url(world, f"/{body['id']}"), {"cost": "£1", "version": body["version"]})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == changed.get_json()["version"]
    assert client.api("DELETE", _url(world, f"/{second['id']}")).status_code == 204
    assert client.api("GET", _url(world, f"/{second['id']}")).status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"statement": ""}, "statement"),
    ({"statement": "x", "criteria": {"affordable": {"rating": "excellent"}}}, "criteria"),
    ({"statement": "x", "findings": "section:1"}, "findings"),
    ({"statement": "x", "intervention_id": "lots"}, "intervention_id"),
    ({"statement": "x", "score": 5}, "score"),
])
def test_bad_input_answers_422_naming_the_field(make_client, world, menu, body, field):
    response = make_client(world.member).api("POST", _url(world), body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_another_teams_finding_is_422(make_client, world, menu):
    theirs = make_findings(world.other_team, world.other_member)
    response = make_client(world.member).api("POST", _url(world), {
        "statement": "x", "findings": [{"kind": "measure", "id": theirs["measure"]}]})
    assert response.status_code == 422 and "findings" in response.get_json()["error"]["fields"]
    assert db.session.query(Recommendation).count() == 0


def test_the_response_is_the_hosts_alone(make_client, world, menu):
    rid = make_client(world.member).api("POST", _url(world), {"statement": "Trusted assessor"}).get_json()["id"]
    answer = {"response": "consider", "note": "After the winter"}
    for who in (world.member, world.facilitator):
        assert make_client(who).api("PUT", _url(world, f"/{rid}/response"), answer).status_code == 403
    host = make_client(world.host)
    for method, rest, body in [("POST", "", {"statement": "Host's own"}), ("PATCH", f"/{rid}", {"cost": "£1"}),
                               ("DELETE", f"/{rid}", None)]:
        assert host.api(method, _url(world, rest), body).status_code == 403, method
    bad = host.api("PUT", _url(world, f"/{rid}/response"), {"response": "yes"})
    assert bad.status_code == 422
    extra = host.api("PUT", _url(world, f"/{rid}/response"), {"response": "accept", "statement": "Mine now"})
    assert extra.status_code == 422 and "statement" in extra.get_json()["error"]["fields"]
    done = host.api("PUT", _url(world, f"/{rid}/response"), answer)
    assert done.status_code == 200
    assert (done.get_json()["host_response"], done.get_json()["host_response_note"]) == ("consider", "After the winter")
    assert done.get_json()["statement"] == "Trusted assessor"
    seen = make_client(world.member).api("GET", _url(world, f"/{rid}")).get_json()
    assert seen["host_response_label"] == "To consider"


def test_the_host_responds_after_submission_the_team_changes_nothing(make_client, world, menu):
    rid = make_client(world.member).api("POST", _url(world), {"statement": "Trusted assessor"}).get_json()["id"]
    world.submit()
    assert make_client(world.member).api("PATCH", _url(world, f"/{rid}"), {"cost": "£1"}).status_code == 409
    done = make_client(world.host).api("PUT", _url(world, f"/{rid}/response"), {"response": "accept"})
    assert done.status_code == 200 and done.get_json()["host_response"] == "accept"


def test_another_teams_recommendation_is_404(make_client, world, menu):
    theirs = make_client(world.other_member).api(
        "POST", f"/api/v1/teams/{world.other_team.id}/recommendations", {"statement": "Theirs"}).get_json()["id"]
    client = make_client(world.member)
    assert client.api("GET", _url(world, f"/{theirs}")).status_code == 404
    assert client.api("PATCH", _url(world, f"/{theirs}"), {"cost": "£1"}).status_code == 404
    assert make_client(world.host).api("PUT", _url(world, f"/{theirs}/response"), {"response": "accept"}).status_code == 404
