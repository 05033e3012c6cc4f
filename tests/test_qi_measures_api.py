"""The measure API: create, read, change, delete, points (all or nothing, bad rows named, a date
again adds a point), the analysis, stale writes 409, another team's id 404, the host 403, the
submitted team 409, and the OpenAPI document's enums."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

from workspace.qi import facts, spc
from workspace.qi.models import BETTER, CHART_CHOICES, MEASURE_KINDS


def _api(world, path: str = "") -> str:
    return f"/api/v1/teams/{world.team.id}/measures{path}"


def _points(values, start=date(2026, 1, 5)):
    return [{"on": (start + timedelta(weeks=i)).isoformat(), "value": v} for i, v in enumerate(values)]


def _create(client, world, **fields):
    response = client.api("POST", _api(world), json={"name": "Discharges before noon", "unit": "%", "target": 11,
                                                     **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_read_list_patch_and_delete(make_client, world):
    client = make_client(world.member)
    made = _create(client, world, kind="process", better="down", chart="run")
    assert (made["kind"], made["better"], made["chart"], made["target"]) == ("process", "down", "run", 11.0)
    assert made["points"] == [] and made["variation"] == "none"
    listed = client.api("GET", _api(world)).get_json()
    assert [m["id"] for m in listed["items"]] == [made["id"]] and listed["next"] is None
    changed = client.api("PATCH", _api(world, f"/{made['id']}"), json={"name": "Renamed", "version": made["version"]})
    assert changed.status_code == 200 and changed.get_json()["name"] == "Renamed"
    stale = client.api("PATCH", _api(world, f"/{made['id']}"), json={"name": "Again", "version": made["version"]})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == changed.get_json()["version"]
    assert client.api("DELETE", _api(world, f"/{made['id']}")).status_code == 204
    assert client.api("GET", _api(world, f"/{made['id']}")).status_code == 404


def test_bad_fields_are_422_never_500(make_client, world):
    client = make_client(world.member)
    for body in ({"name": ""}, {"name": "x", "kind": "other"}, {"name": "x", "target": "NaN"},
                 {"name": "x", "target": 1e300}, {"name": "x", "colour": "red"}, {"name": ["x"]}):
        response = client.api("POST", _api(world), json=body)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["code"] == "validation_failed"
    assert client.api("POST", _api(world), data="not json", headers={"Content-Type": "text/plain"}).status_code == 415


def test_points_are_all_or_nothing_and_a_date_again_adds(make_client, world):
    client = make_client(world.member)
    made = _create(client, world)
    url = _api(world, f"/{made['id']}/points")
    bad = client.api("POST", url, json={"points": [{"on": "2026-01-05", "value": 1}, {"on": "2026-01-12", "value": "x"},
                                                   {"on": "someday", "value": 2}, "nonsense"]})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"points[1].value", "points[2].on", "points[3]"}
    assert client.api("GET", _api(world, f"/{made['id']}")).get_json()["points"] == []
    added = client.api("POST", url, json={"points": _points([8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12])})
    assert added.status_code == 201 and added.get_json()["added"] == 14
    again = client.api("POST", url, json={"points": [{"on": "2026-01-05", "value": "8%", "note": "rechecked"}]})
    assert again.status_code == 201 and again.get_json() == {"added": 1, "version": again.get_json()["version"]}
    points = client.api("GET", _api(world, f"/{made['id']}")).get_json()["points"]
    assert [(p["on"], p["value"], p["note"]) for p in points[:2]] == [("2026-01-05", 8.0, ""),
                                                                       ("2026-01-05", 8.0, "rechecked")]
    assert client.api("POST", url, json=[1, 2]).status_code == 400
    assert client.api("POST", url, json={"values": []}).status_code == 422
    too_many = client.api("POST", url, json={"points": _points([1] * 10_000, start=date(1995, 1, 1))})
    assert too_many.status_code == 422


def test_the_analysis(make_client, world):
    client = make_client(world.member)
    made = _create(client, world)
    client.api("POST", _api(world, f"/{made['id']}/points"),
               json={"points": _points([8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12])})
    analysis = client.api("GET", _api(world, f"/{made['id']}/analysis")).get_json()
    assert analysis["chart"] == "xmr" and analysis["points"] == 14
    phase = analysis["phases"][0]
    assert phase["centre"] == 10 and phase["trial"] is False and phase["upper"] > phase["upper_close"] > 10
    assert {"rule": "shift", "from": "2026-02-23", "to": "2026-04-06"}.items() <= analysis["signals"][-1].items()
    assert analysis["variation"] == "improvement" and analysis["assurance"] == "hit_or_miss"
    assert analysis["summary"].startswith("Special cause improvement: 7 points above the mean since 23 February 2026.")
    run = client.api("GET", _api(world, f"/{made['id']}/analysis?chart=run")).get_json()
    assert run["chart"] == "run" and run["phases"][0]["upper"] is None and run["assurance"] is None
    assert client.api("GET", _api(world, f"/{made['id']}/analysis?chart=pie")).status_code == 400


def test_roles_other_teams_and_the_submitted_team(make_client, world):
    member = make_client(world.member)
    made = _create(member, world)
    host = make_client(world.host)
    assert host.api("GET", _api(world, f"/{made['id']}/analysis")).status_code == 200
    assert host.api("POST", _api(world, f"/{made['id']}/points"), json={"points": _points([1])}).status_code == 403
    outsider = make_client(world.other_member)
    assert outsider.api("GET", _api(world, f"/{made['id']}")).status_code == 404
    theirs = f"/api/v1/teams/{world.other_team.id}/measures"
    mine_under_theirs = outsider.api("GET", f"{theirs}/{made['id']}")
    assert mine_under_theirs.status_code == 404
    world.submit()
    refused = member.api("POST", _api(world, f"/{made['id']}/points"), json={"points": _points([1])})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "submitted"


def test_the_openapi_document_lists_the_models_choices():
    openapi = importlib.import_module("workspace.api.openapi")  # the package exports a function of that name
    assert list(MEASURE_KINDS) == openapi.MEASURE_KINDS
    assert list(BETTER) == openapi.MEASURE_BETTER
    assert list(CHART_CHOICES) == openapi.MEASURE_CHARTS
    assert set(openapi.SPC_RULES) == set(facts.RULES) == set(spc.PRIORITY)


def test_a_measure_created_with_its_points_in_one_go(make_client, world):
    client = make_client(world.member)
    made = _create(client, world, points=_points([10, 11, 10, 12]) + [{"on": "2026-01-05", "value": "9%"}])
    assert [(p["on"], p["value"]) for p in made["points"]][:2] == [("2026-01-05", 10.0), ("2026-01-05", 9.0)]
    assert len(made["points"]) == 5
    refused = client.api("POST", _api(world), json={"name": "Half", "points": [{"on": "2026-01-05", "value": "x"}]})
    assert refused.status_code == 422 and "points[0].value" in refused.get_json()["error"]["fields"]
    assert [m["name"] for m in client.api("GET", _api(world)).get_json()["items"]] == ["Discharges before noon"]
