"""Current versus future: every metric side by side with its change, in one fixed order.

How a change is written (one function per kind of metric):
- times (lead, value-added, wait, longest wait): the relative change, "−71%", "+8%", "0%";
  under 1% either way one decimal ("−0.4%"); "–" when the current value is 0 or missing
  (a change from nothing has no percentage);
- counts (steps, waits, hand-offs, people, loops): the difference, "−3", "+2", "0";
- shares (efficiency, paper hand-offs): the difference in percentage points, "+12 pts";
  "–" when either side has none.
Minus is U+2212, as in print; a missing value is an en dash, "–".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .durations import MINUS, format_minutes
from .metrics import Metrics

NONE = "\u2013"


@dataclass(frozen=True)
class MetricDelta:
    key: str
    label: str
    before: str
    after: str
    change: str


def compare(current: Metrics, future: Metrics) -> list[MetricDelta]:
    return [MetricDelta(key, label, show(getattr(current, key)), show(getattr(future, key)),
                        change(getattr(current, key), getattr(future, key)))
            for key, label, show, change in _ROWS]


def show_minutes(value: int) -> str:
    return format_minutes(value)


def show_count(value: int) -> str:
    return str(value)


def show_share(value: float | None) -> str:
    return NONE if value is None else f"{round(value * 100)}%"


def show_wait(value: tuple[str, int] | None) -> str:
    return NONE if value is None else f"{format_minutes(value[1])} ({value[0]})"


def signed(value: float, unit: str = "") -> str:
    if value == 0:
        return f"0{unit}"
    text = f"{abs(value):.1f}" if abs(value) < 1 and value != int(value) else str(round(abs(value)))
    return f"{'+' if value > 0 else MINUS}{text}{unit}"


def relative(before: int | None, after: int | None) -> str:
    if before is None or after is None or before == 0:
        return NONE
    return signed((after - before) / before * 100, "%")


def time_change(before: int, after: int) -> str:
    return relative(before, after)


def wait_change(before: tuple[str, int] | None, after: tuple[str, int] | None) -> str:
    if before is None or after is None:
        return NONE
    return relative(before[1], after[1])


def count_change(before: int, after: int) -> str:
    return signed(after - before)


def share_change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return NONE
    points = round((after - before) * 100)
    return signed(points, " pts") if points else "0 pts"


_ROWS: tuple[tuple[str, str, Callable, Callable], ...] = (
    ("lead_minutes", "Lead time", show_minutes, time_change),
    ("value_added_minutes", "Value-added time", show_minutes, time_change),
    ("efficiency", "Process cycle efficiency", show_share, share_change),
    ("steps", "Steps", show_count, count_change),
    ("waits", "Waits", show_count, count_change),
    ("wait_minutes", "Total wait time", show_minutes, time_change),
    ("handoffs", "Hand-offs", show_count, count_change),
    ("people_met", "People the patient meets", show_count, count_change),
    ("longest_wait", "Longest wait", show_wait, wait_change),
    ("paper_share", "Paper hand-offs", show_share, share_change),
    ("loops", "Rework loops", show_count, count_change),
)
