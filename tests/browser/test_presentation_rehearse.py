"""The rehearsal view in Chromium, driven by the keyboard: → Space ← End Home move, P pauses and
resumes the timer, the slide's timer turns to "Over time" (in words and style), the figure
loads, Esc goes back to the outline; and the facilitator's set-up pages. Every page passes
axe-core (each page a Visitor opens is checked) with the real CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from workspace.extensions import db
from workspace.presentation import operations as slide_ops
from workspace.presentation.layout import ensure_deck
from workspace.presentation.queries import slides_of
from workspace.stakeholders import operations as stakeholder_ops

from .conftest import Visitor
from .test_flows import form_with_button, sign_in

pytestmark = pytest.mark.browser


def _deck(team, member):
    """The default deck; the first slide planned for 2 seconds, the fourth showing the stakeholder grid."""
    stakeholder_ops.create(team, member, {"name": "Chief nurse", "category": "acute_trust", "power": 5, "interest": 4})
    ensure_deck(team)
    slides = slides_of(team)
    slide_ops.save_slide(team, slides[0].id, {"minutes": "0:02", "presenter_id": member.id}, 1, member)
    slide_ops.save_slide(team, slides[3].id, {"figure_key": "stakeholders/grid"}, 1, member)
    db.session.commit()
    return [s.title for s in slides_of(team)]


def _current(page):
    return page.locator("[data-slide]:not([hidden])")


def _clock(page) -> str:
    return page.locator("[data-total-clock]").inner_text()


def test_rehearse_with_the_keyboard(visitor: Visitor, team_people):
    team, member, _host = team_people
    titles = _deck(team, member)
    page = visitor.page
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/presentation")
    visitor.follow("Rehearse the presentation")
    assert page.url.endswith(f"/teams/{team.id}/presentation/rehearse")
    expect(page.locator("[data-slide]")).to_have_count(len(titles))
    expect(_current(page)).to_have_count(1)
    expect(_current(page).locator("h2")).to_have_text(titles[0])
    expect(_current(page)).to_contain_text("Presenter: Mo Member")
    # the timer runs, and past the slide's two seconds it says so in words and in style
    over = _current(page).locator("[data-slide-over]")
    expect(over).to_be_visible(timeout=6_000)
    expect(over).to_have_text("Over time")
    expect(_current(page).locator("[data-timer]")).to_have_class("app-rehearse__timer app-rehearse__timer--over")
    expect(page.locator("[data-announce]")).to_have_text("Over time on slide 1")
    visitor.check()  # the over-time style passes axe too (contrast)

    page.keyboard.press("ArrowRight")
    expect(_current(page).locator("h2")).to_have_text(titles[1])
    expect(page.locator("[data-announce]")).to_have_text(f"Slide 2 of {len(titles)}: {titles[1]}")
    page.keyboard.press("Space")
    expect(_current(page).locator("h2")).to_have_text(titles[2])
    page.keyboard.press("PageDown")
    expect(_current(page).locator("h2")).to_have_text(titles[3])
    figure = _current(page).locator("figure img")
    expect(figure).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", figure.element_handle())
    page.keyboard.press("ArrowLeft")
    expect(_current(page).locator("h2")).to_have_text(titles[2])
    page.keyboard.press("End")
    expect(_current(page).locator("h2")).to_have_text(titles[-1])
    page.keyboard.press("ArrowRight")  # the last slide stays the last
    expect(_current(page).locator("h2")).to_have_text(titles[-1])
    page.keyboard.press("Home")
    expect(_current(page).locator("h2")).to_have_text(titles[0])
    visitor.check()

    # P pauses: the running total stands still; P again and it runs on
    page.keyboard.press("p")
    expect(page.get_by_role("button", name="Resume timer")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-announce]")).to_have_text("Timer paused")
    held = _clock(page)
    page.wait_for_timeout(1_500)
    assert _clock(page) == held
    page.keyboard.press("P")
    expect(page.get_by_role("button", name="Pause timer")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-total-clock]")).not_to_have_text(held, timeout=3_000)

    # the buttons do the same as the keys
    page.get_by_role("button", name="Next").click()
    expect(_current(page).locator("h2")).to_have_text(titles[1])
    page.get_by_role("button", name="Previous").click()
    expect(_current(page).locator("h2")).to_have_text(titles[0])

    page.locator("body").focus()
    with page.expect_navigation():
        page.keyboard.press("Escape")
    assert page.url.endswith(f"/teams/{team.id}/presentation")
    visitor.check()


def test_the_rehearsal_view_fits_a_phone(visitor: Visitor, team_people):
    team, member, _host = team_people
    _deck(team, member)
    page = visitor.page
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/presentation/rehearse")
    expect(_current(page)).to_have_count(1)
    wide = page.evaluate("() => [...document.querySelectorAll('.app-rehearse *')]"
                         ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.className)")
    assert not wide, wide


def test_without_javascript_every_slide_is_listed(open_browser, team_people):
    team, member, _host = team_people
    titles = _deck(team, member)
    visitor = open_browser()
    visitor.page.route("**/static/js/rehearse.js", lambda route: route.fulfill(status=200, body="",
                                                                                content_type="text/javascript"))
    sign_in(visitor, "mo@example.org")
    visitor.goto(f"/teams/{team.id}/presentation/rehearse")
    for title in titles:
        expect(visitor.page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def test_the_facilitator_sets_the_slot_and_edits_the_outline(visitor: Visitor, team_people):
    team, _member, _host = team_people
    factories.make_user("Fay Facilitator", "fay@example.org", facilitator=True)
    db.session.commit()
    page = visitor.page
    sign_in(visitor, "fay@example.org")
    visitor.goto(f"/admin/cohorts/{team.cohort_id}/edit")
    visitor.follow("Presentation set-up: the slot and the slide outline for " + team.cohort.name)
    expect(page.get_by_role("heading", level=1)).to_have_text("Presentation set-up")
    page.get_by_label("Slot (minutes)").fill("200")
    visitor.submit("Save slot")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("from 1 to 120")
    page.get_by_label("Slot (minutes)").fill("15")
    visitor.submit("Save slot")
    expect(page.locator("main")).to_contain_text("15 minutes")
    form = form_with_button(visitor, "Add slide")
    form.get_by_label("Slide title").fill("Our method")
    form.get_by_label("Minutes").fill("1:30")
    form.get_by_label("Suggested figure").select_option("process_maps")
    visitor.submit("Add slide")
    expect(page.locator("#slide-12")).to_contain_text("Our method")
    visitor.submit("Move Our method up", within=page.locator("#slide-12"))
    expect(page.locator("#slide-11")).to_contain_text("Our method")
    visitor.follow("Remove Our method")
    visitor.submit("Remove from outline")
    expect(page.locator("table")).not_to_contain_text("Our method")
    visitor.follow("Reset to the default outline")
    visitor.submit("Reset to the default outline")
    expect(page.locator("main")).to_contain_text("uses the default outline")
