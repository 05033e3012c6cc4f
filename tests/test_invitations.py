"""Invitation links: opening one changes nothing, and links are built only from trusted hosts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.extensions import db
from workspace.models import AuditEvent

from .conftest import csrf_from
from .test_auth import _invite


def _path(url: str) -> str:
    return url.split("localhost", 1)[-1]


def test_opening_an_invitation_while_signed_in_signs_nobody_out(make_client, world):
    path = _path(_invite(make_client, world))
    member = make_client(world.member)
    page = member.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "You are signed in as Mo Member" in html
    assert "Sign out and accept the invitation" in html
    # Still signed in, with the same session: a GET changed nothing.
    assert member.get("/").status_code == 200
    # A password posted to the link while someone else is signed in is not accepted either.
    refused = member.post(path, data={"password": "three random words please", "confirm": "three random words please",
                                      "csrf_token": csrf_from(html)})
    assert refused.status_code == 409
    assert member.get("/").status_code == 200


def test_the_sign_out_button_signs_out_then_shows_the_invitation(make_client, world):
    path = _path(_invite(make_client, world))
    member = make_client(world.member)
    html = member.get(path).get_data(as_text=True)
    response = member.post(path + "/sign-out", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302
    assert response.headers["Location"] == path
    page = member.get(path).get_data(as_text=True)
    assert "Welcome, New Person" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_out")).actor_id == world.member.id


def test_the_sign_out_button_needs_csrf(make_client, world):
    path = _path(_invite(make_client, world))
    member = make_client(world.member)
    assert member.post(path + "/sign-out").status_code == 400
    assert member.get("/").status_code == 200


def test_the_sign_out_button_on_a_dead_link_signs_nobody_out(make_client, world):
    member = make_client(world.member)
    response = member.form("/invitations/not-a-real-link/sign-out")
    assert response.status_code == 410
    assert member.get("/").status_code == 200


# --- where links point -----------------------------------------------------------------------


def _facilitator_at(make_client, world, host: str):
    """The facilitator's client, with their session cookie also sent to `host`."""
    facilitator = make_client(world.facilitator)
    facilitator.csrf()
    session = facilitator.raw.get_cookie("workspace_session")
    facilitator.raw.set_cookie("workspace_session", session.value, domain=host.split(":")[0])
    return facilitator


def _add_person(make_client, world, email: str, host: str):
    return _facilitator_at(make_client, world, host).form(
        f"/admin/teams/{world.team.id}/members",
        {"email": email, "name": "New Person", "role": "member"},
        base_url=f"http://{host}",
    )


@pytest.fixture
def mail_in_production(app):
    app.config.update(MAIL_SERVER="smtp.example.org", ENV_NAME="production", PUBLIC_BASE_URL=None, TRUSTED_HOSTS=None)
    # locmem mail makes its outbox on the first message sent
    return lambda: getattr(app.extensions["mailman"], "outbox", [])


def test_a_link_from_an_untrusted_host_is_shown_but_never_emailed(make_client, world, mail_in_production):
    response = _add_person(make_client, world, "victim@example.org", "evil.example")
    html = response.get_data(as_text=True)
    assert response.status_code == 201
    assert mail_in_production() == []
    assert "This link was not emailed" in html
    assert "PUBLIC_BASE_URL" in html


def test_a_trusted_host_is_used_for_emailed_links(make_client, world, mail_in_production, app):
    app.config["TRUSTED_HOSTS"] = ["workspace.example.nhs.uk", "localhost"]  # localhost: the test client's own
    response = _add_person(make_client, world, "new@example.org", "workspace.example.nhs.uk")
    assert response.status_code == 201
    assert "This link was not emailed" not in response.get_data(as_text=True)
    assert len(mail_in_production()) == 1
    assert "http://workspace.example.nhs.uk/invitations/" in mail_in_production()[0].body
    # Flask itself refuses any other Host header.
    assert _facilitator_at(make_client, world, "evil.example").get("/", base_url="http://evil.example").status_code == 400


def test_the_configured_base_wins_over_the_host_header(make_client, world, mail_in_production, app):
    app.config["PUBLIC_BASE_URL"] = "https://workspace.example.nhs.uk/"
    _add_person(make_client, world, "new@example.org", "evil.example")
    assert len(mail_in_production()) == 1
    assert "https://workspace.example.nhs.uk/invitations/" in mail_in_production()[0].body
    assert "evil.example" not in mail_in_production()[0].body


def test_development_links_use_the_local_server(make_client, world, mail_in_production, app):
    app.config["ENV_NAME"] = "development"
    _add_person(make_client, world, "new@example.org", "127.0.0.1:5001")
    assert "http://127.0.0.1:5001/invitations/" in mail_in_production()[0].body
    _add_person(make_client, world, "other@example.org", "evil.example")
    assert len(mail_in_production()) == 1


def test_reissued_link_from_an_untrusted_host_is_not_emailed(make_client, world, mail_in_production):
    from workspace.models import User

    _add_person(make_client, world, "victim@example.org", "evil.example")
    victim = db.session.scalar(select(User).where(User.email == "victim@example.org"))
    facilitator = _facilitator_at(make_client, world, "evil.example")
    response = facilitator.form(f"/admin/people/{victim.id}/invitation", base_url="http://evil.example")
    assert response.status_code == 201
    assert "This link was not emailed" in response.get_data(as_text=True)
    assert mail_in_production() == []
