"""Quality improvement: the aim, the driver diagram (aim -> primary drivers -> secondary
drivers -> change ideas), PDSA cycles in ramps, the action log, and measures with run and XmR
charts analysed by NHS England's "Making Data Count" rules.

This package plugs into two registries, so neither the exporter nor the report imports it:
its figures and tables go into the Word report (exports.parts), and actions, PDSA cycles and
measures are comment targets (comment_targets).
"""

from .. import comment_targets
from ..exports.parts import register_parts
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .targets import TYPES

for _target_type in TYPES:
    comment_targets.register(_target_type)

# --- the log part: the QI work in the Word report (the aim, the driver diagram, PDSA, measures, actions)
from .export_parts import SECTION as _EXPORT_SECTION  # noqa: E402
from .export_parts import qi_parts  # noqa: E402

register_parts("qi", qi_parts, section=_EXPORT_SECTION)
