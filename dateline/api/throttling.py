"""API keys and rate limits: reading needs no key; a key (``X-API-Key``) raises the limit.

A key that is sent but unknown is refused with 401, so a partner notices a revoked key.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyHeader
from ninja.throttling import SimpleRateThrottle

from dateline.api.models import ApiKey
from dateline.conf import setting
from dateline.proxies import client_address
from dateline.publishing.rendering import is_baking

ANONYMOUS = "anonymous"


class OptionalApiKey(APIKeyHeader):
    """Let requests without a key through as anonymous; check the ones that send a key."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | str | None:
        if not key:
            return ANONYMOUS
        return ApiKey.find(key)


def document_optional_key(schema: dict) -> dict:
    """Declare the key optional on every operation of an OpenAPI ``schema`` that takes one.

    Ninja lists an auth class as a requirement; the empty requirement ``{}`` beside it is
    OpenAPI's way to say that a call without the key is allowed too.
    """
    name = OptionalApiKey.__name__
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if {name: []} in operation.get("security", []) and {} not in operation["security"]:
                operation["security"] = [{}, *operation["security"]]
    scheme = schema.get("components", {}).get("securitySchemes", {}).get(name)
    if scheme is not None:
        scheme["description"] = (
            "Optional: without it a client reads at the anonymous rate limit; a known key "
            "raises the limit, an unknown or revoked one is refused with 401."
        )
    return schema


class ApiRateThrottle(SimpleRateThrottle):
    """One throttle for the whole API, its rate chosen per request by the caller's key.

    Counted in the site's cache, which every worker process shares (``dateline/cache.py``):
    one counter per client and window of the rate's period, bumped atomically, so a client
    gets its allowance once, not once per gunicorn worker. The limit slides: the previous
    window's count weighs in for the part of it still inside the last period (the estimate
    Cloudflare and others use in place of a log of every request's time).
    """

    scope = "dateline-api"

    def __init__(self) -> None:
        # SimpleRateThrottle reads a fixed rate here; ours is read per request, from settings.
        self.retry_after: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        if is_baking(request):
            return True  # the baker renders every document once; it is not a client
        keyed = isinstance(getattr(request, "auth", None), ApiKey)
        self.rate = setting("DATELINE_API_RATE_KEY" if keyed else "DATELINE_API_RATE_ANON")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        limit, period = self.num_requests, self.duration
        now = self.timer()
        window, into = divmod(now, period)
        key = self.get_cache_key(request)
        current = f"{key}_{int(window)}"
        previous = self.cache.get(f"{key}_{int(window) - 1}", 0)
        # Two periods: the window's count is read back as "previous" during the next one.
        self.cache.add(current, 0, 2 * period)
        try:
            count = self.cache.incr(current)
        except ValueError:  # evicted between add and incr
            self.cache.set(current, 1, 2 * period)
            count = 1
        carried = previous * (1 - into / period)
        if carried + count <= limit:
            return True
        # A refused call does not use up the allowance.
        self.cache.decr(current)
        self.retry_after = self._seconds_until_allowed(previous, count - 1, into, limit, period)
        return False

    @staticmethod
    def _seconds_until_allowed(
        previous: int, count: int, into: float, limit: int, period: float
    ) -> float:
        """Return when one more call fits, if no other call comes meanwhile."""
        if count + 1 <= limit:
            # In this window, once enough of the previous one has slid out of the period.
            share = 1 - (limit - count - 1) / previous
            return max(share * period - into, 1.0)
        # In the next window, where this window's count slides out in turn.
        share = max(0.0, 1 - (limit - 1) / count) if count else 0.0
        return max(period - into + share * period, 1.0)

    def wait(self) -> float | None:
        return self.retry_after

    def get_ident(self, request: HttpRequest) -> str:
        # django-ninja believes X-Forwarded-For from anyone; only trusted proxies name clients.
        return client_address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        key = getattr(request, "auth", None)
        ident = f"key{key.pk}" if isinstance(key, ApiKey) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
