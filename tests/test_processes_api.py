"""The process-map API: create with steps laid out in order, read back with metrics, patch with
a version guard, reorder, delete; and hostile input answered with 4xx, never 500."""

from __future__ import annotations

import importlib

from workspace.processes import flow as flow_module
from workspace.processes import queries
from workspace.processes.metrics import measure
from workspace.processes.models import MAX_MINUTES, ProcessMap
from workspace.processes.operations import MAX_STEPS


def _base(world) -> str:
    return f"/api/v1/teams/{world.team.id}/process-maps"


DISCHARGE = {
    "title": "Discharge home", "state": "current", "notes": "Mapped on the ward",
    "lanes": ["Patient", "Ward nurse", "Pharmacy"],
    "steps": [
        {"lane": "Patient", "label": "Medically fit", "kind": "start"},
        {"lane": "Ward nurse", "label": "Needs medicines?", "kind": "decision", "minutes": 5,
         "branches": [{"to": 3, "label": "yes"}, {"to": 5, "label": "no"}]},
        {"lane": "Pharmacy", "label": "Prepares TTOs", "kind": "step", "minutes": 90, "wait_minutes": 240,
         "value": "bnva", "paper": True, "pain_points": ["TTOs wait for a doctor's signature"]},
        {"lane": "Ward nurse", "label": "Checks the TTOs", "kind": "step", "minutes": "30 min",
         "branches": [{"to": 3, "label": "wrong"}, {"to": 5, "label": "right"}]},
        {"lane": "Patient", "label": "Goes home", "kind": "end", "value": "va"},
    ],
}


def test_create_lays_steps_out_in_order_with_branches_and_notes(make_client, world):
    member = make_client(world.member)
    answer = member.api("POST", _base(world), DISCHARGE)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert answer.headers["Location"].endswith(f"/process-maps/{body['id']}")
    assert body["lanes"] == ["Patient", "Ward nurse", "Pharmacy"]
    assert [s["number"] for s in body["steps"]] == [1, 2, 3, 4, 5]
    assert body["steps"][1]["branches"][0] == {"to": 3, "step_id": body["steps"][2]["id"], "label": "yes"}
    assert body["steps"][2]["wait_minutes"] == 240 and body["steps"][2]["paper"] is True
    assert body["steps"][3]["minutes"] == 30
    assert body["steps"][2]["pain_points"] == ["TTOs wait for a doctor's signature"]
    made = queries.get_map(world.team, body["id"])
    assert body["metrics"]["lead_minutes"] == measure(queries.flow_of(queries.load(made))).lead_minutes
    again = member.get(f"{_base(world)}/{body['id']}").get_json()
    assert again["steps"] == body["steps"]
    listed = member.get(_base(world)).get_json()
    assert [m["id"] for m in listed["items"]] == [body["id"]] and listed["next"] is None
    assert "steps" not in listed["items"][0]


def test_steps_without_branches_flow_to_the_next(make_client, world):
    member = make_client(world.member)
    body = member.api("POST", _base(world), {"title": "Plain", "steps": [
        {"label": "A", "kind": "start"}, {"label": "B"}, {"label": "C", "kind": "end"}]}).get_json()
    made = queries.get_map(world.team, body["id"])
    flow = queries.flow_of(queries.load(made))
    ids = [s.id for s in flow.steps]
    assert [(link.source, link.target) for link in flow_module.links_of(flow)] == [(ids[0], ids[1]), (ids[1], ids[2])]
    assert body["lanes"] == ["Patient"]


def test_patch_with_a_stale_version_is_a_409_and_saves_nothing(make_client, world):
    member = make_client(world.member)
    body = member.api("POST", _base(world), DISCHARGE).get_json()
    url = f"{_base(world)}/{body['id']}"
    first = member.api("PATCH", url, {"title": "Discharge, as it is", "version": body["version"]})
    assert first.status_code == 200 and first.get_json()["version"] == body["version"] + 1
    stale = member.api("PATCH", url, {"title": "Overwritten?", "version": body["version"]})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "conflict"
    assert stale.get_json()["current_version"] == body["version"] + 1
    assert member.get(url).get_json()["title"] == "Discharge, as it is"
    refused = member.api("PATCH", url, {"title": "Half saved?", "steps": [{"label": "Bad", "minutes": -5}]})
    assert refused.status_code == 422 and "steps[0].minutes" in refused.get_json()["error"]["fields"]
    assert member.get(url).get_json()["title"] == "Discharge, as it is"  # nothing of it saved
    replaced = member.api("PATCH", url, {"steps": [{"label": "Only", "kind": "start"}], "lanes": ["Citizen"]})
    assert replaced.status_code == 200 and [s["label"] for s in replaced.get_json()["steps"]] == ["Only"]
    assert replaced.get_json()["lanes"] == ["Citizen"]


