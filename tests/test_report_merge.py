"""Merge semantics, word counting and the safe renderer, as units."""

from __future__ import annotations

import pytest

from workspace.markdown import count_words, render
from workspace.merging import MID_MARKER, MINE_MARKER, THEIRS_MARKER, has_markers, merge
from workspace.report import history

BASE = "First paragraph has one sentence. And a second sentence.\n\nSecond paragraph.\n\nThird paragraph.\n"


def test_clean_merge_of_different_paragraphs():
    mine = BASE.replace("Second paragraph.", "Second paragraph, edited by me.")
    theirs = BASE.replace("Third paragraph.", "Third paragraph, edited by them.")
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert "edited by me" in result.text and "edited by them" in result.text


def test_neighbouring_sentences_of_one_paragraph_merge():
    mine = BASE.replace("has one sentence", "has exactly one sentence")
    theirs = BASE.replace("a second sentence", "a SECOND sentence")
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert result.text.startswith("First paragraph has exactly one sentence. And a SECOND sentence.")


def test_overlapping_edits_conflict_with_markers_and_keep_both():
    mine = BASE.replace("Second paragraph.", "Second paragraph, my way.")
    theirs = BASE.replace("Second paragraph.", "Second paragraph, their way.")
    result = merge(BASE, mine, theirs)
    assert not result.clean
    assert len(result.conflicts) == 1
    assert MINE_MARKER in result.text and MID_MARKER in result.text and THEIRS_MARKER in result.text
    assert "my way" in result.text and "their way" in result.text
    assert has_markers(result.text)
    assert "Third paragraph." in result.text  # untouched text stays outside the markers


def test_the_same_edit_made_twice_merges_once():
    both = BASE.replace("Third paragraph.", "Third paragraph, fixed.")
    result = merge(BASE, both, both)
    assert result.clean
    assert result.text.count("fixed") == 1


def test_same_word_change_in_a_conflicted_region_is_kept_once():
    mine = BASE.replace("Second paragraph.", "Second section.").replace("First paragraph", "1st paragraph")
    theirs = BASE.replace("Second paragraph.", "Second section.")
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert result.text.count("Second section.") == 1


def test_deleted_paragraph_next_to_an_edited_one():
    mine = BASE.replace("Second paragraph.\n\n", "")
    theirs = BASE.replace("Third paragraph.", "Third paragraph, edited.")
    result = merge(BASE, mine, theirs)
    assert result.clean
    assert "Second paragraph" not in result.text
    assert "Third paragraph, edited." in result.text


def test_deleting_a_paragraph_someone_edited_conflicts():
    mine = BASE.replace("Second paragraph.\n\n", "")
    theirs = BASE.replace("Second paragraph.", "Second paragraph, rewritten.")
    assert not merge(BASE, mine, theirs).clean


def test_both_append_at_the_end_conflicts_rather_than_guessing_order():
    result = merge(BASE, BASE + "\nMine at the end.\n", BASE + "\nTheirs at the end.\n")
    assert not result.clean
    assert "Mine at the end." in result.text and "Theirs at the end." in result.text


def test_merge_from_empty_base():
    assert merge("", "Only mine.\n", "").text == "Only mine.\n"


# --- word counting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("One two three.", 3),
        ("## A heading\n\nSome **bold** and _italic_ words.", 7),
        ("- one\n- two\n  - three", 3),
        ("A [link text](https://example.org) here.", 4),
        ("> quoted words here", 3),
        ("Well-being and co-production — matter.", 4),
        ("Numbers 1,234 and 5.6% count.", 5),
        ("---\n\n***", 0),
    ],
)
def test_word_count_ignores_markdown_syntax(text, words):
    assert count_words(text) == words


def test_table_cells_count_only_when_the_rule_says_so():
    text = "Before the table.\n\n| Method | People |\n| --- | --- |\n| Interviews | 23 |\n"
    assert count_words(text) == 3
    assert count_words(text, count_tables=True) == 3 + 4


# --- the renderer ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='javascript:alert(1)'>x</a>",
        "![img](https://evil.example/x.png)",
    ],
)
def test_renderer_drops_scripts_and_unsafe_links(hostile):
    html = str(render(hostile))
    assert "<script" not in html
    assert "onerror" not in html or "&lt;img" in html  # escaped text, never an attribute
    assert 'href="javascript' not in html.lower()
    assert 'href="vbscript' not in html.lower()
    assert 'href="data:' not in html.lower()
    assert "<img" not in html


def test_renderer_keeps_safe_links():
    html = str(render("[a](https://nhs.uk) [b](mailto:x@nhs.net) [c](/teams/1) [d](#top)"))
    for href in ('href="https://nhs.uk"', 'href="mailto:x@nhs.net"', 'href="/teams/1"', 'href="#top"'):
        assert href in html
    assert 'rel="noopener noreferrer nofollow"' in html


HOSTILE_SHAPES = {
    "one 100,000-character word": "x" * 100_000,
    "20,000 nested list markers": "- " * 20_000 + "deep",
    "20,000 nested quote markers": "> " * 20_000 + "deep",
    "100,000 stars": "*" * 100_000,
    "5,000 unclosed links": "[a](" * 5_000,
    "a 2,000-row table": "| a | b |\n| --- | --- |\n" + "| c | d |\n" * 2_000,
}


@pytest.mark.parametrize("pathological", HOSTILE_SHAPES.values(), ids=HOSTILE_SHAPES.keys())
def test_hostile_shapes_render_and_keep_their_words(pathological):
    # How long they take is measured in bench/bench_markdown.py; here, that nothing is lost.
    html = str(render(pathological))
    last_word = pathological.split()[-1].strip("|*[(")
    if last_word:
        assert last_word in html
    assert count_words(pathological) >= 0


# --- history ---------------------------------------------------------------------------------


def test_word_diff_and_authorship():
    old, new = "The cat sat on the mat.\n", "The dog sat on the mat today.\n"
    old_tokens, new_tokens, opcodes = history.diff(old, new)
    assert history.word_changes(new, new_tokens, opcodes, old_words=count_words(old), count_tables=False) == (2, 1)
    runs = history.carry_authorship([[1, len(old_tokens)]], len(old_tokens), len(new_tokens), opcodes, 2)
    assert history.words_by_author(new, runs, count_tables=False) == {1: 5, 2: 2}
    html = str(history.diff_html(old, new))
    assert "<del>cat</del><ins>dog</ins>" in html
    assert "<ins> today</ins>" in html


def test_diff_html_escapes_text():
    assert "&lt;script&gt;" in str(history.diff_html("", "<script>x</script>"))
