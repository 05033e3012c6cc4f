"""The stakeholder figures at the issue's size: 150 stakeholders and 300 links.

Each drawing is timed warm (matplotlib and networkx imported, fonts cached, five calls first),
by this process's CPU time, which other work on a shared 2-core machine disturbs far less than
the wall clock; wall-clock p50s are printed too. The first call in a fresh process pays the
imports (about a second) once, which the pages avoid by caching renders by content hash.
The grid SVG is hand-built and drawn on every page view; the network SVG and all PNGs are
matplotlib's and cached by the caller. The network's seeded layout is cached in the process
(the page's SVG and the export's PNG of one network share it); "layout not cached" times a
network drawn for the first time.
"""

from __future__ import annotations

import random
import time

from bench.harness import report, time_calls
from workspace.stakeholders import figures as F
from workspace.stakeholders import network_drawing

RUNS = 30
SIZE, LINKS = 150, 300
NAMES = ["Sarah Okafor", "James Smith", "Priya Patel", "Riverside ICB quality committee", "Tom Jones",
         "Aisha Khan", "Dr Helen Williams-Brown", "Carers Voice", "Grace Taylor", "Liam Evans"]


def stakeholders(n: int = SIZE, seed: int = 9) -> list[F.GridMarker]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        attitude = rng.choice([-2, -1, 0, 1, 2, None])
        out.append(F.GridMarker(
            id=i + 1, label=f"{rng.choice(NAMES)} {i}", organisation="Riverside Trust",
            category=rng.choice(["Acute trust", "ICB", "PCN or GP practice"]),
            owner=rng.choice(["Mo Member", "Ola Lead", None]), power=rng.randint(1, 5), interest=rng.randint(1, 5),
            attitude=attitude, desired=None if attitude is None else rng.choice([attitude, 2]), version=1))
    return out


def relationships(markers: list[F.GridMarker], n: int = LINKS, seed: int = 2) -> list[F.Link]:
    rng = random.Random(seed)
    out: set[F.Link] = set()
    while len(out) < n:
        a, b = rng.sample(markers, 2)
        out.add(F.Link(a.id, b.id, rng.choice(sorted(F.LINK_KINDS))))
    return sorted(out, key=lambda link: (link.source, link.target, link.kind))


def run() -> None:
    markers = stakeholders()
    links = relationships(markers)
    drawings = {
        "grid_svg (editable)": lambda: F.grid_svg(markers, editable=True, caption="Grid",
                                                  api_url_template="/api/v1/teams/1/stakeholders/{id}"),
        "grid_png": lambda: F.grid_png(markers, caption="Grid"),
        "then_now_svg": lambda: F.then_now_svg(markers, markers, then_label="12 March 2026"),
        "network_svg": lambda: F.network_svg(markers, links),
        "network_png": lambda: F.network_png(markers, links),
        # the seeded layout is cached per set of people and links; a changed network pays for it
        "network_png (layout not cached)": lambda: (network_drawing._positions.cache_clear(),
                                                    F.network_png(markers, links)),
        "content_hash (network)": lambda: F.content_hash("network", markers, links),
    }
    print(f"{SIZE} stakeholders, {LINKS} links; {RUNS} warm calls each")
    for name, draw in drawings.items():
        cpu = time_calls(draw, RUNS, clock=time.process_time)
        wall = time_calls(draw, max(5, RUNS // 3), warmup=1)
        report(f"{name} CPU", {k: cpu[k] for k in ("p50", "p95", "max")})
        report(f"{name} wall", {"p50": wall["p50"]})
    size = len(str(F.network_svg(markers, links)).encode())
    print(f"network SVG: {size / 1024:.0f} KB; grid SVG: {len(str(drawings['grid_svg (editable)']()).encode()) / 1024:.0f} KB")


if __name__ == "__main__":
    run()