def test_reorder_saves_from_the_version_read(make_client, world):
    member = make_client(world.member)
    body = member.api("POST", _base(world), DISCHARGE).get_json()
    url = f"{_base(world)}/{body['id']}/order"
    ids = [s["id"] for s in body["steps"]]
    assert member.api("PUT", url, {"order": ids[::-1]}).status_code == 428
    moved = member.api("PUT", url, {"order": ids[::-1], "version": body["version"]})
    assert moved.status_code == 200 and moved.get_json()["order"] == ids[::-1]
    stale = member.api("PUT", url, {"order": ids, "version": body["version"]})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == moved.get_json()["version"]
    for bad in (ids[:-1], ids + [ids[0]], [*ids[:-1], 999999], [str(i) for i in ids], [True] * len(ids), "1,2", None):
        answer = member.api("PUT", url, {"order": bad, "version": moved.get_json()["version"]})
        assert answer.status_code == 422, bad


def test_delete(make_client, world):
    member = make_client(world.member)
    body = member.api("POST", _base(world), DISCHARGE).get_json()
    assert member.api("DELETE", f"{_base(world)}/{body['id']}").status_code == 204
    assert member.get(f"{_base(world)}/{body['id']}").status_code == 404
    assert ProcessMap.query.count() == 1  # kept for the audit trail


def _step(**fields):
    return {"title": "Bad", "steps": [{"label": "A", **fields}]}


def test_hostile_input_is_refused_with_a_field_and_never_a_500(make_client, world):
    member = make_client(world.member)
    cases = [
        (_step(minutes=-1), "steps[0].minutes", "negative"),
        (_step(minutes=MAX_MINUTES + 1), "steps[0].minutes", "ten years"),
        (_step(wait_minutes="11 years"), "steps[0].wait_minutes", "ten years"),
        (_step(wait_minutes="3 moons"), "steps[0].wait_minutes", "not a unit"),
        (_step(minutes="3661 days"), "steps[0].minutes", "ten years"),
        (_step(minutes=float("1e308")), "steps[0].minutes", "ten years"),
        (_step(minutes=True), "steps[0].minutes", "number"),
        (_step(kind="loop"), "steps[0].kind", "one of"),
        (_step(value="great"), "steps[0].value", "one of"),
        (_step(label=""), "steps[0].label", "Enter"),
        (_step(label="x" * 201), "steps[0].label", "200"),
        (_step(branches=[{"to": 1}]), "steps[0].branches", "itself"),
        (_step(branches=[{"to": 7}]), "steps[0].branches", "1 to 1"),
        (_step(branches="everywhere"), "steps[0].branches", "list"),
        (_step(pain_points="one"), "steps[0].pain_points", "list"),
        (_step(colour="red"), "steps[0].colour", "not a step field"),
        ({"title": "Bad", "steps": ["A"]}, "steps[0]", "object"),
        ({"title": "Bad", "steps": "A, B"}, "steps", "list"),
        ({"title": "Bad", "steps": [{"label": str(n)} for n in range(MAX_STEPS + 1)]}, "steps", "at most"),
        ({"title": "Bad", "lanes": [f"L{n}" for n in range(21)]}, "lanes", "at most"),
        ({"title": "Bad", "lanes": ["Nurse", "NURSE"]}, "lanes[1]", "twice"),
        ({"title": "Bad", "lanes": [{"name": "Nurse"}]}, "lanes[0]", "text"),
        ({"title": "\x00\x01"}, "title", "Enter"),
        ({"title": "Bad", "state": "past"}, "state", "one of"),
        ({"title": "Bad", "mapped_on": "2027-02-30"}, "mapped_on", "real date"),
        ({"title": "Bad", "notes": "x" * 20_001}, "notes", "20,000"),
        ({"title": "Bad", "redesigns_id": "abc"}, "redesigns_id", "choose"),
        ({"title": "Bad", "state": "future", "redesigns_id": 2_000_000_000}, "redesigns_id", "current-state"),
        ({"title": "Bad", "secret": 1}, "secret", "not a process map field"),
    ]
    for body, field, says in cases:
        answer = member.api("POST", _base(world), body)
        assert answer.status_code == 422, (body if len(str(body)) < 200 else field, answer.status_code)
        problems = answer.get_json()["error"]["fields"]
        assert field in problems, (field, problems)
        assert says.casefold() in problems[field].casefold(), (field, problems[field])
    assert ProcessMap.query.count() == 0
    assert member.api("POST", _base(world), None).status_code == 415
    raw = member.raw.post(_base(world), data="{", content_type="application/json",
                          headers={"X-CSRFToken": member.csrf()})
    assert raw.status_code == 400


