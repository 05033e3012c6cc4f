"""Pages of a list that count their total in the same query as their rows.

Flask-SQLAlchemy's pager asks twice: once for the page's rows, once for `count(*)` of the whole
list. A window function (`count(*) OVER ()`) is evaluated before LIMIT, so every row of the page
carries the list's total and the second query is needed only when a page after the first is empty
(a page past the end). SQLite 3.25+ and PostgreSQL both have window functions.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from .extensions import db


class CountedPagination(SelectPagination):
    _window_total: int | None = None

    def _query_items(self) -> list[t.Any]:
        stmt = self._query_args["select"].add_columns(sa.func.count().over().label("list_total"))
        rows = self._query_args["session"].execute(
            stmt.limit(self.per_page).offset(self._query_offset)
        ).unique().all()
        if rows:
            self._window_total = rows[0][-1]
        elif self.page == 1:
            self._window_total = 0  # an empty first page is an empty list: nothing more to count
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        if self._window_total is not None:
            return self._window_total
        return super()._query_count()


def counted_page(stmt, *, page: int, per_page: int) -> CountedPagination:
    """The `page`th page of `stmt` (rows of one entity), with `.total`, in one query. A page
    past the end is empty, not a 404, as `db.paginate(..., error_out=False)` gives."""
    return CountedPagination(select=stmt, session=db.session, page=page, per_page=per_page,
                             max_per_page=None, error_out=False)
