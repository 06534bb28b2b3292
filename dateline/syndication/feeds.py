"""The feed views: Django's ``Feed`` mapping a URL to a scope, and the scope to a writer."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse

from dateline.conf import setting
from dateline.live.reader import public_entries
from dateline.syndication.generators import FORMATS
from dateline.syndication.scopes import Scope, scope_for
from dateline.syndication.writers import build_feed, build_live_feed


class ArticleFeed(Feed):
    """A feed of one scope in one format; the document itself comes from ``build_feed``."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.feed_type = FORMATS[fmt]

    def get_object(self, request: HttpRequest, kind: str, ident: str | None = None) -> Scope:
        return scope_for(kind, ident)

    def get_feed(self, obj: Scope, request: HttpRequest):
        if obj.kind == "live":
            return build_live_feed(
                self.fmt, obj, public_entries(obj.obj, setting("DATELINE_FEED_SIZE"))
            )
        items = obj.articles()[: setting("DATELINE_FEED_SIZE")]
        return build_feed(self.fmt, obj, items)


def feed(request: HttpRequest, fmt: str, kind: str, ident: str | None = None) -> HttpResponse:
    """Serve ``/feeds/<scope>.<rss|atom|json>``."""
    # A Feed instance per request: the format is per-request state.
    return ArticleFeed(fmt)(request, kind=kind, ident=ident)
