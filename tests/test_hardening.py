"""Regressions from a security and robustness review: escaping, number bounds, odd JSON,
quadratic diffs, and access that must end when membership does."""

from __future__ import annotations

import random

import pytest
from flask import current_app

from workspace import tokens as tk
from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.report import comments as comment_ops
from workspace.report import history
from workspace.report import operations as ops

HUGE = "100000000000000000000"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {create_api_token(user, 't').secret}"}


def test_section_text_round_trips_through_the_editor_exactly(make_client, world):
    body = "Use &lt;br&gt; and AT&amp;T. </textarea><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"
    ops.save_section(world.team, "introduction", body, 0, world.member)
    html = make_client(world.member).get(f"/teams/{world.team.id}/report/introduction").get_data(as_text=True)
    assert "<meta http-equiv" not in html
    assert "&amp;lt;br&amp;gt; and AT&amp;amp;T. &lt;/textarea&gt;" in html


def test_names_are_escaped_in_every_design_system_macro(make_client, world):
    world.member.name = 'Mo</option></select><meta http-equiv="refresh" content="0">'
    db.session.commit()
    for user, url in [(world.facilitator, "/admin/audit"), (world.member, "/"), (world.member, f"/teams/{world.team.id}")]:
        html = make_client(user).get(url).get_data(as_text=True)
        assert "<meta http-equiv" not in html, url
        assert "Mo&lt;/option&gt;" in html, url


@pytest.mark.parametrize(
    "url",
    [
        f"/teams/{HUGE}",
        f"/admin/teams/{HUGE}",
        f"/api/v1/teams/{HUGE}",
        "/teams/{team}/report/introduction/history/" + HUGE + "/restore",
        "/api/v1/teams/{team}/sections/introduction/revisions/" + HUGE,
    ],
)
def test_huge_ids_in_urls_are_404(make_client, world, url):
    client = make_client(world.facilitator)
    url = url.format(team=world.team.id)
    response = client.form(url) if url.endswith("restore") else client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/audit?page={HUGE}",
        f"/admin/people?page={HUGE}",
        "/admin/audit?team_id=" + HUGE,
        "/teams/{team}/report/introduction/history?page=" + HUGE,
        "/teams/{team}/report/introduction/history/compare?from=0&to=" + HUGE,
        "/teams/{team}/comments?section=" + HUGE,
        f"/api/v1/teams?cursor={HUGE}",
        "/api/v1/teams/{team}/comments?section_id=" + HUGE,
        "/api/v1/teams/{team}/sections/introduction/revisions?cursor=" + HUGE,
        "/admin/audit?page=-1",
        "/teams/{team}/report/introduction/history/compare?from=abc&to=1",
    ],
)
def test_huge_or_odd_numbers_in_query_strings_are_not_500(make_client, world, url):
    response = make_client(world.facilitator).get(url.format(team=world.team.id))
    assert response.status_code < 500


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/teams/{team}/comments", {"target": {"type": "section", "id": 10**20}, "body": "x"}),
        ("/api/v1/teams/{team}/comments", {"parent_id": 10**20, "body": "x"}),
        ("/api/v1/notifications/read", {"ids": [10**20]}),
        ("/api/v1/teams", {"name": "T", "cohort_id": 10**20, "host_organisation_id": 1, "review_title": "R"}),
        ("/api/v1/organisations", {"name": "Org", "kind": ["ICB"]}),
        ("/api/v1/teams/{team}/members", {"email": "a@b.org", "name": "A", "role": ["member"]}),
    ],
)
def test_odd_json_values_are_4xx(client, world, path, payload):
    response = client.post(path.format(team=world.team.id), json=payload, headers=bearer(world.facilitator))
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["message"]


