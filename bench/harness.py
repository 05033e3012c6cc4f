"""Shared pieces for benchmarks: an app on a throwaway database, timing, percentiles."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def make_app():
    """An app on a fresh SQLite file, or on DATABASE_URL (emptied first: use a scratch database),
    with the schema built by the migrations."""
    from flask_migrate import upgrade

    from workspace import create_app

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    app = create_app({
        "ENV_NAME": "test", "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_DIR": str(tmp), "SESSION_COOKIE_SECURE": False, "WTF_CSRF_SSL_STRICT": False,
    })
    with app.app_context():
        upgrade()
        # DATABASE_URL points at a scratch database (the test one): start from empty tables.
        from workspace.extensions import db

        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    return app


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
    return {"p50": pick(0.50), "p95": pick(0.95), "max": ordered[-1], "mean": statistics.fmean(ordered)}


def time_calls(fn: Callable[[], object], n: int, warmup: int = 5,
               clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """Percentiles of `n` calls in ms, by wall clock; `clock=time.process_time` counts this
    process's CPU time instead, which other load on a shared machine disturbs far less."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(n):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return percentiles(samples)


def report(name: str, figures: dict[str, float], unit: str = "ms") -> None:
    cells = "  ".join(f"{k}={v:.2f}{unit}" for k, v in figures.items())
    print(f"{name:<48} {cells}")


def signed_in_client(app, session_token: str):
    """A test client signed in as the person whose session token this is (no login round trip)."""
    import time

    client = app.test_client()
    with client.session_transaction() as session:
        now = time.time()
        session.update({"_user_id": session_token, "_fresh": True, "signed_in_at": now, "last_seen": now})
    return client


def time_page(app, client, url: str, requests: int) -> dict[str, float]:
    """One page's wall-clock p50/p95, its CPU p50 (`cpu`) and the statements one view asks
    (`queries`), each request answered 200."""
    import time

    from tests.querycount import counting_queries
    from workspace.extensions import db

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    wall = time_calls(get, requests)
    cpu = time_calls(get, requests, warmup=0, clock=time.process_time)
    with app.app_context():
        engine = db.engine
    with counting_queries(engine) as seen:
        get()
    return {"p50": wall["p50"], "p95": wall["p95"], "cpu": cpu["p50"], "queries": len(seen)}


def page_table_header(size_width: int = 36) -> None:
    """The heading of a page-timing table, as every page benchmark prints it."""
    print(f"{'page':<30} {'size':<{size_width}} {'p50':>9} {'p95':>9} {'CPU p50':>9} {'queries':>8}")


def page_table_row(name: str, size: str, page: dict[str, float], size_width: int = 36) -> None:
    """One row of that table, from `time_page`'s figures."""
    print(f"{name:<30} {size:<{size_width}} {page['p50']:>7.1f}ms {page['p95']:>7.1f}ms "
          f"{page['cpu']:>7.1f}ms {page['queries']:>8}")
