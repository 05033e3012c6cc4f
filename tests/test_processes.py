"""The process-map operations and queries: flow_of turns a stored map into the plain Flow the
metrics and figures read; every change moves the version on once and a stale change is refused;
lanes and steps keep a dense order; branches stay on their own map; a submitted review is frozen."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.models import AuditEvent
from workspace.processes import fields, queries
from workspace.processes import operations as ops
from workspace.processes.flow import Flow, FlowBranch, links_of
from workspace.processes.models import ProcessBranch, ProcessMap, ProcessNote
from workspace.submitted import ReportSubmitted

STEPS = [
    {"lane": "Patient", "label": "Start", "kind": "start"},
    {"lane": "Nurse", "label": "Triage", "kind": "decision", "minutes": 10,
     "branches": [{"to": 3, "label": "urgent"}, {"to": 4, "label": "routine"}]},
    {"lane": "Doctor", "label": "Sees today", "minutes": 20, "value": "va", "paper": True,
     "pain_points": ["No room free"], "ideas": ["Hot clinic"], "questions": ["Who covers Fridays?"]},
    {"lane": "Nurse", "label": "Books routine", "minutes": 5, "wait_minutes": 3 * 24 * 60},
    {"lane": "Patient", "label": "End", "kind": "end"},
]


def _made(world, steps=STEPS, **fields_):
    return ops.create_map(world.team, world.member, {"title": "Triage", **fields_}, lanes=["Patient"], steps=steps)


def test_flow_of_gives_lanes_steps_branches_and_note_counts(world):
    made = _made(world)
    data = queries.load(made)
    flow = queries.flow_of(data)
    assert isinstance(flow, Flow) and flow.title == "Triage" and flow.state == "current"
    assert flow.lanes == ("Patient", "Nurse", "Doctor")
    ids = [s.id for s in data.steps]
    assert [s.id for s in flow.steps] == ids
    triage, seen = flow.steps[1], flow.steps[2]
    assert triage.branches == (FlowBranch(ids[2], "urgent"), FlowBranch(ids[3], "routine"))
    assert (seen.lane, seen.minutes, seen.value, seen.paper) == ("Doctor", 20, "va", True)
    assert (seen.pain_points, seen.ideas, seen.questions) == (1, 1, 1)
    assert flow.steps[3].wait_minutes == 3 * 24 * 60
    # the one rule for how a map flows: branches, else the next step; nothing out of the end
    assert [(link.source, link.target, link.label) for link in links_of(flow)] == [
        (ids[0], ids[1], ""), (ids[1], ids[2], "urgent"), (ids[1], ids[3], "routine"), (ids[2], ids[3], ""),
        (ids[3], ids[4], "")]


def test_empty_lanes_are_kept_in_order(world):
    made = ops.create_map(world.team, world.member, {"title": "Lanes"}, lanes=["Citizen", "Nobody yet", "Council"],
                          steps=[{"lane": "Council", "label": "Decides"}])
    assert queries.flow_of(queries.load(made)).lanes == ("Citizen", "Nobody yet", "Council")


def test_every_change_moves_the_version_on_once_and_is_audited(world):
    made = _made(world)
    version = made.version
    data = queries.load(made)
    ops.move_step(world.team, made, data.steps[3], world.member, -1)
    ops.add_lane(world.team, made, world.member, "Pharmacy")
    ops.update_step(world.team, made, data.steps[2], world.member, {"minutes": "1 hour"})
    assert made.version == version + 3
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-3:] == ["process_map.step_moved", "process_map.lane_added", "process_map.step_updated"]


def test_a_stale_change_is_refused_and_saves_nothing(world):
    made = _made(world)
    seen = made.version
    # someone else changes the map meanwhile
    db.session.execute(update(ProcessMap).where(ProcessMap.id == made.id).values(version=seen + 1))
    db.session.commit()
    data = queries.load(made)
    with pytest.raises(ops.StaleMap):
        ops.reorder_steps(world.team, made, world.member, [s.id for s in reversed(data.steps)], version=seen)
    assert [s.label for s in queries.load(made).steps] == [s["label"] for s in STEPS]
    with pytest.raises(ops.StaleMap):
        ops.update_map(world.team, made, world.member, {"title": "Mine"}, version=seen)
    db.session.expire_all()
    assert db.session.get(ProcessMap, made.id).title == "Triage"


def test_moves_keep_a_dense_order_and_stop_at_the_ends(world):
    made = _made(world)
    steps = queries.load(made).steps
    ops.move_step(world.team, made, steps[0], world.member, -1)  # already first: stays
    ops.move_step(world.team, made, steps[4], world.member, 1)  # already last: stays
    ops.move_step(world.team, made, steps[1], world.member, 1)
    after = queries.load(made).steps
    assert [s.label for s in after] == ["Start", "Sees today", "Triage", "Books routine", "End"]
    assert [s.position for s in after] == [0, 1, 2, 3, 4]
    with pytest.raises(ValidationProblem):
        ops.move_step(world.team, made, steps[1], world.member, 3)
    lanes = queries.load(made).lanes
    ops.move_lane(world.team, made, lanes[2], world.member, -1)
    assert [lane.name for lane in queries.load(made).lanes] == ["Patient", "Doctor", "Nurse"]


def test_inserting_at_a_position(world):
    made = _made(world)
    ops.add_step(world.team, made, world.member, {"label": "Checks in", "lane": "Patient"}, at=2)
    assert [s.label for s in queries.load(made).steps][:3] == ["Start", "Checks in", "Triage"]
    for bad in (0, 8, "two", -1):  # 7 (after the sixth step) is the end: allowed
        with pytest.raises(ValidationProblem):
            ops.add_step(world.team, made, world.member, {"label": "Nowhere", "lane": "Patient"}, at=bad)
    with pytest.raises(ValidationProblem):
        ops.add_step(world.team, made, world.member, {"label": "No lane", "lane": "Porter"})


def test_branches_stay_on_their_map_and_never_point_at_their_own_step(world):
    made = _made(world)
    other = _made(world, title="Other")
    steps = queries.load(made).steps
    foreign = queries.load(other).steps[0]
    for targets in ([(foreign.id, "yes")], [(steps[1].id, "loop")], [("abc", "x")], [(2**40, "x")]):
        with pytest.raises(ValidationProblem):
            ops.set_branches(world.team, made, steps[1], world.member, targets)
    assert len(queries.load(made).branches[steps[1].id]) == 2  # unchanged
    # a rework loop back to an earlier step is allowed
    ops.set_branches(world.team, made, steps[3], world.member, [(steps[1].id, "rework"), (steps[4].id, "done")])
    flow = queries.flow_of(queries.load(made))
    assert any(link.target == steps[1].id and link.label == "rework" for link in links_of(flow))


def test_deleting_a_step_takes_its_notes_and_the_branches_to_it(world):
    made = _made(world)
    steps = queries.load(made).steps
    ops.delete_step(world.team, made, steps[2], world.member)
    data = queries.load(made)
    assert [s.position for s in data.steps] == [0, 1, 2, 3]
    assert [(b.label) for b in data.branches[steps[1].id]] == ["routine"]
    assert db.session.query(ProcessNote).count() == 0
    assert db.session.query(ProcessBranch).filter_by(target_id=steps[2].id).count() == 0


def test_only_an_empty_lane_is_deleted_and_one_lane_stays(world):
    made = ops.create_map(world.team, world.member, {"title": "Lanes"}, lanes=["Patient", "Spare"],
                          steps=[{"lane": "Patient", "label": "Only"}])
    patient, spare = queries.load(made).lanes
    with pytest.raises(ValidationProblem, match="still has steps"):
        ops.delete_lane(world.team, made, patient, world.member)
    ops.delete_lane(world.team, made, spare, world.member)
    assert [lane.name for lane in queries.load(made).lanes] == ["Patient"]


def test_a_future_map_links_to_a_current_map_and_loses_the_link_when_it_goes(world):
    current = _made(world)
    future = _made(world, title="Triage redesigned", state="future", redesigns_id=current.id)
    assert queries.future_maps_of(world.team, current) == [future]
    with pytest.raises(ValidationProblem):  # a map never redesigns itself, nor a future map
        ops.update_map(world.team, future, world.member, {"redesigns_id": future.id})
    with pytest.raises(ValidationProblem):  # redesigned: it stays a current map
        ops.update_map(world.team, current, world.member, {"state": "future"})
    ops.delete_map(world.team, current, world.member)
    db.session.expire_all()
    assert db.session.get(ProcessMap, future.id).redesigns_id is None
    assert queries.get_map(world.team, current.id) is None


def test_a_submitted_review_freezes_its_maps(world):
    made = _made(world)
    world.submit()
    with pytest.raises(ReportSubmitted):
        ops.add_lane(world.team, made, world.member, "Porter")
    with pytest.raises(ReportSubmitted):
        ops.create_map(world.team, world.member, {"title": "Late"})


def test_submitted_pages_refuse_changes_with_a_reason(make_client, world):
    made = _made(world)
    world.submit()
    member = make_client(world.member)
    answer = member.form(f"/teams/{world.team.id}/process-maps/{made.id}/lanes", {"name": "Porter"})
    assert answer.status_code == 409 and "submitted" in answer.get_data(as_text=True)
    page = member.get(f"/teams/{world.team.id}/process-maps/{made.id}").get_data(as_text=True)
    assert "Edit lanes and steps" not in page and "cannot be changed" in page


@pytest.mark.parametrize(("typed", "unit", "minutes"), [
    ("", "minutes", 0), (None, "minutes", 0), (45, "minutes", 45), ("45", "minutes", 45), ("3", "hours", 180),
    ("2", "days", 2880), ("1.5 h", "minutes", 90), ("2 days", "hours", 2880), ("1 week", "minutes", 10080),
    ("'30", "minutes", 30), (" 10 min ", "days", 10), ("0,5 days", "minutes", 720), ("١٢", "minutes", 12),
])
def test_durations_in_the_units_people_write(typed, unit, minutes):
    assert fields.minutes_of(typed, "Time", unit) == minutes


@pytest.mark.parametrize("typed", [-1, "-5", "3661 days", "11 years", "soon", "1e9", True, [1]])
def test_durations_refused(typed):
    with pytest.raises(ValueError):
        fields.minutes_of(typed, "Time")
