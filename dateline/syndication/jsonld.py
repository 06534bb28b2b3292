"""schema.org JSON-LD for reader pages, and the escaping that keeps it inside its tag.

Article pages get their item (NewsArticle, VideoObject, LiveBlogPosting) and a BreadcrumbList;
fronts get a CollectionPage with an ItemList, the home page a WebSite with a SearchAction.
Every function is a pure function of the data it is given.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.media.models import GalleryItem, MediaAsset
from dateline.media.paths import ticks_to_datetime
from dateline.media.structured import iso_duration
from dateline.site.urlbuilder import urls
from dateline.syndication import facts
from dateline.syndication.credits import people_jsonld, source_organization

CONTEXT = "https://schema.org"

# Content-type codes (docs/content-types.md) that have a more precise schema.org type. A gallery
# stays a NewsArticle (search engines treat it as an article) with an ImageGallery attached.
TYPE_BY_CODE = {"video": "VideoObject", "live": "LiveBlogPosting"}

# Characters that could end the <script> element or break it in old parsers, as JSON escapes.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}

Trail = Sequence[tuple[str, str]]


def script_json(data: object) -> SafeString:
    """Return ``data`` as JSON safe to place between ``<script>`` and ``</script>``."""
    # Indented, so that no "}}" or "{{" appears to look like unrendered template syntax.
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def schema_type(article: Article) -> str:
    """Return the schema.org type of ``article``: NewsArticle unless its content type says more.

    A video-type item is a VideoObject only when the video is the story (``facts.is_video_item``);
    a text story leading with a video stays a NewsArticle that carries the video.
    """
    kind = TYPE_BY_CODE.get(article.article_type.code, "NewsArticle")
    if kind == "VideoObject" and not _is_video_page(article):
        return "NewsArticle"
    return kind


def _is_video_page(article: Article) -> bool:
    return facts.is_video_item(article) and article.lead_media.poster_id is not None


@functools.cache
def _static_image_size(path: str) -> tuple[int, int] | None:
    from django.contrib.staticfiles import finders
    from PIL import Image, UnidentifiedImageError

    found = finders.find(path)
    if not found:
        return None
    try:
        with Image.open(found) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def logo() -> dict | None:
    """Return the publisher's logo as an ImageObject with the file's own width and height."""
    path = setting("DATELINE_PUBLISHER_LOGO")
    if not path:
        return None
    if path.startswith(("http://", "https://")):
        return {"@type": "ImageObject", "url": path}
    size = _static_image_size(path)
    if size is None:
        return None
    url = urls.absolute(static(path))
    return {
        "@type": "ImageObject",
        "url": url,
        "contentUrl": url,
        "width": size[0],
        "height": size[1],
    }


def publisher() -> dict:
    """Return the newsroom as a NewsMediaOrganization: name, address, logo and profiles."""
    return _clean(
        {
            "@type": "NewsMediaOrganization",
            "@id": _publisher_url() + "#publisher",
            "name": setting("DATELINE_PUBLISHER_NAME") or setting("DATELINE_SITE_NAME"),
            "url": _publisher_url(),
            "logo": logo(),
            "sameAs": list(setting("DATELINE_PUBLISHER_SAME_AS")),
        }
    )


def _publisher_url() -> str:
    # Not the bare domain: "/" is a temporary redirect that depends on the reader's language,
    # and the newsroom's address must answer the same page to every crawler of either edition.
    default = setting("DATELINE_LANGUAGES")[0]
    return setting("DATELINE_PUBLISHER_URL") or urls.absolute(urls.home(default))


# A desk code (W/MK, S/SH 11), an agency in capitals (AFP) or anything with digits is no person.
_NOT_A_NAME = re.compile(r"[/\d@]|^[A-Z\s.&-]+$")


def authors(article: Article) -> list[dict]:
    """Return the authors of ``article`` as schema.org Persons: the one place structured data
    names authors. The people credited (dateline.people); without them, the typed byline,
    only when it is a name."""
    credited = people_jsonld(article)
    if credited:
        return credited
    byline = " ".join(article.byline.split())
    if not byline or _NOT_A_NAME.search(byline):
        return []
    return [{"@type": "Person", "name": byline}]


def correction_comment(correction) -> dict:
    """Return a published correction (``desk.Correction``) as a schema.org CorrectionComment."""
    return {
        "@type": "CorrectionComment",
        "text": f"{correction.get_kind_display()}: {correction.text}",
        "datePublished": _iso(correction.at),
    }


def last_modified(article: Article, corrections: Iterable = ()) -> datetime | None:
    """Return when ``article`` last changed in public: its latest correction or update."""
    moments = [facts.modified(article)] + [c.at for c in corrections]
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def breadcrumb_list(trail: Trail) -> dict:
    """Return a BreadcrumbList of ``(name, absolute URL)`` steps, the site's front first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def home_step(language: str) -> tuple[str, str]:
    return setting("DATELINE_SITE_NAME"), urls.absolute(urls.home(language))


def article_trail(article: Article) -> list[tuple[str, str]]:
    """Return the breadcrumb steps of ``article``: its edition's front, section, itself."""
    trail = [home_step(article.language)]
    if article.section_id:
        section = article.section
        trail.append(
            (
                facts.term_name(section, article.language),
                urls.absolute(urls.section(section, article.language)),
            )
        )
    trail.append((article.display_title, facts.article_url(article)))
    return trail


def _collection_ref(name: str, url: str) -> dict:
    return {"@type": "CollectionPage", "@id": url, "url": url, "name": name}


