"""``/api/v1/media``, ``/sections``, ``/topics`` and ``/stories``: what public articles use."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Query, Router

from dateline.api import links, operations
from dateline.api.conditional import cached_json
from dateline.api.filters import is_slug
from dateline.api.formats import (
    article_summary,
    media_item,
    section_item,
    story_item,
    topic_item,
)
from dateline.api.pagination import cursor_page
from dateline.api.params import PageQuery, SlugPath, page_limit
from dateline.api.schemas import (
    MediaItem,
    MediaPage,
    SectionItem,
    SectionList,
    StoryDetail,
    StoryPage,
    TopicItem,
    TopicList,
)
from dateline.articles.models import Article
from dateline.media.models import MediaAsset
from dateline.media.visibility import assets_shown_by
from dateline.people.credits import with_credits
from dateline.stories.models import Story
from dateline.taxonomy.models import Section, Topic

media_router = Router(tags=["media"])
sections_router = Router(tags=["sections"])
topics_router = Router(tags=["topics"])
stories_router = Router(tags=["stories"])

# The story timeline is capped like the reader page's.
TIMELINE_LIMIT = 500


def _public_media():
    """Return assets that a public article shows; files of unpublished items stay private."""
    shown = assets_shown_by(Article.objects.public())
    return MediaAsset.objects.filter(shown).select_related("poster")


@media_router.get(
    "",
    operation_id=operations.MEDIA_LIST,
    summary="Media of public articles, newest first (cursor on id)",
    response={200: MediaPage},
    openapi_extra=links.declare(
        media=links.to(operations.MEDIA, "The first asset", media_id=links.body("/items/0/id")),
        poster=links.to(
            operations.MEDIA, "The first asset's poster", media_id=links.body("/items/0/poster/id")
        ),
        **links.next_page(operations.MEDIA_LIST),
    ),
)
def list_media(request: HttpRequest, page: Query[PageQuery]):
    rows, next_cursor = cursor_page(_public_media(), "-id", page.cursor, page_limit(page))
    return cached_json(
        request, {"items": [media_item(m) for m in rows], "next_cursor": next_cursor}
    )


@media_router.get(
    "/{int:media_id}",
    operation_id=operations.MEDIA,
    summary="One media asset of a public article",
    response={200: MediaItem},
    openapi_extra=links.declare(
        poster=links.to(operations.MEDIA, "Its poster", media_id=links.body("/poster/id"))
    ),
)
def get_media(request: HttpRequest, media_id: int) -> HttpResponse:
    asset = _public_media().filter(pk=media_id).first()
    if asset is None:
        raise Http404(f"No public media with id {media_id}")
    return cached_json(request, media_item(asset))


@sections_router.get(
    "",
    operation_id=operations.SECTIONS,
    summary="All sections",
    response={200: SectionList},
    openapi_extra=links.declare(
        section=links.to(operations.SECTION, "The first section", slug=links.body("/items/0/slug"))
    ),
)
def list_sections(request: HttpRequest) -> HttpResponse:
    return cached_json(request, {"items": [section_item(s) for s in Section.objects.all()]})


@sections_router.get(
    "/{slug}",
    operation_id=operations.SECTION,
    summary="One section",
    response={200: SectionItem},
    openapi_extra=links.declare(
        articles=links.to(operations.ARTICLES, "Its public articles", section=links.path("slug"))
    ),
)
def get_section(request: HttpRequest, path: Path[SlugPath]) -> HttpResponse:
    slug = path.slug
    section = Section.objects.filter(slug=slug).first() if is_slug(slug) else None
    if section is None:
        raise Http404(f"No section {slug!r}")
    return cached_json(request, section_item(section))


@topics_router.get(
    "",
    operation_id=operations.TOPICS,
    summary="All topics",
    response={200: TopicList},
    openapi_extra=links.declare(
        topic=links.to(operations.TOPIC, "The first topic", slug=links.body("/items/0/slug"))
    ),
)
def list_topics(request: HttpRequest) -> HttpResponse:
    return cached_json(request, {"items": [topic_item(t) for t in Topic.objects.all()]})


@topics_router.get(
    "/{slug}",
    operation_id=operations.TOPIC,
    summary="One topic",
    response={200: TopicItem},
    openapi_extra=links.declare(
        articles=links.to(operations.ARTICLES, "Its public articles", topic=links.path("slug"))
    ),
)
def get_topic(request: HttpRequest, path: Path[SlugPath]) -> HttpResponse:
    slug = path.slug
    topic = Topic.objects.filter(slug=slug).first() if is_slug(slug) else None
    if topic is None:
        raise Http404(f"No topic {slug!r}")
    return cached_json(request, topic_item(topic))


def _public_stories():
    return Story.objects.filter(pk__in=Article.objects.public().values("story"))


@stories_router.get(
    "",
    operation_id=operations.STORIES,
    summary="Stories with public articles, newest first (cursor on id)",
    response={200: StoryPage},
    openapi_extra=links.declare(
        story=links.to(operations.STORY, "The first story", story_id=links.body("/items/0/id")),
        **links.next_page(operations.STORIES),
    ),
)
def list_stories(request: HttpRequest, page: Query[PageQuery]):
    rows, next_cursor = cursor_page(_public_stories(), "-id", page.cursor, page_limit(page))
    return cached_json(
        request, {"items": [story_item(s) for s in rows], "next_cursor": next_cursor}
    )


@stories_router.get(
    "/{int:story_id}",
    operation_id=operations.STORY,
    summary="One story and its public timeline, oldest first",
    response={200: StoryDetail},
    openapi_extra=links.declare(**links.article_links(links.body("/articles/0/id"))),
)
def get_story(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _public_stories().filter(pk=story_id).first()
    if story is None:
        raise Http404(f"No story with public articles and id {story_id}")
    timeline = with_credits(
        Article.objects.public().for_listing().filter(story=story).order_by("-sort")
    )[:TIMELINE_LIMIT]
    payload = {**story_item(story), "articles": [article_summary(a) for a in timeline]}
    return cached_json(request, payload)
