"""Template tags that put structured data and discovery links into page heads."""

from __future__ import annotations

from django import template

from dateline.articles.models import Article
from dateline.syndication.jsonld import article_jsonld, script_json
from dateline.syndication.meta import article_meta, oembed_discovery, translations
from dateline.syndication.scopes import Scope
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
    return {
        "meta": article_meta(article, translations(article)),
        "jsonld": script_json(article_jsonld(article, list(article.corrections.all()))),
        "oembed": oembed_discovery(article),
    }


@register.inclusion_tag("syndication/_feed_links.html", takes_context=True)
def feed_links(context) -> dict:
    """Render the feed discovery links of the current edition."""
    edition = context.get("edition")
    scope = Scope("edition", language=edition) if edition else Scope("site")
    links = [(kind, feed_path(scope, fmt)) for fmt, kind in FEED_TYPES]
    return {"links": links, "title": scope.title}
