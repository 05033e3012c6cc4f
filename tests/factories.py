"""Small factories for the records tests need. Each adds and flushes; the caller commits."""

from __future__ import annotations

import itertools
from datetime import date
from functools import cache

from workspace.auth.passwords import hash_password
from workspace.auth.sessions import new_session_token
from workspace.extensions import db
from workspace.models import Cohort, Membership, Organisation, Team, User

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per test run


def make_user(name: str | None = None, email: str | None = None, *, facilitator: bool = False,
              password: bool = True) -> User:
    n = next(_counter)
    user = User(
        name=name or f"Person {n}",
        email=(email or f"person{n}@example.org").lower(),
        password_hash=_password_hash() if password else None,
        is_facilitator=facilitator,
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_cohort(name: str | None = None) -> Cohort:
    cohort = Cohort(name=name or f"Cohort {next(_counter)}", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31))
    db.session.add(cohort)
    db.session.flush()
    return cohort


def make_organisation(name: str | None = None, kind: str = "acute trust") -> Organisation:
    organisation = Organisation(name=name or f"Organisation {next(_counter)}", kind=kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_team(name: str | None = None, cohort: Cohort | None = None, host: Organisation | None = None) -> Team:
    team = Team(
        name=name or f"Team {next(_counter)}",
        cohort=cohort or make_cohort(),
        host_organisation=host or make_organisation(),
        review_title="Reducing delayed discharges",
    )
    db.session.add(team)
    db.session.flush()
    return team


def add_member(team: Team, user: User, role: str = "member") -> Membership:
    membership = Membership(team=team, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership
