"""Forgotten passwords: a one-time, one-hour link, emailed on request or made by a facilitator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from workspace.auth.operations import create_api_token
from workspace.auth.passwords import verify_password
from workspace.extensions import db
from workspace.models import AuditEvent, PasswordReset, hash_secret, utcnow

from . import factories
from .conftest import csrf_from

NEW = "a fresh memorable passphrase"


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def outbox(app):
    app.config["MAIL_SERVER"] = "smtp.example.org"
    return lambda: getattr(app.extensions["mailman"], "outbox", [])


def _ask(client, email: str):
    return client.form("/forgot-password", {"email": email})


def _link_in(body: str) -> str:
    start = body.index("/reset-password/")
    return body[start : body.index("\n", start)]


def _choose(client, path: str, password: str = NEW):
    page = client.get(path)
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": csrf_from(page.get_data(as_text=True))})


def test_sign_in_page_links_to_forgot_password(client):
    assert 'href="/forgot-password"' in client.get("/sign-in").get_data(as_text=True)


def test_emailed_link_resets_once_signs_in_and_revokes_everything(make_client, client, world, outbox):
    token = create_api_token(world.member, "script").secret
    old_browser = make_client(world.member)
    response = _ask(make_client(), "MO@example.org")
    assert "Check your email" in response.get_data(as_text=True)
    assert len(outbox()) == 1
    path = _link_in(outbox()[0].body)
    # Only a hash of the link is stored.
    secret = path.rsplit("/", 1)[1]
    assert db.session.scalar(select(PasswordReset.token_hash)) == hash_secret(secret)
    newcomer = make_client()
    assert _choose(newcomer, path).status_code == 302
    assert newcomer.get("/").status_code == 200
    db.session.refresh(world.member)
    assert verify_password(world.member.password_hash, NEW)
    assert old_browser.get("/").status_code == 302  # every old session is signed out
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert {"password_reset.requested", "password_reset.completed", "token.revoked_all"} <= set(actions())
    # Single use.
    again = make_client().get(path)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def _main(response) -> str:
    return response.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]


def test_unknown_address_gets_the_same_answer_and_no_email(make_client, world, outbox):
    known = _ask(make_client(), "mo@example.org")
    unknown = _ask(make_client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert _main(known).replace("mo@example.org", "X") == _main(unknown).replace("nobody@example.org", "X")
    assert "Check your email" in _main(unknown)
    assert len(outbox()) == 1
    assert actions().count("password_reset.requested") == 2


def test_link_expires_after_an_hour(make_client, world, outbox):
    _ask(make_client(), "mo@example.org")
    path = _link_in(outbox()[0].body)
    reset = db.session.scalar(select(PasswordReset))
    assert abs(reset.expires_at - (utcnow() + timedelta(hours=1))) < timedelta(minutes=1)
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert make_client().get(path).status_code == 410


def test_a_newer_link_replaces_the_older(make_client, world, outbox):
    _ask(make_client(), "mo@example.org")
    _ask(make_client(), "mo@example.org")
    first, second = (_link_in(message.body) for message in outbox())
    assert make_client().get(first).status_code == 410
    assert make_client().get(second).status_code == 200


def test_reset_form_follows_the_password_rules(make_client, world, outbox):
    _ask(make_client(), "mo@example.org")
    response = _choose(make_client(), _link_in(outbox()[0].body), "password1234")
    assert response.status_code == 400
    assert "too common" in response.get_data(as_text=True)


def test_requests_are_throttled_like_sign_in(make_client, world, outbox):
    client = make_client()
    for _ in range(10):
        _ask(client, "mo@example.org")
    response = _ask(client, "mo@example.org")
    assert response.status_code == 429
    assert "Too many requests" in response.get_data(as_text=True)
    assert len(outbox()) == 10


def test_without_mail_the_page_says_to_ask_a_facilitator(client):
    page = client.get("/forgot-password").get_data(as_text=True)
    assert "Ask your programme facilitator for a password reset link" in page
    assert "<form" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert client.form("/forgot-password", {"email": "mo@example.org"}).status_code == 200


def test_with_mail_but_no_trusted_address_the_page_promises_no_email(client, app, outbox):
    # Production with MAIL_SERVER but neither PUBLIC_BASE_URL nor TRUSTED_HOSTS: no link can be
    # built safely, so the page must not say "check your email" for a mail that never leaves.
    app.config.update(ENV_NAME="production", PUBLIC_BASE_URL=None, TRUSTED_HOSTS=None)
    page = client.get("/forgot-password").get_data(as_text=True)
    assert "Ask your programme facilitator for a password reset link" in page
    assert "Check your email" not in _ask(client, "mo@example.org").get_data(as_text=True)
    assert outbox() == []


def test_facilitator_makes_a_reset_link_from_the_persons_page(make_client, world):
    facilitator = make_client(world.facilitator)
    assert "Make a password reset link" in facilitator.get(f"/admin/people/{world.member.id}").get_data(as_text=True)
    response = facilitator.form(f"/admin/people/{world.member.id}/password-reset")
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    start = html.index('id="reset-url">') + len('id="reset-url">')
    path = html[start : html.index("<", start)].split("localhost", 1)[-1]
    assert _choose(make_client(), path).status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_reset.issued"))
    assert event.actor_id == world.facilitator.id and event.target_id == world.member.id


def test_no_reset_link_for_someone_still_invited(make_client, world):
    invited = factories.make_user("Ivy Invited", "ivy@example.org", password=False)
    db.session.commit()
    response = make_client(world.facilitator).form(f"/admin/people/{invited.id}/password-reset")
    assert response.status_code == 302
    assert db.session.scalar(select(PasswordReset)) is None
