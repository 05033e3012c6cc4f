"""Placeholder: replaced by the metrics-and-figures branch at the merge."""

from __future__ import annotations

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * 60


def format_minutes(minutes: int) -> str:
    """A duration as people say it: "45 min", "3 hours", "41 days"."""
    if minutes >= MINUTES_PER_DAY:
        days = round(minutes / MINUTES_PER_DAY, 1)
        return f"{days:g} day{'' if days == 1 else 's'}"
    if minutes >= MINUTES_PER_HOUR:
        hours = round(minutes / MINUTES_PER_HOUR, 1)
        return f"{hours:g} hour{'' if hours == 1 else 's'}"
    return f"{minutes} min"
