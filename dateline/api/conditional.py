"""JSON responses with ETag and Last-Modified that answer conditional GETs with 304."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

from dateline.conditional import conditional_response


def cached_json(
    request: HttpRequest,
    payload: object,
    last_modified: datetime | None = None,
    content_type: str = "application/json",
) -> HttpResponse:
    """Return ``payload`` as JSON with validators, or a 304 when the client's copy is current."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    response = conditional_response(request, body, content_type, last_modified)
    response["Cache-Control"] = "public, max-age=60"
    return response
