"""The co-edited review report: template sections, merging saves, history, comments."""

from ..exports.parts import register_parts
from .export_parts import report_parts

# The Word export gets the report's sections, word count and open comments through the
# exports' registry, so exports never imports this package.
register_parts("report", report_parts)
