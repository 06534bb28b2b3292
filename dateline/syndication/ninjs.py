"""IPTC ninjs 2.2 (News in JSON) for an article: a pure function of the article."""

from __future__ import annotations

from datetime import datetime

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.media.models import MediaAsset
from dateline.public.urlbuilder import urls
from dateline.syndication import facts

# IPTC NewsCodes "ninature" for our content types; everything else is text.
NATURE_BY_CODE = {"video": "video", "gallery": "composite", "audio": "audio"}


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _asset(asset: MediaAsset, name: str) -> dict:
    rendition = {
        "name": "original",
        "href": facts.media_url(asset),
        "contenttype": facts.mime_type(asset),
        "width": asset.width,
        "height": asset.height,
    }
    item = {
        "name": name,
        "uri": facts.media_url(asset),
        "type": "video" if asset.is_video else "picture",
        "headlines": [{"value": asset.caption}] if asset.caption else None,
        "copyrightnotice": asset.copyright or None,
        "by": asset.credit or None,
        "renditions": [{k: v for k, v in rendition.items() if v is not None}],
    }
    return {k: v for k, v in item.items() if v is not None}


def article_ninjs(article: Article, topics=()) -> dict:
    """Return ``article`` as one ninjs 2.2 object (``topics``: its Topic rows)."""
    plain = facts.plain_text(article.body)
    subjects = [
        {"name": t.name, "rel": "about", "uri": urls.absolute(urls.topic(t, article.language))}
        for t in topics
    ]
    if article.section_id:
        section_url = urls.absolute(urls.section(article.section, article.language))
        subjects.append({"name": article.section.name, "rel": "section", "uri": section_url})
    associations = []
    if article.lead_media_id:
        associations.append(_asset(article.lead_media, "lead"))
    item = {
        "uri": facts.article_url(article),
        "type": NATURE_BY_CODE.get(article.article_type.code, "text"),
        "representationtype": "full",
        "version": str(article.version),
        "firstcreated": _time(article.published_at),
        "versioncreated": _time(facts.modified(article)),
        "pubstatus": "usable",
        "language": article.language,
        "copyrightholder": setting("DATELINE_SITE_NAME"),
        "by": facts.author_name(article),
        "headlines": [{"role": "main", "value": article.display_title}],
        "descriptions": [{"role": "summary", "value": facts.description(article)}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": article.safe_body,
                "charcount": len(plain),
                "wordcount": len(plain.split()),
            }
        ],
        "genres": [{"name": article.article_type.name, "literal": article.article_type.code}],
        "subjects": subjects or None,
        "altids": [{"role": "dateline-id", "value": str(article.pk)}],
        "associations": associations or None,
    }
    return {k: v for k, v in item.items() if v is not None}
