"""What a comment can be about: each feature registers its own kind of target here.

The report's comment machinery (threads, replies, mentions, notifications, resolve, paging and
rate limits) works on any registered target type, so a feature gains comments by registering
one `TargetType` in its package's __init__, and the report never imports it:

    register(TargetType("stakeholder", "stakeholder", load=..., visible_ids=...))

- `load(team, id, viewer)` gives the `Target` (its title, the page that shows its threads and
  who may not see it) or None when there is no such live target in the team, or the viewer may
  not see it. Every comment route asks, so a thread on something a person may not see is a 404
  to them, exactly as if it did not exist.
- `visible_ids(team, viewer)` is a SELECT of the ids whose threads the viewer may read, for the
  lists that mix many targets (the comments API and the team's Comments page).
- `load_many(team, ids, viewer)` (optional) gives {id: Target} for many ids in one query, for
  those lists; without it `load_each` loads them one by one.

Core: imports no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: every type a comment may name (shared/api.md); each becomes available when its feature registers
TARGET_TYPES = ("section", "stakeholder", "process_map", "action", "pdsa", "measure", "slide", "recommendation")


@dataclass(frozen=True)
class Target:
    """One thing a thread is about, as a viewer may see it."""

    type: str
    id: int
    title: str  # names it in notifications ("… mentioned you on “<title>”")
    url: str  # the page that shows its threads; a comment's link adds "#comment-<id>"
    quotable: bool = False  # whether a thread may quote part of its text (a section's words)
    # Roles (Role values) that may not see this target: they are neither offered for an
    # @mention on it nor notified of one.
    hidden_from: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class TargetType:
    name: str
    label: str  # in messages: "That <label> does not exist in this team"
    load: Callable[..., Target | None]  # (team, target_id, viewer) -> Target | None
    visible_ids: Callable[..., object]  # (team, viewer) -> SELECT of ids
    load_many: Callable[..., dict] | None = None  # (team, ids, viewer) -> {id: Target}


_TYPES: dict[str, TargetType] = {}
# What the comment machinery does when a target is hidden from some roles (report/comments.py
# registers it): a feature that hides a target calls `hidden()`, never the report.
_ON_HIDDEN: dict[str, Callable[..., None]] = {}


def register(target_type: TargetType) -> None:
    """Register (or replace: an app factory may run many times in one process) a target type."""
    if target_type.name not in TARGET_TYPES:
        raise ValueError(f"unknown comment target type {target_type.name!r}; add it to TARGET_TYPES")
    _TYPES[target_type.name] = target_type


def available() -> tuple[str, ...]:
    """The target types that exist today, in TARGET_TYPES' order."""
    return tuple(name for name in TARGET_TYPES if name in _TYPES)


def get(name: str) -> TargetType | None:
    return _TYPES.get(name)


def load(team, type_name: str, target_id: int, viewer) -> Target | None:
    """The target a comment names, if it is live and the viewer may see it."""
    target_type = _TYPES.get(type_name)
    return None if target_type is None else target_type.load(team, target_id, viewer)


def load_each(team, pairs, viewer) -> dict[tuple[str, int], Target]:
    """The targets of many (type, id) pairs that are live and the viewer may see, keyed by
    pair: one query per type that has `load_many` (a page listing threads on many targets)."""
    wanted: dict[str, set[int]] = {}
    for type_name, target_id in pairs:
        wanted.setdefault(type_name, set()).add(target_id)
    found: dict[tuple[str, int], Target] = {}
    for type_name, ids in wanted.items():
        target_type = _TYPES.get(type_name)
        if target_type is None:
            continue
        if target_type.load_many is not None:
            loaded = target_type.load_many(team, sorted(ids), viewer)
        else:
            loaded = {i: t for i in sorted(ids) if (t := target_type.load(team, i, viewer)) is not None}
        found.update(((type_name, i), t) for i, t in loaded.items())
    return found


def on_hidden(name: str, handler: Callable[..., None]) -> None:
    """Register (or replace) `handler(team, type_name, target_id, roles)`, run by `hidden()`."""
    _ON_HIDDEN[name] = handler


def hidden(team, type_name: str, target_id: int, roles: frozenset[str]) -> None:
    """A feature has just hidden one of its targets from people with `roles` (a stakeholder
    made confidential is hidden from host partners): what they were told about it, such as a
    mention naming it, stops being theirs. Runs in the caller's transaction and commits nothing."""
    for handler in _ON_HIDDEN.values():
        handler(team, type_name, target_id, roles)
