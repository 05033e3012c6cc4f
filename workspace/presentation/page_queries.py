"""Reads the slide pages need beside the slides: people's names, the team's members (who may
present), and each slide's open comment threads. Each is one query whatever the deck holds."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import Membership, Role, Team, User
from ..report.models import Comment  # the report's comment machinery is every feature's
from .models import Slide
from .queries import live_slides


def names_of(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def members_of(team: Team) -> list[tuple[int, str]]:
    """The team's members (role member), by name: the people who may present a slide."""
    return list(db.session.execute(
        select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team.id, Membership.role == Role.MEMBER.value).order_by(User.name)).all())


def open_threads(team: Team) -> dict[int, int]:
    """Open comment threads per live slide of the team."""
    return dict(db.session.execute(
        select(Comment.target_id, func.count())
        .where(Comment.team_id == team.id, Comment.target_type == "slide", Comment.parent_id.is_(None),
               Comment.deleted_at.is_(None), Comment.resolved_at.is_(None),
               Comment.target_id.in_(select(Slide.id).where(live_slides(team))))
        .group_by(Comment.target_id)).all())


def slide_ids(team: Team) -> list[int]:
    """The team's live slides' ids in deck order (a slide's number, without their text)."""
    return list(db.session.scalars(select(Slide.id).where(live_slides(team)).order_by(Slide.position, Slide.id)))
