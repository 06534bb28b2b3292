"""A Redis cache that the site survives losing.

The cache only ever holds what can be rebuilt, so when Redis is down or slow a read is a miss and
a write is dropped: pages keep being served from the database. After a failure the backend leaves
Redis alone for ``RETRY_SECONDS`` (from ``DATELINE_REDIS_RETRY_SECONDS``) so that every request
does not pay for a connection attempt, then tries again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("dateline.cache")


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, where an unreachable Redis reads as a miss and drops writes."""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        self.down_until = 0.0

    def _guarded(self, call: Callable[[], Any], miss: Any) -> Any:
        """Return ``call()``, or ``miss`` while Redis is unreachable."""
        import redis

        if time.monotonic() < self.down_until:
            return miss
        try:
            return call()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
            self.down_until = time.monotonic() + self.retry_seconds
            logger.warning(
                "Redis cache unavailable for %ss, serving without it: %s", self.retry_seconds, error
            )
            return miss

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(TolerantRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self._guarded(
            lambda: super(TolerantRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._guarded(lambda: super(TolerantRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._guarded(lambda: super(TolerantRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded(lambda: super(TolerantRedisCache, self).has_key(key, version), False)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        return self._guarded(
            lambda: super(TolerantRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._guarded(lambda: super(TolerantRedisCache, self).clear(), False)
