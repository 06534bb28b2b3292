"""The update resource of a live item: a small JSON document open reader pages poll.

It is a page of the baker's (``dateline.publishing.buildables`` lists it), so readers'
polls are answered from the baked file, by nginx or a CDN, with ``ETag`` and
``Last-Modified`` revalidation; the app answers only the first read and a ``?after=``
cursor query.
"""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from dateline.articles.models import Article
from dateline.live import reader


def _cursor(raw: str | None) -> int | None:
    # A hostile or stale cursor ("-1", "abc", "9999999999999") is no error: the newest.
    if raw is None or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


@require_safe
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the newest entries of live item ``pk`` (after ``?after=<cursor>`` if given)."""
    article = Article.objects.filter(pk=pk).first()
    if article is None or not reader.is_live_item(article) or not article.is_public:
        raise Http404("No such live item.")
    state = reader.update_state(article, _cursor(request.GET.get("after")))
    body = json.dumps(reader.update_document(state), ensure_ascii=False).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    last_modified = int(state.modified.timestamp())
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
