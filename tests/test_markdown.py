"""The markdown renderer's look: image syntax as a placeholder, tables in a scrolling wrapper."""

from __future__ import annotations

import re

import pytest

from workspace.markdown import count_words, plain_text, render, tokens

# --- images: never shown, never fetched, but never a stray "!" either --------------------------


def test_image_syntax_renders_a_placeholder_with_its_alt_text():
    html = str(render("See ![Driver diagram for discharge](https://example.org/d.png) below."))
    assert "<img" not in html
    assert "example.org" not in html  # no fetch, and no link that looks like the picture
    assert "!" not in html
    assert re.search(
        r'<span class="app-image-placeholder">Image: Driver diagram for discharge '
        r"\(images are not shown\)</span>",
        html,
    )


def test_image_without_alt_text_says_so():
    html = str(render("![](diagram.png)"))
    assert "<img" not in html and "!" not in html
    assert "Image without a description (images are not shown)" in html


def test_image_alt_text_is_escaped():
    html = str(render("![<script>alert(1)</script> & co](x.png)"))
    assert "<script" not in html
    assert "Image: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_image_placeholder_comes_from_the_token_stream():
    # The Word export walks these tokens: it must see an image, not a link after a "!".
    inline = next(t for t in tokens("![Run chart](chart.png)") if t.type == "inline")
    assert [child.type for child in inline.children] == ["image"]


def test_image_with_an_unsafe_address_is_plain_text_never_markup():
    html = str(render("![x](javascript:alert(1))"))
    assert "<img" not in html and "href" not in html and "app-image-placeholder" not in html


def test_image_alt_text_counts_as_words_the_writer_wrote():
    text = "Our map ![Current state process map](map.png) shows delays."
    assert count_words(text) == 4 + 4
    assert plain_text(text) == "Our map Current state process map shows delays."


# --- tables scroll sideways instead of breaking words --------------------------------------------

TABLE = "| Stakeholder | Power |\n| --- | --- |\n| Ward managers | Medium |\n"


def test_a_table_sits_in_a_keyboard_focusable_scrolling_wrapper():
    html = str(render("Before.\n\n" + TABLE + "\nAfter."))
    wrapper = re.search(r'<div class="app-table-scroll"([^>]*)>\s*<table>.*?</table>\s*</div>', html, re.S)
    assert wrapper, html
    attributes = wrapper.group(1)
    assert 'tabindex="0"' in attributes
    assert 'role="group"' in attributes and 'aria-label="Table"' in attributes


@pytest.mark.parametrize("count", [1, 3])
def test_every_table_gets_exactly_one_wrapper(count):
    html = str(render("\n\n".join([TABLE] * count)))
    assert html.count('class="app-table-scroll"') == html.count("<table>") == count
    assert html.count("</div>") == count


def _nested_list(depth: int) -> str:
    return "\n".join("  " * level + f"- level{level}" for level in range(depth)) + "\n\nafter the list"


@pytest.mark.parametrize("depth", [9, 12, 60])
def test_a_deeply_nested_list_keeps_every_word(depth):
    # Past the nesting cap markdown-it drops the rest of the text: it would be hidden from
    # readers and from the word count. Deep levels are flattened to paragraphs instead.
    text = _nested_list(depth)
    html = render(text)
    assert f"level{depth - 1}" in html and "after the list" in html
    assert count_words(text) == depth + 3
    assert "after the list" in plain_text(text)


def test_a_deeply_nested_quote_keeps_its_text_and_what_follows():
    text = ">" * 30 + " deep quote\n\nafter the quote"
    html = render(text)
    assert "deep quote" in html and "after the quote" in html
    assert count_words(text) == 5


def test_table_alignment_is_a_class_not_an_inline_style():
    """The pages' CSP allows no inline styles: alignment must survive it."""
    html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert "style=" not in html
    assert '<th class="app-align-left">a' in html and '<td class="app-align-right">3' in html


def test_lists_past_the_depth_limit_keep_their_words_without_their_markers():
    text = "".join("  " * i + f"- level {i + 1}\n" for i in range(12))
    html = render(text)
    for i in range(1, 13):
        assert re.search(rf"level {i}\b", html)
    assert "- level" not in html and count_words(text) == 24
    quotes = "".join(">" * i + f" deep {i}\n" for i in range(1, 21))
    assert ">&gt;" not in render(quotes) and "&gt; deep" not in render(quotes)
