"""The report API: sections, the merging PUT, revisions, comments, presence, notifications."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.models import AuditEvent
from workspace.report.models import Notification, Revision, Section

from . import factories


@pytest.fixture
def tokens(world):
    return {name: {"Authorization": f"Bearer {create_api_token(getattr(world, name), 't').secret}"}
            for name in ("member", "host", "assessor", "other_member", "facilitator")}


def url(world, key="introduction", suffix=""):
    return f"/api/v1/teams/{world.team.id}/sections/{key}{suffix}"


def put(client, world, headers, body, base, key="introduction"):
    return client.put(url(world, key), json={"body": body, "base_version": base}, headers=headers)


def test_sections_follow_the_template_in_order(client, world, tokens):
    items = client.get(f"/api/v1/teams/{world.team.id}/sections", headers=tokens["member"]).get_json()["items"]
    titles = [s["title"] for s in items]
    assert titles[0] == "Executive summary"
    assert "Scope — Start Anywhere" in titles
    assert titles[-2:] == ["References", "Appendices"]
    assert len(titles) == 13
    assert all(s["version"] == 0 for s in items)


def test_save_fast_forward_then_stale_save_merges(client, world, tokens):
    first = put(client, world, tokens["member"], "Para A.\n\nPara B.\n", 0)
    assert first.status_code == 200
    assert first.get_json() == {**first.get_json(), "version": 1, "merged": False}
    second = put(client, world, tokens["member"], "Para A, edited.\n\nPara B.\n", 1)
    assert second.get_json()["version"] == 2
    # A save from version 1 that changed the other paragraph merges with version 2.
    stale = put(client, world, tokens["facilitator"], "Para A.\n\nPara B, edited too.\n", 1)
    body = stale.get_json()
    assert stale.status_code == 200
    assert body["merged"] is True and body["version"] == 3
    assert body["body"] == "Para A, edited.\n\nPara B, edited too.\n"


def test_overlapping_save_is_409_and_saves_nothing(client, world, tokens):
    put(client, world, tokens["member"], "The figure is 60.\n", 0)
    put(client, world, tokens["member"], "The figure is 70.\n", 1)
    response = put(client, world, tokens["facilitator"], "The figure is 80.\n", 1)
    assert response.status_code == 409
    data = response.get_json()
    assert data["error"]["code"] == "conflict"
    assert data["current_version"] == 2
    assert data["current_body"] == "The figure is 70.\n"
    assert "80" in data["merged_with_markers"] and "70" in data["merged_with_markers"]
    assert db.session.scalar(select(Section.version).where(Section.key == "introduction", Section.team_id == world.team.id)) == 2
    # Resolving: save the chosen text against the current version.
    assert put(client, world, tokens["facilitator"], "The figure is 75.\n", 2).status_code == 200


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"body": "x"}, 428),
        ({"body": "x", "base_version": "1"}, 400),
        ({"body": "x", "base_version": 1.5}, 400),
        ({"body": "x", "base_version": True}, 400),
        ({"body": 5, "base_version": 0}, 400),
        ({"body": "x", "base_version": 99}, 422),
        ({"body": "x", "base_version": -1}, 422),
    ],
)
def test_bad_saves_are_4xx_with_a_message(client, world, tokens, payload, status):
    response = client.put(url(world), json=payload, headers=tokens["member"])
    assert response.status_code == status
    assert response.get_json()["error"]["message"]


def test_body_over_200_kb_is_413(client, world, tokens):
    response = put(client, world, tokens["member"], "x" * (200 * 1024 + 1), 0)
    assert response.status_code == 413
    assert "200 kB" in response.get_json()["error"]["message"]


def test_control_characters_are_stripped_on_the_way_in(client, world, tokens):
    body = put(client, world, tokens["member"], "Clean\x00 text\x0chere\x1b.\r\nNext line.", 0).get_json()["body"]
    # A form feed (a page break pasted from a PDF) separates words: it becomes a line break.
    assert body == "Clean text\nhere.\nNext line."


def test_save_to_a_removed_section_is_410(make_client, client, world, tokens):
    member = make_client(world.member)
    member.form(f"/teams/{world.team.id}/report", {"title": "Our extra bit"})
    key = db.session.scalar(select(Section.key).where(Section.title == "Our extra bit"))
    member.form(f"/teams/{world.team.id}/report/{key}/remove")
    response = put(client, world, tokens["member"], "Late text", 0, key=key)
    assert response.status_code in (404, 410)
    assert response.get_json()["error"]["message"]


def test_host_and_assessor_cannot_edit(client, world, tokens):
    assert put(client, world, tokens["host"], "Host text", 0).status_code == 403
    assert put(client, world, tokens["assessor"], "x", 0).status_code == 403  # sees the team, not the work
    world.submit()
    assert put(client, world, tokens["assessor"], "x", 0).status_code == 403
    assert client.get(url(world), headers=tokens["assessor"]).status_code == 200


def test_other_team_is_404(client, world, tokens):
    assert client.get(url(world), headers=tokens["other_member"]).status_code == 404
    assert put(client, world, tokens["other_member"], "x", 0).status_code == 404


def test_etag_gives_304_until_the_section_changes(client, world, tokens):
    first = client.get(url(world), headers=tokens["member"])
    etag = first.headers["ETag"]
    again = client.get(url(world), headers={**tokens["member"], "If-None-Match": etag})
    assert again.status_code == 304
    put(client, world, tokens["member"], "New text", 0)
    changed = client.get(url(world), headers={**tokens["member"], "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["body"] == "New text"


def test_etag_answers_only_those_who_may_view_and_costs_three_queries(client, world, tokens):
    from .querycount import counting_queries

    etag = client.get(url(world), headers=tokens["member"]).headers["ETag"]
    assert '"' in etag and "W/" not in etag  # strong: the same version is the same bytes for everyone
    # The permission check comes first: the right ETag tells an outsider nothing.
    assert client.get(url(world), headers={**tokens["other_member"], "If-None-Match": etag}).status_code == 404
    assert client.get(url(world), headers={**tokens["assessor"], "If-None-Match": etag}).status_code == 403
    section_url = url(world)
    db.session.expire_all()
    with counting_queries(db.engine) as seen:
        unchanged = client.get(section_url, headers={**tokens["member"], "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert unchanged.headers["Cache-Control"] == "no-store"
    assert len(seen) == 3  # the token and its user, the team with the membership, the sections


def test_revisions_list_and_fetch(client, world, tokens):
    put(client, world, tokens["member"], "One.", 0)
    put(client, world, tokens["member"], "One. Two.", 1)
    items = client.get(url(world, suffix="/revisions"), headers=tokens["member"]).get_json()["items"]
    assert [r["version"] for r in items] == [2, 1]
    assert items[0]["words_added"] == 1 and items[0]["author"]["name"] == "Mo Member"
    one = client.get(url(world, suffix="/revisions/1"), headers=tokens["member"]).get_json()
    assert one["body"] == "One."
    assert client.get(url(world, suffix="/revisions/9"), headers=tokens["member"]).status_code == 404


def test_identical_resave_adds_no_revision(client, world, tokens):
    put(client, world, tokens["member"], "Same.", 0)
    response = put(client, world, tokens["member"], "Same.", 1)
    assert response.get_json()["version"] == 1
    assert db.session.scalar(select(Revision.version).order_by(Revision.version.desc())) == 1


def test_every_save_is_audited(client, world, tokens):
    put(client, world, tokens["member"], "Audited.", 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "section.saved"))
    assert event.team_id == world.team.id and event.actor_id == world.member.id


def test_comment_on_quote_reply_mention_resolve(client, world, tokens):
    put(client, world, tokens["member"], "We found long waits for packages of care.", 0)
    section_id = client.get(url(world), headers=tokens["host"]).get_json()["id"]
    created = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["host"], json={
        "target": {"type": "section", "id": section_id}, "quote": "long waits", "body": "How long? @Mo",
    })
    assert created.status_code == 201
    comment = created.get_json()
    assert comment["quote"] == "long waits" and comment["quote_found"] is True
    notes = client.get("/api/v1/notifications", headers=tokens["member"]).get_json()["items"]
    assert len(notes) == 1 and "Hana Host mentioned you" in notes[0]["text"]
    reply = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["member"],
                        json={"parent_id": comment["id"], "body": "About 9 days."})
    assert reply.status_code == 201
    resolved = client.post(f"/api/v1/teams/{world.team.id}/comments/{comment['id']}/resolve", headers=tokens["member"])
    assert resolved.get_json()["resolved_at"]
    open_items = client.get(f"/api/v1/teams/{world.team.id}/comments?state=open", headers=tokens["host"]).get_json()["items"]
    assert open_items == []
    everything = client.get(f"/api/v1/teams/{world.team.id}/comments?state=all", headers=tokens["host"]).get_json()["items"]
    assert everything[0]["replies"][0]["body"] == "About 9 days."
    reopened = client.post(f"/api/v1/teams/{world.team.id}/comments/{comment['id']}/reopen", headers=tokens["host"])
    assert reopened.get_json()["resolved_at"] is None


def test_quote_marked_changed_when_text_goes(client, world, tokens):
    put(client, world, tokens["member"], "We found long waits.", 0)
    section_id = client.get(url(world), headers=tokens["member"]).get_json()["id"]
    client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["member"],
                json={"target": {"type": "section", "id": section_id}, "quote": "long waits", "body": "Source?"})
    put(client, world, tokens["member"], "We found short waits.", 1)
    items = client.get(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["member"]).get_json()["items"]
    assert items[0]["quote_found"] is False
    assert items[0]["quote"] == "long waits"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"target": {"type": "section", "id": 1}, "body": ""}, "body"),
        ({"target": {"type": "stakeholder", "id": 1}, "body": "x"}, "target"),
        ({"target": {"type": "spaceship", "id": 1}, "body": "x"}, "target"),
        ({"target": {"type": "section", "id": "one"}, "body": "x"}, "target"),
        ({"target": "section", "body": "x"}, "target"),
        ({"target": {"type": "section", "id": 1}, "body": "x" * 5001}, "body"),
    ],
)
def test_bad_comments_are_422(client, world, tokens, payload, field):
    section_id = client.get(url(world), headers=tokens["member"]).get_json()["id"]
    target = payload.get("target")
    if isinstance(target, dict) and target.get("id") == 1:
        payload = {**payload, "target": {**target, "id": section_id}}  # a real section of this team
    response = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["member"], json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_cannot_comment_on_another_teams_section(client, world, tokens):
    other_section = client.get(f"/api/v1/teams/{world.other_team.id}/sections", headers=tokens["other_member"]).get_json()["items"][0]
    response = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["member"],
                           json={"target": {"type": "section", "id": other_section["id"]}, "body": "sneaky"})
    assert response.status_code == 422


def test_only_the_author_edits_a_comment(client, world, tokens):
    section_id = client.get(url(world), headers=tokens["member"]).get_json()["id"]
    comment = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["host"],
                          json={"target": {"type": "section", "id": section_id}, "body": "Mine"}).get_json()
    path = f"/api/v1/teams/{world.team.id}/comments/{comment['id']}"
    assert client.patch(path, headers=tokens["member"], json={"body": "Hijacked"}).status_code == 403
    assert client.patch(path, headers=tokens["host"], json={"body": "Mine, edited"}).get_json()["body"] == "Mine, edited"
    assert client.delete(path, headers=tokens["member"]).status_code == 403
    assert client.delete(path, headers=tokens["host"]).status_code == 204


def test_assessor_cannot_comment(client, world, tokens):
    world.submit()
    section_id = client.get(url(world), headers=tokens["assessor"]).get_json()["id"]
    response = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["assessor"],
                           json={"target": {"type": "section", "id": section_id}, "body": "x"})
    assert response.status_code == 403


def test_presence_shows_others_and_forgets_the_silent(client, world, tokens):
    from datetime import timedelta

    from workspace.report.models import Presence

    assert client.post(url(world, suffix="/presence"), headers=tokens["member"], json={}).get_json()["present"] == []
    others = client.post(url(world, suffix="/presence"), headers=tokens["host"], json={}).get_json()["present"]
    assert [p["name"] for p in others] == ["Mo Member"]
    for row in db.session.scalars(select(Presence)):
        row.last_seen = row.last_seen - timedelta(minutes=1)
    db.session.commit()
    assert client.post(url(world, suffix="/presence"), headers=tokens["host"], json={}).get_json()["present"] == []


def test_preview_renders_with_the_server_renderer(client, world, tokens):
    response = client.post(f"/api/v1/teams/{world.team.id}/preview", headers=tokens["host"],
                           json={"body": "**Bold** <script>x</script> [a](javascript:alert(1))"})
    data = response.get_json()
    assert "<strong>Bold</strong>" in data["html"]
    assert "<script>" not in data["html"] and "javascript:" not in data["html"].split("[a]")[0]
    assert data["word_count"] == 3


def test_notifications_mark_read(client, world, tokens):
    factories.add_member(world.team, factories.make_user("Zoe Member", "zoe@example.org"))
    db.session.commit()
    section_id = client.get(url(world), headers=tokens["member"]).get_json()["id"]
    client.post(f"/api/v1/teams/{world.team.id}/comments", headers=tokens["member"],
                json={"target": {"type": "section", "id": section_id}, "body": "@Hana Host and @Zoe please look"})
    assert db.session.scalar(select(Notification).where(Notification.user_id == world.host.id)) is not None
    marked = client.post("/api/v1/notifications/read", headers=tokens["host"], json={}).get_json()
    assert marked == {"marked": 1, "unread": 0}
    assert client.post("/api/v1/notifications/read", headers=tokens["host"], json={"ids": ["x"]}).status_code == 422


def test_api_refuses_text_with_conflict_markers(client, world, tokens):
    response = put(client, world, tokens["member"], "<<<<<<< your version\nA\n=======\nB\n>>>>>>> saved version\n", 0)
    assert response.status_code == 422
    assert "body" in response.get_json()["error"]["fields"]
