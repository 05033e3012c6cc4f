"""Process maps: current and future state swimlane maps of a patient or citizen pathway, with
waits, value-add, sticky notes and metrics.

This package plugs into two registries, so neither the exporter nor the report imports it:
its diagrams and tables go into the Word report (exports.parts), and a map is a comment target
(comment_targets; a comment on a step is a thread on its map that names the step).
"""

from .. import comment_targets
from ..exports.parts import register_parts
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .export_parts import SECTION, process_parts
from .targets import load_target, load_targets, visible_ids

register_parts("process_maps", process_parts, section=SECTION)
comment_targets.register(comment_targets.TargetType("process_map", "process map", load=load_target,
                                                    visible_ids=visible_ids, load_many=load_targets))
