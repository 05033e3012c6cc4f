"""The Systems Leadership Development Framework as data: what every cohort's copy starts from
(setup.ensure_framework copies it into the cohort's tables the first time the cohort needs it;
facilitators edit their cohort's copy from then on, never this).

Faithful to the framework (shared/seeds/001, the framework's tables and its menu of
interventions) and to the NHS Leadership Academy's system-leadership behaviours (the brochure,
shared/seeds/000). Each domain's table has two columns, "Leadership role" and "Behaviours
demonstrated", read row by row: ROWS pairs them as the table sets them side by side. Where a cell
lists several items ("Efficiency in design and solutions / Process mapping / Lean thinking") each
is its own entry, so work can be tagged with "Process mapping" alone.

Core data only: no imports of the app.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLE = "Leadership role"
BEHAVIOUR = "Behaviour demonstrated"


@dataclass(frozen=True)
class Domain:
    key: str  # one of workspace.domains.DOMAINS; never changes
    name: str  # the framework's exact name
    description: str  # one line, after the framework's own description
    roles: tuple[str, ...]  # the "Leadership role" column, in order
    behaviours: tuple[str, ...]  # the "Behaviours demonstrated" column, in order
    interventions: tuple[str, ...]  # the programme's menu of interventions for this domain

    def entries(self) -> list[tuple[str, str]]:
        """(name, kind): the roles, then the behaviours, each column in the table's order."""
        out: list[tuple[str, str]] = [(name, ROLE) for name in self.roles]
        out += [(name, BEHAVIOUR) for name in self.behaviours]
        return out


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "individual", "Individual Effectiveness",
        "The effectiveness and resilience of the individual and their role in the organisation and the system: "
        "new behaviours and ways of working that promote a collaborative approach.",
        roles=(
            "Setting up multi-agency, multi-disciplinary teams while developing inclusive environments and systems",
            "Focusing on patient, quality, safety performance and finance simultaneously",
            "Enabler role, holding people to account for the work",
            "Managing diverse multi-disciplinary teams",
            "Ability to empower teams with devolved decision making (this includes inter and intra virtual teams)",
            "Champions inclusivity and diversity of thinking",
            "Entrepreneurialism and working collaboratively",
        ),
        behaviours=(
            "Capability to manage organisational and professional boundaries across the system while maintaining "
            "an inclusive approach",
            "Understanding principles of Organisational Development and how to apply them",
            "Patience, persistence and resilience",
            "Ability to operate comfortably and skilfully in complex/uncertain environment",
            "Aware of own visionary and participative styles and being able to lead beyond / without authority",
            "Persuasion and influence, promotion of diversity as a key advantage",
            "Has a spirit of volunteering and collegiate approach to work",
        ),
        interventions=(
            "Leadership Development Programmes",
            "Coaching and Mentoring",
            "Developing Inclusive Mindsets and Behaviours",
            "Skills Development Workshops",
            "Shadowing, Buddying, Exposure to Different Roles and Environments",
            "Individual Diagnostics",
        ),
    ),
    Domain(
        "relationships", "Relationships and Connectivity",
        "Creating the right kind of relationships with communities and partners: people coming together for a "
        "purpose; place based, system/service or pathway led.",
        roles=(
            "Create shared vision",
            "Develop diverse relationships",
            "Align organisations and systems",
            "Create the environment for inclusive collaboration",
            "Developing shared outcomes",
            "Managing risk and compromise",
            "Energising the social networks/capital – connect people to the change",
            "Community engagement",
            "Using citizen insight to drive innovation",
            "Educating and empowering patients, carers, service users, citizens",
        ),
        behaviours=(
            "Leading without and beyond authority",
            "Concede organisational goals for benefit of the system",
            "Developing strong / honest relationships",
            "Managing diversity, conflict and uncertainty",
            "Communicating to a wider population",
            "Ability to sustain inter and intra-organisational and interpersonal networks – virtual and face-to-face",
            "Bringing people together to create new cultures, agree values and behaviours, understanding and valuing "
            "others, working with ambiguity, empowering others, adopting a coaching style",
            "Promoting diversity and inclusive cultures",
            "Horizon scanning for new ideas and ways of working",
            "Working with diverse groups of citizens and communities",
        ),
        interventions=(
            "Facilitated Group Conversations",
            "Action Learning Sets",
            "Team and Group Coaching",
            "Holding Courageous Conversations",
            "Conferences and Masterclasses",
            "Team and Group Diagnostics",
            "Supporting Network Development",
        ),
    ),
    Domain(
        "innovation", "Innovation and Improvement",
        "New ways of thinking, experimentation and discovery, and the application of improvement methodologies: "
        "testing and learning, spreading and adopting better ways of doing things.",
        roles=(
            "Drive for efficiency, effectiveness and impact",
            "Quality Improvement",
            "Generation of ideas from a diverse base",
            "Evaluation and review",
            "Encouraging creativity and diversity of thought",
            "Adapting and adopting",
            "Generating innovative ideas from diverse sources and experimenting with new approaches",
        ),
        behaviours=(
            "Efficiency in design and solutions",
            "Process mapping",
            "Lean thinking",
            "Understanding of human factors and improvement cycles",
            "Understanding and implementing improvement and innovation science",
            "Focus on process of continual improvement",
            "Role modelling innovative ways of “thinking and being”",
            "Insatiable curiosity",
            "Applying ‘thinking differently’ approaches and embracing new ideas/ways of working",
        ),
        interventions=(
            "Leading Complex Change",
            "Designing and Leading Agile and Lean Services",
            "Quality Improvement Skills",
            "Innovation through Thinking Differently",
        ),
    ),
    Domain(
        "learning", "Learning and Capacity Building",
        "Creating a learning system and a culture of transparency and sharing, inclusive of all stakeholders "
        "including citizens and communities.",
        roles=(
            "Share, disseminate and champion learning and insights across wider system",
            "Investment in discovery, learning and sharing",
            "Building inclusive leadership capability at organisation and system level",
            "Exploring tacit knowledge/learning in action",
            "Self-awareness, discovery and development",
            "Developing talent at all levels",
        ),
        behaviours=(
            "Able to transfer ‘good practice’ – scale and adapt",
            "Understanding different environments, cultures, politics and drivers",
            "Courageous unlearning",
            "Understand what Systems Leadership is and the tools and techniques available",
            "Developing emotional intelligence and humility",
            "Adopting inclusive talent management approaches",
        ),
        interventions=(
            "Talent Development Approaches and Interventions",
            "Developing Diverse Community Engagement/Social Movements",
            "Systems Thinking and Collective Leadership",
            "Effective Knowledge Sharing",
        ),
    ),
)

#: the NHS Leadership Academy's system-leadership behaviours, by theme (models.THEMES' order)
THEME_BEHAVIOURS: dict[str, tuple[str, ...]] = {
    "Being": ("Authenticity", "Mindset", "Resilience, bravery & courage"),
    "Relating & Communicating": ("Relationships & advocacy", "Collaboration & co-creation", "Trust"),
    "Delivering": ("Ownership & accountability", "Delivery", "Doing things differently"),
    "Leading & Visioning": ("Community & holistic thinking", "Vision & shared direction", "System influence",
                            "Leading & enabling others"),
}
