"""Reflections: writing, editing (version-guarded), sharing and making private again, deleting,
quoting a shared one in the report, and the privacy rule: a private reflection is its author's
only, whoever asks and however (pages, API, the Word report), facilitators included; hosts never
read reflections, shared or not; assessors (once submitted) and facilitators read shared ones."""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import pytest
from flask import current_app
from sqlalchemy import select

from workspace.audit import AuditEvent
from workspace.exports.word import build_report_docx
from workspace.extensions import db
from workspace.framework import reflections as ops
from workspace.framework.models import Reflection
from workspace.report import operations as report_ops

from . import factories

PRIVATE_WORDS = "I felt out of my depth chairing the system meeting"
SHARED_WORDS = "Leading without authority meant listening first"


@pytest.fixture
def pair(world):
    """The member's private reflection and their shared one, and a second member of the team."""
    second = factories.make_user("Sol Second", "sol@example.org")
    factories.add_member(world.team, second, "member")
    db.session.commit()
    private = ops.create(world.team, world.member, {"written_on": "2026-01-10", "title": "Private one",
                                                    "body": PRIVATE_WORDS})
    shared = ops.create(world.team, world.member, {"written_on": "2026-02-10", "title": "Shared one",
                                                   "body": SHARED_WORDS})
    ops.set_shared(world.team, shared, world.member, True)
    return private.id, shared.id, second


# --- operations --------------------------------------------------------------------------------


def test_a_new_reflection_is_private_and_dated_today_by_default(world):
    made = ops.create(world.team, world.member, {"written_on": "", "title": "", "body": "Thoughts"})
    assert made.shared_at is None
    assert made.written_on == ops.today()


def test_a_reflection_cannot_be_dated_in_the_future_and_needs_a_body(world):
    tomorrow = (ops.today() + timedelta(days=1)).isoformat()
    with pytest.raises(ops.ValidationProblem) as problem:
        ops.create(world.team, world.member, {"written_on": tomorrow, "title": "", "body": "  "})
    assert set(problem.value.fields) == {"written_on", "body"}


def test_the_body_is_bounded(world):
    with pytest.raises(ops.ValidationProblem) as problem:
        ops.create(world.team, world.member, {"written_on": "", "title": "", "body": "x" * (ops.BODY_MAX + 1)})
    assert "body" in problem.value.fields


def test_only_members_keep_reflections(world):
    for person in (world.facilitator, world.host, world.assessor):
        with pytest.raises(PermissionError):
            ops.create(world.team, person, {"written_on": "", "title": "", "body": "Mine"})


def test_a_stale_edit_is_refused_and_saves_nothing(world):
    made = ops.create(world.team, world.member, {"written_on": "", "title": "", "body": "First"})
    ops.update(world.team, made, world.member, {"body": "Second"}, version=made.version)
    with pytest.raises(ops.Stale):
        ops.update(world.team, made, world.member, {"body": "Third"}, version=1)
    assert db.session.get(Reflection, made.id).body == "Second"


def test_only_the_author_changes_a_reflection(world, pair):
    _private, shared_id, second = pair
    shared = db.session.get(Reflection, shared_id)
    with pytest.raises(PermissionError):
        ops.update(world.team, shared, second, {"body": "Rewritten"})
    with pytest.raises(PermissionError):
        ops.set_shared(world.team, shared, second, False)
    with pytest.raises(PermissionError):
        ops.delete(world.team, shared, second)


def test_visibility_by_role(world, pair):
    private_id, shared_id, second = pair
    with current_app.test_request_context():
        def ids(viewer):
            return set(db.session.scalars(select(Reflection.id).where(ops.visible_reflections(world.team, viewer))))

        assert ids(world.member) == {private_id, shared_id}
        assert ids(second) == {shared_id}
        assert ids(world.facilitator) == {shared_id}
        assert ids(world.host) == set()
        assert ids(world.assessor) == set()  # not submitted yet
        assert ids(world.other_member) == set()
        world.submit()
        db.session.expire_all()
        assert ids(world.assessor) == {shared_id}
        assert ops.get_reflection_for(world.team, private_id, world.facilitator) is None
        assert ops.get_reflection_for(world.team, private_id, world.member).id == private_id


def test_making_private_again_hides_it_from_the_team(world, pair):
    _private, shared_id, second = pair
    with current_app.test_request_context():
        ops.set_shared(world.team, db.session.get(Reflection, shared_id), world.member, False)
        assert ops.get_reflection_for(world.team, shared_id, second) is None
        assert ops.get_reflection_for(world.team, shared_id, world.facilitator) is None


