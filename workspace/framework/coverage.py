"""Coverage: how much of the team's work is tagged with each domain of the framework, by kind of
item, and with each theme's behaviours. Pure counting (no database, no Flask): the queries
(coverage_queries.py) hand in the cohort's framework and the tags the viewer may count.

Rules:
- an item is one (target_type, target_id); it counts once per domain however many of its tags
  name that domain (the domain itself, or any number of the domain's behaviours);
- a theme counts the items tagged with one or more of its behaviours;
- a tag whose domain or behaviour is not in the framework given (another cohort's, deleted)
  counts nowhere;
- which items are counted at all (live ones the viewer may see; shared reflections, plus the
  viewer's own private ones) is the queries' business, not this module's.

A domain with no items is a gap: the page prompts the team with a suggestion from that domain's
menu of interventions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import TAG_TARGET_TYPES, THEMES

ITEM_TYPES = TAG_TARGET_TYPES
ITEM_LABELS = {
    "section": "Report sections",
    "stakeholder": "Stakeholders",
    "action": "Actions",
    "pdsa": "PDSA cycles",
    "recommendation": "Recommendations",
    "reflection": "Reflections",
}
ITEM_SINGULAR = {
    "section": "report section",
    "stakeholder": "stakeholder",
    "action": "action",
    "pdsa": "PDSA cycle",
    "recommendation": "recommendation",
    "reflection": "reflection",
}
#: an item's kind at the start of a line ("PDSA cycle: …")
ITEM_KIND = {
    "section": "Report section",
    "stakeholder": "Stakeholder",
    "action": "Action",
    "pdsa": "PDSA cycle",
    "recommendation": "Recommendation",
    "reflection": "Reflection",
}
ITEM_PLURAL = {
    "section": "report sections",
    "stakeholder": "stakeholders",
    "action": "actions",
    "pdsa": "PDSA cycles",
    "recommendation": "recommendations",
    "reflection": "reflections",
}
#: the upper bound of each shade of the heatmap: 0, 1, 2-3, 4-6, 7 and over
SHADE_BOUNDS = (0, 1, 3, 6)
#: interventions a gap's prompt suggests (the domain's first ones, in the menu's order)
SUGGESTED = 2


@dataclass(frozen=True)
class DomainInfo:
    id: int
    key: str
    name: str
    interventions: tuple[str, ...] = ()


@dataclass(frozen=True)
class BehaviourInfo:
    id: int
    name: str
    domain_id: int | None = None
    theme: str | None = None


@dataclass(frozen=True)
class TagInfo:
    target_type: str
    target_id: int
    domain_id: int | None = None
    behaviour_id: int | None = None


@dataclass(frozen=True)
class Row:
    """One row of the heatmap (a domain) or of the themes' table (a theme)."""

    key: str  # the domain's key, or the theme's name
    name: str
    counts: dict[str, int]  # by item type, every type present
    total: int  # distinct items over all types
    domain_id: int | None = None

    def shade(self, item_type: str) -> int:
        return shade(self.counts[item_type])


@dataclass(frozen=True)
class Gap:
    domain_id: int
    name: str
    message: str


@dataclass(frozen=True)
class Coverage:
    domains: list[Row]
    themes: list[Row]
    gaps: list[Gap]
    total: int  # distinct items tagged with anything counted
    #: {(domain_id, item_type): sorted item ids}, for the heatmap's cell lists
    items: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.total == 0


def shade(count: int) -> int:
    """0 for nothing, then 1..4 for 1, 2-3, 4-6 and 7 or more items."""
    for level, bound in enumerate(SHADE_BOUNDS):
        if count <= bound:
            return level
    return len(SHADE_BOUNDS)


def gap_message(domain: DomainInfo) -> str:
    """"No work is tagged Learning and Capacity Building yet: …" with ideas from the menu."""
    start = f"No work is tagged {domain.name} yet"
    ideas = [_in_a_sentence(name) for name in domain.interventions[:SUGGESTED]]
    if not ideas:
        return f"{start}: which of the team's work builds it?"
    listed = ideas[0] if len(ideas) == 1 else ", ".join(ideas[:-1]) + " or " + ideas[-1]
    return f"{start}: the programme's menu suggests, for example, {listed}."


def _in_a_sentence(name: str) -> str:
    """A menu entry's Title Case in the middle of a sentence: "Coaching and Mentoring" ->
    "coaching and mentoring"; acronyms ("QI", "ICS") stay as they are."""
    return " ".join(word if len(word) > 1 and word.isupper() else word.lower() for word in name.split())


