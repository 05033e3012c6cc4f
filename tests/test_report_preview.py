"""The live preview of text that holds clashes from a merge: markers are never run through
markdown; each clash is a labelled block with both versions."""

from __future__ import annotations

import re

from workspace.merging import (
    MID_MARKER,
    MINE_MARKER,
    THEIRS_MARKER,
    Clash,
    StrayMarker,
    merge,
    split_clashes,
)
from workspace.report.preview import render_preview

BASE = "Intro paragraph.\n\nThe review starts in May.\n\nClosing paragraph.\n"
MINE = BASE.replace("in May", "in July")
THEIRS = BASE.replace("in May", "in June")


def marked() -> str:
    result = merge(BASE, MINE, THEIRS)
    assert not result.clean
    return result.text


def test_split_gives_plain_text_and_each_clash_with_both_sides():
    segments = split_clashes(marked())
    assert segments == [
        "Intro paragraph.\n\n",
        Clash(mine="The review starts in July.\n", theirs="The review starts in June.\n"),
        "\nClosing paragraph.\n",
    ]


def test_split_of_text_without_markers_is_the_text():
    assert split_clashes(BASE) == [BASE]
    assert split_clashes("") == []


def test_an_unfinished_clash_runs_to_the_end_and_keeps_every_word():
    text = f"Before.\n{MINE_MARKER}\nmine words\n{MID_MARKER}\ntheirs words\n"
    assert split_clashes(text) == ["Before.\n", Clash(mine="mine words\n", theirs="theirs words\n")]
    half = f"{MINE_MARKER}\nonly mine\n"
    assert split_clashes(half) == [Clash(mine="only mine\n", theirs="")]


def test_a_stray_marker_is_its_own_segment():
    segments = split_clashes(f"Text.\n{MID_MARKER}\nMore text.\n{THEIRS_MARKER}\n")
    assert segments == ["Text.\n", StrayMarker(MID_MARKER), "More text.\n", StrayMarker(THEIRS_MARKER)]


def test_clash_renders_as_a_labelled_block_never_as_markers():
    html = str(render_preview(marked()))
    # No setext heading made of the user's text, no marker characters, no letter-per-line list.
    assert "<h1>" not in html and "<h2>" not in html
    assert "=======" not in html and "&lt;&lt;&lt;" not in html and "&gt;&gt;&gt;" not in html
    assert "<blockquote>" not in html
    block = re.search(r"<div class=\"app-clash\".*?</div>\s*</div>", html, re.S)
    assert block, html
    clash = block.group(0)
    assert "Their saved text" in clash and "Your text" in clash
    # The writer's text first, as the markers in the editor have it.
    assert clash.index("Your text") < clash.index("starts in July") < clash.index("Their saved text")
    assert clash.index("Their saved text") < clash.index("starts in June")
    assert "<p>Intro paragraph.</p>" in html and "<p>Closing paragraph.</p>" in html


def test_clash_sides_are_escaped_and_rendered_safely():
    text = f"{MINE_MARKER}\n<script>alert(1)</script> **bold**\n{MID_MARKER}\n[x](javascript:alert(1))\n{THEIRS_MARKER}\n"
    html = str(render_preview(text))
    assert "<script>" not in html and 'href="javascript:' not in html
    assert "<strong>bold</strong>" in html


def test_a_stray_marker_shows_as_a_note_to_delete_it():
    html = str(render_preview(f"Text.\n{MID_MARKER}\nMore.\n"))
    assert "<h1>" not in html and "<h2>" not in html
    assert "app-clash-marker" in html and "delete this line" in html


def test_text_without_markers_renders_as_markdown():
    assert str(render_preview("Para one.\n\nPara two.")) == "<p>Para one.</p>\n<p>Para two.</p>\n"


def test_preview_api_shows_clashes_as_blocks(client, world):
    client.sign_in_as(world.member)
    response = client.api("POST", f"/api/v1/teams/{world.team.id}/preview", json={"body": marked()})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert 'class="app-clash"' in html and "Their saved text" in html
    assert "<h2>" not in html and "=======" not in html


def test_preview_counts_the_writers_version_of_a_clash_not_both_nor_the_markers(client, world):
    # "Intro paragraph. The review starts in July. Closing paragraph." is 9 words.
    client.sign_in_as(world.member)
    response = client.api("POST", f"/api/v1/teams/{world.team.id}/preview", json={"body": marked()})
    assert response.get_json()["word_count"] == 9
