"""The section editor in Chromium: the writer keeps their place when a teammate's save is
merged in, and unsaved drafts do not outlive sign-out or a week in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from workspace.extensions import db
from workspace.models import User

from .conftest import Visitor
from .test_report import (
    KEY,
    POLL_WAIT_MS,
    SAVE_WAIT_MS,
    START,
    Report,
    contains,
    editor,
    make_report,
    open_section,
    sign_in,
    status,
    type_at_end,
)

# Forty paragraphs: more than the editor shows, so it scrolls.
LONG = "\n\n".join(f"Paragraph {n} says what the ward learned in week {n}." for n in range(1, 41))


def select_in_editor(visitor: Visitor, start: int, end: int, scroll_top: int | None = None) -> None:
    visitor.page.evaluate(
        """([start, end, scrollTop]) => {
          const box = document.querySelector("#section-form textarea");
          box.focus();
          box.setSelectionRange(start, end);
          if (scrollTop !== null) box.scrollTop = scrollTop;
        }""",
        [start, end, scroll_top],
    )


def place(visitor: Visitor) -> dict:
    return visitor.page.evaluate(
        """() => {
          const box = document.querySelector("#section-form textarea");
          return { start: box.selectionStart, end: box.selectionEnd, scrollTop: box.scrollTop,
                   selected: box.value.slice(box.selectionStart, box.selectionEnd),
                   focused: document.activeElement === box };
        }"""
    )


@pytest.mark.browser
def test_a_teammates_save_arriving_by_polling_keeps_my_caret_selection_and_scroll(open_browser):
    report = make_report(LONG)
    amy, ben = open_browser(), open_browser()
    sign_in(amy, report.amy)
    sign_in(ben, report.ben)
    open_section(amy, report)
    open_section(ben, report)

    # Amy selects "week 20" in paragraph 20, with the editor scrolled part of the way down.
    target = "week 20"
    at = LONG.index(target)
    select_in_editor(amy, at, at + len(target), scroll_top=300)
    before = place(amy)
    assert before["selected"] == target and before["scrollTop"] > 0

    # Ben adds words to paragraph 3 (above Amy's place) and to the last paragraph; it saves.
    theirs = LONG.replace("in week 3.", "in week 3, with the matrons.").replace(
        "in week 40.", "in week 40, and what comes next."
    )
    editor(ben).fill(theirs)
    expect(status(ben)).to_contain_text("Saved at", timeout=SAVE_WAIT_MS)

    # Amy's page takes Ben's text in by polling; her selection and scroll stay where they were.
    expect(editor(amy)).to_have_value(theirs, timeout=POLL_WAIT_MS)
    after = place(amy)
    assert after["selected"] == target
    assert after["focused"]
    assert after["scrollTop"] == before["scrollTop"]

    # What she types replaces her selection, in paragraph 20.
    amy.page.keyboard.type("the twentieth week")
    expect(editor(amy)).to_have_value(
        theirs.replace("in week 20.", "in the twentieth week."), timeout=1000
    )


@pytest.mark.browser
def test_a_merged_save_of_my_own_edit_keeps_my_caret(open_browser):
    report = make_report()
    amy, ben = open_browser(), open_browser()
    sign_in(amy, report.amy)
    sign_in(ben, report.ben)
    open_section(amy, report)
    open_section(ben, report)

    # Amy is offline while Ben changes paragraph 3; she types in paragraph 1.
    amy.set_offline(True)
    theirs = START.replace("with the ward managers.", "with the ward managers and matrons.")
    editor(ben).fill(theirs)
    expect(status(ben)).to_contain_text("Saved at", timeout=SAVE_WAIT_MS)
    at = START.index(" Trust")
    select_in_editor(amy, at, at)
    amy.page.keyboard.type(" Health")
    expect(status(amy)).to_contain_text("Offline — kept on this device")

    # Back online, her save merges with Ben's; the merged text replaces hers in the editor.
    amy.set_offline(False)
    expect(status(amy)).to_contain_text("merged with changes someone else saved", timeout=SAVE_WAIT_MS)
    merged = theirs.replace("Riverside Trust", "Riverside Health Trust")
    expect(editor(amy)).to_have_value(merged)

    # The next keystrokes still land in paragraph 1, just after what she typed.
    amy.page.keyboard.type(" NHS")
    expect(editor(amy)).to_have_value(merged.replace("Riverside Health", "Riverside Health NHS"))


# --- drafts in local storage -------------------------------------------------------------------


def drafts_in_storage(visitor: Visitor) -> dict:
    return visitor.page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
              .filter((key) => key.startsWith("workspace:draft:"))
              .map((key) => [key, localStorage.getItem(key)]))"""
    )


