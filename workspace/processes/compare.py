"""Placeholder: replaced by the metrics-and-figures branch at the merge."""

from __future__ import annotations

from dataclasses import dataclass

from .durations import format_minutes
from .metrics import Metrics


@dataclass(frozen=True)
class MetricDelta:
    key: str
    label: str
    before: str
    after: str
    change: str


def _change(before, after) -> str:
    if before is None or after is None or not before:
        return "–"
    percent = round((after - before) / before * 100)
    return f"{'+' if percent > 0 else '−' if percent < 0 else ''}{abs(percent)}%"


def compare(current: Metrics, future: Metrics) -> list[MetricDelta]:
    rows = [("lead_minutes", "Lead time", format_minutes), ("value_added_minutes", "Value-added time", format_minutes),
            ("steps", "Steps", str), ("waits", "Waits", str), ("wait_minutes", "Total wait", format_minutes),
            ("handoffs", "Hand-offs", str), ("people_met", "People met", str)]
    return [MetricDelta(key, label, show(getattr(current, key)), show(getattr(future, key)),
                        _change(getattr(current, key), getattr(future, key))) for key, label, show in rows]
