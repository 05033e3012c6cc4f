"""The framework and tags in the JSON API."""

from __future__ import annotations

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.framework import tags as tag_ops
from workspace.framework.models import Tag
from workspace.framework.setup import ensure_framework, framework_of
from workspace.qi import action_operations as action_ops
from workspace.stakeholders import operations as stakeholder_ops

from . import factories


def _framework(world):
    ensure_framework(world.team.cohort)
    return framework_of(world.team.cohort_id)


def test_the_cohorts_framework_for_its_people_only(world, make_client):
    url = f"/api/v1/cohorts/{world.team.cohort_id}/framework"
    body = make_client(world.member).api("GET", url).get_json()
    assert [d["name"] for d in body["domains"]] == ["Individual Effectiveness", "Relationships and Connectivity",
                                                    "Innovation and Improvement", "Learning and Capacity Building"]
    assert [t["name"] for t in body["themes"]] == ["Being", "Relating & Communicating", "Delivering",
                                                   "Leading & Visioning"]
    assert body["domains"][1]["behaviours"][0]["name"] == "Create shared vision"
    assert body["domains"][1]["behaviours"][0]["ref"].startswith("behaviour:")
    assert len(body["domains"][1]["interventions"]) == 7
    for person in (world.host, world.assessor, world.facilitator, world.other_member):
        assert make_client(person).api("GET", url).status_code == 200
    stranger = factories.make_user("Stranger")
    assert make_client(stranger).api("GET", url).status_code == 404
    assert make_client().api("GET", url).status_code == 401
    elsewhere = factories.make_cohort("Elsewhere")
    assert make_client(world.member).api("GET", f"/api/v1/cohorts/{elsewhere.id}/framework").status_code == 404


def test_add_list_and_delete_tags(world, make_client):
    framework = _framework(world)
    action = action_ops.create(world.team, world.member, {"title": "Huddle"})
    member = make_client(world.member)
    url = f"/api/v1/teams/{world.team.id}/tags"
    ref = f"domain:{framework.domains[2].id}"
    made = member.api("POST", url, {"target_type": "action", "target_id": action.id, "tag": ref})
    assert made.status_code == 201
    assert made.get_json()["name"] == "Innovation and Improvement" and made.get_json()["ref"] == ref
    again = member.api("POST", url, {"target_type": "action", "target_id": action.id, "tag": ref})
    assert again.status_code == 200 and again.get_json()["id"] == made.get_json()["id"]
    listed = member.api("GET", f"{url}?target_type=action&target_id={action.id}").get_json()["items"]
    assert [t["name"] for t in listed] == ["Innovation and Improvement"]
    assert member.api("GET", f"{url}?target_type=measure").status_code == 400
    assert member.api("GET", f"{url}?target_id={action.id}").status_code == 400
    assert member.api("DELETE", f"{url}/{made.get_json()['id']}").status_code == 204
    assert member.api("DELETE", f"{url}/{made.get_json()['id']}").status_code == 404


def test_the_api_refuses_what_the_rules_refuse(world, make_client):
    framework = _framework(world)
    action = action_ops.create(world.team, world.member, {"title": "Huddle"})
    theirs = action_ops.create(world.other_team, world.other_member, {"title": "Theirs"})
    member, host = make_client(world.member), make_client(world.host)
    url = f"/api/v1/teams/{world.team.id}/tags"
    ref = f"domain:{framework.domains[2].id}"
    other = factories.make_cohort("Elsewhere")
    ensure_framework(other)
    foreign = member.api("POST", url, {"target_type": "action", "target_id": action.id,
                                       "tag": f"domain:{framework_of(other.id).domains[0].id}"})
    assert foreign.status_code == 422
    assert foreign.get_json()["error"]["fields"] == {"tag": "That is not part of your cohort's framework"}
    unknown = member.api("POST", url, {"target_type": "measure", "target_id": action.id, "tag": ref})
    assert unknown.status_code == 422 and "target_type" in unknown.get_json()["error"]["fields"]
    assert member.api("POST", url, {"target_type": "action", "target_id": theirs.id, "tag": ref}).status_code == 404
    assert member.api("POST", url, {"target_type": "action", "target_id": action.id, "tag": ref,
                                    "colour": "red"}).status_code == 422
    assert host.api("POST", url, {"target_type": "action", "target_id": action.id, "tag": ref}).status_code == 403
    world.submit()
    assert member.api("POST", url, {"target_type": "action", "target_id": action.id, "tag": ref}).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 0


def test_a_hidden_items_tags_are_not_listed(world, make_client):
    framework = _framework(world)
    hidden = stakeholder_ops.create(world.team, world.member, {"name": "Dr Confidential", "category": "icb",
                                                                "power": 4, "interest": 4,
                                                                "confidential": True}).stakeholder
    shown = stakeholder_ops.create(world.team, world.member, {"name": "Ward managers", "category": "staff_group",
                                                               "power": 2, "interest": 5}).stakeholder
    ref = f"domain:{framework.domains[1].id}"
    for person in (hidden, shown):
        tag_ops.add_tag(world.team, "stakeholder", person.id, ref, world.member)
    kept = tag_ops._TARGETS.get("reflection")  # the real one (fw-reflect's), put back after
    tag_ops.register_tag_target("reflection", lambda team, target_id, viewer: True, capability="view",
                                refuse_when_submitted=False)  # no visible_ids: never listed
    try:
        tag_ops.add_tag(world.team, "reflection", 99, ref, world.member)
        url = f"/api/v1/teams/{world.team.id}/tags"
        member_sees = {(t["target_type"], t["target_id"]) for t in make_client(world.member).api("GET", url).get_json()["items"]}
        host_sees = {(t["target_type"], t["target_id"]) for t in make_client(world.host).api("GET", url).get_json()["items"]}
    finally:
        tag_ops._TARGETS.pop("reflection", None)
        if kept is not None:
            tag_ops._TARGETS["reflection"] = kept
    assert member_sees == {("stakeholder", hidden.id), ("stakeholder", shown.id)}
    assert host_sees == {("stakeholder", shown.id)}


def test_the_tags_come_a_page_at_a_time(world, make_client):
    framework = _framework(world)
    actions = [action_ops.create(world.team, world.member, {"title": f"Action {k}"}) for k in range(3)]
    for action in actions:
        for domain in framework.domains:
            tag_ops.add_tag(world.team, "action", action.id, f"domain:{domain.id}", world.member)
    member = make_client(world.member)
    url = f"/api/v1/teams/{world.team.id}/tags?limit=5"
    seen, cursor = [], None
    while True:
        body = member.api("GET", url + (f"&cursor={cursor}" if cursor else "")).get_json()
        seen += [t["id"] for t in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == 12 == len(set(seen)) and seen == sorted(seen)
    assert member.api("GET", f"/api/v1/teams/{world.team.id}/tags?limit=0").status_code == 400
