"""Reader pages kept rendered in the shared cache until the next change readers could see.

A buildable page (an article, a front, a feed, a sitemap: whatever ``buildables`` owns) is
kept as the bytes and headers its render answered, under the page generation
(``dateline.cache.pages_generation``). Every recorded event moves the generation on
(``dateline.events.run``, before and after its steps), and so does every write to a model
whose rows readers see (``_written``, at once and again after the commit), so no page is read
from the cache after a change to anything it shows: an item hidden, corrected or re-listed is
seen by the very next reader, as on a cold render. What changes with time alone (a breaking
banner running out, a scheduled item coming due, the most-read list) is bounded by
``DATELINE_PAGE_CACHE_SECONDS``.

While the shared cache fails, each process would see only its own generation, so nothing is
read from or kept in it then. A kept page answers a conditional request with its 304 without
any render (its ETag is kept with it), and carries the surrogate keys of its render.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from dateline.cache import collecting_ends, is_shared, pages_changed, pages_generation
from dateline.conditional import etag_of
from dateline.conf import setting

# Paging is the only query a kept page answers; any other (made-up) query would only fill the
# cache with copies.
_PAGING = frozenset({"page", "after", "before"})


def _key(request: HttpRequest, generation: int) -> str:
    # Hashed: a long Arabic path or query passes the 250 characters a cache key may hold.
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"dateline:page:{generation}:{request.method == 'HEAD'}:{digest}"


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not set(request.GET) <= _PAGING:
        return False
    # A signed-in editor may be shown what readers are not (preview notes, edit links). The
    # session cookie says so without loading the session, which would add Vary: Cookie.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


# The URL namespaces of reader pages, feeds and sitemaps.
_READER_NAMESPACES = frozenset({"public", "syndication"})


def _public(request: HttpRequest, response: HttpResponse) -> bool:
    """Return whether ``response`` is a reader output: a baked kind of page (tagged with its
    surrogate keys), or another page of the reader site, feeds and sitemaps."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match is not None and match.namespaces else None
    return response.has_header("Surrogate-Key") or namespace in _READER_NAMESPACES


def answer(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """Return the kept answer to ``request`` if nothing changed since it was rendered, else
    ``render()``'s, kept for the next reader when it is a public 200."""
    seconds = setting("DATELINE_PAGE_CACHE_SECONDS")
    generation = pages_generation() if seconds > 0 and _cacheable(request) else None
    if generation is None:
        return render()
    key = _key(request, generation)
    kept = cache.get(key)
    if kept is not None and is_shared(cache):
        body, headers = kept
        response = HttpResponse(body)
        for name, value in headers:
            response[name] = value
        return response
    with collecting_ends() as ends:
        response = render()
    if ends:
        # What the page shows by time alone (a breaking banner) ends before the usual life.
        seconds = min(seconds, (min(ends) - timezone.now()).total_seconds())
    if (
        seconds > 0
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and _public(request, response)
    ):
        if not response.has_header("ETag"):
            response["ETag"] = etag_of(response.content)
        headers = list(response.items())
        if is_shared(cache):
            cache.set(key, (response.content, headers), seconds)
    return response


# Models whose rows reader pages, feeds and sitemaps show. Rows written while pages render
# (renditions) and counters (reads) are left out: each would drop every page on every read.
SHOWN = frozenset(
    {
        "articles.Article",
        "articles.Label",
        "articles.ArticleType",
        "taxonomy.Section",
        "taxonomy.Topic",
        "stories.Story",
        "stories.Placement",
        "media.MediaAsset",
        "media.Crop",
        "media.Gallery",
        "media.GalleryItem",
        "people.Person",
        "people.PersonLink",
        "people.Authorship",
        "people.AgencyCredit",
        "live.Coverage",
        "live.Entry",
        "related.RelatedPin",
        "related.RelatedExclusion",
        "related.RelatedLink",
        "fronts.Front",
        "fronts.Block",
        "fronts.BlockItem",
        "fronts.Layout",
        "fronts.Takeover",
        "importers.Redirect",
        "desk.Desk",
        "desk.Signature",
        "desk.Correction",
    }
)


def _written(sender, **kwargs) -> None:
    if sender._meta.label not in SHOWN:
        return
    # Now, so that this connection's own next read (inside its transaction) renders anew;
    # and again after the commit, once per transaction, since a reader who rendered in
    # between saw the old rows and kept them under the generation of the first move.
    pages_changed()
    if connection.in_atomic_block and not any(
        queued is pages_changed for _, queued, _ in connection.run_on_commit
    ):
        transaction.on_commit(pages_changed)


def _m2m_written(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        _written(type(instance))


def connect() -> None:
    post_save.connect(_written, dispatch_uid="dateline-pages-saved")
    post_delete.connect(_written, dispatch_uid="dateline-pages-deleted")
    m2m_changed.connect(_m2m_written, dispatch_uid="dateline-pages-m2m")
