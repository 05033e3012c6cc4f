"""Invitation links: opening one changes nothing, and links are built only from trusted hosts."""

from __future__ import annotations

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
