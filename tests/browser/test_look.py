"""How pages look in Chromium: the NHS sans-serif font everywhere, tables that scroll sideways
instead of breaking words, and markdown images shown as a placeholder, never fetched.

Every page visited is checked with axe-core, and any console error, CSP violation or request
to another host fails the test (see conftest.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from workspace.extensions import db
from workspace.models import Team, User
from workspace.report import operations

from .conftest import Visitor
from .test_report import KEY, make_report, open_section, sign_in

# The computed font-family of each visible element a selector matches (the markdown editor's
# textarea is left out: it is monospace on purpose, so columns of a markdown table line up).
_FONT_FAMILIES = """
(selectors) => selectors.flatMap((selector) =>
  [...document.querySelectorAll(selector)]
    .filter((element) => element.getClientRects().length > 0 && !element.closest("#section-form"))
    .map((element) => ({selector, family: getComputedStyle(element).fontFamily})))
"""
TEXT_ELEMENTS = ["body", "h1", "h2", "p", "label", "button", "input", "textarea", "select"]
SERIF_FAMILIES = {"serif", "times", "times new roman", "georgia", "dejavu serif", "liberation serif"}


def font_families(visitor: Visitor) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in visitor.page.evaluate(_FONT_FAMILIES, TEXT_ELEMENTS):
        found.setdefault(item["selector"], set()).add(item["family"])
    return found


def assert_nhs_sans_serif(found: dict[str, set[str]]) -> None:
    for selector, families in found.items():
        for family in families:
            stack = [name.strip().strip("\"'").lower() for name in family.split(",")]
            assert stack[0] == "arial" and stack[-1] == "sans-serif", (selector, family)
            assert not SERIF_FAMILIES & set(stack), (selector, family)


@pytest.mark.browser
def test_every_kind_of_text_uses_the_nhs_sans_serif_stack(visitor):
    report = make_report()

    visitor.goto("/sign-in")
    sign_in_page = font_families(visitor)
    assert {"body", "h1", "label", "input", "button"} <= sign_in_page.keys()
    assert_nhs_sans_serif(sign_in_page)

    sign_in(visitor, report.amy)
    open_section(visitor, report)
    section_page = font_families(visitor)
    assert {"body", "h1", "h2", "p", "button", "textarea", "select"} <= section_page.keys()
    assert_nhs_sans_serif(section_page)


# One short word per cell, so any line break inside a cell is a word broken in two.
WIDE_TABLE = (
    "| Stakeholder | Organisation | Power | Interest | Attitude | Desired | Engagement | Owner |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
    "| Commissioners | Riverside | High | Medium | Neutral | Supportive | Monthly | Amy |\n"
    "| Physiotherapists | Community | Low | High | Supportive | Champion | Weekly | Ben |\n"
)

# For each cell, how many lines its word takes up on screen.
_LINES_PER_CELL = """
(table) => [...table.querySelectorAll("th, td")].map((cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  return {word: cell.textContent.trim(), lines: lines.size};
})
"""


@pytest.mark.browser
def test_a_wide_table_scrolls_sideways_and_no_cell_breaks_a_word(visitor):
    report = make_report("Who we spoke to:\n\n" + WIDE_TABLE + "\nMore after the table.")
    visitor.page.set_viewport_size({"width": 480, "height": 900})
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    # On a narrow screen the editor shows one pane at a time: switch to the preview.
    visitor.page.get_by_role("button", name="Preview", exact=True).click()

    wrapper = visitor.page.locator("#preview .app-table-scroll")
    expect(wrapper).to_have_count(1)
    cells = wrapper.locator("table").evaluate(_LINES_PER_CELL)
    assert len(cells) == 8 * 3
    assert [cell for cell in cells if cell["lines"] != 1] == []

    # Too wide for the page, so the wrapper scrolls, and a keyboard alone can scroll it.
    width, visible = wrapper.evaluate("(element) => [element.scrollWidth, element.clientWidth]")
    assert width > visible
    wrapper.focus()
    expect(wrapper).to_be_focused()
    visitor.page.keyboard.press("ArrowRight")
    visitor.page.wait_for_function(
        "() => document.querySelector('#preview .app-table-scroll').scrollLeft > 0"
    )
    visitor.check()


@pytest.mark.browser
def test_markdown_image_shows_a_placeholder_and_fetches_nothing(visitor):
    report = make_report()
    team = db.session.get(Team, report.team_id)
    amy = db.session.query(User).filter_by(email=report.amy).one()
    operations.save_section(
        team, KEY, "Our map:\n\n![Current state process map](https://example.org/map.png)", 1, amy
    )
    sign_in(visitor, report.amy)
    open_section(visitor, report)

    preview = visitor.page.locator("#preview")
    expect(preview.locator(".app-image-placeholder")).to_have_text(
        "Image: Current state process map (images are not shown)"
    )
    expect(preview.locator("img")).to_have_count(0)
    expect(preview).not_to_contain_text("!")


@pytest.mark.browser
def test_the_wide_section_page_lines_its_header_up_with_its_content(visitor):
    report = make_report("Some text.")
    visitor.page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(visitor, report.amy)
    open_section(visitor, report)
    left_edges = visitor.page.evaluate(
        """() => ['.nhsuk-header__container', 'main', '.nhsuk-footer .nhsuk-width-container']
             .map((selector) => Math.round(document.querySelector(selector).getBoundingClientRect().left))"""
    )
    header, main, footer = left_edges
    assert header == footer
    assert abs(header - main) <= 16, left_edges
