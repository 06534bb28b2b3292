"""Template tags that put structured data and discovery links into page heads."""

from __future__ import annotations

from django import template

from dateline.articles.models import Article
from dateline.live.reader import is_live_item
from dateline.syndication import fronts
from dateline.syndication.jsonld import article_graph, script_json
from dateline.syndication.meta import article_meta, oembed_discovery, translations
from dateline.syndication.scopes import Scope, live_scope
from dateline.syndication.writers import feed_path

register = template.Library()

FEED_TYPES = (
    ("rss", "application/rss+xml"),
    ("atom", "application/atom+xml"),
    ("json", "application/feed+json"),
)


@register.inclusion_tag("syndication/_article_head.html")
def article_head(article: Article) -> dict:
    """Render canonical, hreflang, OpenGraph, Twitter, oEmbed and JSON-LD tags for ``article``."""
    from dateline.media.galleries import items_of

    gallery = items_of(article)
    blocks = article_graph(article, list(article.corrections.all()), gallery)
    context = {
        "meta": article_meta(article, translations(article)),
        "jsonld": [script_json(block) for block in blocks],
        "oembed": oembed_discovery(article),
    }
    if is_live_item(article):
        # A live item's page advertises the feed of its entries.
        context.update(_links(live_scope(article)))
    return context


@register.inclusion_tag("syndication/_front_head.html", takes_context=True)
def front_head(context, kind: str, subject, *lists) -> dict:
    """Render canonical, hreflang, description, OpenGraph, Twitter and JSON-LD tags of a
    front: ``kind`` is home, section, topic or story; ``subject`` the section, topic or story
    (None for home); ``lists`` the lists of articles it shows, in order."""
    edition = context.get("edition")
    page = context.get("page")
    number = page.number if page is not None and getattr(page, "number", 1) > 1 else None
    items = [item for listed in lists for item in listed]
    front = fronts.Front(kind, edition, subject, items, number)
    return {"meta": front.page_meta(), "jsonld": [script_json(block) for block in front.jsonld()]}


@register.inclusion_tag("syndication/_feed_links.html", takes_context=True)
def feed_links(context, scope: Scope | None = None) -> dict:
    """Render the feed discovery links of ``scope``, by default the current edition's."""
    if scope is None:
        edition = context.get("edition")
        scope = Scope("edition", language=edition) if edition else Scope("site")
    return _links(scope)


def _links(scope: Scope) -> dict:
    links = [(kind, feed_path(scope, fmt)) for fmt, kind in FEED_TYPES]
    return {"links": links, "title": scope.title}
