"""PLACEHOLDER (base branch): the measures helper draws run and XmR charts here."""

from __future__ import annotations

from markupsafe import escape

from .facts import Analysis, MeasureSeries


def chart_svg(series: MeasureSeries, analysis: Analysis) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 60" role="img" '
            f'aria-label="{escape(series.name)}"><text x="4" y="30">{escape(analysis.summary)}</text></svg>')


def chart_png(series: MeasureSeries, analysis: Analysis) -> bytes:
    return _text_png(analysis.summary)


def _text_png(text: str) -> bytes:
    import io

    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    figure = Figure(figsize=(6, 1))
    figure.text(0.02, 0.5, text)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()
