"""Error pages that never show debug detail to a reader."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return HttpResponse(b'{"detail": "Not found"}', status=404, content_type="application/json")
    return HttpResponse(render_to_string("public/404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors here: a broken database must not break the error page.
    if request.path.startswith("/api/"):
        return HttpResponse(
            b'{"detail": "Server error"}', status=500, content_type="application/json"
        )
    return HttpResponse(render_to_string("public/500.html"), status=500)
