"""The privacy of reflections, with special care: every reflection route x every role x both
kinds of reflection (the member's private one and their shared one). The matrix
(tests/test_matrix.py) holds one of the two per route; this file holds both.

A private reflection is its author's only: every other role meets 404 on every route, the
facilitator included, and its words are in no answer. A shared one is read by the team's members,
its assessors once it has submitted and facilitators; a host partner meets 404; only the author
changes it (other readers: 403); any member may quote it in the report.
"""

from __future__ import annotations

import pytest

from workspace.extensions import db
from workspace.framework import reflections as ops

from . import factories

ROLES = ("anonymous", "author", "second_member", "outsider", "host", "assessor_before", "assessor_after",
         "facilitator")
PRIVATE_WORDS = "a thought nobody else may read"
SHARED_WORDS = "a thought for the whole team"
SIGN_IN = "sign-in"

# (method, path after /teams/{team}/reflections/{id}, body); API routes start with "api".
ROUTES = [
    ("GET", "", None), ("GET", "/edit", None),
    ("POST", "/edit", {"written_on": "2026-01-05", "title": "Edited", "body": "Edited words"}),
    ("GET", "/share", None), ("POST", "/share", {}), ("GET", "/make-private", None), ("POST", "/make-private", {}),
    ("GET", "/delete", None), ("POST", "/delete", {}), ("GET", "/quote", None), ("POST", "/quote", {}),
    ("api GET", "", None), ("api PATCH", "", {"title": "Renamed"}), ("api DELETE", "", None),
]
NOBODY = {"outsider": 404, "host": 404, "assessor_before": 404}
READERS_NOT_AUTHORS = {"second_member": 403, "assessor_after": 403, "facilitator": 403}


def _expected(kind: str, method: str, path: str, role: str):
    """The answer a role must get: "ok" (allowed and done), a status, or sign-in."""
    if role == "anonymous":
        return 401 if method.startswith("api") else SIGN_IN
    if kind == "private":
        if role != "author":
            return 404
        return 409 if path == "/quote" else "ok"  # shared ones only are quoted: the page says so
    if role in NOBODY:
        return 404
    reading = (method in ("GET", "api GET") and path == "")
    if reading or path == "/quote" and role == "second_member":
        return "ok"
    if path == "/quote":
        return 403 if role in ("assessor_after", "facilitator") else "ok"
    return "ok" if role == "author" else READERS_NOT_AUTHORS[role]


CASES = [(kind, method, path, role) for kind in ("private", "shared") for method, path, _ in ROUTES for role in ROLES]


@pytest.fixture
def setting(world):
    second = factories.make_user("Sol Second", "sol@example.org")
    factories.add_member(world.team, second, "member")
    db.session.commit()
    private = ops.create(world.team, world.member, {"written_on": "2026-01-02", "title": "Private", "body": PRIVATE_WORDS})
    shared = ops.create(world.team, world.member, {"written_on": "2026-01-03", "title": "Shared", "body": SHARED_WORDS})
    ops.set_shared(world.team, shared, world.member, True)
    people = {"anonymous": None, "author": world.member, "second_member": second, "outsider": world.other_member,
              "host": world.host, "assessor_before": world.assessor, "assessor_after": world.assessor,
              "facilitator": world.facilitator}
    return {"private": private.id, "shared": shared.id}, people


@pytest.mark.parametrize(("kind", "method", "path", "role"), CASES,
                         ids=[f"{k} {m} {p or '/'} as {r}" for k, m, p, r in CASES])
def test_every_reflection_route_for_every_role(make_client, world, setting, kind, method, path, role):
    ids, people = setting
    body = next(b for m, p, b in ROUTES if m == method and p == path)
    if role == "assessor_after":
        world.submit()
    client = make_client(people[role])
    if method.startswith("api"):
        url = f"/api/v1/teams/{world.team.id}/reflections/{ids[kind]}{path}"
        response = client.api(method.split()[1], url, json=body)
    else:
        url = f"/teams/{world.team.id}/reflections/{ids[kind]}{path}"
        response = client.get(url) if method == "GET" else client.form(url, body)
    expected = _expected(kind, method, path, role)
    what = f"{method} {url} as {role}: {response.status_code}"
    assert response.status_code < 500, what
    if expected == SIGN_IN:
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), what
    elif expected == "ok":
        assert response.status_code in (200, 201, 204, 302), what
    else:
        assert response.status_code == expected, f"{what}, expected {expected}"
    if kind == "private" and role != "author":
        assert PRIVATE_WORDS not in response.get_data(as_text=True), what


@pytest.mark.parametrize("role", ROLES)
def test_no_list_shows_a_private_reflection_to_anyone_but_its_author(make_client, world, setting, role):
    _ids, people = setting
    if role == "assessor_after":
        world.submit()
    client = make_client(people[role])
    for url, api in ((f"/teams/{world.team.id}/reflections", False), (f"/api/v1/teams/{world.team.id}/reflections", True)):
        response = client.api("GET", url) if api else client.get(url)
        text = response.get_data(as_text=True)
        if role == "author":
            assert (f"/reflections/{_ids['private']}" in text) or f'"id":{_ids["private"]}' in text.replace(" ", "")
        else:
            assert f"/reflections/{_ids['private']}\"" not in text and f'"id":{_ids["private"]},' not in \
                text.replace(" ", "") and ">Private</a>" not in text
        if role in ("author", "second_member", "assessor_after", "facilitator"):
            assert response.status_code == 200
        else:
            assert response.status_code in (302, 401, 404)
