"""The rate-limit primitive and the password-guess throttle under parallel requests.

Each test runs on the suite's database (SQLite, or PostgreSQL with DATABASE_URL) and, through
the `backend` parameter, on Redis too.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from workspace import ratelimit
from workspace.auth import operations as auth_ops
from workspace.extensions import db
from workspace.models import AuditEvent, RateLimitCounter

from . import factories

REDIS_URL = "redis://127.0.0.1:6379/5"  # this test file's own database number


@pytest.fixture(params=["database", "redis"])
def backend(request, app):
    """The app counting in its database, or in Redis (cleaned up afterwards)."""
    if request.param == "redis":
        app.config["REDIS_URL"] = REDIS_URL
        ratelimit.init_app(app)
        client = app.extensions["ratelimit_redis"]
        yield request.param
        for key in client.scan_iter(ratelimit.REDIS_PREFIX + "*"):
            client.delete(key)
        return
    yield request.param


def _in_parallel(app, count: int, work) -> list:
    """Run `work()` in `count` threads released at the same moment, each in its own request."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        with app.test_request_context(environ_base={"REMOTE_ADDR": "10.5.5.5"}):
            barrier.wait()
            try:
                results[n] = work()
            except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
                results[n] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_hit_counts_up_to_the_limit_then_refuses(app, backend):
    hits = [ratelimit.hit("test:sequence", 3, 60) for _ in range(5)]
    assert [hit.allowed for hit in hits] == [True, True, True, False, False]
    assert [hit.count for hit in hits] == [1, 2, 3, 4, 5]
    assert 0 < hits[-1].retry_after <= 60
    assert ratelimit.hit("test:another-key", 3, 60).allowed


def test_a_new_window_starts_again_at_one(app):
    for _ in range(3):
        ratelimit.hit("test:window", 2, 60)
    db.session.execute(RateLimitCounter.__table__.update().values(window_ends=0))
    db.session.commit()
    assert ratelimit.hit("test:window", 2, 60).count == 1


def test_clear_forgets_the_count(app, backend):
    for _ in range(3):
        ratelimit.hit("test:clear", 2, 60)
    ratelimit.clear("test:clear")
    assert ratelimit.hit("test:clear", 2, 60).count == 1


def test_very_long_keys_fit(app, backend):
    key = "test:" + "x" * 1000
    assert ratelimit.hit(key, 1, 60).allowed
    assert not ratelimit.hit(key, 1, 60).allowed


def test_parallel_hits_never_exceed_the_limit(app, backend):
    results = _in_parallel(app, 40, lambda: ratelimit.hit("test:parallel", 10, 60))
    assert not [r for r in results if isinstance(r, Exception)]
    assert sorted(hit.count for hit in results) == list(range(1, 41))
    assert sum(hit.allowed for hit in results) == 10


def test_parallel_wrong_sign_ins_reach_the_password_check_at_most_ten_times(app, backend, monkeypatch):
    factories.make_user("Pat Parallel", "pat@example.org")
    db.session.commit()
    checked = []
    lock = threading.Lock()
    real_verify = auth_ops.verify_password

    def counting_verify(password_hash, password):
        with lock:
            checked.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth_ops, "verify_password", counting_verify)

    def wrong_sign_in():
        with pytest.raises(auth_ops.PasswordRefused):
            auth_ops.sign_in("pat@example.org", "a wrong password guess")

    results = _in_parallel(app, 60, wrong_sign_in)
    assert [r for r in results if r is not None] == []
    assert len(checked) == 10
    # 50 refusals in one window, audited as two rows (the 1st and the 10th), not fifty.
    throttled = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "sign_in.throttled")
    )
    assert throttled == 2


def test_refund_gives_back_one_attempt_and_never_goes_below_zero(app, backend):
    for _ in range(3):
        ratelimit.hit("test:refund", 3, 60)
    ratelimit.refund("test:refund")
    assert ratelimit.hit("test:refund", 3, 60).count == 3
    ratelimit.refund("test:never-counted")  # nothing to give back: no counter appears
    for _ in range(3):
        ratelimit.refund("test:refund")
    ratelimit.refund("test:refund")
    assert ratelimit.hit("test:refund", 3, 60).count == 1
    assert ratelimit.hit("test:never-counted", 3, 60).count == 1
