"""Demo content for the report: Team Harbour's draft review of Riverside's discharges, written
by four members over several saves (one of them merged), with comments from the host partner;
and Team Meridian's finished report (its text is in demo_meridian.py)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from . import comments as comment_ops
from . import demo_meridian
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


# Two more sections Team Harbour has started: drafts with gaps still marked, so the demo's
# checklist shows a report in progress (the findings onwards are not started).
STAKEHOLDERS = """We mapped stakeholders on a power–interest grid at our first action learning set and have refreshed it once since. Draft below: **Grace** to add the care homes and the ambulance service.

| Stakeholder | Power | Interest | Approach | Attitude now |
| --- | --- | --- | --- | --- |
| Chief operating officer (sponsor) | High | High | Manage closely | Champion |
| Ward managers, acute medicine | Medium | High | Manage closely | Mixed |
| Integrated discharge team | Medium | High | Manage closely | Supportive |
| Council hospital social work team | Medium | Medium | Keep satisfied | Wary |
| Patients and carers | Low | High | Keep informed | *not yet asked* |

The ward managers are split: two see the review as help, two as "another audit". We need to meet them one by one before the second mapping workshop.

*To do:* relationships between stakeholders, and how we will involve patients and carers (Eastfield Carers Together have offered to help).
"""

CURRENT_STATE = """### What the first mapping workshop showed

The current discharge pathway for a patient who needs a package of care has 31 steps and 9 hand-offs between "medically fit" and leaving the ward. The longest waits we saw:

- waiting for a social care assessment once the referral is sent;
- waiting for a package of care to be sourced, especially for double-handed calls;
- waiting for medicines to take home on the day of discharge.

> "We have the same conversation about the same patient at three different meetings every day." (discharge coordinator)

*Tom to add the waits in days from the sitrep extract once Helen has sent it.*
"""


def seed_meridian() -> None:
    """Team Meridian's finished report (demo_meridian.py): every template section written and
    marked final, as a team leaves it when it submits. The assessment feature's demo submits
    it, so the demo assessor has a complete frozen report to download."""
    team = db.session.scalar(select(Team).where(Team.name == "Team Meridian"))
    if team is None:
        return
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    with current_app.test_request_context():
        ops.sections_for(team)
        for key, body in demo_meridian.SECTIONS.items():
            author = people[demo_meridian.AUTHORS[key]]
            ops.save_section(team, key, body, 0, author)
            # Marcus, who edited the report together, marked each section final before submitting.
            ops.set_status(team, ops.get_section(team, key), "final", people["marcus.bell"])


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
        ops.save_section(team, "stakeholders", STAKEHOLDERS, 0, grace)
        ops.save_section(team, "current-state", CURRENT_STATE, 0, tom)
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
