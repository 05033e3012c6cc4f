"""The demo's coverage (helper fw-coverage): the teams' recommendations tagged with their
intervention's domain; Harbour's heatmap keeps its Learning and Capacity Building gap; Meridian's
frozen Word report carries the heatmap."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from workspace.extensions import db
from workspace.framework import coverage_queries as q
from workspace.framework.coverage import count
from workspace.framework.models import FrameworkDomain, FrameworkIntervention, Recommendation, Tag
from workspace.models import Team


def test_the_demo_tags_recommendations_and_harbour_keeps_its_gap(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    harbour = db.session.scalar(select(Team).where(Team.name == "Team Harbour"))
    tagged = db.session.execute(
        select(Tag.target_id, Tag.domain_id, FrameworkIntervention.domain_id)
        .join(Recommendation, Recommendation.id == Tag.target_id)
        .join(FrameworkIntervention, FrameworkIntervention.id == Recommendation.intervention_id)
        .where(Tag.team_id == harbour.id, Tag.target_type == "recommendation")).all()
    assert len(tagged) >= 3
    assert all(tag_domain == intervention_domain for _, tag_domain, intervention_domain in tagged)
    framework = q.framework_of(harbour)
    coverage = count(framework.domains, framework.behaviours, q.counted_tags(harbour, None, audience="team"))
    assert sum(row.counts["recommendation"] for row in coverage.domains) == len(tagged)
    assert [gap.name for gap in coverage.gaps] == ["Learning and Capacity Building"]
    learning = db.session.scalar(select(FrameworkDomain.id).where(FrameworkDomain.cohort_id == harbour.cohort_id,
                                                                  FrameworkDomain.key == "learning"))
    assert learning not in {domain for _, domain, _ in tagged}


def test_meridians_frozen_report_carries_the_heatmap(app):
    from workspace.assessment.models import Submission

    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    meridian = db.session.scalar(select(Team).where(Team.name == "Team Meridian"))
    docx = db.session.scalar(select(Submission.docx).where(Submission.team_id == meridian.id))
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert "Coverage of the Systems Leadership Development Framework" in xml
    assert "items of the team&apos;s work are tagged with the framework" in xml or \
        "items of the team's work are tagged with the framework" in xml