def test_control_characters_and_odd_unicode_are_cleaned(make_client, world):
    member = make_client(world.member)
    body = member.api("POST", _base(world), {"title": "Ref\x00er\u202eral\x0bpath", "steps": [
        {"lane": "Pa\u200btient", "label": "Line\none\ttwo", "pain_points": ["a\x00b"]}]}).get_json()
    assert body["title"] == "Referral path"
    assert body["lanes"] == ["Patient"] and body["steps"][0]["label"] == "Line one two"
    assert body["steps"][0]["pain_points"] == ["ab"]


def test_two_hundred_steps_with_cycles_and_empty_lanes_still_work(make_client, world):
    member = make_client(world.member)
    steps = [{"lane": f"Lane {n % 5}", "label": f"Step {n}", "minutes": n} for n in range(200)]
    steps[150]["branches"] = [{"to": 10, "label": "rework"}, {"to": 152, "label": "ok"}]  # a loop back
    answer = member.api("POST", _base(world), {"title": "Big", "lanes": ["Patient", "Nobody"], "steps": steps})
    assert answer.status_code == 201
    body = answer.get_json()
    assert len(body["steps"]) == 200 and "Nobody" in body["lanes"]
    assert any("start" in w.casefold() for w in body["warnings"])  # no start step: a warning, not a crash
    page = member.get(f"/teams/{world.team.id}/process-maps/{body['id']}")
    assert page.status_code == 200 and "large map" in page.get_data(as_text=True)


def test_another_teams_map_is_a_404_and_a_host_may_not_write(make_client, world):
    theirs = make_client(world.other_member).api("POST", f"/api/v1/teams/{world.other_team.id}/process-maps",
                                                 DISCHARGE).get_json()
    member = make_client(world.member)
    assert member.get(f"{_base(world)}/{theirs['id']}").status_code == 404
    assert member.api("PATCH", f"{_base(world)}/{theirs['id']}", {"title": "Mine"}).status_code == 404
    host = make_client(world.host)
    assert host.api("POST", _base(world), DISCHARGE).status_code == 403


def test_the_openapi_document_lists_the_models_choices():
    openapi = importlib.import_module("workspace.api.openapi")
    assert list(flow_module.STATES) == openapi.PROCESS_STATES
    assert list(flow_module.KINDS) == openapi.STEP_KINDS
    assert list(flow_module.VALUES) == openapi.STEP_VALUES
    assert openapi.TEN_YEARS_MINUTES == MAX_MINUTES


def test_steps_sent_back_keep_their_notes_authors(make_client, world):
    """A client reads a map, changes one label and sends the steps back: the pain point it
    did not change is still the colleague's who wrote it, not the caller's."""
    from tests import factories
    from workspace.extensions import db
    from workspace.processes.models import ProcessNote

    colleague = factories.make_user("Grace Colleague", "grace@example.org")
    factories.add_member(world.team, colleague, "member")
    db.session.commit()
    made = make_client(colleague).api("POST", _base(world), DISCHARGE).get_json()
    member = make_client(world.member)
    read = member.get(f"{_base(world)}/{made['id']}").get_json()
    steps = [{k: v for k, v in step.items() if k not in ("id", "number")} for step in read["steps"]]
    for step in steps:
        step["branches"] = [{"to": b["to"], "label": b["label"]} for b in step.get("branches", [])]
    steps[0]["label"] = "Medically optimised"
    steps[2]["pain_points"] = [*steps[2]["pain_points"], "Porters are booked by phone"]
    answer = member.api("PATCH", f"{_base(world)}/{made['id']}", {"steps": steps, "lanes": read["lanes"],
                                                                   "version": read["version"]})
    assert answer.status_code == 200, answer.get_json()
    authors = {n.body: n.author_name for n in db.session.query(ProcessNote).filter_by(map_id=made["id"])}
    assert authors == {"TTOs wait for a doctor's signature": "Grace Colleague",
                       "Porters are booked by phone": "Mo Member"}
