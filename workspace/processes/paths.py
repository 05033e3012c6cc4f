"""How a map's links split into the forward flow and rework loops, and its main path.

Shared by the metrics and the layout, so both set aside the same loops:
- **Back link (rework loop)**: a link whose target comes at or before its source in map order.
  A branch from a step to itself is one too; `links_of` leaves those out, so they are counted
  here from the steps' branches.
- **Main path**: from the first `start` step (with none, the first step in map order), follow
  forward links; at a step with several (a decision) take the first, in the step's branch
  order, that leads on to an `end` step (so a "no" branch into a rework loop listed first does
  not become the main path), or the first of all when none does; stop at an `end` step or where
  no forward link leaves. Back links are never followed, so the path always ends (map order
  only increases along it), and a loop's time is never in the path's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .flow import Flow, FlowLink, links_of


@dataclass(frozen=True)
class SplitLinks:
    forward: tuple[FlowLink, ...]
    back: tuple[FlowLink, ...]  # rework loops, self-loops included


def order_of(flow: Flow) -> dict[int, int]:
    """Each step id's position in map order (the first occurrence, if an id repeats)."""
    order: dict[int, int] = {}
    for position, step in enumerate(flow.steps):
        order.setdefault(step.id, position)
    return order


def split_links(flow: Flow) -> SplitLinks:
    order = order_of(flow)
    forward, back = [], []
    for link in links_of(flow):
        (forward if order[link.target] > order[link.source] else back).append(link)
    for step in flow.steps:
        back.extend(FlowLink(step.id, b.target, b.label) for b in step.branches if b.target == step.id)
    return SplitLinks(tuple(forward), tuple(back))


def start_step(flow: Flow):
    """The first `start` step, or the first step when there is none (None for no steps)."""
    return next((s for s in flow.steps if s.kind == "start"), flow.steps[0] if flow.steps else None)


def main_path(flow: Flow, forward: tuple[FlowLink, ...] | None = None) -> tuple[int, ...]:
    start = start_step(flow)
    if start is None:
        return ()
    if forward is None:
        forward = split_links(flow).forward
    kinds = {s.id: s.kind for s in flow.steps}
    out: dict[int, list[int]] = {}
    for link in forward:
        out.setdefault(link.source, []).append(link.target)
    ends = _reaching_an_end(flow, forward, kinds)
    path = [start.id]
    while kinds[path[-1]] != "end" and path[-1] in out:
        targets = out[path[-1]]
        path.append(next((t for t in targets if t in ends), targets[0]))
    return tuple(path)


def _reaching_an_end(flow: Flow, forward: tuple[FlowLink, ...], kinds: dict[int, str]) -> set[int]:
    """Steps from which forward links lead to an `end` step (the end steps included)."""
    into: dict[int, list[int]] = {}
    for link in forward:
        into.setdefault(link.target, []).append(link.source)
    found = {step.id for step in flow.steps if kinds[step.id] == "end"}
    todo = list(found)
    while todo:
        for source in into.get(todo.pop(), ()):
            if source not in found:
                found.add(source)
                todo.append(source)
    return found


def reachable(flow: Flow, start_id: int) -> set[int]:
    """Steps reachable from `start_id` along any link, loops included."""
    out: dict[int, list[int]] = {}
    for link in links_of(flow):
        out.setdefault(link.source, []).append(link.target)
    seen, todo = {start_id}, [start_id]
    while todo:
        for target in out.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
