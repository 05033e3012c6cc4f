"""The rubric in the JSON API: GET and PUT /api/v1/cohorts/<id>/rubric, GET /api/v1/teams/<id>/rubric."""

from __future__ import annotations

import copy

from sqlalchemy import select

from workspace.extensions import db
from workspace.marking.models import Rubric, RubricCriterion
from workspace.models import AuditEvent

from .test_marking_rubric_pages import start_marking


def _url(world):
    return f"/api/v1/cohorts/{world.team.cohort_id}/rubric"


def _get(client, world):
    response = client.api("GET", _url(world))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _as_input(body):
    data = copy.deepcopy(body)
    return {"bands": data["bands"], "report_weight": data["report_weight"], "criteria": data["criteria"],
            "version": data["version"]}


def test_get_gives_the_default_rubric(world, make_client):
    body = _get(make_client(world.facilitator), world)
    assert body["bands"][0] == {"name": "Distinction", "min": 70}
    assert body["report_weight"] == 50 and body["presentation_weight"] == 50
    assert len(body["criteria"]["report"]) == 6 and len(body["criteria"]["presentation"]) == 5
    assert sum(c["weight"] for c in body["criteria"]["report"]) == 100
    assert body["readiness"] == {"report": [], "presentation": []}
    assert body["marking_started"] is False
    assert set(body["criteria"]["report"][0]["descriptors"]) == {"Distinction", "Merit", "Pass", "Fail"}


def test_only_a_facilitator_reads_or_changes_the_cohort_rubric(world, make_client):
    for user in (world.member, world.assessor, world.host):
        client = make_client(user)
        assert client.api("GET", _url(world)).status_code == 403
        assert client.api("PUT", _url(world), json={}).status_code == 403
    assert make_client(world.facilitator).api("GET", "/api/v1/cohorts/99999/rubric").status_code == 404


def test_put_replaces_the_rubric(world, make_client):
    client = make_client(world.facilitator)
    body = _get(client, world)
    data = _as_input(body)
    report = data["criteria"]["report"]
    removed = report.pop()  # 15% gone ...
    report[0]["weight"] += removed["weight"]  # ... to the first
    report[0]["title"] = "The challenge, in context"
    data["criteria"]["presentation"].append({"title": "Slides", "weight": 0, "max_score": 10,
                                             "descriptors": {"Pass": "Readable"}})
    data["report_weight"] = 60
    data["bands"] = [{"name": "Pass", "min": 40}, {"name": "Fail", "min": 0}]
    for c in data["criteria"]["report"] + data["criteria"]["presentation"]:
        c["descriptors"] = {k: v for k, v in c.get("descriptors", {}).items() if k in ("Pass", "Fail")}
    response = client.api("PUT", _url(world), json=data)
    assert response.status_code == 200, response.get_json()
    out = response.get_json()
    assert out["report_weight"] == 60 and out["bands"] == data["bands"]
    assert [c["title"] for c in out["criteria"]["report"]][0] == "The challenge, in context"
    assert len(out["criteria"]["report"]) == 5 and out["criteria"]["presentation"][-1]["title"] == "Slides"
    assert out["criteria"]["presentation"][-1]["descriptors"] == {"Pass": "Readable", "Fail": ""}
    assert db.session.get(RubricCriterion, removed["id"]) is None
    assert out["version"] > body["version"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rubric.changed"))
    assert event.detail["what"] == "replaced" and event.detail["removed"] == [removed["id"]]


def test_put_refuses_weights_not_adding_up_with_422_and_changes_nothing(world, make_client):
    client = make_client(world.facilitator)
    data = _as_input(_get(client, world))
    data["criteria"]["report"][0]["weight"] -= 5
    data["criteria"]["presentation"][0]["max_score"] = 0
    data["bands"] = [{"name": "A", "min": 50}, {"name": "B", "min": 60}, {"name": "C", "min": 0}]
    response = client.api("PUT", _url(world), json=data)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields["bands"].startswith("List the bands highest first")
    assert fields["criteria.presentation[0].max_score"] == "Enter the highest score as a whole number from 1 to 1000."
    data["bands"] = [{"name": "Pass", "min": 50}, {"name": "Fail", "min": 0}]
    data["criteria"]["presentation"][0]["max_score"] = 100
    for c in data["criteria"]["report"] + data["criteria"]["presentation"]:
        c["descriptors"] = {}
    response = client.api("PUT", _url(world), json=data)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "criteria.report": "The report's criteria weigh 95% in all: they must add up to 100%."}
    db.session.expire_all()
    assert db.session.get(Rubric, world.team.cohort_id).bands[0]["name"] == "Distinction"


