"""Error pages that never show debug detail to a reader."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("dateline.public")

# Seconds a client is asked to wait while the database is away (a restart takes a few).
RETRY_AFTER = 5


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return HttpResponse(b'{"detail": "Not found"}', status=404, content_type="application/json")
    response = HttpResponse(render_to_string("public/404.html", request=request), status=404)
    if request.path.startswith(settings.MEDIA_URL):
        # A hidden item's file answers 404 until the item is published, and media carry no
        # page key to purge that answer by: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 500, or 503 with ``Retry-After`` when the database cannot be reached.

    Django calls this while handling the exception, so ``sys.exc_info()`` names it.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        logger.warning("Database unavailable while answering %s", request.path)
        return _error(request, 503, "Service unavailable", "public/503.html", RETRY_AFTER)
    return _error(request, 500, "Server error", "public/500.html")


def _error(
    request: HttpRequest, status: int, detail: str, template: str, retry_after: int | None = None
) -> HttpResponse:
    # No template context processors here: a broken database must not break the error page.
    if request.path.startswith("/api/"):
        response = HttpResponse(
            f'{{"detail": "{detail}"}}'.encode(), status=status, content_type="application/json"
        )
    else:
        response = HttpResponse(render_to_string(template), status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
        response["Cache-Control"] = "no-store"
    return response
