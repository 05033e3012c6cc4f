"""The aim and the driver diagram: the aim page (SMART parts, a suggested statement, a stale save
keeps what was typed), the tree editor as plain forms (add, rename, move, move under another
parent, delete after confirming; bounds), a pain point made into a change idea and back, and
the change idea's page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from workspace.extensions import db
from workspace.processes import operations as process_ops
from workspace.processes import queries as process_queries
from workspace.qi import plan_operations as ops
from workspace.qi import queries
from workspace.qi.models import Aim, ChangeIdea, Driver


def _url(world, path: str = "") -> str:
    return f"/teams/{world.team.id}/qi{path}"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _tree(world):
    """Aim, two primaries, a secondary under the first with two ideas, one unplaced idea."""
    team, member = world.team, world.member
    ops.save_aim(team, member, {"what": "Reduce delayed discharges", "how_much": "20%", "by_when": "2027-03-31",
                                "for_whom": "patients on Ward 7", "statement": "Fewer delays on Ward 7."})
    first = ops.add_driver(team, member, "Timely assessment")
    second = ops.add_driver(team, member, "Family involvement")
    secondary = ops.add_driver(team, member, "Therapy on the weekend", first.id)
    a = ops.add_idea(team, member, {"title": "Saturday physio", "driver_id": secondary.id})
    b = ops.add_idea(team, member, {"title": "Discharge checklist", "driver_id": secondary.id})
    loose = ops.add_idea(team, member, {"title": "Ring families on day 1"})
    return first, second, secondary, a, b, loose


# --- the aim ---------------------------------------------------------------------------------------


def test_the_aim_page_explains_smart_and_saves_the_parts(make_client, world):
    member = make_client(world.member)
    page = _text(member.get(_url(world, "/aim")))
    assert "not written its aim yet" in page and "SMART" in page
    answer = member.form(_url(world, "/aim"), {"what": "Reduce delayed discharges", "how_much": "from 9 days to 5",
                                               "by_when": "31/03/2027", "for_whom": "patients on Ward 7",
                                               "statement": "", "version": ""})
    assert answer.status_code == 302
    aim = db.session.scalar(select(Aim).where(Aim.team_id == world.team.id))
    assert aim.by_when.isoformat() == "2027-03-31" and aim.statement == ""
    page = _text(member.get(_url(world, "/aim")))
    suggested = "To reduce delayed discharges from 9 days to 5 for patients on Ward 7 by 31 March 2027."
    assert suggested in page and "Use this statement" in page


def test_a_stale_aim_save_is_409_and_keeps_what_was_typed(make_client, world):
    ops.save_aim(world.team, world.member, {"what": "Fewer delays", "how_much": "", "by_when": "", "for_whom": "",
                                            "statement": "First"})
    member = make_client(world.member)
    ops.save_aim(world.team, world.member, {"what": "Fewer delays", "how_much": "", "by_when": "", "for_whom": "",
                                            "statement": "Someone else's"})
    answer = member.form(_url(world, "/aim"), {"what": "Mine", "how_much": "", "by_when": "", "for_whom": "",
                                               "statement": "My typed statement", "version": "1"})
    assert answer.status_code == 409
    assert "My typed statement" in _text(answer) and "Someone else changed" in _text(answer)
    assert queries.aim_of(world.team).statement == "Someone else's"


def test_a_first_aim_written_meanwhile_is_not_overwritten(make_client, world):
    member = make_client(world.member)
    assert 'name="version" type="hidden" value=""' in _text(member.get(_url(world, "/aim")))
    ops.save_aim(world.team, world.host, {"what": "Theirs", "statement": "Their aim"})  # meanwhile
    answer = member.form(_url(world, "/aim"), {"what": "Mine", "statement": "My aim", "version": ""})
    assert answer.status_code == 409 and "My aim" in _text(answer)
    assert queries.aim_of(world.team).statement == "Their aim"


def test_a_bad_aim_date_is_refused_with_the_typed_values(make_client, world):
    answer = make_client(world.member).form(_url(world, "/aim"), {"what": "X", "by_when": "next spring",
                                                                  "statement": "Kept", "version": ""})
    assert answer.status_code == 422
    assert "By when must be a real date" in _text(answer) and "Kept" in _text(answer)


def test_a_host_reads_the_aim_without_a_form(make_client, world):
    _tree(world)
    page = _text(make_client(world.host).get(_url(world, "/aim")))
    assert "Fewer delays on Ward 7." in page and 'name="statement"' not in page


# --- the tree --------------------------------------------------------------------------------------


def test_the_drivers_page_draws_the_diagram_and_the_tree(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    page = _text(make_client(world.member).get(_url(world, "/drivers")))
    assert '<svg' in page and 'role="img"' in page and "Saturday physio" in page
    # the nested list is the text alternative; the unplaced idea is offered a place
    assert f'id="driver-{first.id}"' in page and f'id="idea-{loose.id}"' in page
    assert "Change ideas not yet placed" in page and f'id="place-{loose.id}"' in page
    assert ' style="' not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_an_empty_diagram_says_what_to_do(make_client, world):
    page = _text(make_client(world.member).get(_url(world, "/drivers")))
    assert "No drivers yet" in page and "Write the aim" in page and "New primary driver" in page


def test_add_rename_move_and_reparent_with_plain_forms(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    assert member.form(_url(world, "/drivers"), {"title": "Workforce", "parent_id": str(second.id)}).status_code == 302
    other = db.session.scalar(select(Driver).where(Driver.title == "Workforce"))
    assert other.level == "secondary" and other.parent_id == second.id
    assert member.form(_url(world, f"/drivers/{first.id}/rename"), {"title": "Assessment on time"}).status_code == 302
    assert member.form(_url(world, f"/drivers/{second.id}/move"), {"direction": "up"}).status_code == 302
    tree = queries.driver_tree(world.team)
    assert [p.title for p in tree.primaries] == ["Family involvement", "Assessment on time"]
    assert member.form(_url(world, f"/change-ideas/{b.id}/move"), {"direction": "up"}).status_code == 302
    assert member.form(_url(world, f"/drivers/{secondary.id}/parent"), {"parent_id": str(second.id)}).status_code == 302
    tree = queries.driver_tree(world.team)
    moved = tree.primaries[0].children
    assert [s.title for s in moved] == ["Workforce", "Therapy on the weekend"]
    assert [i.title for i in moved[1].ideas] == ["Discharge checklist", "Saturday physio"]
    assert member.form(_url(world, f"/change-ideas/{loose.id}/place"), {"driver_id": str(other.id)}).status_code == 302
    assert [i.title for i in queries.driver_tree(world.team).primaries[0].children[0].ideas] == ["Ring families on day 1"]
    assert queries.driver_tree(world.team).unplaced == ()


def test_a_bad_add_comes_back_with_what_was_typed(make_client, world):
    first, *_ = _tree(world)
    member = make_client(world.member)
    answer = member.form(_url(world, "/drivers"), {"title": "x" * 201, "parent_id": str(first.id)})
    assert answer.status_code == 422 and "200 characters or fewer" in _text(answer)
    assert "x" * 201 in _text(answer)
    # a secondary cannot be the parent of a driver; a driver not in the diagram is one deleted meanwhile
    secondary = ops.add_driver(world.team, world.member, "Under", first.id)
    deep = member.form(_url(world, "/drivers"), {"title": "Deep", "parent_id": str(secondary.id)})
    assert deep.status_code == 422 and "Choose one of this diagram&#39;s primary drivers" in _text(deep)
    assert member.form(_url(world, "/drivers"), {"title": "Deep", "parent_id": "999999"}).status_code == 409


def _deleted_meanwhile(world, record):
    """What another tab did while this one's page was open."""
    if isinstance(record, Driver):
        ops.delete_driver(world.team, world.member, record)
    else:
        ops.delete_idea(world.team, world.member, record)


