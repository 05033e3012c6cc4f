"""The programme's report template: the sections a new team's report starts from.

Guidance is drawn from the programme brochure and the Systems Leadership Development
Framework (see shared/domain.md). Budgets add up to the default 5,000-word limit across the
sections that count.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultSection:
    key: str
    title: str
    guidance: str
    word_budget: int | None
    excluded_from_count: bool = False


DEFAULT_SECTIONS: tuple[DefaultSection, ...] = (
    DefaultSection(
        "executive-summary", "Executive summary",
        "One page for a busy board member: the host partner, the question you reviewed, what you "
        "found and the two or three recommendations that matter most. Write it last.",
        300, excluded_from_count=True,
    ),
    DefaultSection(
        "introduction", "Introduction and context",
        "Introduce the host partner and its place in the Integrated Care System: who it serves, "
        "its partners in the ICP, and why this strategic change review matters to the system now.",
        450,
    ),
    DefaultSection(
        "scope", "Scope — Start Anywhere",
        "Scope the review with the framework's four questions. People: who are the right people? "
        "Purpose: for what purpose? Place: in what place? Priorities: what is the priority to "
        "work on? Say what is out of scope and why.",
        400,
    ),
    DefaultSection(
        "approach", "Approach and methods",
        "How you worked: interviews, observation, data, process mapping, stakeholder analysis, "
        "QI methods. Explain why these methods suited the question, and their limits.",
        450,
    ),
    DefaultSection(
        "stakeholders", "Stakeholder analysis",
        "Who has power and interest in the change (manage closely, keep satisfied, keep informed, "
        "monitor), their current and desired attitude, the relationships between them, and how "
        "you engaged them. Include citizens and communities.",
        500,
    ),
    DefaultSection(
        "current-state", "Current state and process mapping findings",
        "The pathway as it is today: steps, hand-offs, waits and who does what. Show where time "
        "adds value and where it does not (lean), and the pain points staff and patients told you.",
        600,
    ),
    DefaultSection(
        "improvement", "Improvement work (QI, PDSA, measures)",
        "Your aim, driver diagram and change ideas; the PDSA cycles you ran (plan and prediction, "
        "do, study, act: adopt, adapt or abandon); and your outcome, process and balancing "
        "measures shown as run charts.",
        600,
    ),
    DefaultSection(
        "findings", "Findings",
        "What you learned, supported by evidence from the sections above. Separate what you saw "
        "from what you infer.",
        600,
    ),
    DefaultSection(
        "recommendations", "Recommendations",
        "Each recommendation with its measures of success and expected impact, checked against "
        "the useful criteria: brings the long-term plan nearer; aligned to the workforce "
        "strategy; multi-organisational or multi-agency; develops leadership, organisations or "
        "systems; affordable or funded.",
        600,
    ),
    DefaultSection(
        "reflections", "Reflections on systems leadership",
        "Reflect as a team on the system leadership behaviours (Being; Relating and "
        "communicating; Delivering; Leading and visioning) and the four framework domains: "
        "what you did, what you learned, what you would do differently.",
        500,
    ),
    DefaultSection(
        "conclusion", "Conclusion",
        "Draw the review together: the question, the answer, and what should happen next.",
        300,
    ),
    DefaultSection(
        "references", "References",
        "Sources cited in the report, in one consistent style.",
        None, excluded_from_count=True,
    ),
    DefaultSection(
        "appendices", "Appendices",
        "Supporting material: full process maps, data tables, interview schedules.",
        None, excluded_from_count=True,
    ),
)
