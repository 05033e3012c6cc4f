"""One rate-limit primitive: `hit(key, limit, window_seconds)` counts an attempt atomically.

Fixed windows: the first hit on a key opens a window of `window_seconds`; every hit in it adds
one; the first hit after it ends starts again at one. Counting happens *before* the work it
guards (a password check, a write), in a single atomic statement, so parallel requests can
never all see "9 of 10" and all go ahead.

Counters live in Redis when REDIS_URL is set (every gunicorn worker shares them), otherwise in
the `rate_limit_counters` table. Both backends commit the count at once, on their own, so it
is visible to every other request before the caller's slow work starts.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import case, delete, literal
from sqlalchemy.dialects import postgresql, sqlite

from .errors import RateLimited
from .extensions import db
from .models import RATE_KEY_MAX, RateLimitCounter

REDIS_PREFIX = "workspace:ratelimit:"
#: about one hit in this many also deletes expired counters (no separate clean-up job needed)
PRUNE_ONE_IN = 200


@dataclass(frozen=True)
class Hit:
    """What one counted attempt found."""

    count: int  # attempts in this window, this one included
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit

    @property
    def refused_so_far(self) -> int:
        """How many attempts in this window were over the limit, this one included."""
        return max(0, self.count - self.limit)

    def __bool__(self) -> bool:
        return self.allowed


def init_app(app: Flask) -> None:
    client = None
    if app.config.get("REDIS_URL"):
        import redis

        client = redis.Redis.from_url(app.config["REDIS_URL"])
    app.extensions["ratelimit_redis"] = client


def _redis():
    return current_app.extensions.get("ratelimit_redis")


def _stored_key(key: str) -> str:
    """Keys hold emails and IPs; a very long one is hashed so it still fits the column."""
    if len(key) <= RATE_KEY_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def hit(key: str, limit: int, window_seconds: int) -> Hit:
    """Count one attempt on `key`; the result says whether it is within `limit` per window."""
    key = _stored_key(key)
    client = _redis()
    if client is not None:
        return _hit_redis(client, key, limit, window_seconds)
    return _hit_database(key, limit, window_seconds)


def _hit_redis(client, key: str, limit: int, window_seconds: int) -> Hit:
    # MULTI/EXEC: INCR and the first-hit EXPIRE run as one unit, so a counter never lives on
    # without an expiry and no two clients read the same count.
    pipe = client.pipeline(transaction=True)
    pipe.incr(REDIS_PREFIX + key)
    pipe.expire(REDIS_PREFIX + key, window_seconds, nx=True)
    pipe.ttl(REDIS_PREFIX + key)
    count, _, ttl = pipe.execute()
    return Hit(int(count), limit, max(1, int(ttl)))


def _upsert(key: str, now: int, window_seconds: int):
    """INSERT ... ON CONFLICT DO UPDATE ... RETURNING: one atomic statement on both databases."""
    table = RateLimitCounter.__table__
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    expired = table.c.window_ends <= now
    stmt = insert(table).values(key=key, count=1, window_ends=now + window_seconds)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": case((expired, literal(1)), else_=table.c.count + 1),
            "window_ends": case((expired, literal(now + window_seconds)), else_=table.c.window_ends),
        },
    ).returning(table.c.count, table.c.window_ends)


def _holds_sqlite_write_lock() -> bool:
    """Whether this request's session already writes to SQLite (which allows one writer)."""
    if db.engine.dialect.name != "sqlite" or not db.session().in_transaction():
        return False  # and no second connection is taken from the pool just to ask
    return db.session.connection().connection.dbapi_connection.in_transaction


def _hit_database(key: str, limit: int, window_seconds: int) -> Hit:
    now = int(time.time())
    stmt = _upsert(key, now, window_seconds)
    if _holds_sqlite_write_lock():
        # A second connection would wait for the lock this session holds. SQLite's single
        # writer already makes the count atomic; it is stored with the caller's commit.
        count, window_ends = db.session.execute(stmt).one()
    else:
        with db.engine.begin() as connection:
            count, window_ends = connection.execute(stmt).one()
            if secrets.randbelow(PRUNE_ONE_IN) == 0:
                connection.execute(delete(RateLimitCounter).where(RateLimitCounter.window_ends <= now))
    return Hit(count, limit, max(1, window_ends - now))


def clear(key: str) -> None:
    """Forget a key's count (a successful sign-in clears its account's failures)."""
    key = _stored_key(key)
    client = _redis()
    if client is not None:
        client.delete(REDIS_PREFIX + key)
        return
    if _holds_sqlite_write_lock():
        db.session.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))
        return
    with db.engine.begin() as connection:
        connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


_REFUND_LUA = """
if redis.call('exists', KEYS[1]) == 1 and tonumber(redis.call('get', KEYS[1])) > 0 then
  return redis.call('decr', KEYS[1])
end
return 0
"""


def refund(key: str) -> None:
    """Take back one counted attempt in the current window (never below zero), for attempts
    that turned out to be legitimate. Atomic on both backends, like `hit`."""
    key = _stored_key(key)
    client = _redis()
    if client is not None:
        # A script, so the key cannot expire between the check and the DECR (which would
        # leave a counter of -1 with no expiry).
        client.eval(_REFUND_LUA, 1, REDIS_PREFIX + key)
        return
    table = RateLimitCounter.__table__
    stmt = (
        table.update()
        .where(table.c.key == key, table.c.count > 0, table.c.window_ends > int(time.time()))
        .values(count=table.c.count - 1)
    )
    if _holds_sqlite_write_lock():
        db.session.execute(stmt)
        return
    with db.engine.begin() as connection:
        connection.execute(stmt)


def wait_phrase(seconds: int) -> str:
    """'30 seconds', '1 minute', '5 minutes': how long to wait, for a message."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def enforce(key: str, limit: int, window_seconds: int, *, field: str, message: str) -> None:
    """Count an attempt; over the limit, raise RateLimited (a form error, or an API 429).

    `message` may contain `{wait}`, filled with how long to wait.
    """
    result = hit(key, limit, window_seconds)
    if not result.allowed:
        raise RateLimited({field: message.format(wait=wait_phrase(result.retry_after))}, result.retry_after)