def test_adding_under_a_driver_deleted_meanwhile_keeps_what_was_typed(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    _deleted_meanwhile(world, secondary)
    answer = member.form(_url(world, "/change-ideas"), {"title": "Tea round at 10", "driver_id": str(secondary.id)})
    page = _text(answer)
    assert answer.status_code == 409
    assert "That secondary driver has been deleted (perhaps in another tab); choose another" in page
    assert 'id="retry-title" name="title" type="text" maxlength="200" value="Tea round at 10"' in page
    assert 'href="#retry-choice"' in page and 'id="retry-choice-error"' in page
    assert db.session.scalar(select(ChangeIdea).where(ChangeIdea.title == "Tea round at 10")) is None
    # the kept form posts to the same place with another driver chosen
    assert f'action="/teams/{world.team.id}/qi/change-ideas"' in page and 'name="driver_id"' in page

    _deleted_meanwhile(world, second)
    answer = member.form(_url(world, "/drivers"), {"title": "Ward huddles", "parent_id": str(second.id)})
    page = _text(answer)
    assert answer.status_code == 409
    assert "That primary driver has been deleted (perhaps in another tab); choose another" in page
    assert 'value="Ward huddles"' in page and 'name="parent_id"' in page


def test_changing_a_node_deleted_meanwhile_says_so(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    _deleted_meanwhile(world, second)
    _deleted_meanwhile(world, b)
    renamed = member.form(_url(world, f"/drivers/{second.id}/rename"), {"title": "Families first"})
    assert renamed.status_code == 409
    assert "That driver has been deleted (perhaps in another tab), so “Families first” was not saved." in \
        _text(renamed).replace("&#34;", '"')
    for url, data, what in ((f"/drivers/{second.id}/move", {"direction": "up"}, "driver"),
                            (f"/drivers/{second.id}/parent", {"parent_id": str(first.id)}, "driver"),
                            (f"/change-ideas/{b.id}/move", {"direction": "up"}, "change idea"),
                            (f"/change-ideas/{b.id}/place", {"driver_id": ""}, "change idea")):
        answer = member.form(_url(world, url), data)
        assert answer.status_code == 409, url
        assert f"That {what} has been deleted (perhaps in another tab)" in _text(answer), url


def test_moving_under_a_driver_deleted_meanwhile_keeps_that_form_open(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    ops.add_driver(world.team, world.member, "Third")
    _deleted_meanwhile(world, second)
    moved = member.form(_url(world, f"/drivers/{secondary.id}/parent"), {"parent_id": str(second.id)})
    page = _text(moved)
    assert moved.status_code == 409 and f'id="parent-{secondary.id}-error"' in page
    assert "That primary driver has been deleted (perhaps in another tab); choose another" in page
    assert f'href="#parent-{secondary.id}"' in page
    extra = ops.add_driver(world.team, world.member, "Spare", first.id)
    _deleted_meanwhile(world, extra)
    placed = member.form(_url(world, f"/change-ideas/{loose.id}/place"), {"driver_id": str(extra.id)})
    page = _text(placed)
    assert placed.status_code == 409 and f'id="place-{loose.id}-error"' in page
    assert "That secondary driver has been deleted (perhaps in another tab); choose another" in page
    assert re.search(rf'<details class="nhsuk-details app-qi-node__change" open>\s*<summary[^>]*>.*?Change'
                     rf'<span class="nhsuk-u-visually-hidden"> {loose.title}', page)


def test_a_refused_rename_keeps_what_was_typed(make_client, world):
    first, *_ = _tree(world)
    member = make_client(world.member)
    answer = member.form(_url(world, f"/drivers/{first.id}/rename"), {"title": "y" * 201})
    page = _text(answer)
    assert answer.status_code == 422 and f'id="rename-{first.id}-error"' in page
    assert f'id="rename-{first.id}" name="title" type="text" maxlength="200" value="{"y" * 201}"' in page


def test_the_tree_is_bounded(make_client, world):
    for n in range(ops.MAX_PRIMARIES):
        ops.add_driver(world.team, world.member, f"Driver {n}")
    answer = make_client(world.member).form(_url(world, "/drivers"), {"title": "One too many"})
    assert answer.status_code == 422 and f"at most {ops.MAX_PRIMARIES} primary drivers" in _text(answer)


def test_deleting_a_primary_asks_first_and_keeps_its_ideas_unplaced(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    confirm = _text(member.get(_url(world, f"/drivers/{first.id}/delete")))
    assert "Therapy on the weekend" in confirm and "Saturday physio" in confirm and "Delete driver" in confirm
    assert db.session.get(Driver, first.id) is not None  # GET changed nothing
    assert member.form(_url(world, f"/drivers/{first.id}/delete")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Driver, first.id) is None and db.session.get(Driver, secondary.id) is None
    assert {i.title for i in queries.driver_tree(world.team).unplaced} == {"Saturday physio", "Discharge checklist",
                                                                         "Ring families on day 1"}


def test_deleting_a_change_idea_asks_first(make_client, world):
    *_, a, b, loose = _tree(world)
    member = make_client(world.member)
    assert "Delete change idea" in _text(member.get(_url(world, f"/change-ideas/{a.id}/delete")))
    assert member.form(_url(world, f"/change-ideas/{a.id}/delete")).status_code == 302
    db.session.expire_all()
    assert db.session.get(ChangeIdea, a.id) is None


def test_another_teams_driver_or_idea_is_404(make_client, world):
    first, *_, a, b, loose = _tree(world)
    other = make_client(world.other_member)
    other_url = f"/teams/{world.other_team.id}/qi"
    assert other.form(f"{other_url}/drivers/{first.id}/rename", {"title": "Mine"}).status_code == 404
    assert other.get(f"{other_url}/change-ideas/{a.id}").status_code == 404
    assert other.form(f"{other_url}/change-ideas/{a.id}/place", {"driver_id": ""}).status_code == 404


def test_a_submitted_team_answers_its_edit_pages_with_409(make_client, world):
    first, *_ = _tree(world)
    world.submit()
    member = make_client(world.member)
    assert member.get(_url(world, "/drivers")).status_code == 200
    assert member.form(_url(world, "/drivers"), {"title": "Late"}).status_code == 409
    assert member.form(_url(world, "/aim"), {"what": "Late", "version": "1"}).status_code == 409
    assert member.get(_url(world, f"/drivers/{first.id}/delete")).status_code == 409
    page = _text(member.get(_url(world, "/drivers")))
    assert "New primary driver" not in page


# --- a pain point becomes a change idea --------------------------------------------------------


def _map_with_pain_point(world):
    made = process_ops.create_map(world.team, world.member, {"title": "Referral"}, steps=[
        {"lane": "Patient", "label": "Asks", "kind": "start"},
        {"lane": "GP receptionist", "label": "Books a call", "kind": "step",
         "pain_points": ["The phone queue opens at 8am and is full by 8:05"], "ideas": ["Online booking"]},
        {"lane": "Patient", "label": "Seen", "kind": "end"}])
    data = process_queries.load(made)
    pain = next(n for n in data.all_notes() if n.kind == "pain_point")
    idea_note = next(n for n in data.all_notes() if n.kind == "idea")
    return made, data.steps[1], pain, idea_note


def test_a_pain_point_becomes_a_change_idea_and_both_link_to_each_other(make_client, world):
    made, step, pain, _ = _map_with_pain_point(world)
    member = make_client(world.member)
    step_url = f"/teams/{world.team.id}/process-maps/{made.id}/steps/{step.id}"
    assert "Make this a change idea" in _text(member.get(step_url))
    answer = member.form(_url(world, f"/pain-points/{pain.id}/change-idea"))
    idea = db.session.scalar(select(ChangeIdea).where(ChangeIdea.team_id == world.team.id))
    assert answer.status_code == 302 and answer.headers["Location"] == _url(world, f"/change-ideas/{idea.id}")
    assert idea.title == "The phone queue opens at 8am and is full by 8:05"
    db.session.expire_all()
    assert db.session.get(type(pain), pain.id).change_idea_id == idea.id
    step_page = _text(member.get(step_url))
    assert f'href="{_url(world, f"/change-ideas/{idea.id}")}"' in step_page and "Change idea:" in step_page
    idea_page = _text(member.get(_url(world, f"/change-ideas/{idea.id}")))
    assert f'{step_url}#notes' in idea_page and "Referral" in idea_page
    # the diagram marks it as from a pain point
    assert queries.driver_tree(world.team).unplaced[0].from_pain_point


def test_a_move_without_a_direction_is_refused_not_guessed(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    before = [p.title for p in queries.driver_tree(world.team).primaries]
    for data in ({"direction": "zzz"}, {}):
        assert member.form(_url(world, f"/drivers/{first.id}/move"), data).status_code == 400
        assert member.form(_url(world, f"/change-ideas/{a.id}/move"), data).status_code == 400
    assert [p.title for p in queries.driver_tree(world.team).primaries] == before


def test_a_pain_point_that_is_already_an_idea_is_never_made_into_a_second(make_client, world):
    made, step, pain, _ = _map_with_pain_point(world)
    member = make_client(world.member)
    url = _url(world, f"/pain-points/{pain.id}/change-idea")
    member.form(url)
    first = db.session.scalar(select(ChangeIdea).where(ChangeIdea.team_id == world.team.id))
    again = member.form(url)  # the form sent again, or from a second tab opened before the first
    assert again.status_code == 302 and again.headers["Location"] == _url(world, f"/change-ideas/{first.id}")
    assert "already the change idea" in _text(member.get(again.headers["Location"]))
    assert db.session.scalar(select(func.count()).select_from(ChangeIdea)
                             .where(ChangeIdea.team_id == world.team.id)) == 1


def test_two_tabs_making_the_same_pain_point_an_idea_make_one(world):
    from workspace.qi import chain as chains
    from workspace.qi.chain import AlreadyAnIdea

    made, step, pain, _ = _map_with_pain_point(world)
    tab_b = chains.pain_point(world.team, pain.id)
    db.session.expunge(tab_b.note)  # tab B keeps the note as it read it: not yet an idea
    tab_a = chains.pain_point(world.team, pain.id)
    first = chains.idea_from_pain_point(world.team, world.member, tab_a)
    assert tab_b.note.change_idea_id is None
    with pytest.raises(AlreadyAnIdea) as refused:
        chains.idea_from_pain_point(world.team, world.member, tab_b)
    assert refused.value.idea.id == first.id
    assert db.session.scalar(select(func.count()).select_from(ChangeIdea)
                             .where(ChangeIdea.team_id == world.team.id)) == 1
    db.session.expire_all()
    assert db.session.get(type(pain), pain.id).change_idea_id == first.id


def test_the_map_page_links_each_pain_point_to_its_change_idea(make_client, world):
    made, step, pain, _ = _map_with_pain_point(world)
    member, host = make_client(world.member), make_client(world.host)
    map_url = f"/teams/{world.team.id}/process-maps/{made.id}"
    make = f'action="{_url(world, f"/pain-points/{pain.id}/change-idea")}"'
    assert make in _text(member.get(map_url)) and "Make this a change idea" in _text(member.get(map_url))
    assert "Make this a change idea" not in _text(host.get(map_url))  # a host reads
    member.form(_url(world, f"/pain-points/{pain.id}/change-idea"))
    idea = db.session.scalar(select(ChangeIdea).where(ChangeIdea.team_id == world.team.id))
    link = f'Change idea: <a href="{_url(world, f"/change-ideas/{idea.id}")}">{idea.title}</a>'
    for reader in (member, host):
        page = _text(reader.get(map_url))
        assert link in page and make not in page
    assert link not in _text(member.get(f"{map_url}/print"))  # the printable view stays plain


def test_a_pain_point_links_to_an_existing_change_idea(make_client, world):
    made, step, pain, idea_note = _map_with_pain_point(world)
    *_, a, b, loose = _tree(world)
    member = make_client(world.member)
    answer = member.form(_url(world, f"/pain-points/{pain.id}/change-idea"), {"change_idea_id": str(b.id)})
    assert answer.headers["Location"] == _url(world, f"/change-ideas/{b.id}")
    assert db.session.scalar(select(ChangeIdea).where(ChangeIdea.title.like("The phone%"))) is None
    # an idea note is not a pain point; another team's idea is not a choice
    assert member.form(_url(world, f"/pain-points/{idea_note.id}/change-idea")).status_code == 404
    other = ops.add_idea(world.other_team, world.other_member, {"title": "Theirs"})
    refused = member.form(_url(world, f"/pain-points/{pain.id}/change-idea"), {"change_idea_id": str(other.id)})
    assert refused.status_code == 302 and "/process-maps/" in refused.headers["Location"]


def test_a_quoted_title_that_ends_in_punctuation_gets_no_second_full_stop(make_client, world):
    made = process_ops.create_map(world.team, world.member, {"title": "Mornings"}, steps=[
        {"lane": "Ward", "label": "Round", "kind": "step", "pain_points": ["Beds are freed late in the morning."]}])
    pain = next(n for n in process_queries.load(made).all_notes() if n.kind == "pain_point")
    member = make_client(world.member)
    page = _text(member.form(_url(world, f"/pain-points/{pain.id}/change-idea"), follow_redirects=True))
    assert "the change idea “Beds are freed late in the morning.”" in page and "morning.”." not in page
    page = _text(member.form(_url(world, "/change-ideas"), {"title": "Call families?"}, follow_redirects=True))
    assert "Change idea “Call families?” added." in page  # a full stop that does not follow the quote stays


# --- the change idea page --------------------------------------------------------------------------


def test_the_change_idea_page_shows_its_place_and_empty_links(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    page = _text(make_client(world.host).get(_url(world, f"/change-ideas/{a.id}")))
    assert "Timely assessment" in page and "Therapy on the weekend" in page
    assert "No PDSA cycles test this idea yet" in page and "No measures linked yet" in page
    assert "Edit the idea" not in page  # a host reads


def test_editing_a_change_idea(make_client, world):
    first, second, secondary, a, b, loose = _tree(world)
    member = make_client(world.member)
    form = _text(member.get(_url(world, f"/change-ideas/{loose.id}/edit")))
    assert re.search(rf'<option value="{secondary.id}"[^>]*>Timely assessment › Therapy on the weekend', form)
    answer = member.form(_url(world, f"/change-ideas/{loose.id}/edit"),
                         {"title": "Call families on day one", "description": "**Daily**", "driver_id": str(secondary.id)})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChangeIdea, loose.id).driver_id == secondary.id
    assert "<strong>Daily</strong>" in _text(member.get(_url(world, f"/change-ideas/{loose.id}")))
    bad = member.form(_url(world, f"/change-ideas/{loose.id}/edit"), {"title": "", "description": "Kept text"})
    assert bad.status_code == 422 and "Kept text" in _text(bad) and "Enter the title" in _text(bad)


# --- the API ---------------------------------------------------------------------------------------


def test_api_aim_put_with_the_version_guard(make_client, world):
    member = make_client(world.member)
    url = f"/api/v1/teams/{world.team.id}/aim"
    assert member.api("GET", url).get_json()["version"] == 0
    assert member.api("PUT", url, json={"what": "Fewer delays"}).status_code == 428
    made = member.api("PUT", url, json={"what": "Fewer delays", "by_when": "2027-03-31", "version": 0})
    assert made.status_code == 200 and made.get_json()["by_when"] == "2027-03-31"
    stale = member.api("PUT", url, json={"what": "Mine", "version": 0})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == made.get_json()["version"]
    bad = member.api("PUT", url, json={"what": "x" * 301, "colour": "red", "version": made.get_json()["version"]})
    assert bad.status_code == 422
    assert make_client(world.host).api("PUT", url, json={"what": "Host", "version": 1}).status_code == 403


def test_api_builds_and_reshapes_the_tree(make_client, world):
    member = make_client(world.member)
    api = f"/api/v1/teams/{world.team.id}"
    first = member.api("POST", f"{api}/drivers", json={"title": "Timely assessment"}).get_json()
    second = member.api("POST", f"{api}/drivers", json={"title": "Families"}).get_json()
    secondary = member.api("POST", f"{api}/drivers", json={"title": "Weekend therapy", "parent_id": first["id"]})
    assert secondary.status_code == 201 and secondary.get_json()["level"] == "secondary"
    idea = member.api("POST", f"{api}/change-ideas", json={"title": "Saturday physio",
                                                           "driver_id": secondary.get_json()["id"]})
    assert idea.status_code == 201
    moved = member.api("PATCH", f"{api}/drivers/{secondary.get_json()['id']}", json={"parent_id": second["id"]})
    assert moved.get_json()["parent_id"] == second["id"]
    assert member.api("PATCH", f"{api}/drivers/{second['id']}", json={"move": "up"}).status_code == 200
    tree = member.api("GET", f"{api}/driver-diagram").get_json()
    assert [p["title"] for p in tree["primaries"]] == ["Families", "Timely assessment"]
    assert tree["primaries"][0]["secondaries"][0]["ideas"][0]["title"] == "Saturday physio"
    # bad input is 4xx, never 500
    for body in ({"move": "sideways"}, {"colour": "red"}, {"parent_id": "x"}, {"parent_id": True}, {"title": ""}):
        answer = member.api("PATCH", f"{api}/drivers/{secondary.get_json()['id']}", json=body)
        assert 400 <= answer.status_code < 500, body
    assert member.api("POST", f"{api}/change-ideas", json={"title": "X", "driver_id": first["id"]}).status_code == 422
    other = make_client(world.other_member)
    assert other.api("GET", f"/api/v1/teams/{world.other_team.id}/change-ideas/{idea.get_json()['id']}").status_code == 404
    assert member.api("DELETE", f"{api}/change-ideas/{idea.get_json()['id']}").status_code == 204
    assert member.api("DELETE", f"{api}/drivers/{first['id']}").status_code == 204


def test_api_patch_of_a_driver_saves_nothing_when_part_of_it_is_wrong(make_client, world):
    first = ops.add_driver(world.team, world.member, "Timely assessment")
    answer = make_client(world.member).api("PATCH", f"/api/v1/teams/{world.team.id}/drivers/{first.id}",
                                           json={"title": "Renamed", "parent_id": 999999})
    assert answer.status_code == 422
    db.session.expire_all()
    assert db.session.get(Driver, first.id).title == "Timely assessment"
