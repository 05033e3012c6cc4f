"""timing.py: minutes as people type them, and the outline's timing summary."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from workspace.presentation import timing


@pytest.mark.parametrize(("typed", "seconds"), [
    ("2", 120), ("1.5", 90), ("1,5", 90), ("1:30", 90), ("0:45", 45), ("", 0), ("  3 ", 180),
    ("2 min 30 s", 150), ("45s", 45), ("10 minutes", 600), (2, 120), (1.25, 75), (None, 0), ("0.1", 6),
])
def test_minutes_as_typed_become_seconds(typed, seconds):
    assert timing.parse_minutes(typed) == seconds


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "Enter minutes as a number"), ("-1", "negative"), (-2, "negative"), ("1:75", "Enter minutes"),
    ("1.2.3", "Enter minutes"), (True, "Enter minutes"), ([], "Enter minutes"), (float("nan"), "Enter minutes"),
    ("999", "at most 120 minutes"), (10_000, "at most 120 minutes"),
])
def test_minutes_that_are_not_a_time_are_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError, match=message):
        timing.parse_minutes(typed)


@pytest.mark.parametrize(("seconds", "text", "field"), [
    (150, "2 min 30 s", "2:30"), (120, "2 min", "2"), (45, "45 s", "0:45"), (0, "0 min", "0"), (3600, "60 min", "60"),
])
def test_seconds_read_back_as_people_write_them(seconds, text, field):
    assert timing.format_seconds(seconds) == text
    assert timing.format(seconds) == text
    assert timing.minutes_field(seconds) == field
    assert timing.parse_minutes(field) == seconds


def _slide(presenter, seconds):
    return SimpleNamespace(presenter_id=presenter, seconds=seconds)


def test_summary_shares_the_time_between_presenters():
    slides = [_slide(1, 60), _slide(2, 120), _slide(1, 90), _slide(None, 30), _slide(None, 0)]
    result = timing.summary(slides, 20, {1: "Aisha", 2: "Ben"})
    assert result.total_seconds == 300
    assert result.total == "5 min"
    assert result.slot_seconds == 1200
    assert [(p.name, p.seconds, p.slides, p.share) for p in result.presenters] == [("Aisha", 150, 2, 50), ("Ben", 120, 1, 40)]
    assert (result.unassigned_seconds, result.unassigned_slides) == (30, 2)
    assert result.over_by == 0 and not result.over
    assert result.left == "15 min"


def test_summary_says_by_how_much_the_deck_runs_over_the_slot():
    result = timing.summary([_slide(7, 11 * 60), _slide(7, 10 * 60 + 30)], 20)
    assert result.over and result.over_by == 90
    assert result.presenters[0].name == "Former member"  # a presenter with no name given
    assert result.presenters[0].share == 100


def test_an_empty_deck_has_no_shares_and_no_division_by_zero():
    result = timing.summary([], 15)
    assert (result.total_seconds, result.presenters, result.over_by, result.slot_minutes) == (0, (), 0, 15)
