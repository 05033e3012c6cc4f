"""The deck's contents for the PowerPoint builder (registered with exports.deck in this
package's __init__): the team's slides in order, with each presenter's name."""

from __future__ import annotations

from sqlalchemy import select

from ..exports.deck import DeckContents, DeckSlide
from ..extensions import db
from ..models import User
from .layout import ensure_deck
from .queries import slides_of, slot_minutes


def deck_contents(team, audience: str) -> DeckContents:
    ensure_deck(team)
    slides = slides_of(team)
    presenter_ids = {s.presenter_id for s in slides if s.presenter_id}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(presenter_ids))).all()) if presenter_ids else {}
    return DeckContents(
        title=team.review_title, team_name=team.name, host_partner=team.host_organisation.name,
        cohort_name=team.cohort.name, slot_seconds=slot_minutes(team.cohort_id) * 60,
        slides=[DeckSlide(number, s.title, s.body, s.notes, names.get(s.presenter_id, ""), s.seconds, s.figure_key,
                          s.figure_caption or "")
                for number, s in enumerate(slides, start=1)])
