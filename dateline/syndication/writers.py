"""Build a feed document for a scope: a pure function of articles, no request."""

from __future__ import annotations

from collections.abc import Iterable

from django.templatetags.static import static
from django.utils.feedgenerator import Enclosure, SyndicationFeed

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.live import writers as live_writers
from dateline.live.models import Entry
from dateline.site.urlbuilder import urls
from dateline.syndication import facts
from dateline.syndication.generators import FORMATS
from dateline.syndication.scopes import Scope

# The site's small square icon (the pages link it too); JSON Feed's ``favicon``.
FAVICON = "dateline/favicon-32.png"


def feed_path(scope: Scope, fmt: str) -> str:
    """Return the site path of the ``fmt`` feed of ``scope``."""
    return f"/feeds/{scope.key}.{fmt}"


def item_content(article: Article) -> str | None:
    """Return the item text: the full body, or the summary when full text is switched off;
    None for an item that has none (a headline only), so no writer gives a blank element."""
    text = article.safe_body if setting("DATELINE_FEED_FULL_TEXT") else facts.description(article)
    return text if text.strip() else None


def _enclosures(article: Article) -> list[Enclosure]:
    media = article.lead_media
    if media is None:
        return []
    size = facts.byte_size(media)
    # No length when the file's size cannot be known; each writer says so its format's way.
    length = str(size) if size is not None else None
    return [Enclosure(facts.media_url(media), length, facts.mime_type(media))]


def _new_feed(fmt: str, scope: Scope) -> SyndicationFeed:
    return FORMATS[fmt](
        title=scope.title,
        link=scope.link,
        description=scope.title,
        language=scope.language or setting("DATELINE_LANGUAGES")[0],
        feed_url=urls.absolute(feed_path(scope, fmt)),
        author_name=setting("DATELINE_SITE_NAME"),
        author_link=urls.absolute(urls.home(scope.language)),
        hub=setting("DATELINE_WEBSUB_HUB") or None,
        icon=urls.absolute(static(setting("DATELINE_PUBLISHER_LOGO"))),
        favicon=urls.absolute(static(FAVICON)),
    )


def build_feed(fmt: str, scope: Scope, articles: Iterable[Article]) -> SyndicationFeed:
    """Return the ``fmt`` ("rss", "atom" or "json") feed of ``articles`` for ``scope``."""
    feed = _new_feed(fmt, scope)
    for article in articles:
        url = facts.article_url(article)
        picture = facts.picture(article)
        feed.add_item(
            title=article.display_title,
            link=url,
            description=item_content(article),
            unique_id=url,
            unique_id_is_permalink=True,
            author_name=facts.author_name(article),
            pubdate=article.published_at,
            updateddate=facts.modified(article),
            categories=[article.section.name] if article.section_id else (),
            enclosures=_enclosures(article),
            # Only a written summary: deriving one from the body costs a parse per item.
            summary=facts.plain_text(article.summary) or None,
            image=facts.media_url(picture) if picture else None,
            language=article.language,
        )
    return feed


def build_live_feed(fmt: str, scope: Scope, entries: Iterable[Entry]) -> SyndicationFeed:
    """Return the ``fmt`` feed of a live item's ``entries`` (``scope`` is its live scope):
    each entry is an item linking to its place on the page."""
    article = scope.obj
    page = facts.article_url(article)
    feed = _new_feed(fmt, scope)
    for entry in entries:
        url = f"{page}#{entry.anchor}"
        feed.add_item(
            title=live_writers.entry_title(entry, 300),
            link=url,
            description=entry.safe_body if entry.safe_body.strip() else None,
            unique_id=url,
            unique_id_is_permalink=True,
            author_name=entry.byline or facts.author_name(article),
            pubdate=entry.posted_at,
            updateddate=entry.revised_at or entry.posted_at,
            language=article.language,
        )
    return feed