def test_lone_surrogates_are_dropped_not_a_500(client, world):
    headers = {**bearer(world.member), "Content-Type": "application/json"}
    raw = '{"body": "a\\ud800b", "base_version": 0}'
    response = client.put(f"/api/v1/teams/{world.team.id}/sections/introduction", data=raw, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["body"] == "ab"
    named = client.post("/api/v1/organisations", data='{"name": "Org\\udfff", "kind": "ICB"}',
                        headers={**bearer(world.facilitator), "Content-Type": "application/json"})
    assert named.status_code == 201 and named.get_json()["name"] == "Org"


def test_absurdly_nested_json_is_400(client, world):
    response = client.post("/api/v1/organisations", data="[" * 100_000,
                           headers={**bearer(world.facilitator), "Content-Type": "application/json"})
    assert response.status_code == 400


def test_rewriting_a_long_paragraph_does_not_hold_a_worker(make_client, world, cells_compared):
    random.seed(1)
    words = [random.choice(["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]) for _ in range(6000)]
    before, after = " ".join(words), " ".join(random.sample(words, len(words)))
    ops.save_section(world.team, "introduction", before, 0, world.member)
    ops.save_section(world.team, "introduction", after, 1, world.member)
    page = make_client(world.member).get(f"/teams/{world.team.id}/report/introduction/history/compare?from=1&to=2")
    assert page.status_code == 200
    # Work, not seconds: the save and the compare page together stay within one diff budget.
    assert cells_compared["cells"] <= tk.SAVE_DIFF_CELLS


def test_diffing_many_shuffled_lines_is_bounded(cells_compared):
    random.seed(3)
    lines = [random.choice(["a", "b", "c", ""]) + "\n" for _ in range(40_000)]
    shuffled = "".join(random.sample(lines, len(lines)))
    _, new_tokens, opcodes = history.diff("".join(lines), shuffled)
    assert "".join("".join(new_tokens[j1:j2]) for _, _, _, j1, j2 in opcodes) == shuffled
    assert cells_compared["cells"] <= tk.SAVE_DIFF_CELLS


def test_a_section_titled_sections_saves_without_javascript(make_client, world):
    member = make_client(world.member)
    member.form(f"/teams/{world.team.id}/report", {"title": "Sections"})
    response = member.form(f"/teams/{world.team.id}/report/sections", {"body": "Saved text", "base_version": "0"})
    assert response.status_code == 302
    assert ops.get_section(world.team, "sections").body == "Saved text"


def test_removed_member_no_longer_sees_old_notifications(client, make_client, world):
    ops.sections_for(world.team)
    section = ops.get_section(world.team, "introduction")
    with current_app.test_request_context():
        comment_ops.add_comment(world.team, world.host, section, "@Mo Member have a look")
    headers = bearer(world.member)
    assert len(client.get("/api/v1/notifications", headers=headers).get_json()["items"]) == 1
    membership = next(m for m in world.team.memberships if m.user_id == world.member.id)
    db.session.delete(membership)
    db.session.commit()
    assert client.get("/api/v1/notifications", headers=headers).get_json()["items"] == []
    assert comment_ops.unread_count(world.member) == 0


def test_comments_on_a_removed_section_leave_the_lists(make_client, world):
    member = make_client(world.member)
    own = ops.add_team_section(world.team, "Extra bit", world.member)
    member.form(f"/teams/{world.team.id}/report/{own.key}/comments", {"body": "On the extra bit"})
    assert "On the extra bit" in member.get(f"/teams/{world.team.id}/comments").get_data(as_text=True)
    member.form(f"/teams/{world.team.id}/report/{own.key}/remove")
    html = member.get(f"/teams/{world.team.id}/comments?state=all").get_data(as_text=True)
    assert "On the extra bit" not in html
    assert "/report//comments" not in html


def test_saving_a_section_that_never_existed_is_404(client, world):
    response = client.put(f"/api/v1/teams/{world.team.id}/sections/no-such-section",
                          json={"body": "x", "base_version": 0}, headers=bearer(world.member))
    assert response.status_code == 404


def test_resolving_through_a_reply_answers_with_the_thread(client, world):
    headers = bearer(world.member)
    section_id = client.get(f"/api/v1/teams/{world.team.id}/sections/introduction", headers=headers).get_json()["id"]
    thread = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=headers,
                         json={"target": {"type": "section", "id": section_id}, "body": "Thread"}).get_json()
    reply = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=headers,
                        json={"parent_id": thread["id"], "body": "Reply"}).get_json()
    resolved = client.post(f"/api/v1/teams/{world.team.id}/comments/{reply['id']}/resolve", headers=headers).get_json()
    assert resolved["id"] == thread["id"] and resolved["resolved_at"]
