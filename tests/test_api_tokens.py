"""Personal API tokens: revoked by a password change or a closure, expiry, last use."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.models import ApiToken, AuditEvent, utcnow
from workspace.timefmt import datetime_filter

from . import factories


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def _audit_count(action: str) -> int:
    return len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_changing_password_revokes_every_token_and_says_so(make_client, client, world):
    first = create_api_token(world.member, "one").secret
    second = create_api_token(world.member, "two").secret
    assert client.get("/api/v1/me", headers=bearer(first)).status_code == 200
    member = make_client(world.member)
    assert "revokes all your API tokens" in member.get("/account").get_data(as_text=True)
    new = "a brand new passphrase"
    response = member.form("/account/password", {"current_password": factories.PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert "your API tokens revoked" in member.get("/account").get_data(as_text=True)
    for secret in (first, second):
        assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoked_all"))
    assert event.detail == {"reason": "password changed", "count": 2}


def test_new_tokens_expire_after_90_days_by_default(make_client, world):
    member = make_client(world.member)
    assert member.form("/account/tokens", {"token_name": "Default"}).status_code == 201
    assert member.form("/account/tokens", {"token_name": "Forever", "expires_in_days": "never"}).status_code == 201
    tokens = {t.name: t for t in db.session.scalars(select(ApiToken))}
    assert abs(tokens["Default"].expires_at - (utcnow() + timedelta(days=90))) < timedelta(minutes=1)
    assert tokens["Forever"].expires_at is None


def test_an_expired_token_is_refused(client, world):
    new = create_api_token(world.member, "short", days=1)
    assert client.get("/api/v1/me", headers=bearer(new.secret)).status_code == 200
    new.token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    refused = client.get("/api/v1/me", headers=bearer(new.secret))
    assert refused.status_code == 401
    assert "expired" in refused.get_json()["error"]["message"]


def test_account_page_shows_expiry_and_last_use(make_client, client, world):
    new = create_api_token(world.member, "Sync script", days=30)
    page = make_client(world.member).get("/account").get_data(as_text=True)
    assert "Never" in page  # not used yet
    client.get("/api/v1/me", headers=bearer(new.secret))
    db.session.refresh(new.token)
    assert new.token.last_used_at is not None
    page = make_client(world.member).get("/account").get_data(as_text=True)
    assert f"<td>{datetime_filter(new.token.expires_at)}</td>" in page
    assert f"<td>{datetime_filter(new.token.last_used_at)}</td>" in page


def test_last_use_is_written_at_most_once_a_minute(client, world):
    new = create_api_token(world.member, "busy")
    for _ in range(5):
        assert client.get("/api/v1/me", headers=bearer(new.secret)).status_code == 200
    db.session.refresh(new.token)
    first_use = new.token.last_used_at
    assert first_use is not None
    assert _audit_count("token.used") == 1
    # Within the minute: no write. After it: the time moves on, without another audit row.
    new.token.last_used_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    stamped = new.token.last_used_at
    client.get("/api/v1/me", headers=bearer(new.secret))
    db.session.refresh(new.token)
    assert new.token.last_used_at == stamped
    new.token.last_used_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(new.secret))
    db.session.refresh(new.token)
    assert new.token.last_used_at > utcnow() - timedelta(seconds=30)
    assert _audit_count("token.used") == 1
    # A use after an hour's pause is audited again.
    new.token.last_used_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(new.secret))
    assert _audit_count("token.used") == 2
