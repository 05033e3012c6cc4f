"""Marking: an assessor's draft, version guard, ranges and finalising; independence between two
assessors; the facilitator's agreement (through the rubric arithmetic) and its release; the audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.extensions import db
from workspace.marking import marking_operations as marking_ops
from workspace.marking import moderation_operations as moderation_ops
from workspace.marking import queries
from workspace.marking.models import Marking, Moderation, Rubric, RubricCriterion
from workspace.models import AuditEvent

from . import factories


def make_rubric(cohort_id: int, *, ready: bool = True, report_weight: int = 60) -> dict[str, RubricCriterion]:
    """Report: Recommendations (weight 60, out of 20) and Evidence (40, out of 10); presentation:
    Delivery (100, out of 100). Not ready: Evidence weighs 30."""
    db.session.add(Rubric(cohort_id=cohort_id, bands=[{"name": "Distinction", "min": 70}, {"name": "Merit", "min": 60},
                                                      {"name": "Pass", "min": 50}, {"name": "Fail", "min": 0}],
                          report_weight=report_weight))
    made = {
        "recs": RubricCriterion(cohort_id=cohort_id, component="report", position=1, title="Recommendations",
                                weight=60, max_score=20, descriptors={}),
        "evidence": RubricCriterion(cohort_id=cohort_id, component="report", position=2, title="Evidence",
                                    weight=40 if ready else 30, max_score=10, descriptors={}),
        "delivery": RubricCriterion(cohort_id=cohort_id, component="presentation", position=1, title="Delivery",
                                    weight=100, max_score=100, descriptors={}),
    }
    db.session.add_all(made.values())
    db.session.commit()
    return made


@pytest.fixture
def marked(world):
    """The world's team submitted, with a second assessor and the rubric above."""
    second = factories.make_user("Bea Second", "bea@example.org")
    factories.add_member(world.team, second, "assessor")
    db.session.commit()
    criteria = make_rubric(world.team.cohort_id)
    world.submit()
    db.session.refresh(world.team)
    return world, second, criteria


def full(c, recs=15, evidence=8, delivery=70, words="Clear and well argued."):
    return {c["recs"].id: {"score": recs, "feedback": words}, c["evidence"].id: {"score": evidence, "feedback": words},
            c["delivery"].id: {"score": delivery, "feedback": words}}


def test_a_draft_saves_and_a_stale_version_is_refused(marked):
    world, _second, c = marked
    marking = marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": "12", "feedback": "Good"}},
                               "So far so good", version=0)
    assert marking.status == "draft" and marking.overall_feedback == "So far so good"
    version = marking.version
    marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": 13}}, version=version)
    with pytest.raises(marking_ops.Stale):
        marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": 14}}, version=version)
    scores = queries.scores_of([marking])[marking.id]
    assert scores[c["recs"].id].score == 13 and scores[c["recs"].id].feedback == "Good"
    saved = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "marking.saved")).all()
    assert len(saved) == 2
    assert saved[1].detail["changed"] == [{"criterion": "Recommendations", "field": "score", "from": 12, "to": 13}]


@pytest.mark.parametrize("score", ["21", "-1", "7.5", "twelve", 2.5, True])
def test_a_score_out_of_range_is_refused_naming_the_criterion(marked, score):
    world, _second, c = marked
    with pytest.raises(marking_ops.ValidationProblem) as refused:
        marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": score}})
    assert refused.value.fields == {
        f"score-{c['recs'].id}": "The score for 'Recommendations' must be a whole number from 0 to 20"}
    assert db.session.scalar(select(Marking)) is None


def test_a_criterion_of_another_cohort_is_refused(marked):
    world, _second, _c = marked
    other = make_rubric(factories.make_cohort("Elsewhere").id)
    with pytest.raises(marking_ops.ValidationProblem):
        marking_ops.save(world.team, world.assessor, {other["recs"].id: {"score": 3}})


def test_finalise_needs_every_criterion_and_then_nothing_changes(marked):
    world, _second, c = marked
    marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": 10}})
    with pytest.raises(marking_ops.ValidationProblem) as refused:
        marking_ops.finalise(world.team, world.assessor)
    assert "'Evidence', 'Delivery'" in refused.value.message
    marking_ops.save(world.team, world.assessor, full(c))
    marking = marking_ops.finalise(world.team, world.assessor)
    assert marking.status == "final" and marking.finalised_at is not None
    with pytest.raises(marking_ops.Refused) as closed:
        marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": 1}})
    assert "You finalised your marking on" in str(closed.value) and "can no longer be changed" in str(closed.value)
    with pytest.raises(marking_ops.Refused):
        marking_ops.finalise(world.team, world.assessor)
    assert queries.scores_of([marking])[marking.id][c["recs"].id].score == 15


