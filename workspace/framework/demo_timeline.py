"""The demo cohort's programme year, after the brochure's schedule (shared/seeds/000): six
cohort seminars (4 and 5 together over two days), five workshops each offered twice, nine
action-learning sets, five coaching windows, two peer visits, the project milestones (the
report due on the cohort's own report_due_on) and the closing event. Dated within the demo
cohort (1 September 2026 to 31 August 2027), so that on the demo's "today" (6 December 2026)
the team page shows what is next and the timeline some past. Made through the operations."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Cohort, Team, User
from . import timeline as ops

CENTRE = "Eastfield Conference Centre, Riverside Road"
ICB = "Eastfield ICB, Civic House, Room 2"
ONLINE = "Online (Microsoft Teams)"

SEMINARS = [
    (date(2026, 9, 17), None, "Learning leaders (1 of 6)",
     "Introduction to the programme. Vision and systemic context. Learning styles. Power and influence. Listening "
     "and learning in leadership.\nDiagnostic 1: explore your learning and leadership styles."),
    (date(2026, 11, 18), None, "Adaptive leaders (2 of 6)",
     "Relationships and communications in complex systems. Values-led leadership. System competencies and leadership "
     "behaviours.\nDiagnostic 2: identifying your communication style."),
    (date(2027, 1, 21), None, "Leading change (3 of 6)",
     "Managing change. Understanding cultural context and overcoming resistance. Foundations of organisational "
     "development and dialogic methodology.\nDiagnostic 3: considering your organisational context."),
    (date(2027, 4, 14), date(2027, 4, 15), "Leading direction and Leading innovation (4 and 5 of 6)",
     "Day 1: developing your vision through uncertain futures; establishing catalysts for change.\nDay 2: enabling "
     "cultures of innovation and creativity; delivering collaborative change programmes.\nDiagnostics 4 and 5."),
    (date(2027, 7, 8), None, "Leading collaborations (6 of 6)",
     "Shaping our future with collaborative innovation. Engaging with leadership in systems.\nDiagnostic 6: refining "
     "your impact through 360° feedback."),
]
WORKSHOPS = [  # (letter, topic, online, the two dates it is offered)
    ("A", "Building emotional intelligence", True, (date(2026, 10, 13), date(2026, 10, 15))),
    ("B", "Building leadership wellbeing", True, (date(2026, 12, 8), date(2026, 12, 10))),
    ("C", "Enabling stakeholder relations", False, (date(2027, 2, 16), date(2027, 2, 18))),
    ("D", "Stimulating creative solutions", False, (date(2027, 3, 16), date(2027, 3, 18))),
    ("E", "Coaching for team excellence", True, (date(2027, 5, 11), date(2027, 5, 13))),
]
LEARNING_SETS = [
    (date(2026, 10, 6), "Who are we as learners?"), (date(2026, 11, 3), "Who are we as leaders?"),
    (date(2026, 12, 1), "How do we identify the need for change?"), (date(2027, 1, 12), "What is our vision of the future?"),
    (date(2027, 2, 9), "How do we inspire change?"), (date(2027, 3, 9), "How can we overcome resistance?"),
    (date(2027, 4, 20), "How can we improve personal effectiveness?"),
    (date(2027, 5, 18), "Who are we becoming as system leaders?"), (date(2027, 6, 15), "How do we build a stronger ICS?"),
]
COACHING = [  # the week in which each learner books an hour with their coach
    (date(2026, 9, 28), "Forming the alliance", "Personal context and objectives. Building the coaching relationship."),
    (date(2026, 11, 23), "Building development plan", "Learning goals and reflections on diagnostics."),
    (date(2027, 2, 22), "Evidencing learning", "Observations and reflections on your learning journey."),
    (date(2027, 4, 26), "Leading collaboratively", "Considerations from peer visits and team projects."),
    (date(2027, 7, 19), "Demonstrating leadership", "Professional discussion on personal development and future goals."),
]
PEER_VISITS = [
    (date(2027, 3, 3), "Celebrating our strengths", "Identifying best practice from across the ICPs.",
     "Eastfield Community Health, Harbour Lane Clinic"),
    (date(2027, 6, 2), "Seeking opportunities", "Identifying opportunities for collaboration across ICPs for development.",
     "Northgate Council, Adult Social Care, Market Street"),
]


def _events(report_due_on: date) -> list[dict]:
    events = [{"kind": "seminar", "title": title, "starts_on": on, "ends_on": until, "starts_at": "09:30",
               "ends_at": "16:30", "location": CENTRE, "description": text} for on, until, title, text in SEMINARS]
    for letter, topic, online, dates in WORKSHOPS:
        for n, on in enumerate(dates, 1):
            other = dates[1 if n == 1 else 0]
            events.append({"kind": "workshop", "title": f"{letter}. {topic}", "starts_on": on,
                           "starts_at": "13:00", "ends_at": "16:00", "location": ONLINE if online else CENTRE,
                           "description": f"Offered twice: book this date or {other.strftime('%-d %B')}. "
                                          f"{'Online' if online else 'In person'}, small groups."})
    events += [{"kind": "action_learning_set", "title": f"{n}. {question}", "starts_on": on,
                "starts_at": "14:00", "ends_at": "17:00", "location": ICB,
                "description": "Your set of four to six learners, with its facilitator."}
               for n, (on, question) in enumerate(LEARNING_SETS, 1)]
    events += [{"kind": "coaching", "title": f"{n}. {topic}", "starts_on": monday,
                "ends_on": monday + timedelta(days=4), "description": f"{text}\nBook an hour with your coach this week."}
               for n, (monday, topic, text) in enumerate(COACHING, 1)]
    events += [{"kind": "peer_visit", "title": f"{n}. {topic}", "starts_on": on, "starts_at": "10:00",
                "ends_at": "15:00", "location": where, "description": text}
               for n, (on, topic, text, where) in enumerate(PEER_VISITS, 1)]
    events += [
        {"kind": "proposal_due", "title": "Change project proposal", "starts_on": date(2026, 12, 18),
         "description": "Agree the scope with your host partner and upload the proposal: the Start Anywhere canvas "
                        "(People, Purpose, Place, Priorities) and your review question."},
        {"kind": "interim_review", "title": "Interim review with your facilitator", "starts_on": date(2027, 3, 24),
         "starts_at": "10:00", "ends_at": "12:00", "location": ICB,
         "description": "Each team presents its findings so far and its plan to the report."},
        {"kind": "report_due", "title": "Group report", "starts_on": report_due_on,
         "description": "Submit the team's change-project report for assessment."},
        {"kind": "presentation_day", "title": "Group presentations", "starts_on": date(2027, 7, 14),
         "starts_at": "09:30", "ends_at": "16:00", "location": CENTRE,
         "description": "Each team presents its change project to the host partners and assessors."},
        {"kind": "closing_event", "title": "Celebrating the cohort", "starts_on": date(2027, 8, 26),
         "starts_at": "14:00", "ends_at": "18:00", "location": CENTRE,
         "description": "Celebrating the cohort's learning with the ICS Board and the host partners."},
    ]
    return events


def seed_timeline() -> None:
    team = db.session.scalar(select(Team).where(Team.name == "Team Meridian"))
    facilitator = db.session.scalar(select(User).where(User.email.startswith("facilitator@")))
    if team is None or facilitator is None:
        return
    cohort = db.session.get(Cohort, team.cohort_id)
    for values in _events(cohort.report_due_on or date(2027, 6, 30)):
        ops.add_event(cohort, facilitator, {k: (v.isoformat() if isinstance(v, date) else v)
                                            for k, v in values.items() if v is not None})
