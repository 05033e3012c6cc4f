"""The action log's pages: the log with its filters, sort, pages and overdue flag, an action and
its comments, adding, changing (a stale form keeps what was typed: 409), the quick status
change, deleting after a confirmation, the CSV (formula-safe), and a submitted team's 409."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from workspace.extensions import db
from workspace.qi import action_operations as ops
from workspace.qi import action_queries
from workspace.qi.models import Action, ChangeIdea, PdsaCycle
from workspace.stakeholders import operations as stakeholder_ops
from workspace.submitted import ReportSubmitted

from . import factories


def _today() -> date:
    return action_queries.today()


def _action(world, title="Book the discharge huddle", **values) -> Action:
    return ops.create(world.team, world.member, {"title": title, **values})


def _log(client, world, query: str = "") -> str:
    response = client.get(f"/teams/{world.team.id}/qi/actions{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def member(make_client, world):
    return make_client(world.member)


def test_an_empty_log_tells_a_new_team_what_to_do(member, world):
    page = _log(member, world)
    assert "No actions yet" in page and "Add the first action" in page


def test_add_an_action_with_every_field_and_links(member, world):
    cycle = PdsaCycle(team_id=world.team.id, title="Trusted assessor", status="running")
    idea = ChangeIdea(team_id=world.team.id, title="Discharge boxes")
    db.session.add_all([cycle, idea])
    db.session.commit()
    person = stakeholder_ops.create(world.team, world.member, {"name": "Helen Marsh", "category": "acute_trust",
                                                               "power": 4, "interest": 5}).stakeholder
    form = member.get(f"/teams/{world.team.id}/qi/actions/new").get_data(as_text=True)
    assert "Trusted assessor" in form and "Discharge boxes" in form and "Helen Marsh" in form
    response = member.form(f"/teams/{world.team.id}/qi/actions/new", {
        "title": "Agree the checklist", "detail": "With **ward 7**", "owner_id": str(world.member.id),
        "due_on": "31/03/2027", "status": "in_progress", "domain": "innovation", "pdsa_id": str(cycle.id),
        "change_idea_id": str(idea.id), "stakeholder_id": str(person.id)})
    assert response.status_code == 302
    action = db.session.query(Action).one()
    assert (action.title, action.owner_id, action.due_on, action.status, action.domain) == (
        "Agree the checklist", world.member.id, date(2027, 3, 31), "in_progress", "innovation")
    assert (action.pdsa_id, action.change_idea_id, action.stakeholder_id) == (cycle.id, idea.id, person.id)
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>ward 7</strong>" in page and "PDSA 1: Trusted assessor" in page and "Helen Marsh" in page
    assert "Innovation and Improvement" in page and 'id="comments"' in page


def test_a_linked_change_idea_is_a_link_in_the_log_on_the_page_and_named_in_the_csv(member, world):
    idea = ChangeIdea(team_id=world.team.id, title="Discharge boxes")
    db.session.add(idea)
    db.session.commit()
    action = _action(world, "Order the boxes", change_idea_id=idea.id)
    idea_url = f"/teams/{world.team.id}/qi/change-ideas/{idea.id}"
    assert f'Idea: <a href="{idea_url}">Discharge boxes</a>' in _log(member, world)
    page = member.get(f"/teams/{world.team.id}/qi/actions/{action.id}").get_data(as_text=True)
    assert f'<a href="{idea_url}">Discharge boxes</a>' in page
    rows = list(csv.DictReader(io.StringIO(
        member.get(f"/teams/{world.team.id}/qi/actions.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["change_idea"] == "Discharge boxes"


def test_bad_input_comes_back_with_what_was_typed(member, world):
    outsider = factories.make_user("Not In Team")
    response = member.form(f"/teams/{world.team.id}/qi/actions/new", {
        "title": "", "detail": "Keep this text", "owner_id": str(outsider.id), "due_on": "31/02/2027",
        "status": "finished", "domain": "nonsense"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "Keep this text" in page
    for message in ("Enter the title", "The owner must be a member of this team", "Due date must be a real date",
                    "Status must be one of", "Framework domain must be one of"):
        assert message in page
    assert db.session.query(Action).count() == 0


def test_links_must_be_the_teams_own(member, world):
    other_cycle = PdsaCycle(team_id=world.other_team.id, title="Theirs", status="running")
    db.session.add(other_cycle)
    db.session.commit()
    response = member.form(f"/teams/{world.team.id}/qi/actions/new", {
        "title": "Sneaky", "status": "open", "pdsa_id": str(other_cycle.id)})
    assert response.status_code == 422
    assert "choose one of this team&#39;s cycles" in response.get_data(as_text=True)


def test_the_log_filters_sorts_and_flags_overdue(member, world):
    today = _today()
    other = factories.make_user("Tom Whitfield")
    factories.add_member(world.team, other, "member")
    db.session.commit()
    _action(world, "Later", due_on=today + timedelta(days=20), owner_id=world.member.id)
    _action(world, "Late", due_on=today - timedelta(days=3), owner_id=other.id)
    _action(world, "Late but done", due_on=today - timedelta(days=3), status="done")
    _action(world, "Soon", due_on=today + timedelta(days=2), status="blocked")
    _action(world, "Whenever")
    page = _log(member, world)
    order = [page.index(f">{title}</a>") for title in ("Late", "Late but done", "Soon", "Later", "Whenever")]
    assert order == sorted(order)
    assert page.count('nhsuk-tag--red">Overdue') == 1  # done is never overdue
    assert ">Late</a>" in _log(member, world, "?due=overdue") and "Soon" not in _log(member, world, "?due=overdue")
    week = _log(member, world, "?due=week")
    assert "Soon" in week and "Later" not in week and "Late</a>" not in week
    assert "Whenever" in _log(member, world, "?due=none") and "Soon" not in _log(member, world, "?due=none")
    assert "Soon" in _log(member, world, "?status=blocked") and "Later" not in _log(member, world, "?status=blocked")
    mine = _log(member, world, f"?owner={world.member.id}")
    assert "Later" in mine and ">Late</a>" not in mine
    nobody = _log(member, world, "?owner=none")
    assert "Whenever" in nobody and "Later" not in nobody
    # nonsense filters are ignored on the page
    assert "Whenever" in _log(member, world, "?owner=abc&status=zzz&due=yesterday")


def test_the_log_is_paged(member, world):
    for n in range(action_queries.PER_PAGE + 3):
        db.session.add(Action(team_id=world.team.id, title=f"Action {n:03d}", status="open"))
    db.session.commit()
    first = _log(member, world)
    assert "Page 2 of 2" in first and "Action 052" not in first
    assert "Action 052" in _log(member, world, "?page=2")


def test_quick_status_change_keeps_the_filters(member, world):
    action = _action(world, "Ring the provider", due_on=_today() - timedelta(days=1))
    response = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/status",
                           {"status": "done", "version": str(action.version), "back": "due=overdue&page=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/teams/{world.team.id}/qi/actions?due=overdue&page=1#action-{action.id}"
    db.session.refresh(action)
    assert action.status == "done" and action.completed_on == _today()


def test_quick_status_change_from_an_old_page_is_409(member, world):
    action = _action(world, "Ring the provider")
    ops.update(world.team, action, world.member, {"title": "Ring the providers"})
    response = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/status",
                           {"status": "blocked", "version": "1", "back": ""})
    assert response.status_code == 409
    assert "Someone else changed this action" in response.get_data(as_text=True)
    db.session.refresh(action)
    assert action.status == "open"
    bad = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/status", {"status": "sideways"})
    assert bad.status_code == 422


def test_a_stale_edit_is_409_and_keeps_what_was_typed(member, world):
    action = _action(world, "Draft the leaflet")
    form = member.get(f"/teams/{world.team.id}/qi/actions/{action.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form or 'value="1"' in form
    ops.update(world.team, action, world.member, {"status": "in_progress"})
    response = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/edit", {
        "title": "Draft the patient leaflet", "status": "open", "version": "1"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and "Draft the patient leaflet" in page and 'value="2"' in page
    db.session.refresh(action)
    assert action.title == "Draft the leaflet"
    again = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/edit", {
        "title": "Draft the patient leaflet", "status": "open", "version": "2"})
    assert again.status_code == 302
    db.session.refresh(action)
    assert action.title == "Draft the patient leaflet"


def test_delete_asks_first(member, world):
    action = _action(world, "Remove me")
    page = member.get(f"/teams/{world.team.id}/qi/actions/{action.id}/delete")
    assert page.status_code == 200 and "Delete action" in page.get_data(as_text=True)
    assert db.session.get(Action, action.id).deleted_at is None  # GET changes nothing
    response = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/delete")
    assert response.status_code == 302
    assert member.get(f"/teams/{world.team.id}/qi/actions/{action.id}").status_code == 404
    assert "Remove me" not in _log(member, world)


def test_another_teams_action_is_404(make_client, world):
    theirs = ops.create(world.other_team, world.other_member, {"title": "Theirs"})
    member = make_client(world.member)
    base = f"/teams/{world.team.id}/qi/actions/{theirs.id}"
    assert member.get(base).status_code == 404
    assert member.get(f"{base}/edit").status_code == 404
    assert member.form(f"{base}/status", {"status": "done"}).status_code == 404


def test_a_host_reads_and_comments_but_does_not_change(make_client, world):
    action = _action(world, "Ask the ward managers")
    host = make_client(world.host)
    page = host.get(f"/teams/{world.team.id}/qi/actions").get_data(as_text=True)
    assert "Ask the ward managers" in page and "Add an action" not in page and "app-status-form" not in page
    detail = host.get(f"/teams/{world.team.id}/qi/actions/{action.id}").get_data(as_text=True)
    assert 'id="comment-form"' in detail and "Delete" not in detail
    assert host.get(f"/teams/{world.team.id}/qi/actions/new").status_code == 403


def test_a_host_never_sees_a_confidential_stakeholders_name(make_client, world):
    secret = stakeholder_ops.create(world.team, world.member, {"name": "Secret Sam", "category": "icb", "power": 5,
                                                               "interest": 1, "confidential": True}).stakeholder
    action = _action(world, "Brief them", stakeholder_id=secret.id)
    host = make_client(world.host)
    assert "Secret Sam" not in host.get(f"/teams/{world.team.id}/qi/actions").get_data(as_text=True)
    assert "Secret Sam" not in host.get(f"/teams/{world.team.id}/qi/actions/{action.id}").get_data(as_text=True)
    assert "Secret Sam" not in host.get(f"/teams/{world.team.id}/qi/actions.csv").get_data(as_text=True)
    assert "Secret Sam" in make_client(world.member).get(f"/teams/{world.team.id}/qi/actions").get_data(as_text=True)


def test_the_csv_is_formula_safe_and_filtered(member, world):
    _action(world, "=HYPERLINK(\"http://evil\")", detail="+1", due_on=_today() - timedelta(days=1),
            owner_id=world.member.id, domain="learning")
    _action(world, "Plain", status="done")
    response = member.get(f"/teams/{world.team.id}/qi/actions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(\"http://evil\")", "Plain"]
    first = rows[0]
    assert (first["detail"], first["owner"], first["overdue"], first["domain"], first["status"]) == (
        "'+1", "Mo Member", "yes", "Learning and Capacity Building", "Open")
    only_done = member.get(f"/teams/{world.team.id}/qi/actions.csv?status=done").get_data(as_text=True)
    assert "Plain" in only_done and "HYPERLINK" not in only_done


def test_a_submitted_team_answers_its_edit_pages_with_409(member, world):
    action = _action(world, "Frozen")
    world.submit()
    base = f"/teams/{world.team.id}/qi/actions"
    assert member.get(f"{base}/new").status_code == 409
    assert member.get(f"{base}/{action.id}/edit").status_code == 409
    assert member.form(f"{base}/{action.id}/status", {"status": "done"}).status_code == 409
    assert member.form(f"{base}/{action.id}/delete").status_code == 409
    page = member.get(base).get_data(as_text=True)
    assert "Frozen" in page and "Add an action" not in page and "shown as submitted" in page
    with pytest.raises(ReportSubmitted):
        ops.create(world.team, world.member, {"title": "Too late"})


def test_the_log_holds_a_bounded_number_of_actions(world, monkeypatch):
    from workspace.errors import ValidationProblem

    monkeypatch.setattr(ops, "MAX_ACTIONS", 2)
    _action(world, "One")
    _action(world, "Two")
    with pytest.raises(ValidationProblem):
        _action(world, "Three")


def test_text_limits(world):
    from workspace.errors import ValidationProblem
    from workspace.qi.models import TEXT_MAX, TITLE_MAX

    with pytest.raises(ValidationProblem) as refused:
        _action(world, "x" * (TITLE_MAX + 1), detail="y" * (TEXT_MAX + 1))
    assert set(refused.value.fields) == {"title", "detail"}


def test_the_status_form_on_an_actions_page_returns_there(member, world):
    action = _action(world, "Call the ward sister")
    response = member.form(f"/teams/{world.team.id}/qi/actions/{action.id}/status",
                           {"status": "blocked", "version": str(action.version), "from": "action"})
    assert response.headers["Location"] == f"/teams/{world.team.id}/qi/actions/{action.id}"
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "is now blocked" in page and 'nhsuk-tag--orange">Blocked' in page


def test_the_stakeholder_names_the_log_reads(world):
    """stakeholders.queries.names_of: live stakeholders only, confidential ones for full viewers
    only, narrowed to ids, and an empty list asks nothing."""
    from tests.querycount import counting_queries
    from workspace.stakeholders.queries import names_of

    open_one = stakeholder_ops.create(world.team, world.member, {"name": "Zoe Open", "category": "icb", "power": 2,
                                                                 "interest": 2}).stakeholder
    secret = stakeholder_ops.create(world.team, world.member, {"name": "Amy Secret", "category": "icb", "power": 2,
                                                               "interest": 2, "confidential": True}).stakeholder
    gone = stakeholder_ops.create(world.team, world.member, {"name": "Bo Gone", "category": "icb", "power": 2,
                                                             "interest": 2}).stakeholder
    stakeholder_ops.delete(world.team, gone, world.member)
    stakeholder_ops.create(world.other_team, world.other_member, {"name": "Other Team's", "category": "icb",
                                                                  "power": 2, "interest": 2})
    assert names_of(world.team, True) == {secret.id: "Amy Secret", open_one.id: "Zoe Open"}
    assert names_of(world.team, False) == {open_one.id: "Zoe Open"}
    assert names_of(world.team, True, [secret.id, gone.id]) == {secret.id: "Amy Secret"}
    with counting_queries(db.engine) as seen:
        assert names_of(world.team, True, []) == {}
    assert seen == []