def test_marking_before_submission_is_refused(world):
    make_rubric(world.team.cohort_id)
    with pytest.raises(marking_ops.Refused) as refused:
        marking_ops.save(world.team, world.assessor, {})
    assert str(refused.value) == queries.NOT_SUBMITTED


def test_marking_needs_a_ready_rubric(world):
    make_rubric(world.team.cohort_id, ready=False)
    world.submit()
    with pytest.raises(marking_ops.Refused) as refused:
        marking_ops.save(world.team, world.assessor, {})
    assert "rubric is not ready" in str(refused.value)


def test_independence_between_two_assessors(marked):
    world, second, c = marked
    sub = queries.standing_submission(world.team)
    marking_ops.save(world.team, world.assessor, full(c))
    marking_ops.save(world.team, second, full(c, 10, 5, 60))
    assert [m.assessor_id for m in queries.visible_markings(sub, world.assessor)] == [world.assessor.id]
    marking_ops.finalise(world.team, world.assessor)
    # finalised, but the other is still a draft: still only their own
    assert [m.assessor_id for m in queries.visible_markings(sub, world.assessor)] == [world.assessor.id]
    assert [m.assessor_id for m in queries.visible_markings(sub, second)] == [second.id]
    marking_ops.finalise(world.team, second)
    assert len(queries.visible_markings(sub, world.assessor)) == 2
    assert len(queries.visible_markings(sub, second)) == 2


def test_agreement_defaults_arithmetic_and_release(marked):
    world, second, c = marked
    marking_ops.save(world.team, world.assessor, full(c, 15, 8, 71))  # report 0.6*75+0.4*80 = 77; pres 71
    marking_ops.finalise(world.team, world.assessor)
    marking_ops.save(world.team, second, full(c, 13, 7, 64))  # report 0.6*65+0.4*70 = 67; pres 64
    with pytest.raises(marking_ops.Refused) as waiting:
        moderation_ops.agree(world.team, world.facilitator, {"report_mark": 70, "presentation_mark": 70, "note": "x"})
    assert "Bea Second is still marking" in str(waiting.value)
    marking_ops.finalise(world.team, second)
    sub = queries.standing_submission(world.team)
    markings = queries.markings_of(sub)
    views = queries.views_of(markings, queries.criteria_of(world.team.cohort_id), markings)
    assert [v.component_marks for v in views] == [{"report": 77, "presentation": 71}, {"report": 67, "presentation": 64}]
    assert queries.mean_marks(views) == {"report": 72, "presentation": 68}  # 67.5 rounds up to 68
    with pytest.raises(moderation_ops.ValidationProblem) as refused:
        moderation_ops.agree(world.team, world.facilitator, {"report_mark": "101", "presentation_mark": "", "note": ""})
    assert set(refused.value.fields) == {"report_mark", "presentation_mark", "note"}
    moderation = moderation_ops.agree(world.team, world.facilitator, {
        "report_mark": "72", "presentation_mark": "68", "note": "Agreed by discussion", "feedback": "Well done"})
    assert (moderation.overall_mark, moderation.band) == (70, "Distinction")  # 0.6*72 + 0.4*68 = 70.4
    assert queries.released_moderation(world.team) is None
    moderation_ops.release(world.team, world.facilitator)
    assert queries.released_moderation(world.team).id == moderation.id
    with pytest.raises(marking_ops.Refused):
        moderation_ops.agree(world.team, world.facilitator, {"report_mark": 1, "presentation_mark": 1, "note": "x"})
    with pytest.raises(marking_ops.Refused):
        moderation_ops.release(world.team, world.facilitator)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("marking.%"))).all()
    assert actions.count("marking.finalised") == 2
    assert actions.count("marking.agreed") == 1 and actions.count("marking.released") == 1


def test_agreement_needs_a_final_marking(marked):
    world, _second, _c = marked
    with pytest.raises(marking_ops.Refused) as refused:
        moderation_ops.agree(world.team, world.facilitator, {"report_mark": 1, "presentation_mark": 1, "note": "x"})
    assert "No assessor has finalised" in str(refused.value)
    assert db.session.scalar(select(Moderation)) is None
