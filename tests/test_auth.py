"""Signing in and out, sessions, invitations, passwords, tokens."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, update

from workspace.auth.passwords import password_problem, verify_password
from workspace.extensions import db
from workspace.models import AuditEvent, Invitation, RateLimitCounter, utcnow

from . import factories
from .conftest import Client, csrf_from


def sign_in(client: Client, email: str, password: str = factories.PASSWORD, next_url: str | None = None, **environ):
    page = client.get("/sign-in", environ_base=environ)
    token = csrf_from(page.get_data(as_text=True))
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token}, environ_base=environ)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_member_signs_in_and_lands_on_dashboard(client, world):
    response = sign_in(client, "MO@example.org ")  # case and spaces do not matter
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Team Harbour" in client.get("/").get_data(as_text=True)
    assert "sign_in" in actions()


def test_wrong_password_is_refused_and_keeps_email(client, world):
    response = sign_in(client, "mo@example.org", "not the right password")
    html = response.get_data(as_text=True)
    assert "Enter a correct email address and password" in html
    assert 'value="mo@example.org"' in html
    assert "sign_in.failed" in actions()
    assert client.get("/").status_code == 302


def test_unknown_email_gets_the_same_message(client, world):
    html = sign_in(client, "nobody@example.org").get_data(as_text=True)
    assert "Enter a correct email address and password" in html


def test_person_without_password_cannot_sign_in(client, app):
    factories.make_user(email="new@example.org", password=False)
    db.session.commit()
    assert "Enter a correct email address" in sign_in(client, "new@example.org").get_data(as_text=True)


def test_throttle_blocks_account_after_ten_failures_even_with_right_password(client, world):
    for _ in range(10):
        sign_in(client, "mo@example.org", "wrong password here")
    response = sign_in(client, "mo@example.org")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert "sign_in.throttled" in actions()


def test_one_ips_failures_do_not_lock_out_others_behind_the_same_nat(make_client, world):
    # Ten people in one trust (one NAT address) mistype their passwords...
    client = make_client()
    for n in range(10):
        sign_in(client, f"colleague{n}@example.org", "wrong password here", REMOTE_ADDR="10.1.1.1")
    # ...and an eleventh colleague at the same address still signs in.
    assert sign_in(make_client(), "mo@example.org", REMOTE_ADDR="10.1.1.1").status_code == 302


def test_per_ip_limit_still_applies_across_accounts(make_client, world, app):
    app.config["LOGIN_MAX_PER_IP"] = 12
    client = make_client()
    for n in range(12):
        sign_in(client, f"guess{n}@example.org", "wrong password here", REMOTE_ADDR="10.1.1.1")
    assert sign_in(client, "mo@example.org", REMOTE_ADDR="10.1.1.1").status_code == 429
    # Another address is not blocked for the same (unthrottled) account.
    assert sign_in(make_client(), "mo@example.org", REMOTE_ADDR="10.2.2.2").status_code == 302


def test_refused_attempts_are_audited_in_aggregate(client, world):
    for _ in range(10):
        sign_in(client, "mo@example.org", "wrong password here")
    for _ in range(30):
        assert sign_in(client, "mo@example.org", "wrong password here").status_code == 429
    throttled = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in.throttled")).all()
    # One row at the 1st refusal and one at the 10th, each with the running count; not 30.
    assert [event.detail["refused_in_window"] for event in throttled] == [1, 10]
    assert actions().count("sign_in.failed") == 10


def test_throttle_window_expires(client, world, app):
    for _ in range(10):
        sign_in(client, "mo@example.org", "wrong password here")
    # End every counter's window.
    db.session.execute(update(RateLimitCounter).values(window_ends=0))
    db.session.commit()
    assert sign_in(client, "mo@example.org").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/teams/1", "/teams/1"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/%0d%0aSet-Cookie:x", "/"),
    ],
)
def test_next_only_accepts_same_site_paths(client, world, next_url, expected):
    response = sign_in(client, "mo@example.org", next_url=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_signed_out_visitor_is_sent_to_sign_in_with_next(client, world):
    response = client.get(f"/teams/{world.team.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/teams/")


def test_sign_in_renews_the_session(client, world):
    client.get("/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, "mo@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_logout_is_post_only_and_revokes_old_cookies(make_client, world):
    first, second = make_client(world.member), make_client(world.member)
    assert first.get("/sign-out").status_code == 405
    assert first.form("/sign-out").status_code == 302
    assert first.get("/").status_code == 302
    # The same person's other browser is signed out too: the session token was rotated.
    assert second.get("/").status_code == 302


def test_old_cookie_stops_working_after_password_change(make_client, world):
    stolen, mine = make_client(world.member), make_client(world.member)
    response = mine.form("/account/password", {
        "current_password": factories.PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase",
    })
    assert response.status_code == 302
    assert mine.get("/").status_code == 200  # this browser stays signed in
    assert stolen.get("/").status_code == 302


def test_removed_member_loses_access_on_next_request(make_client, world):
    member = make_client(world.member)
    assert member.get(f"/teams/{world.team.id}").status_code == 200
    facilitator = make_client(world.facilitator)
    facilitator.form(f"/admin/teams/{world.team.id}/members/{world.member.id}/remove")
    assert member.get(f"/teams/{world.team.id}").status_code == 302  # signed out
    member.sign_in_as(world.member)  # even signing in again, the team is gone for them
    assert member.get(f"/teams/{world.team.id}").status_code == 404


def test_role_change_applies_on_next_request(make_client, world):
    member = make_client(world.member)
    assert "edit" in _caps(member, world)
    facilitator = make_client(world.facilitator)
    facilitator.form(f"/admin/teams/{world.team.id}/members/{world.member.id}/role",
                     {f"m{_membership_id(world)}-role": "host"})
    assert "edit" not in _caps(member, world)
    assert "comment" in _caps(member, world)


def _membership_id(world) -> int:
    return next(m.id for m in world.team.memberships if m.user_id == world.member.id)


def _caps(client, world) -> set:
    from workspace.permissions import capabilities_for

    client.get("/")  # a request, as the person's next one
    db.session.expire_all()
    return set(capabilities_for(world.member, world.team))


def test_idle_session_expires_after_30_minutes(client, world):
    client.sign_in_as(world.member)
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - 31 * 60
    assert client.get("/").status_code == 302


def test_session_expires_after_12_hours_even_when_active(client, world):
    client.sign_in_as(world.member)
    with client.session_transaction() as session:
        session["signed_in_at"] = time.time() - 12 * 3600 - 1
    assert client.get("/").status_code == 302


def test_active_session_within_limits_stays(client, world):
    client.sign_in_as(world.member)
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - 29 * 60
        session["signed_in_at"] = time.time() - 11 * 3600
    assert client.get("/").status_code == 200


# --- passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "12 characters or more"),
        ("x" * 129, "128 characters or fewer"),
        ("password1234", "too common"),
        ("PASSWORD1234", "too common"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("correct horse battery staple", None),
        ("ünïcödé pässwörd ✓", None),
    ],
)
def test_password_policy(password, problem):
    result = password_problem(password)
    if problem is None:
        assert result is None
    else:
        assert problem in result


def test_deny_list_has_at_least_a_thousand_entries():
    from workspace.auth.passwords import common_passwords

    assert len(common_passwords()) >= 1000


def test_password_hash_is_argon2id(app, world):
    assert world.member.password_hash.startswith("$argon2id$")


def test_change_password_rejects_wrong_current_password(make_client, world):
    response = make_client(world.member).form("/account/password", {
        "current_password": "not my password at all", "password": "a brand new passphrase", "confirm": "a brand new passphrase",
    })
    assert response.status_code == 400
    assert "Your current password is not correct" in response.get_data(as_text=True)


def _change_password(client: Client, current: str):
    new = "a brand new passphrase"
    return client.form("/account/password", {"current_password": current, "password": new, "confirm": new})


def test_current_password_check_is_throttled_and_audited(make_client, world):
    client = make_client(world.member)
    for _ in range(10):
        assert _change_password(client, "a wrong guess at it").status_code == 400
    # The 11th try is refused unchecked, even with the right password.
    response = _change_password(client, factories.PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    db.session.refresh(world.member)
    assert verify_password(world.member.password_hash, factories.PASSWORD)
    assert actions().count("account.password_check_failed") == 10
    assert "account.password_check.throttled" in actions()


def test_current_password_guesses_share_the_sign_in_budget(make_client, client, world):
    for _ in range(10):
        _change_password(make_client(world.member), "a wrong guess at it")
    assert sign_in(client, "mo@example.org").status_code == 429


def test_change_name_strips_control_characters(make_client, world):
    client = make_client(world.member)
    response = client.form("/account/name", {"name": "  Mo\x00 \u202eMember\x07 "})
    assert response.status_code == 302
    db.session.refresh(world.member)
    assert world.member.name == "Mo Member"


def test_empty_name_is_refused_with_message(make_client, world):
    response = make_client(world.member).form("/account/name", {"name": "   "})
    assert response.status_code == 400
    assert "Enter your name" in response.get_data(as_text=True)


# --- invitations -----------------------------------------------------------------------------


def _invite(make_client, world, email="new.person@example.org") -> str:
    response = make_client(world.facilitator).form(
        f"/admin/teams/{world.team.id}/members", {"email": email, "name": "New Person", "role": "member"}
    )
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    start = html.index('id="invite-url">') + len('id="invite-url">')
    return html[start : html.index("<", start)]


def test_invitation_link_sets_password_and_signs_in(make_client, world):
    url = _invite(make_client, world)
    path = url.split("localhost", 1)[-1]
    newcomer = make_client()
    page = newcomer.get(path)
    assert page.status_code == 200
    assert "Welcome, New Person" in page.get_data(as_text=True)
    response = newcomer.post(path, data={
        "password": "three random words please", "confirm": "three random words please",
        "csrf_token": csrf_from(page.get_data(as_text=True)),
    })
    assert response.status_code == 302
    assert "Team Harbour" in newcomer.get("/").get_data(as_text=True)
    assert "invitation.accepted" in actions()
    # The link works once.
    again = make_client().get(path)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_invitation_rejects_weak_password_and_mismatch(make_client, world):
    path = _invite(make_client, world).split("localhost", 1)[-1]
    newcomer = make_client()
    page = newcomer.get(path)
    token = csrf_from(page.get_data(as_text=True))
    weak = newcomer.post(path, data={"password": "password1234", "confirm": "password1234", "csrf_token": token})
    assert "too common" in weak.get_data(as_text=True)
    mismatch = newcomer.post(path, data={"password": "three random words please", "confirm": "other", "csrf_token": token})
    assert "Passwords do not match" in mismatch.get_data(as_text=True)


def test_expired_invitation_is_refused(make_client, world):
    path = _invite(make_client, world).split("localhost", 1)[-1]
    for invitation in db.session.scalars(select(Invitation)):
        invitation.expires_at = utcnow().replace(year=2020)
    db.session.commit()
    response = make_client().get(path)
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)


def test_reissued_invitation_supersedes_the_old_link(make_client, world):
    old_path = _invite(make_client, world).split("localhost", 1)[-1]
    user_id = db.session.scalar(select(Invitation.user_id))
    response = make_client(world.facilitator).form(f"/admin/people/{user_id}/invitation")
    assert response.status_code == 201
    assert "newer invitation" in make_client().get(old_path).get_data(as_text=True)


def test_garbage_invitation_link_is_a_clear_error(client):
    response = client.get("/invitations/not-a-real-token")
    assert response.status_code == 410
    assert "not valid" in response.get_data(as_text=True)


def test_invitation_is_emailed_when_mail_is_configured(make_client, world, app):
    app.config["MAIL_SERVER"] = "smtp.example.org"
    _invite(make_client, world, "mailed@example.org")
    outbox = app.extensions["mailman"].outbox
    assert len(outbox) == 1
    assert outbox[0].to == ["mailed@example.org"]
    assert "/invitations/" in outbox[0].body


# --- API tokens ------------------------------------------------------------------------------


def test_create_use_and_revoke_api_token(make_client, world, client):
    me = make_client(world.member)
    response = me.form("/account/tokens", {"token_name": "Sync script"})
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    start = html.index('id="new-token">') + len('id="new-token">')
    secret = html[start : html.index("<", start)]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).get_json()["email"] == "mo@example.org"
    assert "token.used" in actions()
    token_id = db.session.scalar(select(AuditEvent.target_id).where(AuditEvent.action == "token.created"))
    me.form(f"/account/tokens/{token_id}/revoke")
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_cannot_revoke_someone_elses_token(make_client, world):
    other = make_client(world.other_member)
    other.form("/account/tokens", {"token_name": "Theirs"})
    token_id = db.session.scalar(select(AuditEvent.target_id).where(AuditEvent.action == "token.created"))
    assert make_client(world.member).form(f"/account/tokens/{token_id}/revoke").status_code == 404


def test_background_polling_does_not_keep_an_idle_session_alive(client, world):
    client.sign_in_as(world.member)
    stale = time.time() - 20 * 60
    with client.session_transaction() as session:
        session["last_seen"] = stale
    client.get("/api/v1/me", headers={"X-Background-Request": "1"})
    with client.session_transaction() as session:
        assert session["last_seen"] == stale
    client.get("/api/v1/me")
    with client.session_transaction() as session:
        assert session["last_seen"] > stale


def test_correct_sign_ins_do_not_use_up_the_ips_budget(make_client, world, app):
    # A whole trust signs in at 9am from one NAT address: right passwords give their guess back.
    app.config["LOGIN_MAX_PER_IP"] = 5
    for _ in range(8):
        assert sign_in(make_client(), "mo@example.org", REMOTE_ADDR="10.3.3.3").status_code == 302
    # Wrong ones still count against the address.
    client = make_client()
    for n in range(5):
        sign_in(client, f"guess{n}@example.org", "wrong password here", REMOTE_ADDR="10.3.3.3")
    assert sign_in(make_client(), "mo@example.org", REMOTE_ADDR="10.3.3.3").status_code == 429
