"""Test data for the coverage tests (helper fw-coverage): a small framework for a cohort, items
of each kind and tags made directly, as the tag picker would."""

from __future__ import annotations

from datetime import UTC, date, datetime

from workspace.extensions import db
from workspace.framework.models import (
    FrameworkBehaviour,
    FrameworkDomain,
    FrameworkIntervention,
    Reflection,
    Tag,
)

DOMAINS = (("individual", "Individual Effectiveness", ["Coaching and mentoring"]),
           ("relationships", "Relationships and Connectivity", ["Action learning sets"]),
           ("innovation", "Innovation and Improvement", ["Leading complex change"]),
           ("learning", "Learning and Capacity Building", ["Talent development", "Effective knowledge sharing"]))


class Framework:
    def __init__(self, cohort):
        self.domains: dict[str, FrameworkDomain] = {}
        for position, (key, name, menu) in enumerate(DOMAINS):
            domain = FrameworkDomain(cohort_id=cohort.id, key=key, name=name, position=position)
            db.session.add(domain)
            db.session.flush()
            self.domains[key] = domain
            db.session.add_all(FrameworkIntervention(cohort_id=cohort.id, domain_id=domain.id, name=item, position=n)
                               for n, item in enumerate(menu))
        self.behaviours = {
            "Create shared vision": FrameworkBehaviour(cohort_id=cohort.id, domain_id=self.domains["individual"].id,
                                                       name="Create shared vision", position=0),
            "Process mapping": FrameworkBehaviour(cohort_id=cohort.id, domain_id=self.domains["innovation"].id,
                                                  name="Process mapping", position=1),
            "Trust": FrameworkBehaviour(cohort_id=cohort.id, theme="Relating & Communicating", name="Trust", position=2),
            "Authenticity": FrameworkBehaviour(cohort_id=cohort.id, theme="Being", name="Authenticity", position=3),
        }
        db.session.add_all(self.behaviours.values())
        db.session.flush()


def tag(team, target_type: str, target_id: int, *, domain=None, behaviour=None, by=None) -> Tag:
    made = Tag(team_id=team.id, target_type=target_type, target_id=target_id,
               domain_id=domain.id if domain is not None else None,
               behaviour_id=behaviour.id if behaviour is not None else None,
               created_by_id=by.id if by is not None else None)
    db.session.add(made)
    db.session.flush()
    return made


def reflection(team, author, title: str, *, shared: bool, body: str = "", on: date = date(2026, 10, 5)) -> Reflection:
    made = Reflection(team_id=team.id, author_id=author.id, written_on=on, title=title, body=body or f"About {title}.",
                      shared_at=datetime(2026, 10, 6, tzinfo=UTC) if shared else None)
    db.session.add(made)
    db.session.flush()
    return made


def action(team, owner, title: str):
    from workspace.qi.models import Action

    made = Action(team_id=team.id, title=title, owner_id=owner.id, status="open")
    db.session.add(made)
    db.session.flush()
    return made


def stakeholder(team, actor, name: str, *, confidential: bool = False):
    from workspace.stakeholders import operations as stakeholder_ops

    made = stakeholder_ops.create(team, actor, {"name": name, "category": "icb", "power": 3, "interest": 3,
                                                "confidential": confidential}).stakeholder
    return made


def section(team, key: str = "introduction"):
    from workspace.report import operations as report_ops

    report_ops.sections_for(team)
    return report_ops.get_section(team, key)
