"""Demo stakeholder maps, built through the operations like a team would build them.

Team Meridian (reviewing frailty care across Northgate PCN's five practices) has a full map:
26 stakeholders across the ICB, trusts, the PCN, the council, the voluntary sector and patients
and carers, assessed four times over the project so attitudes move, engagement plans with a few
contacts overdue, 27 relationships, one stakeholder confidential to the team, one whose attitude
is, and comments from the host partner, Dr Ravi Patel. Team Harbour has started a smaller one.

Dates are counted back from the day the demo is loaded, so the history, "then vs now" and the
overdue flags read the same whenever it is.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from . import operations as ops
from .queries import today
from .targets import target

# The assessments: days before the demo is loaded.
ROUNDS = (95, 62, 33, 9)

# name, organisation, role, category, owner, tags, 9 Cs,
# (power, interest, attitude, desired) at each round (None: unchanged),
# plan (actions, channel, frequency, days since last contact, days until next contact), flags
MERIDIAN = [
    ("Dr Ravi Patel", "Northgate Primary Care Network", "Clinical director (project sponsor)", "primary_care", "marcus.bell",
     ["sponsor"], ["commissioners", "champions"],
     [(5, 5, 2, 2)],
     ("Fortnightly check-in on progress and risks; agree what goes to the PCN board", "One-to-one, Teams", "fortnightly", 6, 8), ""),
    ("Practice partners, Hillside Surgery", "Hillside Surgery", "GP partners (4)", "primary_care", "oliver.grant",
     ["practice"], ["contributors"],
     [(4, 3, -1, 1), None, (4, 4, 0, 1), (4, 4, 1, 1)],
     ("Share Hillside's own register audit with the partners first; offer a huddle pilot", "Partners' meeting",
      "monthly", 20, 11), ""),
    ("Dr Colin Avery", "Brookvale Medical Practice", "Senior partner", "primary_care", "marcus.bell",
     ["practice", "risk"], ["competitors"],
     [(4, 2, -2, 0), None, (4, 2, -1, 0)],
     ("Meet one to one before the board; understand the practice's concerns about list control", "Face to face",
      "monthly", 36, -4), "stakeholder"),
    ("Practice frailty leads", "Northgate PCN practices", "One GP or nurse lead in each of the five practices", "primary_care",
     "niamh.doyle", ["clinical"], ["champions", "contributors"],
     [(3, 5, 1, 2), None, (3, 5, 2, 2)],
     ("Monthly frailty leads' meeting; co-own the shared register definition", "Frailty leads' meeting", "monthly", 12, 18), ""),
    ("Northgate PCN board", "Northgate Primary Care Network", "Decides on network-wide changes", "primary_care",
     "marcus.bell", ["governance"], ["commissioners"],
     [(5, 4, 0, 2), (5, 4, 1, 2), None, (5, 4, 2, 2)],
     ("Paper at the board for sign-off of the huddle roll-out", "Board paper", "quarterly", 40, 50), ""),
    ("Sarah Okoye", "Eastfield Community Health NHS Trust", "Team manager, community frailty team", "community_trust",
     "niamh.doyle", ["community"], ["collaborators", "contributors"],
     [(3, 5, -1, 1), (3, 5, 0, 1), None, (3, 5, 1, 1)],
     ("Co-design the single referral template (PDSA 1); weekly huddle", "Huddle and email", "weekly", 3, 4), ""),
    ("District nursing team, Northgate neighbourhood", "Eastfield Community Health NHS Trust", "District nurses",
     "community_trust", "niamh.doyle", ["community"], ["collaborators"],
     [(2, 4, 0, 1), None, (2, 4, 1, 1)],
     ("Join the weekly multidisciplinary huddle", "Huddle", "weekly", 5, 2), ""),
    ("Helen Achebe", "NHS Eastfield Integrated Care Board", "Ageing well lead", "icb", "fatima.hussain",
     ["funding"], ["commissioners"],
     [(5, 3, 0, 2), None, (5, 3, 1, 2), (5, 4, 1, 2)],
     ("Short briefings; invite to the final workshop; discuss early adopter funding", "Briefing note and call",
      "monthly", 39, -9), ""),
    ("Primary care commissioning team", "NHS Eastfield Integrated Care Board", "Commissioning managers", "icb",
     "fatima.hussain", ["funding"], ["commissioners"],
     [(4, 2, 0, 1)],
     ("Copy into the ageing well briefings", "Email", "quarterly", 50, 41), "attitude"),
    ("Dr Mei Lin", "Riverside University Hospitals NHS Foundation Trust", "Consultant geriatrician, acute frailty unit",
     "acute_trust", "oliver.grant", ["acute"], ["collaborators"],
     [(3, 3, 0, 1), None, (3, 3, 1, 1)],
     ("Agree a discharge summary flag for network patients; share the case-note review", "Email and one meeting",
      "monthly", 25, 6), ""),
    ("Discharge coordinators, acute frailty unit", "Riverside University Hospitals NHS Foundation Trust",
     "Discharge coordinators", "acute_trust", "oliver.grant", ["acute"], ["consumers"],
     [(2, 3, 0, 1)],
     ("Test the follow-up call list with them (PDSA 3)", "Visit to the unit", "monthly", 28, 3), ""),
    ("Hospital and community social work team", "Eastfield City Council Adult Social Care", "Social workers and team leader",
     "local_authority", "fatima.hussain", ["council"], ["collaborators"],
     [(3, 2, 0, 1), None, None, (3, 3, 0, 1)],
     ("Invite the team leader to the huddle once a month", "Email and huddle", "monthly", 30, 1), ""),
    ("Reablement service", "Eastfield City Council Adult Social Care", "Reablement team", "local_authority",
     "fatima.hussain", ["council"], ["collaborators"],
     [(2, 3, 1, 1)],
     ("Keep informed through the monthly bulletin", "Bulletin", "monthly", 18, 13), ""),
    ("Local councillors, Northgate wards", "Eastfield City Council", "Ward councillors (4)", "local_authority",
     None, ["public"], ["commentators"],
     [(3, 2, 0, 1)],
     ("", "", None, None, None), ""),
    ("Care coordinators and social prescribers", "Northgate Primary Care Network", "Additional roles staff",
     "staff_group", "niamh.doyle", ["ARRS"], ["channels", "contributors"],
     [(2, 5, 1, 2), None, (2, 5, 2, 2)],
     ("Lead the follow-up calls after discharge; feed back what they hear", "Team meeting", "fortnightly", 9, 5), ""),
    ("Reception teams", "Northgate PCN practices", "Reception and care navigation staff", "staff_group",
     "oliver.grant", ["practice"], ["channels"],
     [(1, 2, None, 1), None, (1, 3, 0, 1)],
     ("Short briefing on spotting frailty when patients call", "Practice team meetings", "quarterly", 33, 58), ""),
    ("Eastfield Carers Together", "Eastfield Carers Together", "Carers' charity: chief officer and volunteers",
     "voluntary_sector", "fatima.hussain", ["carers"], ["champions", "channels"],
     [(2, 5, 1, 2), (2, 5, 2, 2)],
     ("Co-run the carers' session; recruit carers for interviews", "Phone and visits", "monthly", 14, 16), ""),
    ("Age UK Eastfield", "Age UK Eastfield", "Information and advice service", "voluntary_sector", "niamh.doyle",
     ["voluntary"], ["contributors"],
     [(2, 4, 1, 2)],
     ("Signpost from the follow-up calls; share the leaflet", "Email", "quarterly", 44, 47), ""),
    ("Healthwatch Eastfield", "Healthwatch Eastfield", "Engagement officer", "voluntary_sector", "oliver.grant",
     ["public"], ["commentators"],
     [(2, 3, 0, 1), None, (2, 3, 1, 1)],
     ("Share the patient interview themes before publication", "Email", "monthly", 45, -15), ""),
    ("Patients living with frailty", "Northgate patient participation group", "Patients aged 65 and over", "public",
     "niamh.doyle", ["patients"], ["customers", "consumers"],
     [(1, 5, None, 2), (1, 5, 0, 2), None, (1, 5, 1, 2)],
     ("Interviews; the patient panel reviews the follow-up call script", "Patient panel", "monthly", 21, 9), ""),
    ("Unpaid carers", "Northgate community", "Family and friends who care", "public", "fatima.hussain",
     ["carers"], ["customers"],
     [(1, 5, 0, 1), None, (1, 5, 1, 2)],
     ("Carers' session at the community centre", "Drop-in session", "quarterly", 26, 64), ""),
    ("Care Quality Commission", "Care Quality Commission", "Local inspection team", "regulator", None,
     [], [],
     [None, None, (4, 1, 0, 0)],
     ("", "", None, None, None), ""),
    ("Community pharmacies", "Northgate community pharmacies", "Pharmacists", "other", "oliver.grant",
     ["medicines"], ["contributors"],
     [None, (1, 3, 1, 1)],
     ("Medicines review referrals after discharge", "Email", "as_needed", 52, None), ""),
    ("Digital team", "Eastfield Community Health NHS Trust", "Clinical systems", "community_trust", "marcus.bell",
     ["digital"], [],
     [(3, 1, 0, 1)],
     ("Ask about a shared frailty flag across GP and community records", "Email", "quarterly", 60, 30), ""),
    ("Falls response service", "East of England Ambulance Service NHS Trust", "Falls response team", "other",
     "oliver.grant", ["urgent care"], ["collaborators"],
     [None, None, (2, 3, 0, 1)],
     ("Share the network's frailty register with the falls team", "Email", "quarterly", 35, 55), ""),
    ("Home care providers", "Independent home care agencies", "Registered managers", "other", "fatima.hussain",
     ["social care"], ["competitors"],
     [None, (2, 3, -1, 0), None, (2, 3, 0, 0)],
     ("Invite to the discharge workshop; ask what would help them", "Provider forum", "quarterly", 41, 49), ""),
]

# source, kind, target (names as above)
MERIDIAN_LINKS = [
    ("Dr Ravi Patel", "reports_to", "Northgate PCN board"),
    ("Dr Ravi Patel", "influences", "Practice partners, Hillside Surgery"),
    ("Practice partners, Hillside Surgery", "influences", "Northgate PCN board"),
    ("Dr Colin Avery", "influences", "Northgate PCN board"),
    ("Dr Colin Avery", "conflicts_with", "Dr Ravi Patel"),
    ("Practice frailty leads", "reports_to", "Dr Ravi Patel"),
    ("Practice frailty leads", "works_with", "Sarah Okoye"),
    ("Sarah Okoye", "works_with", "District nursing team, Northgate neighbourhood"),
    ("District nursing team, Northgate neighbourhood", "works_with", "Practice frailty leads"),
    ("Helen Achebe", "influences", "Northgate PCN board"),
    ("Helen Achebe", "works_with", "Primary care commissioning team"),
    ("Dr Mei Lin", "works_with", "Sarah Okoye"),
    ("Discharge coordinators, acute frailty unit", "reports_to", "Dr Mei Lin"),
    ("Discharge coordinators, acute frailty unit", "works_with", "Hospital and community social work team"),
    ("Hospital and community social work team", "works_with", "Reablement service"),
    ("Care coordinators and social prescribers", "reports_to", "Dr Ravi Patel"),
    ("Care coordinators and social prescribers", "works_with", "Eastfield Carers Together"),
    ("Eastfield Carers Together", "works_with", "Healthwatch Eastfield"),
    ("Unpaid carers", "influences", "Eastfield Carers Together"),
    ("Patients living with frailty", "works_with", "Age UK Eastfield"),
    ("Healthwatch Eastfield", "influences", "Local councillors, Northgate wards"),
    ("Local councillors, Northgate wards", "influences", "Reablement service"),
    ("Care Quality Commission", "influences", "Practice partners, Hillside Surgery"),
    ("Reception teams", "reports_to", "Practice partners, Hillside Surgery"),
    ("Home care providers", "conflicts_with", "Reablement service"),
    ("Falls response service", "works_with", "Sarah Okoye"),
    ("Community pharmacies", "works_with", "Practice frailty leads"),
]

HARBOUR = [
    ("James Whitaker", "Riverside University Hospitals NHS Foundation Trust", "Chief operating officer (sponsor)",
     "acute_trust", "aisha.khan", ["sponsor"], ["commissioners", "champions"],
     [(5, 5, 2, 2)],
     ("Monthly sponsor meeting", "One-to-one", "monthly", 16, 14), ""),
    ("Ward managers, acute medicine", "Riverside University Hospitals NHS Foundation Trust", "Four ward managers",
     "acute_trust", "grace.okafor", ["wards"], ["contributors"],
     [(3, 5, 0, 1), (3, 5, 0, 2)],
     ("Meet each ward manager one to one before the second mapping workshop", "Ward visits", "fortnightly", 19, -5), ""),
    ("Integrated discharge team", "Riverside University Hospitals NHS Foundation Trust", "Discharge coordinators",
     "acute_trust", "tom.whitfield", ["discharge"], ["collaborators"],
     [(3, 5, 1, 2)],
     ("Weekly stand-up", "Stand-up", "weekly", 4, 3), ""),
    ("Hospital social work team", "Eastfield City Council Adult Social Care", "Team leader and social workers",
     "local_authority", "dylan.evans", ["council"], ["collaborators"],
     [(3, 3, -1, 1), None, (3, 3, 0, 1)],
     ("Joint case review once a month", "Meeting", "monthly", 31, 3), "attitude"),
    ("Eastfield Community Health reablement", "Eastfield Community Health NHS Trust", "Reablement service manager",
     "community_trust", "dylan.evans", ["community"], ["collaborators"],
     [(3, 3, 0, 1)],
     ("", "", None, None, None), ""),
    ("Care homes in Riverside", "Independent care homes", "Registered managers", "other", "grace.okafor",
     ["care homes"], ["consumers"],
     [(2, 4, 0, 1)],
     ("Add to the map (Grace)", "", None, None, 10), ""),
    ("Patients and carers", "Riverside", "Patients on the medical wards and their families", "public", "aisha.khan",
     ["patients"], ["customers"],
     [(1, 5, None, 1)],
     ("Ask Eastfield Carers Together to help us hear from carers", "", None, None, 12), ""),
    ("Eastfield Carers Together", "Eastfield Carers Together", "Chief officer", "voluntary_sector", "aisha.khan",
     ["carers"], ["champions", "channels"],
     [(2, 4, 1, 2)],
     ("Plan the carers' conversation", "Phone", "monthly", 23, 7), ""),
]

HARBOUR_LINKS = [
    ("Ward managers, acute medicine", "reports_to", "James Whitaker"),
    ("Integrated discharge team", "works_with", "Ward managers, acute medicine"),
    ("Integrated discharge team", "works_with", "Hospital social work team"),
    ("Hospital social work team", "conflicts_with", "Ward managers, acute medicine"),
    ("Eastfield Community Health reablement", "works_with", "Hospital social work team"),
    ("Eastfield Carers Together", "influences", "Patients and carers"),
]


def _at(days_ago: int) -> datetime:
    return datetime.combine(today() - timedelta(days=days_ago), time(10, 0), tzinfo=UTC)


def _seed(team: Team, register: list, links: list, people: dict[str, User]) -> dict[str, int]:
    made: dict[str, object] = {}
    members = ops.members_of(team)
    now = today()
    for (name, organisation, role, category, owner, tags, nine_cs, rounds, plan, hidden) in register:
        actions, channel, frequency, since_last, until_next = plan
        author = people[owner] if owner else next(iter(members.values()))
        stakeholder = None
        # rounds[i] is the assessment ROUNDS[i] days ago: the first one puts them on the map,
        # each later one records how they moved; None is "not yet on the map" or "no change".
        for days_ago, scores in zip(ROUNDS, rounds, strict=False):
            if scores is None:
                continue
            power, interest, attitude, desired = scores
            if stakeholder is None:
                stakeholder = ops.create(team, author, {
                    "name": name, "organisation": organisation, "role": role, "category": category, "power": power,
                    "interest": interest, "attitude": attitude, "desired_attitude": desired,
                    "owner_id": people[owner].id if owner else None, "tags": tags, "nine_cs": nine_cs,
                    "engagement_actions": actions, "channel": channel, "frequency": frequency,
                    "last_contact_on": now - timedelta(days=since_last) if since_last is not None else None,
                    "next_contact_on": now + timedelta(days=until_next) if until_next is not None else None,
                    "confidential": hidden == "stakeholder", "attitude_confidential": hidden == "attitude",
                }, members=members, at=_at(days_ago)).stakeholder
            else:
                ops.update(team, stakeholder, author, {"power": power, "interest": interest, "attitude": attitude,
                                                       "desired_attitude": desired}, members=members, at=_at(days_ago))
        made[name] = stakeholder
    for source, kind, target_name in links:
        ops.add_link(team, people[register[0][4]], made[source].id, made[target_name].id, kind)
    return {name: s.id for name, s in made.items()}


def _comments(team: Team, ids: dict[str, int], people: dict[str, User], threads: list) -> None:
    # The report's comment machinery, called as the report's own demo calls it (demo data only).
    from ..report import comments as comment_ops
    from .models import Stakeholder

    for on, author, body, replies, resolved_by in threads:
        stakeholder = db.session.get(Stakeholder, ids[on])
        thread = comment_ops.add_comment(team, people[author], target(team, stakeholder), body)
        for reply_author, reply in replies:
            comment_ops.add_comment(team, people[reply_author], target(team, stakeholder), reply, parent=thread)
        if resolved_by:
            comment_ops.resolve_comment(team, thread, people[resolved_by])


MERIDIAN_COMMENTS = [
    ("Sarah Okoye", "ravi.patel",
     "Sarah has agreed to co-design the referral template with you. It would be worth inviting her deputy as well, "
     "since he runs the Tuesday triage.",
     [("niamh.doyle", "Thanks @Dr Ravi Patel, we'll ask them both at Thursday's huddle.")], None),
    ("Helen Achebe", "ravi.patel",
     "Helen's early adopter offer depends on the board signing off the huddle roll-out by March. Shall we brief her together?",
     [("fatima.hussain", "Yes please. I'll find a date in the next fortnight. @Marcus can you bring the run charts?")], None),
    ("Practice partners, Hillside Surgery", "ravi.patel",
     "Hillside's partners meet on the second Tuesday of the month. I'm happy to take your register audit to them if that helps.",
     [], None),
    ("Eastfield Carers Together", "ravi.patel",
     "Do Carers Together have capacity for a second session in the spring?",
     [("fatima.hussain", "They do: booked for the week after Easter.")], "ravi.patel"),
]

HARBOUR_COMMENTS = [
    ("Ward managers, acute medicine", "helen.marsh",
     "Ward 7's manager is new since January and keen. She might be a good first conversation.",
     [("grace.okafor", "Thanks @Helen, I'll start with her.")], None),
]


def seed_stakeholders() -> None:
    """The two demo maps. Runs before the assessment demo submits Team Meridian's report, so the
    submitted Word report carries Meridian's map."""
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    with current_app.test_request_context():
        for team_name, register, links, threads in (("Team Meridian", MERIDIAN, MERIDIAN_LINKS, MERIDIAN_COMMENTS),
                                                    ("Team Harbour", HARBOUR, HARBOUR_LINKS, HARBOUR_COMMENTS)):
            team = db.session.scalar(select(Team).where(Team.name == team_name))
            if team is None:
                continue
            ids = _seed(team, register, links, people)
            _comments(team, ids, people, threads)
