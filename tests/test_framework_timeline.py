"""The programme timeline: the facilitator's operations and pages, validation, the team page's
next events (one statement, however long the timeline), the team's timeline page, the API."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.framework import timeline as ops
from workspace.framework import timeline_queries as queries
from workspace.framework.models import ProgrammeEvent
from workspace.models import AuditEvent

from . import factories
from .querycount import counting_queries

SEMINAR = {"kind": "seminar", "title": "Adaptive leaders", "starts_on": "2027-01-16", "starts_at": "09:30",
           "ends_at": "16:30", "location": "Conference Centre", "description": "Relationships in complex systems."}


def _add(world, **changes):
    return ops.add_event(world.team.cohort, world.facilitator, {**SEMINAR, **changes}).event


# --- operations and validation ---


def test_an_event_is_added_with_a_stable_uid_and_an_audit_event(world):
    saved = ops.add_event(world.team.cohort, world.facilitator, SEMINAR)
    event = saved.event
    assert saved.warnings == []
    assert (event.kind, event.title, event.starts_on, event.starts_at, event.ends_at) == (
        "seminar", "Adaptive leaders", date(2027, 1, 16), time(9, 30), time(16, 30))
    assert event.uid.endswith("@workspace") and len(event.uid) == 32 + len("@workspace")
    uid = event.uid
    ops.update_event(world.team.cohort, event, world.facilitator, {**SEMINAR, "title": "Adaptive leaders (2 of 6)"})
    assert db.session.get(ProgrammeEvent, event.id).uid == uid
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "programme_events")).all()
    assert actions == ["timeline.event_added", "timeline.event_changed"]
    assert _add(world).uid != uid


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": "  "}, "title", "Enter the title"),
    ({"kind": "party"}, "kind", "Kind must be one of"),
    ({"kind": ""}, "kind", "Choose the kind"),
    ({"starts_on": ""}, "starts_on", "Enter the start date"),
    ({"starts_on": "2027-02-30"}, "starts_on", "real date"),
    ({"ends_on": "2027-01-15"}, "ends_on", "on or after the start date"),
    ({"ends_at": "09:00"}, "ends_at", "after the start time"),
    ({"ends_at": "09:30"}, "ends_at", "after the start time"),
    ({"starts_at": "", "ends_at": "12:00"}, "ends_at", "start time as well"),
    ({"starts_at": "25:00"}, "starts_at", "time of day"),
    ({"starts_on": "2031-01-01"}, "starts_on", "between"),
    ({"colour": "red"}, "colour", "not a programme event field"),
])
def test_bad_events_are_refused_by_field(world, changes, field, message):
    with pytest.raises(ValidationProblem) as refused:
        ops.add_event(world.team.cohort, world.facilitator, {**SEMINAR, **changes})
    assert message in refused.value.fields[field]
    assert db.session.scalar(select(ProgrammeEvent.id)) is None


def test_a_date_outside_the_cohort_is_kept_with_a_warning(world):
    saved = ops.add_event(world.team.cohort, world.facilitator, {**SEMINAR, "starts_on": "2027-09-20"})
    assert saved.event.id is not None
    assert "outside the cohort's dates" in saved.warnings[0]
    inside = ops.add_event(world.team.cohort, world.facilitator, {**SEMINAR, "starts_on": "31/08/2027"})
    assert inside.warnings == [] and inside.event.starts_on == date(2027, 8, 31)


def test_the_date_window_is_two_calendar_years_either_side_and_the_refusal_names_its_days(world):
    # the world's cohort runs 1 September 2026 to 31 August 2027
    window = "between 1 September 2024 and 31 August 2029"
    for first, last in (("2024-09-01", "2029-08-31"), ("01/09/2024", "31/08/2029")):
        assert _add(world, starts_on=first).starts_on == date(2024, 9, 1)
        assert _add(world, starts_on=last).starts_on == date(2029, 8, 31)
    for field, changes in (("starts_on", {"starts_on": "2024-08-31"}), ("starts_on", {"starts_on": "2029-09-01"}),
                           ("ends_on", {"ends_on": "2029-09-01"})):
        with pytest.raises(ValidationProblem) as refused:
            _add(world, **changes)
        label = "Start date" if field == "starts_on" else "End date"
        assert refused.value.fields[field] == f"{label} must be {window}"


def test_the_window_of_a_cohort_starting_on_29_february_falls_back_to_the_28th(world):
    cohort = factories.make_cohort()
    cohort.starts_on, cohort.ends_on = date(2028, 2, 29), date(2028, 12, 31)
    assert ops.window(cohort) == (date(2026, 2, 28), date(2030, 12, 31))


def test_a_multi_day_event_may_end_earlier_in_the_day_and_one_day_ends_on_is_dropped(world):
    two_days = _add(world, ends_on="2027-01-17", starts_at="14:00", ends_at="12:00")
    assert (two_days.ends_on, two_days.ends_at) == (date(2027, 1, 17), time(12))
    same_day = _add(world, ends_on="2027-01-16")
    assert same_day.ends_on is None


def test_patch_changes_only_the_fields_named(world):
    event = _add(world)
    ops.update_event(world.team.cohort, event, world.facilitator, {"location": "Online"}, partial=True)
    assert (event.location, event.title, event.starts_at) == ("Online", "Adaptive leaders", time(9, 30))
    with pytest.raises(ValidationProblem):
        ops.update_event(world.team.cohort, event, world.facilitator, {"ends_on": "2026-01-01"}, partial=True)


def test_the_timeline_holds_at_most_max_events(world, monkeypatch):
    monkeypatch.setattr(ops, "MAX_EVENTS", 2)
    _add(world)
    _add(world)
    with pytest.raises(ValidationProblem) as refused:
        _add(world)
    assert "most it may hold" in refused.value.message


# --- the team page's next events ---


def _year(world):
    for kind, title, on in [("seminar", "Past seminar", "2026-11-18"), ("action_learning_set", "Set today", "2026-12-06"),
                            ("workshop", "Workshop B", "2026-12-08"), ("proposal_due", "Proposal", "2026-12-18"),
                            ("seminar", "Leading change", "2027-01-21"), ("interim_review", "Interim", "2027-03-24"),
                            ("report_due", "Report", "2027-06-30"), ("presentation_day", "Presentations", "2027-07-14"),
                            ("closing_event", "Closing", "2027-08-26"), ("peer_visit", "Visit", "2027-03-03"),
                            ("coaching", "Coaching 3", "2027-02-22"), ("proposal_due", "Old deadline", "2026-10-01")]:
        ops.add_event(world.team.cohort, world.facilitator, {"kind": kind, "title": title, "starts_on": on})


def test_next_events_are_from_today_sessions_and_deadlines_apart(world):
    _year(world)
    ops.add_event(world.team.cohort, world.facilitator, {"kind": "coaching", "title": "Coaching week",
                                                         "starts_on": "2026-12-01", "ends_on": "2026-12-07"})
    upcoming = queries.next_events(world.team.cohort_id, date(2026, 12, 6))
    assert [e.title for e in upcoming.events] == ["Coaching week", "Set today", "Workshop B", "Leading change",
                                                  "Coaching 3"]
    assert [e.title for e in upcoming.deadlines] == ["Proposal", "Interim", "Report"]
    other = factories.make_cohort()
    ops.add_event(other, world.facilitator, {"kind": "seminar", "title": "Another cohort's", "starts_on": "2026-12-07"})
    assert "Another cohort's" not in [e.title for e in queries.next_events(world.team.cohort_id, date(2026, 12, 6)).events]
    assert not queries.next_events(world.team.cohort_id, date(2027, 9, 1))


def test_the_team_page_shows_next_events_with_one_statement_however_long_the_timeline(make_client, world, monkeypatch):
    monkeypatch.setattr(queries, "london_today", lambda: date(2026, 12, 6))
    member = make_client(world.member)
    url = f"/teams/{world.team.id}"

    def count() -> int:
        db.session.expire_all()
        with counting_queries(db.engine) as seen:
            page = member.get(url)
        assert page.status_code == 200
        assert sum("programme_events" in statement for statement in seen) == 1
        return len(seen)

    member.get(url)  # the first visit writes once (the report's layout)
    empty = count()
    assert "Nothing else is on the programme's timeline" in member.get(url).get_data(as_text=True)
    _year(world)
    html = member.get(url).get_data(as_text=True)
    assert "Workshop B" in html and "Proposal" in html and "in 12 days" in html
    assert "Past seminar" not in html and "Old deadline" not in html
    with_year = count()
    for n in range(120):
        ops.add_event(world.team.cohort, world.facilitator, {"kind": "workshop", "title": f"Extra {n}",
                                                             "starts_on": "2027-04-01"})
    assert count() == with_year == empty


def test_the_next_events_are_for_those_who_view_the_teams_work(make_client, world):
    _year(world)
    page = make_client(world.assessor).get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert "Programme: what's next" not in page  # an assessor before submission sees no work
    host_page = make_client(world.host).get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert "Programme: what's next" in host_page


def test_the_team_timeline_lists_the_whole_year_past_greyed(make_client, world, monkeypatch):
    monkeypatch.setattr(queries, "london_today", lambda: date(2026, 12, 6))
    _year(world)
    html = make_client(world.member).get(f"/teams/{world.team.id}/timeline").get_data(as_text=True)
    assert html.index("Old deadline") < html.index("Past seminar") < html.index("Workshop B") < html.index("Closing")
    assert html.count("app-timeline__row--past") == 2
    assert make_client(world.other_member).get(f"/teams/{world.team.id}/timeline").status_code == 404


# --- the facilitator's pages ---


def _admin(world) -> str:
    return f"/admin/cohorts/{world.team.cohort_id}/timeline"


def test_the_facilitator_adds_edits_and_removes_an_event(make_client, world):
    fay = make_client(world.facilitator)
    answer = fay.form(_admin(world), SEMINAR)
    event = db.session.scalar(select(ProgrammeEvent))
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#event-{event.id}")
    assert "Adaptive leaders" in fay.get(_admin(world)).get_data(as_text=True)
    edit = f"{_admin(world)}/{event.id}"
    assert 'value="09:30"' in fay.get(edit).get_data(as_text=True)
    assert fay.form(edit, {**SEMINAR, "title": "Adaptive leaders (2 of 6)"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ProgrammeEvent, event.id).title == "Adaptive leaders (2 of 6)"
    confirm = fay.get(f"{edit}/remove").get_data(as_text=True)
    assert "Remove “Adaptive leaders (2 of 6)” from the timeline?" in confirm
    assert fay.form(f"{edit}/remove", {}).status_code == 302
    assert db.session.scalar(select(ProgrammeEvent)) is None


def test_the_facilitators_form_keeps_what_was_typed_and_shows_the_errors(make_client, world):
    fay = make_client(world.facilitator)
    answer = fay.form(_admin(world), {**SEMINAR, "title": "Typed title", "ends_at": "08:00"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "There is a problem" in html and "The end time must be after the start time" in html
    assert 'value="Typed title"' in html


def test_a_warning_is_flashed_for_a_date_outside_the_cohort(make_client, world):
    fay = make_client(world.facilitator)
    fay.form(_admin(world), {**SEMINAR, "starts_on": "2025-06-01"})
    assert "falls outside the cohort&#39;s dates" in fay.get(_admin(world)).get_data(as_text=True)


def test_the_form_names_the_first_and_last_allowed_days(make_client, world):
    html = make_client(world.facilitator).form(_admin(world), {**SEMINAR, "ends_on": "2029-09-01"}).get_data(as_text=True)
    assert "End date must be between 1 September 2024 and 31 August 2029" in html


def test_another_cohorts_event_is_404_under_this_cohort(make_client, world):
    other = factories.make_cohort()
    event = ops.add_event(other, world.facilitator, SEMINAR).event
    fay = make_client(world.facilitator)
    assert fay.get(f"{_admin(world)}/{event.id}").status_code == 404
    assert fay.form(f"{_admin(world)}/{event.id}/remove", {}).status_code == 404
    assert db.session.get(ProgrammeEvent, event.id) is not None


def test_the_cohort_page_links_to_the_timeline(make_client, world):
    html = make_client(world.facilitator).get(f"/admin/cohorts/{world.team.cohort_id}/edit").get_data(as_text=True)
    assert f'href="{_admin(world)}"' in html


# --- the API ---


def _api(world) -> str:
    return f"/api/v1/cohorts/{world.team.cohort_id}/events"


def test_the_api_lists_creates_patches_and_deletes(make_client, world):
    fay = make_client(world.facilitator)
    created = fay.api("POST", _api(world), SEMINAR)
    assert created.status_code == 201
    body = created.get_json()
    assert (body["starts_at"], body["kind_label"], body["warnings"], body["milestone"]) == ("09:30", "Seminar", [], False)
    listed = make_client(world.other_member).api("GET", _api(world)).get_json()  # another team of the cohort
    assert [e["uid"] for e in listed["items"]] == [body["uid"]]
    patched = fay.api("PATCH", f"{_api(world)}/{body['id']}", {"starts_on": "2027-12-01"})
    assert patched.status_code == 200 and "outside the cohort's dates" in patched.get_json()["warnings"][0]
    bad = fay.api("PATCH", f"{_api(world)}/{body['id']}", {"ends_at": "01:00"})
    assert bad.status_code == 422 and "ends_at" in bad.get_json()["error"]["fields"]
    assert fay.api("DELETE", f"{_api(world)}/{body['id']}").status_code == 204
    assert fay.api("GET", _api(world)).get_json()["items"] == []


def test_the_api_answers_a_malformed_cursor_or_limit_as_every_list_does(make_client, world):
    fay = make_client(world.facilitator)
    _add(world)
    for query in ("cursor=zzz", "limit=abc", "cursor=1.5"):
        answer = fay.api("GET", f"{_api(world)}?{query}")
        assert answer.status_code == 400, query
        elsewhere = fay.api("GET", f"/api/v1/teams/{world.team.id}/tags?{query}")
        assert answer.get_json() == elsewhere.get_json(), query
    assert fay.api("GET", f"{_api(world)}?limit=0").get_json()["error"]["message"] == "limit must be between 1 and 300."
    whole = fay.api("GET", f"{_api(world)}?cursor=1&limit=300").get_json()
    assert len(whole["items"]) == 1 and whole["next"] is None
    assert fay.api("GET", f"{_api(world)}?cursor=").status_code == 200


def test_the_api_names_the_allowed_days_when_a_date_is_out_of_range(make_client, world):
    answer = make_client(world.facilitator).api("POST", _api(world), {**SEMINAR, "starts_on": "2024-08-31"})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["starts_on"] == "Start date must be between 1 September 2024 and 31 August 2029"


def test_the_api_hides_a_cohort_from_people_outside_it(make_client, world):
    stranger = factories.make_user()
    factories.add_member(factories.make_team(), stranger)
    db.session.commit()
    assert make_client(stranger).api("GET", _api(world)).status_code == 404
    assert make_client(world.member).api("POST", _api(world), SEMINAR).status_code == 403
    assert make_client(world.facilitator).api("GET", "/api/v1/cohorts/999999/events").status_code == 404
