"""Demo content for the framework: the cohort's copy of the framework, and Team Harbour's and Team
Meridian's work tagged with it the way the teams would have tagged it.

Harbour's tags cover Individual Effectiveness, Relationships and Connectivity and Innovation and
Improvement, and leave Learning and Capacity Building empty, so Harbour's coverage shows its gap
("no work tagged Learning and Capacity Building yet"). Meridian, further on, covers all four.

Items are found as a person of the team sees them, through comment_targets (visible_ids and the
targets' titles), never through the other features' tables; runs before Meridian submits (its
tags are part of what it submits).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import comment_targets
from ..extensions import db
from ..models import Membership, Role, Team
from . import tags as tag_ops
from .setup import ensure_framework, framework_of

# (target type, words in the item's title, tags: "domain:<key>" or a behaviour's exact name)
HARBOUR = [
    ("action", "trusted assessor rota", ["domain:relationships", "Create the environment for inclusive collaboration",
                                         "Collaboration & co-creation"]),
    ("action", "Friday look-ahead", ["domain:innovation", "Efficiency in design and solutions"]),
    ("action", "Share the adopted trusted assessor", ["domain:innovation", "Adapting and adopting"]),
    ("action", "Book pharmacy", ["domain:relationships", "Developing strong / honest relationships"]),
    ("action", "reablement service's capacity", ["domain:relationships", "Align organisations and systems"]),
    ("action", "Brief the discharge lead", ["domain:relationships", "Leading without and beyond authority",
                                            "System influence"]),
    ("action", "checklist question", ["domain:innovation", "Quality Improvement"]),
    ("action", "readmissions measure", ["domain:innovation", "Evaluation and review"]),
    ("action", "action learning set", ["domain:individual", "Aware of own visionary and participative styles and "
                                                            "being able to lead beyond / without authority", "Mindset"]),
    ("pdsa", "one board round", ["domain:innovation", "Understanding of human factors and improvement cycles"]),
    ("pdsa", "every weekday", ["domain:innovation", "Quality Improvement"]),
    ("pdsa", "wards 7 and 9", ["domain:innovation", "Adapting and adopting", "Delivery"]),
    ("pdsa", "Bridging reablement", ["domain:innovation", "domain:relationships",
                                     "Applying ‘thinking differently’ approaches and embracing new ideas/ways of working",
                                     "Doing things differently"]),
    ("stakeholder", "James Whitaker", ["domain:relationships", "Trust"]),
    ("stakeholder", "Ward managers", ["domain:relationships", "Developing strong / honest relationships"]),
    ("stakeholder", "Integrated discharge team", ["domain:relationships", "Align organisations and systems"]),
    ("stakeholder", "Patients and carers", ["domain:relationships", "Working with diverse groups of citizens and "
                                                                    "communities"]),
    ("stakeholder", "Eastfield Carers Together", ["domain:relationships", "Community engagement"]),
    ("section", "Current state", ["domain:innovation", "Process mapping", "Lean thinking"]),
    ("section", "Improvement work", ["domain:innovation", "Quality Improvement"]),
    ("section", "Stakeholder analysis", ["domain:relationships"]),
    ("section", "Scope", ["domain:individual", "Focusing on patient, quality, safety performance and finance "
                                               "simultaneously"]),
]
MERIDIAN = [
    ("action", "terms of reference", ["domain:relationships", "Developing shared outcomes"]),
    ("action", "single referral template", ["domain:innovation", "Efficiency in design and solutions"]),
    ("action", "Write up the huddle test", ["domain:learning", "Share, disseminate and champion learning and insights "
                                                               "across wider system"]),
    ("pdsa", "huddle", ["domain:innovation", "Quality Improvement", "Collaboration & co-creation"]),
    ("stakeholder", "Dr Ravi Patel", ["domain:relationships", "Trust"]),
    ("stakeholder", "Practice frailty leads", ["domain:learning", "Building inclusive leadership capability at "
                                                                  "organisation and system level"]),
    ("stakeholder", "Care coordinators", ["domain:relationships", "Community engagement"]),
    ("section", "Findings", ["domain:learning", "Investment in discovery, learning and sharing"]),
    ("section", "Reflections on systems leadership", ["domain:individual", "Patience, persistence and resilience",
                                                       "Resilience, bravery & courage"]),
]


def _refs(framework) -> dict[str, str]:
    """"domain:<key>" and each behaviour's name -> the ref a tag takes."""
    refs = {f"domain:{d.key}": f"domain:{d.id}" for d in framework.domains}
    for domain in framework.domains:
        refs.update((b.name, f"behaviour:{b.id}") for b in domain.behaviours)
    for items in framework.themes.values():
        refs.update((b.name, f"behaviour:{b.id}") for b in items)
    return refs


def _titles(team: Team, target_type: str, viewer) -> dict[str, int]:
    target = comment_targets.get(target_type)
    if target is None:
        return {}
    ids = list(db.session.scalars(target.visible_ids(team, viewer)))
    return {t.title: i for (_, i), t in comment_targets.load_each(team, [(target_type, i) for i in ids], viewer).items()}


def _tag_team(team: Team, rows) -> int:
    member = db.session.scalar(select(Membership).where(Membership.team_id == team.id, Membership.role == Role.MEMBER)
                               .order_by(Membership.id))
    if member is None:
        return 0
    actor = member.user
    refs = _refs(framework_of(team.cohort_id))
    titles = {kind: _titles(team, kind, actor) for kind in {row[0] for row in rows}}
    made = 0
    for target_type, words, wanted in rows:
        target_id = next((i for title, i in titles[target_type].items() if words.lower() in title.lower()), None)
        if target_id is None:
            continue  # that feature's demo has no such item (any more): nothing to tag
        for name in wanted:
            tag_ops.add_tag(team, target_type, target_id, refs[name], actor)
            made += 1
    return made


def seed_framework() -> None:
    with current_app.test_request_context():  # the targets' titles come with their links (url_for)
        for team_name, rows in (("Team Harbour", HARBOUR), ("Team Meridian", MERIDIAN)):
            team = db.session.scalar(Team.live().where(Team.name == team_name))
            if team is None:
                continue
            ensure_framework(team.cohort)
            _tag_team(team, rows)
