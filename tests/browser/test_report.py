"""The co-edited report in Chromium: autosave and three-way merges between two people, offline
editing, drafts kept in local storage, conflicts, comments on selected text, mentions, and
what a host partner may do.

Every page visited is checked with axe-core, and any console error, CSP violation or request
to another host fails the test (see conftest.py).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from workspace.extensions import db
from workspace.models import Team, User
from workspace.report import comments as comment_ops
from workspace.report import operations
from workspace.report.models import Section

from .conftest import Visitor

KEY = "introduction"
TITLE = "Introduction and context"
# Paragraphs, one per line with a blank line between, as people write them in the editor.
START = (
    "Riverside Trust serves the towns along the estuary.\n\n"
    "We met the discharge team every week for a month.\n\n"
    "The review starts in May with the ward managers."
)
SAVE_WAIT_MS = 15_000  # autosave waits 2.5 s; a retry after going online comes within 10 s
POLL_WAIT_MS = 10_000  # pages poll every 4 s


@dataclass
class Report:
    team_id: int
    amy: str  # members' email addresses
    ben: str
    hana: str  # the host partner

    def section_path(self, key: str = KEY) -> str:
        return f"/teams/{self.team_id}/report/{key}"

    def api_path(self, key: str = KEY) -> str:
        return f"/api/v1/teams/{self.team_id}/sections/{key}"


def make_report(body: str | None = START) -> Report:
    """A team with two members and a host partner; its introduction holds `body` as version 1."""
    team = factories.make_team("Team Harbour")
    amy = factories.make_user("Amy Able", "amy@example.org")
    ben = factories.make_user("Ben Bright", "ben@example.org")
    hana = factories.make_user("Hana Host", "hana@example.org")
    factories.add_member(team, amy, "member")
    factories.add_member(team, ben, "member")
    factories.add_member(team, hana, "host")
    db.session.commit()
    operations.sections_for(team)
    if body is not None:
        operations.save_section(team, KEY, body, 0, amy)
    return Report(team.id, amy.email, ben.email, hana.email)


def sign_in(visitor: Visitor, email: str) -> None:
    visitor.goto("/sign-in")
    visitor.page.get_by_label("Email address").fill(email)
    visitor.page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    visitor.submit("Sign in")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Your teams")


def open_section(visitor: Visitor, report: Report, key: str = KEY) -> None:
    visitor.goto(report.section_path(key))
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(TITLE)


def editor(visitor: Visitor):
    return visitor.page.get_by_label("Section text (markdown)")


def status(visitor: Visitor):
    return visitor.page.locator("#save-status")


def type_at_end(visitor: Visitor, text: str) -> None:
    box = editor(visitor)
    box.click()
    box.press("Control+End")
    visitor.page.keyboard.type(text)


def type_at_start(visitor: Visitor, text: str) -> None:
    box = editor(visitor)
    box.click()
    box.press("Control+Home")
    visitor.page.keyboard.type(text)


def section_body(report: Report, key: str = KEY) -> str:
    db.session.rollback()  # a fresh read: the live server wrote in its own session
    body = db.session.scalar(
        select(Section.body).where(Section.team_id == report.team_id, Section.key == key)
    )
    db.session.rollback()
    return body


def eventually_body(report: Report, check, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        body = section_body(report)
        if check(body) or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def contains(text: str) -> re.Pattern:
    return re.compile(re.escape(text))


@pytest.mark.browser
def test_offline_edit_merges_with_a_save_made_meanwhile(open_browser):
    report = make_report()
    a_text = "Amy adds a paragraph about the integrated care board."
    b_text = "Ben adds a closing paragraph about what comes next."

    amy, ben = open_browser(), open_browser()
    sign_in(amy, report.amy)
    sign_in(ben, report.ben)
    open_section(amy, report)
    open_section(ben, report)
    expect(editor(ben)).to_have_value(START)

    # Ben's network drops before Amy saves, so his page never hears of her paragraph.
    ben.set_offline(True)

    type_at_start(amy, a_text + "\n\n")
    expect(status(amy)).to_contain_text("Saved at", timeout=SAVE_WAIT_MS)
    assert section_body(report) == f"{a_text}\n\n{START}"

    # Autosave tries and fails: the text is only on Ben's device.
    with ben.page.expect_event(
        "requestfailed", lambda request: request.method == "PUT", timeout=SAVE_WAIT_MS
    ):
        type_at_end(ben, "\n\n" + b_text)
        expect(status(ben)).to_contain_text("Offline — kept on this device")
    expect(status(ben)).to_have_text("Offline — kept on this device")
    expect(editor(ben)).to_have_value(f"{START}\n\n{b_text}")
    assert section_body(report) == f"{a_text}\n\n{START}"

    ben.set_offline(False)
    expect(status(ben)).to_contain_text(
        re.compile(r"Saved at \d\d:\d\d — merged with changes someone else saved"),
        timeout=SAVE_WAIT_MS,
    )
    both = f"{a_text}\n\n{START}\n\n{b_text}"
    assert eventually_body(report, lambda body: body == both) == both
    expect(editor(ben)).to_have_value(both)
    expect(ben.page.locator("#preview")).to_contain_text(a_text)

    # Amy's page picks Ben's paragraph up by polling.
    expect(editor(amy)).to_have_value(both, timeout=POLL_WAIT_MS)
    expect(status(amy)).to_contain_text("Updated with changes Ben Bright saved")
    expect(amy.page.locator("#preview")).to_contain_text(b_text)


@pytest.mark.browser
def test_unsaved_text_is_kept_on_the_device_and_recovered(visitor):
    report = make_report()
    draft = "A paragraph written on the train, with no signal."
    sign_in(visitor, report.ben)
    open_section(visitor, report)
    expect(visitor.page.locator("#recovery")).to_have_count(0)

    visitor.set_offline(True)
    type_at_end(visitor, "\n\n" + draft)
    expect(status(visitor)).to_contain_text("Offline — kept on this device")

    # The tab closes before the text ever reached the server.
    visitor.new_page()
    visitor.set_offline(False)
    assert section_body(report) == START

    open_section(visitor, report)
    page = visitor.page
    expect(editor(visitor)).to_have_value(START)
    banner = page.locator("#recovery")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("never saved")
    page.locator("#recover-draft").click()
    expect(banner).to_have_count(0)
    expect(editor(visitor)).to_have_value(f"{START}\n\n{draft}")
    expect(status(visitor)).to_contain_text("Saved at", timeout=SAVE_WAIT_MS)
    assert eventually_body(report, lambda body: draft in body) == f"{START}\n\n{draft}"

    # Saved, so the draft is gone: a fresh visit offers nothing to recover.
    visitor.goto(report.section_path())
    expect(editor(visitor)).to_have_value(f"{START}\n\n{draft}")
    expect(page.locator("#recovery")).to_have_count(0)


@pytest.mark.browser
def test_same_words_changed_twice_shows_the_conflict_and_saves_the_resolution(open_browser):
    report = make_report()
    amy, ben = open_browser(), open_browser()
    sign_in(amy, report.amy)
    sign_in(ben, report.ben)
    open_section(amy, report)
    open_section(ben, report)
    ben.set_offline(True)

    june = START.replace("starts in May", "starts in June")
    editor(amy).fill(june)
    expect(status(amy)).to_contain_text("Saved at", timeout=SAVE_WAIT_MS)
    assert section_body(report) == june

    july = START.replace("starts in May", "starts in July")
    editor(ben).fill(july)
    expect(status(ben)).to_contain_text("Offline — kept on this device")

    ben.expect_failure(409, report.api_path())
    ben.set_offline(False)
    conflict = ben.page.locator("#conflict")
    expect(conflict).to_be_visible(timeout=SAVE_WAIT_MS)
    expect(conflict).to_contain_text("Someone else changed the same words")
    expect(conflict).to_contain_text("starts in June")
    expect(conflict).to_contain_text("starts in July")
    expect(status(ben)).to_contain_text("Not saved: resolve the clashes")
    expect(editor(ben)).to_have_value(contains("<<<<<<< your version"))
    assert section_body(report) == june  # nothing of Ben's was saved over Amy's words
    ben.check()  # the conflict panel, drawn by the editor, passes axe too

    # The preview shows the clash as one labelled block, never the markers run through markdown.
    preview = ben.page.locator("#preview")
    clash = preview.locator(".app-clash")
    expect(clash).to_have_count(1)
    expect(clash.locator(".app-clash__side--theirs")).to_contain_text("Their saved text")
    expect(clash.locator(".app-clash__side--theirs")).to_contain_text("starts in June")
    expect(clash.locator(".app-clash__side--mine")).to_contain_text("Your text")
    expect(clash.locator(".app-clash__side--mine")).to_contain_text("starts in July")
    expect(preview.locator("h1, h2, blockquote")).to_have_count(0)
    expect(preview).not_to_contain_text("=======")
    expect(preview).not_to_contain_text("saved version")

    resolved = START.replace("starts in May", "starts in June or July")
    editor(ben).fill(resolved)
    expect(status(ben)).to_contain_text("Saved at", timeout=SAVE_WAIT_MS)
    assert eventually_body(report, lambda body: body == resolved) == resolved
    expect(editor(amy)).to_have_value(resolved, timeout=POLL_WAIT_MS)


@pytest.mark.browser
def test_host_comments_on_selected_text_mentions_a_member_and_resolves(open_browser):
    report = make_report()
    quote = "met the discharge team every week"
    remark = "@Amy could you say which wards these meetings covered?"

    hana = open_browser()
    sign_in(hana, report.hana)
    open_section(hana, report)
    page = hana.page
    expect(page.locator("#preview")).to_contain_text(quote)

    button = page.locator("#comment-on-selection")
    expect(button).to_be_hidden()
    selected = page.evaluate(
        """(words) => {
          const preview = document.getElementById("preview");
          const walker = document.createTreeWalker(preview, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new Event("selectionchange"));
            return selection.toString();
          }
          return null;
        }""",
        quote,
    )
    assert selected == quote
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#quote-preview")).to_be_visible()
    expect(page.locator("#quote-text")).to_have_text(quote)
    expect(page.locator("#comment-quote")).to_have_value(quote)

    comment_box = page.get_by_label("Comment", exact=True)
    expect(comment_box).to_be_focused()
    comment_box.fill(remark)
    hana.submit("Add comment")
    expect(page.get_by_text("Comment added.")).to_be_visible()
    thread = page.locator("li.app-thread").filter(has_text=remark)
    expect(thread).to_have_count(1)
    expect(thread.locator("blockquote")).to_have_text(f"“{quote}”")
    expect(thread).to_contain_text("Hana Host")

    # Amy, mentioned, sees the count in the header and the notification in her list.
    amy = open_browser()
    sign_in(amy, report.amy)
    bell = amy.page.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(bell).to_have_accessible_name("Notifications 1 unread")
    expect(bell.locator(".app-bell__count")).to_have_text("1")
    amy.follow("Notifications 1 unread")
    expect(amy.page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notice = amy.page.get_by_role("link", name=f"Hana Host mentioned you on “{TITLE}”")
    expect(notice).to_be_visible()
    expect(amy.page.locator("#notifications")).to_contain_text("New")
    amy.follow(f"Hana Host mentioned you on “{TITLE}”")
    expect(amy.page.locator("li.app-thread").filter(has_text=remark)).to_be_visible()
    # Reading the list marked it read: the header count is gone.
    expect(amy.page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    # The host resolves the thread: it leaves the open list and shows under Resolved.
    with page.expect_navigation():
        thread.get_by_role("button", name=re.compile(r"^Resolve comment thread")).click()
    hana.check()
    expect(page.get_by_text("Comment resolved.")).to_be_visible()
    expect(page.locator("li.app-thread")).to_have_count(0)
    expect(page.get_by_text("No open comments.")).to_be_visible()
    hana.follow("Resolved", within=page.get_by_role("navigation", name="Filter comments"))
    resolved = page.locator("li.app-thread").filter(has_text=remark)
    expect(resolved).to_have_count(1)
    expect(resolved.locator("blockquote")).to_have_text(f"“{quote}”")
    expect(resolved).to_contain_text("Resolved by Hana Host")
    expect(resolved.get_by_role("button", name=re.compile(r"^Reopen"))).to_be_visible()


@pytest.mark.browser
def test_host_partner_reads_but_cannot_edit(visitor):
    report = make_report()
    sign_in(visitor, report.hana)
    open_section(visitor, report)
    page = visitor.page
    expect(page.get_by_role("heading", name="Current text")).to_be_visible()
    expect(page.locator("#preview")).to_contain_text("We met the discharge team every week")
    expect(page.locator("#section-form")).to_have_count(0)
    expect(page.locator("textarea#body")).to_have_count(0)
    expect(page.get_by_label("Section text (markdown)")).to_have_count(0)
    expect(page.get_by_role("button", name="Save section")).to_have_count(0)
    expect(page.locator("#save-status")).to_have_count(0)
    # She can still comment.
    expect(page.get_by_label("Comment", exact=True)).to_be_visible()

    # And the API refuses her a save, even with a valid CSRF token.
    token = page.locator('input[name="csrf_token"]').first.input_value()
    refused = page.request.put(
        visitor.url(report.api_path()),
        data={"body": "Hana's own text", "base_version": 1},
        headers={"X-CSRFToken": token},
    )
    assert refused.status == 403, refused.text()
    assert section_body(report) == START


@pytest.mark.browser
def test_a_readers_page_follows_a_members_save(visitor):
    report = make_report()
    sign_in(visitor, report.hana)
    open_section(visitor, report)
    expect(visitor.page.locator("#preview")).not_to_contain_text("ward managers agreed")
    team = db.session.get(Team, report.team_id)
    amy = db.session.scalar(select(User).where(User.email == report.amy))
    operations.save_section(team, KEY, START + "\n\nThe ward managers agreed to **weekly** huddles.", 1, amy)
    db.session.rollback()
    preview = visitor.page.locator("#preview")
    expect(preview).to_contain_text("The ward managers agreed to weekly huddles.", timeout=POLL_WAIT_MS)
    expect(preview.locator("strong")).to_have_text("weekly")


@pytest.mark.browser
def test_quoted_text_is_marked_in_the_preview_and_links_to_its_comment(visitor):
    report = make_report()
    team = db.session.get(Team, report.team_id)
    amy = db.session.scalar(select(User).where(User.email == report.amy))
    section = operations.get_section(team, KEY)
    from flask import current_app

    with current_app.test_request_context():
        thread = comment_ops.add_comment(team, amy, section, "Which month exactly?", quote="starts in May")
    db.session.rollback()
    sign_in(visitor, report.hana)
    open_section(visitor, report)
    mark = visitor.page.locator("#preview mark a")
    expect(mark).to_have_text("starts in May")
    expect(mark).to_have_attribute("href", f"#comment-{thread.id}")


@pytest.mark.browser
def test_editor_history_and_comments_pages_pass_axe(open_browser, app):
    report = make_report()
    team = db.session.get(Team, report.team_id)
    ben_user = db.session.scalar(select(User).where(User.email == report.ben))
    hana_user = db.session.scalar(select(User).where(User.email == report.hana))
    operations.save_section(team, KEY, START + "\n\nBen's **second** paragraph.", 1, ben_user)
    operations.save_section(
        team, KEY, "## Context\n\n" + START + "\n\nBen's **second** paragraph.", 2, ben_user
    )
    section = operations.get_section(team, KEY)
    with app.test_request_context():
        open_thread = comment_ops.add_comment(
            team, hana_user, section, "@Ben please add a source.", "serves the towns"
        )
        done = comment_ops.add_comment(team, hana_user, section, "Looks right now.", None)
        comment_ops.resolve_comment(team, done, hana_user)
        comment_ops.add_comment(team, hana_user, section, "Thanks, added.", None, open_thread)

    visitor = open_browser()
    sign_in(visitor, report.amy)
    page = visitor.page

    # The editor page, with its toolbar, preview and a thread (axe runs on every visit).
    open_section(visitor, report)
    expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    # The comment box has its own label, not the section text's.
    expect(page.get_by_label("Comment", exact=True)).to_have_id("body-comment")
    expect(page.locator("[id=body]")).to_have_count(1)
    expect(page.locator("li.app-thread")).to_have_count(1)
    page.locator("li.app-thread summary").filter(has_text="Reply").click()
    expect(page.get_by_label("Your reply")).to_be_visible()
    visitor.check()

    # The history, with the authorship details opened.
    visitor.follow("History and contributions")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"History of “{TITLE}”")
    expect(
        page.get_by_role("table", name="Revisions, newest first").get_by_role("row")
    ).to_have_count(4)
    page.get_by_text("Who wrote which words of the current text").click()
    authorship = page.locator(".app-authorship")
    expect(authorship).to_be_visible()
    expect(authorship.locator('span[title="Ben Bright"]').first).to_be_visible()
    expect(authorship.locator('span[title="Amy Able"]').first).to_be_visible()
    visitor.check()

    # The team's comments page: open, then all threads.
    visitor.goto(f"/teams/{report.team_id}/comments")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments")
    expect(page.locator("li.app-thread")).to_have_count(1)
    page.get_by_label("Show").select_option("all")
    visitor.submit("Filter")
    expect(page.locator("li.app-thread")).to_have_count(2)
    expect(page.locator("li.app-thread--resolved")).to_contain_text("Looks right now.")
