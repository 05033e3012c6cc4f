"""Demo QI work: a plausible improvement story for Team Harbour, and a smaller one for Team
Meridian (seeded before Meridian submits, so its Word report carries it).

Team Harbour (delayed discharges at Riverside University Hospitals) aims to cut the wait from
medically fit to discharge for adults going home with a package of care. Its driver diagram has
three primary drivers; one change idea came from a pain point on its process map (the note is
linked to it). A ramp of three PDSA cycles tests a trusted assessor on the board round (adapt,
adapt, adopt), and a fourth cycle on bridging reablement is running. Three measures: the
outcome (days from fit to discharge, weekly, shifting after the adopted cycle, where the limits
are rebased), a process measure and a balancing measure. Ten actions, two of them overdue and
one blocked, and a comment thread from the host partner on the outcome measure.

Dates run back from the week the demo is seeded, so the story always reads as recent: the
charts end this week and the two overdue actions are overdue.

The aim, drivers, ideas, cycles and measures are inserted through the models (their pages
belong to the other parts of the QI package); the actions go through action_operations.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from ..processes.models import ProcessNote
from ..stakeholders.queries import names_of as stakeholder_names
from . import action_operations
from .action_queries import today
from .models import (
    Action,
    Aim,
    ChangeIdea,
    Driver,
    Measure,
    MeasureAnnotation,
    MeasurePoint,
    PdsaCycle,
    PdsaMeasure,
)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- Team Harbour ----------------------------------------------------------------------------------

HARBOUR_AIM = {
    "statement": "Reduce the median wait from medically fit to discharge from 3.5 to 2 days by 31 March 2027 for "
                 "adults going home from the acute medical wards with a new package of care.",
    "what": "The wait from medically fit to discharge", "how_much": "From a median of 3.5 days to 2 days",
    "by_when": date(2027, 3, 31), "for_whom": "Adults going home from wards 7 and 9 with a new package of care",
}
# primary -> [(secondary, [(idea, from the pain point on this process-map step or None)])]
HARBOUR_DRIVERS = [
    ("Discharge planned from the day of admission", [
        ("An expected discharge date set early and kept to", [("Expected discharge date at every board round", None)]),
        ("Medicines ready on the day", [("TTOs written the day before discharge", 10),
                                        ("Ward-held discharge boxes for common TTOs", None)]),
        ("A discharge checklist used on every ward", [("Discharge checklist at the board round", None)]),
    ]),
    ("Care needs assessed without waiting", [
        ("Assessment on the ward by a trusted assessor", [("Trusted assessor on the board round", None)]),
        ("Referrals allocated the same day", [("Same-day allocation of referrals made after 2pm", None)]),
    ]),
    ("Home care ready when the patient is", [
        ("Bridging care while a package is found", [("Bridging reablement from the same day", None)]),
        ("One request reaching every provider", [("A single request to all providers", None)]),
    ]),
]
#: (title, idea, weeks before this week it starts, its length in days, status, decision, follows the previous)
HARBOUR_CYCLES = [
    ("Trusted assessor on ward 7, one board round", "Trusted assessor on the board round", 16, 4, "complete", "adapt",
     {"objective": "Find out whether a trusted assessor at the board round can assess care needs on the day the "
                   "patient is fit.",
      "questions": "How many assessments can one assessor do in a morning? Do families accept the assessment?",
      "prediction": "Four of the five patients fit for discharge will be assessed the same day.",
      "plan": "Grace and the social work team lead, ward 7, Tuesday board round, one week.",
      "data_to_collect": "Time from fit to assessment for each patient; reasons for any delay.",
      "what_happened": "Three of five were assessed the same day; two waited for a family member to be reachable.",
      "observations": "Phoning the family before the board round saved the most time.",
      "study": "Fewer than predicted (3 of 5): family contact, not the assessor's time, was the limit.",
      "next_step": "Phone the family the afternoon before, and try every weekday board round."}),
    ("Trusted assessor on ward 7, every weekday", "Trusted assessor on the board round", 13, 11, "complete", "adapt",
     {"objective": "Test the trusted assessor on every weekday board round with families phoned the day before.",
      "prediction": "Eight in ten patients assessed the same day they are fit.",
      "what_happened": "17 of 22 assessed the same day. Mondays were slow after the weekend.",
      "study": "Close to the prediction (77%); the Monday dip suggests weekend planning is missing.",
      "next_step": "Add ward 9, with a Friday look-ahead list for Monday."}),
    ("Trusted assessor on wards 7 and 9", "Trusted assessor on the board round", 11, 11, "complete", "adopt",
     {"objective": "Spread the trusted assessor to ward 9 with a Friday look-ahead list.",
      "prediction": "The median wait from fit to discharge falls below 2.5 days within four weeks.",
      "what_happened": "41 of 48 assessed the same day across both wards; the weekly median fell to 2.4 days.",
      "study": "As predicted: the median dropped in the second week and stayed down.",
      "next_step": "Adopted as standard work on both wards from the next rota."}),
    ("Bridging reablement for east-city postcodes", "Bridging reablement from the same day", 2, None, "running", None,
     {"objective": "Test same-day bridging reablement while a long-term package is found for patients in the east "
                   "of the city, where providers most often decline.",
      "prediction": "Patients waiting for a package in the east go home two days sooner.",
      "plan": "Dylan with the reablement service, ten patients, four weeks.",
      "data_to_collect": "Days from fit to discharge; readmissions at 30 days; patient and family feedback."}),
]
BASELINE = [3.6, 3.4, 3.9, 3.2, 3.7, 3.5, 3.3, 3.8, 3.6, 3.4, 3.1, 3.5, 3.7, 3.3]
AFTER = [2.6, 2.4, 2.3, 2.5, 2.1, 2.4, 2.2, 2.3, 2.0, 2.2]
CHECKLIST = [34, 38, 31, 40, 36, 42, 45, 41, 52, 55, 58, 61, 66, 63, 70, 72, 69, 75, 78, 74, 80, 82, 79, 84]
READMISSIONS = [11.8, 12.4, 11.2, 12.9, 12.1, 11.5, 12.6, 11.9, 12.3, 11.4, 12.8, 12.0, 11.7, 12.5, 11.9, 12.2, 11.6,
                12.7, 12.1, 11.8, 12.4, 11.3, 12.0, 12.2]
# (name, kind, definition, unit, better, target, values, notes by index)
HARBOUR_MEASURES = [
    ("Days from medically fit to discharge", "outcome",
     "For adults discharged home from wards 7 and 9 with a new package of care: the median number of days from the "
     "ward round that declared them medically fit to leaving the ward, by week of discharge.",
     "days", "down", 2.0, BASELINE + AFTER, {3: "Bank holiday week: fewer discharges", 16: "First full week on both wards"}),
    ("Discharges with the checklist done", "process",
     "Of the week's discharges home with a package of care from wards 7 and 9, the percentage whose discharge "
     "checklist was complete at the board round before discharge.",
     "%", "up", 90.0, CHECKLIST, {8: "Checklist added to the board round template"}),
    ("30-day readmissions", "balancing",
     "Of the patients discharged home from wards 7 and 9 in the week, the percentage readmitted as an emergency "
     "within 30 days.",
     "%", "down", None, READMISSIONS, {}),
]
#: (title, owner, due in days from today (None: no date), status, domain, link)
HARBOUR_ACTIONS = [
    ("Agree the trusted assessor rota with the social work team", "grace.okafor", -24, "done", "relationships",
     ("cycle", 2)),
    ("Write the Friday look-ahead list template", "aisha.khan", -17, "done", "innovation", ("cycle", 2)),
    ("Share the adopted trusted assessor process with ward 9 sisters", "grace.okafor", -9, "in_progress",
     "learning", ("idea", "Trusted assessor on the board round")),
    ("Book pharmacy for the late-opening discussion", "tom.whitfield", -4, "open", "relationships",
     ("idea", "TTOs written the day before discharge")),
    ("Get the reablement service's capacity figures for the east of the city", "dylan.evans", 3, "blocked",
     "relationships", ("cycle", 3)),
    ("Brief the discharge lead on the bridging reablement test", "aisha.khan", 6, "open", "relationships",
     ("stakeholder", None)),
    ("Add the checklist question to the board round template on ward 9", "tom.whitfield", 10, "open", "innovation",
     ("idea", "Discharge checklist at the board round")),
    ("Run the data collection for the readmissions measure", "dylan.evans", 14, "in_progress", "innovation",
     ("cycle", 3)),
    ("Plan the action learning set on leading without authority", "aisha.khan", 21, "open", "individual", None),
    ("Draft the improvement section of the report", "grace.okafor", None, "open", "learning", None),
]

# --- Team Meridian -----------------------------------------------------------------------------------

MERIDIAN_AIM = {
    "statement": "Cut the wait from a GP's referral to a first frailty assessment at home from 19 to 10 days by "
                 "31 May 2027 for people living with severe frailty in Northgate PCN.",
    "what": "The wait from referral to a first home assessment", "how_much": "From a median of 19 days to 10 days",
    "by_when": date(2027, 5, 31), "for_whom": "People with severe frailty registered with the five Northgate practices",
}
MERIDIAN_DRIVERS = [
    ("Referrals triaged together, every week", [
        ("One place where referrals are discussed", [("A weekly multidisciplinary huddle that triages together", 7)]),
        ("Referrals complete first time", [("A single referral template for all five practices", None)]),
    ]),
]
MERIDIAN_REFERRAL_DAYS = [19, 21, 17, 20, 18, 22, 16, 12, 11, 10, 12, 9]
MERIDIAN_ACTIONS = [
    ("Agree the huddle's terms of reference with the practice leads", "marcus.bell", -30, "done", "relationships"),
    ("Circulate the single referral template", "niamh.doyle", -20, "done", "innovation"),
    ("Write up the huddle test for the PCN board", "fatima.hussain", -6, "done", "learning"),
]
#: when a done action was done, in days from its due date (negative: early; one a few days late),
#: so no demo action is completed on the seeding day, after its due date
DONE_AFTER_DUE = {
    "Agree the trusted assessor rota with the social work team": -2,
    "Write the Friday look-ahead list template": 3,
    "Agree the huddle's terms of reference with the practice leads": -4,
    "Circulate the single referral template": -1,
    "Write up the huddle test for the PCN board": 0,
}


def _completed_in_time(action: Action) -> None:
    """A seeded done action's completion date: around its due date rather than today."""
    if action.status == "done" and action.due_on is not None:
        action.completed_on = min(action.due_on + timedelta(days=DONE_AFTER_DUE.get(action.title, 0)), today())


