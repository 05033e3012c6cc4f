"""The stakeholder API: every route, its 4xx answers in the project's error format, another
team's records as 404, and a host partner never reading a confidential field."""

from __future__ import annotations

import importlib
import json

import pytest

from workspace.extensions import db
from workspace.models import utcnow
from workspace.report.models import Comment, Notification
from workspace.stakeholders import operations as ops
from workspace.stakeholders.models import (
    LINK_KINDS,
    NINE_CS,
    Category,
    Frequency,
    Stakeholder,
)

from . import factories

NEW = {"name": "Helen Achebe", "organisation": "Eastfield ICB", "role": "Ageing well lead", "category": "icb",
       "power": 5, "interest": 2, "attitude": 0, "desired_attitude": 2,
       "engagement_plan": {"actions": "Briefings", "channel": "Call", "frequency": "monthly",
                           "last_contact": "2026-11-01"},
       "tags": ["funding"], "nine_cs": ["commissioners"]}


def _base(world, team=None) -> str:
    return f"/api/v1/teams/{(team or world.team).id}"


def _map(world):
    """An open stakeholder, one whose attitude is confidential, one wholly confidential, linked."""
    def add(name, **fields):
        data = {"name": name, "category": "primary_care", "power": 4, "interest": 4, **fields}
        return ops.create(world.team, world.member, data).stakeholder

    open_one = add("Practice manager", attitude=1, desired_attitude=2)
    guarded = add("Hillside partners", attitude=-2, desired_attitude=1, attitude_confidential=True)
    secret = add("Dr Colin Avery", attitude=-2, desired_attitude=0, confidential=True)
    ops.add_link(world.team, world.member, secret.id, open_one.id, "conflicts_with")
    ops.add_link(world.team, world.member, guarded.id, open_one.id, "influences")
    ops.update(world.team, guarded, world.member, {"attitude": -1})
    return open_one, guarded, secret


def test_create_read_change_and_delete(make_client, world):
    member = make_client(world.member)
    created = member.api("POST", f"{_base(world)}/stakeholders", json={**NEW, "owner_id": world.member.id})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert created.headers["Location"].endswith(f"/stakeholders/{body['id']}")
    assert body["quadrant"] == "keep satisfied" and body["category_label"] == "ICB"
    assert body["engagement_plan"]["next_contact"] == "2026-12-01"  # from the last contact and monthly
    assert body["owner"] == {"id": world.member.id, "name": "Mo Member"}
    assert body["confidential"] is False and body["warnings"] == [] and body["version"] == 1

    url = f"{_base(world)}/stakeholders/{body['id']}"
    patched = member.api("PATCH", url, json={"power": 2, "interest": 5, "version": 1})
    assert patched.status_code == 200 and patched.get_json()["quadrant"] == "keep informed"
    assert patched.get_json()["version"] == 2
    read = member.get(url).get_json()
    assert [(h["power"], h["interest"]) for h in read["history"]] == [(5, 2), (2, 5)]
    listed = member.get(f"{_base(world)}/stakeholders").get_json()
    assert [s["name"] for s in listed["items"]] == ["Helen Achebe"] and listed["next"] is None

    assert member.api("DELETE", url).status_code == 204
    assert member.get(url).status_code == 404
    assert member.get(f"{_base(world)}/stakeholders").get_json()["items"] == []


def test_a_stale_patch_is_a_409_with_the_current_record(make_client, world):
    member = make_client(world.member)
    body = member.api("POST", f"{_base(world)}/stakeholders", json=NEW).get_json()
    url = f"{_base(world)}/stakeholders/{body['id']}"
    member.api("PATCH", url, json={"power": 1, "version": 1})
    stale = member.api("PATCH", url, json={"power": 4, "version": 1})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert answer["error"]["code"] == "conflict" and set(answer["error"]["fields"]) == {"power"}
    assert answer["current"]["power"] == 1 and answer["current"]["version"] == 2
    # A stale version naming a field nobody else changed merges; no version sets the field.
    assert member.api("PATCH", url, json={"interest": 1, "version": 1}).status_code == 200
    assert member.api("PATCH", url, json={"power": 4}).get_json()["power"] == 4


