"""The demo cohort: three teams reviewing three plausible host partners in one ICS.

Every capability extends this as it lands, so a new user sees the product working at once.
"""

from __future__ import annotations

from datetime import date

from . import audit
from .auth.passwords import hash_password
from .auth.sessions import new_session_token
from .extensions import db
from .models import Cohort, Membership, Organisation, Team, User

DEMO_PASSWORD = "harbour-lights-2026"  # noqa: S105 - the published demo password
DOMAIN = "demo.example"

FACILITATOR = ("Priya Raman", "facilitator")

REPORT_DUE_ON = date(2027, 6, 30)
DECLARATION = (
    "We declare that this report is the original work of our project team, that every source we "
    "have used is acknowledged, and that each member of the team contributed to it. We have the "
    "host partner's agreement to share the information it contains with the programme's assessors."
)

ORGANISATIONS = [
    ("Riverside University Hospitals NHS Foundation Trust", "acute trust"),
    ("Northgate Primary Care Network", "PCN"),
    ("Eastfield City Council Adult Social Care", "local authority"),
    ("Eastfield Carers Together", "voluntary sector"),
]

TEAMS = [
    {
        "name": "Team Harbour",
        "host": "Riverside University Hospitals NHS Foundation Trust",
        "review_title": "Reducing delayed discharges from the acute medical wards",
        "people": [
            ("Aisha Khan", "aisha.khan", "member"),
            ("Tom Whitfield", "tom.whitfield", "member"),
            ("Grace Okafor", "grace.okafor", "member"),
            ("Dylan Evans", "dylan.evans", "member"),
            ("Helen Marsh", "helen.marsh", "host"),
            ("Dr Samuel Reid", "samuel.reid", "assessor"),
        ],
    },
    {
        "name": "Team Meridian",
        "host": "Northgate Primary Care Network",
        "review_title": "Joining up frailty care across five GP practices",
        "people": [
            ("Marcus Bell", "marcus.bell", "member"),
            ("Fatima Hussain", "fatima.hussain", "member"),
            ("Oliver Grant", "oliver.grant", "member"),
            ("Niamh Doyle", "niamh.doyle", "member"),
            ("Dr Ravi Patel", "ravi.patel", "host"),
            ("Dr Samuel Reid", "samuel.reid", "assessor"),
            ("Dr Leah Goldberg", "leah.goldberg", "assessor"),  # the second marker (issue 12)
        ],
    },
    {
        "name": "Team Compass",
        "host": "Eastfield City Council Adult Social Care",
        "review_title": "Strengthening the hospital-to-home reablement pathway",
        "people": [
            ("Chloe Adeyemi", "chloe.adeyemi", "member"),
            ("James Fletcher", "james.fletcher", "member"),
            ("Sofia Marino", "sofia.marino", "member"),
            ("Ben Carter", "ben.carter", "member"),
            ("Janet Moore", "janet.moore", "host"),
            ("Prof. Elaine Hart", "elaine.hart", "assessor"),
        ],
    },
]


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def logins() -> list[tuple[str, str]]:
    """(email, what they are) for every demo person, in the order the demo introduces them."""
    roles: dict[str, list[str]] = {}
    for team in TEAMS:
        for _name, local, role in team["people"]:
            roles.setdefault(local, []).append(f"{role} in {team['name']}")
    rows = [(_email(FACILITATOR[1]), "facilitator (sets everything up)")]
    rows += [(_email(local), ", ".join(where)) for local, where in roles.items()]
    return rows


def seed() -> list[tuple[str, str]]:
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: argon2 is slow on purpose

    def person(name: str, local: str, facilitator: bool = False) -> User:
        user = User(
            email=_email(local), name=name, password_hash=password_hash,
            is_facilitator=facilitator, session_token=new_session_token(),
        )
        db.session.add(user)
        return user

    facilitator = person(FACILITATOR[0], FACILITATOR[1], facilitator=True)
    cohort = Cohort(name="Eastfield ICS System Leadership Programme 2026–27",
                    starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31),
                    report_due_on=REPORT_DUE_ON, declaration_text=DECLARATION)
    db.session.add(cohort)
    organisations = {name: Organisation(name=name, kind=kind) for name, kind in ORGANISATIONS}
    db.session.add_all(organisations.values())
    people: dict[str, User] = {}
    for spec in TEAMS:
        team = Team(name=spec["name"], cohort=cohort, host_organisation=organisations[spec["host"]],
                    review_title=spec["review_title"])
        db.session.add(team)
        for name, local, role in spec["people"]:
            if local not in people:
                people[local] = person(name, local)
            db.session.add(Membership(team=team, user=people[local], role=role))
    db.session.flush()
    audit.record("demo.seeded", actor=facilitator, detail={"teams": len(TEAMS)})
    db.session.commit()
    # Each capability adds its own demo content through its own operations.
    from .assessment.demo import seed_assessment
    from .framework.demo_coverage import seed_coverage
    from .framework.demo_framework import seed_framework
    from .framework.demo_recommendations import seed_recommendations
    from .framework.demo_reflections import seed_reflections
    from .framework.demo_timeline import seed_timeline
    from .marking.demo import seed_marking
    from .presentation.demo import seed_presentation
    from .processes.demo import seed_process_maps
    from .qi.demo import seed_qi
    from .report.demo import seed_meridian, seed_report
    from .stakeholders.demo import seed_stakeholders

    seed_report()
    seed_meridian()
    seed_stakeholders()  # before Meridian submits: its Word report carries its stakeholder map
    seed_process_maps()  # and its process maps
    seed_qi()  # and its QI work (a change idea comes from a process-map pain point)
    seed_framework()  # the cohort's framework; Harbour's and Meridian's work tagged with it (issue 13)
    seed_reflections()  # Harbour's reflections (one quoted in its report), both canvases (issue 13, fw-reflect)
    seed_recommendations()  # issue 13 (fw-recs): after the findings, before Meridian submits its Word report
    seed_coverage()  # recommendations tagged with their intervention's domain (issue 13, fw-coverage)
    seed_presentation()  # before Meridian submits: its frozen deck carries its slides
    seed_assessment()
    seed_marking()  # Meridian marked by two assessors, agreed and released (issue 12)
    seed_timeline()  # the cohort's programme year (issue 13)
    return logins()
