"""The documented shapes of the API's answers: what ``formats`` and ``oembed`` write.

The views answer with ``cached_json`` (for ETags), so ninja does not serialise through these
classes; they document each answer in the OpenAPI document, and the schema fuzzer in
tests/hardening checks every real answer against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema

NINJS_TYPE = "application/ninjs+json"


class Error(Schema):
    """Every error answer: ``{"detail": ...}`` naming the problem."""

    detail: str


class MediaItem(Schema):
    id: int
    kind: str
    url: str
    path: str
    mime_type: str
    ratio: str
    width: int | None
    height: int | None
    caption: str
    credit: str
    alt_text: str
    poster: MediaItem | None


class SectionItem(Schema):
    slug: str
    name: str
    name_ar: str


class TopicItem(SectionItem):
    pass


class StoryItem(Schema):
    id: int
    title: str
    url: str
    updated_at: datetime


class ArticleType(Schema):
    id: int
    code: str


class ArticleAuthor(Schema):
    """A person credited on an article, named in the article's language."""

    slug: str
    name: str
    role: str
    url: str
    api_url: str


class ArticleSummary(Schema):
    id: int
    sort: int
    url: str
    api_url: str
    title: str
    headline: str
    label: str | None
    summary: str
    language: str
    type: ArticleType
    section: SectionItem | None
    story_id: int | None
    published_at: datetime | None
    modified_at: datetime
    lead_media: MediaItem | None
    # In byline order; empty when no person is credited.
    authors: list[ArticleAuthor]


class EntryAuthor(Schema):
    """A person credited on a live entry, named in the item's language."""

    slug: str
    name: str
    url: str


class LiveEntry(Schema):
    """One entry of a live item; ``revision`` says whether it was updated or corrected after
    readers saw it, and ``revised_at`` when."""

    id: int
    posted_at: datetime
    headline: str
    body_html: str
    byline: str
    # The people credited, in byline order (``byline`` holds their names, or typed text).
    authors: list[EntryAuthor]
    key_event: bool
    revision: Literal["updated", "corrected"] | None
    revised_at: datetime | None
    # What a correction put right.
    revision_note: str | None


class LiveCoverage(Schema):
    """A live item's coverage: whether it is live now, its times, summary and entries, newest
    first."""

    is_live: bool
    coverage_start: datetime
    coverage_end: datetime | None
    summary_html: str
    entries: list[LiveEntry]


class ArticleDetail(ArticleSummary):
    body_html: str
    author: str
    byline: str
    topics: list[TopicItem]
    ninjs_url: str
    # Only live items (content type 27) have one.
    live: LiveCoverage | None


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None


class MediaPage(Schema):
    items: list[MediaItem]
    next_cursor: str | None


class StoryPage(Schema):
    items: list[StoryItem]
    next_cursor: str | None


class StoryDetail(StoryItem):
    articles: list[ArticleSummary]


class SectionList(Schema):
    items: list[SectionItem]


class TopicList(Schema):
    items: list[TopicItem]


class OEmbed(Schema):
    """oEmbed 1.0: ``rich`` for articles, ``video`` for video items; a thumbnail when known."""

    version: str
    type: str
    title: str
    author_name: str
    author_url: str | None = None
    provider_name: str
    provider_url: str
    html: str
    width: int
    height: int
    thumbnail_url: str | None = None
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None


class NinjsFeed(Schema):
    """A page of ninjs items of one version (each checked against IPTC's schema by tests/api)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


# One ninjs object, as far as this document describes it; the full IPTC schema of each
# version is checked by tests/api/test_ninjs.py.
NINJS_ITEM = {
    "description": "One item in IPTC ninjs: 2.2 by default, 3.0 or 3.1 on request; the "
    "Content-Type names the version's schema as its profile",
    "content": {
        NINJS_TYPE: {
            "schema": {
                "type": "object",
                "required": ["uri", "type", "headlines"],
                "properties": {
                    "uri": {"type": "string"},
                    "type": {"type": "string"},
                    "headlines": {"type": "array"},
                    "standard": {"type": "object"},
                },
            }
        }
    },
}

NINJS_NOT_ACCEPTABLE = {
    "description": "Accept asks only for ninjs profiles that are not served; the detail "
    "names those that are.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}
