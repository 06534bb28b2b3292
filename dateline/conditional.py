"""Answers with validators (ETag, Last-Modified) that turn conditional GETs into 304s."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date


def etag_of(body: bytes) -> str:
    """Return the strong ETag of ``body``: a digest of its bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def conditional_response(
    request: HttpRequest,
    body: bytes,
    content_type: str,
    last_modified: datetime | None = None,
    etag: str | None = None,
) -> HttpResponse:
    """Return ``body`` with an ETag (and Last-Modified when known), or a 304 when the
    client's ``If-None-Match`` or ``If-Modified-Since`` shows its copy is current."""
    etag = etag or etag_of(body)
    stamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    response = not_modified or HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    return response
