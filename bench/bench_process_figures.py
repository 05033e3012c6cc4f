"""The process-map figures at the issue's size: a 40-step, 8-lane map to SVG and to PNG.

Each drawing is timed uncached (the figures' LRU is cleared before every call, so this is what
a changed map costs) and warm (matplotlib and networkx imported, fonts found, five calls first),
by this process's CPU time, which other work on a shared 2-core machine disturbs far less than
the wall clock; wall-clock p50s are printed too. A cached call is a dictionary lookup plus the
content hash, timed last. The 200-step map is timed too (the page says it is large).
"""

from __future__ import annotations

import os
import random
import time

from bench.harness import report, time_calls
from workspace.processes import figures as F
from workspace.processes import metrics
from workspace.processes.flow import Flow, FlowBranch, FlowStep

RUNS = 30
LANES = ("Patient", "GP receptionist", "GP", "Practice nurse", "District nurse", "Pharmacist", "Social worker",
         "Hospital consultant")
LABELS = ("Rings the surgery", "Books a call back", "Triage call", "Waits for results", "Home visit arranged",
          "Referral letter posted", "Reviews the discharge summary", "Collects the prescription")


def sample_flow(n: int = 40, lanes: tuple[str, ...] = LANES, seed: int = 10) -> Flow:
    """A map like a real one: a start, an end, mostly steps, some waits and decisions (one branch
    forward, one skipping ahead), a rework loop every dozen steps, lanes changing often."""
    rng = random.Random(seed)
    steps = []
    for i in range(1, n + 1):
        kind = "start" if i == 1 else "end" if i == n else rng.choice(["step"] * 5 + ["wait", "decision", "handoff"])
        branches = ()
        if kind == "decision" and i + 3 <= n:
            branches = (FlowBranch(i + 1, "yes"), FlowBranch(i + 3, "no"))
        elif kind == "step" and i % 12 == 0 and i > 4:
            branches = (FlowBranch(i + 1, ""), FlowBranch(i - 4, "rework"))
        steps.append(FlowStep(
            id=i, lane=lanes[0] if kind in ("start", "end", "wait") else rng.choice(lanes),
            label=f"{rng.choice(LABELS)} {i}", kind=kind, minutes=rng.choice([0, 5, 15, 30, 240, 2880]),
            wait_minutes=rng.choice([0, 0, 0, 60, 1440 * 3]), value=rng.choice(["va", "nva", "bnva", None]),
            paper=rng.random() < 0.3, pain_points=rng.choice([0, 0, 1, 3]), ideas=rng.choice([0, 0, 2]),
            questions=rng.choice([0, 1]), branches=branches))
    return Flow(title=f"Discharge to assess ({n} steps)", state="current", lanes=lanes, steps=tuple(steps))


def uncached(draw, flow):
    def call():
        F._SVGS.clear()
        F._PNGS.clear()
        return draw(flow)
    return call


def run() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 shared cores)")
    flow40, flow200 = sample_flow(40), sample_flow(200)
    cases = {
        "swimlane_svg 40 steps x 8 lanes": (uncached(F.swimlane_svg, flow40), RUNS),
        "swimlane_png 40 steps x 8 lanes": (uncached(F.swimlane_png, flow40), RUNS),
        "measure 40 steps": (lambda: metrics.measure(flow40), RUNS),
        "swimlane_svg 200 steps": (uncached(F.swimlane_svg, flow200), 10),
        "swimlane_png 200 steps": (uncached(F.swimlane_png, flow200), 5),
        "swimlane_svg 40 steps, cached": (lambda: F.swimlane_svg(flow40), RUNS),
    }
    for name, (draw, runs) in cases.items():
        cpu = time_calls(draw, runs, warmup=3, clock=time.process_time)
        wall = time_calls(draw, max(3, runs // 3), warmup=1)
        report(f"{name} CPU", {k: cpu[k] for k in ("p50", "p95", "max")})
        report(f"{name} wall", {"p50": wall["p50"]})
    svg, png = str(F.swimlane_svg(flow40)), F.swimlane_png(flow40)
    print(f"40 steps: SVG {len(svg.encode()) / 1024:.0f} KB, PNG {len(png) / 1024:.0f} KB")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    run()
