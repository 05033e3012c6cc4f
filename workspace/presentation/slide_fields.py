"""A slide's fields as a form or the API sends them, cleaned and checked: one set of rules for
both. Each problem is named by its field so a form shows it inline and the API answers 422.

Fields: title, body (markdown bullets), notes, presenter_id, minutes ("2", "1.5", "1:30";
stored as seconds), figure_key ("<provider>/<part key>" from the export parts registry). A
field left out keeps `keep`'s value (the slide's, for a save: a partial save changes only what
it names).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..cleaning import bounded_int, clean_line, clean_multiline
from ..errors import ValidationProblem, refuse_unknown
from ..extensions import db
from ..markdown import MAX_MARKUP_COST, markup_cost
from ..merging import has_markers
from ..models import Membership, Role, Team
from .models import BODY_MAX_BYTES, FIGURE_KEY_MAX, NOTES_MAX_BYTES, TITLE_MAX
from .timing import parse_minutes

FIELDS = ("title", "body", "notes", "presenter_id", "minutes", "figure_key")
TEXT_FIELDS = ("title", "body", "notes")
SCALAR_FIELDS = ("presenter_id", "seconds", "figure_key")

#: a slide is read from across a room: far less markup than a report section may hold
SLIDE_MARKUP_COST = min(MAX_MARKUP_COST, 6_000)
CAPTION_MAX = 500

MARKERS = ("Choose what to keep and remove the conflict markers "
           "(<<<<<<< your version, =======, >>>>>>> saved version) before saving")


@dataclass
class SlideValues:
    """A slide's content as stored (seconds, not minutes)."""

    title: str = ""
    body: str = ""
    notes: str = ""
    presenter_id: int | None = None
    seconds: int = 0
    figure_key: str | None = None
    figure_caption: str | None = None

    @classmethod
    def of(cls, row) -> SlideValues:
        return cls(row.title or "", row.body or "", row.notes or "", row.presenter_id, row.seconds or 0,
                   row.figure_key, getattr(row, "figure_caption", None))

    def as_dict(self) -> dict:
        return {"title": self.title, "body": self.body, "notes": self.notes, "presenter_id": self.presenter_id,
                "seconds": self.seconds, "figure_key": self.figure_key, "figure_caption": self.figure_caption}


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"The {name} must be text")
    return value


def clean_fields(team: Team, fields: dict, keep: SlideValues, slot_minutes: int,
                 unchanged_figures: tuple = ()) -> SlideValues:
    """The slide as `fields` would make it, starting from `keep`. Raises ValidationProblem
    naming every field that is wrong. `unchanged_figures` are figure keys accepted without
    asking the parts registry (the slide's own, and the one its save started from): building
    the team's figure choices costs, and a figure once chosen stays valid."""
    if not isinstance(fields, dict):
        raise ValidationProblem({"slide": "Send the slide's fields"})
    refuse_unknown(fields, FIELDS, "slide")
    out = SlideValues(**keep.as_dict())
    problems: dict[str, str] = {}

    if "title" in fields:
        try:
            out.title = clean_line(_text(fields["title"], "title"))
        except ValueError as problem:
            problems["title"] = str(problem)
    if "title" not in problems:
        if not out.title:
            problems["title"] = "Enter a title for the slide"
        elif len(out.title) > TITLE_MAX:
            problems["title"] = f"The title must be {TITLE_MAX} characters or fewer (it has {len(out.title):,})"
        elif has_markers(out.title):
            problems["title"] = MARKERS

    if "body" in fields:
        try:
            out.body = clean_multiline(_text(fields["body"], "body")).rstrip()
        except ValueError as problem:
            problems["body"] = str(problem)
        else:
            if len(out.body.encode("utf-8")) > BODY_MAX_BYTES:
                problems["body"] = (f"A slide can hold at most {BODY_MAX_BYTES // 1024} kB of bullet points. "
                                    "Say less on the slide and move the detail into the notes.")
            elif (cost := markup_cost(out.body)) > SLIDE_MARKUP_COST:
                problems["body"] = (f"This slide has more bullets and formatting than a slide can hold "
                                    f"({cost * 100 // SLIDE_MARKUP_COST}% of the limit). Split it into two slides.")
            elif has_markers(out.body):
                problems["body"] = MARKERS

    if "notes" in fields:
        try:
            out.notes = clean_multiline(_text(fields["notes"], "notes")).rstrip()
        except ValueError as problem:
            problems["notes"] = str(problem)
        else:
            if len(out.notes.encode("utf-8")) > NOTES_MAX_BYTES:
                problems["notes"] = f"Speaker notes can be at most {NOTES_MAX_BYTES // 1024} kB"
            elif has_markers(out.notes):
                problems["notes"] = MARKERS

    if "minutes" in fields:
        try:
            out.seconds = parse_minutes(fields["minutes"])
        except ValueError as problem:
            problems["minutes"] = (f"Minutes must be between 0 and the {slot_minutes}-minute slot"
                                   if "negative" in str(problem) or "at most" in str(problem) else str(problem))
        else:
            if out.seconds > slot_minutes * 60:
                problems["minutes"] = f"Minutes must be between 0 and the {slot_minutes}-minute slot"

    if "presenter_id" in fields:
        raw = fields["presenter_id"]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            out.presenter_id = None
        else:
            presenter = bounded_int(raw, 1)
            if presenter is None:
                problems["presenter_id"] = "Choose a presenter from your team's members"
            elif presenter != keep.presenter_id and not _is_member(team, presenter):
                problems["presenter_id"] = "The presenter must be a member of this team"
            else:
                out.presenter_id = presenter

    if "figure_key" in fields:
        raw = fields["figure_key"]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            out.figure_key, out.figure_caption = None, None
        elif not isinstance(raw, str) or len(raw) > FIGURE_KEY_MAX:
            problems["figure_key"] = "That figure is not one of your team's figures"
        else:
            key = clean_line(raw)
            if key == keep.figure_key:
                pass  # unchanged: its caption stays
            elif key in unchanged_figures:
                out.figure_key = key  # the caption is settled when the save is merged
            else:
                caption = figure_caption(team, key)
                if caption is None:
                    problems["figure_key"] = "That figure is not one of your team's figures"
                else:
                    out.figure_key, out.figure_caption = key, caption[:CAPTION_MAX]

    if problems:
        raise ValidationProblem(problems)
    return out


def _is_member(team: Team, user_id: int) -> bool:
    return db.session.scalar(select(Membership.id).where(
        Membership.team_id == team.id, Membership.user_id == user_id, Membership.role == Role.MEMBER.value)) is not None


def figure_caption(team: Team, key: str) -> str | None:
    """The caption of the team's figure with this key, or None if the team has no such figure
    (a key of another team's figure is therefore None: the choices are built for this team)."""
    from ..exports.parts import figure_choices

    for choice in figure_choices(team, "team"):
        if choice.key == key:
            return clean_line(choice.caption) or key
    return None
