"""JSON responses with ETag and Last-Modified that answer conditional GETs with 304."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date


def cached_json(
    request: HttpRequest,
    payload: object,
    last_modified: datetime | None = None,
    content_type: str = "application/json",
) -> HttpResponse:
    """Return ``payload`` as JSON with validators, or a 304 when the client's copy is current."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    stamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    response = not_modified or HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Cache-Control"] = "public, max-age=60"
    return response