def test_put_refuses_bad_shapes_without_a_500(world, make_client):
    client = make_client(world.facilitator)
    good = _as_input(_get(client, world))
    for bad in ({"bands": "x", "report_weight": 50, "criteria": good["criteria"]},
                {"bands": good["bands"], "report_weight": "50", "criteria": good["criteria"]},
                {"bands": good["bands"], "report_weight": 50, "criteria": []},
                {"bands": good["bands"], "report_weight": 50, "criteria": {"report": "x"}},
                {"bands": good["bands"], "report_weight": 50, "criteria": {"report": [1], "presentation": []}},
                {"bands": good["bands"], "report_weight": 50, "criteria": {"report": [{"id": "1", "title": "t", "weight": 100}]}},
                {"bands": good["bands"], "report_weight": 50, "criteria": {"report": [{"id": True, "title": "t", "weight": 100}],
                                                                          "presentation": good["criteria"]["presentation"]}},
                {"bands": [{"name": "x" * 61, "min": 0}], "report_weight": 50, "criteria": good["criteria"]},
                {**good, "surprise": 1}):
        response = client.api("PUT", _url(world), json=bad)
        assert response.status_code == 422, (bad, response.get_json())
    other_cohort_criterion = {"id": 10**9, "title": "t", "weight": 100}
    response = client.api("PUT", _url(world), json={**good, "criteria": {"report": [other_cohort_criterion],
                                                                          "presentation": good["criteria"]["presentation"]}})
    assert response.status_code == 422
    assert client.api("PUT", _url(world), data="not json").status_code == 415


def test_put_once_marking_started_409_unless_wording_only(world, make_client):
    client = make_client(world.facilitator)
    data = _as_input(_get(client, world))
    start_marking(world)
    data["version"] = _get(client, world)["version"]
    wording = copy.deepcopy(data)
    wording["criteria"]["report"][0]["title"] = "New wording"
    wording["criteria"]["report"][0]["descriptors"]["Merit"] = "Better words"
    response = client.api("PUT", _url(world), json=wording)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["marking_started"] is True
    data["version"] = response.get_json()["version"]
    for change in ("weight", "max_score", "remove", "add", "bands", "report_weight"):
        bad = copy.deepcopy(data)
        report = bad["criteria"]["report"]
        if change == "weight":
            report[0]["weight"] -= 5
            report[1]["weight"] += 5
        elif change == "max_score":
            report[0]["max_score"] = 10
        elif change == "remove":
            extra = report.pop()["weight"]
            report[0]["weight"] += extra
        elif change == "add":
            report.append({"title": "Extra", "weight": 0})
        elif change == "bands":
            bad["bands"] = [{"name": "Pass", "min": 40}, {"name": "Fail", "min": 0}]
            for c in report + bad["criteria"]["presentation"]:
                c["descriptors"] = {}
        else:
            bad["report_weight"] = 40
        response = client.api("PUT", _url(world), json=bad)
        assert response.status_code == 409, (change, response.get_json())
        assert response.get_json()["error"]["code"] == "rubric_locked"
    db.session.expire_all()
    assert db.session.get(Rubric, world.team.cohort_id).report_weight == 50


def test_put_with_an_old_version_is_409_stale(world, make_client):
    client = make_client(world.facilitator)
    data = _as_input(_get(client, world))
    first = copy.deepcopy(data)
    first["criteria"]["report"][0]["title"] = "First"
    assert client.api("PUT", _url(world), json=first).status_code == 200
    second = copy.deepcopy(data)
    second["criteria"]["report"][0]["title"] = "Second"
    response = client.api("PUT", _url(world), json=second)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "stale"
    assert response.get_json()["current_version"] > data["version"]


def test_team_rubric_for_those_who_may_view(world, make_client):
    url = f"/api/v1/teams/{world.team.id}/rubric"
    body = make_client(world.member).api("GET", url).get_json()
    assert body["criteria"]["presentation"][0]["title"] == "Structure and clarity"
    assert "marking_started" not in body
    assert make_client(world.host).api("GET", url).status_code == 200
    assert make_client(world.other_member).api("GET", url).status_code == 404
    assert make_client(world.assessor).api("GET", url).status_code == 403
    world.submit()
    assert make_client(world.assessor).api("GET", url).status_code == 200
