"""The calendar feed: secret addresses (shown once, stored hashed, revocable), the .ics parsed
back with icalendar, privacy between cohorts, closed accounts, conditional GET and the limit."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from workspace.extensions import db
from workspace.framework import calendar_tokens as tokens
from workspace.framework import calendar_views
from workspace.framework import timeline as ops
from workspace.framework.models import CalendarToken
from workspace.models import hash_secret
from workspace.timefmt import LONDON

from . import factories

URL_RE = re.compile(r'id="calendar-feed-url">(https?://[^<]+)</code>')


def _events(world, cohort=None):
    cohort = cohort or world.team.cohort
    add = lambda **v: ops.add_event(cohort, world.facilitator, v).event  # noqa: E731
    return {
        "seminar": add(kind="seminar", title="Adaptive leaders", starts_on="2027-01-16", starts_at="09:30",
                       ends_at="16:30", location="Conference Centre, Riverside Road", description="Diagnostic 2"),
        "summer": add(kind="seminar", title="Leading collaborations", starts_on="2027-07-08", starts_at="09:30",
                      ends_at="16:30"),
        "two_days": add(kind="seminar", title="Leading direction", starts_on="2027-04-14", ends_on="2027-04-15"),
        "deadline": add(kind="report_due", title="Group report", starts_on="2027-06-30"),
    }


def _feed_of(client, user) -> tuple[str, str]:
    """Create a feed address through the account page; its URL's path and the secret."""
    answer = client.form("/account/calendar", {})
    assert answer.status_code == 201
    url = URL_RE.search(answer.get_data(as_text=True)).group(1)
    path = "/" + url.split("/", 3)[3]
    return path, path.removeprefix("/calendar/").removesuffix(".ics")


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.get_data())


def _by_summary(cal: Calendar) -> dict:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_the_feed_is_valid_icalendar_with_all_day_and_timed_events(make_client, client, world):
    made = _events(world)
    path, _ = _feed_of(make_client(world.member), world.member)
    cal = _parse(client.get(path))  # no session: the secret is the key
    assert str(cal["X-WR-CALNAME"]) == "Test cohort: programme timeline"
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/London"]
    events = _by_summary(cal)
    assert set(events) == {"Seminar: Adaptive leaders", "Seminar: Leading collaborations", "Seminar: Leading direction",
                           "Report due: Group report"}
    seminar = events["Seminar: Adaptive leaders"]
    assert seminar["DTSTART"].params["TZID"] == "Europe/London"
    start, end = seminar.decoded("DTSTART"), seminar.decoded("DTEND")
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (datetime(2027, 1, 16, 9, 30), datetime(2027, 1, 16, 16, 30))
    assert start.utcoffset() == timedelta(0)  # GMT in January
    assert _by_summary(cal)["Seminar: Leading collaborations"].decoded("DTSTART").astimezone(LONDON).utcoffset() == timedelta(hours=1)
    assert str(seminar["LOCATION"]) == "Conference Centre, Riverside Road"
    assert str(seminar["DESCRIPTION"]) == "Diagnostic 2"
    assert str(seminar["UID"]) == made["seminar"].uid
    assert seminar.decoded("DTSTAMP").tzinfo is not None
    two_days = events["Seminar: Leading direction"]
    assert two_days["DTSTART"].params.get("VALUE") == "DATE" or isinstance(two_days.decoded("DTSTART"), date)
    assert (two_days.decoded("DTSTART"), two_days.decoded("DTEND")) == (date(2027, 4, 14), date(2027, 4, 16))  # exclusive
    deadline = events["Report due: Group report"]
    assert (deadline.decoded("DTSTART"), deadline.decoded("DTEND")) == (date(2027, 6, 30), date(2027, 7, 1))
    assert not isinstance(deadline.decoded("DTSTART"), datetime)
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 4


def test_a_changed_event_keeps_its_uid_in_the_feed(make_client, client, world):
    made = _events(world)
    path, _ = _feed_of(make_client(world.member), world.member)
    ops.update_event(world.team.cohort, made["seminar"], world.facilitator, {"starts_at": "10:00"}, partial=True)
    seminar = _by_summary(_parse(client.get(path)))["Seminar: Adaptive leaders"]
    assert str(seminar["UID"]) == made["seminar"].uid and seminar.decoded("DTSTART").hour == 10


def test_the_secret_is_shown_once_and_stored_only_as_its_hash(make_client, world):
    member = make_client(world.member)
    _, secret = _feed_of(member, world.member)
    stored = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == world.member.id))
    assert stored.token_hash == hash_secret(secret) and secret not in stored.token_hash
    assert secret not in member.get("/account").get_data(as_text=True)
    assert "Revoke" in member.get("/account").get_data(as_text=True)


