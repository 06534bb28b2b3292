"""Facts about an article that every format writer needs, computed one way for all of them."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import strip_tags
from django.utils.text import Truncator

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.media.models import MediaAsset
from dateline.people.credits import author_names
from dateline.site.urlbuilder import urls

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
    """Return the size in bytes of ``asset``'s file, as measured when it was stored (upload,
    import, demo, or the migration that measured older files); None when it was never there
    to measure. Read from the row: a feed of fifty items never asks the storage."""
    return asset.byte_size


def mime_type(asset: MediaAsset) -> str:
    return mimetypes.guess_type(asset.path)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Image:
    """A picture named in an output: its absolute URL and, when known, its size in pixels."""

    url: str
    width: int | None = None
    height: int | None = None


def ratio_images(asset: MediaAsset) -> list[Image]:
    """Return ``asset`` in 16x9, 4x3 and 1x1, each at the largest width the site offers that
    the original can fill without enlarging; an asset without renditions (a file of unknown
    size) has only its own file."""
    from dateline.media.renditions import (
        Spec,
        formats_for,
        rendition_path,
        rendition_size,
        widths_for,
    )

    if not asset.has_renditions:
        return [Image(media_url(asset), asset.width, asset.height)]
    images = []
    for ratio in IMAGE_RATIOS:
        # Google asks for 1200 pixels and more: the widest cut the original holds is named
        # (the media view makes it on its first request).
        spec = Spec(ratio, widths_for(asset, ratio)[-1], formats_for(asset)[0])
        size = rendition_size(asset, spec)
        images.append(Image(urls.absolute(urls.media(rendition_path(asset, spec))), *size))
    return images


def ratio_urls(asset: MediaAsset) -> list[str]:
    """Return the absolute URLs of ``ratio_images(asset)``."""
    return [image.url for image in ratio_images(asset)]


def share_image(asset: MediaAsset) -> Image:
    """Return the picture to show when a page is shared: the widest 16x9 (social cards are
    wide), or the file itself when it has no renditions."""
    return ratio_images(asset)[0]


def is_video(article: Article) -> bool:
    """Return whether ``article`` is a video item with a video file to point at."""
    return article.lead_media_id is not None and article.lead_media.is_video


# Below this many words of body text, a video item is the video itself with a caption; above
# it, a text story that leads with a video (a NewsArticle, not a VideoObject).
VIDEO_CAPTION_WORDS = 40


def is_video_item(article: Article) -> bool:
    """Return whether ``article`` is a video item, the video being the story: a video
    content type with a video file and no more text than a caption."""
    if article.article_type.code != "video" or not is_video(article):
        return False
    return len(plain_text(article.body).split()) < VIDEO_CAPTION_WORDS


def video_duration(asset: MediaAsset) -> float | None:
    """Return the length of a video in seconds: as measured at upload, else read from the
    stored file now (an import or the demo that never measured it); None when unreadable."""
    if asset.duration:
        return asset.duration
    from dateline.media.errors import MediaRejected
    from dateline.media.formats import type_for_extension
    from dateline.media.video import inspect_video

    file_type = type_for_extension(asset.extension)
    if file_type is None or file_type.kind != "video":
        return None
    try:
        with asset.file.open("rb") as handle:
            facts = inspect_video(handle, asset.file.size, file_type.content_format, asset.path)
    except (OSError, ValueError, MediaRejected):
        return None
    return facts.duration


def term_name(term, language: str) -> str:
    """Return the name of a section or topic in ``language`` (Arabic when it has one)."""
    if language == "ar" and getattr(term, "name_ar", ""):
        return term.name_ar
    return term.name


# OpenGraph writes locales as language_TERRITORY; Facebook's Arabic is ar_AR.
OG_LOCALES = {"en": "en_US", "ar": "ar_AR", "fr": "fr_FR", "es": "es_ES", "de": "de_DE"}


def og_locale(language: str) -> str:
    """Return the OpenGraph locale (``en_US``, ``ar_AR``) of a language code."""
    code = language.split("-")[0].lower()
    return OG_LOCALES.get(code, f"{code}_{code.upper()}")
