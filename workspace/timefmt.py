"""How times and dates read on pages: UK style, in Europe/London time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def datetime_filter(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime("%-d %b %Y, %H:%M")


def date_filter(value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%-d %B %Y")
