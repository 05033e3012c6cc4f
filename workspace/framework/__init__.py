"""The Systems Leadership Development Framework and what ties the team's work to the programme:
the framework as data per cohort, tags and coverage, the Start Anywhere canvas, the
recommendations register, private reflections, and the programme timeline with its calendar feed.

It plugs into the registries (comment targets, export parts) in this package's __init__, so no
other feature imports it; it reaches other features' records only through comment_targets
(titles, links, visibility) and ids.
"""

from .. import comment_targets
from ..exports.parts import register_parts
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .export_parts_coverage import coverage_parts
from .export_parts_recommendations import recommendation_parts
from .export_parts_scope import reflection_parts, scope_parts
from .recommendation_queries import load_for_tagging
from .reflections import tag_loader, visible_ids
from .tags import register_tag_target
from .targets import TYPES

# Recommendations take comment threads (the host partner discusses them with the team).
for _target_type in TYPES:
    comment_targets.register(_target_type)

# What can be tagged beyond other features' comment targets: recommendations, by the team (not
# the host); reflections, by their author only, a submitted team's too (they are personal), and
# a reflection anyone else may not read is missing to them (reflections.tag_loader).
register_tag_target("recommendation", load_for_tagging)
register_tag_target("reflection", tag_loader, capability="view", refuse_when_submitted=False,
                    visible_ids=visible_ids)

# The Word report: the canvas under Scope, the register under Recommendations, shared
# reflections and the coverage heatmap under Reflections on systems leadership.
register_parts("framework_scope", scope_parts, section="scope")
register_parts("framework_recommendations", recommendation_parts, section="recommendations")
register_parts("framework_reflections", reflection_parts, section="reflections")
register_parts("framework_coverage", coverage_parts, section="reflections")
