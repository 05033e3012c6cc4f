"""Tables of the stakeholder map: the register, each stakeholder's score history and the
relationships between stakeholders."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import Team, User, UTCDateTime, utcnow
from .figures import LINK_KINDS as LINK_LABELS

NAME_MAX = 120
TEXT_MAX = 120  # organisation, role, channel
LONG_MAX = 2000  # impact, engagement actions
NOTES_MAX = 5000


class Category(enum.StrEnum):
    """Who a stakeholder is, in the words of an Integrated Care System."""

    ICB = "icb"
    ACUTE_TRUST = "acute_trust"
    COMMUNITY_TRUST = "community_trust"
    MENTAL_HEALTH_TRUST = "mental_health_trust"
    PRIMARY_CARE = "primary_care"
    LOCAL_AUTHORITY = "local_authority"
    VOLUNTARY_SECTOR = "voluntary_sector"
    PUBLIC = "public"
    STAFF_GROUP = "staff_group"
    REGULATOR = "regulator"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.ICB: "ICB",
    Category.ACUTE_TRUST: "Acute trust",
    Category.COMMUNITY_TRUST: "Community trust",
    Category.MENTAL_HEALTH_TRUST: "Mental health trust",
    Category.PRIMARY_CARE: "PCN or GP practice",
    Category.LOCAL_AUTHORITY: "Local authority or social care",
    Category.VOLUNTARY_SECTOR: "Voluntary and community sector",
    Category.PUBLIC: "Patients, carers and citizens",
    Category.STAFF_GROUP: "Staff group",
    Category.REGULATOR: "Regulator",
    Category.OTHER: "Other",
}


class Frequency(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    AS_NEEDED = "as_needed"

    @property
    def label(self) -> str:
        return {"weekly": "Weekly", "fortnightly": "Fortnightly", "monthly": "Monthly", "quarterly": "Quarterly",
                "as_needed": "As needed"}[self.value]

    @property
    def days(self) -> int | None:
        """How far apart contacts are, to suggest the next one; None when there is no rhythm."""
        return {"weekly": 7, "fortnightly": 14, "monthly": 30, "quarterly": 91}.get(self.value)


#: the "9 Cs" of stakeholder brainstorming, with the question that finds each kind of person
NINE_CS = {
    "commissioners": ("Commissioners", "Who pays for or commissions the service, and could stop or scale the change?"),
    "customers": ("Customers", "Who receives what the service provides: patients, carers, referrers?"),
    "collaborators": ("Collaborators", "Which partners work with you to deliver the pathway?"),
    "contributors": ("Contributors", "Who gives time, data, expertise or money to the change?"),
    "channels": ("Channels", "Who carries your message: networks, comms teams, forums, newsletters?"),
    "commentators": ("Commentators", "Who talks about the service in public: press, Healthwatch, councillors, social media?"),
    "consumers": ("Consumers", "Who uses what the change produces downstream: other teams, services, the public?"),
    "champions": ("Champions", "Who will speak up for the change and persuade others?"),
    "competitors": ("Competitors", "Who wants the same money, staff or attention, or offers an alternative?"),
}

LINK_KINDS = tuple(LINK_LABELS)  # influences, reports_to, works_with, conflicts_with
#: kinds that read the same both ways: A works with B is B works with A
SYMMETRIC_KINDS = frozenset({"works_with", "conflicts_with"})


class Stakeholder(db.Model):
    """A person or group on a team's register.

    `version` counts changes (SQLAlchemy's version counter: every UPDATE names the version it
    read, so two concurrent writers can never both succeed against one version), and
    `field_versions` remembers at which version each field last changed, so a stale write is
    refused only when it would overwrite a field someone else changed since.
    """

    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    organisation: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    role: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    # Same name in the same organisation, however spelt: a duplicate is allowed but warned about.
    duplicate_key: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(30))
    power: Mapped[int] = mapped_column(Integer)
    interest: Mapped[int] = mapped_column(Integer)
    attitude: Mapped[int | None] = mapped_column(Integer)  # None: not assessed yet
    desired_attitude: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The engagement plan.
    engagement_actions: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    frequency: Mapped[str | None] = mapped_column(String(20))
    last_contact_on: Mapped[date | None]
    next_contact_on: Mapped[date | None] = mapped_column(index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    nine_cs: Mapped[list] = mapped_column(JSON, default=list)
    # Confidential to the team: the whole stakeholder, or only the attitude assessment.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    attitude_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    field_versions: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("power BETWEEN 1 AND 5", name="power"),
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest"),
        CheckConstraint("attitude BETWEEN -2 AND 2", name="attitude"),
        CheckConstraint("desired_attitude BETWEEN -2 AND 2", name="desired_attitude"),
        CheckConstraint("category IN (" + ", ".join(f"'{c.value}'" for c in Category) + ")", name="category"),
        Index("ix_stakeholders_team_id_duplicate_key", "team_id", "duplicate_key"),
    )

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[Category(self.category)]


class StakeholderChange(db.Model):
    """The scores after one change of power, interest or attitude (the first values too), with
    when it happened: "then vs now" and the trend read the last row on or before a date."""

    __tablename__ = "stakeholder_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    power: Mapped[int] = mapped_column(Integer)
    interest: Mapped[int] = mapped_column(Integer)
    attitude: Mapped[int | None] = mapped_column(Integer)
    desired_attitude: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_stakeholder_changes_stakeholder_id_changed_at", "stakeholder_id", "changed_at"),)


class StakeholderLink(db.Model):
    """One relationship: `source` influences / reports to / works with / is in conflict with
    `target`. Both ends belong to the link's team."""

    __tablename__ = "stakeholder_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    source: Mapped[Stakeholder] = relationship(foreign_keys=[source_id])
    target: Mapped[Stakeholder] = relationship(foreign_keys=[target_id])

    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind", name="uq_stakeholder_links_source_id_target_id_kind"),
        CheckConstraint("source_id <> target_id", name="not_itself"),
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in LINK_KINDS) + ")", name="kind"),
    )
