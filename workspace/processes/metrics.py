"""Placeholder: replaced by the metrics-and-figures branch at the merge."""

# Straightforward sums over the steps in map order (no main-path analysis): enough for the pages
# and tests of the feature branch to run against the interface.

from __future__ import annotations

from dataclasses import dataclass

from .flow import Flow


@dataclass(frozen=True)
class Metrics:
    lead_minutes: int
    value_added_minutes: int
    efficiency: float | None
    steps: int
    waits: int
    wait_minutes: int
    handoffs: int
    people_met: int
    longest_wait: tuple[str, int] | None
    paper_share: float | None
    main_path: tuple[int, ...]
    loops: int
    warnings: tuple[str, ...]


def measure(flow: Flow) -> Metrics:
    steps = flow.steps
    waits = [(s.label, s.minutes if s.kind == "wait" else s.wait_minutes) for s in steps
             if s.kind == "wait" or s.wait_minutes]
    wait_minutes = sum(m for _, m in waits)
    cycle = sum(s.minutes for s in steps if s.kind != "wait")
    lead = cycle + wait_minutes
    value_added = sum(s.minutes for s in steps if s.value == "va" and s.kind != "wait")
    handoffs = sum(1 for a, b in zip(steps, steps[1:], strict=False) if a.lane != b.lane)
    paper = [s for s in steps[1:] if s.paper]
    warnings = []
    if not any(s.kind == "start" for s in steps):
        warnings.append("This map has no start step.")
    if not any(s.kind == "end" for s in steps):
        warnings.append("This map has no end step.")
    return Metrics(
        lead_minutes=lead, value_added_minutes=value_added, efficiency=(value_added / lead) if lead else None,
        steps=len(steps), waits=len(waits), wait_minutes=wait_minutes, handoffs=handoffs,
        people_met=len({s.lane for s in steps} - ({flow.lanes[0]} if flow.lanes else set())),
        longest_wait=max(waits, key=lambda w: w[1]) if waits else None,
        paper_share=(len(paper) / (len(steps) - 1)) if len(steps) > 1 else None,
        main_path=tuple(s.id for s in steps), loops=0, warnings=tuple(warnings),
    )