def refuse_saves(visitor: Visitor, report: Report) -> None:
    """Every save of the section fails (as on a flaky network), so text stays on the device."""
    api_url = visitor.url(report.api_path())
    visitor.expect_failure(400, report.api_path())

    def handle(route):
        if route.request.method == "PUT":
            route.fulfill(status=400, json={"error": {"code": "bad_request", "message": "Refused by the test."}})
        else:
            route.continue_()

    visitor.page.route(api_url, handle)


def user_id(email: str) -> int:
    found = db.session.scalar(select(User.id).where(User.email == email))
    db.session.rollback()
    return found


@pytest.mark.browser
def test_signing_out_warns_then_clears_my_unsaved_drafts(visitor):
    report = make_report()
    secret = "Notes on the patient complaint, not for anyone else."
    sign_in(visitor, report.ben)
    open_section(visitor, report)
    page = visitor.page
    refuse_saves(visitor, report)

    type_at_end(visitor, "\n\n" + secret)
    expect(status(visitor)).to_contain_text("Not saved", timeout=SAVE_WAIT_MS)
    kept = drafts_in_storage(visitor)
    assert len(kept) == 1 and secret in next(iter(kept.values()))
    assert next(iter(kept)).endswith(f":{user_id(report.ben)}")

    # First he cancels the warning: still signed in, the draft still kept.
    warnings: list[str] = []

    def answer(accept: bool):
        def handler(dialog):
            warnings.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handler

    page.once("dialog", answer(False))
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Introduction and context")
    assert len(warnings) == 1 and "never saved" in warnings[0]
    assert len(drafts_in_storage(visitor)) == 1

    # Then he accepts it: signed out, and nothing of his is left in this browser.
    page.once("dialog", answer(True))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    visitor.check()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert len(warnings) == 2
    assert drafts_in_storage(visitor) == {}

    # The next person at this computer finds nothing to recover.
    page.unroute(visitor.url(report.api_path()))
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    expect(editor(visitor)).to_have_value(START)
    expect(page.locator("#recovery")).to_have_count(0)
    assert secret not in page.content()


@pytest.mark.browser
def test_signing_out_without_drafts_asks_nothing_and_keeps_other_peoples(visitor):
    report = make_report()
    sign_in(visitor, report.ben)
    page = visitor.page
    # A draft of someone else who used this browser (a different user id) is not Ben's to clear.
    other_key = f"workspace:draft:{report.team_id}:{KEY}:999999"
    page.evaluate(
        "(key) => localStorage.setItem(key, JSON.stringify({body: 'x', base: 1, at: Date.now()}))", other_key
    )
    warnings: list[str] = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    visitor.check()
    assert warnings == []
    assert list(drafts_in_storage(visitor)) == [other_key]


@pytest.mark.browser
def test_drafts_older_than_a_week_are_dropped_on_load(visitor):
    report = make_report()
    sign_in(visitor, report.ben)
    ben_key = f"workspace:draft:{report.team_id}:{KEY}:{user_id(report.ben)}"
    day = 24 * 60 * 60 * 1000
    page = visitor.page

    def keep(age_days: float) -> None:
        page.evaluate(
            """([key, age]) => localStorage.setItem(key, JSON.stringify(
                 {body: "An old draft.", base: 1, at: Date.now() - age}))""",
            [ben_key, age_days * day],
        )

    keep(8)
    open_section(visitor, report)
    expect(page.locator("#recovery")).to_have_count(0)
    assert drafts_in_storage(visitor) == {}

    # A draft from six days ago is still offered.
    keep(6)
    open_section(visitor, report)
    expect(page.locator("#recovery")).to_be_visible()
    expect(page.locator("#recovery")).to_contain_text("never saved")
    page.get_by_role("button", name="Discard it").click()
    assert drafts_in_storage(visitor) == {}
    assert contains("An old draft.").search(editor(visitor).input_value()) is None

    # Expired drafts go on any page, not only on the section they belong to.
    keep(30)
    visitor.goto("/")
    assert drafts_in_storage(visitor) == {}


@pytest.mark.browser
def test_signing_out_to_accept_an_invitation_clears_drafts_too(visitor):
    from tests import factories
    from workspace.auth.operations import issue_invitation
    from workspace.models import Team

    report = make_report()
    invitee = factories.make_user("Ivy Invited", password=False)
    factories.add_member(db.session.get(Team, report.team_id), invitee, "member")
    secret_link = issue_invitation(invitee, None)
    db.session.commit()
    secret = "Draft notes nobody else should read."
    sign_in(visitor, report.ben)
    open_section(visitor, report)
    page = visitor.page
    refuse_saves(visitor, report)
    type_at_end(visitor, "\n\n" + secret)
    expect(status(visitor)).to_contain_text("Not saved", timeout=SAVE_WAIT_MS)
    assert len(drafts_in_storage(visitor)) == 1

    visitor.goto(f"/invitations/{secret_link}")
    warnings: list[str] = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out and accept the invitation").click()
    assert len(warnings) == 1 and "never saved" in warnings[0]
    assert drafts_in_storage(visitor) == {}
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ivy Invited")
