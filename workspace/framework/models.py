"""Tables of the framework feature: the Systems Leadership Development Framework as data per
cohort, tags that tie the team's work to it, the Start Anywhere scoping canvas, the
recommendations register, private reflections, the programme timeline and calendar tokens.

- `FrameworkDomain`, `FrameworkBehaviour`, `FrameworkIntervention`: each cohort's own copy of the
  framework (made from framework/data.py the first time a cohort needs it; facilitators edit it).
  A domain's `key` is one of workspace.domains.DOMAINS and never changes; its name may.
  A behaviour is either a leadership role/behaviour of a domain (`domain_id` set) or one of the
  system-leadership behaviours under a theme (`theme` set: Being, Relating & Communicating,
  Delivering, Leading & Visioning).
- `Tag`: one item of the team's work tagged with a domain or a behaviour of the team's cohort.
  Items are named by (target_type, target_id) as comments name theirs: section, stakeholder,
  action, pdsa (other features' records, reached through comment_targets) and recommendation,
  reflection (this feature's).
- `ScopeCanvas`: the team's Start Anywhere canvas (People, Purpose, Place, Priorities).
- `Recommendation`, `RecommendationFinding`: the register, each recommendation's links to the
  findings behind it, its Useful-criteria assessment and the host partner's response.
- `Reflection`: a member's dated reflection, private to its author unless shared with the team.
- `ProgrammeEvent`: the cohort's timeline (seminars, workshops, ALS, coaching, peer visits,
  milestones, the closing event).
- `CalendarToken`: a person's secret for their calendar feed (stored hashed; revocable).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime, utcnow

NAME_MAX = 200
TEXT_MAX = 10_000
SHORT_MAX = 300

THEMES = ("Being", "Relating & Communicating", "Delivering", "Leading & Visioning")
TAG_TARGET_TYPES = ("section", "stakeholder", "action", "pdsa", "recommendation", "reflection")
CRITERIA = {  # the framework's five "Useful criteria" (shared/domain.md), by key
    "long_term_plan": "Brings the system's long-term plan nearer",
    "workforce_strategy": "Aligned to the system's workforce strategy",
    "multi_agency": "Multi-organisational audience at a minimum, or multi-agency",
    "leadership_focus": "Focused on developing leadership, organisations or systems",
    "affordable": "Affordable or funded",
}
RATINGS = ("met", "partly", "not_met")
HOST_RESPONSES = ("accept", "consider", "decline")
FINDING_KINDS = ("section", "measure", "process_map")
EVENT_KINDS = {
    "seminar": "Seminar", "workshop": "Workshop", "action_learning_set": "Action learning set",
    "coaching": "Coaching session", "peer_visit": "Peer visit", "proposal_due": "Project proposal due",
    "interim_review": "Interim review", "report_due": "Report due", "presentation_day": "Presentation day",
    "closing_event": "Closing event",
}
MILESTONE_KINDS = ("proposal_due", "interim_review", "report_due", "presentation_day")


def _among(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class FrameworkDomain(db.Model):
    __tablename__ = "framework_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("cohort_id", "key", name="uq_framework_domains_cohort_id_key"),)


class FrameworkBehaviour(db.Model):
    __tablename__ = "framework_behaviours"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    domain_id: Mapped[int | None] = mapped_column(ForeignKey("framework_domains.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("(domain_id IS NULL) <> (theme IS NULL)", name="domain_or_theme"),)


class FrameworkIntervention(db.Model):
    __tablename__ = "framework_interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("framework_domains.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    position: Mapped[int] = mapped_column(Integer)


class Tag(db.Model):
    __tablename__ = "framework_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    domain_id: Mapped[int | None] = mapped_column(ForeignKey("framework_domains.id", ondelete="CASCADE"), index=True)
    behaviour_id: Mapped[int | None] = mapped_column(ForeignKey("framework_behaviours.id", ondelete="CASCADE"),
                                                     index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(_among("target_type", TAG_TARGET_TYPES), name="target_type"),
        CheckConstraint("(domain_id IS NULL) <> (behaviour_id IS NULL)", name="domain_or_behaviour"),
        # One tag of a kind per item. Two partial indexes, not one constraint over all four
        # columns: NULLs never clash, so that would let two requests at once add the same tag.
        Index("uq_framework_tags_item_domain", "target_type", "target_id", "domain_id", unique=True,
              sqlite_where=db.text("domain_id IS NOT NULL"), postgresql_where=db.text("domain_id IS NOT NULL")),
        Index("uq_framework_tags_item_behaviour", "target_type", "target_id", "behaviour_id", unique=True,
              sqlite_where=db.text("behaviour_id IS NOT NULL"), postgresql_where=db.text("behaviour_id IS NOT NULL")),
        Index("ix_framework_tags_team_id_target", "team_id", "target_type", "target_id"),
    )


class ScopeCanvas(db.Model):
    __tablename__ = "scope_canvases"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    people: Mapped[str] = mapped_column(Text, default="")  # bullet notes, markdown
    purpose: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")
    priorities: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: the version last inserted into the report's scope section as text (None: never). While it
    #: equals `version` the Word report leaves the canvas table out; a change brings it back
    inserted_version: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __mapper_args__ = {"version_id_col": version}


class Recommendation(db.Model):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    statement: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(SHORT_MAX), default="")  # who owns it at the host partner
    time_frame: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    cost: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    intervention_id: Mapped[int | None] = mapped_column(ForeignKey("framework_interventions.id", ondelete="SET NULL"))
    measures_of_success: Mapped[str] = mapped_column(Text, default="")
    #: {criterion key: {"rating": "met" | "partly" | "not_met", "note": "..."}}; a missing key is not assessed
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    host_response: Mapped[str | None] = mapped_column(String(10))
    host_response_note: Mapped[str] = mapped_column(Text, default="")
    host_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    host_responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint(_among("host_response", HOST_RESPONSES), name="host_response"),)


class RecommendationFinding(db.Model):
    __tablename__ = "recommendation_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)  # a section, measure or process map of the same team

    __table_args__ = (
        CheckConstraint(_among("kind", FINDING_KINDS), name="kind"),
        UniqueConstraint("recommendation_id", "kind", "target_id", name="uq_recommendation_findings_item"),
    )


class Reflection(db.Model):
    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    written_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: private to its author
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}


class ProgrammeEvent(db.Model):
    __tablename__ = "programme_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(NAME_MAX))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]  # several days (a two-day seminar); None: one day
    starts_at: Mapped[time | None]  # a time of day (London); None: all day
    ends_at: Mapped[time | None]
    location: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    uid: Mapped[str] = mapped_column(String(80), unique=True)  # the calendar's stable id for this event
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(_among("kind", tuple(EVENT_KINDS)), name="kind"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
        Index("ix_programme_events_cohort_id_starts_on", "cohort_id", "starts_on"),
    )


class CalendarToken(db.Model):
    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the secret in the URL
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
