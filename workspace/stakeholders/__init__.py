"""Stakeholder maps: the register, the power/interest grid, relationships and engagement plans.

This package plugs into two registries, so neither the exporter nor the report imports it:
its figures and table go into the Word report (exports.parts), and a stakeholder is a comment
target (comment_targets).
"""

from .. import comment_targets
from ..exports.parts import register_parts
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .export_parts import SECTION, stakeholder_parts
from .targets import load_target, load_targets, visible_ids

register_parts("stakeholders", stakeholder_parts, section=SECTION)
comment_targets.register(comment_targets.TargetType("stakeholder", "stakeholder", load=load_target,
                                                    visible_ids=visible_ids, load_many=load_targets))
