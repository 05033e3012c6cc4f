"""One reading of markdown's inline tokens for every document the exporter writes (the Word
report and the PowerPoint deck): which words are bold, italic, struck through, code or a link.

markdown-it gives a paragraph's words as a flat list of children with open/close tokens for
emphasis around them; `spans` turns that list into pieces that each know their formatting,
so that each writer only decides how a piece looks in its own format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from ..markdown import image_placeholder

# A link the renderer refused (an odd scheme such as javascript:, or a space in the address)
# stays in the text as "[words](target)". The page shows it so; in documents only its words are
# kept. The two alternatives start with different characters, so the match never backtracks.
REFUSED_LINK = re.compile(r"\[([^\[\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)")


@dataclass(frozen=True)
class Span:
    """One piece of a paragraph. `kind` is "text", "code", "softbreak", "hardbreak", "image"
    (its `text` is the placeholder the page shows), "link_open" (with `href`) or "link_close"."""

    kind: str
    text: str = ""
    bold: bool = False
    italic: bool = False
    strike: bool = False
    href: str = ""


def spans(inline: Token | None, *, bold: bool = False) -> Iterator[Span]:
    """The pieces of one inline token in order, each with the formatting around it; `bold`
    makes every piece bold (a table's header row)."""
    strong = em = strike = 0
    for child in (inline.children or []) if inline is not None else []:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em = max(0, em - 1)
        elif kind == "s_open":
            strike += 1
        elif kind == "s_close":
            strike = max(0, strike - 1)
        elif kind == "link_open":
            yield Span("link_open", href=child.attrGet("href") or "")
        elif kind == "link_close":
            yield Span("link_close")
        else:
            formatting = {"bold": bold or strong > 0, "italic": em > 0, "strike": strike > 0}
            if kind == "text":
                text = REFUSED_LINK.sub(r"\1", child.content)
                if text:
                    yield Span("text", text, **formatting)
            elif kind == "code_inline":
                yield Span("code", child.content, **formatting)
            elif kind in ("softbreak", "hardbreak"):
                yield Span(kind, " ", **formatting)
            elif kind == "image":
                yield Span("image", image_placeholder(plain(child)), italic=True)


def plain(inline: Token | None) -> str:
    """An inline token's words, without syntax (for bookmarks, the contents and alt text)."""
    return "".join(span.text for span in spans(inline))
