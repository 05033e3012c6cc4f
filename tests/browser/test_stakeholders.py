"""The stakeholder map in Chromium: moving a marker on the grid by mouse and by keyboard saves
through the API and survives a reload; the register, grid and network pages pass axe-core
(every page a Visitor opens is checked) for a member and for the host partner."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.stakeholders import operations as ops
from workspace.stakeholders.models import Stakeholder

from .conftest import Visitor
from .test_flows import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def mapped(team_people):
    """A team with a member, a host partner and a small map (one confidential stakeholder)."""
    team, member, host = team_people
    people = {}
    for name, category, power, interest, attitude, desired, secret in [
        ("Chief operating officer", "acute_trust", 5, 5, 2, 2, False),
        ("Ward managers", "staff_group", 2, 4, 0, 1, False),
        ("Council social work team", "local_authority", 3, 2, -1, 1, False),
        ("Private provider", "other", 4, 1, -2, 0, True),
    ]:
        people[name] = ops.create(team, member, {
            "name": name, "category": category, "power": power, "interest": interest, "attitude": attitude,
            "desired_attitude": desired, "owner_id": member.id, "confidential": secret,
        }).stakeholder
    ops.add_link(team, member, people["Ward managers"].id, people["Chief operating officer"].id, "reports_to")
    ops.add_link(team, member, people["Council social work team"].id, people["Ward managers"].id, "works_with")
    return team, member, host, people


def _scores(stakeholder_id: int) -> tuple[int, int]:
    db.session.expire_all()
    stakeholder = db.session.get(Stakeholder, stakeholder_id)
    return stakeholder.power, stakeholder.interest


def _cell_centre(visitor: Visitor, power: int, interest: int) -> dict:
    """Where the square for (power, interest) is on the screen, from the grid's own geometry."""
    return visitor.page.evaluate(
        """([power, interest]) => {
            const svg = document.querySelector("svg[data-stakeholder-grid]");
            const d = svg.dataset;
            const min = Number(d.scoreMin || 1), max = Number(d.scoreMax || 5), cells = max - min + 1;
            const x = Number(d.plotX) + (interest - min + 0.5) * Number(d.plotWidth) / cells;
            const y = Number(d.plotY) + (max - power + 0.5) * Number(d.plotHeight) / cells;
            const point = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
            return {x: point.x, y: point.y};
        }""",
        [power, interest],
    )


def _marker_centre(visitor: Visitor, stakeholder: Stakeholder) -> dict:
    """The marker's own point (its translate), on the screen."""
    return visitor.page.evaluate(
        """(id) => {
            const svg = document.querySelector("svg[data-stakeholder-grid]");
            const marker = svg.querySelector(`.app-sh-marker[data-stakeholder-id="${id}"]`);
            const [, x, y] = /translate\\(([-\\d.]+)[ ,]+([-\\d.]+)\\)/.exec(marker.getAttribute("transform"));
            const point = new DOMPoint(Number(x), Number(y)).matrixTransform(svg.getScreenCTM());
            return {x: point.x, y: point.y};
        }""",
        stakeholder.id,
    )


def _marker(visitor: Visitor, stakeholder: Stakeholder):
    return visitor.page.locator(f'.app-sh-marker[data-stakeholder-id="{stakeholder.id}"]')


def test_dragging_a_marker_saves_its_scores(visitor, mapped):
    team, member, _host, people = mapped
    ward = people["Ward managers"]
    visitor.page.set_viewport_size({"width": 1280, "height": 1100})
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/stakeholders/grid")
    page = visitor.page
    page.locator("svg[data-stakeholder-grid]").scroll_into_view_if_needed()
    marker = _marker(visitor, ward)
    expect(marker).to_have_attribute("data-power", "2")

    start = _marker_centre(visitor, ward)
    target = _cell_centre(visitor, 5, 4)
    with page.expect_response(lambda r: r.request.method == "PATCH" and r.url.endswith(f"/stakeholders/{ward.id}")) as saved:
        page.mouse.move(start["x"], start["y"])
        page.mouse.down()
        page.mouse.move(target["x"], target["y"], steps=12)
        page.mouse.up()
    assert saved.value.status == 200
    expect(page.locator(".app-sh-grid-tools__status")).to_contain_text("Moved Ward managers to power 5, interest 4")
    assert _scores(ward.id) == (5, 4)

    # After a reload the server draws it where it was dropped, and the list agrees.
    visitor.goto(f"/teams/{team.id}/stakeholders/grid")
    expect(_marker(visitor, ward)).to_have_attribute("data-power", "5")
    expect(_marker(visitor, ward)).to_have_attribute("data-interest", "4")
    row = page.locator(f'tr[data-stakeholder-id="{ward.id}"]')
    expect(row.locator(".app-grid-power")).to_have_text("5")
    expect(page.locator("#quadrant-1 + .app-table-scroll")).to_contain_text("Ward managers")  # manage closely


