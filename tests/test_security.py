"""Headers, cookies, CSRF, and bad input that must never become a 500."""

from __future__ import annotations

import re

import pytest

from workspace import create_app

from .conftest import _test_config


def test_security_headers_on_every_page(client, world):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    html = response.get_data(as_text=True)
    # Every inline script carries this response's nonce; no inline event handlers anywhere.
    for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
        assert f'nonce="{nonce}"' in script
    assert not re.search(r"\son[a-z]+=", html)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_nonce_differs_per_response(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


def test_signed_in_pages_are_not_cached(make_client, world):
    response = make_client(world.member).get("/")
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_ask_no_other_host(make_client, world):
    html = make_client(world.facilitator).get(f"/admin/teams/{world.team.id}").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_session_cookie_flags(client, world, app):
    app.config["SESSION_COOKIE_SECURE"] = True
    page = client.get("/sign-in", base_url="https://localhost")
    cookie = page.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie


def test_production_requires_secret_key_and_is_never_debug(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("WORKSPACE_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"INSTANCE_DIR": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INSTANCE_DIR": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("WORKSPACE_ENV", "development")
    first = create_app({"INSTANCE_DIR": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}).secret_key
    second = create_app({"INSTANCE_DIR": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"}).secret_key
    assert first == second and len(first) >= 40


def test_form_post_without_csrf_token_is_rejected(make_client, world):
    client = make_client(world.facilitator)
    response = client.post("/admin/cohorts", data={"name": "Sneaky", "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    assert response.status_code == 400
    assert "could not be sent" in response.get_data(as_text=True)


def test_sign_out_without_csrf_is_rejected(make_client, world):
    client = make_client(world.member)
    assert client.post("/sign-out").status_code == 400
    assert client.get("/").status_code == 200


def test_session_api_write_needs_csrf_header(make_client, world):
    client = make_client(world.facilitator)
    body = {"name": "API cohort", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}
    refused = client.post("/api/v1/cohorts", json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf"
    assert client.api("POST", "/api/v1/cohorts", json=body).status_code == 201


def test_csrf_token_does_not_expire_within_a_session(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_request_body_size_is_limited(make_client, world):
    client = make_client(world.facilitator)
    response = client.form("/admin/cohorts", {"name": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_unknown_page_is_a_friendly_404(make_client, world):
    response = make_client(world.member).get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_unknown_api_path_is_json_404(make_client, world):
    response = make_client(world.member).get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_health_check_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_fails_when_database_is_down(tmp_path):
    app = create_app({**_test_config("sqlite:////nonexistent/dir/db.sqlite3", tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_proxy_fix_trusts_forwarded_headers_only_when_configured(tmp_path, _schema):
    plain = create_app(_test_config(_schema, tmp_path))
    proxied = create_app({**_test_config(_schema, tmp_path), "PROXY_FIX_HOPS": 1})
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    # HSTS is only sent over HTTPS, so it shows which scheme the app believed.
    assert "Strict-Transport-Security" not in plain.test_client().get("/healthz", headers=headers).headers
    assert "Strict-Transport-Security" in proxied.test_client().get("/healthz", headers=headers).headers


HOSTILE_VALUES = [
    "",
    " " * 50,
    "x" * 5000,
    "\x00\x01\x02",
    "<script>alert(1)</script>",
    "Ω≈ç√∫˜µ≤≥÷ 🏥 \u202e reversed",
    "'; DROP TABLE teams; --",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_form_input_never_500s_and_is_escaped(make_client, world, value):
    client = make_client(world.facilitator)
    for url, data in [
        ("/admin/cohorts", {"name": value, "starts_on": value, "ends_on": "2027-01-01"}),
        ("/admin/organisations", {"name": value, "kind": value}),
        ("/admin/teams/new", {"name": value, "cohort_id": value, "host_organisation_id": "1", "review_title": value}),
        (f"/admin/teams/{world.team.id}/members", {"email": value, "name": value, "role": value}),
        ("/account/name", {"name": value}),
    ]:
        response = client.form(url, data)
        assert response.status_code < 500, url
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [b"{", b"[]", b'"text"', b"\xff\xfe", b'{"name": 5}'])
def test_malformed_api_bodies_get_4xx_json(make_client, world, body):
    client = make_client(world.facilitator)
    response = client.open("/api/v1/cohorts", method="POST", data=body,
                           headers={"Content-Type": "application/json", "X-CSRFToken": client.csrf()})
    assert 400 <= response.status_code < 500
    assert "error" in response.get_json()
