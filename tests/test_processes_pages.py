"""The process-map pages: empty states, creating a map and building it with plain forms,
the map page (diagram, metrics from metrics.measure, warnings, steps table), comments on a
step, current versus future, the printable view and the CSV, and forms keeping what was typed."""

from __future__ import annotations

import base64
import csv
import io
import re
import struct

import pytest

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.processes import operations as ops
from workspace.processes import queries
from workspace.processes.compare import compare
from workspace.processes.durations import format_minutes
from workspace.processes.metrics import measure
from workspace.processes.models import ProcessMap, ProcessStep


def _url(world, path: str = "") -> str:
    return f"/teams/{world.team.id}/process-maps{path}"


def _text(response) -> str:
    return response.get_data(as_text=True)


STEPS = [
    {"lane": "Patient", "label": "Feels unwell", "kind": "start"},
    {"lane": "GP receptionist", "label": "Books a call", "kind": "step", "minutes": 10, "value": "bnva"},
    {"lane": "GP receptionist", "label": "Waits for a slot", "kind": "wait", "minutes": 3 * 24 * 60},
    {"lane": "GP", "label": "Assesses", "kind": "step", "minutes": 15, "value": "va", "paper": True,
     "pain_points": ["The letter is faxed"]},
    {"lane": "Patient", "label": "Seen", "kind": "end"},
]


def make_map(world, title="Referral today", steps=STEPS, **fields):
    return ops.create_map(world.team, world.member, {"title": title, **fields}, steps=steps)


def _flow(process_map):
    return queries.flow_of(queries.load(process_map))


def test_the_empty_list_offers_a_new_map_to_editors_only(make_client, world):
    page = _text(make_client(world.member).get(_url(world)))
    assert "No process maps yet" in page and "New map" in page
    host_page = _text(make_client(world.host).get(_url(world)))
    assert "No process maps yet" in host_page and "New map" not in host_page
    team_page = _text(make_client(world.member).get(f"/teams/{world.team.id}"))
    assert _url(world) in team_page


def test_a_new_map_starts_with_the_patient_lane_and_keeps_what_was_typed(make_client, world):
    member = make_client(world.member)
    typed = {"title": "  ", "state": "current", "scope": "GP referral <b>", "mapped_on": "31/02/2027"}
    answer = member.form(_url(world, "/new"), typed)
    page = _text(answer)
    assert answer.status_code == 422 and "Enter the title" in page and "real date" in page
    assert 'value="GP referral &lt;b&gt;"' in page and 'value="31/02/2027"' in page
    assert db.session.query(ProcessMap).count() == 0
    done = member.form(_url(world, "/new"), {**typed, "title": "Referral", "mapped_on": "2026-11-30"})
    assert done.status_code == 302
    made = db.session.query(ProcessMap).one()
    data = queries.load(made)
    assert [lane.name for lane in data.lanes] == ["Patient"]
    edit_page = _text(member.get(done.headers["Location"]))
    assert "the patient or citizen" in edit_page


def test_building_a_map_with_plain_forms(make_client, world):
    member = make_client(world.member)
    made = ops.create_map(world.team, world.member, {"title": "Discharge"})
    base = _url(world, f"/{made.id}")
    assert member.form(f"{base}/lanes", {"name": "Ward nurse"}).status_code == 302
    assert member.form(f"{base}/lanes", {"name": "ward NURSE"}).status_code == 422  # same name
    lanes = queries.load(made).lanes
    for label, lane, minutes, unit in [("Decides to discharge", lanes[1].id, "30", "minutes"),
                                       ("Waits for transport", lanes[0].id, "2 days", "minutes"),
                                       ("Goes home", lanes[0].id, "1", "hours")]:
        answer = member.form(f"{base}/steps", {"label": label, "lane": str(lane), "kind": "step", "minutes": minutes,
                                               "unit": unit, "value": "", "position": ""})
        assert answer.status_code == 302, _text(answer)
    # insert at position 1
    assert member.form(f"{base}/steps", {"label": "Admitted", "lane": str(lanes[0].id), "kind": "start",
                                         "minutes": "", "unit": "minutes", "position": "1"}).status_code == 302
    steps = queries.load(made).steps
    assert [s.label for s in steps] == ["Admitted", "Decides to discharge", "Waits for transport", "Goes home"]
    assert [s.minutes for s in steps] == [0, 30, 2880, 60]
    # move down, then up again
    assert member.form(f"{base}/steps/{steps[1].id}/move", {"direction": "down"}).status_code == 302
    assert [s.label for s in queries.load(made).steps][1:3] == ["Waits for transport", "Decides to discharge"]
    assert member.form(f"{base}/steps/{steps[1].id}/move", {"direction": "up"}).status_code == 302
    # branches: a decision with yes/no; a branch to a step on another map is refused
    other = make_map(world, "Another")
    foreign = queries.load(other).steps[0]
    refused = member.form(f"{base}/steps/{steps[1].id}/branches", {"target": [str(foreign.id)], "label": ["yes"]})
    assert refused.status_code == 422 and "same map" in _text(refused)
    assert member.form(f"{base}/steps/{steps[1].id}/branches",
                       {"target": [str(steps[3].id), str(steps[2].id)], "label": ["yes", "no"]}).status_code == 302
    branches = queries.load(made).branches[steps[1].id]
    assert [(b.target_id, b.label) for b in branches] == [(steps[3].id, "yes"), (steps[2].id, "no")]
    # sticky notes
    assert member.form(f"{base}/steps/{steps[2].id}/notes", {"kind": "pain_point", "body": "Transport is booked by fax"}).status_code == 302
    # an empty lane can go, a lane with steps cannot
    member.form(f"{base}/lanes", {"name": "Pharmacy"})
    pharmacy = queries.load(made).lanes[-1]
    assert member.form(f"{base}/lanes/{lanes[0].id}/delete").status_code == 422
    assert member.form(f"{base}/lanes/{pharmacy.id}/delete").status_code == 302
    # delete a step after confirming
    assert "Delete step" in _text(member.get(f"{base}/steps/{steps[3].id}/delete"))
    assert member.form(f"{base}/steps/{steps[3].id}/delete").status_code == 302
    data = queries.load(made)
    assert len(data.steps) == 3 and [s.position for s in data.steps] == [0, 1, 2]
    assert all(b.target_id != steps[3].id for bs in data.branches.values() for b in bs)