def count(domains: Iterable[DomainInfo], behaviours: Iterable[BehaviourInfo], tags: Iterable[TagInfo]) -> Coverage:
    """The coverage of `tags` over the framework (see the module's docstring)."""
    domains = list(domains)
    behaviours = list(behaviours)
    known_domains = {d.id for d in domains}
    domain_of = {b.id: b.domain_id for b in behaviours if b.domain_id in known_domains}
    theme_of = {b.id: b.theme for b in behaviours if b.domain_id is None and b.theme in THEMES}
    by_domain: dict[int, set[tuple[str, int]]] = {d.id: set() for d in domains}
    by_theme: dict[str, set[tuple[str, int]]] = {t: set() for t in THEMES}
    counted: set[tuple[str, int]] = set()
    for tag in tags:
        if tag.target_type not in ITEM_TYPES:
            continue
        item = (tag.target_type, tag.target_id)
        if tag.domain_id is not None:
            domain_id = tag.domain_id if tag.domain_id in known_domains else None
            theme = None
        else:
            domain_id = domain_of.get(tag.behaviour_id)
            theme = theme_of.get(tag.behaviour_id)
        if domain_id is not None:
            by_domain[domain_id].add(item)
            counted.add(item)
        if theme is not None:
            by_theme[theme].add(item)
            counted.add(item)
    rows = [_row(d.key, d.name, by_domain[d.id], d.id) for d in domains]
    themes = [_row(t, t, by_theme[t]) for t in THEMES]
    gaps = [Gap(d.id, d.name, gap_message(d)) for d in domains if not by_domain[d.id]]
    items = {(d.id, t): sorted(i for kind, i in by_domain[d.id] if kind == t) for d in domains for t in ITEM_TYPES}
    return Coverage(domains=rows, themes=themes, gaps=gaps, total=len(counted), items=items)


def _row(key: str, name: str, items: set[tuple[str, int]], domain_id: int | None = None) -> Row:
    counts = dict.fromkeys(ITEM_TYPES, 0)
    for kind, _ in items:
        counts[kind] += 1
    return Row(key=key, name=name, counts=counts, total=len(items), domain_id=domain_id)


@dataclass(frozen=True)
class EvidenceEntry:
    item: tuple[str, int]  # (target_type, target_id)
    behaviours: tuple[str, ...]  # the behaviours it is tagged with under this group; () for the domain alone


@dataclass(frozen=True)
class EvidenceGroup:
    """A domain's or a theme's share of one member's tagged contributions."""

    kind: str  # "domain" or "theme"
    key: str
    name: str
    entries: list[EvidenceEntry]


def group_evidence(domains: Iterable[DomainInfo], behaviours: Iterable[BehaviourInfo],
                   tags: Iterable[TagInfo]) -> list[EvidenceGroup]:
    """Tags grouped by domain (in the framework's order) then by theme, each item once per group
    with the behaviours that put it there; groups with nothing are left out."""
    domains = list(domains)
    behaviours = {b.id: b for b in behaviours}
    known_domains = {d.id for d in domains}
    found: dict[tuple[str, object], dict[tuple[str, int], list[str]]] = {}
    for tag in tags:
        if tag.target_type not in ITEM_TYPES:
            continue
        item = (tag.target_type, tag.target_id)
        if tag.domain_id is not None:
            if tag.domain_id in known_domains:
                found.setdefault(("domain", tag.domain_id), {}).setdefault(item, [])
            continue
        behaviour = behaviours.get(tag.behaviour_id)
        if behaviour is None:
            continue
        if behaviour.domain_id in known_domains:
            group = ("domain", behaviour.domain_id)
        elif behaviour.domain_id is None and behaviour.theme in THEMES:
            group = ("theme", behaviour.theme)
        else:
            continue
        named = found.setdefault(group, {}).setdefault(item, [])
        if behaviour.name not in named:
            named.append(behaviour.name)
    order = {t: n for n, t in enumerate(ITEM_TYPES)}

    def entries(group) -> list[EvidenceEntry]:
        chosen = found.get(group, {})
        return [EvidenceEntry(item, tuple(chosen[item])) for item in sorted(chosen, key=lambda i: (order[i[0]], i[1]))]

    groups = [EvidenceGroup("domain", d.key, d.name, entries(("domain", d.id))) for d in domains]
    groups += [EvidenceGroup("theme", t, t, entries(("theme", t))) for t in THEMES]
    return [g for g in groups if g.entries]
