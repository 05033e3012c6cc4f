"""The live preview of a section's text while the writer resolves a clash.

Text with clash markers must never go through markdown as it is: "=======" would turn the
writer's paragraph into a heading and ">>>>>>> saved version" into nested quotes. The text is
split into plain segments and clashes (merging.split_clashes); plain text renders as markdown,
each clash as one labelled block showing the writer's text, then their saved text (the order
the markers have in the editor).
"""

from __future__ import annotations

from markupsafe import Markup

from ..markdown import render
from ..merging import Clash, StrayMarker, split_clashes

_CLASH = Markup(
    '<div class="app-clash" role="group" aria-label="Clash: both versions">\n'
    '<p class="app-clash__title">Clash: keep one version or combine them, then delete the markers</p>\n'
    '<div class="app-clash__side app-clash__side--mine">'
    '<p class="app-clash__label">Your text</p>\n{mine}</div>\n'
    '<div class="app-clash__side app-clash__side--theirs">'
    '<p class="app-clash__label">Their saved text</p>\n{theirs}</div>\n'
    "</div>\n"
)
_STRAY_MARKER = Markup(
    '<p class="app-clash-marker">Conflict marker <code>{marker}</code>: delete this line</p>\n'
)
_NOTHING = Markup('<p class="app-empty">(nothing)</p>\n')


def _side(text: str) -> Markup:
    return render(text) if text.strip() else _NOTHING


def render_preview(text: str) -> Markup:
    """The preview's HTML: markdown, with each clash shown as a block (see the module doc)."""
    parts: list[Markup] = []
    for segment in split_clashes(text or ""):
        if isinstance(segment, Clash):
            parts.append(_CLASH.format(theirs=_side(segment.theirs), mine=_side(segment.mine)))
        elif isinstance(segment, StrayMarker):
            parts.append(_STRAY_MARKER.format(marker=segment.line))
        else:
            parts.append(render(segment))
    return Markup("").join(parts)



def text_as_yours(text: str) -> str:
    """The text as it would be if each clash kept the writer's own version: what the live word
    count counts while a clash is being resolved (neither both versions nor the markers)."""
    parts: list[str] = []
    for segment in split_clashes(text or ""):
        if isinstance(segment, Clash):
            parts.append(segment.mine)
        elif isinstance(segment, str):
            parts.append(segment)
    return "".join(parts)
