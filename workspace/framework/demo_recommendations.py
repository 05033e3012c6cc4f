"""Demo recommendations: Team Harbour's four (the discharge pathway), linked to the findings
behind them (the current-state section, the discharge measure, the process map), assessed
against the Useful criteria (one left unassessed), with interventions from the cohort's menu and
Helen Marsh's (host) responses to two; Team Meridian's two, from its report, one answered by
Dr Ravi Patel. Runs after the report, process maps and QI demos (the findings) and before the
assessment demo submits Meridian (its frozen Word report carries its register).

Findings are found through comment_targets by title, never through the other features' models.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import comment_targets
from ..extensions import db
from ..models import Team, User
from . import recommendation_queries as queries
from . import recommendations as ops
from .models import Recommendation
from .setup import ensure_framework


def _intervention(team: Team, wanted: str) -> int | None:
    for _domain, items in queries.intervention_menu(team):
        for intervention_id, name in items:
            if name.casefold().startswith(wanted.casefold()):
                return intervention_id
    return None


def _finding(team: Team, kind: str, title_start: str, viewer: User) -> dict | None:
    ids = queries.visible_of(team, kind, viewer)
    loaded = comment_targets.load_each(team, [(kind, i) for i in ids], viewer)
    for (found_kind, target_id), target in sorted(loaded.items()):
        if target.title.casefold().startswith(title_start.casefold()):
            return {"kind": found_kind, "id": target_id}
    return None


def _criteria(**ratings) -> dict:
    return {key: {"rating": rating, "note": note} for key, (rating, note) in ratings.items()}


HARBOUR = [
    {
        "statement": "Adopt the trusted assessor model on every acute medical ward, so that one assessment by a "
                     "trained ward therapist is accepted by the home care providers without a second visit.",
        "rationale": "The current-state map showed the longest single wait (a median of 2.5 days) was for a "
                     "provider's own assessment. Our PDSA cycles on wards 7 and 9 halved it.",
        "owner": "Deputy chief nurse, Riverside", "time_frame": "All six medical wards by June 2027",
        "cost": "About £18,000 a year: 0.5 WTE band 6 therapist time for backfill",
        "intervention": "Leading complex change",
        "measures_of_success": "Median days from medically fit to discharge below 2 on every medical ward; "
                               "no rise in 30-day readmissions.",
        "findings": [("section", "Current state"), ("measure", "Days from medically fit"),
                     ("process_map", "Discharge home with a package of care: as it is")],
        "criteria": _criteria(
            long_term_plan=("met", "Home first is in the ICS five-year plan."),
            workforce_strategy=("met", "Develops therapists' roles, a workforce strategy priority."),
            multi_agency=("met", "Trust, three home care providers and the council's brokerage team."),
            leadership_focus=("partly", "Mostly a process change; the rota needs shared leadership."),
            affordable=("partly", "Backfill is not yet funded beyond March."),
        ),
        "response": ("accept", "We will fund the backfill from the discharge fund from April and start with "
                               "wards 3 and 4."),
    },
    {
        "statement": "Replace the four referral forms to social care, community health and home care with one "
                     "shared referral form, filled in once on the ward.",
        "rationale": "Staff on the map re-typed the same details up to four times; two of the nine hand-offs "
                     "were a form returned incomplete.",
        "owner": "Head of integrated discharge", "time_frame": "Agreed by March 2027; live by September 2027",
        "cost": "Within existing budgets (a change to the electronic record's template)",
        "intervention": "Supporting network development",
        "measures_of_success": "Forms returned as incomplete fall from about 1 in 5 to fewer than 1 in 20.",
        "findings": [("process_map", "Discharge home with a package of care: as it is"), ("section", "Current state")],
        "criteria": _criteria(
            long_term_plan=("met", "Joined-up records are part of the digital strategy."),
            workforce_strategy=("partly", "Saves nursing time rather than developing anyone."),
            multi_agency=("met", "Every agency on the pathway signs up to one form."),
            leadership_focus=("not_met", "A tool, not a development intervention."),
            affordable=("met", "No new money."),
        ),
        "response": ("consider", "Supportive, but the council's case management system goes out to tender in "
                                 "2027; we will bring this to the joint discharge board in January."),
    },
    {
        "statement": "Make the daily 10am discharge huddle the standard on every medical ward, with social work "
                     "and the home care broker joining by phone.",
        "rationale": "Wards 7 and 9 ran the huddle through our PDSA cycles; referrals made before noon rose and "
                     "the hand-off to brokerage lost a day.",
        "owner": "Divisional director of nursing, medicine", "time_frame": "Three months from agreement",
        "cost": "Fifteen minutes a day of ward and partner time",
        "intervention": "Facilitated group conversations",
        "measures_of_success": "Discharges with the checklist done above 80% on every ward.",
        "findings": [("measure", "Discharges with the checklist done")],
        "criteria": _criteria(
            long_term_plan=("partly", "Helps flow now; not itself a long-term change."),
            workforce_strategy=("met", "Builds the multi-professional working the strategy asks for."),
            multi_agency=("met", "Trust, council social work and brokerage."),
            affordable=("met", "Staff time only."),
        ),
        "response": None,
    },
    {
        "statement": "Report one monthly measure, days from medically fit to discharge, to the ICS discharge "
                     "board as an SPC chart, so that every partner reads the same figure.",
        "rationale": "Each organisation counted delays differently; our run chart was the first the partners "
                     "agreed on.",
        "owner": "Head of performance, Riverside", "time_frame": "From the next board meeting",
        "cost": "None", "intervention": "Quality improvement skills",
        "measures_of_success": "The board's pack carries the chart each month and the partners stop reporting their own.",
        "findings": [("measure", "Days from medically fit")],
        "criteria": {},  # not yet assessed: the team has not judged it against the criteria
        "response": None,
    },
]

MERIDIAN = [
    {
        "statement": "Adopt one network frailty register and identification standard by October 2027.",
        "rationale": "Practices coded frailty differently: confirmed coding ran from 31% to 78% of "
                     "eFI-identified patients.",
        "owner": "PCN clinical director", "time_frame": "By October 2027", "cost": "Within existing network funding",
        "intervention": "Systems thinking",
        "measures_of_success": "Confirmed coding above 80% in every practice, with less than 15 points between "
                               "the highest and lowest.",
        "findings": [("section", "Current state")],
        "criteria": _criteria(
            long_term_plan=("met", "Anticipatory care for people living with frailty."),
            workforce_strategy=("partly", "Uses practice nurse time; two practices need training."),
            multi_agency=("met", "Five practices and the community team share one standard."),
            leadership_focus=("partly", "A system standard rather than a development intervention."),
            affordable=("met", "Within existing network funding."),
        ),
        "response": ("accept", "Agreed at the PCN board; the clinical director will lead it."),
    },
    {
        "statement": "Make the two neighbourhood frailty huddles standing multi-agency meetings, with the single "
                     "referral template as the one way in.",
        "rationale": "The huddle test triaged every referral within a week and caught incomplete ones.",
        "owner": "Community frailty team lead", "time_frame": "From April 2027",
        "cost": "About six hours of staff time a week per huddle", "intervention": "Facilitated group conversations",
        "measures_of_success": "Each agency attends at least 80% of huddles; median days from referral to first "
                               "assessment below 10.",
        "findings": [("measure", "Days from referral"), ("process_map", "Frailty referral to assessment: as it is")],
        "criteria": _criteria(
            long_term_plan=("met", "Integrated neighbourhood teams, as the Fuller stocktake proposes."),
            workforce_strategy=("met", "Existing roles used differently rather than new posts."),
            multi_agency=("met", "Including the voluntary sector."),
            leadership_focus=("met", "Builds service-to-service relationships."),
            affordable=("met", "Staff time only."),
        ),
        "response": None,
    },
]


def _seed_team(team: Team, author: User, host: User | None, specs: list[dict]) -> None:
    if db.session.scalar(select(Recommendation.id).where(Recommendation.team_id == team.id)) is not None:
        return
    ensure_framework(team.cohort)  # the menu of interventions the recommendations choose from
    for spec in specs:
        findings = [f for kind, title in spec["findings"] if (f := _finding(team, kind, title, author))]
        made = ops.create(team, author, {
            "statement": spec["statement"], "rationale": spec["rationale"], "owner": spec["owner"],
            "time_frame": spec["time_frame"], "cost": spec["cost"],
            "intervention_id": _intervention(team, spec["intervention"]),
            "measures_of_success": spec["measures_of_success"], "findings": findings, "criteria": spec["criteria"]})
        if spec["response"] and host is not None:
            ops.respond(team, made, host, *spec["response"])


def seed_recommendations() -> None:
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    with current_app.test_request_context():
        for name, author, host, specs in (("Team Harbour", "grace.okafor", "helen.marsh", HARBOUR),
                                          ("Team Meridian", "marcus.bell", "ravi.patel", MERIDIAN)):
            team = db.session.scalar(select(Team).where(Team.name == name))
            if team is not None and author in people:
                _seed_team(team, people[author], people.get(host), specs)