def _add_drivers(team: Team, actor: User, spec, pain_notes: dict[int, ProcessNote]) -> dict[str, ChangeIdea]:
    ideas: dict[str, ChangeIdea] = {}
    for position, (primary_title, secondaries) in enumerate(spec):
        primary = Driver(team_id=team.id, level="primary", title=primary_title, position=position)
        db.session.add(primary)
        db.session.flush()
        for second_position, (secondary_title, idea_rows) in enumerate(secondaries):
            secondary = Driver(team_id=team.id, parent_id=primary.id, level="secondary", title=secondary_title,
                               position=second_position)
            db.session.add(secondary)
            db.session.flush()
            for idea_position, (idea_title, step) in enumerate(idea_rows):
                idea = ChangeIdea(team_id=team.id, driver_id=secondary.id, title=idea_title, position=idea_position,
                                  created_by_id=actor.id)
                db.session.add(idea)
                db.session.flush()
                ideas[idea_title] = idea
                note = pain_notes.get(step) if step else None
                if note is not None:
                    note.change_idea_id = idea.id
                    idea.description = f"From a pain point on the process map: “{note.body}”"
    return ideas


def _pain_notes(team: Team) -> dict[int, ProcessNote]:
    """The team's current map's first pain point on each step, by step number (1-based)."""
    from ..processes import queries as process_queries
    from ..processes.models import ProcessMap

    current = db.session.scalar(select(ProcessMap).where(ProcessMap.team_id == team.id, ProcessMap.state == "current",
                                                         ProcessMap.deleted_at.is_(None)).order_by(ProcessMap.id))
    if current is None:
        return {}
    data = process_queries.load(current)
    found: dict[int, ProcessNote] = {}
    for number, step in enumerate(data.steps, start=1):
        for note in data.notes.get(step.id, []):
            if note.kind == "pain_point" and number not in found:
                found[number] = db.session.get(ProcessNote, note.id)
    return found


