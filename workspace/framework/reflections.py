"""Members' reflections: the privacy rule and every change, in one module.

THE RULE (every read of a reflection goes through `visible_reflections` / `get_reflection_for`):
- a private reflection (shared_at is None) is read by its author only, and only while they keep
  reflections on the team (a member). Nobody else ever reads it, facilitators included, through
  any route: pages, the API, tags, the coverage and evidence pages, Word parts. To everyone else
  it does not exist (404);
- a reflection shared with the team is read by its members, by its assessors (once the team has
  submitted: they hold "assess" then) and by facilitators. Never by the host partner: a shared
  reflection is for the team, not the partner organisation.
Reflections are not comment targets.

Only the author changes a reflection (edit, share, make private, delete). A submitted team's
reflections stay writable: they are personal, not part of the frozen review (the Word report
carries shared reflections only, and a quotation in the report goes through the report's own
save, which refuses a submitted team).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import blank, bounded_int, cleaned_text, parsed_date
from ..errors import ValidationProblem, clean_each, refuse_unknown
from ..extensions import db
from ..models import Team, User, utcnow
from ..permissions import can
from .models import NAME_MAX, TEXT_MAX, Reflection
from .report_text import already_holds

__all__ = ["visible_reflections", "get_reflection_for", "may_read_shared", "may_keep", "create", "update",
           "set_shared", "delete", "quote_in_report", "quotation", "already_quoted", "ALREADY_THERE", "ALREADY_QUOTED", "Stale",
           "QuoteRefused", "MAX_REFLECTIONS"]

FIELDS = ("written_on", "title", "body")
FIELD_LABELS = {"written_on": "Date", "title": "Title", "body": "Reflection"}
BODY_MAX = TEXT_MAX  # characters of markdown
EARLIEST = date(2000, 1, 1)
#: the most live reflections one person keeps in one team: the page and the exports stay bounded
MAX_REFLECTIONS = 1000
REPORT_SECTION = "reflections"


class Stale(Exception):
    def __init__(self, record):
        self.record = record
        super().__init__("You changed this reflection somewhere else since you opened it. Nothing was saved: "
                         "reload the page to see that change, then make yours again.")


ALREADY_THERE = ("This is already in the report's reflections section: the section holds exactly this "
                 "quotation, so quoting it again would duplicate it.")
ALREADY_QUOTED = ("This is already in the report's reflections section: the section holds exactly this "
                  "quotation. Nothing was quoted again.")


def already_quoted(team: Team, reflection: Reflection, author_name: str) -> bool:
    """The report's reflections section already holds this quotation exactly (for the confirmation)."""
    from ..report import operations as report_ops

    section = report_ops.get_section(team, REPORT_SECTION)
    return section is not None and already_holds(section.body, quotation(reflection, author_name))


class QuoteRefused(Exception):
    """The quotation could not go into the report (the message says why); nothing was saved."""


# --- the privacy rule ----------------------------------------------------------------------------


def may_keep(viewer: User | None, team: Team) -> bool:
    """Writes reflections of their own here: a member (not a facilitator, host or assessor)."""
    return viewer is not None and can(viewer, "keep_reflections", team)


def may_read_shared(viewer: User | None, team: Team) -> bool:
    """Reads the reflections shared with the team: its members, its assessors once it has
    submitted, facilitators. Never a host partner."""
    return viewer is not None and (may_keep(viewer, team) or can(viewer, "assess", team)
                                   or can(viewer, "administer", team))


def visible_reflections(team: Team, viewer: User | None):
    """The WHERE clause of the live reflections of `team` that `viewer` may read (see the rule)."""
    live = (Reflection.team_id == team.id) & Reflection.deleted_at.is_(None)
    own = (Reflection.author_id == viewer.id) if may_keep(viewer, team) else None
    shared = Reflection.shared_at.is_not(None) if may_read_shared(viewer, team) else None
    if own is not None and shared is not None:
        return live & (own | shared)
    if own is not None:
        return live & own
    if shared is not None:
        return live & shared
    return live & (Reflection.id.is_(None))  # nothing: matches no row


def visible_ids(team: Team, viewer: User | None):
    """A SELECT of the ids `viewer` may read (for tags and coverage)."""
    return select(Reflection.id).where(visible_reflections(team, viewer))


def get_reflection_for(team: Team, reflection_id, viewer: User | None) -> Reflection | None:
    """The reflection, if `viewer` may read it; None otherwise (the caller answers 404)."""
    number = bounded_int(reflection_id, 1)
    if number is None:
        return None
    return db.session.scalar(select(Reflection).where(Reflection.id == number, visible_reflections(team, viewer)))


def tag_loader(team: Team, target_id: int, viewer: User | None) -> bool:
    """For tagging (framework.tags): only the author tags their reflection, and removes its tags.
    To anyone else it does not exist (404), whether they may read it or not."""
    found = get_reflection_for(team, target_id, viewer)
    return found is not None and is_author(viewer, found)


def is_author(viewer: User | None, reflection: Reflection) -> bool:
    return viewer is not None and reflection.author_id == viewer.id


# --- fields --------------------------------------------------------------------------------------


def today() -> date:
    return utcnow().date()


def clean(data: dict, *, partial: bool) -> dict:
    """Stored values for the fields `data` names (all of them when not partial)."""
    refuse_unknown(data, FIELDS, "reflection")
    names = [name for name in FIELDS if name in data] if partial else FIELDS
    return clean_each(data, names, _one)


