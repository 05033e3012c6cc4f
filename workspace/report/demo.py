"""Demo content for the report: Team Harbour's draft review of Riverside's discharges, written
by four members over several saves (one of them merged), with comments from the host partner."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from . import comments as comment_ops
from . import operations as ops

INTRODUCTION_V1 = """Riverside University Hospitals NHS Foundation Trust runs two acute sites serving about 450,000 people across Riverside and the northern half of Eastfield. It is the largest provider in the Eastfield Integrated Care System and a founding partner of the Eastfield Integrated Care Partnership.

On a typical weekday 60 to 70 medically fit patients are waiting in an acute bed for a package of care, a community bed or a care home place. Each of those days is a day of lost independence for an older person and a bed the emergency department cannot use.
"""

INTRODUCTION_V2_EDIT = INTRODUCTION_V1.replace(
    "On a typical weekday 60 to 70 medically fit patients",
    "On a typical weekday in 2025-26, 60 to 70 patients with no criteria to reside",
)

INTRODUCTION_V3_ADDITION = """
The trust's board asked the programme for a strategic change review of discharge from the acute medical wards: not another audit of delays, but a view from outside of how the trust, the council and community partners could work as one system.
"""

SCOPE = """**People.** Ward teams on the four acute medical wards, the integrated discharge team, the council's hospital social work team, Eastfield Community Health's reablement service, and patients and carers.

**Purpose.** Fewer days spent in hospital by people who no longer need to be there, and better decisions about their care after discharge.

**Place.** Riverside General's acute medical unit and the four medical wards that take its patients, and the "discharge to assess" pathways into Eastfield.

**Priorities.** The hand-offs between ward, discharge team and council, where our early conversations suggested most waiting happens.

Out of scope: elective surgery, paediatrics and mental health beds.
"""

APPROACH = """We used three methods over twelve weeks:

1. Process mapping of the current discharge pathway with staff from every team that touches it, in two half-day workshops.
2. Twenty-three semi-structured interviews with staff, patients and carers.
3. A stakeholder analysis, refreshed after each action learning set.

| Method | Sessions | People involved |
| --- | --- | --- |
| Process mapping workshops | 2 | 31 |
| Interviews | 23 | 23 |
| Stakeholder mapping | 4 | 6 |
"""


MERIDIAN = {
    "executive-summary": """Five GP practices in the Northgate Primary Care Network each run their own frailty work. We reviewed how older people living with frailty move between the practices, the community team and the acute trust, and recommend one shared frailty register, a weekly multidisciplinary huddle and a named care coordinator for everyone with severe frailty.
""",
    "introduction": """Northgate Primary Care Network serves 52,000 people across five practices. About 2,300 of them are aged over 65 and living with moderate or severe frailty, and that number is rising by around 4% a year.

Each practice identifies frailty differently, and the community frailty team receives referrals in five different formats. Our review asked how the network could work as one system for these patients.
""",
    "scope": """**People.** Clinicians and care coordinators in the five practices, the community frailty team, social prescribers, and patients and carers.

**Purpose.** Earlier, joined-up support that keeps people well at home.

**Place.** The Northgate network's footprint.

**Priorities.** Identification, the hand-off to community services, and follow-up after a hospital stay.
""",
    "approach": """We mapped the current pathway with staff from all five practices, interviewed eleven patients and carers, and compared each practice's register against the electronic frailty index.

| Method | Sessions | People involved |
| --- | --- | --- |
| Process mapping | 2 | 24 |
| Interviews | 11 | 11 |
| Register audit | 5 | 5 practices |
""",
}


def seed_meridian() -> None:
    """Team Meridian's finished report, every section written marked final (it is submitted
    by the assessment feature's demo, so the demo assessor has a frozen report to download)."""
    team = db.session.scalar(select(Team).where(Team.name == "Team Meridian"))
    if team is None:
        return
    marcus = db.session.scalar(select(User).where(User.email.startswith("marcus.bell@")))
    with current_app.test_request_context():
        ops.sections_for(team)
        for key, body in MERIDIAN.items():
            ops.save_section(team, key, body, 0, marcus)
            ops.set_status(team, ops.get_section(team, key), "final", marcus)


def seed_report() -> None:
    team = db.session.scalar(select(Team).where(Team.name == "Team Harbour"))
    if team is None:
        return
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    aisha, tom, grace, dylan, helen = (people[k] for k in ("aisha.khan", "tom.whitfield", "grace.okafor", "dylan.evans", "helen.marsh"))
    with current_app.test_request_context():
        ops.sections_for(team)
        first = ops.save_section(team, "introduction", INTRODUCTION_V1, 0, aisha)
        ops.save_section(team, "introduction", INTRODUCTION_V2_EDIT, first.version, tom)
        # Grace started from Aisha's first version too: her addition merges with Tom's edit.
        ops.save_section(team, "introduction", INTRODUCTION_V1 + INTRODUCTION_V3_ADDITION, first.version, grace)
        ops.save_section(team, "scope", SCOPE, 0, dylan)
        ops.save_section(team, "approach", APPROACH, 0, grace)
        intro = ops.get_section(team, "introduction")
        ops.set_status(team, intro, "ready_for_review", aisha)
        scope = ops.get_section(team, "scope")
        thread = comment_ops.add_comment(
            team, helen, intro,
            "Could you say where the 60 to 70 figure comes from? Our daily sitrep shows a range nearer 55 to 80.",
            quote="60 to 70 patients with no criteria to reside",
        )
        comment_ops.add_comment(team, tom, intro, "From the trust's winter dashboard. @Helen, could you send us the sitrep extract?", parent=thread)
        comment_ops.add_comment(team, aisha, scope, "@Dylan should we name the two care homes we visited, or keep them anonymous?")
        resolved = comment_ops.add_comment(team, grace, scope, "Is mental health definitely out of scope?")
        comment_ops.resolve_comment(team, resolved, dylan)
