"""Answers caches can keep: validators (ETag, Last-Modified) that turn conditional GETs into
304s, compression where no secret is at stake, and ``Vary`` only where an answer varies."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
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


# How long a document's current version and its stamp are remembered; past it (or when the
# cache forgets) the next request is stamped anew and answered in full, never a wrong 304.
SERVED_SECONDS = 30 * 24 * 3600


def first_served(path: str, etag: str) -> datetime:
    """Return when the document at ``path`` became the one with ``etag``: its Last-Modified.

    The newest date inside a page or a sitemap is not: an item unpublished, or leaving the news
    sitemap's two days, changes the document and no date in it. Each change of the bytes is
    stamped at least a second after the one before, so that a copy fetched earlier, even in
    the same second or with the same bytes as now, never gets a 304 for a document it lacks.
    """
    # Hashed: an Arabic slug, percent-encoded, passes the 250 characters a cache key may hold.
    key = "dateline:served:" + hashlib.sha256(path.encode()).hexdigest()[:32]
    current = cache.get(key)
    if current is not None and current[0] == etag:
        return current[1]
    stamp = timezone.now().replace(microsecond=0)
    if current is not None:
        stamp = max(stamp, current[1] + timedelta(seconds=1))
    cache.set(key, (etag, stamp), SERVED_SECONDS)
    return stamp


# Types worth compressing; images, video and fonts are compressed already.
_COMPRESSIBLE = re.compile(r"^(text/|application/([\w.-]+\+)?(json|xml|javascript))", re.IGNORECASE)

# Paths whose URL fixes the language (or that have none): the answer is the same whatever
# the browser's Accept-Language says.
_LANGUAGE_NEUTRAL = (
    "/feeds/",
    "/sitemap.xml",
    "/sitemaps/",
    "/robots.txt",
    "/media/",
    "/static/",
    "/favicon.ico",
    "/api/",
    "/hit/",
)


class PublicGZipMiddleware(GZipMiddleware):
    """Compress text answers that carry no secret.

    BREACH reads a secret out of the compressed length of an answer that also reflects the
    attacker's input; an answer that sets a cookie (the CSRF token, a session) or is made for a
    signed-in user may hold one, so it goes out uncompressed. Reader pages, feeds, sitemaps and
    API documents are public and compressed.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if response.cookies or not _COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)


class ReaderConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ``ConditionalGetMiddleware`` (an ETag from the body, 304 on a match), plus a
    Last-Modified on public pages, so that ``If-Modified-Since`` alone gets a 304 too.

    A public page is one tagged with surrogate keys and setting no cookie. Its Last-Modified is
    when its current bytes were first served (``first_served``), since no date inside a page
    moves when an item on it is hidden.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.has_header("Surrogate-Key")
            and not response.has_header("Last-Modified")
        ):
            if not response.has_header("ETag"):
                response["ETag"] = etag_of(response.content)
            stamp = first_served(request.get_full_path(), response["ETag"])
            response["Last-Modified"] = http_date(stamp.timestamp())
        return super().process_response(request, response)


class EditionLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware``, minus ``Vary: Accept-Language`` where the URL fixes the
    language or has none (feeds, sitemaps, media, static files, the API).

    Those answers are rendered in the default language whatever the browser asks, so they do
    not vary, and caches keep one copy instead of one per browser language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(_LANGUAGE_NEUTRAL):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if request.path_info.startswith(_LANGUAGE_NEUTRAL):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