def test_the_map_page_shows_diagram_metrics_warnings_and_the_steps(make_client, world):
    made = make_map(world, steps=STEPS[1:4])  # no start, no end
    page = _text(make_client(world.host).get(_url(world, f"/{made.id}")))
    flow = _flow(made)
    metrics = measure(flow)
    assert format_minutes(metrics.lead_minutes) in page
    for warning in metrics.warnings:
        assert warning in page
    assert metrics.warnings  # the interface gives a warning for no start or end
    assert 'class="app-process-diagram" tabindex="0" role="region"' in page
    assert "<svg" in page and "The steps in order" in page
    assert "The letter is faxed" in page and "Edit lanes and steps" not in page  # host reads, comments


def test_a_comment_on_a_step_is_a_thread_on_its_map_that_names_it(make_client, world):
    made = make_map(world)
    step = queries.load(made).steps[3]
    host = make_client(world.host)
    page = _text(host.get(_url(world, f"/{made.id}?about={step.id}")))
    assert "Comment on step 4, “Assesses”" in page and "Step 4 (Assesses): " in page
    answer = host.form(f"/teams/{world.team.id}/comments/on/process_map/{made.id}",
                       {"body": "Step 4 (Assesses): the GP also phones the patient"})
    assert answer.status_code == 302
    page = _text(host.get(_url(world, f"/{made.id}")))
    assert "the GP also phones the patient" in page


def test_current_versus_future_shows_every_delta(make_client, world):
    current = make_map(world, "Referral today")
    future = make_map(world, "Referral redesigned", steps=STEPS[:2] + STEPS[3:], state="future",
                      redesigns_id=current.id)
    member = make_client(world.member)
    page = _text(member.get(_url(world, f"/{current.id}/compare")))
    from_future = _text(member.get(_url(world, f"/{future.id}/compare")))
    for delta in compare(measure(_flow(current)), measure(_flow(future))):
        row = f"<th scope=\"row\">{delta.label}</th><td>{delta.before}</td><td>{delta.after}</td><td>{delta.change}</td>"
        assert row in page and row in from_future
    lonely = make_map(world, "No future yet")
    assert "No future-state map redesigns" in _text(member.get(_url(world, f"/{lonely.id}/compare")))


def test_a_future_map_only_redesigns_a_current_map_of_the_same_team(world):
    other_map = ops.create_map(world.other_team, world.other_member, {"title": "Theirs"})
    with pytest.raises(ValidationProblem):
        make_map(world, "Mine", state="future", redesigns_id=other_map.id)


