"""A map's steps as a CSV file: UTF-8 with a byte-order mark (Excel reads it as UTF-8), one row
per step in map order, and any text cell a spreadsheet would run as a formula (starting with
= + - @, a tab or a carriage return) given a leading apostrophe, as the stakeholder register's
CSV does."""

from __future__ import annotations

import csv
import io

from ..csvsafe import neutralise
from .flow import KIND_LABELS, NOTE_KINDS, VALUE_LABELS
from .queries import MapData

COLUMNS = ("number", "lane", "label", "kind", "minutes", "wait_minutes", "value", "paper", "branches", "pain_points",
           "ideas", "questions")


def export(data: MapData) -> bytes:
    numbers = data.number_of
    lanes = data.lane_names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for step in data.steps:
        notes = {kind: [n.body for n in data.notes.get(step.id, []) if n.kind == kind] for kind in NOTE_KINDS}
        branches = "; ".join(f"{b.label or 'to'} → {numbers.get(b.target_id, '?')}" for b in data.branches.get(step.id, []))
        text = [lanes.get(step.lane_id, ""), step.label, KIND_LABELS[step.kind]]
        writer.writerow([numbers[step.id], *map(neutralise, text), step.minutes, step.wait_minutes,
                         VALUE_LABELS.get(step.value, "") if step.value else "", "yes" if step.paper else "no",
                         neutralise(branches), *(neutralise(" | ".join(notes[kind])) for kind in NOTE_KINDS)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
