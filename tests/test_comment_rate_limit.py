"""Comment creation is rate-limited per person, on the page and in the API."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.report.models import Comment

from .test_report_pages import section_url


@pytest.fixture
def three_per_window(app):
    app.config["COMMENT_RATE_LIMIT"] = 3
    app.config["COMMENT_RATE_WINDOW_SECONDS"] = 600


def _comments() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_page_refuses_the_comment_over_the_limit_and_keeps_its_text(make_client, world, three_per_window):
    member = make_client(world.member)
    for n in range(3):
        assert member.form(section_url(world, suffix="/comments"), {"body": f"Comment {n}"}).status_code == 302
    response = member.form(section_url(world, suffix="/comments"), {"body": "One thought too many"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You have added a lot of comments in a short time. Wait 10 minutes" in html
    assert "One thought too many</textarea>" in html
    assert _comments() == 3
    # The limit is per person: a teammate still comments.
    assert make_client(world.host).form(section_url(world, suffix="/comments"), {"body": "Mine"}).status_code == 302


def test_api_answers_429_with_retry_after(client, world, three_per_window):
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    section_id = client.get(f"/api/v1/teams/{world.team.id}/sections/introduction", headers=headers).get_json()["id"]
    body = {"target": {"type": "section", "id": section_id}, "body": "Noted"}
    for _ in range(3):
        assert client.post(f"/api/v1/teams/{world.team.id}/comments", headers=headers, json=body).status_code == 201
    refused = client.post(f"/api/v1/teams/{world.team.id}/comments", headers=headers, json=body)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    error = refused.get_json()["error"]
    assert error["code"] == "rate_limited"
    assert "Wait 10 minutes" in error["fields"]["body"]
    assert _comments() == 3
