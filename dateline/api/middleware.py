"""API responses: CORS for reads (any origin may GET), and JSON for every client error.

Django answers a path that no API route matches with the site's HTML 404 page, and a wrong
method with an empty 405; under ``/api/`` both become ``{"detail": ...}`` like every other
API error.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiCorsMiddleware:
    """Answer CORS preflights for the API and let any origin read its GET responses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            # Accept too: a ninjs profile's quotes make it a header browsers must ask about.
            response["Access-Control-Allow-Headers"] = (
                "Accept, X-API-Key, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = _as_json(self.get_response(request))
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response


def _as_json(response: HttpResponse) -> HttpResponse:
    """Return ``response``, or a JSON error in its place if it is a non-JSON client error."""
    content_type = response.get("Content-Type", "")
    if not 400 <= response.status_code < 500 or content_type.startswith("application/json"):
        return response
    reason = {404: "Not found", 405: "Method not allowed"}.get(response.status_code)
    replaced = JsonResponse(
        {"detail": reason or response.reason_phrase}, status=response.status_code
    )
    if response.has_header("Allow"):
        replaced["Allow"] = response["Allow"]
    return replaced
