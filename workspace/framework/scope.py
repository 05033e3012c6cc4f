"""The Start Anywhere canvas: the team's four quadrants (People, Purpose, Place, Priorities) with
the framework's guidance and the team's bullet notes, and what it feeds into the report's scope
section (a table in the Word report, or markdown inserted through the report's own save).

A canvas is team work like the report: members change it, a submitted team's canvas is frozen
with its review (refuse_if_submitted, hold_team_open). A save names the version it started from;
another version is Stale (409), nothing saved, the typed text kept by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import bounded_int, cleaned_text
from ..errors import ValidationProblem, clean_each, refuse_unknown
from ..extensions import db
from ..models import Team, User, utcnow
from ..submitted import hold_team_open, refuse_if_submitted
from .models import ScopeCanvas
from .report_text import already_holds

NOTES_MAX = 4_000  # characters of markdown per quadrant
REPORT_SECTION = "scope"


@dataclass(frozen=True)
class Quadrant:
    key: str
    name: str
    question: str
    guidance: str


#: the framework's four questions (shared/domain.md, "Scoping: Start Anywhere"), in its order
QUADRANTS = (
    Quadrant("people", "People", "Who are the right people?",
             "The people who need to be involved for the intervention to work: the client, the partners "
             "across organisations and agencies, staff groups, patients and carers."),
    Quadrant("purpose", "Purpose", "For what purpose?",
             "What the intervention is for: the change it should bring the system nearer to, and how you "
             "would know."),
    Quadrant("place", "Place", "In what place?",
             "Where the work happens: the system, the organisations, the services and settings in scope, "
             "and what is out of scope."),
    Quadrant("priorities", "Priorities", "What is the priority to work on?",
             "What to work on first and why: the system's priorities and the one the team will tackle."),
)
KEYS = tuple(q.key for q in QUADRANTS)


class Stale(Exception):
    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__("Someone else saved the canvas since you opened it. Nothing was saved: your text is "
                         "below. Reload the page to see their change, then make yours again.")


def canvas_of(team: Team) -> ScopeCanvas | None:
    return db.session.get(ScopeCanvas, team.id)


def notes_of(canvas: ScopeCanvas | None) -> dict[str, str]:
    return {key: (getattr(canvas, key) if canvas else "") or "" for key in KEYS}


def is_empty(canvas: ScopeCanvas | None) -> bool:
    return not any(value.strip() for value in notes_of(canvas).values())


def version_of(canvas: ScopeCanvas | None) -> int:
    """0 before the first save."""
    return canvas.version if canvas else 0


def clean(data: dict) -> dict:
    """The four quadrants' notes (a quadrant not named is left as it is)."""
    refuse_unknown(data, (*KEYS, "version"), "canvas")
    names = {q.key: q.name for q in QUADRANTS}
    return clean_each(data, [key for key in KEYS if key in data],
                      lambda key, value: cleaned_text(value, names[key], NOTES_MAX, multiline=True))


def save(team: Team, actor: User, data: dict, version) -> ScopeCanvas:
    """Save the quadrants `data` names. `version` is the version read (0: none saved yet)."""
    refuse_if_submitted(team)
    actor_id = actor.id  # read before any change: loading it would flush a half-made canvas
    values = clean({k: v for k, v in data.items() if k != "version"})
    number = bounded_int(version, 0)
    if number is None:
        raise ValidationProblem({"version": "version must be the version you read: a whole number, 0 before "
                                            "the first save"})
    canvas = canvas_of(team)
    if version_of(canvas) != number:
        current = version_of(canvas)
        db.session.rollback()
        raise Stale(current)
    if canvas is None:
        canvas = ScopeCanvas(team_id=team.id, **{key: "" for key in KEYS})
        db.session.add(canvas)
    changed = [key for key, value in values.items() if getattr(canvas, key) != value]
    if not changed and canvas in db.session.new:
        db.session.expunge(canvas)
        return canvas
    if not changed:
        return canvas
    for key in changed:
        setattr(canvas, key, values[key])
    canvas.updated_at = utcnow()
    canvas.updated_by_id = actor_id
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Stale(version_of(canvas_of(team))) from None
    except IntegrityError:  # two first saves at once: the second meets the first's row
        db.session.rollback()
        if canvas_of(team) is None:
            raise
        raise Stale(version_of(canvas_of(team))) from None
    hold_team_open(team)
    audit.record("framework.scope.saved", team=team, target=canvas, actor=actor, detail={"fields": changed})
    db.session.commit()
    return canvas


