"""Page metadata of an article: canonical, hreflang alternates, OpenGraph and Twitter cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.public.urlbuilder import urls
from dateline.syndication import facts


@dataclass
class PageMeta:
    canonical: str
    alternates: list[tuple[str, str]] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)


def translations(article: Article) -> list[Article]:
    """Return the public versions of ``article`` in other languages (same translation key)."""
    if not article.translation_key:
        return []
    return list(
        Article.objects.public()
        .filter(translation_key=article.translation_key)
        .exclude(pk=article.pk)
        .order_by("language", "sort")
        .only("id", "slug", "language")
    )


def article_meta(article: Article, others: list[Article]) -> PageMeta:
    """Return the head metadata of ``article``, given its public translations ``others``."""
    url = facts.article_url(article)
    seen = {article.language}
    alternates = [(article.language, url)]
    for other in others:
        if other.language not in seen:
            seen.add(other.language)
            alternates.append((other.language, facts.article_url(other)))
    picture = facts.picture(article)
    image = facts.media_url(picture) if picture else ""
    title, summary = article.display_title, facts.description(article)
    properties = [
        ("og:type", "article"),
        ("og:site_name", setting("DATELINE_SITE_NAME")),
        ("og:title", title),
        ("og:description", summary),
        ("og:url", url),
        ("og:locale", article.language),
    ]
    # A draft, review or scheduled item (seen through its preview link) has no time yet.
    modified = facts.modified(article)
    if article.published_at is not None:
        properties.append(("article:published_time", article.published_at.isoformat()))
    if modified is not None:
        properties.append(("article:modified_time", modified.isoformat()))
    if article.section_id:
        properties.append(("article:section", article.section.name))
    if image:
        properties.append(("og:image", image))
        if picture.alt_text:
            properties.append(("og:image:alt", picture.alt_text))
    names = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
        ("twitter:description", summary),
    ]
    if image:
        names.append(("twitter:image", image))
    return PageMeta(canonical=url, alternates=alternates, properties=properties, names=names)


def oembed_discovery(article: Article) -> str:
    """Return the absolute oEmbed endpoint URL for ``article``."""
    return urls.absolute("/api/v1/oembed?" + urlencode({"url": facts.article_url(article)}))
