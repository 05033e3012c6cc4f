"""A process map's metrics, computed from its steps along the main path.

The rules (each one function below, used by the pages, the comparison and the exports):
- **Main path** (paths.py): from the first `start` step (no start: the first step, with a
  warning), forward links only, the first branch at a decision, to an `end` step or a dead end.
  Rework loops (links back to a step at or before their source in map order) are never
  followed: they are counted in `loops` and left out of every time. A loop makes the real
  pathway longer for those who go round it; the map shows that, the numbers do not guess how
  often it happens.
- **Lead time**: the sum over main-path steps of `minutes + wait_minutes` (a `wait` step's
  minutes are its wait).
- **Value-added time**: the `minutes` of value-adding (`va`) steps on the main path; a `wait`
  step never adds value, whatever it is marked.
- **Waits**: each main-path `wait` step is one wait (of `minutes + wait_minutes`); each other
  main-path step with `wait_minutes > 0` is one wait (of `wait_minutes`). `wait_minutes` is
  their total; the longest single one is the bottleneck (the first on the path if tied).
- **Hand-offs**: consecutive main-path steps in different lanes. **Paper share**: the share of
  those whose receiving step has `paper=True` (None with no hand-offs).
- **People the patient meets**: the first lane is the person whose pathway is mapped; the count
  of distinct other lanes holding a main-path step.
- **Steps**: every step on the map, of every kind (start, end, waits and decisions included),
  whether or not on the main path: the number the steps table shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import paths
from .flow import Flow, FlowStep


@dataclass(frozen=True)
class Metrics:
    lead_minutes: int  # cycle plus waits along the main path
    value_added_minutes: int
    efficiency: float | None  # value-added / lead time (None when lead time is 0)
    steps: int  # every step on the map, of every kind (see the module's docstring)
    waits: int  # number of waits on the main path
    wait_minutes: int  # their total
    handoffs: int  # changes of lane along the main path
    people_met: int  # distinct lanes other than the first holding a main-path step
    longest_wait: tuple[str, int] | None  # (step label, minutes): the bottleneck
    paper_share: float | None  # share of hand-offs that move on paper (None: no hand-offs)
    main_path: tuple[int, ...]  # step ids
    loops: int  # rework loops found (back links), left out of the main path
    warnings: tuple[str, ...]


def measure(flow: Flow) -> Metrics:
    links = paths.split_links(flow)
    path_ids = paths.main_path(flow, links.forward)
    by_id: dict[int, FlowStep] = {}
    for step in flow.steps:
        by_id.setdefault(step.id, step)
    path = [by_id[i] for i in path_ids]
    lead = lead_minutes(path)
    value_added = value_added_minutes(path)
    wait_list = waits_of(path)
    handoff_pairs = handoffs_of(path)
    longest = max(wait_list, key=lambda w: w[1]) if wait_list else None  # max keeps the first of ties
    return Metrics(
        lead_minutes=lead,
        value_added_minutes=value_added,
        efficiency=value_added / lead if lead > 0 else None,
        steps=len(flow.steps),
        waits=len(wait_list),
        wait_minutes=sum(minutes for _, minutes in wait_list),
        handoffs=len(handoff_pairs),
        people_met=people_met(flow, path),
        longest_wait=longest,
        paper_share=paper_share(handoff_pairs),
        main_path=path_ids,
        loops=len(links.back),
        warnings=warnings_of(flow, path),
    )


def lead_minutes(path: list[FlowStep]) -> int:
    return sum(step.minutes + step.wait_minutes for step in path)


def value_added_minutes(path: list[FlowStep]) -> int:
    return sum(step.minutes for step in path if step.value == "va" and step.kind != "wait")


def waits_of(path: list[FlowStep]) -> list[tuple[str, int]]:
    """(label, minutes) of each wait on the path, in path order."""
    out = []
    for step in path:
        if step.kind == "wait":
            out.append((step.label, step.minutes + step.wait_minutes))
        elif step.wait_minutes > 0:
            out.append((step.label, step.wait_minutes))
    return out


def handoffs_of(path: list[FlowStep]) -> list[tuple[FlowStep, FlowStep]]:
    return [(a, b) for a, b in zip(path, path[1:], strict=False) if a.lane != b.lane]


def paper_share(handoff_pairs: list[tuple[FlowStep, FlowStep]]) -> float | None:
    if not handoff_pairs:
        return None
    return sum(1 for _, receiving in handoff_pairs if receiving.paper) / len(handoff_pairs)


def people_met(flow: Flow, path: list[FlowStep]) -> int:
    pathway_owner = flow.lanes[0] if flow.lanes else None
    return len({step.lane for step in path if step.lane != pathway_owner})


def warnings_of(flow: Flow, path: list[FlowStep]) -> tuple[str, ...]:
    if not flow.steps:
        return ("This map has no steps yet",)
    out = []
    start = paths.start_step(flow)
    if start.kind != "start":
        out.append(f"This map has no start step: the first step, \u201c{start.label}\u201d, is taken as the start")
    reach = paths.reachable(flow, start.id)
    ends = [s for s in flow.steps if s.kind == "end"]
    if not ends:
        out.append("This map has no end step")
    elif not any(s.id in reach for s in ends):
        out.append("No end step is reachable from the start")
    elif path[-1].kind != "end":
        out.append(f"The main path stops at \u201c{path[-1].label}\u201d before reaching an end step")
    unreachable = len({s.id for s in flow.steps} - reach)
    if unreachable:
        out.append(f"{unreachable} step{' is' if unreachable == 1 else 's are'} not reachable from the start")
    return tuple(out)
