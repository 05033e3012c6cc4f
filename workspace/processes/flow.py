"""A process map as plain data: what the metrics, the layout and the drawings read.

The feature's queries turn a stored map into a `Flow`; nothing below this module touches the
database, so metrics and figures are tested on hand-built flows and rendered once per content
hash.

How a map flows (the one rule, `links_of`): steps are in their map order; a step with branches
flows along its branches only (a decision's "yes" to step 5, "no" to step 9; a rework loop back
to an earlier step); a step without branches flows to the next step in order, except an `end`
step, which flows nowhere. A branch to a step not on the map is never stored (operations refuse
it), and `links_of` ignores one if it meets it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

#: step kinds, in the order the pages offer them
KINDS = ("start", "step", "decision", "wait", "handoff", "end")
KIND_LABELS = {"start": "Start", "step": "Step", "decision": "Decision", "wait": "Wait",
               "handoff": "Hand-off", "end": "End"}
#: lean value of a step: value-adding, non-value-adding, non-value-adding but necessary
VALUES = ("va", "nva", "bnva")
VALUE_LABELS = {"va": "Value-adding", "nva": "Non-value-adding", "bnva": "Necessary non-value-adding"}
#: sticky-note kinds
NOTE_KINDS = ("pain_point", "idea", "question")
NOTE_LABELS = {"pain_point": "Pain point", "idea": "Idea", "question": "Question"}
#: map states
STATES = ("current", "future")


@dataclass(frozen=True)
class FlowBranch:
    """A labelled way out of a step ("yes", "no", "rework") to another step of the same map."""

    target: int  # the target step's id
    label: str = ""


@dataclass(frozen=True)
class FlowStep:
    id: int
    lane: str  # the lane's name ("Patient", "GP receptionist")
    label: str
    kind: str  # one of KINDS
    minutes: int = 0  # cycle time; for a `wait` step, the length of the wait
    wait_minutes: int = 0  # a wait before the step starts (0 for none)
    value: str | None = None  # one of VALUES, or None when not assessed
    paper: bool = False  # information reaches this step on paper (else electronically)
    pain_points: int = 0  # sticky notes of each kind on the step
    ideas: int = 0
    questions: int = 0
    branches: tuple[FlowBranch, ...] = ()


@dataclass(frozen=True)
class FlowLink:
    source: int
    target: int
    label: str = ""  # the branch's label; "" for the plain next-step flow


@dataclass(frozen=True)
class Flow:
    """One map: its lanes in order (lanes with no steps included) and its steps in map order."""

    title: str
    state: str  # "current" or "future"
    lanes: tuple[str, ...]
    steps: tuple[FlowStep, ...]
    extra: dict = field(default_factory=dict, compare=False, hash=False)  # free use by callers, not hashed

    def content_hash(self) -> str:
        """What a drawing of this flow depends on: renders are cached by it."""
        body = {"title": self.title, "state": self.state, "lanes": list(self.lanes),
                "steps": [asdict(step) for step in self.steps]}
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def links_of(flow: Flow) -> list[FlowLink]:
    """Every link of the flow, by the rule in this module's docstring, in step order."""
    ids = {step.id for step in flow.steps}
    links: list[FlowLink] = []
    for position, step in enumerate(flow.steps):
        if step.branches:
            links.extend(FlowLink(step.id, branch.target, branch.label)
                         for branch in step.branches if branch.target in ids and branch.target != step.id)
        elif step.kind != "end" and position + 1 < len(flow.steps):
            links.append(FlowLink(step.id, flow.steps[position + 1].id))
    return links
