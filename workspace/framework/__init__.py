"""The Systems Leadership Development Framework and what ties the team's work to the programme:
the framework as data per cohort, tags and coverage, the Start Anywhere canvas, the
recommendations register, private reflections, and the programme timeline with its calendar feed.

It plugs into the registries (comment targets, export parts) in this package's __init__, so no
other feature imports it; it reaches other features' records only through comment_targets
(titles, links, visibility) and ids.
"""

from .. import comment_targets
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .targets import TYPES

for _target_type in TYPES:
    comment_targets.register(_target_type)

# --- fw-reflect: the Start Anywhere canvas and shared reflections in the Word report
from ..exports.parts import register_parts  # noqa: E402
from .export_parts_scope import reflection_parts, scope_parts  # noqa: E402

register_parts("framework_scope", scope_parts, section="scope")
register_parts("framework_reflections", reflection_parts, section="reflections")

# --- fw-reflect: reflections are tagged by their author only (personal: a submitted team's too);
# a reflection anyone else may not read is missing to them (reflections.tag_loader)
from .reflections import tag_loader, visible_ids  # noqa: E402
from .tags import register_tag_target  # noqa: E402

register_tag_target("reflection", tag_loader, capability="view", refuse_when_submitted=False,
                    visible_ids=visible_ids)
