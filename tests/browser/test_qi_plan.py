"""The QI plan in Chromium: a driver tree built with the keyboard alone (type, Enter; the
"Change" disclosure opened with Enter), a pain point made into a change idea and followed back to
its step, a PDSA cycle and "start the next cycle"; and every page of the part passes axe-core
(each page a Visitor opens is checked), for a member and the host partner."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from workspace.processes import operations as process_ops
from workspace.processes import queries as process_queries
from workspace.qi import pdsa_operations as pdsa_ops
from workspace.qi import plan_operations as plan_ops

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


def _type_and_enter(visitor: Visitor, label: str, text: str) -> None:
    field = visitor.page.get_by_label(label, exact=True)
    field.focus()
    visitor.page.keyboard.type(text)
    with visitor.page.expect_navigation():
        visitor.page.keyboard.press("Enter")
    visitor.check()


def test_a_driver_tree_built_by_keyboard_alone(visitor, team_people):
    team, _member, _host = team_people
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/qi/drivers")
    _type_and_enter(visitor, "New primary driver", "Timely assessment")
    _type_and_enter(visitor, "New primary driver", "Families involved early")
    _type_and_enter(visitor, "New secondary driver under “Timely assessment”", "Weekend therapy")
    _type_and_enter(visitor, "New change idea under “Weekend therapy”", "Saturday physio")
    _type_and_enter(visitor, "New change idea, not placed yet", "Ring families on day one")
    page = visitor.page
    diagram = page.locator(".app-qi-scroll-box svg")
    expect(diagram).to_contain_text("Saturday physio")
    expect(diagram).to_have_attribute("role", "img")
    # move "Families involved early" up with its button, by keyboard
    page.get_by_role("button", name="Move Families involved early up").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    expect(page.locator(".app-qi-tree__primary .app-qi-node__title").first).to_have_text("Families involved early")
    # place the unplaced idea: open "Change" with Enter, choose the driver, Enter on Move
    unplaced = page.locator("#unplaced ~ ul .app-qi-tree__idea").first
    unplaced.locator("summary").focus()
    page.keyboard.press("Enter")
    select = unplaced.get_by_label("Place it under")
    select.select_option(label="Timely assessment › Weekend therapy")
    unplaced.get_by_role("button", name="Move").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    expect(page.locator("main")).to_contain_text("Every change idea has its place")


def test_a_pain_point_to_a_change_idea_and_its_first_cycles(visitor, team_people):
    team, member, _host = team_people
    made = process_ops.create_map(team, member, {"title": "Referral"}, steps=[
        {"lane": "Patient", "label": "Asks", "kind": "start"},
        {"lane": "GP receptionist", "label": "Books a call", "pain_points": ["The phone queue is full by 8:05"]},
        {"lane": "Patient", "label": "Seen", "kind": "end"}])
    step = process_queries.load(made).steps[1]
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/process-maps/{made.id}/steps/{step.id}")
    visitor.submit("Make this a change idea: The phone queue is full by 8:05")
    expect(visitor.page.locator("h1")).to_have_text("The phone queue is full by 8:05")
    visitor.follow("Plan its first PDSA cycle")
    page = visitor.page
    page.get_by_label("Title", exact=True).fill("Online booking for one morning")
    page.get_by_label("Start date", exact=True).fill("2027-01-04")
    visitor.submit("Create cycle")
    expect(page.locator("h1")).to_have_text("Online booking for one morning")
    visitor.follow("Start the next cycle")
    expect(page.get_by_label("Follows on from")).to_have_value(page.get_by_label("Follows on from")
                                                                .locator("option", has_text="PDSA 1").get_attribute("value"))
    visitor.submit("Create cycle")
    visitor.follow("The phone queue is full by 8:05")
    expect(page.locator(".app-qi-ramp li")).to_have_count(2)
    visitor.follow("Referral")  # back to the step the pain point is on
    expect(page.locator("main")).to_contain_text("Change idea: The phone queue is full by 8:05")


def test_every_qi_plan_page_passes_axe_for_member_and_host(open_browser, team_people):
    team, member_user, _host = team_people
    plan_ops.save_aim(team, member_user, {"what": "Fewer delays", "how_much": "20%", "by_when": "2027-03-31",
                                          "for_whom": "Ward 7", "statement": ""})
    primary = plan_ops.add_driver(team, member_user, "Timely assessment")
    plan_ops.add_driver(team, member_user, "Families")
    secondary = plan_ops.add_driver(team, member_user, "Weekend therapy", primary.id)
    idea = plan_ops.add_idea(team, member_user, {"title": "Saturday physio", "driver_id": secondary.id,
                                                 "description": "**Two** physios"})
    plan_ops.add_idea(team, member_user, {"title": "Unplaced idea"})
    first = pdsa_ops.create_cycle(team, member_user, {"change_idea_id": idea.id, "title": "Week one",
                                                      "status": "complete", "decision": "adapt",
                                                      "prediction": "- fewer delays", "started_on": "2027-01-04"})
    pdsa_ops.create_cycle(team, member_user, {"change_idea_id": idea.id, "title": "Week two", "follows_id": first.id})
    member, host = open_browser(), open_browser()
    sign_in(member, "mo@example.org")
    sign_in(host, "hana@example.org")
    base = f"/teams/{team.id}/qi"
    for path in ("/aim", "/drivers", f"/drivers/{primary.id}/delete", f"/change-ideas/{idea.id}",
                 f"/change-ideas/{idea.id}/edit", f"/change-ideas/{idea.id}/delete", "/pdsa", "/pdsa?status=running",
                 "/pdsa/new", f"/pdsa/new?follows={first.id}", f"/pdsa/{first.id}", f"/pdsa/{first.id}/edit",
                 f"/pdsa/{first.id}/delete"):
        member.goto(base + path)
    for path in ("/aim", "/drivers", f"/change-ideas/{idea.id}", "/pdsa", f"/pdsa/{first.id}"):
        host.goto(base + path)
    expect(host.page.locator("main")).not_to_contain_text("Edit this cycle")


def test_drag_an_idea_onto_a_driver_and_a_driver_among_its_siblings(visitor, team_people):
    team, member, _host = team_people
    first = plan_ops.add_driver(team, member, "Timely assessment")
    second = plan_ops.add_driver(team, member, "Families")
    secondary = plan_ops.add_driver(team, member, "Weekend therapy", first.id)
    loose = plan_ops.add_idea(team, member, {"title": "Saturday physio"})
    sign_in(visitor, "mo@example.org")
    visitor.page.set_viewport_size({"width": 1280, "height": 2000})  # both ends of each drag in view
    visitor.goto(f"/teams/{team.id}/qi/drivers")
    page = visitor.page
    with page.expect_navigation():
        page.locator(f"#idea-{loose.id} > .app-qi-node .app-qi-node__kind").drag_to(
            page.locator(f"#driver-{secondary.id} > .app-qi-node .app-qi-node__kind"))
    visitor.check()
    expect(page.locator(f"#driver-{secondary.id}")).to_contain_text("Saturday physio")
    expect(page.locator("main")).to_contain_text("Every change idea has its place")
    with page.expect_navigation():
        page.locator(f"#driver-{second.id} > .app-qi-node .app-qi-node__kind").drag_to(
            page.locator(f"#driver-{first.id} > .app-qi-node .app-qi-node__kind"))
    visitor.check()
    expect(page.locator(".app-qi-tree__primary .app-qi-node__title").first).to_have_text("Families")


def test_on_a_phone_the_driver_diagram_and_charts_scroll_at_a_readable_width(visitor, team_people):
    from datetime import date, timedelta

    from workspace.qi import measure_operations as measure_ops

    team, member, _host = team_people
    plan_ops.save_aim(team, member, {"what": "Fewer delays", "statement": "Fewer delays on Ward 7."})
    primary = plan_ops.add_driver(team, member, "Timely assessment")
    secondary = plan_ops.add_driver(team, member, "Weekend therapy", primary.id)
    idea = plan_ops.add_idea(team, member, {"title": "Saturday physio", "driver_id": secondary.id})
    measure = measure_ops.create_measure(team, member, {"name": "Length of stay", "unit": "days", "better": "down"})
    measure_ops.add_points(team, measure, member, [{"on": (date(2026, 1, 5) + timedelta(weeks=k)).isoformat(),
                                                    "value": 5 + k % 3} for k in range(12)])
    pdsa_ops.create_cycle(team, member, {"change_idea_id": idea.id, "title": "Week one", "started_on": "2026-02-02"},
                          measure_ids=[measure.id])
    sign_in(visitor, "mo@example.org")
    page = visitor.page
    page.set_viewport_size({"width": 375, "height": 800})
    for path, drawing, least in (("", ".app-qi-scroll-box > svg.app-qi-driver-figure", 900),
                                 (f"/change-ideas/{idea.id}", ".app-qi-scroll-box > svg", 560)):
        visitor.goto(f"/teams/{team.id}/qi{path}")
        box = page.locator(".app-qi-scroll-box").first
        expect(box).to_have_attribute("tabindex", "0")
        expect(box).to_have_attribute("role", "region")
        assert page.locator(drawing).first.bounding_box()["width"] >= least, path  # text stays readable
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), path  # the box scrolls sideways...
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path  # ...not the page


def test_a_stale_tab_keeps_what_was_typed_and_says_the_driver_was_deleted(visitor, team_people):
    team, member, _host = team_people
    primary = plan_ops.add_driver(team, member, "Timely assessment")
    secondary = plan_ops.add_driver(team, member, "Weekend therapy", primary.id)
    other = plan_ops.add_driver(team, member, "Ward rounds", primary.id)
    plan_ops.add_idea(team, member, {"title": "Rename me", "driver_id": other.id})
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/qi/drivers")
    plan_ops.delete_driver(team, member, secondary)  # in another tab, meanwhile
    page = visitor.page
    page.get_by_label("New change idea under “Weekend therapy”", exact=True).fill("Saturday physio at 9.")
    response = visitor.submit("Add", within=page.locator(f"#driver-{secondary.id} form.app-qi-add"))
    assert response.status == 409
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "That secondary driver has been deleted (perhaps in another tab); choose another")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Saturday physio at 9.")
    page.get_by_label("Place it under", exact=True).first.select_option(label="Timely assessment › Ward rounds")
    visitor.submit("Add", within=page.locator("form.app-qi-add--retry"))
    expect(page.locator(f"#driver-{other.id}")).to_contain_text("Saturday physio at 9.")
    expect(page.locator(".app-flash").first).to_contain_text(
        "Change idea “Saturday physio at 9.” added.")
