"""Facts about an article that every format writer needs, computed one way for all of them."""

from __future__ import annotations

import mimetypes
from datetime import datetime

from django.utils.html import strip_tags
from django.utils.text import Truncator

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.media.models import MediaAsset
from dateline.people.credits import author_names
from dateline.public.urlbuilder import urls

# Structured data asks for the lead image in these three shapes (Google's article guidance).
IMAGE_RATIOS = ("16x9", "4x3", "1x1")


def article_url(article: Article) -> str:
    """Return the absolute canonical URL of ``article``."""
    return urls.absolute(urls.article(article))


def modified(article: Article) -> datetime | None:
    """Return when ``article`` last changed in public: its last correction, else publication
    (None for an item never published, seen only through its preview link)."""
    return article.modified_at or article.published_at


def plain_text(html: str) -> str:
    """Return ``html`` as one line of plain text."""
    # Most summaries hold no markup; skipping the HTML parser for them matters in lists.
    text = strip_tags(html) if "<" in html else html
    return " ".join(text.split())


def description(article: Article, words: int = 60) -> str:
    """Return the summary, or the opening words of the body when there is none."""
    if article.summary.strip():
        return plain_text(article.summary)
    return Truncator(plain_text(article.body)).words(words, truncate="…")


def author_name(article: Article) -> str:
    """Return who wrote ``article``: its authors' names in its language ("A, B and C"), else
    its typed byline, else its desk, else the publication."""
    names = author_names(article)
    if names:
        return names
    if article.byline.strip():
        return article.byline.strip()
    if article.signature_id:
        desk = article.signature.desk
        return desk.name or desk.code
    return setting("DATELINE_SITE_NAME")


def picture(article: Article) -> MediaAsset | None:
    """Return the lead image of ``article`` (a video's poster), or None."""
    media = article.lead_media
    return media.picture if media is not None else None


def media_url(asset: MediaAsset) -> str:
    return urls.absolute(asset.url)


def byte_size(asset: MediaAsset) -> int | None:
    """Return the size in bytes of ``asset``'s file: as measured at upload, else as stored now;
    None when the file is not there to measure (an import that named a file never copied)."""
    if asset.byte_size is not None:
        return asset.byte_size
    try:
        return asset.file.size
    except (OSError, ValueError):
        return None


def mime_type(asset: MediaAsset) -> str:
    return mimetypes.guess_type(asset.path)[0] or "application/octet-stream"


def ratio_urls(asset: MediaAsset) -> list[str]:
    """Return the absolute URLs of ``asset``'s renditions in 16x9, 4x3 and 1x1, at the
    default width; an asset without renditions (a file of unknown size) has only its own."""
    from dateline.media.renditions import picture as rendition

    if not asset.has_renditions:
        return [media_url(asset)]
    # The files a reader's page shows, which the media view makes on first request; names
    # swapped into the original's path were files that never existed.
    return [urls.absolute(rendition(asset, ratio).src) for ratio in IMAGE_RATIOS]


def is_video(article: Article) -> bool:
    """Return whether ``article`` is a video item with a video file to point at."""
    return article.lead_media_id is not None and article.lead_media.is_video
