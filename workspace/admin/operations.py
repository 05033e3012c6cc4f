"""Every change a facilitator makes: validate, change, audit, commit once.

Both the admin pages and the JSON API call these, so the rules (unique names, known roles,
valid dates) hold whichever way a change arrives.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..auth.operations import (
    PublicLink,
    invitation_link,
    issue_invitation,
    revoke_all_api_tokens,
    rotate_session,
    send_invitation_email,
)
from ..auth.sessions import new_session_token
from ..cleaning import clean_line, clean_multiline
from ..errors import ValidationProblem
from ..extensions import db
from ..models import (
    NAME_MAX,
    TITLE_MAX,
    Cohort,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Team,
    User,
    name_key,
    utcnow,
)


def _require_text(fields: dict, name: str, value, missing: str, label: str, limit: int = NAME_MAX) -> str:
    value = clean_line(value) if isinstance(value, str) else ""
    if not value:
        fields[name] = missing
    elif len(value) > limit:
        fields[name] = f"{label} must be {limit} characters or fewer"
    return value


@contextmanager
def _duplicate_means(problem: ValidationProblem):
    """A unique constraint tripped (by a concurrent request, or a case the checks missed)
    becomes the form's message, never a 500."""
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        raise problem from None


def _flush_unique(problem: ValidationProblem) -> None:
    with _duplicate_means(problem):
        db.session.flush()


def _commit_unique(problem: ValidationProblem) -> None:
    with _duplicate_means(problem):
        db.session.commit()


def _name_taken(model, name: str, exclude_id: int | None = None, **scope) -> bool:
    stmt = select(model.id).where(model.name_key == name_key(name))
    for column, value in scope.items():
        stmt = stmt.where(getattr(model, column) == value)
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return db.session.scalar(stmt.limit(1)) is not None


# --- cohorts ---------------------------------------------------------------------------------


#: a cohort setting the caller leaves as it is (the create form does not ask for every one)
KEEP = object()
DECLARATION_MAX = 4000


def _assessment_settings(fields: dict, report_due_on, declaration_text):
    """The report's due date (a date or None) and the declaration (None when empty)."""
    if report_due_on is not KEEP and report_due_on is not None and not isinstance(report_due_on, date):
        fields["report_due_on"] = "Enter the report's due date as a date, or leave it empty"
    if declaration_text is not KEEP and declaration_text is not None and not isinstance(declaration_text, str):
        fields["declaration_text"] = "The declaration must be text"
    elif declaration_text is not KEEP:
        declaration_text = clean_multiline(declaration_text).strip() if isinstance(declaration_text, str) else ""
        if len(declaration_text) > DECLARATION_MAX:
            fields["declaration_text"] = f"The declaration must be {DECLARATION_MAX:,} characters or fewer"
        declaration_text = declaration_text or None
    return report_due_on, declaration_text


#: a report may be due up to a year after the cohort's last day (a programme can run late), not later
DUE_DATE_GRACE = timedelta(days=366)


def save_cohort(cohort: Cohort | None, name, starts_on, ends_on, *, report_due_on=KEEP, declaration_text=KEEP) -> Cohort:
    fields: dict[str, str] = {}
    name = _require_text(fields, "name", name, "Enter a cohort name", "Cohort name")
    report_due_on, declaration_text = _assessment_settings(fields, report_due_on, declaration_text)
    if not isinstance(starts_on, date):
        fields["starts_on"] = "Enter a start date"
    if not isinstance(ends_on, date):
        fields["ends_on"] = "Enter an end date"
    elif isinstance(starts_on, date) and ends_on < starts_on:
        fields["ends_on"] = "End date must be the same as or after the start date"
    elif isinstance(starts_on, date) and isinstance(report_due_on, date) and not (
            starts_on <= report_due_on <= ends_on + DUE_DATE_GRACE):
        fields["report_due_on"] = (
            f"The report's due date must fall between the cohort's start ({starts_on:%-d %B %Y}) and a year "
            f"after its end ({ends_on + DUE_DATE_GRACE:%-d %B %Y})")
    if "name" not in fields and _name_taken(Cohort, name, cohort.id if cohort else None):
        fields["name"] = "A cohort with this name already exists"
    if fields:
        raise ValidationProblem(fields)
    created = cohort is None
    if cohort is None:
        cohort = Cohort()
        db.session.add(cohort)
    cohort.name, cohort.starts_on, cohort.ends_on = name, starts_on, ends_on
    if report_due_on is not KEEP:
        cohort.report_due_on = report_due_on
    if declaration_text is not KEEP:
        cohort.declaration_text = declaration_text
    duplicate = ValidationProblem({"name": "A cohort with this name already exists"})
    _flush_unique(duplicate)  # a new cohort needs its id before the audit row can name it
    audit.record(
        "cohort.created" if created else "cohort.updated",
        target=cohort,
        detail={"name": name, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                "report_due_on": cohort.report_due_on.isoformat() if cohort.report_due_on else None,
                "declaration_set": bool(cohort.declaration_text)},
    )
    _commit_unique(duplicate)
    return cohort


