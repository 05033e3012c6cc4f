"""Friendly errors: NHS.UK-style pages that say what happened and what to do next, and the API's
error format under /api/; never Werkzeug's developer wording."""

from __future__ import annotations

import re

import pytest
from flask import abort
from werkzeug.exceptions import TooManyRequests, default_exceptions

from .conftest import csrf_from

# What each page must say: its heading, and a sentence about what to do next.
PAGES = {
    403: ("You do not have permission to do that", "ask your programme facilitator"),
    404: ("Page not found", "check it is correct"),
    405: ("That action is not allowed here", "Go back to the page you were on"),
    413: ("What you sent is too large", "This service accepts up to 2 MB"),
    429: ("Too many attempts", "then try again"),
    500: ("Sorry, there is a problem with the service", "Try again later"),
}
API_CODES = {403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
             429: "rate_limited", 500: "server_error"}


def werkzeug_wording(status: int) -> str:
    return default_exceptions[status].description


def raise_status(status: int):
    """Raise the status as Flask code does, with Werkzeug's default description."""
    if status == 405:
        abort(405, valid_methods=["POST"])
    if status == 429:
        raise TooManyRequests(retry_after=120)
    if status == 500:
        raise RuntimeError("a bug, with details no one outside should see")
    abort(status)


@pytest.fixture
def failing_routes(app):
    """Routes that fail with a given status, on a page and under /api/ (added before any request)."""
    app.add_url_rule("/testing/fail/<int:status>", "testing_fail_page", raise_status)
    app.add_url_rule("/api/v1/testing/fail/<int:status>", "testing_fail_api", raise_status)
    app.add_url_rule(
        "/testing/refuse-with-reason", "testing_refuse", lambda: abort(403, "Template sections cannot be removed.")
    )
    return app


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_page_says_what_happened_and_what_to_do(failing_routes, make_client, world, status):
    response = make_client(world.member).get(f"/testing/fail/{status}")
    html = response.get_data(as_text=True)
    title, next_step = PAGES[status]
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert heading(html) == title
    assert next_step in html
    assert werkzeug_wording(status).replace("'", "&#39;") not in html
    assert 'href="/">Go to your teams</a>' in html
    assert "details no one outside should see" not in html


@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_api_error_is_in_the_api_error_format(failing_routes, make_client, world, status):
    response = make_client(world.member).get(f"/api/v1/testing/fail/{status}")
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == API_CODES[status]
    assert error["message"] and error["message"] != werkzeug_wording(status)
    assert "details no one outside should see" not in response.get_data(as_text=True)


def test_a_405_keeps_its_allow_header_and_names_the_methods(failing_routes, make_client, world):
    member = make_client(world.member)
    page = member.get("/testing/fail/405")
    api = member.get("/api/v1/testing/fail/405")
    assert page.headers["Allow"] == api.headers["Allow"] == "POST"
    assert api.get_json()["error"]["message"] == "This address does not accept GET. Use POST."


def test_a_429_says_how_long_to_wait_and_sends_retry_after(failing_routes, make_client, world):
    member = make_client(world.member)
    page = member.get("/testing/fail/429")
    assert "Wait 2 minutes, then try again." in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "120"
    assert member.get("/api/v1/testing/fail/429").headers["Retry-After"] == "120"


def test_our_own_reason_is_shown_beside_the_friendly_wording(failing_routes, make_client, world):
    html = make_client(world.member).get("/testing/refuse-with-reason").get_data(as_text=True)
    assert "Template sections cannot be removed." in html
    assert "ask your programme facilitator" in html


def test_someone_signed_out_is_offered_sign_in(client):
    html = client.get("/no-such-page").get_data(as_text=True)
    assert heading(html) == "Page not found"
    assert 'href="/sign-in">Sign in</a>' in html


# --- the same errors reached the ordinary way ----------------------------------------------------


def test_a_member_on_a_facilitators_page_sees_the_friendly_403(make_client, world):
    response = make_client(world.member).get("/admin/teams")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert heading(html) == PAGES[403][0]
    assert "read-protected" not in html
    # Not a team page: the page says who it is for, not "your role in this team".
    assert "This page is for programme facilitators." in html
    assert "role in this team" not in html


def test_get_on_a_post_only_page_is_a_friendly_405(make_client, world):
    response = make_client(world.member).get("/sign-out")
    assert response.status_code == 405
    assert heading(response.get_data(as_text=True)) == PAGES[405][0]
    assert "POST" in response.headers["Allow"]


def test_an_oversized_form_is_a_friendly_413(make_client, world):
    member = make_client(world.member)
    response = member.post(
        f"/teams/{world.team.id}/report/introduction",
        data={"body": "x" * (3 * 1024 * 1024), "csrf_token": csrf_from(member.get("/").get_data(as_text=True))},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert heading(html) == PAGES[413][0]
    assert werkzeug_wording(413) not in html


def test_api_oversized_body_and_wrong_method_use_the_error_format(make_client, world):
    member = make_client(world.member)
    big = member.api("PUT", f"/api/v1/teams/{world.team.id}/sections/introduction",
                     {"body": "x" * (3 * 1024 * 1024), "base_version": 0})
    assert big.status_code == 413
    assert big.get_json()["error"] == {
        "code": "too_large", "message": "The request is larger than this service accepts (2 MB). Send less."
    }
    wrong = member.api("DELETE", "/api/v1/me")
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    assert "DELETE" in wrong.get_json()["error"]["message"]
    assert "GET" in wrong.headers["Allow"]
