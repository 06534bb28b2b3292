"""``/api/v1/articles``: lists with cursor pagination and filters, details and IPTC ninjs."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Field, Query, Router, Schema

from dateline.api import links, operations
from dateline.api.conditional import cached_json
from dateline.api.filters import filter_articles
from dateline.api.formats import article_detail, article_summary
from dateline.api.negotiation import ninjs_content_type, ninjs_version
from dateline.api.pagination import cursor_page
from dateline.api.params import (
    SLUG_OR_EMPTY_PATTERN,
    PageQuery,
    declared,
    one_of_languages,
    page_limit,
    slug_filter,
)
from dateline.api.schemas import (
    NINJS_ITEM,
    NINJS_NOT_ACCEPTABLE,
    ArticleDetail,
    ArticlePage,
    NinjsFeed,
)
from dateline.articles.models import Article
from dateline.live.reader import public_entries
from dateline.people.credits import with_credits
from dateline.syndication import facts
from dateline.syndication.ninjs import DEFAULT_VERSION, VERSIONS, article_ninjs

router = Router(tags=["articles"])
ninjs_router = Router(tags=["ninjs"])


class ArticleQuery(PageQuery):
    """The query string of article lists. Values stay strings: ``_listing`` checks them and
    answers a bad one with a 400 naming it, rather than ninja's generic 422; ``params``
    declares exactly what it accepts."""

    section: str | None = slug_filter("section")
    topic: str | None = slug_filter("topic")
    type: str | None = Field(
        None,
        description="Only items of this content type, by code or id (docs/content-types.md); "
        "one that does not exist matches nothing (empty: any).",
        json_schema_extra=declared(type="string", pattern=SLUG_OR_EMPTY_PATTERN),
    )
    language: str | None = Field(
        None, description="Only items in this language.", json_schema_extra=one_of_languages
    )
    since: str | None = Field(
        None,
        description="Only items published at or after this RFC 3339 time (without an offset: "
        "in the site's time zone).",
        json_schema_extra=declared(type="string", format="date-time"),
    )
    until: str | None = Field(
        None,
        description="Only items published before this RFC 3339 time.",
        json_schema_extra=declared(type="string", format="date-time"),
    )


VERSION_FIELD = Field(
    None,
    description=f"The ninjs version of the items (default {DEFAULT_VERSION}); instead, "
    '``Accept: application/ninjs+json; profile="<IPTC schema URI>"`` chooses one.',
    json_schema_extra=declared(type="string", enum=list(VERSIONS)),
)


class NinjsQuery(Schema):
    """The ninjs version; a value that is not served gets a 400 naming those that are."""

    version: str | None = VERSION_FIELD


class NinjsFeedQuery(ArticleQuery):
    version: str | None = VERSION_FIELD


def _public() -> object:
    # The authors of a page of items in two queries, whatever its length.
    return with_credits(Article.objects.public().for_listing().select_related("signature__desk"))


def _listing(query: ArticleQuery, base=None) -> tuple[list[Article], str | None]:
    """Return the page of public articles that ``query`` asks for, newest first."""
    items = filter_articles(
        base if base is not None else _public(),
        section=query.section,
        topic=query.topic,
        type=query.type,
        language=query.language,
        since=query.since,
        until=query.until,
    )
    return cursor_page(items, "sort", query.cursor, page_limit(query))


def _latest(rows: list[Article]):
    return max((facts.modified(a) for a in rows), default=None)


def _found(article_id: int) -> Article:
    article = _public().filter(pk=article_id).first()
    if article is None:
        raise Http404(f"No published article with id {article_id}")
    return article


@router.get(
    "",
    operation_id=operations.ARTICLES,
    summary="Public articles, newest first (cursor on sort)",
    response={200: ArticlePage},
    openapi_extra=links.declare(
        **links.article_links(links.body("/items/0/id")),
        **links.summary_links("/items/0"),
        **links.next_page(operations.ARTICLES),
    ),
)
def list_articles(request: HttpRequest, query: Query[ArticleQuery]) -> HttpResponse:
    """List public articles; pass ``next_cursor`` back as ``cursor`` for the next page."""
    rows, next_cursor = _listing(query)
    payload = {"items": [article_summary(a) for a in rows], "next_cursor": next_cursor}
    return cached_json(request, payload, _latest(rows))


@router.get(
    "/{int:article_id}",
    operation_id=operations.ARTICLE,
    summary="One public article",
    response={200: ArticleDetail},
    openapi_extra=links.declare(
        **links.article_links(links.path("article_id"), "ninjs", "related"),
        **links.summary_links(""),
        topic=links.to(operations.TOPIC, "Its first topic", slug=links.body("/topics/0/slug")),
    ),
)
def get_article(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _found(article_id)
    payload = article_detail(article, list(article.topics.all()))
    return cached_json(request, payload, facts.modified(article))


def _or_not_acceptable(openapi_extra: dict) -> dict:
    openapi_extra["responses"]["406"] = NINJS_NOT_ACCEPTABLE
    return openapi_extra


def _negotiated(response: HttpResponse) -> HttpResponse:
    # The Accept header can choose the version, so shared caches must key on it.
    patch_vary_headers(response, ["Accept"])
    return response


@router.get(
    "/{int:article_id}.ninjs",
    operation_id=operations.ARTICLE_NINJS,
    summary="One public article as IPTC ninjs (2.2, 3.0 or 3.1)",
    openapi_extra=_or_not_acceptable(
        links.declare(
            response=NINJS_ITEM,
            **links.article_links(links.path("article_id"), "article", "related"),
        )
    ),
)
def get_article_ninjs(
    request: HttpRequest, article_id: int, query: Query[NinjsQuery]
) -> HttpResponse:
    """Return the article in the ninjs version asked for (``?version=``, else Accept)."""
    version = ninjs_version(request)
    article = _found(article_id)
    entries = public_entries(article)
    payload = article_ninjs(article, list(article.topics.all()), version, entries)
    content_type = ninjs_content_type(version)
    response = cached_json(request, payload, facts.modified(article), content_type=content_type)
    return _negotiated(response)


@ninjs_router.get(
    "/articles.ninjs",
    operation_id=operations.NINJS_FEED,
    summary="Public articles as a feed of IPTC ninjs items (2.2, 3.0 or 3.1)",
    response={200: NinjsFeed},
    openapi_extra=_or_not_acceptable(links.declare(**links.next_page(operations.NINJS_FEED))),
)
def ninjs_feed(request: HttpRequest, query: Query[NinjsFeedQuery]) -> HttpResponse:
    """List public articles as ninjs items, with the same filters and cursor as the list."""
    version = ninjs_version(request)
    rows, next_cursor = _listing(query, _public().prefetch_related("topics"))
    items = [article_ninjs(a, list(a.topics.all()), version, public_entries(a)) for a in rows]
    payload = {"items": items, "next_cursor": next_cursor}
    return _negotiated(cached_json(request, payload, _latest(rows)))
