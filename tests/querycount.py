"""Count the SQL statements a piece of code sends: the page tests and bench/bench_pages.py use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counting_queries(engine) -> Iterator[list[str]]:
    """Yields a list that fills with each statement sent to `engine` inside the block."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)
