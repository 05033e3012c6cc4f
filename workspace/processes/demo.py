"""Demo process maps, built through the operations like a team would build them.

Team Harbour (delayed discharges at Riverside University Hospitals) maps discharge from an
acute medical ward to home with a package of care, as it is and as redesigned; Team Meridian
(frailty care across Northgate PCN) maps a GP's referral to the community frailty team's
assessment. Pain points on the steps are written by the host partners' staff, who know the
process best, and each current map has a comment thread from them correcting a step.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from . import operations as ops
from . import queries
from .targets import target

H, D = 60, 24 * 60

# (lane, label, kind, minutes, wait before, value, paper, branches [(to, label)])
DISCHARGE_LANES = ["Patient", "Ward doctor", "Ward nurse", "Pharmacy", "Hospital social work team",
                   "Home care provider"]
DISCHARGE_TODAY = [
    ("Patient", "Medically optimised for discharge", "start", 0, 0, None, False, []),
    ("Ward doctor", "Confirms fit for discharge on the ward round", "step", 15, 0, "va", False, []),
    ("Ward nurse", "Refers for a package of care", "handoff", 30, 4 * H, "bnva", True, []),
    ("Hospital social work team", "Referral waits to be allocated", "wait", 2 * D, 0, "nva", False, []),
    ("Hospital social work team", "Assesses care needs with the patient", "step", 90, 0, "va", False, []),
    ("Hospital social work team", "Needs a package of care?", "decision", 10, 0, "bnva", False,
     [(7, "yes"), (10, "no")]),
    ("Hospital social work team", "Sends the care request to providers", "handoff", 20, 0, "bnva", True, []),
    ("Home care provider", "Waits for a provider to accept", "wait", 5 * D, 0, "nva", False, []),
    ("Home care provider", "Accepts and sets a start date", "step", 15, 0, "bnva", False, []),
    ("Ward doctor", "Writes the discharge letter and TTOs", "step", 45, 6 * H, "bnva", False, []),
    ("Pharmacy", "Dispenses the medicines to take out", "step", 60, 5 * H, "bnva", True, []),
    ("Ward nurse", "Checks medicines and books transport", "step", 40, 0, "bnva", False,
     [(11, "TTOs wrong"), (13, "ready")]),
    ("Patient", "Waits for transport in the discharge lounge", "wait", 4 * H, 0, "nva", False, []),
    ("Patient", "Home with care starting", "end", 0, 0, "va", False, []),
]
DISCHARGE_FUTURE = [
    ("Patient", "Medically optimised for discharge", "start", 0, 0, None, False, []),
    ("Ward doctor", "Expected discharge date set at the board round", "step", 10, 0, "va", False, []),
    ("Ward doctor", "Confirms fit for discharge; TTOs written the day before", "step", 30, 0, "va", False, []),
    ("Hospital social work team", "Trusted assessor assesses on the ward", "step", 60, 2 * H, "va", False, []),
    ("Hospital social work team", "Needs a package of care?", "decision", 10, 0, "bnva", False, [(6, "yes"), (8, "no")]),
    ("Home care provider", "Bridging reablement picks up the same day", "handoff", 20, 0, "bnva", False, []),
    ("Home care provider", "Waits for the bridging slot", "wait", 1 * D, 0, "nva", False, []),
    ("Pharmacy", "Medicines ready in the ward's discharge box", "step", 20, 0, "bnva", False, []),
    ("Ward nurse", "Checks medicines and books transport", "step", 30, 0, "bnva", False, []),
    ("Patient", "Waits for transport", "wait", 2 * H, 0, "nva", False, []),
    ("Patient", "Home the same or the next day", "step", 0, 0, "va", False, []),
    ("Home care provider", "Long-term needs assessed at home", "step", 90, 3 * D, "va", False, []),
    ("Patient", "Settled at home with the right care", "end", 0, 0, "va", False, []),
]
DISCHARGE_PAINS = {  # step number -> [(author, text)]
    3: [("helen.marsh", "Referrals go on a paper form that is scanned; forms come back for missing NHS numbers.")],
    4: [("helen.marsh", "Referrals made after 2pm are not allocated until the next working day.")],
    8: [("helen.marsh", "Providers decline packages in the east of the city: we send the same request out three or four times.")],
    10: [("helen.marsh", "TTOs are often written only after the social care package is confirmed, adding a day.")],
    11: [("helen.marsh", "Pharmacy closes at 5pm; anything after that waits for the morning.")],
}
DISCHARGE_IDEAS = {4: [("aisha.khan", "Trusted assessor on the board round")],
                   11: [("tom.whitfield", "Ward-held discharge boxes for common TTOs")]}

REFERRAL_LANES = ["Patient", "GP practice", "PCN care coordinator", "Community frailty team", "District nursing",
                  "Adult social care"]
REFERRAL_TODAY = [
    ("Patient", "Falls at home; family calls the practice", "start", 0, 0, None, False, []),
    ("GP practice", "Receptionist books a routine GP appointment", "step", 10, 45, "bnva", False, []),
    ("Patient", "Waits for the appointment", "wait", 6 * D, 0, "nva", False, []),
    ("GP practice", "GP reviews and scores frailty", "step", 20, 0, "va", False, []),
    ("GP practice", "Severe frailty?", "decision", 5, 0, "bnva", False, [(6, "yes"), (15, "no")]),
    ("GP practice", "Writes a referral letter", "handoff", 25, 1 * D, "bnva", True, []),
    ("Community frailty team", "Letter waits for Tuesday triage", "wait", 4 * D, 0, "nva", False, []),
    ("Community frailty team", "Triage: information missing?", "decision", 15, 0, "bnva", False,
     [(9, "missing"), (10, "complete")]),
    ("GP practice", "Practice resends the referral", "handoff", 20, 2 * D, "nva", True, [(7, "back to triage")]),
    ("Community frailty team", "Triage call with the patient", "step", 30, 0, "va", False, []),
    ("Patient", "Waits for a home visit", "wait", 7 * D, 0, "nva", False, []),
    ("Community frailty team", "Comprehensive geriatric assessment at home", "step", 120, 0, "va", False, []),
    ("District nursing", "Picks up wound care from the assessment", "handoff", 30, 3 * D, "bnva", False, []),
    ("Adult social care", "Care needs referral", "handoff", 30, 5 * D, "bnva", True, []),
    ("Patient", "Care plan in place", "end", 0, 0, "va", False, []),
]
REFERRAL_FUTURE = [
    ("Patient", "Falls at home; family calls the practice", "start", 0, 0, None, False, []),
    ("PCN care coordinator", "Care coordinator checks the frailty register the same day", "step", 15, 4 * H, "bnva",
     False, []),
    ("GP practice", "Discussed at the weekly multidisciplinary huddle", "step", 10, 3 * D, "va", False, []),
    ("Community frailty team", "Single referral template, accepted at the huddle", "handoff", 10, 0, "bnva", False, []),
    ("Community frailty team", "Triage call with the patient", "step", 30, 1 * D, "va", False, []),
    ("Patient", "Waits for a home visit", "wait", 3 * D, 0, "nva", False, []),
    ("Community frailty team", "Comprehensive geriatric assessment at home", "step", 120, 0, "va", False, []),
    ("District nursing", "Joint visit planned at the huddle", "step", 30, 0, "va", False, []),
    ("Adult social care", "Social worker joins the huddle for care needs", "step", 30, 0, "va", False, []),
    ("Community frailty team", "Care plan shared with the patient and family", "step", 20, 0, "va", False, []),
    ("PCN care coordinator", "Follow-up call at two weeks", "step", 15, 14 * D, "bnva", False, []),
    ("Patient", "Care plan in place", "end", 0, 0, "va", False, []),
]
REFERRAL_PAINS = {
    3: [("ravi.patel", "Routine appointments are booked six days out; falls are not flagged to the GP as urgent.")],
    6: [("ravi.patel", "Each of the five practices uses its own referral letter.")],
    7: [("ravi.patel", "Triage happens once a week, on Tuesdays, so a Wednesday letter waits six days.")],
    9: [("ravi.patel", "About one referral in four comes back for missing medication lists.")],
    14: [("ravi.patel", "The social care referral is a separate paper form, faxed to the council.")],
}
REFERRAL_IDEAS = {7: [("niamh.doyle", "A weekly huddle that triages together")]}

THREADS = {
    "Team Harbour": ("helen.marsh", 5, "Step 5: the assessment is usually done by phone with the family first, then "
                                       "with the patient: two contacts, not one.",
                     [("grace.okafor", "Thanks @Helen, we'll split it into two steps.")]),
    "Team Meridian": ("ravi.patel", 7, "Step 7: two practices already email referrals, and those skip the tray.",
                      [("marcus.bell", "Good to know: we'll show that as a branch.")]),
}


def _steps(rows) -> list[dict]:
    return [{"lane": lane, "label": label, "kind": kind, "minutes": minutes, "wait_minutes": wait, "value": value,
             "paper": paper, "branches": [{"to": to, "label": text} for to, text in branches]}
            for lane, label, kind, minutes, wait, value, paper, branches in rows]


def _notes(team, process_map, people, by_step: dict, kind: str) -> None:
    steps = queries.load(process_map).steps
    for number, notes in by_step.items():
        for author, text in notes:
            ops.add_note(team, process_map, steps[number - 1], people[author], {"kind": kind, "body": text})


def _seed(team: Team, people: dict[str, User], author: str, spec) -> None:
    from ..report import (
        comments as comment_ops,  # the report's comment machinery, as its demo calls it
    )

    title, lanes, today, future, pains, ideas, scope, participants = spec
    current = ops.create_map(team, people[author], {
        "title": f"{title}: as it is", "scope": scope, "participants": participants, "mapped_on": "2026-11-12",
        "start_point": today[0][1], "end_point": today[-1][1],
        "notes": "Walked through with the host partner's staff over two sessions. Times are typical (median) "
                 "values from **20 recent cases**."}, lanes=lanes, steps=_steps(today))
    _notes(team, current, people, pains, "pain_point")
    _notes(team, current, people, ideas, "idea")
    ops.create_map(team, people[author], {
        "title": f"{title}: redesigned", "state": "future", "redesigns_id": current.id, "scope": scope,
        "participants": participants, "mapped_on": "2026-11-26", "start_point": future[0][1],
        "end_point": future[-1][1]}, lanes=lanes, steps=_steps(future))
    host, number, body, replies = THREADS[team.name]
    thread = comment_ops.add_comment(team, people[host], target(team, current), body)
    for reply_author, reply in replies:
        comment_ops.add_comment(team, people[reply_author], target(team, current), reply, parent=thread)


def seed_process_maps() -> None:
    """Runs before the assessment demo submits Team Meridian's report, so its Word report carries the maps."""
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    specs = {
        "Team Harbour": ("aisha.khan", ("Discharge home with a package of care", DISCHARGE_LANES, DISCHARGE_TODAY,
                                        DISCHARGE_FUTURE, DISCHARGE_PAINS, DISCHARGE_IDEAS,
                                        "Acute medical wards to home, for patients needing new home care",
                                        "Ward 7 and 9 nurses, the discharge team, pharmacy, Helen Marsh")),
        "Team Meridian": ("niamh.doyle", ("Frailty referral to assessment", REFERRAL_LANES, REFERRAL_TODAY,
                                          REFERRAL_FUTURE, REFERRAL_PAINS, REFERRAL_IDEAS,
                                          "From a fall at home to a care plan, for people living with severe frailty",
                                          "Practice frailty leads, the community frailty team, Dr Ravi Patel")),
    }
    with current_app.test_request_context():
        for team_name, (author, spec) in specs.items():
            team = db.session.scalar(select(Team).where(Team.name == team_name))
            if team is not None and author in people:
                _seed(team, people, author, spec)
