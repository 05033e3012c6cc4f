"""The default outline every cohort's teams start from, until a facilitator sets the cohort's
own (presentation_outline_slides). Eleven slides that follow the group presentation the
programme assesses: the challenge, scope (Start Anywhere), stakeholders, the current process,
what was tested, results, recommendations, systems-leadership learning, next steps, questions.

`figure_hint` names the export parts provider whose figures suit the slide: the figure picker
offers those first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    body: str
    notes: str
    seconds: int
    figure_hint: str | None = None


DEFAULT_OUTLINE: tuple[OutlineEntry, ...] = (
    OutlineEntry("{review_title}", "- {team_name}\n- Host partner: {host_partner}\n- {cohort_name}",
                 "Introduce the team and the host partner. Say in one sentence what the review set out to do.", 60),
    OutlineEntry("The challenge and the host partner",
                 "- Who the host partner is and whom it serves\n- The challenge they asked us to review\n- Why it matters now",
                 "Set out the problem in the host partner's own words, and why it matters to patients and staff.", 120),
    OutlineEntry("Scope: Start Anywhere",
                 "- **People**: who is involved and affected\n- **Purpose**: what we are here to change\n"
                 "- **Place**: where the work happens\n- **Priorities**: what matters most, and what is out of scope",
                 "Use the Start Anywhere canvas: people, purpose, place and priorities.", 120),
    OutlineEntry("Stakeholders", "- Key players and how we engaged them\n- Whose view changed, and how",
                 "Show the power/interest grid and pick two or three stakeholders to talk about.", 120, "stakeholders"),
    OutlineEntry("The current process", "- What happens now, step by step\n- Where the waits and rework are\n- Key metrics",
                 "Show the current-state process map and its key metrics (lead time, value-added share).", 150, "process_maps"),
    OutlineEntry("What we tested", "- Our aim\n- The change ideas we tested\n- The PDSA ramp: what we learned each cycle",
                 "Walk through the PDSA cycles in order: prediction, what happened, and the decision.", 120, "qi"),
    OutlineEntry("Results", "- What the measures show\n- Signals of improvement (or not)\n- Balancing measures",
                 "Show the run or SPC chart; say what kind of variation it shows, not just whether it went up.", 120, "qi"),
    OutlineEntry("Recommendations", "- What we recommend, to whom\n- What it costs and when\n- How success will be measured",
                 "Each recommendation with its owner at the host partner and how it meets the useful criteria.", 120),
    OutlineEntry("Systems-leadership learning", "- What we learned about leading across organisations\n- What we would do differently",
                 "Personal and team learning, linked to the framework's domains and behaviours.", 120),
    OutlineEntry("Next steps", "- What happens after the programme\n- Who carries the work on",
                 "Agree the handover with the host partner before the day.", 60),
    OutlineEntry("Questions", "- Thank you\n- Questions and discussion",
                 "Leave time for questions: the assessors will ask about the evidence behind the recommendations.", 60),
)
