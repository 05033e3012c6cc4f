"""The slides in Chromium: edit a slide and see it saved; reorder with the keyboard (the Up and
Down buttons) and by drag and drop; a conflicting save comes back with what was typed; and
every slide page passes axe-core (each page a Visitor opens is checked), for a member and the
host partner, on a desktop and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.presentation import operations as slide_ops
from workspace.presentation.layout import ensure_deck
from workspace.presentation.queries import slides_of

from .test_flows import sign_in

pytestmark = pytest.mark.browser


def _titles(page) -> list[str]:
    return [t.split(":", 1)[1].strip() for t in page.locator(".app-slide-list__title a").all_inner_texts()]


def test_edit_a_slide_and_reorder_by_keyboard_and_by_drag(visitor, team_people):
    team, member, _host = team_people
    ensure_deck(team)
    sign_in(visitor, "mo@example.org")
    page = visitor.page
    page.set_viewport_size({"width": 1280, "height": 2400})  # both ends of each drag in view
    visitor.goto(f"/teams/{team.id}/presentation")
    expect(page.locator("main")).to_contain_text("of your 20-minute slot")

    # edit slide 2
    visitor.follow("Edit slide 2")
    page.get_by_label("Title", exact=True).fill("Why discharge waits matter")
    page.get_by_label("Bullet points").fill("- **Patients** wait\n  - on average 2 days\n- Staff time")
    page.get_by_label("Presenter").select_option(label="Mo Member")
    page.get_by_label("Minutes").fill("1:30")
    visitor.submit("Save slide")
    expect(page.locator("main")).to_contain_text("Slide saved.")
    expect(page.locator(".app-slide-face__bullets strong")).to_have_text("Patients")
    expect(page.locator(".app-slide-facts")).to_contain_text("1 min 30 s")
    visitor.follow("Back to all slides")

    # keyboard: move slide 2 up with its button
    before = _titles(page)
    assert before[1] == "Why discharge waits matter"
    page.get_by_role("button", name="Move slide 2, Why discharge waits matter, up").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert _titles(page)[:2] == [before[1], before[0]]

    # drag: the last slide onto the first place
    titles = _titles(page)
    with page.expect_navigation():
        page.locator(".app-slide-list__item").last.locator(".app-slide-list__number").drag_to(
            page.locator(".app-slide-list__item").first.locator(".app-slide-list__number"))
    visitor.check()
    assert _titles(page) == [titles[-1], *titles[:-1]]
    db.session.expire_all()
    assert [s.title for s in slides_of(team)] == _titles(page)


def test_after_a_keyboard_move_the_focus_stays_on_the_moved_slide(visitor, team_people):
    team, _member, _host = team_people
    ensure_deck(team)
    third = slides_of(team)[2].title
    sign_in(visitor, "mo@example.org")
    page = visitor.page
    visitor.goto(f"/teams/{team.id}/presentation")
    page.get_by_role("button", name=f"Move slide 3, {third}, up").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    # the same button, now slide 2's: pressing Enter again moves it again
    expect(page.get_by_role("button", name=f"Move slide 2, {third}, up")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert _titles(page)[0] == third
    # first now, it has no Up button: the focus is on its card, and Tab reaches its Down button
    expect(page.locator(".app-slide-list__item").first.locator(".app-slide-list__card")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the slide's title link, to its Down button
    expect(page.get_by_role("button", name=f"Move slide 1, {third}, down")).to_be_focused()


def test_a_conflicting_save_keeps_what_was_typed(visitor, team_people):
    team, member, _host = team_people
    ensure_deck(team)
    slide = slides_of(team)[1]
    sign_in(visitor, "mo@example.org")
    page = visitor.page
    visitor.goto(f"/teams/{team.id}/presentation/slides/{slide.id}/edit")
    slide_ops.save_slide(team, slide.id, {"minutes": "3"}, 1, member)  # someone else, meanwhile
    page.get_by_label("Minutes").fill("4")
    page.get_by_label("Speaker notes").fill("My own notes")
    visitor.submit("Save slide")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("also changed the minutes")
    expect(page.get_by_label("Minutes")).to_have_value("4")
    expect(page.get_by_label("Speaker notes")).to_have_value("My own notes")
    visitor.submit("Save slide")  # now based on their version: this person's minutes win
    expect(page.locator(".app-slide-facts")).to_contain_text("4 min")


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_every_slide_page_passes_axe_for_member_and_host(open_browser, team_people, width):
    team, member, _host = team_people
    ensure_deck(team)
    slide = slides_of(team)[3]
    slide_ops.save_slide(team, slide.id, {"presenter_id": member.id, "minutes": "19"}, 1, member)
    base = f"/teams/{team.id}/presentation"
    member_view, host_view = open_browser(), open_browser()
    sign_in(member_view, "mo@example.org")
    sign_in(host_view, "hana@example.org")
    for person in (member_view, host_view):
        person.page.set_viewport_size({"width": width, "height": 900})
        person.goto(base)
        expect(person.page.locator(".nhsuk-warning-callout")).to_contain_text("Over your slot")
        person.goto(f"{base}/slides/{slide.id}")
    for path in (f"{base}/slides/{slide.id}/edit", f"{base}/slides/new", f"{base}/slides/{slide.id}/delete"):
        member_view.goto(path)
    member_view.goto(f"{base}/slides/{slide.id}/edit")
    member_view.page.get_by_label("Minutes").fill("abc")
    member_view.submit("Save slide")
    expect(member_view.page.locator(".nhsuk-error-summary")).to_contain_text("Enter minutes as a number")
    # no part of the outline runs off a phone's screen
    member_view.goto(base)
    overflow = member_view.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
