"""Page parts rendered once per shape and filled in per response.

The NHS.UK Jinja macros are slow (the header about 3.6 ms a call, a textarea about 2 ms), yet
what they produce depends on a handful of values that repeat on every request: whether someone
is signed in, which tab is current, a field's label. `fragment()` renders a template once for
each such *shape*, with a placeholder where each per-response value goes, keeps the result for
the life of the process, and fills the placeholders in on every call.

What may vary per user or per response (a name, a CSRF token, an unread count, a field's text)
is a *fill*, never part of the shape, so a cached fragment holds nothing of any one user. Fills
are escaped unless they are Markup already, exactly as the template would have escaped them.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from flask import current_app, request
from markupsafe import Markup, escape

#: shapes kept per app; past this (say, a form error that quotes what was typed) render each time
MAX_SHAPES = 512

# Placeholders carry a per-process random part, so no text a user types can forge one.
_SLOT_MARK = f"app-slot-{secrets.token_hex(8)}"
_SLOT_RE = re.compile(re.escape(_SLOT_MARK) + r"-([a-z0-9_]+)@")


def _slot(name: str) -> Markup:
    return Markup(f"{_SLOT_MARK}-{name}@")  # noqa: S704 - our own mark and a fill's name, no input


_PLAIN = frozenset({str, int, float, bool, type(None), Markup})


def _frozen(value):
    """A hashable stand-in for a shape value (dicts and lists become tuples). Plain values are
    taken as they are without a call each: this runs for every field on every page."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, v if type(v) in _PLAIN else _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(v if type(v) in _PLAIN else _frozen(v) for v in value)
    return value


def _shells() -> dict:
    return current_app.extensions.setdefault("fragment_shells", {})


def fragment(template: str, shape: Mapping, fills: Mapping[str, object]) -> Markup:
    """`template` rendered with `shape` (its variables) and `slots` (a placeholder per fill
    name), then each placeholder replaced by its fill, escaped unless it is Markup."""
    # URLs in the fragment depend on the mount point (a proxy's prefix) as well as the shape.
    key = (template, request.script_root, _frozen(shape), tuple(sorted(fills)))
    shells = _shells()
    shell = shells.get(key)
    if shell is None:
        context = {**shape, "slots": {name: _slot(name) for name in fills}}
        shell = current_app.jinja_env.get_template(template).render(context)
        if len(shells) < MAX_SHAPES and not current_app.jinja_env.auto_reload:
            shells[key] = shell
    values = {name: value if isinstance(value, Markup) else escape(value) for name, value in fills.items()}
    # One pass, so text inside a fill is never itself searched for placeholders.
    # The shell comes from an autoescaped template and every value is escaped or Markup already.
    return Markup(_SLOT_RE.sub(lambda m: values[m.group(1)], shell))  # noqa: S704