def test_the_audit_trail_never_holds_the_words(world, pair):
    details = [str(event.detail) for event in db.session.scalars(select(AuditEvent))]
    assert details and not any(PRIVATE_WORDS in d or SHARED_WORDS in d for d in details)


def test_a_submitted_team_still_writes_reflections(world):
    world.submit()
    made = ops.create(world.team, world.member, {"written_on": "", "title": "", "body": "After"})
    ops.update(world.team, made, world.member, {"body": "After, again"})
    assert db.session.get(Reflection, made.id).body == "After, again"


# --- pages ---------------------------------------------------------------------------------------


def test_the_list_shows_mine_and_the_shared_ones_of_others(make_client, world, pair):
    private_id, shared_id, second = pair
    mine = make_client(world.member).get(f"/teams/{world.team.id}/reflections").get_data(as_text=True)
    assert "Private one" in mine and "Shared one" in mine
    theirs = make_client(second).get(f"/teams/{world.team.id}/reflections").get_data(as_text=True)
    assert "Shared one" in theirs and "Private one" not in theirs and "Mo Member" in theirs
    facilitator = make_client(world.facilitator).get(f"/teams/{world.team.id}/reflections").get_data(as_text=True)
    assert "Shared one" in facilitator and "Private one" not in facilitator
    assert make_client(world.host).get(f"/teams/{world.team.id}/reflections").status_code == 404


