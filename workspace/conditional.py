"""Conditional GETs: answer "unchanged" with 304 before loading and serialising a list.

A reader computes a fingerprint of what its response would say from a narrow query (versions,
ids, timestamps; no bodies), and returns 304 when the client already holds it. The fingerprint
names the viewer and the team, so an ETag never stands for another person's or team's view.
Signed-in responses stay `no-store` (security.py): the API's own clients (the page's scripts,
integrations) keep the body and send If-None-Match themselves.
"""

from __future__ import annotations

import hashlib

from flask import Response, request


def fingerprint(*parts: object) -> str:
    """A strong ETag for `parts` (a repr is stable for the ints, strings, dates and tuples
    these are built from)."""
    return '"' + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest() + '"'


def not_modified(etag: str) -> Response | None:
    """A 304 carrying `etag` when the request's If-None-Match holds it, else None."""
    if not request.if_none_match.contains(etag.strip('"')):
        return None
    response = Response(status=304)
    response.headers["ETag"] = etag
    return response


def tagged(response: Response, etag: str) -> Response:
    response.headers["ETag"] = etag
    return response