# --- organisations -------------------------------------------------------------------------


def save_organisation(organisation: Organisation | None, name, kind) -> Organisation:
    fields: dict[str, str] = {}
    name = _require_text(fields, "name", name, "Enter the organisation's name", "Organisation name")
    kinds = {k.value for k in OrganisationKind}
    if not isinstance(kind, str) or kind not in kinds:
        fields["kind"] = "Select the kind of organisation: " + ", ".join(sorted(kinds))
    if "name" not in fields and _name_taken(Organisation, name, organisation.id if organisation else None):
        fields["name"] = "An organisation with this name already exists"
    if fields:
        raise ValidationProblem(fields)
    created = organisation is None
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.name, organisation.kind = name, kind
    duplicate = ValidationProblem({"name": "An organisation with this name already exists"})
    _flush_unique(duplicate)
    audit.record(
        "organisation.created" if created else "organisation.updated",
        target=organisation,
        detail={"name": name, "kind": kind},
    )
    _commit_unique(duplicate)
    return organisation


# --- teams -----------------------------------------------------------------------------------


def save_team(team: Team | None, name, cohort_id, host_organisation_id, review_title) -> Team:
    fields: dict[str, str] = {}
    name = _require_text(fields, "name", name, "Enter a team name", "Team name")
    review_title = _require_text(fields, "review_title", review_title, "Enter the review title", "Review title", TITLE_MAX)
    cohort = db.session.get(Cohort, cohort_id) if isinstance(cohort_id, int) else None
    if cohort is None:
        fields["cohort_id"] = "Select a cohort that exists"
    host = db.session.get(Organisation, host_organisation_id) if isinstance(host_organisation_id, int) else None
    if host is None:
        fields["host_organisation_id"] = "Select a host organisation that exists"
    if cohort is not None and "name" not in fields and _name_taken(
        Team, name, team.id if team else None, cohort_id=cohort.id
    ):
        fields["name"] = "A team with this name already exists in this cohort"
    if fields:
        raise ValidationProblem(fields)
    created = team is None
    if team is None:
        team = Team()
        db.session.add(team)
    team.name, team.review_title, team.cohort, team.host_organisation = name, review_title, cohort, host
    duplicate = ValidationProblem({"name": "A team with this name already exists in this cohort"})
    _flush_unique(duplicate)
    audit.record(
        "team.created" if created else "team.updated",
        team=team,
        target=team,
        detail={"name": name, "cohort_id": cohort.id, "host_organisation_id": host.id, "review_title": review_title},
    )
    _commit_unique(duplicate)
    return team


def delete_team(team: Team) -> None:
    """Soft delete: the team and its work answer 404 everywhere, the audit trail remains."""
    team.deleted_at = utcnow()
    audit.record("team.deleted", team=team, target=team, detail={"name": team.name})
    db.session.commit()


# --- people ----------------------------------------------------------------------------------


@dataclass
class AddedPerson:
    user: User
    membership: Membership
    invite_url: str | None  # None when the person already has a password
    emailed: bool
    link_trusted: bool = True  # False: the site's public address is unknown, so nothing was emailed


