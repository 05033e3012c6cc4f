"""Links in templates, built once per distinct link instead of once per use.

A page such as the report overview builds a link per row; Werkzeug's URL building cost a tenth
of that page's time. A link depends only on its endpoint, its arguments, the blueprint that
resolves a relative endpoint (".section") and the prefix the app is mounted under, so the same
arguments always give the same path and the path can be kept, per process, in a bounded cache.
Absolute links (`_external`, `_scheme`) depend on the request's host and are never cached.
"""

from __future__ import annotations

from functools import lru_cache

from flask import has_request_context, request, url_for

#: distinct links kept per process (a few hundred bytes each)
LINKS_KEPT = 8192


@lru_cache(maxsize=LINKS_KEPT)
def _link(script_root: str, blueprint: str | None, endpoint: str, arguments: tuple) -> str:
    return url_for(endpoint, **{name: value for name, _, value in arguments})


def link_for(endpoint: str, **values) -> str:
    """`url_for` for templates: the same result, cached by everything it depends on."""
    if "_external" in values or "_scheme" in values or not has_request_context():
        return url_for(endpoint, **values)  # a mail or a job renders with the app's own settings
    try:
        # the type too: True == 1 as a key, yet they make different links ("?page=True")
        arguments = tuple(sorted((name, type(value).__name__, value) for name, value in values.items()))
        hash(arguments)
    except TypeError:  # a list or dict argument: build it every time
        return url_for(endpoint, **values)
    return _link(request.script_root, request.blueprint, endpoint, arguments)
