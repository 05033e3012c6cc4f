"""Process maps in Chromium: a 6-step map built with the keyboard alone (no mouse: focus, type,
Enter, Alt+arrow to reorder), then its diagram and metrics checked on the map page; every
process-map page passes axe-core (each page a Visitor opens is checked), for a member and the
host partner."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.processes import operations as ops
from workspace.processes import queries
from workspace.processes.durations import format_minutes
from workspace.processes.metrics import measure
from workspace.processes.models import ProcessMap

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def _press_enter_in(visitor: Visitor, locator) -> None:
    """Focus a field or button and press Enter: the form is sent, the next page checked."""
    locator.focus()
    with visitor.page.expect_navigation():
        visitor.page.keyboard.press("Enter")
    visitor.check()


def _type_into(visitor: Visitor, label: str, text: str, *, within=None) -> None:
    field = (within or visitor.page).get_by_label(label, exact=True)
    field.focus()
    visitor.page.keyboard.press("Control+A")
    visitor.page.keyboard.type(text)


def _choose(visitor: Visitor, label: str, option: str, *, within=None) -> None:
    """A closed <select> with the focus takes the first letters of an option (type-ahead)."""
    field = (within or visitor.page).get_by_label(label, exact=True)
    field.focus()
    visitor.page.keyboard.type(option)
    expect(field).to_have_value(field.locator("option", has_text=option).first.get_attribute("value"))


STEPS = [  # label, lane, kind, time (typed as a person would)
    ("Feels unwell and calls", "Patient", "Start", ""),
    ("Books a call back", "GP receptionist", "Step", "10"),
    ("Assesses on the phone", "GP", "Step", "15"),  # typed out of order on purpose: moved below
    ("Waits for the call back", "GP receptionist", "Wait", "2 days"),
    ("Prescribes", "GP", "Step", "5"),
    ("Collects the medicine", "Patient", "End", "30"),
]


def test_a_six_step_map_built_by_keyboard_alone(visitor, team_people):
    team, _member, _host = team_people
    sign_in(visitor, "mo@example.org")
    page = visitor.page
    visitor.goto(f"/teams/{team.id}/process-maps")
    expect(page.locator("main")).to_contain_text("No process maps yet")
    _press_enter_in(visitor, page.get_by_role("link", name="New map"))
    _type_into(visitor, "Title", "Same-day GP call back")
    _press_enter_in(visitor, page.get_by_role("button", name="Create map"))
    expect(page.get_by_role("heading", name="Edit lanes and steps")).to_be_visible()

    for lane in ("GP receptionist", "GP"):
        _type_into(visitor, "Lane name", lane)
        _press_enter_in(visitor, page.get_by_role("button", name="Add lane"))
    add_step = page.locator("form").filter(has=page.get_by_role("button", name="Add step"))
    for label, lane, kind, time in STEPS:
        _type_into(visitor, "What happens", label, within=add_step)
        _choose(visitor, "Lane", lane, within=add_step)
        _choose(visitor, "Kind", kind, within=add_step)
        if time:
            _type_into(visitor, "Time", time, within=add_step)
        _press_enter_in(visitor, add_step.get_by_role("button", name="Add step"))
        expect(page.locator(".nhsuk-notification-banner, main")).to_contain_text(f"Step “{label}” added")

    process_map = db.session.scalar(db.select(ProcessMap))
    # "Assesses" is step 3 and belongs after the wait: Alt+ArrowDown on it, saved with the version.
    item = page.locator("li[data-step-id]", has_text="Assesses on the phone")
    item.focus()
    with page.expect_response(lambda r: r.request.method == "PUT" and r.url.endswith("/order")) as saved:
        page.keyboard.press("Alt+ArrowDown")
    assert saved.value.status == 200
    expect(page.locator("[data-status]")).to_contain_text("is now step 4. Saved.")
    # Undo with the keyboard puts it back; a second move puts it where it belongs again.
    with page.expect_response(lambda r: r.request.method == "PUT") as undone:
        page.keyboard.press("Control+z")
    assert undone.value.status == 200
    expect(page.locator("[data-status]")).to_contain_text("undone")
    item.focus()
    with page.expect_response(lambda r: r.request.method == "PUT") as again:
        page.keyboard.press("Alt+ArrowDown")
    assert again.value.status == 200

    db.session.expire_all()
    data = queries.load(db.session.get(ProcessMap, process_map.id))
    assert [s.label for s in data.steps] == [STEPS[i][0] for i in (0, 1, 3, 2, 4, 5)]
    assert [lane.name for lane in data.lanes] == ["Patient", "GP receptionist", "GP"]
    assert [s.minutes for s in data.steps] == [0, 10, 2 * 24 * 60, 15, 5, 30]

    # The map page: the diagram in its focusable box, the metrics beside it, the steps table.
    visitor.goto(f"/teams/{team.id}/process-maps/{process_map.id}")
    diagram = page.locator(".app-process-diagram")
    diagram.focus()
    expect(diagram).to_be_focused()
    expect(diagram.locator("svg")).to_be_visible()
    # A label wraps onto several <text> lines, so read the drawing as a screen reader does.
    spoken = " ".join(diagram.locator("svg").aria_snapshot().split())
    for label, *_rest in STEPS:
        assert label in spoken, label
    metrics = measure(queries.flow_of(data))
    panel = page.locator(".app-process-metrics")
    expect(panel).to_contain_text(format_minutes(metrics.lead_minutes))
    handoffs = panel.locator(".nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(r"^Hand-offs$"))).locator("dd")
    expect(handoffs).to_have_text(str(metrics.handoffs))
    expect(page.locator("table.app-process-steps tbody tr")).to_have_count(6)


def test_every_process_map_page_passes_axe_for_member_and_host(open_browser, team_people):
    team, member_user, _host = team_people
    current = ops.create_map(team, member_user, {"title": "Discharge today", "notes": "**Walked** with the ward"},
                             lanes=["Patient", "Ward nurse", "Pharmacy", "Empty lane"], steps=[
        {"lane": "Patient", "label": "Fit to go", "kind": "start"},
        {"lane": "Ward nurse", "label": "TTOs ready?", "kind": "decision", "minutes": 5,
         "branches": [{"to": 3, "label": "no"}, {"to": 4, "label": "yes"}]},
        {"lane": "Pharmacy", "label": "Dispenses", "minutes": 90, "wait_minutes": 240, "paper": True,
         "pain_points": ["Pharmacy closes at 5pm"], "ideas": ["Discharge boxes"]},
        {"lane": "Patient", "label": "Home", "kind": "end"}])
    future = ops.create_map(team, member_user, {"title": "Discharge redesigned", "state": "future",
                                                "redesigns_id": current.id}, steps=[
        {"label": "Fit to go", "kind": "start"}, {"label": "Home", "kind": "end"}])
    data = queries.load(current)
    step, note, empty = data.steps[2], data.all_notes()[0], data.lanes[3]
    member, host = open_browser(), open_browser()
    sign_in(member, "mo@example.org")
    sign_in(host, "hana@example.org")
    base = f"/teams/{team.id}/process-maps"
    for path in ("", "/new", f"/{current.id}", f"/{current.id}?about={step.id}", f"/{current.id}/edit",
                 f"/{current.id}/details", f"/{current.id}/delete", f"/{current.id}/print",
                 f"/{current.id}/compare", f"/{future.id}/compare", f"/{current.id}/steps/{step.id}",
                 f"/{current.id}/steps/{step.id}/delete", f"/{current.id}/lanes/{empty.id}/delete",
                 f"/{current.id}/notes/{note.id}/delete"):
        member.goto(base + path)  # each page is checked with axe-core
    for path in ("", f"/{current.id}", f"/{current.id}/print", f"/{current.id}/compare"):
        host.goto(base + path)
    expect(host.page.locator("main")).not_to_contain_text("Edit lanes and steps")
    # An empty-state compare page too.
    lonely = ops.create_map(team, member_user, {"title": "No future yet"})
    member.goto(f"{base}/{lonely.id}/compare")
    member.goto(f"{base}/{lonely.id}")
