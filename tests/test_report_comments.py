"""Comments: who may change them, @mentions by first name, and lists that stay bounded."""

from __future__ import annotations

import pytest
from flask import current_app

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.permissions import may_change_comment
from workspace.report import comments as comment_ops
from workspace.report import operations as ops
from workspace.report.models import Comment


def section_url(world, key="introduction", suffix=""):
    return f"/teams/{world.team.id}/report/{key}{suffix}"


def _thread_by(world, author):
    section = ops.get_section(world.team, "introduction")
    with current_app.test_request_context():  # the mention links are built with url_for
        return comment_ops.add_comment(world.team, author, section, "Which ward?")


# --- who may change a comment (one rule, in permissions.py) -----------------------------------


def test_the_rule_is_author_edits_author_or_facilitator_deletes(world):
    comment = _thread_by(world, world.host)
    assert may_change_comment(world.host, comment, "edit") and may_change_comment(world.host, comment, "delete")
    assert not may_change_comment(world.member, comment, "edit")
    assert not may_change_comment(world.member, comment, "delete")
    assert not may_change_comment(world.facilitator, comment, "edit")
    assert may_change_comment(world.facilitator, comment, "delete")
    with pytest.raises(ValueError):
        may_change_comment(world.host, comment, "rewrite")


def test_operations_refuse_with_their_own_error_not_permission_error(world):
    comment = _thread_by(world, world.host)
    with pytest.raises(comment_ops.NotYourComment):
        comment_ops.edit_comment(world.team, comment, world.member, "changed")
    with pytest.raises(comment_ops.NotYourComment):
        comment_ops.delete_comment(world.team, comment, world.member)
    db.session.expire_all()
    again = db.session.get(Comment, comment.id)
    assert again.body == "Which ward?" and again.deleted_at is None


def test_pages_answer_403_with_a_clear_message_for_someone_elses_comment(make_client, world):
    comment = _thread_by(world, world.host)
    member = make_client(world.member)
    for url in (f"/teams/{world.team.id}/comments/{comment.id}/edit", f"/teams/{world.team.id}/comments/{comment.id}/delete"):
        assert member.get(url).status_code == 403
        refused = member.form(url, {"body": "changed"})
        assert refused.status_code == 403
        assert "Only the person who wrote a comment" in refused.get_data(as_text=True)
    assert make_client(world.facilitator).form(f"/teams/{world.team.id}/comments/{comment.id}/edit",
                                               {"body": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "Which ward?"


def test_api_answers_403_in_the_error_format_for_someone_elses_comment(client, world):
    comment = _thread_by(world, world.host)
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    url = f"/api/v1/teams/{world.team.id}/comments/{comment.id}"
    for response in (client.patch(url, json={"body": "changed"}, headers=headers), client.delete(url, headers=headers)):
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
        assert "Only the person who wrote a comment" in response.get_json()["error"]["message"]
    facilitator = {"Authorization": f"Bearer {create_api_token(world.facilitator, 't').secret}"}
    assert client.patch(url, json={"body": "x"}, headers=facilitator).status_code == 403
    assert client.delete(url, headers=facilitator).status_code == 204


def test_a_refusal_deep_in_the_operation_is_403_not_500(client, world, monkeypatch):
    """Even if a route's own check were skipped, the operation's refusal is a 403."""
    comment = _thread_by(world, world.host)
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    from workspace.report import api as report_api

    monkeypatch.setattr(report_api, "_may_change", lambda comment, change: None)
    response = client.patch(f"/api/v1/teams/{world.team.id}/comments/{comment.id}", json={"body": "x"}, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


# --- @mentions by first name ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "first"), [
    ("Dr Ravi Patel", "Ravi"), ("Prof. Elaine Hart", "Elaine"), ("Dr Samuel Reid", "Samuel"),
    ("Mr Tom Jones", "Tom"), ("mrs. Ann Lee", "Ann"), ("Ms Jo Bell", "Jo"), ("Miss Kay Dunn", "Kay"),
    ("Mx Sam Ray", "Sam"), ("Sir Ian Gray", "Ian"), ("Dame Sue Black", "Sue"), ("Prof Dame Sue Black", "Sue"),
    ("Aisha Khan", "Aisha"), ("Drew Barry", "Drew"), ("Dr", "Dr"), ("", ""),
])
def test_first_name_skips_titles(name, first):
    from workspace.names import first_name

    assert first_name(name) == first


def test_at_first_name_reaches_people_with_titles(world):
    from tests import factories

    ravi = factories.make_user("Dr Ravi Patel", "ravi@example.org")
    elaine = factories.make_user("Prof. Elaine Hart", "elaine@example.org")
    samuel = factories.make_user("Dr Samuel Reid", "samuel@example.org")
    for person in (ravi, elaine, samuel):
        factories.add_member(world.team, person, "member")
    db.session.commit()
    found = comment_ops.mentioned_users(world.team, "@Ravi and @elaine, and @Samuel: please check.")
    assert {p.id for p in found} == {ravi.id, elaine.id, samuel.id}
    assert comment_ops.mentioned_users(world.team, "@Dr please check") == []
    assert comment_ops.mentioned_users(world.team, "@Dr Ravi Patel please check") == [ravi]
