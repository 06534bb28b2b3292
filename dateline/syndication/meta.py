"""Page metadata: canonical, hreflang alternates, description, OpenGraph and Twitter cards, for
article pages and for fronts (home, section, topic, story)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.site.urlbuilder import urls
from dateline.syndication import facts

# Lets search engines show large previews of our pictures (Google's max-image-preview).
ROBOTS = "max-image-preview:large"


@dataclass
class PageMeta:
    canonical: str
    description: str = ""
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


def hreflang(versions: dict[str, str]) -> list[tuple[str, str]]:
    """Return hreflang alternates for ``{language: URL}``, with ``x-default`` pointing at the
    default edition's version (else the first) when there is more than one language."""
    alternates = list(versions.items())
    if len(versions) > 1:
        default = setting("DATELINE_LANGUAGES")[0]
        alternates.append(("x-default", versions.get(default, alternates[0][1])))
    return alternates


def _locales(language: str, others: Sequence[str]) -> list[tuple[str, str]]:
    own = facts.og_locale(language)
    tags = [("og:locale", own)]
    for other in others:
        locale = facts.og_locale(other)
        if locale != own and ("og:locale:alternate", locale) not in tags:
            tags.append(("og:locale:alternate", locale))
    return tags


def _card(
    kind: str, title: str, summary: str, url: str, language: str, others: Sequence[str], image
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return the OpenGraph properties and Twitter names shared by every page."""
    properties = [
        ("og:type", kind),
        ("og:site_name", setting("DATELINE_SITE_NAME")),
        ("og:title", title),
        ("og:description", summary),
        ("og:url", url),
        *_locales(language, others),
    ]
    names = [
        ("robots", ROBOTS),
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
        ("twitter:description", summary),
    ]
    if image:
        properties.append(("og:image", image.url))
        if image.width and image.height:
            properties.append(("og:image:width", str(image.width)))
            properties.append(("og:image:height", str(image.height)))
        names.append(("twitter:image", image.url))
    return properties, names


def article_meta(article: Article, others: list[Article]) -> PageMeta:
    """Return the head metadata of ``article``, given its public translations ``others``."""
    url = facts.article_url(article)
    versions = {article.language: url}
    for other in others:
        versions.setdefault(other.language, facts.article_url(other))
    picture = facts.picture(article)
    image = facts.share_image(picture) if picture else None
    title, summary = article.display_title, facts.description(article)
    properties, names = _card(
        "article", title, summary, url, article.language, list(versions), image
    )
    if image and picture.alt_text:
        properties.append(("og:image:alt", picture.alt_text))
    # A draft, review or scheduled item (seen through its preview link) has no time yet.
    modified = facts.modified(article)
    if article.published_at is not None:
        properties.append(("article:published_time", article.published_at.isoformat()))
    if modified is not None:
        properties.append(("article:modified_time", modified.isoformat()))
    if article.section_id:
        properties.append(("article:section", facts.term_name(article.section, article.language)))
    return PageMeta(
        canonical=url,
        description=summary,
        alternates=hreflang(versions) if len(versions) > 1 else [],
        properties=properties,
        names=names,
    )


def front_description(name: str, items: Sequence[Article], limit: int = 160) -> str:
    """Return a front's description: its name and its latest headlines, within ``limit``."""
    text, joiner = name, ": "
    for item in items[:5]:
        candidate = f"{text}{joiner}{item.display_title}"
        if len(candidate) > limit:
            break
        text, joiner = candidate, " · "
    return text[:limit]


def front_meta(
    title: str, url: str, language: str, versions: dict[str, str], description: str, items
) -> PageMeta:
    """Return the head metadata of a front at ``url`` in ``language``; ``versions`` maps each
    edition to its copy of the same front."""
    image = None
    for item in items:
        picture = facts.picture(item)
        if picture is not None:
            image = facts.share_image(picture)
            break
    properties, names = _card("website", title, description, url, language, list(versions), image)
    return PageMeta(
        canonical=url,
        description=description,
        alternates=hreflang(versions),
        properties=properties,
        names=names,
    )


def oembed_discovery(article: Article) -> str:
    """Return the absolute oEmbed endpoint URL for ``article``."""
    return urls.absolute("/api/v1/oembed?" + urlencode({"url": facts.article_url(article)}))
