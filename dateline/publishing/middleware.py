"""Embedded mode: serve baked files from the app, bake pages on first read, tag responses.

With ``DATELINE_BAKE`` on and no nginx in front, a GET without a query string is answered
from the baked folder when the file is there (``BakedFilesMiddleware``, early in the chain),
before any view, session or database is touched, so the site keeps serving baked pages while
the database is down. A buildable page that is
not baked yet is rendered by its view and then baked, so the next read is a file read.
Every public page gets cache headers and its surrogate keys.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from dateline.conf import setting
from dateline.publishing import pagecache, tracking
from dateline.publishing.errors import BakeError
from dateline.publishing.rendering import BAKING_ATTRIBUTE
from dateline.site import surrogates
from dateline.site.urlbuilder import canonical_path

logger = logging.getLogger("dateline.publishing")

_NEVER_BAKED = ("/admin/", "/static/", "/media/")
# Answers never kept in the page cache: files, and the newsroom's own pages.
_NEVER_KEPT = (*_NEVER_BAKED, "/desk/", "/preview/")


def _readable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not request.path_info.startswith(_NEVER_BAKED)
    )


class BakedFilesMiddleware:
    """Answer from the baked folder; placed early, so no session, user or query is touched.

    It sets the headers the skipped middleware would have set on a page (frame options,
    content security policy, CORS for API documents), as ``deploy/nginx.conf`` does.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            setting("DATELINE_BAKE")
            and not getattr(request, BAKING_ATTRIBUTE, False)
            and _readable(request)
        ):
            served = serve_baked(request)
            if served is not None:
                _security_headers(request, served)
                return served
        return self.get_response(request)


def _security_headers(request: HttpRequest, response: HttpResponse) -> None:
    from csp.utils import build_policy
    from django.conf import settings

    response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    response["Content-Security-Policy"] = build_policy()
    if request.path_info.startswith("/api/"):
        response["Access-Control-Allow-Origin"] = "*"


class BakedPagesMiddleware:
    """Tag public responses with cache headers and surrogate keys; bake them on first read."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, BAKING_ATTRIBUTE, False):
            return self.get_response(request)
        if request.path_info.startswith(_NEVER_KEPT):
            return self._render(request)
        # A page rendered since the last change is answered as it was, without a render.
        return pagecache.answer(request, lambda: self._render(request))

    def _render(self, request: HttpRequest) -> HttpResponse:
        readable = _readable(request)
        with tracking.track() as shown:
            response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            self._tag(request, response, shown, bake=readable)
        return response

    def _tag(self, request: HttpRequest, response, shown: set[int], bake: bool) -> None:
        from dateline.publishing.buildables import buildable_for

        path = canonical_path(request.path_info)
        buildable = buildable_for(path)
        if buildable is None:
            return
        surrogates.apply_page_headers(response, surrogates.keys_for(path, _public_only(shown)))
        if bake and setting("DATELINE_BAKE") and not response.cookies:
            bake_on_first_read(path, buildable.name)


def _public_only(article_ids: set[int]) -> set[int]:
    """Return the public ones of ``article_ids``.

    A page may load hidden items and drop them in Python (the breaking banner, the news
    sitemap); their ids must not reach readers in the surrogate-key headers.
    """
    from dateline.articles.models import Article

    if not article_ids:
        return set()
    # Rows by primary key, the rule in Python: with the public() filter in SQL, SQLite walked
    # the status index over every published article (100 ms at a million) instead.
    rows = Article.objects.filter(pk__in=article_ids).only(
        "status", "published_at", "embargo_until"
    )
    return {row.pk for row in rows if row.is_public}


def bake_on_first_read(path: str, kind: str) -> None:
    """Bake ``path`` now that a reader asked for it; log and go on if that fails."""
    from dateline.publishing.baker import bake_pages, mark_dirty
    from dateline.publishing.targets import publish_target
    from dateline.site.processes import new_worker_id

    try:
        bake_pages(mark_dirty({path: kind}), new_worker_id(), publish_target())
    except Exception:
        logger.exception("Baking %s on first read failed; it stays dynamic", path)


def serve_baked(request: HttpRequest) -> HttpResponse | None:
    """Return the baked file for ``request``'s path as a response, or ``None``."""
    from dateline.publishing.paths import content_type_for, lookup_names
    from dateline.publishing.targets import publish_target

    root = publish_target().local_root()
    if root is None:
        return None
    path = canonical_path(request.path_info)
    try:
        names = lookup_names(path)
    except BakeError:
        return None
    for name in names:
        if any(part.startswith(".") for part in name.split("/")):
            # Dot-files are unfinished writes (half a page) or not pages: refused, as by nginx.
            return None
        full = Path(root, name)
        try:
            stat = os.stat(full)
        except OSError:
            continue
        if not os.path.isfile(full):
            continue
        # Nanoseconds, not nginx's seconds: a file rebaked within the same second at the same
        # size (one letter changed) must not match the validator of the copy it replaced.
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        # If-None-Match first, else If-Modified-Since (RFC 9110): answered before the file is read.
        response = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
        if response is None:
            try:
                body = full.read_bytes()
            except OSError:
                continue
            response = HttpResponse(body, content_type=content_type_for(name))
        response["ETag"] = etag
        response["Last-Modified"] = http_date(stat.st_mtime)
        surrogates.apply_page_headers(response, surrogates.keys_for(path))
        return response
    return None
