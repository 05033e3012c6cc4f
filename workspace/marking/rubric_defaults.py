"""The programme's default rubric, and `ensure_rubric(cohort)` which gives a cohort its rubric
(these criteria and `models.DEFAULT_BANDS`) the first time anything needs it.

The descriptors are keyed by the default band names; a facilitator who renames bands edits
the descriptors with them (the pages show a descriptor field per current band).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Cohort, utcnow
from .models import DEFAULT_BANDS, Rubric, RubricCriterion

DEFAULT_REPORT_WEIGHT = 50


@dataclass(frozen=True)
class DefaultCriterion:
    component: str
    title: str
    guidance: str
    weight: int
    descriptors: dict[str, str]
    max_score: int = 100


def _d(distinction: str, merit: str, passed: str, fail: str) -> dict[str, str]:
    return {"Distinction": distinction, "Merit": merit, "Pass": passed, "Fail": fail}


DEFAULT_CRITERIA: tuple[DefaultCriterion, ...] = (
    DefaultCriterion(
        "report", "Understanding of the host's challenge and context",
        "How well the report frames the host partner's challenge: the system it sits in, who it "
        "affects, what has been tried before and why it matters now.", 15,
        _d("A precise, well-evidenced account of the challenge in its system context, with its causes, "
           "constraints and history; the team's framing adds insight the host did not have.",
           "A clear account of the challenge and its context, supported by evidence, with most causes "
           "and constraints identified.",
           "The challenge is described accurately, but the context is thin or taken at face value.",
           "The challenge is misunderstood, or described without its context or any evidence."),
    ),
    DefaultCriterion(
        "report", "Stakeholder analysis and engagement",
        "Who holds power and interest, whose voices were heard (including patients, carers and "
        "staff) and how the team engaged them.", 15,
        _d("A thorough stakeholder map used to plan engagement; diverse voices, including those "
           "seldom heard, shape the findings; tensions are named and handled.",
           "A sound stakeholder analysis with engagement of the main groups, and their views "
           "reflected in the findings.",
           "Key stakeholders are identified and some were engaged, but their influence on the work is "
           "limited or unclear.",
           "Stakeholders are missing or only listed; little or no engagement is shown."),
    ),
    DefaultCriterion(
        "report", "Use of process mapping and quality improvement methods",
        "Process maps of the current pathway, pain points, driver diagram, change ideas and PDSA "
        "cycles, used appropriately and explained.", 20,
        _d("Methods are chosen for good reasons and applied skilfully; the process map and driver "
           "diagram reveal the real system and lead directly to tested changes.",
           "Methods are applied correctly and mostly linked to the changes tested.",
           "Some methods are used, with gaps in how they are applied or linked to the work.",
           "Methods are absent, misapplied or disconnected from the rest of the report."),
    ),
    DefaultCriterion(
        "report", "Evidence and measurement",
        "Data and evidence gathered, measures (outcome, process, balancing) and how they are "
        "analysed and displayed over time.", 15,
        _d("Well-chosen measures, analysed over time with appropriate charts; evidence is weighed "
           "critically and its limits acknowledged.",
           "Relevant measures and evidence, analysed sensibly, with minor gaps.",
           "Some data is presented, but measures are incomplete or the analysis is descriptive only.",
           "Little or no data; claims are unsupported."),
    ),
    DefaultCriterion(
        "report", "Recommendations",
        "Whether the recommendations are useful to the host: specific, feasible, evidenced, owned, "
        "and with next steps.", 20,
        _d("Specific, feasible and evidenced recommendations the host can act on, with owners, "
           "resources, risks and how success will be measured.",
           "Clear recommendations that follow from the findings and are mostly actionable.",
           "Recommendations are reasonable but general, or only loosely tied to the findings.",
           "Recommendations are missing, impractical or do not follow from the work."),
    ),
    DefaultCriterion(
        "report", "Reflection on systems leadership",
        "The team's learning about leading across organisational boundaries, related to the "
        "leadership framework's domains.", 15,
        _d("Honest, critical reflection linked to the framework's domains, showing how the team's "
           "leadership changed and what each member will do differently.",
           "Thoughtful reflection that draws on the framework, with specific examples.",
           "Some reflection, mostly descriptive, with limited use of the framework.",
           "Little or no reflection on leadership."),
    ),
    DefaultCriterion(
        "presentation", "Structure and clarity",
        "A clear story from challenge to recommendations, within the time, that a board could follow.", 20,
        _d("A compelling, well-paced story; every slide earns its place and the message is unmistakable.",
           "A clear, logical structure with a clear message.",
           "Mostly clear, with some slides that are crowded, out of order or unclear.",
           "Hard to follow; no clear message."),
    ),
    DefaultCriterion(
        "presentation", "Use of evidence and figures",
        "Charts, maps and data shown legibly and explained; claims backed by evidence.", 25,
        _d("Figures are well chosen, legible and explained, and carry the argument.",
           "Relevant figures, mostly legible and explained.",
           "Some evidence is shown, but figures are hard to read or not explained.",
           "Little or no evidence, or figures that mislead."),
    ),
    DefaultCriterion(
        "presentation", "Recommendations and their case",
        "How persuasively the team makes the case for its recommendations to the host.", 25,
        _d("A persuasive, evidenced case the host is ready to act on, with costs, risks and benefits.",
           "A clear case for the recommendations with supporting evidence.",
           "Recommendations are stated, but the case for them is thin.",
           "Recommendations are unclear or unsupported."),
    ),
    DefaultCriterion(
        "presentation", "Team delivery and timing",
        "Every member contributes; delivery is confident; the talk keeps to its slot.", 15,
        _d("Confident, shared delivery with smooth handovers, on time.",
           "Good delivery by the whole team, within or close to the time.",
           "Uneven delivery or noticeably over or under time.",
           "Delivery by one or two members only, or far over time."),
    ),
    DefaultCriterion(
        "presentation", "Response to questions",
        "How the team answers the panel's questions: listening, accuracy, candour.", 15,
        _d("Listens well and answers precisely and candidly, drawing on the evidence.",
           "Answers most questions well.",
           "Answers some questions, with gaps or evasions.",
           "Cannot answer questions on its own work."),
    ),
)


def default_criteria_rows(cohort_id: int) -> list[RubricCriterion]:
    """New (unsaved) rows of the default criteria for one cohort, positions 1.. per component."""
    rows: list[RubricCriterion] = []
    positions = {"report": 0, "presentation": 0}
    for entry in DEFAULT_CRITERIA:
        positions[entry.component] += 1
        rows.append(RubricCriterion(
            cohort_id=cohort_id, component=entry.component, position=positions[entry.component],
            title=entry.title, guidance=entry.guidance, weight=entry.weight, max_score=entry.max_score,
            descriptors=dict(entry.descriptors)))
    return rows


def ensure_rubric(cohort: Cohort) -> Rubric:
    """The cohort's rubric, made with the default bands and criteria the first time it is needed.

    It commits when it makes the rubric, so call it before changing anything else in the
    request (as `presentation.layout.ensure_deck` does). Two first calls at once make one
    rubric: the `rubrics` row's primary key (the cohort id) lets one of them in, and the other
    reads what the first made."""
    rubric = db.session.get(Rubric, cohort.id)
    if rubric is not None:
        return rubric
    rubric = Rubric(cohort_id=cohort.id, bands=[dict(b) for b in DEFAULT_BANDS],
                    report_weight=DEFAULT_REPORT_WEIGHT, updated_at=utcnow())
    db.session.add(rubric)
    try:
        db.session.flush()
        db.session.add_all(default_criteria_rows(cohort.id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        rubric = db.session.scalar(select(Rubric).where(Rubric.cohort_id == cohort.id))
        if rubric is None:  # pragma: no cover - the other request's row must exist by now
            raise
    return rubric


def criteria_of(cohort_id: int) -> list[RubricCriterion]:
    """The cohort's criteria, report first, each component in its order (one statement)."""
    component_order = {"report": 0, "presentation": 1}
    rows = list(db.session.scalars(select(RubricCriterion).where(RubricCriterion.cohort_id == cohort_id)))
    return sorted(rows, key=lambda c: (component_order.get(c.component, 2), c.position, c.id))