@pytest.mark.parametrize(("payload", "status", "fields"), [
    ({**NEW, "power": 6}, 422, {"power"}),
    ({**NEW, "power": "5", "interest": 3.5}, 422, {"interest"}),
    ({**NEW, "category": "hospital"}, 422, {"category"}),
    ({**NEW, "attitude": -3}, 422, {"attitude"}),
    ({**NEW, "owner_id": 999}, 422, {"owner_id"}),
    ({**NEW, "salary": 1}, 422, {"salary"}),
    ({**NEW, "engagement_plan": "weekly"}, 422, {"engagement_plan"}),
    ({**NEW, "engagement_plan": {"next_contact": "soon"}}, 422, {"engagement_plan.next_contact"}),
    ({**NEW, "engagement_plan": {"when": "soon"}}, 422, {"engagement_plan.when"}),
    ({"name": ""}, 422, {"name", "category", "power", "interest"}),
    ({**NEW, "tags": "a" * 41}, 422, {"tags"}),
])
def test_bad_input_is_a_422_naming_each_field(make_client, world, payload, status, fields):
    answer = make_client(world.member).api("POST", f"{_base(world)}/stakeholders", json=payload)
    assert answer.status_code == status
    error = answer.get_json()["error"]
    assert error["code"] == "validation_failed" and set(error["fields"]) == fields, error
    assert db.session.query(Stakeholder).count() == 0


