"""Facilitators: a cohort's presentation slot and the outline its teams' decks start from.

Every change validates, records an audit event and commits once. Until a facilitator changes
the outline the cohort uses DEFAULT_OUTLINE; the first change copies the default into
presentation_outline_slides, and "reset" removes the cohort's rows (back to the default).

The outline shapes the decks of teams that have not opened their presentation yet: a deck is
made once (layout.ensure_deck) and is the team's own from then on. The slot applies to every
team of the cohort at once (their timing warnings read it).

Entries are addressed by their number in the outline (1, 2, ...), so the default outline's
slides can be edited before any row exists.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from .. import audit
from ..cleaning import bounded_int, clean_line, clean_multiline
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Cohort, User, utcnow
from .models import (
    BODY_MAX_BYTES,
    MAX_SLIDES,
    MAX_SLOT_MINUTES,
    NOTES_MAX_BYTES,
    TITLE_MAX,
    OutlineSlide,
    PresentationSettings,
)
from .queries import slot_minutes
from .template import DEFAULT_OUTLINE, OutlineEntry
from .timing import parse_minutes

#: the export providers whose figures an outline slide may suggest (exports.parts names)
FIGURE_HINTS = {"stakeholders": "Stakeholder grid", "process_maps": "Process map", "qi": "Quality improvement chart or diagram"}

def is_customised(cohort: Cohort) -> bool:
    return db.session.scalar(select(OutlineSlide.id).where(OutlineSlide.cohort_id == cohort.id).limit(1)) is not None


def outline_rows(cohort: Cohort) -> list[OutlineSlide]:
    return list(db.session.scalars(select(OutlineSlide).where(OutlineSlide.cohort_id == cohort.id)
                                   .order_by(OutlineSlide.position, OutlineSlide.id)))


def entries_for(cohort: Cohort) -> list[OutlineEntry]:
    """What the page lists: the cohort's own rows, or the default outline."""
    rows = outline_rows(cohort)
    if not rows:
        return list(DEFAULT_OUTLINE)
    return [OutlineEntry(r.title, r.body, r.notes, r.seconds, r.figure_hint) for r in rows]


# --- the slot -------------------------------------------------------------------------------------


def save_slot(cohort: Cohort, minutes, actor: User) -> int:
    value = bounded_int(minutes.strip() if isinstance(minutes, str) else minutes)
    if value is None or not 1 <= value <= MAX_SLOT_MINUTES:
        raise ValidationProblem({"slot_minutes": f"Slot must be a whole number of minutes from 1 to {MAX_SLOT_MINUTES}"})
    settings = db.session.get(PresentationSettings, cohort.id)
    if settings is None:
        settings = PresentationSettings(cohort_id=cohort.id)
        db.session.add(settings)
    before = settings.slot_minutes
    settings.slot_minutes, settings.updated_at, settings.updated_by_id = value, utcnow(), actor.id
    audit.record("presentation.slot_saved", target=cohort, actor=actor, detail={"from": before, "to": value})
    db.session.commit()
    return value


# --- validating an outline slide --------------------------------------------------------------------


def clean_entry(values: dict, slot: int) -> OutlineEntry:
    """An outline slide from a form or JSON: a field each message, all at once."""
    fields = {}
    title = clean_line(values.get("title")) if isinstance(values.get("title"), str) else ""
    body = clean_multiline(values.get("body")).strip() if isinstance(values.get("body"), str) else ""
    notes = clean_multiline(values.get("notes")).strip() if isinstance(values.get("notes"), str) else ""
    if not title:
        fields["title"] = "Enter the slide title"
    elif len(title) > TITLE_MAX:
        fields["title"] = f"Slide title must be {TITLE_MAX} characters or fewer"
    if len(body.encode()) > BODY_MAX_BYTES:
        fields["body"] = f"Suggested bullets must be {BODY_MAX_BYTES // 1024} KB or less"
    if len(notes.encode()) > NOTES_MAX_BYTES:
        fields["notes"] = f"Guidance notes must be {NOTES_MAX_BYTES // 1024} KB or less"
    try:
        seconds = parse_minutes(values.get("minutes"))  # the slides' own reading of minutes
    except ValueError as problem:
        seconds, fields["minutes"] = 0, str(problem)
    if "minutes" not in fields and seconds > slot * 60:
        fields["minutes"] = f"Minutes must be no more than the slot ({slot} minutes)"
    hint = values.get("figure_hint") or None
    if hint is not None and hint not in FIGURE_HINTS:
        fields["figure_hint"] = "Figure must be one of: " + ", ".join(FIGURE_HINTS.values()) + ", or none"
    if fields:
        raise ValidationProblem(fields)
    return OutlineEntry(title, body, notes, seconds, hint)