def _one(name: str, value):
    label = FIELD_LABELS[name]
    match name:
        case "written_on":
            if blank(value):
                return today()
            found = parsed_date(value, label, EARLIEST, date(2100, 12, 31))
            if found > today():
                raise ValueError("Date: a reflection is dated today or earlier")
            return found
        case "title":
            return cleaned_text(value, label, NAME_MAX)
        case "body":
            return cleaned_text(value, label, BODY_MAX, multiline=True, required=True)
    raise AssertionError(name)  # pragma: no cover


# --- changes (only the author; reflections stay writable after submission) ------------------------


def _refuse_unless_author(actor: User, reflection: Reflection) -> None:
    if not is_author(actor, reflection):  # the views never offer it; a guard for any other caller
        raise PermissionError("Only its author changes a reflection")


def _commit(team: Team, actor: User, action: str, reflection: Reflection, **detail) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Stale(reflection) from None
    # No text in the audit trail: a facilitator reads it, and a private reflection is the author's only.
    audit.record(action, team=team, target=reflection, actor=actor, detail=detail or None)
    db.session.commit()


def _check_version(reflection: Reflection, version) -> None:
    if version is None or version == "":
        return
    number = bounded_int(version, 1)
    if number is None:
        raise ValidationProblem({"version": "version must be the version you read: a whole number from 1"})
    if number != reflection.version:
        db.session.rollback()
        raise Stale(reflection)


def create(team: Team, author: User, data: dict) -> Reflection:
    if not may_keep(author, team):
        raise PermissionError("Only a member keeps reflections")
    values = clean(data, partial=False)
    count = db.session.scalar(select(func.count()).select_from(Reflection).where(
        Reflection.team_id == team.id, Reflection.author_id == author.id, Reflection.deleted_at.is_(None)))
    if count >= MAX_REFLECTIONS:
        raise ValidationProblem({"body": f"You can keep at most {MAX_REFLECTIONS:,} reflections in a team. "
                                         "Delete some you no longer need first."})
    now = utcnow()
    reflection = Reflection(team_id=team.id, author_id=author.id, created_at=now, updated_at=now, **values)
    db.session.add(reflection)
    _commit(team, author, "framework.reflection.created", reflection)
    return reflection


def update(team: Team, reflection: Reflection, author: User, data: dict, *, version=None) -> list[str]:
    """Change the fields `data` names; the names of those that changed (none: nothing written)."""
    _refuse_unless_author(author, reflection)
    values = clean(data, partial=True)
    _check_version(reflection, version)
    changed = [name for name, value in values.items() if getattr(reflection, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(reflection, name, values[name])
    reflection.updated_at = utcnow()
    _commit(team, author, "framework.reflection.updated", reflection, fields=changed)
    return changed


def set_shared(team: Team, reflection: Reflection, author: User, shared: bool) -> bool:
    """Share with the team (True) or make private again (False); True when it changed."""
    _refuse_unless_author(author, reflection)
    if (reflection.shared_at is not None) == shared:
        return False
    reflection.shared_at = utcnow() if shared else None
    reflection.updated_at = utcnow()
    _commit(team, author, "framework.reflection.shared" if shared else "framework.reflection.made_private",
            reflection)
    return True


def delete(team: Team, reflection: Reflection, author: User) -> None:
    """Soft delete: gone from every page, the API, tags and the Word report."""
    _refuse_unless_author(author, reflection)
    reflection.deleted_at = utcnow()
    _commit(team, author, "framework.reflection.deleted", reflection)


# --- quoting a shared reflection in the report ----------------------------------------------------


def quotation(reflection: Reflection, author_name: str) -> str:
    """The reflection as a markdown quotation, signed with its author and date."""
    lines = []
    if reflection.title:
        lines.append(f"> **{reflection.title}**")
        lines.append(">")
    lines.extend(f"> {line}".rstrip() for line in reflection.body.splitlines())
    lines.append(">")
    lines.append(f"> — {author_name}, {reflection.written_on.day} {reflection.written_on:%B %Y}")
    return "\n".join(lines)


def quote_in_report(team: Team, reflection: Reflection, actor: User, author_name: str) -> int:
    """Append the shared reflection as a quotation to the report's reflections section, through
    the report's own save (it refuses a submitted team: ReportSubmitted). Returns the section's
    new version. QuoteRefused when the section is missing or the save cannot be made."""
    from ..report import operations as report_ops  # the one allowed entry into the report

    if reflection.shared_at is None:
        raise QuoteRefused("Only a reflection shared with the team can be quoted in the report.")
    if not may_keep(actor, team):
        raise PermissionError("Only a member quotes a reflection in the report")
    section = report_ops.get_section(team, REPORT_SECTION)
    if section is None:
        db.session.rollback()
        raise QuoteRefused("Your report has no “Reflections on systems leadership” section, so there is "
                           "nowhere to quote it. Nothing was saved.")
    quoted = quotation(reflection, author_name)
    if already_holds(section.body, quoted):
        db.session.rollback()
        raise QuoteRefused(ALREADY_QUOTED)
    body = section.body.rstrip()
    body = (body + "\n\n" if body else "") + quoted + "\n"
    try:
        outcome = report_ops.save_section(team, REPORT_SECTION, body, section.version, actor)
    except report_ops.BodyTooLarge as problem:
        raise QuoteRefused(f"{problem} Nothing was saved.") from None
    except (report_ops.SectionMissing, report_ops.SectionGone):
        raise QuoteRefused("The report's reflections section was removed. Nothing was saved.") from None
    except (report_ops.SaveConflict, report_ops.SaveBusy):
        db.session.rollback()
        raise QuoteRefused("Someone was saving the reflections section at the same moment. Nothing was "
                           "saved: try again.") from None
    audit.record("framework.reflection.quoted", team=team, target=reflection, actor=actor,
                 detail={"section": REPORT_SECTION, "version": outcome.version})
    db.session.commit()
    return outcome.version


def author_names(ids) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())

