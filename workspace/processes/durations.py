"""Durations as people read them on a process map: short, UK style, sensibly rounded.

The one rule (`format_minutes`), used by the metrics panel, the comparison, the diagram and the
exports alike:
- under an hour: minutes ("45 min");
- under a day: hours and minutes ("3 h", "3 h 20 min");
- under 10 days: days and hours, minutes rounded to the nearest hour ("1 day", "2 days 4 h");
- from 10 days: whole days, rounded to the nearest day ("41 days").
A day is 24 hours (waits run day and night). Negative values never reach here (operations
refuse them); they are written with a minus sign rather than raising.
"""

from __future__ import annotations

MINUS = "\u2212"
HOUR = 60
DAY = 24 * HOUR
DAYS_ONLY_FROM = 10 * DAY


def format_minutes(minutes: int) -> str:
    minutes = int(round(minutes))
    if minutes < 0:
        return MINUS + format_minutes(-minutes)
    if minutes < HOUR:
        return f"{minutes} min"
    if minutes < DAY:
        hours, rest = divmod(minutes, HOUR)
        return f"{hours} h" if rest == 0 else f"{hours} h {rest} min"
    if minutes < DAYS_ONLY_FROM:
        days, hours = divmod(_round_div(minutes, HOUR), 24)
        if days >= 10:  # 9 days 23 h 40 min rounds up into the whole-days form
            return _days(days)
        return _days(days) if hours == 0 else f"{_days(days)} {hours} h"
    return _days(_round_div(minutes, DAY))


def _days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _round_div(value: int, unit: int) -> int:
    """value / unit rounded half up (Python's round() rounds half to even: 2.5 days -> 2)."""
    return (value + unit // 2) // unit
