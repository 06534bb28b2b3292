"""Rate limits: per client address without a key, per key with one; a bad key is a 401."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.throttling import SimpleRateThrottle

from dateline.api.models import ApiKey
from dateline.conf import setting

KEY_HEADER = "HTTP_X_API_KEY"


def request_key(request: HttpRequest) -> ApiKey | None:
    """Return the API key sent in ``X-API-Key``, None when none was sent; raise if unknown."""
    raw = request.META.get(KEY_HEADER, "").strip()
    if not raw:
        return None
    found = ApiKey.find(raw)
    if found is None:
        raise AuthenticationError()
    return found


class ApiRateThrottle(SimpleRateThrottle):
    """One throttle for the whole API, its rate chosen per request by the presence of a key."""

    scope = "dateline-api"

    def __init__(self) -> None:
        # SimpleRateThrottle reads a fixed rate here; ours is read per request, from settings.
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        key = request_key(request)
        self.rate = setting("DATELINE_API_RATE_KEY" if key else "DATELINE_API_RATE_ANON")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        request.dateline_api_key = key
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        key = request.dateline_api_key
        ident = f"key{key.pk}" if key else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