# --- changing the outline ---------------------------------------------------------------------------


def _own_rows(cohort: Cohort) -> list[OutlineSlide]:
    """The cohort's rows, copying the default outline in first if it has none."""
    rows = outline_rows(cohort)
    if rows:
        return rows
    rows = [OutlineSlide(cohort_id=cohort.id, position=n, title=e.title, body=e.body, notes=e.notes,
                         seconds=e.seconds, figure_hint=e.figure_hint) for n, e in enumerate(DEFAULT_OUTLINE, start=1)]
    db.session.add_all(rows)
    return rows


def _row_at(rows: list[OutlineSlide], number: int) -> OutlineSlide:
    """The slide numbered `number`; LookupError (nothing changed) when there is none."""
    if not 1 <= number <= len(rows):
        db.session.rollback()
        raise LookupError(number)
    return rows[number - 1]


def _renumber(rows: list[OutlineSlide]) -> None:
    for position, row in enumerate(rows, start=1):
        row.position = position


def _apply(row: OutlineSlide, entry: OutlineEntry) -> None:
    row.title, row.body, row.notes, row.seconds, row.figure_hint = (
        entry.title, entry.body, entry.notes, entry.seconds, entry.figure_hint)


def add_entry(cohort: Cohort, values: dict, actor: User) -> int:
    """A new slide at the end of the outline; gives its number."""
    entry = clean_entry(values, slot_minutes(cohort.id))
    rows = _own_rows(cohort)
    if len(rows) >= MAX_SLIDES:
        raise ValidationProblem({"title": f"An outline has at most {MAX_SLIDES} slides"})
    row = OutlineSlide(cohort_id=cohort.id, position=len(rows) + 1)
    _apply(row, entry)
    db.session.add(row)
    audit.record("presentation.outline_slide_added", target=cohort, actor=actor, detail={"title": entry.title})
    db.session.commit()
    return len(rows) + 1


def save_entry(cohort: Cohort, number: int, values: dict, actor: User) -> None:
    entry = clean_entry(values, slot_minutes(cohort.id))
    row = _row_at(_own_rows(cohort), number)
    _apply(row, entry)
    audit.record("presentation.outline_slide_changed", target=cohort, actor=actor,
                 detail={"number": number, "title": entry.title})
    db.session.commit()


def move_entry(cohort: Cohort, number: int, direction: str, actor: User) -> int:
    """Up or down by one; gives the slide's new number (unchanged at either end)."""
    if direction not in ("up", "down"):
        raise ValidationProblem({"direction": "Move a slide up or down"})
    rows = _own_rows(cohort)
    _row_at(rows, number)
    other = number - 1 if direction == "up" else number + 1
    if not 1 <= other <= len(rows):
        db.session.rollback()
        return number
    rows[number - 1], rows[other - 1] = rows[other - 1], rows[number - 1]
    _renumber(rows)
    audit.record("presentation.outline_slide_moved", target=cohort, actor=actor,
                 detail={"number": number, "direction": direction})
    db.session.commit()
    return other


def remove_entry(cohort: Cohort, number: int, actor: User) -> str:
    rows = _own_rows(cohort)
    row = _row_at(rows, number)
    title = row.title
    rows.remove(row)
    if row.id is not None:
        db.session.delete(row)
    else:
        db.session.expunge(row)
    _renumber(rows)
    audit.record("presentation.outline_slide_removed", target=cohort, actor=actor, detail={"number": number, "title": title})
    db.session.commit()
    return title


def reset_outline(cohort: Cohort, actor: User) -> None:
    """Back to the default outline: the cohort's own rows go."""
    db.session.execute(delete(OutlineSlide).where(OutlineSlide.cohort_id == cohort.id))
    audit.record("presentation.outline_reset", target=cohort, actor=actor)
    db.session.commit()
