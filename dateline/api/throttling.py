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


class ApiRateThrottle(SimpleRateThrottle):
    """One throttle for the whole API, its rate chosen per request by the caller's key."""

    scope = "dateline-api"

    def __init__(self) -> None:
        # SimpleRateThrottle reads a fixed rate here; ours is read per request, from settings.
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        if is_baking(request):
            return True  # the baker renders every document once; it is not a client
        keyed = isinstance(getattr(request, "auth", None), ApiKey)
        self.rate = setting("DATELINE_API_RATE_KEY" if keyed else "DATELINE_API_RATE_ANON")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str:
        # django-ninja believes X-Forwarded-For from anyone; only trusted proxies name clients.
        return client_address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        key = getattr(request, "auth", None)
        ident = f"key{key.pk}" if isinstance(key, ApiKey) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
