"""Render a URL path in process, through the full middleware stack, as a reader would get it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.handlers.base import BaseHandler
from django.core.signals import got_request_exception
from django.http import HttpResponseBase
from django.test import RequestFactory
from django.utils import translation

from dateline.conf import setting
from dateline.publishing import tracking

# Set on requests made by the baker so the baked-file middleware never answers them.
BAKING_ATTRIBUTE = "_dateline_baking"


def is_baking(request) -> bool:
    """Return whether ``request`` is the baker's in-process render (exempt from rate limits)."""
    return getattr(request, BAKING_ATTRIBUTE, False)


@dataclass
class Rendered:
    """What a render produced: the response status and body, and the articles it loaded."""

    path: str
    status: int
    content: bytes
    content_type: str
    articles: set[int] = field(default_factory=set)
    error: BaseException | None = None


class _Handler(BaseHandler):
    def __init__(self) -> None:
        super().__init__()
        self.load_middleware()


_handler: _Handler | None = None


def _get_handler() -> _Handler:
    global _handler
    if _handler is None:
        _handler = _Handler()
    return _handler


def reset_handler() -> None:
    """Forget the loaded middleware chain (after a settings change in tests)."""
    global _handler
    _handler = None


def _note_error(sender, request=None, **kwargs) -> None:
    if request is not None and getattr(request, BAKING_ATTRIBUTE, False):
        request._dateline_error = sys.exc_info()[1]


def _middleware_changed(setting: str, **kwargs) -> None:
    if setting == "MIDDLEWARE":
        reset_handler()


def connect() -> None:
    from django.test.signals import setting_changed

    got_request_exception.connect(_note_error, dispatch_uid="dateline-publishing-render-error")
    setting_changed.connect(_middleware_changed, dispatch_uid="dateline-publishing-middleware")


def render_path(path: str) -> Rendered:
    """Render ``path`` as a GET from ``DATELINE_SITE_URL``'s host and return the result.

    A view that raises comes back as a 500 with the exception in ``error``.
    """
    site = urlsplit(setting("DATELINE_SITE_URL"))
    request = RequestFactory().get(
        path,
        HTTP_HOST=site.netloc or "testserver",
        secure=site.scheme == "https",
    )
    setattr(request, BAKING_ATTRIBUTE, True)
    with translation.override(translation.get_language()), tracking.track() as seen:
        response: HttpResponseBase = _get_handler().get_response(request)
        if response.streaming:
            content = b"".join(response)
            response.close()
        else:
            # close() would send request_finished, whose handler may drop the database
            # connection of the publishing transaction; a plain response holds nothing open.
            content = response.content
    return Rendered(
        path=path,
        status=response.status_code,
        content=content,
        content_type=response.get("Content-Type", ""),
        articles=set(seen),
        error=getattr(request, "_dateline_error", None),
    )
