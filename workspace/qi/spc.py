"""PLACEHOLDER (base branch): the measures helper replaces this module with the Making Data
Count rules. Until then: a run chart's median and no signals, so the other halves can build.
"""

from __future__ import annotations

from statistics import median

from .facts import Analysis, MeasureSeries, Phase


def analyse(series: MeasureSeries, chart: str | None = None) -> Analysis:
    """The analysis of `series`, on the chart the team chose (`series.chart`) or `chart`."""
    values = [point.value for point in series.points]
    if not values:
        return Analysis("run", (), (), "none", None, f"{series.name}: no data yet.")
    phase = Phase(0, len(values) - 1, median(values))
    return Analysis("run", (phase,), (), "none", None, f"{series.name}: {len(values)} points.")
