"""Demo content for marking: Team Meridian (submitted) is marked by Dr Samuel Reid and
Dr Leah Goldberg, both final with realistic feedback; the facilitator has agreed the marks
with a note and released them, so Meridian's members read their feedback (page and Word)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Team, User
from . import marking_operations as marking_ops
from . import moderation_operations as moderation_ops
from . import queries
from .rubric_defaults import ensure_rubric

#: criterion title -> (Samuel's score, his feedback, Leah's score, her feedback); scores out of 100
MARKS = {
    "Understanding of the host's challenge and context": (
        72, "A clear account of frailty care across the five practices, grounded in the PCN's own data on "
            "unplanned admissions. The link to the ICS's ageing-well priorities could be sharper.",
        68, "You describe the fragmentation between practices well; say more about why earlier attempts to "
            "join up the frailty registers stalled."),
    "Stakeholder analysis and engagement": (
        75, "The stakeholder map is used, not just drawn: the engagement plan for the care-home managers "
            "follows directly from it.",
        70, "Good range of voices. Patients and carers appear late: the carers' forum could have shaped the "
            "scope from the start."),
    "Use of process mapping and quality improvement methods": (
        66, "The referral map pinpoints the hand-off delays. The driver diagram is sound but two change ideas "
            "are not tested.",
        64, "Process map is clear; the PDSA ramp would be stronger with the second cycle's results written up."),
    "Evidence and measurement": (
        62, "Run charts are used appropriately, but the baseline period is short for the claims made about "
            "sustained change.",
        60, "The measures are the right ones; be careful not to read a shift into six data points."),
    "Recommendations": (
        70, "Specific and owned: the shared frailty huddle and single register are both actionable by the PCN.",
        72, "Practical recommendations with named owners. Add the likely cost of the huddle's GP time."),
    "Reflection on systems leadership": (
        68, "Honest reflection on leading without authority across practices, linked to the framework's "
            "domains.",
        66, "Thoughtful, particularly on 'Place'. Show more of how your own practice changed as a result."),
    "Structure and clarity": (
        74, "A well-paced story from challenge to ask; the opening patient story set the scene.",
        72, "Clear structure. The results slide was crowded."),
    "Use of evidence and figures": (
        65, "Figures legible and explained; the process map needed a moment longer on screen.",
        63, "The run chart carried the argument; the stakeholder grid was hard to read from the back."),
    "Recommendations and their case": (
        70, "A persuasive case; the host partner's questions showed they are ready to act.",
        71, "Convincing, especially the single register. Quantify the benefit where you can."),
    "Team delivery and timing": (
        76, "Every member presented; handovers were smooth and the talk finished on time.",
        74, "Confident, shared delivery, just inside the slot."),
    "Response to questions": (
        69, "Candid answers; you acknowledged what the data cannot yet show.",
        67, "Good answers on the pilot; the answer on sustainability was less sure."),
}
OVERALL = (
    "A well-argued review with practical recommendations the PCN can take forward. The team used the "
    "programme's tools purposefully; the measurement needs a longer baseline before claiming sustained change.",
    "A strong piece of work that shows real engagement across the practices. Strengthen the evidence for "
    "impact and the cost of the proposals, and the case will be compelling.",
)
AGREEMENT_NOTE = ("Both assessors within 4 marks on every component; agreed at the mean after a short call on "
                  "the evidence criterion.")
AGREED_FEEDBACK = (
    "Congratulations: a clear, well-evidenced review with recommendations that Northgate PCN can act on.\n\n"
    "**Strengths:** the stakeholder engagement, the referral process map and a confident, shared presentation.\n\n"
    "**To develop:** a longer baseline for your measures before claiming sustained change, and the likely costs "
    "of the shared frailty huddle."
)


def _person(local: str) -> User | None:
    return db.session.scalar(select(User).where(User.email.startswith(f"{local}@")))


def seed_marking() -> None:
    team = db.session.scalar(select(Team).where(Team.name == "Team Meridian"))
    samuel, leah, facilitator = _person("samuel.reid"), _person("leah.goldberg"), _person("facilitator")
    if team is None or samuel is None or leah is None or facilitator is None:
        return
    if queries.standing_submission(team) is None:
        return
    ensure_rubric(team.cohort)
    criteria = {c.title: c for c in queries.criteria_of(team.cohort_id)}
    for which, assessor in enumerate((samuel, leah)):
        entries = {}
        for title, marks in MARKS.items():
            criterion = criteria.get(title)
            if criterion is not None:
                score = round(marks[2 * which] * criterion.max_score / 100)
                entries[criterion.id] = {"score": score, "feedback": marks[2 * which + 1]}
        # any criterion the defaults gained since: a middling score, so the marking can be final
        for criterion in criteria.values():
            entries.setdefault(criterion.id, {"score": criterion.max_score * 65 // 100, "feedback": ""})
        marking_ops.save(team, assessor, entries, OVERALL[which])
        marking_ops.finalise(team, assessor)
    submission = queries.standing_submission(team)
    markings = queries.markings_of(submission)
    means = queries.mean_marks(queries.views_of(markings, queries.criteria_of(team.cohort_id), markings))
    moderation_ops.agree(team, facilitator, {"report_mark": means["report"], "presentation_mark": means["presentation"],
                                             "note": AGREEMENT_NOTE, "feedback": AGREED_FEEDBACK})
    moderation_ops.release(team, facilitator)
