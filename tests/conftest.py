"""Fixtures: the app on a fresh database per test, clients signed in as each role, a live
server for the browser tests.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL is set. The schema is
built once per run by the real migrations; each test then starts from empty tables.
"""

from __future__ import annotations

import difflib
import os
import re
import time
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from workspace import create_app
from workspace import tokens as tk
from workspace.extensions import db
from workspace.models import Team, User

from . import factories

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Build the schema once, through the migrations, on a clean database."""
    from flask_migrate import upgrade

    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return database_url


def _test_config(database_url: str, instance_dir) -> dict:
    return {
        "ENV_NAME": "test",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_DIR": str(instance_dir),
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_SSL_STRICT": False,
        "MAIL_BACKEND": "locmem",
        "REDIS_URL": None,
        "SERVER_NAME": None,
    }


def _empty_all_tables() -> None:
    # DELETE, children first, is much faster than TRUNCATE on PostgreSQL for tables this small.
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_schema, tmp_path):
    app = create_app(_test_config(_schema, tmp_path / "instance"))
    with app.app_context():
        _empty_all_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


class Client:
    """A test client that knows how to sign in and send forms and JSON with a CSRF token."""

    def __init__(self, flask_client):
        self.raw = flask_client
        self._csrf: str | None = None

    def __getattr__(self, name):
        return getattr(self.raw, name)

    def sign_in_as(self, user: User) -> Client:
        """Put the user's session token in the cookie, as a real sign-in does."""
        now = time.time()
        with self.raw.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
            session["signed_in_at"] = now
            session["last_seen"] = now
        self._csrf = None
        return self

    def csrf(self) -> str:
        if self._csrf is None:
            page = self.raw.get("/account" if self._signed_in() else "/sign-in").get_data(as_text=True)
            match = CSRF_RE.search(page)
            assert match, "no CSRF token on the page"
            self._csrf = match.group(1)
        return self._csrf

    def _signed_in(self) -> bool:
        with self.raw.session_transaction() as session:
            return "_user_id" in session

    def form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf())
        return self.raw.post(url, data=data, **kwargs)

    def api(self, method: str, url: str, json=None, **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        if method.upper() != "GET" and "Authorization" not in headers:
            headers["X-CSRFToken"] = self.csrf()
        return self.raw.open(url, method=method.upper(), json=json, headers=headers, **kwargs)


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def make_client(app):
    def _make(user: User | None = None) -> Client:
        c = Client(app.test_client())
        return c.sign_in_as(user) if user else c

    return _make


@dataclass
class World:
    """Two teams in one cohort and a named user for each role."""

    team: Team
    other_team: Team
    facilitator: User
    member: User
    other_member: User
    host: User
    assessor: User

    def submit(self):
        """The team submits its report, through the real operation (a snapshot and its file)."""
        from workspace.assessment import operations as assessment_ops

        return assessment_ops.submit(self.team, self.member).submission


@pytest.fixture
def world(app) -> World:
    cohort = factories.make_cohort("Test cohort")
    team = factories.make_team("Team Harbour", cohort, factories.make_organisation("Riverside Trust"))
    other = factories.make_team("Team Compass", cohort, factories.make_organisation("Eastfield Council", "local authority"))
    w = World(
        team=team,
        other_team=other,
        facilitator=factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True),
        member=factories.make_user("Mo Member", "mo@example.org"),
        other_member=factories.make_user("Olu Other", "olu@example.org"),
        host=factories.make_user("Hana Host", "hana@example.org"),
        assessor=factories.make_user("Asa Assessor", "asa@example.org"),
    )
    factories.add_member(team, w.member, "member")
    factories.add_member(team, w.host, "host")
    factories.add_member(team, w.assessor, "assessor")
    factories.add_member(other, w.other_member, "member")
    db.session.commit()
    return w


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match
    return match.group(1)


@pytest.fixture
def cells_compared(monkeypatch):
    """Counts the token pairs difflib is asked to compare, and stops a run that goes past the
    save's budget at once (so the test fails fast rather than taking 15 s before the fix)."""
    spent = {"cells": 0}

    class Counting(difflib.SequenceMatcher):
        def set_seqs(self, a, b):
            spent["cells"] += len(a) * len(b)
            if spent["cells"] > tk.SAVE_DIFF_CELLS:
                raise AssertionError(f"compared {spent['cells']:,} token pairs, more than the save's budget")
            super().set_seqs(a, b)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)  # merge3 looks it up here
    monkeypatch.setattr(tk, "SequenceMatcher", Counting)
    return spent
