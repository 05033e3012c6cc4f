"""A team's deck made from its cohort's outline, the first time anyone opens it.

The outline's text may name the team's own details ({review_title}, {team_name},
{host_partner}, {cohort_name}): the title slide of the default outline does. They are filled in
once, when the deck is made; after that the slides are the team's own words.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Team, utcnow
from .models import Deck, OutlineSlide, Slide, SlideRevision
from .template import DEFAULT_OUTLINE, OutlineEntry

PLACEHOLDERS = ("review_title", "team_name", "host_partner", "cohort_name")


def outline_for(cohort_id: int) -> list[OutlineEntry]:
    """The cohort's outline, or the default one when the facilitator has not set its own."""
    rows = list(db.session.scalars(
        select(OutlineSlide).where(OutlineSlide.cohort_id == cohort_id).order_by(OutlineSlide.position, OutlineSlide.id)))
    if not rows:
        return list(DEFAULT_OUTLINE)
    return [OutlineEntry(r.title, r.body, r.notes, r.seconds, r.figure_hint) for r in rows]


def fill_in(text: str, team: Team) -> str:
    """The outline's placeholders with the team's details; any other brace stays as typed."""
    values = {"review_title": team.review_title, "team_name": team.name,
              "host_partner": team.host_organisation.name, "cohort_name": team.cohort.name}
    for name in PLACEHOLDERS:
        text = text.replace("{" + name + "}", values[name])
    return text


def ensure_deck(team: Team) -> None:
    """Make the team's deck from the outline unless it exists. Two first visits at once make
    one deck: the `decks` row's primary key lets one of them in."""
    if db.session.get(Deck, team.id) is not None:
        return
    now = utcnow()
    db.session.add(Deck(team_id=team.id, order_version=1, created_at=now))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return
    for position, entry in enumerate(outline_for(team.cohort_id), start=1):
        slide = Slide(team_id=team.id, position=position, title=fill_in(entry.title, team)[:200],
                      body=fill_in(entry.body, team), notes=entry.notes, seconds=entry.seconds,
                      figure_hint=entry.figure_hint, version=1, created_at=now, updated_at=now)
        db.session.add(slide)
        db.session.flush()
        db.session.add(SlideRevision(slide_id=slide.id, team_id=team.id, version=1, title=slide.title, body=slide.body,
                                     notes=slide.notes, seconds=slide.seconds, created_at=now, kind="create"))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
