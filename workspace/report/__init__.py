"""The co-edited review report: template sections, merging saves, history, comments."""

from .. import comment_targets
from ..exports.parts import register_parts
from .comments import (
    forget_hidden_notifications,
    load_section_target,
    load_section_targets,
    visible_section_ids,
)
from .export_parts import report_parts

# The Word export gets the report's sections, word count and open comments through the
# exports' registry, so exports never imports this package.
register_parts("report", report_parts)
# Sections are one kind of comment target; other features register theirs the same way.
comment_targets.register(comment_targets.TargetType(
    "section", "section", load=load_section_target, visible_ids=visible_section_ids, load_many=load_section_targets))
# A target hidden from some people (a stakeholder made confidential) takes its mentions with it.
comment_targets.on_hidden("report", forget_hidden_notifications)
