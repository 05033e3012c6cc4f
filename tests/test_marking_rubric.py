"""The rubric's arithmetic (workspace/marking/rubric.py) and the default rubric."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from workspace.extensions import db
from workspace.marking import rubric as r
from workspace.marking.models import DEFAULT_BANDS, Rubric, RubricCriterion
from workspace.marking.rubric_defaults import DEFAULT_CRITERIA, criteria_of, ensure_rubric


@dataclass
class C:
    id: int
    component: str
    weight: int
    max_score: int = 100


BANDS = [dict(b) for b in DEFAULT_BANDS]


# --- rounding -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(139, 2), 70), (Fraction(6949, 100), 69), (Fraction(1, 2), 1), (Fraction(0), 0), (Fraction(201, 2), 101),
    (Fraction(99, 2), 50), (Fraction(5999, 100), 60),
])
def test_round_half_up(value, expected):
    assert r.round_half_up(value) == expected


def test_69_and_a_half_rounds_up_to_70_and_changes_the_band():
    # 50% weight scored 69/100, 50% weight scored 70/100 -> 34.5 + 35 = 69.5 -> 70
    criteria = [C(1, "report", 50), C(2, "report", 50)]
    exact = r.exact_component_mark(criteria, {1: 69, 2: 70})
    assert exact == Fraction(139, 2)
    mark = r.component_mark(criteria, {1: 69, 2: 70})
    assert mark == 70
    assert r.band_for(mark, BANDS) == "Distinction"
    assert r.band_for(69, BANDS) == "Merit"


def test_a_component_mark_just_below_a_half_rounds_down():
    criteria = [C(1, "report", 33), C(2, "report", 67)]
    # 33 * 1/3 + 67 * 2/3 = 11 + 44.666... = 55.666 -> 56; and 33*0/3 + 67*... check floor side
    assert r.component_mark([C(1, "report", 33, 3), C(2, "report", 67, 3)], {1: 1, 2: 2}) == 56
    assert r.component_mark(criteria, {1: 0, 2: 74}) == 50  # 67 * 0.74 = 49.58 -> 50
    assert r.component_mark(criteria, {1: 0, 2: 73}) == 49  # 48.91 -> 49


def test_component_mark_uses_each_criterions_max_score_and_weight():
    criteria = [C(1, "presentation", 20, 10), C(2, "presentation", 80, 5)]
    # 20 * 7/10 + 80 * 4/5 = 14 + 64 = 78
    assert r.component_mark(criteria, {1: 7, 2: 4}) == 78
    assert r.component_mark(criteria, {1: 10, 2: 5}) == 100
    assert r.component_mark(criteria, {1: 0, 2: 0}) == 0


def test_a_missing_score_means_no_component_mark():
    criteria = [C(1, "report", 60), C(2, "report", 40)]
    assert r.component_mark(criteria, {1: 80}) is None
    assert r.component_mark(criteria, {1: 80, 2: None}) is None
    assert r.component_mark([], {}) is None


def test_overall_mark_weights_the_components_and_rounds_half_up():
    assert r.overall_mark(70, 60, 50) == 65
    assert r.overall_mark(69, 70, 50) == 70  # 69.5 -> 70
    assert r.overall_mark(80, 40, 75) == 70
    assert r.overall_mark(80, 41, 30) == 53  # 24 + 28.7 = 52.7 -> 53
    assert r.overall_mark(100, 0, 0) == 0
    assert r.overall_mark(None, 60, 50) is None
    assert r.overall_mark(60, None, 50) is None


def test_marks_for_works_out_both_components_the_overall_and_the_band():
    criteria = [C(1, "report", 60), C(2, "report", 40), C(3, "presentation", 100, 10)]
    marks = r.marks_for(criteria, {1: 70, 2: 65, 3: 7}, 50, BANDS)
    assert marks == r.Marks(report=68, presentation=70, overall=69, band="Merit")
    assert r.marks_for(criteria, {1: 70, 2: 65, 3: 7}, 0, BANDS).band == "Distinction"
    partial = r.marks_for(criteria, {1: 70, 2: 65}, 50, BANDS)
    assert partial == r.Marks(report=68, presentation=None, overall=None, band=None)


@pytest.mark.parametrize(("mark", "band"), [
    (100, "Distinction"), (70, "Distinction"), (69, "Merit"), (60, "Merit"), (59, "Pass"), (50, "Pass"),
    (49, "Fail"), (0, "Fail"), (None, None),
])
def test_band_edges(mark, band):
    assert r.band_for(mark, BANDS) == band


def test_band_for_does_not_rely_on_the_order_given():
    assert r.band_for(65, list(reversed(BANDS))) == "Merit"


# --- readiness and validation ---------------------------------------------------------------

def test_readiness_names_the_component_and_its_total():
    criteria = [C(1, "report", 50), C(2, "report", 45), C(3, "presentation", 100)]
    problems = r.readiness(criteria)
    assert problems["report"] == ["The report's criteria weigh 95% in all: they must add up to 100%."]
    assert problems["presentation"] == []
    assert not r.is_ready(criteria)
    assert r.is_ready([*criteria[:1], C(2, "report", 50), criteria[2]])


def test_readiness_needs_criteria_in_each_component():
    problems = r.readiness([C(1, "report", 100)])
    assert problems["report"] == []
    assert problems["presentation"] == ["The presentation has no criteria: add at least one."]
    assert r.readiness([C(1, "report", 100), C(2, "presentation", 60), C(3, "presentation", 50)])["presentation"] == [
        "The presentation's criteria weigh 110% in all: they must add up to 100%."]


def test_band_problems():
    assert r.band_problems(BANDS) == []
    assert r.band_problems([{"name": "All", "min": 0}]) == []
    assert r.band_problems([]) == ["Give from 1 to 8 bands."]
    assert r.band_problems([{"name": f"B{i}", "min": 90 - i * 10} for i in range(9)]) == ["Give from 1 to 8 bands."]
    assert r.band_problems([{"name": "A", "min": 60}, {"name": "B", "min": 60}, {"name": "C", "min": 0}]) == [
        "List the bands highest first: each band's lowest mark must be below the one before."]
    assert r.band_problems([{"name": "A", "min": 60}, {"name": "B", "min": 10}]) == [
        "The last band must start at 0, so that every mark has a band."]
    assert "Enter a name for band 2." in r.band_problems([{"name": "A", "min": 60}, {"name": " ", "min": 0}])
    assert any("called" in p for p in r.band_problems([{"name": "A", "min": 60}, {"name": "a", "min": 0}]))
    assert r.band_problems([{"name": "A", "min": 101}, {"name": "B", "min": 0}]) == [
        "Band 1's lowest mark must be a whole number from 0 to 100."]
    assert r.band_problems([{"name": "A", "min": "50"}, {"name": "B", "min": 0}]) != []


def test_score_and_weight_problems():
    c = C(1, "report", 50, 10)
    assert r.score_problem(c, None) is None
    assert r.score_problem(c, 0) is None
    assert r.score_problem(c, 10) is None
    assert r.score_problem(c, 11) == "Enter a score from 0 to 10."
    assert r.score_problem(c, -1) == "Enter a score from 0 to 10."
    assert r.score_problem(c, 2.5) == "Enter the score as a whole number."
    assert r.score_problem(c, True) == "Enter the score as a whole number."
    assert r.weight_problem(101) and r.weight_problem(-1) and r.weight_problem("5")
    assert r.weight_problem(0) is None and r.weight_problem(100) is None
    assert r.max_score_problem(0) and r.max_score_problem(1001)
    assert r.max_score_problem(1) is None


# --- defaults ---------------------------------------------------------------------------------

def test_default_criteria_weigh_100_per_component_with_a_descriptor_per_band():
    for component in r.COMPONENTS:
        mine = [c for c in DEFAULT_CRITERIA if c.component == component]
        assert len(mine) >= 5
        assert sum(c.weight for c in mine) == 100
    for c in DEFAULT_CRITERIA:
        assert set(c.descriptors) == {b["name"] for b in DEFAULT_BANDS}
        assert all(len(text) > 20 for text in c.descriptors.values())
        assert c.guidance


def test_ensure_rubric_makes_the_default_once(world):
    cohort = world.team.cohort
    rubric = ensure_rubric(cohort)
    assert rubric.bands == [dict(b) for b in DEFAULT_BANDS]
    assert rubric.report_weight == 50
    again = ensure_rubric(cohort)
    assert again is rubric
    count = db.session.scalar(select(func.count()).select_from(RubricCriterion).where(RubricCriterion.cohort_id == cohort.id))
    assert count == len(DEFAULT_CRITERIA)
    criteria = criteria_of(cohort.id)
    assert [c.component for c in criteria][:1] == ["report"]
    assert r.is_ready(criteria)
    assert [c.position for c in criteria if c.component == "presentation"] == [1, 2, 3, 4, 5]


def test_ensure_rubric_twice_at_once_makes_one(app, world, tmp_path):
    cohort_id = world.team.cohort_id
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def first_visit():
        try:
            with app.app_context():
                from workspace.models import Cohort
                cohort = db.session.get(Cohort, cohort_id)
                barrier.wait(timeout=10)
                ensure_rubric(cohort)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=first_visit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not failures, failures
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Rubric).where(Rubric.cohort_id == cohort_id)) == 1
    count = db.session.scalar(select(func.count()).select_from(RubricCriterion).where(RubricCriterion.cohort_id == cohort_id))
    assert count == len(DEFAULT_CRITERIA)
