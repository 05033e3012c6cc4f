"""Placeholder: replaced by the metrics-and-figures branch at the merge."""

# A plain SVG listing the steps lane by lane, and a small matplotlib PNG of the same list.

from __future__ import annotations

import io

from markupsafe import Markup, escape

from .flow import KIND_LABELS, Flow

FIGURES_VERSION = 0
LARGE_STEPS = 40


def is_large(flow: Flow) -> bool:
    return len(flow.steps) > LARGE_STEPS


def swimlane_svg(flow: Flow) -> Markup:
    row = 22
    height = row * (len(flow.steps) + 2)
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" class="process-swimlane" viewBox="0 0 640 {height}" '
             f'width="640" height="{height}" role="img" aria-label="Swimlane diagram of {escape(flow.title)}">',
             f'<text x="8" y="{row}" class="process-swimlane__title">{escape(flow.title)}</text>']
    for number, step in enumerate(flow.steps, start=1):
        lines.append(f'<text x="8" y="{row * (number + 1)}" class="process-swimlane__step">'
                     f'{number}. {escape(step.lane)}: {escape(step.label)} ({KIND_LABELS[step.kind]})</text>')
    lines.append("</svg>")
    return Markup("".join(lines))  # noqa: S704 - every text above is escaped


def swimlane_png(flow: Flow) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 0.3 * (len(flow.steps) + 2)), dpi=100)
    axes = figure.add_subplot()
    axes.axis("off")
    lines = [flow.title] + [f"{n}. {s.lane}: {s.label}" for n, s in enumerate(flow.steps, start=1)]
    axes.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=8, transform=axes.transAxes)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
