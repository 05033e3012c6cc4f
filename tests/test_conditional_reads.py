"""Lists that have a version answer If-None-Match with 304 while unchanged (issue 7), and never
for another person: the ETag names the viewer and the team."""

from __future__ import annotations

from workspace.auth.operations import create_api_token
from workspace.report import operations as ops

from .querycount import counting_queries


def _bearer(user):
    return {"Authorization": f"Bearer {create_api_token(user, 'cond').secret}"}


def _again(client, url, headers, etag):
    return client.get(url, headers={**headers, "If-None-Match": etag})


def test_section_list_is_304_until_a_section_changes(client, world):
    from workspace.extensions import db

    member = _bearer(world.member)
    url = f"/api/v1/teams/{world.team.id}/sections"
    first = client.get(url, headers=member)
    etag = first.headers["ETag"]
    unchanged = _again(client, url, member, etag)
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == etag
    ops.set_status(world.team, ops.get_section(world.team, "introduction"), "drafting", world.member)
    changed = _again(client, url, member, etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert any(s["status"] == "drafting" for s in changed.get_json()["items"])
    # The 304 is answered without loading any section's body.
    with counting_queries(db.engine) as seen:
        assert _again(client, url, member, changed.headers["ETag"]).status_code == 304
    assert not any("sections.body" in str(q) for q in seen)


def test_another_viewer_never_matches_my_etag(client, world):
    url = f"/api/v1/teams/{world.team.id}/sections"
    etag = client.get(url, headers=_bearer(world.member)).headers["ETag"]
    assert _again(client, url, _bearer(world.host), etag).status_code == 200
    assert _again(client, url, _bearer(world.other_member), etag).status_code == 404


def _comment(client, world, headers, body="Is this right?"):
    section_id = client.get(f"/api/v1/teams/{world.team.id}/sections/introduction", headers=headers).get_json()["id"]
    response = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=headers,
                           json={"target": {"type": "section", "id": section_id}, "body": body})
    assert response.status_code == 201
    return response.get_json()


def test_comment_list_is_304_until_a_thread_changes(client, world):
    member = _bearer(world.member)
    url = f"/api/v1/teams/{world.team.id}/comments?state=all"
    first_thread = _comment(client, world, member)
    second_thread = _comment(client, world, member, "And this?")
    etag = client.get(url, headers=member).headers["ETag"]
    assert _again(client, url, member, etag).status_code == 304
    # A different filter is a different list.
    assert _again(client, f"/api/v1/teams/{world.team.id}/comments?state=open", member, etag).status_code == 200
    # Resolve the second thread, then the first; reopen the first. Each change is seen; reopening
    # returns the list to what it said after the first step, and so to that step's tag.
    tags = []
    for action, thread in (("resolve", second_thread), ("resolve", first_thread), ("reopen", first_thread)):
        client.post(f"/api/v1/teams/{world.team.id}/comments/{thread['id']}/{action}", headers=member)
        response = _again(client, url, member, etag)
        assert response.status_code == 200 and response.headers["ETag"] != etag
        etag = response.headers["ETag"]
        tags.append(etag)
    assert len(set(tags[:2])) == 2 and tags[2] == tags[0]
    edited = client.patch(f"/api/v1/teams/{world.team.id}/comments/{first_thread['id']}", headers=member,
                          json={"body": "Edited"})
    assert edited.status_code == 200
    assert _again(client, url, member, etag).status_code == 200


def test_quote_check_follows_the_section_text(client, world):
    member = _bearer(world.member)
    ops.save_section(world.team, "introduction", "We found long waits.", 0, world.member)
    section_id = client.get(f"/api/v1/teams/{world.team.id}/sections/introduction", headers=member).get_json()["id"]
    client.post(f"/api/v1/teams/{world.team.id}/comments", headers=member,
                json={"target": {"type": "section", "id": section_id}, "quote": "long waits", "body": "How long?"})
    url = f"/api/v1/teams/{world.team.id}/comments"
    etag = client.get(url, headers=member).headers["ETag"]
    ops.save_section(world.team, "introduction", "We found short queues.", 1, world.member)
    changed = _again(client, url, member, etag)
    assert changed.status_code == 200 and changed.get_json()["items"][0]["quote_found"] is False


def test_notifications_are_304_until_one_arrives_or_is_read(client, world):
    host = _bearer(world.host)
    url = "/api/v1/notifications"
    etag = client.get(url, headers=host).headers["ETag"]
    assert _again(client, url, host, etag).status_code == 304
    _comment(client, world, _bearer(world.member), "@Hana Host please look")
    arrived = _again(client, url, host, etag)
    assert arrived.status_code == 200 and len(arrived.get_json()["items"]) == 1
    etag = arrived.headers["ETag"]
    client.post("/api/v1/notifications/read", headers=host, json={})
    read = _again(client, url, host, etag)
    assert read.status_code == 200 and read.get_json()["items"][0]["read"] is True
