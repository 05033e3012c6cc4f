"""The Making Data Count rules (workspace/qi/spc.py) on hand-worked series: every rule at its
boundary, ties on the centre line, equal neighbours in trends, two of three on one side and on
opposite sides, the priority order, rebasing, trial limits, assurance both ways, and the
degenerate series (none, one, two, constant). The arithmetic is written out beside each."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from workspace.qi import spc
from workspace.qi.facts import Marker, MeasureSeries, Point

START = date(2026, 1, 5)  # a Monday; the points are a week apart


def on(i: int) -> date:
    return START + timedelta(weeks=i)


def series(values, *, better="up", target=None, chart="auto", marked=(), rebase=(), unit="", markers=()):
    points = tuple(Point(on(i), float(v), "", i in marked, i in rebase) for i, v in enumerate(values))
    return MeasureSeries(1, "Discharges before noon", "outcome", unit, better, target, chart, points, tuple(markers))


def rules(analysis, rule=None):
    return [(s.rule, s.indexes) for s in analysis.signals if rule is None or s.rule == rule]


# --- choosing the chart ---------------------------------------------------------------------


def test_auto_draws_a_run_chart_below_ten_points_and_xmr_from_ten():
    assert spc.analyse(series([1, 2] * 4 + [1])).chart == "run"  # 9 points
    assert spc.analyse(series([1, 2] * 5)).chart == "xmr"  # 10 points


def test_the_teams_choice_and_the_pages_switch_override_auto():
    assert spc.analyse(series([1, 2] * 2, chart="xmr")).chart == "xmr"
    assert spc.analyse(series([1, 2] * 8, chart="run")).chart == "run"
    assert spc.analyse(series([1, 2] * 8, chart="run"), chart="xmr").chart == "xmr"
    assert spc.analyse(series([1, 2] * 8), chart="nonsense").chart == "xmr"  # unknown: the series decides


# --- run chart: shift (6 on one side of the median; points on it skipped) ---------------------


def test_run_chart_shift_of_six_points_above_the_median():
    # 2 x6, 8 x2, 9 x6: 14 points, sorted the 7th and 8th are 8 -> median 8. The 8s sit ON
    # the median (skipped); 9 x6 at indexes 5..10 is a run of six above -> a shift.
    values = [2, 8, 2, 8, 2, 9, 9, 9, 9, 9, 9, 2, 2, 2]
    analysis = spc.analyse(series(values, chart="run"))
    assert analysis.phases[0].centre == 8
    assert rules(analysis, "run_shift") == [("run_shift", (5, 6, 7, 8, 9, 10))]
    assert analysis.signals[0].direction == "up" and analysis.signals[0].judgement == "improvement"


def test_run_chart_five_points_above_the_median_is_no_shift():
    # 2 x6, 8 x2, 9 x5: 13 points, the 7th sorted is 8 -> median 8; only five 9s in a row.
    values = [2, 8, 2, 8, 2, 9, 9, 9, 9, 9, 2, 2, 2]
    assert rules(spc.analyse(series(values, chart="run")), "run_shift") == []


def test_a_point_on_the_median_neither_adds_to_nor_breaks_a_run_chart_shift():
    # 2 x6, 9 x6 and one 5: 13 points, the 7th sorted is 5 -> median 5. 9,9,9 then 5 (on the
    # median, skipped) then 9,9,9: six above, and the 5 is not one of them.
    values = [2, 2, 2, 9, 9, 9, 5, 9, 9, 9, 2, 2, 2]
    analysis = spc.analyse(series(values, chart="run"))
    assert analysis.phases[0].centre == 5
    assert rules(analysis, "run_shift") == [("run_shift", (3, 4, 5, 7, 8, 9))]


def test_run_chart_shift_below_the_median_is_a_concern_when_up_is_better():
    values = [9, 9, 9, 5, 2, 2, 2, 2, 2, 2, 9, 9, 9]  # median 5; six 2s below
    analysis = spc.analyse(series(values, chart="run"))
    shift = [s for s in analysis.signals if s.rule == "run_shift"]
    assert shift[0].indexes == (4, 5, 6, 7, 8, 9) and shift[0].judgement == "concern"
    down = spc.analyse(series(values, chart="run", better="down"))
    assert [s.judgement for s in down.signals if s.rule == "run_shift"] == ["improvement"]


# --- run chart: trend (5 rising or falling; equal neighbours count once) -----------------------


def test_run_chart_trend_of_five_rising():
    analysis = spc.analyse(series([3, 1, 2, 3, 4, 5, 2], chart="run"))  # 1,2,3,4,5 at indexes 1..5
    assert rules(analysis, "run_trend") == [("run_trend", (1, 2, 3, 4, 5))]
    assert analysis.signals[0].label == "5 points rising"


def test_run_chart_four_rising_is_no_trend():
    assert rules(spc.analyse(series([3, 1, 2, 3, 4, 2], chart="run")), "run_trend") == []


def test_run_chart_trend_counts_equal_neighbours_once():
    # 1, 2, 2, 3, 4, 5: the repeated 2 neither adds nor breaks -> five distinct rising steps of
    # values 1,2,3,4,5: a trend over indexes 1..6 (the tie listed with it).
    analysis = spc.analyse(series([6, 1, 2, 2, 3, 4, 5, 3, 6], chart="run"))
    assert rules(analysis, "run_trend") == [("run_trend", (1, 2, 3, 4, 5, 6))]
    assert [s.label for s in analysis.signals if s.rule == "run_trend"] == ["5 points rising"]  # the tie once
    # 1, 2, 2, 3, 4: counted once the 2s give only four -> no trend
    assert rules(spc.analyse(series([6, 1, 2, 2, 3, 4, 3, 6], chart="run")), "run_trend") == []


def test_run_chart_falling_trend():
    analysis = spc.analyse(series([1, 9, 8, 7, 6, 5, 8], chart="run", better="down"))
    trend = [s for s in analysis.signals if s.rule == "run_trend"]
    assert trend[0].indexes == (1, 2, 3, 4, 5) and trend[0].direction == "down"
    assert trend[0].judgement == "improvement"


# --- astronomical points ------------------------------------------------------------------------


def test_a_point_the_team_marks_is_astronomical_on_either_chart():
    values = [10, 11] * 6
    for chart in ("run", "xmr"):
        analysis = spc.analyse(series(values, chart=chart, marked={3}))
        assert rules(analysis, "astronomical") == [("astronomical", (3,))]


def test_a_run_chart_flags_a_point_beyond_the_xmr_limits_as_astronomical():
    # [10, 11] x6 then 30: mean 12.08, mean MR (11 x 1 + 19) / 12 = 2.5 -> upper 18.7: 30 is beyond.
    analysis = spc.analyse(series([10, 11] * 6 + [30], chart="run"))
    assert rules(analysis, "astronomical") == [("astronomical", (12,))]
    assert analysis.phases[0].upper is None  # the run chart draws no limits
    # with fewer than 10 points the limits are not computed: 10, 11, 10, 11, 30 flags nothing
    assert rules(spc.analyse(series([10, 11, 10, 11, 10, 11, 10, 11, 30], chart="run")), "astronomical") == []


# --- XmR: limits -----------------------------------------------------------------------------


def test_xmr_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    # 10, 12, 11, 13, 14: mean 12; moving ranges 2, 1, 2, 1 -> mean 1.5;
    # limits 12 ± 2.66 x 1.5 = 12 ± 3.99; close lines 12 ± 1.773 x 1.5 = 12 ± 2.6595
    phase = spc.analyse(series([10, 12, 11, 13, 14], chart="xmr")).phases[0]
    assert phase.centre == 12
    assert math.isclose(phase.upper, 15.99) and math.isclose(phase.lower, 8.01)
    assert math.isclose(phase.upper_close, 14.6595) and math.isclose(phase.lower_close, 9.3405)


def test_limits_are_trial_limits_below_twelve_points():
    assert spc.analyse(series([10, 11] * 5 + [10], chart="xmr")).phases[0].trial is True  # 11 points
    assert spc.analyse(series([10, 11] * 6, chart="xmr")).phases[0].trial is False  # 12 points


# --- XmR rule 1: beyond a limit ------------------------------------------------------------------


def test_a_point_beyond_the_upper_limit():
    # [10, 11] x8, 14, 11, 10, 11, 10, 11: mean 235/22 = 10.68; mean MR (15 x 1 + 3 + 3 + 1 x 3)/21
    # = 1.1905 -> upper 10.68 + 3.17 = 13.85: 14 is beyond.
    values = [10, 11] * 8 + [14, 11] + [10, 11, 10, 11]
    analysis = spc.analyse(series(values))
    assert rules(analysis) == [("beyond_limit", (16,))]
    assert analysis.signals[0].label == "a point above the upper limit"


def test_a_point_exactly_on_a_limit_is_not_beyond_it():
    values = [10, 11] * 6
    limits = spc.xmr_limits(values)
    # Put a point on the upper limit by hand and compare with the rule's own boundary test
    assert not spc._beyond_limits([limits.upper], limits, 0)
    assert spc._beyond_limits([limits.upper + 1e-9], limits, 0)


# --- XmR rule 2: trend of 7 ----------------------------------------------------------------------


def test_a_run_of_seven_rising_is_a_trend_and_six_is_not():
    # 1..7 at indexes 4..10 (six rises). mean 59/14 = 4.21, mean MR 17/13 = 1.31, limits
    # 0.73..7.69: nothing beyond; no three on one side with two close; no seven on a side.
    seven = [5, 4, 5, 4, 1, 2, 3, 4, 5, 6, 7, 4, 5, 4]
    assert rules(spc.analyse(series(seven))) == [("trend", (4, 5, 6, 7, 8, 9, 10))]
    six = [5, 4, 5, 4, 1, 2, 3, 4, 5, 6, 4, 5, 4]
    assert rules(spc.analyse(series(six)), "trend") == []


def test_a_tie_breaks_an_xmr_trend():
    # 1, 2, 3, 3, 4, 5, 6, 7: the repeated 3 breaks it into 3 and 5 points: no trend
    values = [5, 4, 5, 4, 1, 2, 3, 3, 4, 5, 6, 7, 4, 5, 4]
    assert rules(spc.analyse(series(values)), "trend") == []


# --- XmR rule 3: two of three close to a limit, same side ----------------------------------------


def test_two_of_three_close_to_the_upper_limit_flags_only_the_close_points():
    # [10, 11] x8, 14, 11, 14, 10, 11, 10: mean 238/22 = 10.82; mean MR (15 + 3 + 3 + 3 + 4 + 1 + 1) / 21
    # = 1.4286 -> close line 10.82 + 2.53 = 13.35, limit 14.62. 14, 11, 14 all above the mean;
    # the two 14s are close (between 13.35 and 14.62), 11 is not: flag 16 and 18 only.
    values = [10, 11] * 8 + [14, 11, 14] + [10, 11, 10]
    analysis = spc.analyse(series(values))
    assert rules(analysis) == [("two_of_three", (16, 18))]
    assert analysis.signals[0].label == "2 points close to the upper limit"


def test_three_of_three_close_flags_all_three():
    # [10, 11] x8, 13.6 x3, 10, 11, 10: mean 10.9, mean MR (15 + 2.6 + 0 + 0 + 3.6 + 1 + 1)/21 = 1.105;
    # close line 12.86, limit 13.84: all three 13.6s are close (one window, one signal)
    values = [10, 11] * 8 + [13.6, 13.6, 13.6] + [10, 11, 10]
    assert rules(spc.analyse(series(values))) == [("two_of_three", (16, 17, 18))]


def test_two_of_three_close_but_one_below_the_mean_is_no_signal():
    # as above with the middle point 10.6: mean 10.8, so 10.6 sits below it; not all three on one side
    values = [10, 11] * 8 + [14, 10.6, 14] + [10, 11, 10]
    assert rules(spc.analyse(series(values))) == []


def test_two_close_points_on_opposite_sides_are_no_signal():
    # 14 near the upper limit (close 12.95..14.15), 7.7 near the lower (6.91..8.12): split sides
    values = [10, 11] * 8 + [14, 11, 7.7] + [10, 11, 10]
    limits = spc.xmr_limits(values)
    assert limits.upper_close < 14 <= limits.upper and limits.lower <= 7.7 < limits.lower_close
    assert rules(spc.analyse(series(values))) == []


# --- XmR rule 4: shift of 7 on one side of the mean ------------------------------------------------


def test_seven_on_one_side_of_the_mean_is_a_shift_and_six_is_not():
    # 12,11 x... then 8,9...: mean (48 + 33 + 32 + 27)/14 = 10; mean MR (6 + 4 + 6)/13 = 1.23,
    # close line 12.18: the 12s are not close. Seven above (0..6), seven below (7..13).
    seven = [12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8]
    analysis = spc.analyse(series(seven))
    assert rules(analysis) == [("shift", (0, 1, 2, 3, 4, 5, 6)), ("shift", (7, 8, 9, 10, 11, 12, 13))]
    assert [s.judgement for s in analysis.signals] == ["improvement", "concern"]
    assert analysis.variation == "concern"  # the run below involves the latest point
    # six and six: mean 120/12 = 10, no run long enough
    assert rules(spc.analyse(series([12, 11, 12, 11, 12, 11, 8, 9, 8, 9, 8, 9]))) == []


def test_a_point_on_the_mean_breaks_an_xmr_shift():
    # both series have mean 160/16 = 10; the first has a 10 in each half, which breaks the runs
    broken = [12, 11, 12, 10, 11, 12, 11, 12, 8, 9, 8, 10, 9, 8, 9, 8]
    assert rules(spc.analyse(series(broken)), "shift") == []
    whole = [12, 11, 12, 11, 11, 12, 11, 12, 8, 9, 8, 9, 9, 8, 9, 8]
    assert [r[1] for r in rules(spc.analyse(series(whole)), "shift")] == [tuple(range(8)), tuple(range(8, 16))]


# --- priority and variation --------------------------------------------------------------------------


def test_signals_come_in_priority_order_and_the_latest_point_decides_the_variation():
    # a shift of 7 below (concern) then the last point far above the limit (improvement)
    values = [12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8, 30]
    analysis = spc.analyse(series(values))
    ranks = [spc.rank(s.rule) for s in analysis.signals]
    assert ranks == sorted(ranks)
    assert analysis.signals[0].rule == "beyond_limit" and analysis.signals[0].indexes == (14,)
    assert analysis.variation == "improvement"
    assert spc.point_rules(analysis)[14] == "beyond_limit"


def test_without_a_signal_on_the_latest_point_the_most_recent_signal_decides():
    # the shift below ends at 13; then two points back near the mean, with no signal
    values = [12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8, 10.5, 11]
    analysis = spc.analyse(series(values))
    assert analysis.signals[-1].indexes[-1] == 13
    assert analysis.variation == "concern"


def test_common_cause_when_nothing_signals():
    analysis = spc.analyse(series([10, 11] * 8))
    assert analysis.signals == () and analysis.variation == "common"
    assert analysis.summary.startswith("Common cause variation: the points vary around a mean of 10.5")


def test_variation_is_none_below_five_points_in_the_latest_phase():
    assert spc.analyse(series([1, 2, 3, 4])).variation == "none"
    assert spc.analyse(series([1, 2, 1, 2, 1])).variation == "common"


# --- rebasing --------------------------------------------------------------------------------------


def test_a_rebase_starts_a_phase_with_its_own_centre_and_limits():
    values = [10, 11] * 6 + [20, 21] * 6
    rebased = spc.analyse(series(values, rebase={12}))
    assert [(p.start, p.end, p.centre) for p in rebased.phases] == [(0, 11, 10.5), (12, 23, 20.5)]
    assert math.isclose(rebased.phases[1].upper, 20.5 + 2.66)
    assert rebased.signals == () and rebased.variation == "common"
    # one phase: the mean is 15.5, twelve points on each side and every point beyond a limit or a shift
    whole = spc.analyse(series(values))
    assert {s.rule for s in whole.signals} >= {"shift", "beyond_limit"}


def test_a_rebase_on_the_first_point_changes_nothing():
    values = [10, 11] * 6
    assert spc.analyse(series(values, rebase={0})).phases == spc.analyse(series(values)).phases


def test_the_rules_do_not_run_across_phases():
    # four 12s at the end of phase 1 and three at the start of phase 2 are not one run
    values = [8, 9] * 4 + [12] * 4 + [12] * 3 + [15, 16] * 4
    analysis = spc.analyse(series(values, rebase={12}, chart="xmr"))
    for signal in analysis.signals:
        assert all(i < 12 for i in signal.indexes) or all(i >= 12 for i in signal.indexes)


def test_a_short_latest_phase_is_not_judged_yet():
    analysis = spc.analyse(series([10, 11] * 6 + [20, 21], rebase={12}))
    assert analysis.variation == "none"
    assert "since the limits were rebased" in analysis.summary


# --- assurance -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("better", "target", "expected"), [
    # [10, 11] x6: mean 10.5, mean MR 1, limits 7.84 and 13.16
    ("up", 15, "fail"), ("up", 5, "pass"), ("up", 12, "hit_or_miss"),
    ("down", 15, "pass"), ("down", 5, "fail"), ("down", 9, "hit_or_miss"),
])
def test_assurance_against_the_target(better, target, expected):
    analysis = spc.analyse(series([10, 11] * 6, better=better, target=target, chart="xmr"))
    assert analysis.assurance == expected


def test_a_target_on_a_limit_is_hit_or_miss_and_no_target_or_a_run_chart_gives_none():
    limits = spc.xmr_limits([10, 11] * 6)
    assert spc.analyse(series([10, 11] * 6, target=limits.upper, chart="xmr")).assurance == "hit_or_miss"
    assert spc.analyse(series([10, 11] * 6, chart="xmr")).assurance is None
    assert spc.analyse(series([10, 11] * 6, target=15, chart="run")).assurance is None


def test_assurance_sentences():
    fail = spc.analyse(series([10, 11] * 6, target=15, unit="%", chart="xmr")).summary
    assert fail.endswith("The target of 15% lies beyond the limits on the wrong side, so it will not be met "
                         "unless the process changes.")
    hit = spc.analyse(series([10, 11] * 6, target=12, unit="days", chart="xmr")).summary
    assert hit.endswith("The target of 12 days lies within the limits, so it will be met only some of the time.")


# --- the summary sentence ----------------------------------------------------------------------------


def test_the_summary_names_the_signal_its_start_and_the_pdsa_before_it():
    values = [8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12]  # mean 10: seven above from index 7
    markers = (Marker(on(2), "New discharge checklist", "annotation"), Marker(on(6), "PDSA 2 (adopt)", "pdsa"),
               Marker(on(9), "PDSA 3", "pdsa"))
    analysis = spc.analyse(series(values, target=11, unit="%", markers=markers))
    assert analysis.summary == (
        "Special cause improvement: 7 points above the mean since 23 February 2026, after PDSA 2 (adopt). "
        "The target of 11% lies within the limits, so it will be met only some of the time.")


def test_a_one_point_signal_is_dated_on_its_day():
    values = [10, 11] * 8 + [14, 11] + [10, 11, 10, 11]
    values[-1] = 30  # the latest point (index 21, 1 June 2026) far above the limit: it decides
    analysis = spc.analyse(series(values, unit="%"))
    assert analysis.summary == "Special cause improvement: a point above the upper limit on 1 June 2026."


def test_the_summary_falls_back_to_an_annotation():
    values = [8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12]
    analysis = spc.analyse(series(values, markers=(Marker(on(7), "Checklist live"),)))
    assert analysis.summary.endswith("since 23 February 2026, after “Checklist live”.")


# --- degenerate series ---------------------------------------------------------------------------------


def test_no_points():
    analysis = spc.analyse(series([]))
    assert analysis.phases == () and analysis.signals == () and analysis.variation == "none"
    assert analysis.summary == "No data yet for Discharges before noon: add points to see its chart."


def test_one_point():
    analysis = spc.analyse(series([7]))
    assert analysis.chart == "run" and analysis.phases[0].centre == 7 and analysis.variation == "none"
    assert analysis.summary.startswith("1 point so far")
    one_xmr = spc.analyse(series([7], chart="xmr", target=5))
    assert one_xmr.phases[0].upper is None and one_xmr.assurance is None


def test_two_points_on_an_xmr_chart():
    # 4, 6: mean 5, one moving range of 2 -> limits 5 ± 5.32
    phase = spc.analyse(series([4, 6], chart="xmr")).phases[0]
    assert math.isclose(phase.upper, 10.32) and math.isclose(phase.lower, -0.32) and phase.trial


def test_a_constant_series_has_a_zero_moving_range_and_no_signal():
    analysis = spc.analyse(series([5] * 12, target=5))
    phase = analysis.phases[0]
    assert phase.lower == phase.upper == phase.centre == 5
    assert analysis.signals == () and analysis.variation == "common" and analysis.assurance == "pass"
    assert spc.analyse(series([5] * 12, target=6)).assurance == "fail"
    assert spc.analyse(series([5] * 12, target=6, chart="run")).signals == ()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(bad):
    with pytest.raises(ValueError):
        spc.analyse(series([1, 2, bad]))


def test_more_than_the_maximum_of_points_is_refused():
    with pytest.raises(ValueError):
        spc.analyse(series([1.0] * (spc.MAX_POINTS + 1)))
    assert spc.analyse(series([1, 2] * (spc.MAX_POINTS // 2))).chart == "xmr"


def test_numbers_read_plainly():
    assert [spc.number(v) for v in (85, 72.4333, 1234.5, -0.001)] == ["85", "72.43", "1,234.5", "-0.001"]
    assert spc.amount(85, "%") == "85%" and spc.amount(3, "days") == "3 days" and spc.amount(3, "") == "3"


def test_the_acceptance_tie_trend_is_labelled_five_points_and_xmr_ties_still_break():
    run = spc.analyse(series([10, 11, 12, 12, 13, 14], chart="run"))
    assert [s.label for s in run.signals if s.rule == "run_trend"] == ["5 points rising"]
    assert "5 points rising" in run.summary and "6 points" not in run.summary
    xmr = spc.analyse(series([1, 2, 3, 4, 4, 5, 6, 7, 8] + [5] * 6, chart="xmr"))
    assert rules(xmr, "trend") == []  # XmR: the tie breaks the run of rises (stack-notes)


def test_a_signal_that_ended_before_the_latest_point_is_dated_from_and_to():
    # points close to the upper limit from index 7 to 13 (23 February to 6 April 2026), then back below
    values = [8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12, 9, 8, 9, 8, 9, 8]
    analysis = spc.analyse(series(values, chart="xmr"))
    assert analysis.variation == "improvement"
    assert analysis.summary == ("Special cause improvement: 4 points close to the upper limit from 23 February "
                                "to 6 April 2026.")


def test_two_dates_are_named_as_a_pair():
    assert spc._two_days(date(2026, 4, 20), date(2026, 4, 27)) == "20 and 27 April 2026"
    assert spc._two_days(date(2026, 3, 30), date(2026, 4, 6)) == "30 March and 6 April 2026"
    assert spc._two_days(date(2025, 12, 29), date(2026, 1, 5)) == "29 December 2025 and 5 January 2026"


def test_a_two_point_signal_says_on_both_days():
    values = [10, 11] * 8 + [10, 11, 10, 11, 30, 31]  # two points above the upper limit, the latest two
    analysis = spc.analyse(series(values))
    two = [s for s in analysis.signals if s.rule == "beyond_limit"][0]
    assert len(two.indexes) == 2
    assert analysis.summary == "Special cause improvement: 2 points above the upper limit on 25 May and 1 June 2026."


def test_the_sentence_says_when_the_latest_limits_are_trial():
    trial = spc.analyse(series([8, 9, 8, 9, 8, 9], chart="xmr"))
    assert trial.phases[-1].trial
    assert "(trial limits: fewer than 12 points)." in trial.summary
    settled = spc.analyse(series([8, 9] * 6, chart="xmr"))
    assert not settled.phases[-1].trial and "trial" not in settled.summary
    rebased = spc.analyse(series([8, 9] * 6 + [12, 13] * 3, chart="xmr", rebase=(12,)))
    assert rebased.phases[-1].trial and "(trial limits: fewer than 12 points)" in rebased.summary


def test_a_constant_series_does_not_vary_and_meets_an_equal_target_every_time():
    analysis = spc.analyse(series([5] * 12, target=5, unit="%"))
    assert "vary" not in analysis.summary
    assert analysis.summary == ("No variation: every point since 5 January 2026 equals 5%, with no signal of change. "
                                "The points equal the target of 5% every time, so it is met every time.")
    assert analysis.assurance == "pass"
    assert spc.analyse(series([5] * 12, target=6)).assurance == "fail"
    assert spc.analyse(series([5] * 12, target=4)).assurance == "pass"
    assert spc.analyse(series([5] * 12, target=5, better="down")).assurance == "pass"
    assert "vary" not in spc.analyse(series([5] * 8, chart="run")).summary


@pytest.mark.parametrize(("value", "text"), [
    (1e12, "1e12"), (-1e12, "-1e12"), (1.5e12, "1.5e12"), (1e-9, "1e-9"), (2.5e-9, "2.5e-9"), (0.00099, "9.9e-4"),
    (0.012345, "0.0123"), (0.5, "0.5"), (123_456.789, "123,456.79"), (999_999_999.9, "999,999,999.9"), (0, "0"),
])
def test_numbers_use_significant_figures_at_extreme_scales(value, text):
    assert spc.number(value) == text


def test_a_tiny_series_is_not_summarised_as_a_mean_of_zero():
    analysis = spc.analyse(series([1e-9, 2e-9, 1.5e-9, 1e-9, 2e-9] * 2, unit=""))
    assert "of 0 " not in analysis.summary and "mean of 1.5e-9" in analysis.summary
    assert spc.exact(1.234567e-9) == "1.234567e-09" and spc.exact(85.0) == "85"