def test_printable_view_and_csv(make_client, world):
    made = make_map(world, steps=[*STEPS, {"lane": "GP", "label": "=HYPERLINK(\"http://x\")", "kind": "step"}])
    member = make_client(world.member)
    printable = _text(member.get(_url(world, f"/{made.id}/print")))
    assert "Referral today" in printable and "The steps in order" in printable
    # The diagram comes as the Word report's page-sized pictures, each fitting a portrait page,
    # not as the page's SVG, which is as wide as the map and which a printer cuts off.
    from workspace.processes import figures

    pictures = re.findall(r'src="data:image/png;base64,([^"]+)"', printable)
    flow = queries.flow_of(queries.load(made))
    assert len(pictures) == figures.swimlane_page_count(flow) >= 1 and "app-pm-figure" not in printable
    for picture in pictures:
        width, height = struct.unpack(">II", base64.b64decode(picture)[16:24])
        assert height / width <= 23 / 16 + 0.01
    answer = member.get(_url(world, f"/{made.id}/steps.csv"))
    assert answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["number", "lane", "label", "kind"]
    assert rows[3][4] == str(3 * 24 * 60)
    assert rows[4][9] == "The letter is faxed"
    assert rows[-1][2].startswith("'=")  # formula neutralised


def test_the_edit_page_has_the_reorder_script_and_its_version(make_client, world):
    made = make_map(world)
    page = _text(make_client(world.member).get(_url(world, f"/{made.id}/edit")))
    assert re.search(rf'data-version="{made.version}"', page)
    assert "js/process-steps.js" in page
    assert db.session.query(ProcessStep).count() == len(STEPS)


def test_step_forms_refuse_bad_times_and_keep_what_was_typed(make_client, world):
    made = make_map(world)
    member = make_client(world.member)
    lane = queries.load(made).lanes[0]
    typed = {"label": "Waits\x00 for <the> porter " + "x" * 10, "lane": str(lane.id), "kind": "wait",
             "minutes": "-3 hours", "wait_minutes": "12 years", "unit": "minutes", "position": ""}
    answer = member.form(_url(world, f"/{made.id}/steps"), typed)
    page = _text(answer)
    assert answer.status_code == 422
    assert "cannot be negative" in page and "at most ten years" in page
    assert 'value="-3 hours"' in page and 'value="12 years"' in page
    assert len(queries.load(made).steps) == len(STEPS)
    huge = member.form(_url(world, f"/{made.id}/steps"), {**typed, "label": "y" * 5000, "minutes": "1",
                                                          "wait_minutes": ""})
    assert huge.status_code == 422 and "200 characters or fewer" in _text(huge)


def test_a_stale_step_edit_says_so_and_saves_nothing(make_client, world):
    made = make_map(world)
    member = make_client(world.member)
    step = queries.load(made).steps[1]
    seen = made.version
    ops.add_lane(world.team, made, world.member, "Pharmacy")  # someone else, meanwhile
    answer = member.form(_url(world, f"/{made.id}/steps/{step.id}"), {
        "label": "Books a call back", "lane": str(step.lane_id), "kind": "step", "minutes": "20", "unit": "minutes",
        "version": str(seen)})
    assert answer.status_code == 409 and "Someone else changed this map" in _text(answer)
    assert 'value="Books a call back"' in _text(answer)
    db.session.expire_all()
    assert db.session.get(ProcessStep, step.id).label == "Books a call"


def test_a_submitted_reviews_maps_offer_no_forms(make_client, world):
    """After submission the map pages show the maps; the pages that change them answer 409
    instead of showing forms that would all be refused."""
    made = make_map(world)
    world.submit()
    member = make_client(world.member)
    assert member.get(_url(world, f"/{made.id}")).status_code == 200
    for path in ("/new", f"/{made.id}/edit", f"/{made.id}/details", f"/{made.id}/delete"):
        answer = member.get(_url(world, path))
        assert answer.status_code == 409, path
        assert "submitted" in _text(answer)


def test_a_refused_change_keeps_what_was_typed(make_client, world):
    """A step added from a page the map has moved on from, and a sticky note that is too long,
    come back with their message and with what was typed."""
    made = make_map(world)
    member = make_client(world.member)
    base = _url(world, f"/{made.id}")
    data = queries.load(made)
    seen = made.version
    ops.add_lane(world.team, made, world.member, "Pharmacy")  # someone else moves the map on
    typed = {"label": "Collects the medicine", "lane": str(data.lanes[0].id), "kind": "wait", "minutes": "7 hours",
             "unit": "minutes", "value": "nva", "position": "", "version": str(seen)}
    stale = member.form(f"{base}/steps", typed)
    page = _text(stale)
    assert stale.status_code == 409 and "There is a problem" in page
    assert 'value="Collects the medicine"' in page and 'value="7 hours"' in page
    assert "Collects the medicine" not in [s.label for s in queries.load(made).steps]
    step = data.steps[1]
    long_note = "Waits for the porter " * 120
    refused = member.form(f"{base}/steps/{step.id}/notes", {"kind": "question", "body": long_note})
    page = _text(refused)
    assert refused.status_code == 422 and "characters or fewer" in page
    assert long_note.strip() in page  # the textarea holds it again
    # the note's own fields, apart from the step's "kind" select on the same page
    assert 'id="note-kind"' in page and 'for="note-kind"' in page and page.count('id="kind"') == 1
