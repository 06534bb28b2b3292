"""schema.org JSON-LD for an article page, and the escaping that keeps it inside its tag."""

from __future__ import annotations

import json
from datetime import datetime

from django.utils.safestring import SafeString, mark_safe

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.public.urlbuilder import urls
from dateline.syndication import facts

# Content-type codes (docs/content-types.md) that have a more precise schema.org type.
TYPE_BY_CODE = {"video": "VideoObject", "gallery": "ImageGallery", "live": "LiveBlogPosting"}

# Characters that could end the <script> element or break it in old parsers, as JSON escapes.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def script_json(data: object) -> SafeString:
    """Return ``data`` as JSON safe to place between ``<script>`` and ``</script>``."""
    # Indented, so that no "}}" or "{{" appears to look like unrendered template syntax.
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def schema_type(article: Article) -> str:
    """Return the schema.org type of ``article``: NewsArticle unless its content type says more."""
    kind = TYPE_BY_CODE.get(article.article_type.code, "NewsArticle")
    if kind == "VideoObject" and not facts.is_video(article):
        return "NewsArticle"
    return kind


def publisher() -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": setting("DATELINE_SITE_NAME"),
        "url": urls.absolute(urls.home()),
    }


def author(article: Article) -> dict:
    kind = "Person" if article.byline.strip() else "Organization"
    return {"@type": kind, "name": facts.author_name(article)}


def correction_comment(correction) -> dict:
    """Return a published correction (``desk.Correction``) as a schema.org CorrectionComment."""
    return {
        "@type": "CorrectionComment",
        "text": f"{correction.get_kind_display()}: {correction.text}",
        "datePublished": _iso(correction.at),
    }


def article_jsonld(article: Article, corrections=()) -> dict:
    """Return the JSON-LD object of ``article`` (NewsArticle, VideoObject, ImageGallery or
    LiveBlogPosting) with headline, dates, author, publisher, images in three ratios and its
    public ``corrections``."""
    kind = schema_type(article)
    url = facts.article_url(article)
    data: dict = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.display_title[:110],
        "description": facts.description(article),
        "inLanguage": article.language,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(facts.modified(article)),
        "author": author(article),
        "publisher": publisher(),
    }
    if article.section_id:
        data["articleSection" if kind == "NewsArticle" else "genre"] = article.section.name
    picture = facts.picture(article)
    if picture is not None:
        data["image"] = facts.ratio_urls(picture)
    if kind == "VideoObject":
        data["name"] = article.display_title
        data["uploadDate"] = data["datePublished"]
        data["contentUrl"] = facts.media_url(article.lead_media)
        data["thumbnailUrl"] = data.get("image", [])
    if kind == "LiveBlogPosting":
        data["coverageStartTime"] = data["datePublished"]
    data["correction"] = [correction_comment(c) for c in corrections]
    return {key: value for key, value in data.items() if value not in (None, "", [])}