def _add_measure(team: Team, actor: User, position: int, spec, week0: date, rebase_at: int | None = None) -> Measure:
    name, kind, definition, unit, better, target, values, notes = spec
    measure = Measure(team_id=team.id, name=name, kind=kind, definition=definition, unit=unit, better=better,
                      target=target, position=position, created_by_id=actor.id, updated_by_id=actor.id)
    db.session.add(measure)
    db.session.flush()
    first = week0 - timedelta(weeks=len(values) - 1)
    db.session.add_all(
        MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=first + timedelta(weeks=k), value=value,
                     note=notes.get(k, ""), rebase=(k == rebase_at))
        for k, value in enumerate(values))
    return measure


def _seed_harbour(team: Team, people: dict[str, User]) -> None:
    lead = people["aisha.khan"]
    week0 = _monday(today())
    db.session.add(Aim(team_id=team.id, **HARBOUR_AIM, updated_by_id=lead.id))
    ideas = _add_drivers(team, lead, HARBOUR_DRIVERS, _pain_notes(team))
    cycles: list[PdsaCycle] = []
    for title, idea, weeks_ago, length, status, decision, fields in HARBOUR_CYCLES:
        started = week0 - timedelta(weeks=weeks_ago)
        follows = cycles[-1].id if cycles and cycles[-1].change_idea_id == ideas[idea].id else None
        cycle = PdsaCycle(team_id=team.id, change_idea_id=ideas[idea].id, follows_id=follows, title=title,
                          status=status, started_on=started,
                          ended_on=started + timedelta(days=length) if length is not None else None,
                          decision=decision, created_by_id=lead.id, **fields)
        db.session.add(cycle)
        db.session.flush()
        cycles.append(cycle)
    # The outcome's limits are rebased at the first week after the adopted cycle ended.
    adopted_end = cycles[2].ended_on
    weeks = len(BASELINE) + len(AFTER)
    first = week0 - timedelta(weeks=weeks - 1)
    rebase_at = next(k for k in range(weeks) if first + timedelta(weeks=k) > adopted_end)
    measures = [_add_measure(team, lead, position, spec, week0, rebase_at if position == 0 else None)
                for position, spec in enumerate(HARBOUR_MEASURES)]
    outcome, process, balancing = measures
    for cycle in cycles[:3]:
        db.session.add_all([PdsaMeasure(pdsa_id=cycle.id, measure_id=outcome.id, team_id=team.id),
                            PdsaMeasure(pdsa_id=cycle.id, measure_id=process.id, team_id=team.id)])
    db.session.add_all([PdsaMeasure(pdsa_id=cycles[3].id, measure_id=outcome.id, team_id=team.id),
                        PdsaMeasure(pdsa_id=cycles[3].id, measure_id=balancing.id, team_id=team.id)])
    db.session.add_all([
        MeasureAnnotation(team_id=team.id, measure_id=outcome.id, on_date=adopted_end + timedelta(days=3),
                          label="Trusted assessor standard on wards 7 and 9"),
        MeasureAnnotation(team_id=team.id, measure_id=process.id, on_date=first + timedelta(weeks=8),
                          label="Checklist on the board round template"),
    ])
    db.session.commit()
    stakeholders = stakeholder_names(team, True)
    stakeholder_id = next((sid for sid, name in stakeholders.items() if "discharge" in name.casefold()),
                          next(iter(stakeholders), None))
    on = today()
    for title, owner, due_in, status, domain, link in HARBOUR_ACTIONS:
        values = {"title": title, "owner_id": people[owner].id, "status": status, "domain": domain,
                  "due_on": on + timedelta(days=due_in) if due_in is not None else None}
        if link and link[0] == "cycle":
            values["pdsa_id"] = cycles[link[1]].id
        elif link and link[0] == "idea":
            values["change_idea_id"] = ideas[link[1]].id
        elif link and link[0] == "stakeholder" and stakeholder_id is not None:
            values["stakeholder_id"] = stakeholder_id
        _completed_in_time(action_operations.create(team, people[owner], values))
    db.session.commit()
    _measure_thread(team, people, outcome)