def _parts_of(article: Article) -> list[dict]:
    """Return the pages ``article`` belongs to: its section front and its story's timeline."""
    parts = [_collection_ref(name, url) for name, url in article_trail(article)[1:-1]]
    if article.story_id:
        url = urls.absolute(urls.story(article.story, article.language))
        parts.append(_collection_ref(article.story.title, url))
    return parts


def video_object(asset: MediaAsset, article: Article) -> dict:
    """Return a video asset as a VideoObject: name, description, poster, upload date, length
    from the file, the file itself and the page that plays it."""
    poster = asset.poster
    duration = facts.video_duration(asset)
    return _clean(
        {
            "@type": "VideoObject",
            "name": asset.caption or article.display_title,
            "description": asset.caption or facts.description(article) or article.display_title,
            "thumbnailUrl": facts.ratio_urls(poster) if poster is not None else None,
            "uploadDate": ticks_to_datetime(asset.ticks).isoformat(),
            "duration": iso_duration(duration) if duration else None,
            "contentUrl": facts.media_url(asset),
            "embedUrl": facts.article_url(article),
            "encodingFormat": asset.mime_type or facts.mime_type(asset),
            "creditText": asset.credit,
            "copyrightNotice": asset.copyright,
        }
    )


def image_gallery(article: Article, items: Sequence[GalleryItem]) -> dict:
    """Return a photo gallery as an ImageGallery of ImageObjects, in the order shown."""
    photos = []
    for item in items:
        image = facts.share_image(item.asset)
        photos.append(
            _clean(
                {
                    "@type": "ImageObject",
                    "contentUrl": image.url,
                    "url": image.url,
                    "width": image.width,
                    "height": image.height,
                    "caption": facts.plain_text(item.shown_caption),
                    "creditText": item.asset.credit,
                }
            )
        )
    gallery = items[0].gallery if items else None
    return _clean(
        {
            "@type": "ImageGallery",
            "name": (gallery.title if gallery and gallery.title else article.display_title),
            "url": facts.article_url(article),
            "associatedMedia": photos,
        }
    )


def article_jsonld(article: Article, corrections=(), gallery: Sequence[GalleryItem] = ()) -> dict:
    """Return the JSON-LD object of ``article`` (NewsArticle, VideoObject or LiveBlogPosting)
    with headline, dates, author, publisher, images in three ratios, the sections and story it
    is part of, its video or gallery, and its public ``corrections``."""
    corrections = list(corrections)
    kind = schema_type(article)
    url = facts.article_url(article)
    data: dict = {
        "@context": CONTEXT,
        "@type": kind,
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.display_title[:110],
        "description": facts.description(article),
        "inLanguage": article.language,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(last_modified(article, corrections)),
        "author": authors(article),
        "publisher": publisher(),
        "sourceOrganization": source_organization(article),
        "isPartOf": _parts_of(article),
    }
    if article.section_id:
        section = facts.term_name(article.section, article.language)
        data["articleSection" if kind != "VideoObject" else "genre"] = section
    picture = facts.picture(article) or (gallery[0].asset if gallery else None)
    if picture is not None:
        data["image"] = facts.ratio_urls(picture)
    media = article.lead_media
    if kind == "VideoObject":
        video = video_object(media, article)
        video.pop("@type")
        data = {**data, **video, "headline": data["headline"]}
    elif facts.is_video(article) and media.poster_id is not None:
        video = video_object(media, article)
        data["video"] = video
        data["associatedMedia"] = [video]
    if gallery:
        # associatedMedia takes MediaObjects: the photos go there, the gallery is a part.
        images = image_gallery(article, gallery)
        data["associatedMedia"] = [*data.get("associatedMedia", []), *images["associatedMedia"]]
        data["hasPart"] = [images]
    if kind == "LiveBlogPosting":
        data.update(live_blog(article, url))
    data["correction"] = [correction_comment(c) for c in corrections]
    return _clean(data)


def live_blog(article: Article, url: str) -> dict:
    """Return a live item's coverage times and its updates (``dateline.live``)."""
    from dateline.live.reader import jsonld_fields

    return jsonld_fields(article, url)


def article_graph(article: Article, corrections=(), gallery: Sequence[GalleryItem] = ()) -> list:
    """Return the JSON-LD blocks of an article page: the item, then its breadcrumbs."""
    return [
        article_jsonld(article, corrections, gallery),
        breadcrumb_list(article_trail(article)),
    ]


def website(language: str) -> dict:
    """Return the WebSite of an edition with the SearchAction of its search page."""
    home = urls.absolute(urls.home(language))
    search = urls.absolute(_search_path(language))
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "WebSite",
            "@id": home + "#website",
            "url": home,
            "name": setting("DATELINE_SITE_NAME"),
            "description": site_description(language),
            "inLanguage": language,
            "publisher": publisher(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": search + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )


def _search_path(language: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse("search:search")


def site_description(language: str) -> str:
    """Return the configured description of an edition's front, else the site name."""
    descriptions = setting("DATELINE_SITE_DESCRIPTION") or {}
    return descriptions.get(language) or setting("DATELINE_SITE_NAME")


def collection_page(
    name: str, url: str, language: str, description: str, items: Sequence[Article]
) -> dict:
    """Return a front (home, section, topic, story) as a CollectionPage listing its items."""
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "CollectionPage",
            "@id": url,
            "url": url,
            "name": name,
            "description": description,
            "inLanguage": language,
            "isPartOf": {"@id": urls.absolute(urls.home(language)) + "#website"},
            "publisher": publisher(),
            "mainEntity": {
                "@type": "ItemList",
                "numberOfItems": len(items),
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": i,
                        "url": facts.article_url(a),
                        "name": a.display_title,
                    }
                    for i, a in enumerate(items, start=1)
                ],
            },
        }
    )