def test_a_revoked_address_stops_working(make_client, client, world):
    _events(world)
    member = make_client(world.member)
    path, _ = _feed_of(member, world.member)
    assert client.get(path).status_code == 200
    token = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == world.member.id))
    confirm = member.get(f"/account/calendar/{token.id}/revoke")
    assert confirm.status_code == 200 and "Revoke the calendar feed address" in confirm.get_data(as_text=True)
    assert client.get(path).status_code == 200  # the confirmation page changes nothing
    answer = member.form(f"/account/calendar/{token.id}/revoke", {})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/account#calendar")
    assert client.get(path).status_code == 404
    assert make_client(world.member).get(path).status_code == 404  # signed in makes no difference


def test_someone_elses_address_cannot_be_revoked(make_client, world):
    _feed_of(make_client(world.member), world.member)
    token = db.session.scalar(select(CalendarToken))
    assert make_client(world.other_member).form(f"/account/calendar/{token.id}/revoke", {}).status_code == 404
    db.session.expire_all()
    assert db.session.get(CalendarToken, token.id).revoked_at is None


def test_unknown_and_malformed_secrets_are_404(client, world):
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404
    assert client.get("/calendar/" + "y" * 500 + ".ics").status_code == 404


def test_a_closed_accounts_address_is_404(make_client, client, world):
    path, _ = _feed_of(make_client(world.member), world.member)
    world.member.is_active = False
    db.session.commit()
    assert client.get(path).status_code == 404


def test_another_cohorts_events_are_never_in_a_persons_feed(make_client, client, world):
    _events(world)
    elsewhere = factories.make_cohort("Another cohort")
    ops.add_event(elsewhere, world.facilitator, {"kind": "seminar", "title": "Secret seminar", "starts_on": "2027-01-20"})
    outsider_team = factories.make_team(cohort=elsewhere)
    stranger = factories.make_user()
    factories.add_member(outsider_team, stranger)
    db.session.commit()
    for person in (world.member, world.host, world.assessor, world.other_member):
        path, _ = _feed_of(make_client(person), person)
        summaries = set(_by_summary(_parse(client.get(path))))
        assert "Seminar: Secret seminar" not in summaries and "Seminar: Adaptive leaders" in summaries
    path, _ = _feed_of(make_client(stranger), stranger)
    assert set(_by_summary(_parse(client.get(path)))) == {"Seminar: Secret seminar"}
    # a facilitator's feed carries every cohort, each event naming its cohort
    path, _ = _feed_of(make_client(world.facilitator), world.facilitator)
    cal = _parse(client.get(path))
    assert str(cal["X-WR-CALNAME"]) == "Programme timeline"
    assert "Another cohort" in str(_by_summary(cal)["Seminar: Secret seminar"]["DESCRIPTION"])
    # a deleted team's cohort leaves the feed
    outsider_team.deleted_at = datetime(2026, 12, 1, tzinfo=LONDON)
    db.session.commit()
    path, _ = _feed_of(make_client(stranger), stranger)
    assert list(_parse(client.get(path)).walk("VEVENT")) == []


def test_conditional_get_answers_304_until_the_timeline_changes(make_client, client, world):
    made = _events(world)
    path, _ = _feed_of(make_client(world.member), world.member)
    first = client.get(path)
    etag = first.headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    ops.update_event(world.team.cohort, made["deadline"], world.facilitator, {"title": "Group report (final)"},
                     partial=True)
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_feed_notes_its_use_at_most_hourly(make_client, client, world):
    path, _ = _feed_of(make_client(world.member), world.member)
    client.get(path)
    token = db.session.scalar(select(CalendarToken))
    first = token.last_used_at
    assert first is not None
    client.get(path)
    db.session.expire_all()
    assert db.session.get(CalendarToken, token.id).last_used_at == first


def test_the_feed_is_rate_limited_per_address(make_client, client, world, monkeypatch):
    monkeypatch.setattr(calendar_views, "FEED_LIMIT_PER_TOKEN", 3)
    path, _ = _feed_of(make_client(world.member), world.member)
    answers = [client.get(path).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert int(client.get(path).headers["Retry-After"]) > 0


def test_live_addresses_are_bounded(make_client, world, monkeypatch):
    monkeypatch.setattr(tokens, "MAX_LIVE_TOKENS", 2)
    member = make_client(world.member)
    _feed_of(member, world.member)
    _feed_of(member, world.member)
    refused = member.form("/account/calendar", {})
    assert refused.status_code == 302
    assert "the most you may hold" in member.get("/account").get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(CalendarToken)) == 2


def test_a_removed_event_changes_the_etag_and_leaves_the_feed(make_client, client, world):
    made = _events(world)
    path, _ = _feed_of(make_client(world.member), world.member)
    etag = client.get(path).headers["ETag"]
    ops.remove_event(world.team.cohort, made["deadline"], world.facilitator)
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "Report due: Group report" not in _by_summary(_parse(again))


def test_two_people_of_one_cohort_never_share_a_feeds_etag(make_client, client, world):
    _events(world)
    mine, _ = _feed_of(make_client(world.member), world.member)
    theirs, _ = _feed_of(make_client(world.other_member), world.other_member)
    assert client.get(mine).headers["ETag"] != client.get(theirs).headers["ETag"]