def add_person(team: Team, email, name, role, actor: User) -> AddedPerson:
    fields: dict[str, str] = {}
    email = clean_line(email).lower() if isinstance(email, str) else ""
    if not email:
        fields["email"] = "Enter their email address"
    else:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            fields["email"] = "Enter an email address in the correct format, like name@example.nhs.uk"
        if len(email) > 254:
            fields["email"] = "Email address must be 254 characters or fewer"
    if not isinstance(role, str) or role not in {r.value for r in Role}:
        fields["role"] = "Select a role: member, host or assessor"
    user = db.session.scalar(select(User).where(User.email == email)) if "email" not in fields else None
    name = clean_line(name) if isinstance(name, str) else ""
    if user is None and "email" not in fields:
        if not name:
            fields["name"] = "Enter their full name: this person is new to the workspace"
        elif len(name) > NAME_MAX:
            fields["name"] = f"Name must be {NAME_MAX} characters or fewer"
    if user is not None and db.session.scalar(
        select(Membership.id).where(Membership.team_id == team.id, Membership.user_id == user.id)
    ):
        fields["email"] = f"{user.name} is already in this team. Change their role instead"
    if fields:
        raise ValidationProblem(fields)

    if user is None:
        user = User(email=email, name=name, session_token=new_session_token())
        db.session.add(user)
    membership = Membership(team=team, user=user, role=role)
    db.session.add(membership)
    # Two facilitators adding the same person at once: the second gets a message, not a 500.
    _flush_unique(ValidationProblem({"email": "This person was added a moment ago. Reload the page to see them"}))
    secret = issue_invitation(user, actor) if not user.has_password else None
    audit.record("member.added", team=team, target=membership, detail={"user_email": email, "role": role})
    if secret:
        audit.record("invitation.created", team=team, target=user, detail={"user_email": email})
    _commit_unique(ValidationProblem({"email": "This person is already in this team"}))
    if not secret:
        return AddedPerson(user, membership, None, emailed=False)
    link = invitation_link(secret)
    return AddedPerson(user, membership, link.url, send_invitation_email(user, link, team.name), link.trusted)


def change_role(membership: Membership, role) -> None:
    if not isinstance(role, str) or role not in {r.value for r in Role}:
        raise ValidationProblem({"role": "Select a role: member, host or assessor"})
    if membership.role == role:
        return
    old = membership.role
    membership.role = role
    audit.record(
        "member.role_changed",
        team=membership.team,
        target=membership,
        detail={"user_email": membership.user.email, "from": old, "to": role},
    )
    db.session.commit()


def remove_member(membership: Membership) -> None:
    """Remove someone from a team. Their sessions are rotated, so every open page of theirs
    must sign in again and sees the team gone on the very next request."""
    user, team = membership.user, membership.team
    audit.record(
        "member.removed",
        team=team,
        target=membership,
        detail={"user_email": user.email, "role": membership.role, "user_id": user.id},
    )
    db.session.delete(membership)
    rotate_session(user)
    db.session.commit()


def reissue_invitation(user: User, actor: User) -> tuple[PublicLink, bool]:
    if user.has_password:
        raise ValidationProblem({"user": f"{user.name} has already set a password"})
    secret = issue_invitation(user, actor)
    audit.record("invitation.created", target=user, detail={"user_email": user.email, "reissued": True})
    db.session.commit()
    link = invitation_link(secret)
    return link, send_invitation_email(user, link)


def set_account_open(user: User, open_: bool, actor: User) -> None:
    """Close an account (every session, token and link stops working) or open it again."""
    if user.id == actor.id:
        raise ValidationProblem({"user": "You cannot close your own account"})
    if user.is_active == open_:
        return
    user.is_active = open_
    rotate_session(user)
    if not open_:
        revoke_all_api_tokens(user, "account closed")  # so reopening brings none of them back
    audit.record("account.reopened" if open_ else "account.closed", target=user, detail={"user_email": user.email})
    db.session.commit()
