"""The programme timeline as an iCalendar feed (RFC 5545), built with `icalendar`.

All-day events are DATE values with an exclusive DTEND (a two-day seminar on 7-8 July ends on
the 9th); timed ones are local times with TZID Europe/London and the zone's VTIMEZONE, so a
calendar shows 09:30 whatever the season. Each event keeps its stable UID, so a changed event
updates in the subscriber's calendar rather than appearing twice; DTSTAMP is when it last changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from ..models import Cohort
from ..timefmt import LONDON
from .models import ProgrammeEvent
from .timeline_queries import kind_label, last_day

PRODID = "-//Change-project workspace//Programme timeline//EN"


def summary(event: ProgrammeEvent) -> str:
    return f"{kind_label(event)}: {event.title}"


def calendar_name(cohorts: list[Cohort]) -> str:
    if len(cohorts) == 1:
        return f"{cohorts[0].name}: programme timeline"
    return "Programme timeline"


def london_vtimezone() -> Timezone:
    """Europe/London as calendar apps write it: GMT, and BST from the last Sunday of March to
    the last Sunday of October (the rule since 1996), rather than a list of every past change."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _vevent(event: ProgrammeEvent, cohort_name: str | None) -> Event:
    item = Event()
    item.add("uid", event.uid)
    item.add("dtstamp", event.updated_at)
    item.add("summary", summary(event))
    if event.starts_at is None:
        item.add("dtstart", event.starts_on)
        item.add("dtend", last_day(event) + timedelta(days=1))  # exclusive
    else:
        item.add("dtstart", datetime.combine(event.starts_on, event.starts_at, tzinfo=LONDON))
        if event.ends_at is not None:
            item.add("dtend", datetime.combine(last_day(event), event.ends_at, tzinfo=LONDON))
        elif event.ends_on is not None:
            item.add("dtend", datetime.combine(event.ends_on + timedelta(days=1), time(0), tzinfo=LONDON))
    if event.location:
        item.add("location", event.location)
    description = event.description
    if cohort_name:
        description = f"{description}\n\n{cohort_name}".strip()
    if description:
        item.add("description", description)
    item.add("categories", [kind_label(event)])
    item.add("transp", "TRANSPARENT" if event.starts_at is None else "OPAQUE")
    return item


def build(events: Iterable[ProgrammeEvent], cohorts: list[Cohort]) -> bytes:
    """The feed of `events` (of `cohorts`): bytes of text/calendar, CRLF lines."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name(cohorts))
    cal.add("x-wr-timezone", "Europe/London")
    names = {c.id: c.name for c in cohorts} if len(cohorts) > 1 else {}
    cal.add_component(london_vtimezone())
    for event in events:
        cal.add_component(_vevent(event, names.get(event.cohort_id)))
    return cal.to_ical()
