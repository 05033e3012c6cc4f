"""PDSA cycles: the pages (list grouped into ramps with a status filter, a cycle's four parts,
new / "start the next cycle" / edit / delete) and the rules (follows a cycle of the same idea,
never a loop; the end not before the start; the team's measures only; stale writes 409)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.qi import pdsa_operations as ops
from workspace.qi import plan_operations as plan_ops
from workspace.qi.models import Measure, PdsaCycle, PdsaMeasure


def _url(world, path: str = "") -> str:
    return f"/teams/{world.team.id}/qi{path}"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _measure(team, member, name="Days from fit to discharge") -> Measure:
    measure = Measure(team_id=team.id, name=name, created_by_id=member.id, updated_by_id=member.id)
    db.session.add(measure)
    db.session.commit()
    return measure


@pytest.fixture
def ideas(world):
    a = plan_ops.add_idea(world.team, world.member, {"title": "Saturday physio"})
    b = plan_ops.add_idea(world.team, world.member, {"title": "Discharge checklist"})
    return a, b


def _cycle(world, idea, title="Week one", **extra) -> PdsaCycle:
    return ops.create_cycle(world.team, world.member, {"change_idea_id": idea.id, "title": title, **extra})


FORM = {"change_idea_id": "", "follows_id": "", "title": "One ward for a week", "status": "running",
        "started_on": "2027-01-04", "ended_on": "", "objective": "Test the checklist", "questions": "",
        "prediction": "Fewer **delays**", "plan": "", "data_to_collect": "", "what_happened": "", "observations": "",
        "study": "", "decision": "", "next_step": "", "version": ""}


def test_an_empty_list_says_what_to_do(make_client, world):
    page = _text(make_client(world.member).get(_url(world, "/pdsa")))
    assert "No PDSA cycles yet" in page and "New cycle" in page


def test_create_a_cycle_with_its_measures_and_read_its_four_parts(make_client, world, ideas):
    measure = _measure(world.team, world.member)
    member = make_client(world.member)
    form = _text(member.get(_url(world, "/pdsa/new")))
    assert "Saturday physio" in form and f'id="measure-{measure.id}"' in form
    answer = member.form(_url(world, "/pdsa/new"), {**FORM, "change_idea_id": str(ideas[0].id),
                                                   "measure_ids": [str(measure.id)]})
    cycle = db.session.scalar(select(PdsaCycle))
    assert answer.status_code == 302 and answer.headers["Location"] == _url(world, f"/pdsa/{cycle.id}")
    assert ops.measure_ids_of(cycle) == [measure.id]
    page = _text(member.get(_url(world, f"/pdsa/{cycle.id}")))
    for part in ("Plan", "Do", "Study", "Act"):
        assert f"</span> {part}</h2>" in page
    assert "<strong>delays</strong>" in page and "Days from fit to discharge" in page
    assert 'id="comments"' in page and "Start the next cycle" in page


def test_a_refused_form_keeps_what_was_typed(make_client, world, ideas):
    member = make_client(world.member)
    answer = member.form(_url(world, "/pdsa/new"), {**FORM, "change_idea_id": str(ideas[0].id),
                                                   "started_on": "2027-02-10", "ended_on": "2027-02-01",
                                                   "objective": "My careful objective"})
    assert answer.status_code == 422
    assert "The end date cannot be before the start date" in _text(answer)
    assert "My careful objective" in _text(answer)
    missing = member.form(_url(world, "/pdsa/new"), {**FORM})
    assert missing.status_code == 422 and "Choose the change idea this cycle tests" in _text(missing)
    assert db.session.scalar(select(PdsaCycle)) is None


def test_start_the_next_cycle_prefills_the_idea_and_follows(make_client, world, ideas):
    first = _cycle(world, ideas[0], next_step="Try it on two wards")
    page = _text(make_client(world.member).get(_url(world, f"/pdsa/new?follows={first.id}")))
    assert f'<option value="{first.id}" selected' in page
    assert f'<option value="{ideas[0].id}" selected' in page
    assert "Try it on two wards" in page


def test_a_ramp_refuses_a_loop_another_idea_and_itself(world, ideas):
    a, b = ideas
    one = _cycle(world, a, "One")
    two = _cycle(world, a, "Two", follows_id=one.id)
    three = _cycle(world, a, "Three", follows_id=two.id)
    with pytest.raises(ValidationProblem, match="loop"):
        ops.update_cycle(world.team, world.member, one, {"follows_id": three.id})
    db.session.rollback()
    with pytest.raises(ValidationProblem, match="itself"):
        ops.update_cycle(world.team, world.member, one, {"follows_id": one.id})
    db.session.rollback()
    with pytest.raises(ValidationProblem, match="same change idea"):
        _cycle(world, b, "Other idea", follows_id=one.id)
    db.session.rollback()
    # several cycles can run at once, following the same one
    _cycle(world, a, "Two bis", follows_id=one.id, status="running")
    assert ops.update_cycle(world.team, world.member, two, {"status": "running"}).status == "running"


def test_a_cycle_takes_only_the_teams_live_measures(world, ideas):
    theirs = _measure(world.other_team, world.other_member)
    with pytest.raises(ValidationProblem, match="this team's measures"):
        ops.create_cycle(world.team, world.member, {"change_idea_id": ideas[0].id, "title": "X"}, [theirs.id])
    db.session.rollback()
    with pytest.raises(ValidationProblem, match="measure_ids must be a list"):
        ops.create_cycle(world.team, world.member, {"change_idea_id": ideas[0].id, "title": "X"}, "7")


def test_the_list_groups_ramps_and_filters_by_status(make_client, world, ideas):
    a, b = ideas
    one = _cycle(world, a, "First test", status="complete", decision="adapt")
    _cycle(world, a, "Second test", follows_id=one.id, status="running")
    _cycle(world, b, "Checklist trial", status="planned")
    member = make_client(world.member)
    page = _text(member.get(_url(world, "/pdsa")))
    assert page.index("Discharge checklist") < page.index("Saturday physio")  # ideas by title
    assert page.index("First test") < page.index("Second test") and "follows PDSA 1" in page
    running = _text(member.get(_url(world, "/pdsa?status=running")))
    assert "Second test" in running and "Checklist trial" not in running and "First test" not in running
    assert "No abandoned cycles" in _text(member.get(_url(world, "/pdsa?status=abandoned")))
    assert member.get(_url(world, "/pdsa?status=<script>")).status_code == 200


def test_a_stale_edit_is_409_and_keeps_what_was_typed(make_client, world, ideas):
    cycle = _cycle(world, ideas[0])
    member = make_client(world.member)
    ops.update_cycle(world.team, world.member, cycle, {"status": "running"})  # someone else, meanwhile
    answer = member.form(_url(world, f"/pdsa/{cycle.id}/edit"), {**FORM, "change_idea_id": str(ideas[0].id),
                                                                "title": "My new title", "version": "1"})
    assert answer.status_code == 409
    assert "My new title" in _text(answer) and "Someone else changed" in _text(answer)
    db.session.expire_all()
    assert db.session.get(PdsaCycle, cycle.id).title == "Week one"


def test_edit_and_delete_keep_the_ramp_in_one_piece(make_client, world, ideas):
    a, _ = ideas
    one = _cycle(world, a, "One")
    two = _cycle(world, a, "Two", follows_id=one.id)
    three = _cycle(world, a, "Three", follows_id=two.id)
    member = make_client(world.member)
    edit = _text(member.get(_url(world, f"/pdsa/{two.id}/edit")))
    assert f'name="version" type="hidden" value="{two.version}"' in edit
    confirm = _text(member.get(_url(world, f"/pdsa/{two.id}/delete")))
    assert "Delete cycle" in confirm and "Three" in confirm
    assert member.form(_url(world, f"/pdsa/{two.id}/delete")).headers["Location"] == _url(world, "/pdsa")
    db.session.expire_all()
    assert db.session.get(PdsaCycle, three.id).follows_id == one.id
    assert member.get(_url(world, f"/pdsa/{two.id}")).status_code == 404


def test_another_teams_cycle_is_404_and_a_submitted_team_409(make_client, world, ideas):
    cycle = _cycle(world, ideas[0])
    other = make_client(world.other_member)
    assert other.get(f"/teams/{world.other_team.id}/qi/pdsa/{cycle.id}").status_code == 404
    assert other.get(f"/teams/{world.other_team.id}/qi/pdsa/{cycle.id}/edit").status_code == 404
    world.submit()
    member = make_client(world.member)
    assert member.get(_url(world, f"/pdsa/{cycle.id}")).status_code == 200
    assert member.get(_url(world, f"/pdsa/{cycle.id}/edit")).status_code == 409
    assert member.form(_url(world, "/pdsa/new"), {**FORM, "change_idea_id": str(ideas[0].id)}).status_code == 409


# --- the API -----------------------------------------------------------------------------------


def _api(world, path: str = "") -> str:
    return f"/api/v1/teams/{world.team.id}/pdsa{path}"


def test_api_create_read_patch_delete(make_client, world, ideas):
    measure = _measure(world.team, world.member)
    member = make_client(world.member)
    made = member.api("POST", _api(world), json={"change_idea": ideas[0].id, "title": "API cycle", "act": "adopt",
                                                 "do": "It went well", "started_on": "2027-01-04",
                                                 "measure_ids": [measure.id]})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["change_idea_id"] == ideas[0].id and body["decision"] == "adopt" and body["measure_ids"] == [measure.id]
    assert body["what_happened"] == "It went well" and body["label"] == "PDSA 1"
    cycle_id = body["id"]
    listed = member.api("GET", _api(world)).get_json()
    assert [c["id"] for c in listed["items"]] == [cycle_id] and listed["next"] is None
    patched = member.api("PATCH", _api(world, f"/{cycle_id}"), json={"status": "complete", "version": body["version"],
                                                                     "measure_ids": []})
    assert patched.status_code == 200 and patched.get_json()["measure_ids"] == []
    stale = member.api("PATCH", _api(world, f"/{cycle_id}"), json={"status": "running", "version": body["version"]})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == patched.get_json()["version"]
    again = member.api("PATCH", _api(world, f"/{cycle_id}"), json={"title": "Renamed",
                                                                    "base_version": patched.get_json()["version"]})
    assert again.status_code == 200 and again.get_json()["title"] == "Renamed"
    assert member.api("PATCH", _api(world, f"/{cycle_id}"), json={"title": "X", "base_version": 1,
                                                                   "version": 1}).status_code == 422
    assert member.api("DELETE", _api(world, f"/{cycle_id}")).status_code == 204
    assert member.api("GET", _api(world, f"/{cycle_id}")).status_code == 404
    assert db.session.scalar(select(PdsaMeasure)) is None


@pytest.mark.parametrize("body", [
    {"title": "No idea"},
    {"change_idea_id": "seven", "title": "X"},
    {"change_idea_id": 1, "title": "X", "status": "finished"},
    {"change_idea_id": 1, "title": "X", "started_on": "31/02/2027"},
    {"change_idea_id": 1, "title": "X", "colour": "red"},
    {"change_idea_id": 1, "title": ["X"]},
    {"change_idea_id": 1, "title": "X", "measure_ids": [True]},
    {"change_idea_id": 1, "change_idea": 1, "title": "X"},
])
def test_api_bad_input_is_4xx_never_500(make_client, world, ideas, body):
    if body.get("change_idea_id") == 1:
        body = {**body, "change_idea_id": ideas[0].id}
    answer = make_client(world.member).api("POST", _api(world), json=body)
    assert 400 <= answer.status_code < 500 and "error" in answer.get_json()


def test_api_another_teams_cycle_is_404(make_client, world, ideas):
    cycle = _cycle(world, ideas[0])
    other = make_client(world.other_member)
    url = f"/api/v1/teams/{world.other_team.id}/pdsa/{cycle.id}"
    assert other.api("GET", url).status_code == 404
    assert other.api("PATCH", url, json={"title": "Mine"}).status_code == 404
    # and an idea of another team is not one to test
    theirs = plan_ops.add_idea(world.other_team, world.other_member, {"title": "Theirs"})
    answer = make_client(world.member).api("POST", _api(world), json={"change_idea_id": theirs.id, "title": "X"})
    assert answer.status_code == 422


def test_the_openapi_document_lists_the_models_choices():
    import importlib

    from workspace.qi import models

    openapi = importlib.import_module("workspace.api.openapi")

    assert tuple(openapi.PDSA_STATUSES) == models.PDSA_STATUSES
    assert tuple(openapi.PDSA_DECISIONS) == models.PDSA_DECISIONS


def test_api_driver_diagram(make_client, world, ideas):
    primary = plan_ops.add_driver(world.team, world.member, "Timely assessment")
    secondary = plan_ops.add_driver(world.team, world.member, "Weekend therapy", primary.id)
    plan_ops.place_idea(world.team, world.member, ideas[0], secondary.id)
    body = make_client(world.host).api("GET", f"/api/v1/teams/{world.team.id}/driver-diagram").get_json()
    assert body["primaries"][0]["secondaries"][0]["ideas"][0]["title"] == "Saturday physio"
    assert [i["title"] for i in body["unplaced"]] == ["Discharge checklist"]


def test_the_form_groups_the_cycles_to_follow_by_idea_and_escapes_titles(make_client, world):
    idea = plan_ops.add_idea(world.team, world.member, {"title": "A <b>bold</b> idea"})
    first = _cycle(world, idea, "Week <i>one</i>")
    page = _text(make_client(world.member).get(_url(world, "/pdsa/new")))
    assert '<optgroup label="A &lt;b&gt;bold&lt;/b&gt; idea">' in page
    assert f'<option value="{first.id}">PDSA 1: Week &lt;i&gt;one&lt;/i&gt;</option></optgroup>' in page
    assert "<b>bold" not in page and "<i>one" not in page


def test_the_host_comments_on_a_cycle_and_the_thread_shows_on_its_page(make_client, world, ideas):
    cycle = _cycle(world, ideas[0])
    host = make_client(world.host)
    page = _text(host.get(_url(world, f"/pdsa/{cycle.id}")))
    assert f'action="/teams/{world.team.id}/comments/on/pdsa/{cycle.id}"' in page
    answer = host.form(f"/teams/{world.team.id}/comments/on/pdsa/{cycle.id}", {"body": "Which ward first?"})
    assert answer.status_code == 302 and answer.headers["Location"].startswith(_url(world, f"/pdsa/{cycle.id}#comment-"))
    assert "Which ward first?" in _text(host.get(_url(world, f"/pdsa/{cycle.id}")))
    assert "Edit this cycle" not in page  # a host reads and comments, never edits


def test_the_cycles_of_a_team_are_bounded(world, ideas, monkeypatch):
    monkeypatch.setattr(ops, "MAX_CYCLES", 2)
    _cycle(world, ideas[0], "One")
    _cycle(world, ideas[0], "Two")
    with pytest.raises(ValidationProblem, match="at most 2 PDSA cycles"):
        _cycle(world, ideas[0], "Three")


def test_ideas_under_a_driver_are_bounded(world, monkeypatch):
    monkeypatch.setattr(plan_ops, "MAX_IDEAS_PER_DRIVER", 2)
    primary = plan_ops.add_driver(world.team, world.member, "P")
    secondary = plan_ops.add_driver(world.team, world.member, "S", primary.id)
    for n in range(2):
        plan_ops.add_idea(world.team, world.member, {"title": f"Idea {n}", "driver_id": secondary.id})
    loose = plan_ops.add_idea(world.team, world.member, {"title": "Loose"})
    with pytest.raises(ValidationProblem, match="at most 2 change ideas"):
        plan_ops.place_idea(world.team, world.member, loose, secondary.id)
    db.session.rollback()
    monkeypatch.setattr(plan_ops, "MAX_IDEAS", 3)
    with pytest.raises(ValidationProblem, match="at most 3 change ideas"):
        plan_ops.add_idea(world.team, world.member, {"title": "One more"})
