"""Pages of a list that count their total in the same query as their rows.

Flask-SQLAlchemy's pager asks twice: once for the page's rows, once for `count(*)` of the whole
list. A window function (`count(*) OVER ()`) is evaluated before LIMIT, so every row of the page
carries the list's total and the second query is needed only when a page past the first is empty
(a page past the end). SQLite 3.25+ and PostgreSQL both have window functions.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from .extensions import db


def paged(stmt):
    """`stmt` as a page of itself: the list's total on every row, LIMIT and OFFSET bound per
    call. Build it once beside a statement that is built once (binding costs nothing; building
    and keying a new statement on every request cost more than running it)."""
    return (stmt.add_columns(sa.func.count().over().label("list_total"))
            .limit(sa.bindparam("page_limit")).offset(sa.bindparam("page_offset")))


class CountedPagination(SelectPagination):
    _window_total: int | None = None

    def _query_items(self) -> list[t.Any]:
        args = self._query_args
        if args.get("known_total") == 0:
            self._window_total = 0
            return []
        stmt = args["paged"] if args.get("paged") is not None else paged(args["select"])
        params = {**args.get("params", {}), "page_limit": self.per_page, "page_offset": self._query_offset}
        rows = args["session"].execute(stmt, params).unique().all()
        if rows:
            self._window_total = rows[0][-1]
        elif self._query_offset == 0:
            self._window_total = 0  # the first page is empty only when the whole list is
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        if self._window_total is not None:
            return self._window_total
        args = self._query_args
        whole = sa.select(sa.func.count()).select_from(args["select"].order_by(None).subquery())
        return args["session"].execute(whole, args.get("params", {})).scalar_one()


def counted_page(stmt, *, page: int, per_page: int, params: dict | None = None,
                 paged_stmt=None, known_total: int | None = None) -> CountedPagination:
    """The `page`th page of `stmt` (rows of one entity), with `.total`, in one query. A page
    past the end is empty, not a 404, as `db.paginate(..., error_out=False)` gives. `params`
    binds `stmt`'s parameters; `paged_stmt` is `paged(stmt)` when the caller keeps one built.
    `known_total=0`: the caller has counted the list already and it is empty, so no query."""
    return CountedPagination(select=stmt, session=db.session, page=page, per_page=per_page,
                             max_per_page=None, error_out=False, params=params or {}, paged=paged_stmt,
                             known_total=known_total)


class ListPage:
    """A page of a list already in memory, with the attributes the page templates read from a
    database page (items, total, pages, has_prev/has_next, prev_num/next_num). A page past the
    end is empty, as `counted_page` gives."""

    def __init__(self, items: t.Sequence, *, page: int, per_page: int):
        self.page, self.per_page, self.total = page, per_page, len(items)
        self.items = list(items[(page - 1) * per_page: page * per_page])
        self.pages = max(1, -(-self.total // per_page))
        self.has_prev, self.has_next = page > 1, page < self.pages
        self.prev_num = page - 1 if self.has_prev else None
        self.next_num = page + 1 if self.has_next else None
