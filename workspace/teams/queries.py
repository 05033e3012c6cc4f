"""Read-side statements for teams, shared by pages and the API."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from .. import reads
from ..extensions import db
from ..loading import WITH_COHORT_AND_HOST
from ..models import Membership, Role, Team, User


def visible_teams(user: User) -> Select:
    """Teams the user may see: all live teams for a facilitator, else their own."""
    stmt = Team.live().options(*WITH_COHORT_AND_HOST)
    if not user.is_facilitator:
        stmt = stmt.join(Membership, Membership.team_id == Team.id).where(Membership.user_id == user.id)
    return stmt.order_by(Team.name, Team.id)


# The dashboard's first question: built once, bound per request (issue 7).
_MEMBERSHIPS_OF = (
    select(Membership)
    .join(Membership.team)
    .where(Membership.user_id == bindparam("user_id"), Team.deleted_at.is_(None))
    .options(
        joinedload(Membership.team).joinedload(Team.cohort),
        joinedload(Membership.team).joinedload(Team.host_organisation),
    )
    .order_by(Team.name)
)


def memberships_of(user: User) -> list[Membership]:
    """The user's own memberships of live teams, with team, cohort and host loaded."""
    return list(db.session.scalars(_MEMBERSHIPS_OF, {"user_id": user.id}))


def team_people(team: Team) -> Select:
    return (
        select(Membership)
        .where(Membership.team_id == team.id)
        .options(joinedload(Membership.user))
        .join(Membership.user)
        .order_by(Membership.role, User.name)
    )


# The team page's list of people, as plain rows (mapping a membership and its user as ORM
# objects for each person cost the page more than the query): built once, bound per request.
_PEOPLE_ROWS = (
    select(Membership.role, Membership.user_id, User.name, User.email, User.password_hash.is_not(None).label("has_password"))
    .join(User, User.id == Membership.user_id)
    .where(Membership.team_id == bindparam("team_id"))
    .order_by(Membership.role, User.name)
)


def people_by_role(team: Team) -> dict[Role, list]:
    """Everyone in the team by role, each role in the order Role lists them, names sorted;
    each person a row of role, user_id, name, email and has_password."""
    rows = reads.rows(_PEOPLE_ROWS, {"team_id": team.id})
    return {role: [row for row in rows if row.role == role] for role in Role}


def with_people():
    return selectinload(Team.memberships).joinedload(Membership.user)
