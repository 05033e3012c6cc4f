"""The coverage heatmap as a PNG for the Word report: matplotlib (Agg, imported inside the
function: its import costs most of a second, and only a document being built needs it), drawn
from plain rows, so the exports' figure cache can skip it when the counts have not changed.

Like the page, each cell is shaded by its count AND writes the number: colour is never the
only signal (the document may be printed in grey). Byte-stable output: no date or software name.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Sequence

from .coverage import Row, shade

#: bump when the drawing changes, so cached renders are redrawn
FIGURES_VERSION = 3
RENDER_LOCK = threading.RLock()
DPI = 150
#: the page's shades (static/scss/_framework-coverage.scss), lightest to darkest, and their text
SHADES = ("#ffffff", "#e8f1fa", "#b9d3ee", "#005eb8", "#003087")
TEXT = ("#4c6272", "#212b32", "#212b32", "#ffffff", "#ffffff")
GRID = "#d8dde0"
FONT_CHOICES = ("Liberation Sans", "Arial", "DejaVu Sans")
#: the columns' headings as the figure writes them (narrow columns: long words are broken)
SHORT_LABELS = {"section": "Report\nsections", "stakeholder": "Stake-\nholders", "action": "Actions",
                "pdsa": "PDSA\ncycles", "recommendation": "Recom-\nmendations", "reflection": "Reflec-\ntions"}


def heatmap_hash(rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> str:
    """content_hash of what the heatmap draws: row names and counts, the columns' labels."""
    payload = json.dumps({"kind": "framework-coverage-png", "version": FIGURES_VERSION,
                          "columns": [list(c) for c in columns],
                          "rows": [[r.name, [r.counts[key] for key, _ in columns], r.total] for r in rows]},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def heatmap_png(rows: Sequence[Row], columns: Sequence[tuple[str, str]]) -> bytes:
    """The heatmap: one row per domain, one column per kind of item (`columns` is (key, label)),
    then the row's distinct items; each cell its count on its shade."""
    from matplotlib import font_manager, rc_context
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    fonts = [name for name in FONT_CHOICES if name in installed] or ["DejaVu Sans"]
    labels = [SHORT_LABELS.get(key, _wrap(label, 10)) for key, label in columns] + ["All\nitems"]
    name_width, cell_width, header_height, row_height, margin = 3.9, 1.8, 1.0, 0.72, 0.1
    width = name_width + cell_width * len(labels) + margin
    height = header_height + row_height * max(1, len(rows)) + margin
    with RENDER_LOCK, rc_context({"font.family": fonts, "svg.hashsalt": "framework"}):
        figure = Figure(figsize=(width / 2.54 * 1.0, height / 2.54 * 1.0), dpi=DPI)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.axis("off")
        for n, label in enumerate(labels):
            x0 = name_width + n * cell_width
            axes.text(x0 + cell_width / 2, header_height / 2, label, ha="center", va="center", fontsize=7.5,
                      fontweight="bold", color="#212b32")
        axes.text(0.1, header_height / 2, "Domain", ha="left", va="center", fontsize=7.5, fontweight="bold",
                  color="#212b32")
        for r, row in enumerate(rows):
            y0 = header_height + r * row_height
            axes.text(0.1, y0 + row_height / 2, _wrap(row.name, 22), ha="left", va="center", fontsize=7.5,
                      color="#212b32")
            values = [row.counts[key] for key, _ in columns]
            for n, value in enumerate(values + [row.total]):
                level = shade(value) if n < len(values) else 0
                x0 = name_width + n * cell_width
                axes.add_patch(Rectangle((x0, y0), cell_width, row_height, facecolor=SHADES[level], edgecolor=GRID,
                                         linewidth=0.6))
                axes.text(x0 + cell_width / 2, y0 + row_height / 2, str(value), ha="center", va="center",
                          fontsize=8.5, color=TEXT[level], fontweight="bold" if n == len(values) else "normal")
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
