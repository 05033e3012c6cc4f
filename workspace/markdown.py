"""The one markdown renderer: pages, live preview and exports all read the same tokens.

markdown-it-py's `js-default` preset (CommonMark plus tables and strikethrough, raw HTML off),
with links limited to http, https, mailto and relative addresses, and nesting capped so hostile
input stays fast.

Images are parsed (so the export sees an `image` token, not a "!" before a link) but never
shown: a page must never fetch from another host, so each renders as a placeholder naming its
alt text. Tables render inside a wrapper that scrolls sideways, so cells never break words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_WORD = re.compile(r"\w", re.UNICODE)


def _validate_link(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = _SCHEME.match(cleaned)
    if match is None:
        return True  # relative: '/teams/3', '#section', 'page.html'
    return cleaned.startswith(ALLOWED_SCHEMES)


def image_placeholder(alt: str) -> str:
    """What stands in for an image, in words: pages show it, exports can write it."""
    if alt.strip():
        return f"Image: {alt.strip()} (images are not shown)"
    return "Image without a description (images are not shown)"


def _render_image(renderer, tokens, idx, options, env) -> str:
    alt = renderer.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="app-image-placeholder">{escapeHtml(image_placeholder(alt))}</span>'


# A wide table scrolls inside this wrapper; focusable so keyboard users can scroll it too.
TABLE_SCROLL_OPEN = '<div class="app-table-scroll" tabindex="0" role="group" aria-label="Table">\n'


def _render_table_open(renderer, tokens, idx, options, env) -> str:
    return TABLE_SCROLL_OPEN + renderer.renderToken(tokens, idx, options, env)


def _render_table_close(renderer, tokens, idx, options, env) -> str:
    return renderer.renderToken(tokens, idx, options, env) + "</div>\n"


_ALIGN_STYLE = re.compile(r"text-align:(left|center|right)")


def _render_cell_open(renderer, tokens, idx, options, env) -> str:
    """A column's alignment as a class: the page's CSP allows no inline styles. The tokens keep
    markdown-it's style attribute, which the Word export reads."""
    token = tokens[idx]
    match = _ALIGN_STYLE.search(token.attrGet("style") or "")
    return f'<{token.tag} class="app-align-{match.group(1)}">' if match else f"<{token.tag}>"


MAX_NESTING = 20
#: past this depth of blocks (quotes, lists), each further line is plain paragraph text
FLATTEN_AT = 14


def _flatten_deep_blocks(state, start_line: int, end_line: int, silent: bool) -> bool:
    """Keep every word of very deeply nested quotes and lists.

    markdown-it stops parsing (and drops the rest of the text) when blocks nest deeper than
    maxNesting. That cap keeps hostile input fast, but dropped text would be hidden from
    readers, assessors and the word count. So, first among the block rules, past FLATTEN_AT
    levels this rule takes the lines up to the next blank one as one plain paragraph, without
    their list and quote markers (they are syntax, not words, and would otherwise reach the
    page and the Word file as text): no deeper quote or list can open, the cap is never
    reached, and every word is there, one line after another.
    """
    if state.level < FLATTEN_AT or silent:
        return False
    line, lines, markers = start_line, [], []
    while line < end_line and not state.isEmpty(line):
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        found = _DEEP_MARKERS.match(text)
        lines.append(text[found.end() :].strip() if found else text.strip())
        markers.append(_last_list_marker(found.group(0)) if found else "")
        line += 1
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [start_line, line]
    # Which flattened lines were list items ("-" for a bullet, "3." for a number, "" for none):
    # the deck writes each line as its own paragraph, an item as a bullet (exports/pptx_text.py).
    opening.meta = {"flattened_markers": markers}
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = "\n".join(lines), [start_line, line], []
    state.push("paragraph_close", "p", -1)
    state.line = line
    return True


#: the quote and list markers at the start of a flattened line (">", "- ", "* ", "+ ", "12. ", "3) ")
_DEEP_MARKERS = re.compile(r"^(?:>\s?|(?:[*+-]|\d{1,9}[.)])(?:\s+|$))+")
_LIST_MARKER = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?=\s|$)")


def _last_list_marker(markers: str) -> str:
    """The innermost list marker among a line's quote and list markers: "-" or "3." ("" if none)."""
    found = _LIST_MARKER.findall(markers)
    if not found:
        return ""
    return found[-1] if found[-1][0].isdigit() else "-"


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("js-default", {"maxNesting": MAX_NESTING})
    md.block.ruler.before("table", "flatten_deep_blocks", _flatten_deep_blocks)
    md.validateLink = _validate_link
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    md.add_render_rule("th_open", _render_cell_open)
    md.add_render_rule("td_open", _render_cell_open)
    return md


@lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[Token, ...]:
    # A page view renders and counts the same text; previews repeat it. Parse once.
    return tuple(parser().parse(text))


def tokens(text: str) -> list[Token]:
    return list(_parsed(text or ""))


@lru_cache(maxsize=32)
def _html(text: str) -> str:
    md = parser()
    return md.renderer.render(list(_parsed(text)), md.options, {})


def render(text: str) -> Markup:
    html = _html(text or "")
    # Links open in the same tab but never leak the workspace address to another site.
    html = html.replace("<a href=", '<a rel="noopener noreferrer nofollow" href=')
    return Markup(html)  # noqa: S704 - markdown-it escapes all text; raw HTML is disabled


def _inline_words(token: Token) -> list[str]:
    words: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            words.extend(child.content.split())
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif child.type == "image":
            # An image's alt text is words the writer wrote; the placeholder's own words are not.
            words.extend(_inline_words(child))
    return words


def _counted(text: str, count_tables: bool) -> Iterator[tuple[Token, str]]:
    """Each word that counts, with the block token it came from. The one rule for what a word
    is: markdown syntax is not words, code is, and table cells count only when the cohort's
    rule says so. Every word count in the product (section, totals, history, contributions,
    API) comes from here."""
    in_table = 0
    for token in tokens(text):
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline":
            if in_table and not count_tables:
                continue
            for word in " ".join(_inline_words(token)).split():
                if _WORD.search(word):
                    yield token, word
        elif token.type in ("fence", "code_block"):
            for word in token.content.split():
                if _WORD.search(word):
                    yield token, word


def count_words(text: str, *, count_tables: bool = False) -> int:
    """Words as a word processor counts them (see _counted)."""
    return sum(1 for _ in _counted(text, count_tables))


#: how far past the previous word to look for the next one in the source; syntax between two
#: words (a link's address, say) is rarely longer. Past it, a word is placed at the previous
#: one, so a hostile text cannot make this quadratic.
_FIND_WINDOW = 1024


def word_starts(text: str, *, count_tables: bool = False) -> list[int]:
    """Where each counted word starts in `text` (character offsets, in order): as many as
    count_words counts, so who-wrote-what adds up to the same total. A word the parser
    rewrote (an escape or an entity) is placed where the previous word ended."""
    text = text or ""
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    starts: list[int] = []
    block: Token | None = None
    cursor = end = 0
    for token, word in _counted(text, count_tables):
        if token is not block:
            block = token
            first, last = token.map or (0, len(line_starts) - 1)
            cursor = max(cursor, line_starts[min(first, len(line_starts) - 1)])
            end = line_starts[min(last, len(line_starts) - 1)]
        found = text.find(word, cursor, min(end, cursor + len(word) + _FIND_WINDOW))
        if found < 0:
            starts.append(min(cursor, max(len(text) - 1, 0)))
            continue
        starts.append(found)
        cursor = found + len(word)
    return starts


#: Parsing costs grow with lines and with markup characters, not with plain words
#: (bench/bench_markdown.py): about 40 µs a line, 70 µs more for a line that opens a list item,
#: quote or table row, and 20 µs a character of emphasis, link or table syntax, on these
#: machines (emphasis marks twice that). `markup_cost` weighs them so, in units of about 20 µs; texts past MAX_MARKUP_COST
#: are refused on the way in (a save, a preview), which keeps a parse, count and authorship
#: pass under 0.75 s for every shape bench_markdown tries, on a loaded machine. The programme's
#: own 2,700-word source documents cost about 2,000: a 15,000-word section would fit.
MAX_MARKUP_COST = 30_000
_MARKUP_CHARS = "**__[]()|`<>&#!~\\-"  # emphasis marks twice: they parse at twice the cost
_BLOCK_LINE = re.compile(r"^[ \t]*(?:[-*+>|#]|\d{1,9}[.)])", re.MULTILINE)


def markup_cost(text: str) -> int:
    return (2 * text.count("\n") + 3 * sum(1 for _ in _BLOCK_LINE.finditer(text))
            + sum(text.count(char) for char in _MARKUP_CHARS))


@lru_cache(maxsize=32)
def plain_text(text: str) -> str:
    """The words of a markdown text without its syntax (for authorship and quotes). Cached like
    the tokens: every page that checks a thread's quote asks for the same section's text."""
    parts: list[str] = []
    for token in tokens(text):
        if token.type == "inline":
            parts.append(" ".join(" ".join(_inline_words(token)).split()))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.strip())
    return "\n".join(p for p in parts if p)
