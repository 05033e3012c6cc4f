"""Demo content for assessment: Team Meridian has submitted its report, so the demo assessor
(Dr Samuel Reid) has a frozen Word report to download beside Team Harbour's draft in progress."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from . import operations as ops


def seed_assessment() -> None:
    team = db.session.scalar(select(Team).where(Team.name == "Team Meridian"))
    if team is None:
        return
    fatima = db.session.scalar(select(User).where(User.email.startswith("fatima.hussain@")))
    with current_app.test_request_context():
        ops.submit(team, fatima, declaration_confirmed=True)