def test_writing_sharing_and_deleting_through_the_pages(make_client, world):
    client = make_client(world.member)
    base = f"/teams/{world.team.id}/reflections"
    response = client.form(base + "/new", {"written_on": "2026-03-01", "title": "On trust", "body": "Trust grows"})
    assert response.status_code == 302
    made = db.session.scalar(select(Reflection).where(Reflection.title == "On trust"))
    assert made.shared_at is None
    assert "Share with the team" in client.get(f"{base}/{made.id}/share").get_data(as_text=True)
    assert client.form(f"{base}/{made.id}/share").status_code == 302
    db.session.expire_all()
    assert db.session.get(Reflection, made.id).shared_at is not None
    assert client.form(f"{base}/{made.id}/make-private").status_code == 302
    db.session.expire_all()
    assert db.session.get(Reflection, made.id).shared_at is None
    assert client.form(f"{base}/{made.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Reflection, made.id).deleted_at is not None
    assert client.get(f"{base}/{made.id}").status_code == 404


def test_a_future_date_re_renders_with_the_text_kept(make_client, world):
    tomorrow = (ops.today() + timedelta(days=1)).isoformat()
    response = make_client(world.member).form(f"/teams/{world.team.id}/reflections/new",
                                              {"written_on": tomorrow, "title": "", "body": "Keep these words"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and "Keep these words" in html and "today or earlier" in html


def test_a_stale_edit_page_is_refused_keeping_the_text(make_client, world):
    made = ops.create(world.team, world.member, {"written_on": "", "title": "", "body": "First"})
    ops.update(world.team, made, world.member, {"body": "Elsewhere"})
    response = make_client(world.member).form(
        f"/teams/{world.team.id}/reflections/{made.id}/edit",
        {"written_on": made.written_on.isoformat(), "title": "", "body": "Mine, typed", "version": "1"})
    assert response.status_code == 409
    assert "Mine, typed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Reflection, made.id).body == "Elsewhere"


# --- quoting in the report -------------------------------------------------------------------------


def test_quoting_a_shared_reflection_appends_it_to_the_reflections_section(make_client, world, pair):
    _private, shared_id, second = pair
    client = make_client(second)
    page = client.get(f"/teams/{world.team.id}/reflections/{shared_id}/quote")
    assert page.status_code == 200 and SHARED_WORDS in page.get_data(as_text=True)
    response = client.form(f"/teams/{world.team.id}/reflections/{shared_id}/quote")
    assert response.status_code == 302
    db.session.expire_all()
    section = report_ops.get_section(world.team, "reflections")
    assert f"> {SHARED_WORDS}" in section.body and "— Mo Member" in section.body
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "framework.reflection.quoted"))


def test_quoting_the_same_reflection_twice_is_refused_and_the_confirmation_says_so(make_client, world, pair):
    _private, shared_id, second = pair
    client = make_client(second)
    url = f"/teams/{world.team.id}/reflections/{shared_id}/quote"
    assert client.form(url).status_code == 302
    db.session.expire_all()
    once = report_ops.get_section(world.team, "reflections")
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "already in the report&#39;s reflections section" in html
    assert "Quote in the report</button>" not in html
    again = client.form(url)
    assert again.status_code == 409 and "Nothing was quoted again" in again.get_data(as_text=True)
    db.session.expire_all()
    after = report_ops.get_section(world.team, "reflections")
    assert (after.version, after.body) == (once.version, once.body) and after.body.count(f"> {SHARED_WORDS}") == 1
    # the team edits the quotation in the section: it no longer holds exactly that text, so it may go in again
    report_ops.save_section(world.team, "reflections", after.body.replace("— Mo Member", "— Mo"), after.version,
                            world.member)
    assert client.get(url).status_code == 200
    assert client.form(url).status_code == 302


def test_a_private_reflection_cannot_be_quoted(make_client, world, pair):
    private_id, _shared, second = pair
    assert make_client(second).form(f"/teams/{world.team.id}/reflections/{private_id}/quote").status_code == 404
    response = make_client(world.member).form(f"/teams/{world.team.id}/reflections/{private_id}/quote")
    assert response.status_code == 409
    assert PRIVATE_WORDS not in (report_ops.get_section(world.team, "reflections").body or "")


def test_quoting_is_refused_once_submitted(make_client, world, pair):
    _private, shared_id, _second = pair
    world.submit()
    response = make_client(world.member).form(f"/teams/{world.team.id}/reflections/{shared_id}/quote")
    assert response.status_code == 409
    db.session.expire_all()
    assert SHARED_WORDS not in report_ops.get_section(world.team, "reflections").body


def test_quoting_is_refused_when_the_section_is_missing(world, pair):
    from workspace.report.models import Section

    _private, shared_id, _second = pair
    report_ops.sections_for(world.team)
    section = db.session.scalar(select(Section).where(Section.team_id == world.team.id, Section.key == "reflections"))
    db.session.delete(section)
    db.session.commit()
    with current_app.test_request_context(), pytest.raises(ops.QuoteRefused):
        ops.quote_in_report(world.team, db.session.get(Reflection, shared_id), world.member, "Mo Member")


# --- the API -------------------------------------------------------------------------------------


def test_the_api_lists_own_and_shared_and_hides_private(make_client, world, pair):
    private_id, shared_id, second = pair
    url = f"/api/v1/teams/{world.team.id}/reflections"
    assert {r["id"] for r in make_client(world.member).api("GET", url).get_json()["items"]} == {private_id, shared_id}
    assert {r["id"] for r in make_client(second).api("GET", url).get_json()["items"]} == {shared_id}
    assert {r["id"] for r in make_client(world.facilitator).api("GET", url).get_json()["items"]} == {shared_id}
    assert make_client(world.host).api("GET", url).status_code == 404
    for who in (second, world.facilitator, world.host, world.other_member):
        assert make_client(who).api("GET", f"{url}/{private_id}").status_code == 404


def test_the_api_writes_shares_and_guards_the_version(make_client, world):
    client = make_client(world.member)
    url = f"/api/v1/teams/{world.team.id}/reflections"
    made = client.api("POST", url, json={"body": "Through the API", "title": "API"})
    assert made.status_code == 201 and made.get_json()["shared"] is False
    rid, version = made.get_json()["id"], made.get_json()["version"]
    shared = client.api("PATCH", f"{url}/{rid}", json={"shared": True, "version": version})
    assert shared.status_code == 200 and shared.get_json()["shared"] is True
    stale = client.api("PATCH", f"{url}/{rid}", json={"body": "Late", "version": version})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == shared.get_json()["version"]
    assert client.api("POST", url, json={"body": "x", "mood": "fine"}).status_code == 422
    assert client.api("PATCH", f"{url}/{rid}", json={"shared": "yes"}).status_code == 422
    assert client.api("DELETE", f"{url}/{rid}").status_code == 204
    assert client.api("GET", f"{url}/{rid}").status_code == 404


# --- the Word report -----------------------------------------------------------------------------


def _word_text(team, audience: str) -> str:
    with current_app.test_request_context():
        result = build_report_docx(team, audience)
    document = docx.Document(io.BytesIO(result.docx))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


@pytest.mark.parametrize("audience", ["team", "assessor", "host"])
def test_the_word_report_never_carries_a_private_reflection(world, pair, audience):
    text = _word_text(world.team, audience)
    assert PRIVATE_WORDS not in text
    if audience == "host":
        assert SHARED_WORDS not in text
    else:
        assert SHARED_WORDS in text


def test_the_reflections_part_is_shared_only_and_absent_for_hosts(world, pair):
    from workspace.framework.export_parts_scope import reflection_parts

    parts = reflection_parts(world.team, "team")
    assert len(parts) == 1 and SHARED_WORDS in parts[0].markdown and PRIVATE_WORDS not in parts[0].markdown
    assert reflection_parts(world.team, "host") == []
    assert date(2026, 2, 10).strftime("%B %Y") in parts[0].markdown


# --- tags -----------------------------------------------------------------------------------------


def _a_behaviour(team) -> str:
    from workspace.framework.setup import ensure_framework, framework_of

    ensure_framework(team.cohort)
    framework = framework_of(team.cohort_id)
    return f"behaviour:{next(b for items in framework.themes.values() for b in items).id}"


@pytest.mark.parametrize("kind", ["private", "shared"])
def test_only_the_author_tags_a_reflection(make_client, world, pair, kind):
    private_id, shared_id, second = pair
    rid = private_id if kind == "private" else shared_id
    ref = _a_behaviour(world.team)
    page = f"/teams/{world.team.id}/reflections/{rid}"
    form = {"target_type": "reflection", "target_id": str(rid), "tag": ref, "next": page}
    for who in (second, world.facilitator, world.host):
        assert make_client(who).form(f"/teams/{world.team.id}/tags", form).status_code == 404, who.name
    assert make_client(world.member).form(f"/teams/{world.team.id}/tags", form).status_code == 302
    from workspace.framework.tag_queries import tags_of_item

    (tag,) = tags_of_item(world.team, "reflection", rid)
    # the tags show to those who read it; nobody but the author removes them
    html = make_client(second).get(page).get_data(as_text=True)
    assert (tag.name in html) == (kind == "shared")
    remove = f"/teams/{world.team.id}/tags/{tag.id}/remove"
    assert make_client(second).form(remove, {"next": page}).status_code == 404
    assert make_client(world.facilitator).form(remove, {"next": page}).status_code == 404
    world.submit()  # a reflection is personal: its tags stay the author's to change after submission
    assert make_client(world.member).form(remove, {"next": page}).status_code == 302
    assert tags_of_item(world.team, "reflection", rid) == []


def test_tags_show_on_the_list(make_client, world, pair):
    private_id, _shared, _second = pair
    from workspace.framework import tags as tag_ops
    from workspace.framework.tag_queries import tags_of_item

    tag_ops.add_tag(world.team, "reflection", private_id, _a_behaviour(world.team), world.member)
    name = tags_of_item(world.team, "reflection", private_id)[0].name
    assert name in make_client(world.member).get(f"/teams/{world.team.id}/reflections").get_data(as_text=True)


def test_many_shared_reflections_never_crowd_out_my_own(make_client, world, monkeypatch):
    from workspace.framework import reflection_views

    monkeypatch.setattr(reflection_views, "PAGE_LIMIT", 3)
    second = factories.make_user("Sol Second", "sol@example.org")
    factories.add_member(world.team, second, "member")
    db.session.commit()
    ops.create(world.team, world.member, {"written_on": "2025-01-01", "title": "My old one", "body": "Old"})
    for n in range(5):
        made = ops.create(world.team, second, {"written_on": f"2026-01-0{n + 1}", "title": f"Theirs {n}", "body": "x"})
        ops.set_shared(world.team, made, second, True)
    html = make_client(world.member).get(f"/teams/{world.team.id}/reflections").get_data(as_text=True)
    assert "My old one" in html and "Theirs 4" in html and "Theirs 1" not in html


def test_the_tags_api_lists_a_reflections_tags_only_to_those_who_read_it(make_client, world, pair):
    from workspace.framework import tags as tag_ops

    private_id, shared_id, second = pair
    ref = _a_behaviour(world.team)
    for rid in (private_id, shared_id):
        tag_ops.add_tag(world.team, "reflection", rid, ref, world.member)
    url = f"/api/v1/teams/{world.team.id}/tags?target_type=reflection"

    def tagged(who):
        response = make_client(who).api("GET", url)
        return {t["target_id"] for t in response.get_json()["items"]} if response.status_code == 200 else set()

    assert tagged(world.member) == {private_id, shared_id}
    assert tagged(second) == tagged(world.facilitator) == {shared_id}
    assert tagged(world.host) == set()
