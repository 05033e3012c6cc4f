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
from .export_parts_recommendations import recommendation_parts
from .recommendation_queries import load_for_tagging
from .tags import register_tag_target
from .targets import TYPES

for _target_type in TYPES:
    comment_targets.register(_target_type)
register_parts("framework_recommendations", recommendation_parts, section="recommendations")
register_tag_target("recommendation", load_for_tagging)  # fw-recs: the team tags its recommendations (not the host)
