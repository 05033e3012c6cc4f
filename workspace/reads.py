"""Hot read queries that return plain columns, run beneath the ORM's execution layer.

A SELECT of columns only (no mapped objects) needs nothing from the ORM at run time, yet going
through `Session.execute` costs it 30 to 45 µs more a query than the session's own connection
does (measured on the section editor's statements; issue 7). Pages run four or five such
queries each, on every request. The connection is the session's, so the query runs in the
same transaction and sees what the request has written; pending changes are flushed first, as
the session would have done.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row

from .extensions import db


def rows(statement, params: dict) -> Sequence[Row]:
    """Every row of a column-only `statement` (built once, bound by `params`)."""
    session = db.session
    if session.autoflush:
        session.flush()  # nothing to write is the usual case, and costs a check
    return session.connection().execute(statement, params).all()


def scalar(statement, params: dict):
    """The first column of the first row of a column-only `statement`, or None."""
    found = rows(statement, params)
    return found[0][0] if found else None
