"""Caches every worker process on a machine shares, and that the site survives losing.

The cache only ever holds what can be rebuilt (rendition names, rate-limit counters), but it
must be one cache for all of the site's processes: gunicorn runs several workers, and an API
rate limit counted in each worker's memory would let a client through once per worker.

- ``TolerantRedisCache`` (``REDIS_URL`` set): Django's Redis cache.
- ``SQLiteCache`` (no Redis): one small SQLite file in the data folder, apart from the site's
  database so that counting a request never waits on an editor's write.

Both give way to a cache of the process's own memory when their store fails (Redis down or
slow, the file locked or unwritable): pages keep being served and rate limits still count,
per process. After a failure the store is left alone for ``RETRY_SECONDS`` (from
``DATELINE_REDIS_RETRY_SECONDS``) so that every request does not pay for another attempt,
then tried again; once it answers, what the process kept meanwhile is ignored.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("dateline.cache")


class _FallsBackToMemory:
    """Run every cache call on the store, or on process memory while the store fails.

    Mixed in before a cache backend class: ``super()`` is the store.
    """

    store_name = "cache"

    def _init_fallback(self, params: dict) -> None:
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        self.down_until = 0.0
        self.local = LocMemCache(f"dateline-cache-fallback-{id(self)}", {"OPTIONS": {}})

    def _failures(self) -> tuple[type[Exception], ...]:
        """Return the errors that mean the store is unavailable (not a bug of ours)."""
        raise NotImplementedError

    def _guarded(self, method: str, *args: Any) -> Any:
        if time.monotonic() >= self.down_until:
            try:
                return getattr(super(), method)(*args)
            except self._failures() as error:
                self.down_until = time.monotonic() + self.retry_seconds
                logger.warning(
                    "%s unavailable for %ss, using process memory: %s",
                    self.store_name,
                    self.retry_seconds,
                    error,
                )
        return getattr(self.local, method)(*args)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", key, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", keys, version)

    def clear(self):
        return self._guarded("clear")


class TolerantRedisCache(_FallsBackToMemory, RedisCache):
    """Django's Redis cache, which falls back to process memory while Redis is unreachable."""

    store_name = "Redis cache"

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._init_fallback(params)

    def _failures(self) -> tuple[type[Exception], ...]:
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class _SQLiteStore(BaseCache):
    """A cache in one SQLite file, shared by every process that opens it.

    Integers are stored as SQL integers so that ``incr`` is one atomic UPDATE (a rate-limit
    counter bumped by two workers at once counts two); other values are pickled.
    """

    # Seconds a connection waits for another process's write before the call fails over.
    BUSY_TIMEOUT = 0.5
    # One ``set`` in this many also deletes expired rows, so the file does not grow forever.
    CULL_EVERY = 200

    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()
        self._writes = 0

    def _db(self) -> sqlite3.Connection:
        # One connection per thread and per process: a connection must not cross a fork.
        key = (os.getpid(), threading.get_ident())
        if getattr(self._local, "key", None) != key:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self.BUSY_TIMEOUT, isolation_level=None)
            # Losing counters in a power cut is fine; waiting for fsync on each request is not.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                "CREATE TABLE IF NOT EXISTS cache "
                "(key TEXT PRIMARY KEY, value BLOB NOT NULL, expires REAL NOT NULL) WITHOUT ROWID"
            )
            self._local.db, self._local.key = db, key
        return self._local.db

    def _expiry(self, timeout) -> float:
        expires = self.get_backend_timeout(timeout)
        return math.inf if expires is None else expires

    @staticmethod
    def _encode(value: Any) -> Any:
        is_int = isinstance(value, int) and not isinstance(value, bool)
        return value if is_int else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _decode(stored: Any) -> Any:
        return stored if isinstance(stored, int) else pickle.loads(stored)  # noqa: S301

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            "INSERT INTO cache (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache.expires <= ?",
            (key, self._encode(value), self._expiry(timeout), time.time()),
        )
        return cursor.rowcount == 1

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute("SELECT value FROM cache WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return default if row is None else self._decode(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute(
            "INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)",
            (key, self._encode(value), self._expiry(timeout)),
        )
        self._writes += 1
        if self._writes % self.CULL_EVERY == 0:
            db.execute("DELETE FROM cache WHERE expires <= ?", (time.time(),))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            "UPDATE cache SET expires = ? WHERE key = ? AND expires > ?",
            (self._expiry(timeout), key, time.time()),
        )
        return cursor.rowcount == 1

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM cache WHERE key = ?", (key,)).rowcount == 1

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(
                "UPDATE cache SET value = value + ? "
                "WHERE key = ? AND expires > ? AND typeof(value) = 'integer' RETURNING value",
                (delta, key, time.time()),
            )
            .fetchone()
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found, or its value is not an integer.")
        return row[0]

    def clear(self):
        self._db().execute("DELETE FROM cache")


class SQLiteCache(_FallsBackToMemory, _SQLiteStore):
    """A cache in one SQLite file shared by the site's processes (the default without
    Redis), which falls back to process memory while the file cannot be used."""

    store_name = "SQLite cache"

    def __init__(self, location: str, params: dict) -> None:
        super().__init__(location, params)
        self._init_fallback(params)

    def _failures(self) -> tuple[type[Exception], ...]:
        return (sqlite3.OperationalError, sqlite3.DatabaseError, OSError)


# The generation of reader pages: cached renders are keyed by it, and every change a reader
# could see moves it on, so a render from before a change is never read again.
GENERATION_KEY = "dateline:pages:generation"


def is_shared(store: Any = None) -> bool:
    """Return whether ``store`` (the default cache) is the store every process shares now,
    not a process's own memory standing in while the store fails: a change announced in
    another process moves only the shared generation."""
    from django.core.cache import cache

    store = store or cache
    return time.monotonic() >= getattr(store, "down_until", 0.0)


def pages_generation() -> int | None:
    """Return the current generation of reader pages, or None while no shared store answers
    (then nothing may be read from or kept in the page cache)."""
    from django.core.cache import cache

    if not is_shared(cache):
        return None
    current = cache.get(GENERATION_KEY)
    if current is None:
        # First use, or the cache was emptied: start from the clock so that a generation is
        # never reused after a flush (renders kept under an old number expire by then).
        cache.add(GENERATION_KEY, time.time_ns() // 1000, None)
        current = cache.get(GENERATION_KEY)
    return current if is_shared(cache) else None


def pages_changed() -> None:
    """Move the generation of reader pages on: every render cached before is dropped."""
    from django.core.cache import cache

    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns() // 1000, None)


# The earliest moment at which a part of the render in progress stops being true by time alone
# (a breaking banner's end); None: no such part, or no render is collecting.
_shown_until: ContextVar[list[datetime] | None] = ContextVar("dateline_shown_until", default=None)


def shown_until(moment: datetime | None) -> None:
    """Note that the render in progress shows something only until ``moment``: a kept copy
    of the page must not outlive it."""
    collected = _shown_until.get()
    if collected is not None and moment is not None:
        collected.append(moment)


@contextmanager
def collecting_ends() -> Iterator[list[datetime]]:
    """Yield the list that ``shown_until`` fills while the block renders a page."""
    collected: list[datetime] = []
    token = _shown_until.set(collected)
    try:
        yield collected
    finally:
        _shown_until.reset(token)