def test_malformed_requests_are_4xx_never_500(make_client, world):
    member = make_client(world.member)
    url = f"{_base(world)}/stakeholders"
    assert member.api("POST", url, data="{", headers={"Content-Type": "application/json"}).status_code == 400
    assert member.api("POST", url, json=[1, 2]).status_code == 400
    assert member.api("POST", url, data="name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 415
    assert member.get(f"{url}?limit=0").status_code == 400
    assert member.get(f"{url}?cursor=abc").status_code == 400
    assert member.get(f"{url}/99999999999").status_code == 404
    # A filter the API cannot apply is refused, naming each one, rather than quietly ignored
    refused = member.get(f"{url}?category=nope&quadrant=middle&attitude=9&owner=x&overdue=maybe")
    assert refused.status_code == 400
    assert set(refused.get_json()["error"]["fields"]) == {"category", "quadrant", "attitude", "owner", "overdue"}
    assert member.get(f"{url}?owner={world.host.id}").status_code == 400  # not a member
    assert member.get(f"{url}?category=icb&quadrant=monitor&attitude=-1&owner=none&overdue=false").status_code == 200
    one = member.api("POST", url, json=NEW).get_json()
    assert member.api("PATCH", f"{url}/{one['id']}", json={"version": "one"}).status_code == 422
    assert member.api("PATCH", f"{url}/{one['id']}", json={"version": 7}).status_code == 422


def test_another_teams_records_are_404(make_client, world):
    theirs = ops.create(world.other_team, world.other_member, {"name": "Theirs", "category": "icb", "power": 1,
                                                               "interest": 1}).stakeholder
    other_one = ops.create(world.other_team, world.other_member, {"name": "Theirs 2", "category": "icb", "power": 1,
                                                                  "interest": 1}).stakeholder
    link = ops.add_link(world.other_team, world.other_member, theirs.id, other_one.id, "influences")
    member = make_client(world.member)
    for method, path in [("GET", f"/stakeholders/{theirs.id}"), ("PATCH", f"/stakeholders/{theirs.id}"),
                         ("DELETE", f"/stakeholders/{theirs.id}"), ("DELETE", f"/stakeholder-links/{link.id}")]:
        answer = member.api(method, _base(world) + path, json={"power": 2} if method == "PATCH" else None)
        assert answer.status_code == 404, (method, path)
        assert answer.get_json()["error"]["code"] == "not_found"
    # Their team's URL is a 404 too, and a link to their stakeholder is refused by name.
    assert member.get(f"{_base(world, world.other_team)}/stakeholders").status_code == 404
    mine = member.api("POST", f"{_base(world)}/stakeholders", json=NEW).get_json()
    refused = member.api("POST", f"{_base(world)}/stakeholder-links",
                         json={"source_id": mine["id"], "target_id": theirs.id, "kind": "influences"})
    assert refused.status_code == 422
    assert "no stakeholder" in refused.get_json()["error"]["fields"]["target_id"]


def test_links(make_client, world):
    member = make_client(world.member)
    a = member.api("POST", f"{_base(world)}/stakeholders", json=NEW).get_json()
    b = member.api("POST", f"{_base(world)}/stakeholders", json={**NEW, "name": "Board"}).get_json()
    url = f"{_base(world)}/stakeholder-links"
    made = member.api("POST", url, json={"source_id": a["id"], "target_id": b["id"], "kind": "reports_to"})
    assert made.status_code == 201
    assert made.get_json()["kind_label"] == "reports to" and made.get_json()["target"]["name"] == "Board"
    for payload, field in [({"source_id": a["id"], "target_id": a["id"], "kind": "influences"}, "target_id"),
                           ({"source_id": a["id"], "target_id": b["id"], "kind": "reports_to"}, "target_id"),
                           ({"source_id": a["id"], "target_id": b["id"], "kind": "hates"}, "kind"),
                           ({"source_id": "abc", "target_id": b["id"], "kind": "influences"}, "source_id"),
                           ({"source_id": a["id"], "target_id": True, "kind": "influences"}, "target_id")]:
        answer = member.api("POST", url, json=payload)
        assert answer.status_code == 422 and field in answer.get_json()["error"]["fields"], payload
    assert member.api("POST", url, json={"source_id": a["id"], "target_id": b["id"], "kind": "influences",
                                         "note": "x"}).status_code == 422
    listed = member.get(f"{url}?stakeholder_id={b['id']}").get_json()
    assert len(listed["items"]) == 1
    assert member.api("DELETE", f"{url}/{made.get_json()['id']}").status_code == 204
    assert member.get(url).get_json()["items"] == []


def test_a_host_never_reads_a_confidential_field_through_the_api(make_client, world):
    open_one, guarded, secret = _map(world)
    host = make_client(world.host)
    base = _base(world)
    listed = host.get(f"{base}/stakeholders").get_json()["items"]
    assert [s["name"] for s in listed] == ["Practice manager", "Hillside partners"]
    for item in listed:
        assert "confidential" not in item and "attitude_confidential" not in item
    hidden = next(s for s in listed if s["id"] == guarded.id)
    assert hidden["attitude"] is None and hidden["desired_attitude"] is None
    detail = host.get(f"{base}/stakeholders/{guarded.id}").get_json()
    assert {h["attitude"] for h in detail["history"]} == {None}
    assert host.get(f"{base}/stakeholders/{secret.id}").status_code == 404
    assert all(secret.id not in (link["source"]["id"], link["target"]["id"])
               for link in host.get(f"{base}/stakeholder-links").get_json()["items"])
    assert host.get(f"{base}/stakeholders?attitude=-1").get_json()["items"] == []
    assert host.get(f"{base}/stakeholders?q=Avery").get_json()["items"] == []
    raw = json.dumps([host.get(f"{base}/stakeholders").get_json(), detail,
                      host.get(f"{base}/stakeholder-links").get_json()])
    assert "Colin Avery" not in raw and "-2" not in raw
    csv = host.get(f"{base}/stakeholders.csv").get_data(as_text=True)
    assert "Colin Avery" not in csv and "Hillside partners" in csv and ",-1," not in csv
    # The team sees everything.
    member = make_client(world.member)
    assert len(member.get(f"{base}/stakeholders").get_json()["items"]) == 3
    assert member.get(f"{base}/stakeholders/{guarded.id}").get_json()["attitude"] == -1
    assert "Colin Avery" in member.get(f"{base}/stakeholders.csv").get_data(as_text=True)


def test_a_host_reads_and_comments_but_never_writes(make_client, world):
    open_one, _guarded, secret = _map(world)
    host = make_client(world.host)
    base = _base(world)
    for method, path, payload in [("POST", "/stakeholders", NEW), ("PATCH", f"/stakeholders/{open_one.id}", {"power": 1}),
                                  ("DELETE", f"/stakeholders/{open_one.id}", None),
                                  ("POST", "/stakeholders.csv", {"csv": "name,category,power,interest\nA,ICB,1,1\n"})]:
        answer = host.api(method, base + path, json=payload)
        assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "forbidden", path
    # A confidential stakeholder is a 404 even for a write a host could never make.
    assert host.api("PATCH", f"{base}/stakeholders/{secret.id}", json={"power": 1}).status_code == 403


def test_comments_on_stakeholders_follow_what_each_person_may_see(make_client, world):
    open_one, _guarded, secret = _map(world)
    member, host = make_client(world.member), make_client(world.host)
    base = _base(world)
    on_open = member.api("POST", f"{base}/comments", json={"target": {"type": "stakeholder", "id": open_one.id},
                                                           "body": "@Hana Host can you introduce us?"})
    assert on_open.status_code == 201 and on_open.get_json()["target"] == {"type": "stakeholder", "id": open_one.id}
    on_secret = member.api("POST", f"{base}/comments", json={"target": {"type": "stakeholder", "id": secret.id},
                                                             "body": "@Hana Host must never hear of this"})
    assert on_secret.status_code == 201
    # Hana was told of the first mention only: the second is on a stakeholder she may not see.
    texts = [n.text for n in db.session.query(Notification).filter_by(user_id=world.host.id)]
    assert texts == ["Mo Member mentioned you on “Practice manager”"]
    threads = host.get(f"{base}/comments").get_json()["items"]
    assert [t["id"] for t in threads] == [on_open.get_json()["id"]]
    secret_id = on_secret.get_json()["id"]
    assert host.get(f"{base}/comments?target_type=stakeholder&target_id={secret.id}").status_code == 404
    assert host.api("POST", f"{base}/comments/{secret_id}/resolve").status_code == 404
    assert host.api("POST", f"{base}/comments", json={"parent_id": secret_id, "body": "Reply"}).status_code == 404
    assert host.api("POST", f"{base}/comments", json={"target": {"type": "stakeholder", "id": secret.id},
                                                      "body": "Hello"}).status_code == 422
    # The team sees both, and the threads of one stakeholder on their own.
    assert len(member.get(f"{base}/comments").get_json()["items"]) == 2
    one = member.get(f"{base}/comments?target_type=stakeholder&target_id={open_one.id}").get_json()["items"]
    assert len(one) == 1
    assert member.get(f"{base}/comments?target_type=poster&target_id=1").status_code == 400  # no such type
    # Replies and resolve work as on sections; a deleted stakeholder's threads leave every list.
    reply = host.api("POST", f"{base}/comments", json={"parent_id": on_open.get_json()["id"], "body": "Yes"})
    assert reply.status_code == 201
    assert host.api("POST", f"{base}/comments/{on_open.get_json()['id']}/resolve").status_code == 200
    ops.delete(world.team, db.session.get(Stakeholder, open_one.id), world.member)
    assert host.get(f"{base}/comments").get_json()["items"] == []


def test_stakeholder_comments_are_listed_under_their_stakeholder_never_a_section(make_client, world):
    """The team's Comments tab lists every thread the viewer may see (issue 11): a stakeholder's
    under its stakeholder, linked there, never taken for a section's; a confidential stakeholder's
    thread never reaches a host partner."""
    open_one, _guarded, secret = _map(world)
    for stakeholder, body in ((open_one, "On them"), (secret, "On the secret one")):
        db.session.add(Comment(team_id=world.team.id, target_type="stakeholder", target_id=stakeholder.id,
                               body=body, author_id=world.member.id, created_at=utcnow()))
    db.session.commit()
    page = make_client(world.member).get(f"/teams/{world.team.id}/comments?state=all").get_data(as_text=True)
    listed = page.split("On them")[0]
    assert f"/stakeholders/{open_one.id}#comment-" in listed and "On the stakeholder" in listed
    assert "On the secret one" in page
    host_page = make_client(world.host).get(f"/teams/{world.team.id}/comments?state=all").get_data(as_text=True)
    assert "On them" in host_page and "On the secret one" not in host_page


def test_csv_download_and_import_through_the_api(make_client, world):
    member = make_client(world.member)
    url = f"{_base(world)}/stakeholders.csv"
    imported = member.api("POST", url, data=b"name,category,power,interest\nA,ICB,1,1\nB,Regulator,5,1\n",
                          headers={"Content-Type": "text/csv"})
    assert imported.status_code == 200 and imported.get_json()["created"] == 2
    download = member.get(url)
    assert download.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.get_data().startswith(b"\xef\xbb\xbf")
    rejected = member.api("POST", url, json={"csv": "name,category,power,interest\nC,ICB,9,1\n,ICB,1,1\n"})
    assert rejected.status_code == 422
    answer = rejected.get_json()
    assert answer["error"]["code"] == "import_rejected"
    assert [(r["row"], sorted(r["problems"])) for r in answer["rows"]] == [(2, ["power"]), (3, ["name"])]
    bad_file = member.api("POST", url, data="name;x\n".encode("utf-16"), headers={"Content-Type": "text/csv"})
    assert bad_file.status_code == 422 and bad_file.get_json()["error"]["code"] == "invalid_csv"
    assert member.api("POST", url, data=b"", headers={"Content-Type": "text/csv"}).status_code == 400
    assert member.api("POST", url, json={"csv": 5}).status_code == 400
    assert db.session.query(Stakeholder).count() == 2


def test_a_submitted_review_answers_409(make_client, world):
    member = make_client(world.member)
    one = member.api("POST", f"{_base(world)}/stakeholders", json=NEW).get_json()
    world.submit()
    for method, path, payload in [("POST", "/stakeholders", NEW), ("PATCH", f"/stakeholders/{one['id']}", {"power": 1}),
                                  ("DELETE", f"/stakeholders/{one['id']}", None)]:
        answer = member.api(method, _base(world) + path, json=payload)
        assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "submitted", path


def test_pages_through_the_register_by_id(make_client, world):
    for n in range(5):
        ops.create(world.team, world.member, {"name": f"Person {n}", "category": "icb", "power": 1, "interest": 1})
    member = make_client(world.member)
    first = member.get(f"{_base(world)}/stakeholders?limit=2").get_json()
    second = member.get(f"{_base(world)}/stakeholders?limit=2&cursor={first['next']}").get_json()
    third = member.get(f"{_base(world)}/stakeholders?limit=2&cursor={second['next']}").get_json()
    names = [s["name"] for page in (first, second, third) for s in page["items"]]
    assert names == [f"Person {n}" for n in range(5)] and third["next"] is None


def test_the_openapi_document_lists_the_models_choices():
    openapi = importlib.import_module("workspace.api.openapi")
    document = openapi.document()
    assert [c.value for c in Category] == openapi.STAKEHOLDER_CATEGORIES
    assert [f.value for f in Frequency] == openapi.STAKEHOLDER_FREQUENCIES
    assert list(NINE_CS) == openapi.NINE_CS
    assert list(LINK_KINDS) == openapi.LINK_KINDS
    for path in ("/teams/{team_id}/stakeholders", "/teams/{team_id}/stakeholders/{stakeholder_id}",
                 "/teams/{team_id}/stakeholder-links", "/teams/{team_id}/stakeholder-links/{link_id}",
                 "/teams/{team_id}/stakeholders.csv"):
        assert path in document["paths"]


def test_a_stakeholder_made_confidential_takes_a_hosts_mentions_of_it_with_it(make_client, world):
    """A host was told "… mentioned you on “Practice manager”"; once the team makes that
    stakeholder confidential, the name must not stay in the host's notifications."""
    open_one, _guarded, _secret = _map(world)
    member, host = make_client(world.member), make_client(world.host)
    base = _base(world)
    posted = member.api("POST", f"{base}/comments", json={"target": {"type": "stakeholder", "id": open_one.id},
                                                          "body": "@Hana Host can you introduce us?"})
    assert posted.status_code == 201
    assert [n["text"] for n in host.get("/api/v1/notifications").get_json()["items"]] == [
        "Mo Member mentioned you on “Practice manager”"]
    current = member.get(f"{base}/stakeholders/{open_one.id}").get_json()
    changed = member.api("PATCH", f"{base}/stakeholders/{open_one.id}",
                         json={"confidential": True, "version": current["version"]})
    assert changed.status_code == 200, changed.get_json()
    assert host.get("/api/v1/notifications").get_json()["items"] == []
    assert "Practice manager" not in host.get("/notifications").get_data(as_text=True)
    assert db.session.query(Notification).filter_by(user_id=world.host.id).count() == 0
    # A team member's mention on it stays theirs: only those the stakeholder is hidden from lose it.
    colleague = factories.make_user("Cai Colleague", "cai@example.org")
    factories.add_member(world.team, colleague, "member")
    db.session.commit()
    assert member.api("POST", f"{base}/comments", json={"target": {"type": "stakeholder", "id": open_one.id},
                                                        "body": "@Cai Colleague over to you"}).status_code == 201
    current = member.get(f"{base}/stakeholders/{open_one.id}").get_json()
    assert member.api("PATCH", f"{base}/stakeholders/{open_one.id}",
                      json={"confidential": False, "version": current["version"]}).status_code == 200
    current = member.get(f"{base}/stakeholders/{open_one.id}").get_json()
    assert member.api("PATCH", f"{base}/stakeholders/{open_one.id}",
                      json={"confidential": True, "version": current["version"]}).status_code == 200
    assert [n.user_id for n in db.session.query(Notification).filter_by(team_id=world.team.id)] == [colleague.id]
