"""IPTC ninjs (News in JSON) for an article, in 2.2 or 3.x: a pure function of the article.

ninjs 3.0 renamed the properties of 2.x to camelCase (``versioncreated`` → ``versionCreated``)
and kept their meaning; every property written here has the same name in both generations up
to case. So one item is built with the 3.x names and lower-cased for 2.2.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from datetime import datetime

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.live.models import Entry
from dateline.media.models import MediaAsset
from dateline.site.urlbuilder import urls
from dateline.syndication import facts
from dateline.syndication.credits import credits_ninjs

# The versions served; the first is the default, the one clients had before 3.x was offered.
VERSIONS = ("2.2", "3.0", "3.1")
DEFAULT_VERSION = VERSIONS[0]

# IPTC NewsCodes "ninature" for our content types; everything else is text.
NATURE_BY_CODE = {"video": "video", "gallery": "composite", "audio": "audio"}

# The genre of a live item's entry marked as a key event.
KEY_EVENT = {"name": "Key event", "literal": "key-event"}


def schema_uri(version: str) -> str:
    """Return the ``$id`` of IPTC's JSON schema for ninjs ``version``."""
    return f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#"


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _rendition(name: str, url: str, width: int | None, height: int | None) -> dict:
    found = {
        "name": name,
        "href": url,
        "contentType": mimetypes.guess_type(url)[0] or "application/octet-stream",
        "width": width,
        "height": height,
    }
    return {k: v for k, v in found.items() if v is not None}


def _asset(asset: MediaAsset, name: str) -> dict:
    """Return an association for ``asset``: its original file, and for a picture the 16x9,
    4x3 and 1x1 cuts structured data names, each with its true pixel size."""
    renditions = [_rendition("original", facts.media_url(asset), asset.width, asset.height)]
    if asset.has_renditions:
        renditions += [
            _rendition(ratio, image.url, image.width, image.height)
            for ratio, image in zip(facts.IMAGE_RATIOS, facts.ratio_images(asset), strict=True)
        ]
    item = {
        "name": name,
        "uri": facts.media_url(asset),
        "type": "video" if asset.is_video else "picture",
        "headlines": [{"value": asset.caption}] if asset.caption else None,
        "copyrightNotice": asset.copyright or None,
        "by": asset.credit or None,
        "renditions": renditions,
    }
    return {k: v for k, v in item.items() if v is not None}


def _lower_keys(value: object) -> object:
    if isinstance(value, dict):
        return {k.lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _entry(entry: Entry, page_url: str, version: str) -> dict:
    """Return one entry of a live item as an association: its time, headline, body, key
    event (a genre) and, when changed after readers saw it, an editorial note saying so."""
    item = {
        "name": entry.anchor,
        "uri": f"{page_url}#{entry.anchor}",
        "type": "text",
        "version": str(entry.version),
        "firstCreated": _time(entry.posted_at),
        "versionCreated": _time(entry.revised_at or entry.posted_at),
        "by": entry.byline or None,
        "headlines": [{"role": "main", "value": entry.headline}] if entry.headline else None,
        "bodies": [{"role": "main", "contentType": "text/html", "value": entry.safe_body}],
        "genres": [KEY_EVENT] if entry.is_key_event else None,
        "edNote": entry.revision.capitalize() if entry.revision else None,
    }
    if version.startswith("3."):
        item["rel"] = "liveEntry"
    return {k: v for k, v in item.items() if v is not None}


def article_ninjs(
    article: Article, topics=(), version: str = DEFAULT_VERSION, entries: Sequence[Entry] = ()
) -> dict:
    """Return ``article`` as one ninjs object of ``version`` (one of ``VERSIONS``);
    ``topics`` are its Topic rows; ``entries`` a live item's entries, newest first, which
    follow its lead picture in ``associations``."""
    if version not in VERSIONS:
        raise ValueError(f"ninjs version {version!r} is not one of {', '.join(VERSIONS)}")
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
    page_url = facts.article_url(article)
    associations += [_entry(entry, page_url, version) for entry in entries]
    item = {
        "uri": page_url,
        "standard": {"name": "ninjs", "version": version, "schema": schema_uri(version)},
        "type": NATURE_BY_CODE.get(article.article_type.code, "text"),
        "representationType": "full",
        "version": str(article.version),
        "firstCreated": _time(article.published_at),
        "versionCreated": _time(facts.modified(article)),
        "pubStatus": "usable",
        "language": article.language,
        "copyrightHolder": setting("DATELINE_SITE_NAME"),
        "by": facts.author_name(article),
        **credits_ninjs(article),
        "headlines": [{"role": "main", "value": article.display_title}],
        "descriptions": [{"role": "summary", "value": facts.description(article)}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": article.safe_body,
                "charCount": len(plain),
                "wordCount": len(plain.split()),
            }
        ],
        "genres": [{"name": article.article_type.name, "literal": article.article_type.code}],
        "subjects": subjects or None,
        "altIds": [{"role": "dateline-id", "value": str(article.pk)}],
        "associations": associations or None,
    }
    item = {k: v for k, v in item.items() if v is not None}
    return item if version.startswith("3.") else _lower_keys(item)
