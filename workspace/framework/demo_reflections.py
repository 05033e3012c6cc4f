"""Demo content for reflections and the Start Anywhere canvas (issue 13, helper fw-reflect):
Team Harbour's members' reflections (some private, some shared, dated across the programme so
far), one shared reflection quoted in Harbour's report; the canvases of Harbour and Meridian.

Runs before Meridian submits (seed_assessment), so its frozen Word report carries its canvas.
Everything goes through the feature's own operations. Safe to run twice: a team with a canvas
or reflections is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Team, User
from . import reflections as reflection_ops
from . import scope as scope_ops
from . import tags as tag_ops
from .models import FrameworkBehaviour, Reflection
from .setup import ensure_framework

# (author's login, days ago, title, body, shared, quoted in the report, behaviours it is tagged with)
HARBOUR_REFLECTIONS = [
    ("aisha.khan", 92, "Leading without authority",
     "At the first discharge huddle I had no say over the ward managers' time, and it showed: I arrived with a "
     "plan and left with polite nods.\n\nWhat worked better the next week was asking each of them what a good "
     "discharge day looks like from where they stand, and building the pilot from their answers. Influence came "
     "from listening first, not from the plan.", True, True, ("Leading without and beyond authority", "System influence", "Trust")),
    ("aisha.khan", 61, "Holding my nerve with the data",
     "The first run chart looked worse, not better. I wanted to explain it away before the steering group.\n\n"
     "- I let the chart speak and said what we did not know yet.\n- Two people thanked me for not dressing it up.\n\n"
     "Trust seems to grow when I show the uncomfortable numbers too.", True, False, ("Trust", "Resilience, bravery & courage")),
    ("aisha.khan", 9, "Coaching notes: where I step back",
     "My coach asked where I take over when I should hold back. Honest answer: whenever the social care partners "
     "are slow to reply. I need to stop filling the silence for them.", False, False, ("Leading & enabling others",)),
    ("tom.whitfield", 78, "Trust across the organisational line",
     "The care home managers were wary of us: to them we were the hospital that sends people out on a Friday at "
     "6pm. Visiting two homes before asking anything of them changed the tone entirely.", True, False, ("Trust", "Developing strong / honest relationships")),
    ("tom.whitfield", 33, "Frustration with the pace",
     "I was short with a colleague in the action-learning set. Writing this down to remember that pace is not "
     "the same as progress.", False, False, ("Mindset",)),
    ("grace.okafor", 47, "Seeing the system, not the ward",
     "Mapping the discharge process with the community team showed me that half the delay I blamed on 'the "
     "wards' starts in the assessment queue. I now ask where a problem starts before who owns it.", True, False, ("Community & holistic thinking",)),
    ("grace.okafor", 20, "Being: what I bring into the room",
     "I noticed I talk faster when the consultant is in the meeting. Next time: slow down, ask one question.",
     False, False, ("Authenticity",)),
    ("dylan.evans", 15, "A shared aim across three organisations",
     "Agreeing one aim statement with the trust, the council and the PCN took three meetings. It was worth it: "
     "everyone now quotes the same number back to us.", True, False, ("Vision & shared direction", "Collaboration & co-creation")),
]

CANVASES = {
    "Team Harbour": {
        "people": "- Discharge coordinators and ward managers on the acute medical wards\n- Care home managers in "
                  "Riverside\n- Adult social care brokerage team\n- Patients and their families",
        "purpose": "- Fewer people waiting in hospital when they are well enough to leave\n- Discharges spread "
                   "across the week, not bunched on Fridays",
        "place": "- Riverside's three acute medical wards\n- The care homes that take most of their discharges\n"
                 "- Out of scope: surgical wards and mental health beds",
        "priorities": "- Start discharge planning on the day of admission\n- One shared daily list with social "
                      "care\n- Weekend discharges to care homes",
    },
    "Team Meridian": {
        "people": "- Frailty leads in the five GP practices\n- Community matrons and the rapid response team\n"
                  "- Older people living with frailty and their carers",
        "purpose": "- Joined-up care for older people living with frailty, planned before a crisis\n- Fewer "
                   "avoidable admissions from care homes",
        "place": "- Northgate PCN's five practices\n- The community services hub",
        "priorities": "- A shared frailty register across the practices\n- A monthly multidisciplinary review\n"
                      "- Care plans the out-of-hours services can read",
    },
}


def seed_reflections() -> None:
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    with current_app.test_request_context():
        for name, notes in CANVASES.items():
            team = db.session.scalar(select(Team).where(Team.name == name))
            if team is not None and scope_ops.is_empty(scope_ops.canvas_of(team)) and not team.is_submitted:
                scope_ops.save(team, people[_first_member(team, people)], notes, scope_ops.version_of(
                    scope_ops.canvas_of(team)))
        harbour = db.session.scalar(select(Team).where(Team.name == "Team Harbour"))
        if harbour is None or db.session.scalar(select(func.count()).select_from(Reflection).where(
                Reflection.team_id == harbour.id)):
            return
        ensure_framework(harbour.cohort)
        behaviours = dict(db.session.execute(select(FrameworkBehaviour.name, FrameworkBehaviour.id).where(
            FrameworkBehaviour.cohort_id == harbour.cohort_id)).all())
        today = reflection_ops.today()
        for login, days, title, body, shared, quoted, tagged in HARBOUR_REFLECTIONS:
            author = people.get(login)
            if author is None:
                continue
            made = reflection_ops.create(harbour, author, {"written_on": today - timedelta(days=days), "title": title,
                                                           "body": body})
            for behaviour in tagged:
                if behaviour in behaviours:  # a facilitator may have renamed it
                    tag_ops.add_tag(harbour, "reflection", made.id, f"behaviour:{behaviours[behaviour]}", author)
            if shared:
                reflection_ops.set_shared(harbour, made, author, True)
            if quoted:
                reflection_ops.quote_in_report(harbour, made, author, author.name)


def _first_member(team: Team, people: dict) -> str:
    from ..demo import TEAMS

    spec = next(t for t in TEAMS if t["name"] == team.name)
    return next(login for _name, login, role in spec["people"] if role == "member")
