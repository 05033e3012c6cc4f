"""The foundation's tables: people, organisations, cohorts, teams, memberships, tokens, audit.

Every capability package builds on these (a report section belongs to a Team, a comment has
an author User), so they live in the core rather than in one feature. Feature packages keep
their own tables in `<feature>/models.py`.
"""

from __future__ import annotations

import enum
import hashlib
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both SQLite (which drops tzinfo) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def name_key(name: str) -> str:
    """How names compare for uniqueness: NFKC-normalised and case-folded in Python, so "Ü" and
    "ü" match on every database (SQLite's lower() folds only ASCII), and without zero-width
    joiners, which names may keep but which must not make two names that look alike distinct.
    Stored as a SHA-256, so the column has a fixed size however much a name grows when folded
    ("ß" -> "ss")."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    folded = folded.replace("\u200c", "").replace("\u200d", "")
    return hashlib.sha256(folded.encode()).hexdigest()


def hash_secret(secret: str) -> str:
    """Tokens and invitation links are random 256-bit strings, so a plain SHA-256 is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()


class OrganisationKind(enum.StrEnum):
    ACUTE_TRUST = "acute trust"
    COMMUNITY_TRUST = "community trust"
    MENTAL_HEALTH_TRUST = "mental health trust"
    PCN = "PCN"
    GP_PRACTICE = "GP practice"
    LOCAL_AUTHORITY = "local authority"
    VOLUNTARY_SECTOR = "voluntary sector"
    ICB = "ICB"
    OTHER = "other"


class Role(enum.StrEnum):
    MEMBER = "member"
    HOST = "host"
    ASSESSOR = "assessor"

    @property
    def label(self) -> str:
        return {"member": "Team member", "host": "Host partner", "assessor": "Assessor"}[self.value]


NAME_MAX = 120
TITLE_MAX = 200
EMAIL_MAX = 254
RATE_KEY_MAX = 200


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    # None until the person accepts their invitation and sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_facilitator: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Identifies the user in the session cookie; rotating it signs out every old cookie.
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown on the account page so a person can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None: the token never expires (the person chose so when making it).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    name_key: Mapped[str] = mapped_column(String(64), unique=True)  # set with the name, see below
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k.value}'" for k in OrganisationKind) + ")", name="kind"
        ),
    )


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    name_key: Mapped[str] = mapped_column(String(64), unique=True)  # set with the name, see below
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the group report is due (a submission after it is accepted and marked late), and
    # the declaration the Word report carries on its own page; both are the facilitator's.
    report_due_on: Mapped[date | None]
    declaration_text: Mapped[str | None] = mapped_column(Text)

    teams: Mapped[list[Team]] = relationship(back_populates="cohort")

    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates_in_order"),)


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    host_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(64))  # set with the name, see below
    review_title: Mapped[str] = mapped_column(String(TITLE_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the team freezes its review for assessment; assessors see the work only after.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Deleted teams are kept for the audit trail but answer 404 everywhere.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship(back_populates="teams")
    host_organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="Membership.id"
    )

    __table_args__ = (
        UniqueConstraint("cohort_id", "name", name="uq_teams_cohort_id_name"),
        UniqueConstraint("cohort_id", "name_key", name="uq_teams_cohort_id_name_key"),
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @staticmethod
    def live():
        """A statement for teams that have not been deleted."""
        return select(Team).where(Team.deleted_at.is_(None))


class Membership(db.Model):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")

    __table_args__ = (
        UniqueConstraint("team_id", "user_id", name="uq_memberships_team_id_user_id"),
        CheckConstraint("role IN ('member', 'host', 'assessor')", name="role"),
    )

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class Invitation(db.Model):
    """A one-time link that lets a new person set their password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when a newer link replaces this one, so only the latest link works.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PasswordReset(db.Model):
    """A one-time link to choose a new password: emailed on request, or made by a facilitator."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # never the link itself
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()
    team: Mapped[Team | None] = relationship()


class RateLimitCounter(db.Model):
    """One fixed-window counter per key (used only without Redis)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(RATE_KEY_MAX), primary_key=True)
    count: Mapped[int]
    # Unix seconds: plain integers compare the same way on SQLite and PostgreSQL.
    window_ends: Mapped[int] = mapped_column(index=True)


def _set_name_key(target, value, _old, _initiator) -> None:
    target.name_key = name_key(value) if value is not None else None


# Whatever sets a name (a form, the API, a factory, the demo) sets its comparison key with it.
for _model in (Organisation, Cohort, Team):
    event.listen(_model.name, "set", _set_name_key)
