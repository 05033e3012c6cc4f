"""The programme timeline's operations: a facilitator adds, changes and removes a cohort's
events (seminars, workshops, action-learning sets, coaching, peer visits, milestones, the
closing event). Each change validates, records an audit event and commits once.

Rules: a title and a kind from models.EVENT_KINDS are required; the end date is on or after
the start date; an end time needs a start time, and on a one-day event comes after it; a date
outside the cohort's own dates is accepted with a warning (a pre-programme enrolment day, a
closing event just after), but one more than two years outside is refused as a typo.
Every event gets a stable calendar `uid` at creation that never changes afterwards.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import func, select

from .. import audit
from ..cleaning import blank, choose, cleaned_text, parsed_date
from ..errors import ValidationProblem, refuse_unknown
from ..extensions import db
from ..models import Cohort, User, utcnow
from ..timefmt import date_filter
from .models import EVENT_KINDS, NAME_MAX, SHORT_MAX, TEXT_MAX, ProgrammeEvent

FIELDS = ("kind", "title", "starts_on", "ends_on", "starts_at", "ends_at", "location", "description")
#: the most events one cohort's timeline may hold (a year's programme has about forty)
MAX_EVENTS = 300
#: a date more than this many calendar years outside the cohort's dates is refused, not merely warned about
FAR_OUTSIDE_YEARS = 2
TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})(?::00)?$")


@dataclass
class Saved:
    event: ProgrammeEvent
    warnings: list[str] = field(default_factory=list)


def new_uid() -> str:
    return uuid.uuid4().hex + "@workspace"


def parsed_time(value, label: str) -> time | None:
    """A time of day, "09:30" or "9.30" (24-hour, London); None for blank."""
    if blank(value):
        return None
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if not isinstance(value, str):
        raise ValueError(f"{label} must be a time like 09:30")
    match = TIME_RE.match(value.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{label} must be a time of day like 09:30 (24-hour clock)")
    return time(int(match.group(1)), int(match.group(2)))


def _years_on(day: date, years: int) -> date:
    """The same day `years` calendar years on (28 February for a 29th with no leap year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def window(cohort: Cohort) -> tuple[date, date]:
    """The first and last day an event of the cohort may fall on."""
    return _years_on(cohort.starts_on, -FAR_OUTSIDE_YEARS), _years_on(cohort.ends_on, FAR_OUTSIDE_YEARS)


def parsed_day(value, label: str, earliest: date, latest: date) -> date | None:
    """A date (as cleaning.parsed_date reads one) between `earliest` and `latest`, the refusal
    naming those very days: the cohort's window rarely starts on 1 January."""
    found = parsed_date(value, label, date.min, date.max)
    if found is not None and not earliest <= found <= latest:
        raise ValueError(f"{label} must be between {date_filter(earliest)} and {date_filter(latest)}")
    return found


def values_of(event: ProgrammeEvent) -> dict:
    """An event's fields as a form or the API would send them."""
    return {
        "kind": event.kind, "title": event.title, "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat() if event.ends_on else "",
        "starts_at": event.starts_at.strftime("%H:%M") if event.starts_at else "",
        "ends_at": event.ends_at.strftime("%H:%M") if event.ends_at else "",
        "location": event.location, "description": event.description,
    }


def clean(cohort: Cohort, data: dict) -> tuple[dict, list[str]]:
    """The event's values from `data`, or ValidationProblem naming every bad field; with the
    warnings a facilitator should see (dates outside the cohort's)."""
    refuse_unknown(data, FIELDS, "programme event")
    errors: dict[str, str] = {}
    out: dict = {}

    def take(name, fn):
        try:
            out[name] = fn(data.get(name))
        except ValueError as problem:
            errors[name] = str(problem)

    earliest, latest = window(cohort)
    take("kind", lambda v: choose(v, EVENT_KINDS, "Kind", "Choose the kind of event"))
    take("title", lambda v: cleaned_text(v, "Title", NAME_MAX, required=True))
    take("starts_on", lambda v: parsed_day(v, "Start date", earliest, latest))
    take("ends_on", lambda v: parsed_day(v, "End date", earliest, latest))
    take("starts_at", lambda v: parsed_time(v, "Start time"))
    take("ends_at", lambda v: parsed_time(v, "End time"))
    take("location", lambda v: cleaned_text(v, "Location", SHORT_MAX))
    take("description", lambda v: cleaned_text(v, "Description", TEXT_MAX, multiline=True))
    if "starts_on" not in errors and out.get("starts_on") is None:
        errors["starts_on"] = "Enter the start date"
    starts_on, ends_on = out.get("starts_on"), out.get("ends_on")
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = "The end date must be on or after the start date"
        elif ends_on == starts_on:
            out["ends_on"] = None  # one day
    starts_at, ends_at = out.get("starts_at"), out.get("ends_at")
    if ends_at is not None and "starts_at" not in errors and starts_at is None:
        errors["ends_at"] = "Enter a start time as well, or leave the end time blank"
    elif starts_at and ends_at and out.get("ends_on") is None and "ends_on" not in errors and ends_at <= starts_at:
        errors["ends_at"] = "The end time must be after the start time"
    if errors:
        raise ValidationProblem(errors)
    warnings = []
    last = out["ends_on"] or out["starts_on"]
    if out["starts_on"] < cohort.starts_on or last > cohort.ends_on:
        warnings.append(f"“{out['title']}” falls outside the cohort's dates "
                        f"({date_filter(cohort.starts_on)} to {date_filter(cohort.ends_on)}). Check the date.")
    return out, warnings


def _count(cohort: Cohort) -> int:
    return db.session.scalar(select(func.count()).select_from(ProgrammeEvent)
                             .where(ProgrammeEvent.cohort_id == cohort.id))


def add_event(cohort: Cohort, actor: User, data: dict) -> Saved:
    values, warnings = clean(cohort, data)
    if _count(cohort) >= MAX_EVENTS:
        raise ValidationProblem({"title": f"The timeline has {MAX_EVENTS} events, the most it may hold. "
                                          "Remove one to add another."})
    event = ProgrammeEvent(cohort_id=cohort.id, uid=new_uid(), updated_at=utcnow(), **values)
    db.session.add(event)
    audit.record("timeline.event_added", target=event, actor=actor,
                 detail={"cohort_id": cohort.id, "kind": event.kind, "title": event.title,
                         "starts_on": event.starts_on.isoformat()})
    db.session.commit()
    return Saved(event, warnings)


def update_event(cohort: Cohort, event: ProgrammeEvent, actor: User, data: dict, *, partial: bool = False) -> Saved:
    """Change the event: every field from `data` (a form), or with `partial` only the fields
    it names (the API's PATCH)."""
    if partial:
        refuse_unknown(data, FIELDS, "programme event")
        data = {**values_of(event), **data}
    values, warnings = clean(cohort, data)
    changed = sorted(name for name, value in values.items() if getattr(event, name) != value)
    if changed:
        for name in changed:
            setattr(event, name, values[name])
        event.updated_at = utcnow()
        audit.record("timeline.event_changed", target=event, actor=actor,
                     detail={"cohort_id": cohort.id, "title": event.title, "fields": changed})
        db.session.commit()
    return Saved(event, warnings)


def remove_event(cohort: Cohort, event: ProgrammeEvent, actor: User) -> None:
    audit.record("timeline.event_removed", target=event, actor=actor,
                 detail={"cohort_id": cohort.id, "kind": event.kind, "title": event.title,
                         "starts_on": event.starts_on.isoformat(), "uid": event.uid})
    db.session.delete(event)
    db.session.commit()


def event_of(cohort: Cohort, event_id: int) -> ProgrammeEvent | None:
    """The cohort's event with this id; None for another cohort's (the caller answers 404)."""
    event = db.session.get(ProgrammeEvent, event_id)
    return event if event is not None and event.cohort_id == cohort.id else None

