"""The section page's layout in Chromium: writing gets the width (editor and preview side by
side on a wide screen, a switch between them on a narrow one), and the comments stay reachable
however long the section is."""

from __future__ import annotations

import pytest
from flask import current_app
from playwright.sync_api import expect
from sqlalchemy import select

from workspace.extensions import db
from workspace.models import Team, User
from workspace.report import comments as comment_ops
from workspace.report import operations

from .conftest import Visitor
from .test_report import KEY, editor, make_report, open_section, sign_in

SENTENCE = "The discharge team met the ward managers every week to agree which patients could go home."


def long_section(words: int = 5000) -> str:
    """About `words` words in paragraphs of about 100, with a heading every ten paragraphs."""
    per_sentence = len(SENTENCE.split())
    paragraph = " ".join([SENTENCE] * (100 // per_sentence))
    parts = []
    for n in range(words // len(paragraph.split())):
        if n % 10 == 0:
            parts.append(f"## Part {n // 10 + 1}")
        parts.append(paragraph)
    return "\n\n".join(parts)


def with_comments(report, count: int = 3) -> None:
    team = db.session.get(Team, report.team_id)
    hana = db.session.scalar(select(User).where(User.email == report.hana))
    section = operations.get_section(team, KEY)
    with current_app.test_request_context():
        for n in range(count):
            comment_ops.add_comment(team, hana, section, f"Comment {n}: which wards?", "met the ward managers")
    db.session.rollback()


def box(visitor: Visitor, selector: str) -> dict:
    found = visitor.page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def in_viewport(visitor: Visitor, selector: str) -> bool:
    return visitor.page.evaluate(
        """(selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight && r.height > 0;
        }""",
        selector,
    )


@pytest.mark.browser
def test_wide_screen_puts_editor_and_preview_side_by_side_and_comments_near(open_browser):
    report = make_report(long_section())
    with_comments(report)
    visitor = open_browser()
    visitor.page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(visitor, report.amy)
    open_section(visitor, report)

    text, preview = box(visitor, "#section-form textarea"), box(visitor, "#preview")
    # Side by side: the same row, the editor on the left, and together most of the width.
    assert text["x"] + text["width"] <= preview["x"]
    assert abs(text["y"] - preview["y"]) < 80
    assert text["width"] + preview["width"] >= 0.75 * 1400
    assert text["width"] >= 500 and preview["width"] >= 500

    # 5,000 words do not push the comments 25,000 px down: the panel starts within two screens,
    # and the link to it is on the first.
    comments_top = visitor.page.evaluate("() => document.getElementById('comments').getBoundingClientRect().top + window.scrollY")
    assert comments_top < 2 * 900
    link = visitor.page.get_by_role("link", name="Comments (3 open)")
    expect(link).to_be_in_viewport()
    link.focus()
    visitor.page.keyboard.press("Enter")
    expect(visitor.page.get_by_role("heading", name="Comments", exact=True)).to_be_in_viewport()
    expect(visitor.page.locator("li.app-thread")).to_have_count(3)
    # And back to the text in one step.
    visitor.page.get_by_role("link", name="Back to the text").click()
    assert in_viewport(visitor, "#workspace")


@pytest.mark.browser
def test_narrow_screen_switches_between_writing_and_preview(open_browser):
    report = make_report(long_section(1000))
    visitor = open_browser()
    visitor.page.set_viewport_size({"width": 420, "height": 800})
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    page = visitor.page

    write, show_preview = page.get_by_role("button", name="Write"), page.get_by_role("button", name="Preview")
    expect(write).to_have_attribute("aria-pressed", "true")
    expect(editor(visitor)).to_be_visible()
    expect(page.locator("#preview")).to_be_hidden()

    # By keyboard: to the Preview button, press it; the preview shows instead of the editor.
    show_preview.focus()
    page.keyboard.press("Enter")
    expect(show_preview).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#preview")).to_be_visible()
    expect(editor(visitor)).to_be_hidden()
    visitor.check()  # axe, with the preview shown
    page.keyboard.press("Shift+Tab")
    expect(write).to_be_focused()
    page.keyboard.press("Space")
    expect(editor(visitor)).to_be_visible()
    expect(page.locator("#preview")).to_be_hidden()

    # The comments are still within reach below the editor.
    comments_top = page.evaluate("() => document.getElementById('comments').getBoundingClientRect().top + window.scrollY")
    assert comments_top < 3 * 800


@pytest.mark.browser
def test_a_reader_sees_the_text_and_the_comments_link(open_browser):
    report = make_report(long_section())
    with_comments(report, 1)
    visitor = open_browser()
    visitor.page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(visitor, report.hana)
    open_section(visitor, report)
    expect(visitor.page.get_by_role("button", name="Write")).to_have_count(0)
    expect(visitor.page.locator("#preview")).to_be_visible()
    expect(visitor.page.get_by_role("link", name="Comments (1 open)")).to_be_in_viewport()
    comments_top = visitor.page.evaluate("() => document.getElementById('comments').getBoundingClientRect().top + window.scrollY")
    assert comments_top < 2 * 900