def test_moving_a_marker_with_the_keyboard_saves_and_undo_puts_it_back(visitor, mapped):
    team, _member, _host, people = mapped
    council = people["Council social work team"]
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/stakeholders/grid")
    page = visitor.page
    expect(page.locator(".app-sh-grid-tools__hint")).to_contain_text("arrow keys")
    marker = _marker(visitor, council)
    marker.focus()
    with page.expect_response(lambda r: r.request.method == "PATCH") as first:
        page.keyboard.press("ArrowRight")  # interest 2 -> 3
    assert first.value.status == 200
    expect(page.locator(".app-sh-grid-tools__status")).to_contain_text("interest 3")
    with page.expect_response(lambda r: r.request.method == "PATCH") as second:
        page.keyboard.press("ArrowUp")  # power 3 -> 4
    assert second.value.status == 200
    expect(page.locator(".app-sh-grid-tools__status")).to_contain_text("power 4, interest 3")
    assert _scores(council.id) == (4, 3)

    visitor.goto(f"/teams/{team.id}/stakeholders/grid")
    expect(_marker(visitor, council)).to_have_attribute("data-power", "4")
    expect(_marker(visitor, council)).to_have_attribute("data-interest", "3")

    # Undo (the button) saves the scores before the last move back.
    marker = _marker(visitor, council)
    marker.focus()
    with page.expect_response(lambda r: r.request.method == "PATCH"):
        page.keyboard.press("ArrowLeft")  # interest 3 -> 2
    with page.expect_response(lambda r: r.request.method == "PATCH") as undone:
        page.get_by_role("button", name="Undo").click()
    assert undone.value.status == 200
    expect(page.locator(".app-sh-grid-tools__status")).to_contain_text("Undone")
    assert _scores(council.id) == (4, 3)


def test_register_grid_and_network_pass_axe_for_member_and_host(open_browser, mapped):
    team, _member, _host, _people = mapped
    member, host = open_browser(), open_browser()
    sign_in(member, "mo@example.org")
    sign_in(host, "hana@example.org")
    for visitor in (member, host):
        for page in ("", "/grid", "/network", "/then-and-now", "/nine-cs"):
            visitor.goto(f"/teams/{team.id}/stakeholders{page}")  # each page is checked with axe-core
    # The host partner never sees the confidential stakeholder, on any of them.
    for page in ("", "/grid", "/network"):
        host.goto(f"/teams/{team.id}/stakeholders{page}")
        expect(host.page.locator("main")).not_to_contain_text("Private provider")
    member.goto(f"/teams/{team.id}/stakeholders")
    expect(member.page.locator("main")).to_contain_text("Private provider")


def test_adding_a_stakeholder_keeps_what_was_typed_when_something_is_wrong(visitor, mapped):
    team, _member, _host, _people = mapped
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/stakeholders/new")
    page = visitor.page
    page.get_by_label("Name").fill("Director of adult social care")
    page.get_by_label("Organisation").fill("Eastfield City Council")
    page.get_by_label("Category").select_option("local_authority")
    page.get_by_label("Power or influence").select_option("5")
    page.get_by_label("Last contact").fill("31/02/2027")
    visitor.submit("Add stakeholder")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter interest")
    expect(page.get_by_label("Name")).to_have_value("Director of adult social care")
    expect(page.get_by_label("Last contact")).to_have_value("31/02/2027")
    page.get_by_label("Interest", exact=True).select_option("3")
    page.get_by_label("Last contact").fill("")
    visitor.submit("Add stakeholder")
    expect(page.get_by_role("heading", name="Director of adult social care")).to_be_visible()


def test_on_a_phone_the_page_does_not_scroll_sideways_only_the_tables_do(visitor, mapped):
    """WCAG 1.4.10 (reflow): at 375 px the register's and grid's wide tables scroll inside
    their own region; the page itself stays the screen's width."""
    team, _member, _host, _people = mapped
    visitor.page.set_viewport_size({"width": 375, "height": 800})
    sign_in(visitor, "mo@example.org")
    for path in ("", "/grid", "/then-and-now"):
        visitor.goto(f"/teams/{team.id}/stakeholders{path}")
        widths = visitor.page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], (path, widths)