def _measure_thread(team: Team, people: dict[str, User], measure: Measure) -> None:
    from ..report import (
        comments as comment_ops,  # the report's comment machinery, as its demo calls it
    )
    from .targets import measure_target

    if "helen.marsh" not in people:
        return
    target = measure_target(team, measure)
    thread = comment_ops.add_comment(
        team, people["helen.marsh"], target,
        "This matches what the discharge team sees: the wards feel different since the trusted assessor started. "
        "Can you split the chart by ward? Ward 9 started later.")
    comment_ops.add_comment(team, people["aisha.khan"], target,
                            "Thanks @Helen, we'll add a ward 9 annotation and look at the two wards separately.",
                            parent=thread)


def _seed_meridian(team: Team, people: dict[str, User]) -> None:
    lead = people["niamh.doyle"]
    week0 = _monday(today()) - timedelta(weeks=2)
    db.session.add(Aim(team_id=team.id, **MERIDIAN_AIM, updated_by_id=lead.id))
    ideas = _add_drivers(team, lead, MERIDIAN_DRIVERS, _pain_notes(team))
    started = week0 - timedelta(weeks=5)
    cycle = PdsaCycle(
        team_id=team.id, change_idea_id=ideas["A weekly multidisciplinary huddle that triages together"].id,
        title="Weekly huddle with two practices", status="complete", started_on=started,
        ended_on=started + timedelta(days=27), decision="adopt", created_by_id=lead.id,
        prediction="Referrals from the two practices are triaged within a week.",
        what_happened="All 14 referrals were discussed at the next huddle; 12 were visited within ten days.",
        study="Better than predicted: the huddle also caught two referrals that would have come back incomplete.",
        next_step="Adopted: all five practices join the huddle.")
    db.session.add(cycle)
    db.session.flush()
    measure = _add_measure(team, lead, 0, (
        "Days from referral to first home assessment", "outcome",
        "For people with severe frailty referred by a Northgate practice: the median days from the GP's referral to "
        "the community frailty team's first home visit, by week of referral.",
        "days", "down", 10.0, MERIDIAN_REFERRAL_DAYS, {7: "First huddle week"}), week0)
    db.session.add(PdsaMeasure(pdsa_id=cycle.id, measure_id=measure.id, team_id=team.id))
    db.session.commit()
    on = today()
    for title, owner, due_in, status, domain in MERIDIAN_ACTIONS:
        _completed_in_time(action_operations.create(
            team, people[owner], {"title": title, "owner_id": people[owner].id, "status": status, "domain": domain,
                                  "due_on": on + timedelta(days=due_in), "pdsa_id": cycle.id}))
    db.session.commit()


def seed_qi() -> None:
    """Runs after the process maps (an idea comes from a pain point) and before the assessment
    demo submits Team Meridian's report, so its Word report carries its QI work."""
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    with current_app.test_request_context():  # comment notifications link with url_for
        for name, seed in (("Team Harbour", _seed_harbour), ("Team Meridian", _seed_meridian)):
            team = db.session.scalar(select(Team).where(Team.name == name))
            if team is not None and db.session.scalar(select(Aim.id).where(Aim.team_id == team.id)) is None:
                seed(team, people)
