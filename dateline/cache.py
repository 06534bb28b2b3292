"""A Redis cache that the site survives losing.

The cache only ever holds what can be rebuilt (rendition names, rate-limit counters), so when
Redis is down or slow the site goes on with a cache of this process's own memory: pages keep
being served, and the API's rate limits still count, per process. After a failure the backend
leaves Redis alone for ``RETRY_SECONDS`` (from ``DATELINE_REDIS_RETRY_SECONDS``) so that every
request does not pay for a connection attempt, then tries again; once Redis answers, it is
the cache again and what the process kept meanwhile is ignored.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("dateline.cache")


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, which falls back to process memory while Redis is unreachable."""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        self.down_until = 0.0
        self.local = LocMemCache(f"dateline-redis-fallback-{id(self)}", {"OPTIONS": {}})

    def _guarded(self, method: str, *args: Any) -> Any:
        """Call ``method`` on Redis, or on the process's memory while Redis is away."""
        import redis

        if time.monotonic() >= self.down_until:
            try:
                return getattr(super(), method)(*args)
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
                self.down_until = time.monotonic() + self.retry_seconds
                logger.warning(
                    "Redis cache unavailable for %ss, using process memory: %s",
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
