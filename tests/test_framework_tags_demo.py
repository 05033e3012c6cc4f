"""The demo's framework: the cohort's copy, and Harbour's and Meridian's work tagged across the
domains, Harbour leaving Learning and Capacity Building empty (its coverage gap)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from workspace.extensions import db
from workspace.framework.models import FrameworkBehaviour, FrameworkDomain, Tag
from workspace.models import Team


@pytest.fixture
def seeded(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return {name: db.session.scalar(select(Team).where(Team.name == name)) for name in ("Team Harbour", "Team Meridian")}


def _domains_covered(team: Team) -> Counter:
    """Tags per domain key: a domain's own tags and its behaviours' tags."""
    found: Counter = Counter()
    for tag in db.session.scalars(select(Tag).where(Tag.team_id == team.id)):
        domain_id = tag.domain_id
        if domain_id is None:
            domain_id = db.session.get(FrameworkBehaviour, tag.behaviour_id).domain_id
        if domain_id is not None:
            found[db.session.get(FrameworkDomain, domain_id).key] += 1
    return found


def test_the_demo_tags_the_teams_work(seeded):
    harbour, meridian = seeded["Team Harbour"], seeded["Team Meridian"]
    harbour_types = Counter(db.session.scalars(select(Tag.target_type).where(Tag.team_id == harbour.id)))
    # fw-data's own tags; the reflections' and recommendations' demos (fw-reflect, fw-coverage) add theirs
    assert {"action", "pdsa", "stakeholder", "section"} <= set(harbour_types)
    assert set(harbour_types) <= {"action", "pdsa", "stakeholder", "section", "reflection", "recommendation"}
    assert sum(harbour_types.values()) >= 40
    covered = _domains_covered(harbour)
    assert covered["individual"] and covered["relationships"] and covered["innovation"]
    assert covered["learning"] == 0  # the gap the coverage prompt names
    assert set(_domains_covered(meridian)) == {"individual", "relationships", "innovation", "learning"}
    # theme behaviours are tagged too (they belong to no domain)
    assert db.session.scalar(select(Tag.id).join(FrameworkBehaviour, FrameworkBehaviour.id == Tag.behaviour_id)
                             .where(Tag.team_id == harbour.id, FrameworkBehaviour.theme.is_not(None)).limit(1))
    # every tag is of the team's own cohort's framework
    for tag in db.session.scalars(select(Tag)):
        team = db.session.get(Team, tag.team_id)
        owner = db.session.get(FrameworkDomain, tag.domain_id) if tag.domain_id else \
            db.session.get(FrameworkBehaviour, tag.behaviour_id)
        assert owner.cohort_id == team.cohort_id
