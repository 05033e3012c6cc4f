"""The parts registry: how a capability puts its figures, tables and text into the documents.

A capability registers one function with one line, in its own package:

    register_parts("stakeholders", stakeholder_parts, section="stakeholders")

The function is called as `fn(team, audience)` with audience one of AUDIENCES, and returns a
list of parts. `audience` is how a part leaves out what the reader may not see: a host
partner's copy must carry nothing confidential.

The kinds of part:
- `Figure`, `Table`, `TextBlock`: placed under a named report section, in the main text or an
  appendix (the part's default; a team can change it on the export settings page);
- `ReportSection`, `WordCount`, `CommentThread`: the report itself, its word count by the
  cohort's rule and its open comment threads. The report feature supplies these, through this
  same registry, so that exports never imports the report package.

A function that raises must not cost the team its document: `collect` records the function's
name as failed and leaves a `FailedPart` where its parts would have gone.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

log = logging.getLogger(__name__)

AUDIENCES = ("team", "host", "assessor")


class Placement(enum.StrEnum):
    MAIN = "main"
    APPENDIX = "appendix"

    @property
    def label(self) -> str:
        return {"main": "Main text", "appendix": "Appendix"}[self.value]


class SectionRole(enum.StrEnum):
    """Where a report section goes: body sections in order, then references on a new page,
    then the appendices (with the parts a team placed in an appendix)."""

    BODY = "body"
    REFERENCES = "references"
    APPENDICES = "appendices"


# --- figures, tables and text: what capabilities contribute ---------------------------------


@dataclass(frozen=True)
class Figure:
    """A picture with a caption ("Figure 3: <caption>").

    Give either `png` (bytes at hand) or `render` (a function returning PNG bytes) with a
    `content_hash` of what it draws: then the PNG is rendered once per hash and cached on disk,
    so exporting unchanged content again costs no rendering.

    `text_after` (markdown, written with the same walker as the report's sections) is the
    paragraph straight after the caption, wherever the figure goes: a chart's summary sentence
    moves with its chart to the appendix and back.
    """

    key: str  # unique within its provider; the export settings remember placements by it
    section: str  # the report section key it belongs under
    caption: str
    png: bytes | None = None
    render: Callable[[], bytes] | None = None
    content_hash: str | None = None
    placement: Placement = Placement.MAIN
    width_cm: float = 15.0
    alt_text: str = ""
    text_after: str = ""


@dataclass(frozen=True)
class Table:
    """A table with a caption ("Table 2: <caption>") and a header row that repeats on each page."""

    key: str
    section: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    column_widths_cm: list[float] | None = None
    placement: Placement = Placement.MAIN


@dataclass(frozen=True)
class TextBlock:
    """Markdown, written with the same walker as the report's sections."""

    key: str
    section: str
    markdown: str
    title: str | None = None  # a Heading 2 above the text, when given
    placement: Placement = Placement.MAIN


# --- the report itself: supplied by the report feature ---------------------------------------


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    markdown: str
    position: int
    excluded_from_count: bool = False
    role: SectionRole = SectionRole.BODY


@dataclass(frozen=True)
class WordCount:
    """The report's counted words by the cohort's rule: the same figure the report page shows."""

    counted: int
    limit: int
    tolerance_percent: int
    excluded_titles: tuple[str, ...] = ()  # sections whose words do not count
    count_tables: bool = False

    def sentence(self) -> str:
        """"4,812 words (limit 5,000 +10%; excludes executive summary, references and tables)"."""
        limit = f"limit {self.limit:,}"
        if self.tolerance_percent:
            limit += f" +{self.tolerance_percent}%"
        excluded = [t.lower() for t in self.excluded_titles]
        if not self.count_tables:
            excluded.append("tables")
        words = f"{self.counted:,} word{'' if self.counted == 1 else 's'}"
        if not excluded:
            return f"{words} ({limit})"
        listed = excluded[0] if len(excluded) == 1 else ", ".join(excluded[:-1]) + " and " + excluded[-1]
        return f"{words} ({limit}; excludes {listed})"


@dataclass(frozen=True)
class CommentReply:
    author: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class CommentThread:
    """An open comment thread; the review copy attaches it to its quoted text in Word."""

    section: str  # the section key
    quote: str | None  # the text it is about; None for a comment on the whole section
    author: str
    created_at: datetime
    text: str
    replies: tuple[CommentReply, ...] = ()


Part = Figure | Table | TextBlock | ReportSection | WordCount | CommentThread
PartsFunction = Callable[[object, str], list[Part]]


# --- the registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    name: str
    fn: PartsFunction
    section: str | None  # where a note goes if the whole function fails


_PROVIDERS: dict[str, Provider] = {}


def register_parts(name: str, fn: PartsFunction, *, section: str | None = None) -> None:
    """Register a capability's parts function. Registering a name again replaces it (an app
    factory may run many times in one process, as the tests do)."""
    _PROVIDERS[name] = Provider(name, fn, section)


def unregister_parts(name: str) -> None:
    _PROVIDERS.pop(name, None)


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


# --- collecting a team's parts -------------------------------------------------------------------


@dataclass(frozen=True)
class FailedPart:
    """Stands where a part (or a whole provider's parts) would be: the document shows a note."""

    name: str
    section: str | None


@dataclass(frozen=True)
class PlacedPart:
    provider: str
    part: Figure | Table | TextBlock
    placement: Placement

    @property
    def setting_key(self) -> str:
        return setting_key(self.provider, self.part.key)


def setting_key(provider: str, part_key: str) -> str:
    """How the export settings name a part: "<provider>/<part key>"."""
    return f"{provider}/{part_key}"


@dataclass
class Contents:
    """Everything registered providers gave for one team and audience, sorted by kind."""

    sections: list[ReportSection] = field(default_factory=list)
    word_count: WordCount | None = None
    comments: list[CommentThread] = field(default_factory=list)
    parts: list[PlacedPart] = field(default_factory=list)
    failures: list[FailedPart] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return [f.name for f in self.failures]


def collect(team, audience: str, placements: dict[str, str] | None = None) -> Contents:
    """Call every provider for `team` and `audience`; `placements` (setting key -> "main" or
    "appendix", the team's export settings) override each part's default placement."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    placements = placements or {}
    contents = Contents()
    for provider in providers():
        try:
            parts = list(provider.fn(team, audience))
        except Exception:  # any failure of one capability must still give a document
            log.exception("export parts %r failed for team %s", provider.name, getattr(team, "id", None))
            contents.failures.append(FailedPart(provider.name, provider.section))
            continue
        for part in parts:
            _sort_in(contents, provider.name, part, placements)
    contents.sections.sort(key=lambda s: s.position)
    return contents


def _sort_in(contents: Contents, provider: str, part: Part, placements: dict[str, str]) -> None:
    if isinstance(part, ReportSection):
        contents.sections.append(part)
    elif isinstance(part, WordCount):
        contents.word_count = part
    elif isinstance(part, CommentThread):
        contents.comments.append(part)
    elif isinstance(part, Figure | Table | TextBlock):
        chosen = placements.get(setting_key(provider, part.key))
        placement = Placement(chosen) if chosen in ("main", "appendix") else part.placement
        contents.parts.append(PlacedPart(provider, part, placement))
    else:
        log.error("export parts %r returned %r, which is not a part", provider, type(part).__name__)
        contents.failures.append(FailedPart(provider, None))


# --- figures a slide may show ---------------------------------------------------------------------


@dataclass(frozen=True)
class FigureChoice:
    """A figure the team's parts offer, by the key a slide stores ("<provider>/<part key>")."""

    key: str
    provider: str
    caption: str
    figure: Figure


def figure_choices(team, audience: str) -> list[FigureChoice]:
    """Every figure the registered providers give for the team, in the report's order: what a
    slide may show. Nothing is drawn here (a figure renders only when a document needs it)."""
    return [FigureChoice(placed.setting_key, placed.provider, placed.part.caption, placed.part)
            for placed in collect(team, audience).parts if isinstance(placed.part, Figure)]