# --- into the report -----------------------------------------------------------------------------


def _bullets(notes: str) -> list[str]:
    lines = []
    for line in notes.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        if text[:2] in ("- ", "* ", "+ "):
            text = text[2:].strip()
        lines.append(("  " if indent else "") + "- " + text)
    return lines


def as_markdown(canvas: ScopeCanvas | None) -> str:
    """The canvas as the report's scope section takes it: a heading per quadrant with notes,
    and its bullets ("" when the canvas is empty)."""
    parts = []
    for quadrant, notes in zip(QUADRANTS, notes_of(canvas).values(), strict=True):
        bullets = _bullets(notes)
        if bullets:
            parts.append(f"### {quadrant.name}\n\n" + "\n".join(bullets))
    return "\n\n".join(parts)


class InsertRefused(Exception):
    pass


ALREADY_THERE = ("This is already in the report's scope section: the section holds exactly this text, so "
                 "inserting it again would duplicate it. Change the canvas, or edit the section, first.")
ALREADY_INSERTED = ("This is already in the report's scope section: the section holds exactly this text. "
                    "Nothing was inserted again. Change the canvas, or edit the section, first.")


def is_inserted(canvas: ScopeCanvas | None) -> bool:
    """The canvas as it is now was inserted into the report's scope section (so the Word report
    leaves its table out). A change to the canvas after that makes it False again."""
    return canvas is not None and canvas.inserted_version is not None and canvas.inserted_version == canvas.version


def already_in_report(team: Team) -> bool:
    """The report's scope section already holds the canvas's text exactly (for the confirmation)."""
    from ..report import operations as report_ops

    section = report_ops.get_section(team, REPORT_SECTION)
    text = as_markdown(canvas_of(team))
    return bool(section is not None and text and already_holds(section.body, text))


def insert_into_report(team: Team, actor: User) -> int:
    """Append the canvas to the report's scope section through the report's own save (which
    refuses a submitted team), and keep the canvas version inserted. Refused when the section
    already holds exactly the canvas's text. Returns the section's new version."""
    from ..report import operations as report_ops  # the one allowed entry into the report

    canvas = canvas_of(team)
    text = as_markdown(canvas)
    if not text:
        raise InsertRefused("The canvas is empty: there is nothing to insert.")
    inserted_version = canvas.version
    section = report_ops.get_section(team, REPORT_SECTION)
    if section is None:
        db.session.rollback()
        raise InsertRefused("Your report has no scope section, so there is nowhere to insert the canvas. "
                            "Nothing was saved.")
    if already_holds(section.body, text):
        db.session.rollback()
        raise InsertRefused(ALREADY_INSERTED)
    body = section.body.rstrip()
    body = (body + "\n\n" if body else "") + text + "\n"
    try:
        outcome = report_ops.save_section(team, REPORT_SECTION, body, section.version, actor)
    except report_ops.BodyTooLarge as problem:
        raise InsertRefused(f"{problem} Nothing was saved.") from None
    except (report_ops.SectionMissing, report_ops.SectionGone):
        raise InsertRefused("The report's scope section was removed. Nothing was saved.") from None
    except (report_ops.SaveConflict, report_ops.SaveBusy):
        db.session.rollback()
        raise InsertRefused("Someone was saving the scope section at the same moment. Nothing was saved: "
                            "try again.") from None
    # A plain UPDATE, not the ORM's: the ORM would count it as a change of the canvas (its
    # version_id_col) and the version kept would no longer be the canvas's. Only when the canvas
    # is still the version whose text went in: a save in between means the table stays.
    db.session.execute(update(ScopeCanvas).where(ScopeCanvas.team_id == team.id,
                                                 ScopeCanvas.version == inserted_version)
                       .values(inserted_version=inserted_version).execution_options(synchronize_session=False))
    audit.record("framework.scope.inserted", team=team, target=canvas_of(team), actor=actor,
                 detail={"section": REPORT_SECTION, "version": outcome.version})
    db.session.commit()
    return outcome.version


def scope_section_exists(team: Team) -> bool:
    from ..report import operations as report_ops

    return report_ops.get_section(team, REPORT_SECTION) is not None

