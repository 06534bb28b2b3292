"""``/api/v1/oembed``: oEmbed 1.0 for article and video URLs of this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from dateline.api import operations
from dateline.api.conditional import cached_json
from dateline.api.pagination import INT64, parse_int
from dateline.api.params import declared
from dateline.api.schemas import Error, OEmbed
from dateline.articles.models import Article
from dateline.conf import setting
from dateline.syndication import facts
from dateline.syndication.oembed import article_oembed

router = Router(tags=["oembed"])

ARTICLE_VIEWS = {"public:article", "public:article-short"}


def _article_for(url: str) -> Article:
    """Return the public article that ``url`` (on this site) shows, or raise a 404."""
    site = urlsplit(setting("DATELINE_SITE_URL"))
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        raise HttpError(404, "url is not a page of this site")
    try:
        # The edition prefix only resolves while its language is active (i18n_patterns).
        with translation.override(translation.get_language_from_path(parts.path)):
            match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is None or match.view_name not in ARTICLE_VIEWS:
        raise HttpError(404, "url is not an article page")
    article = Article.objects.public().for_listing().filter(pk=match.kwargs["pk"]).first()
    if article is None:
        raise HttpError(404, "url is not a published article")
    return article


# oEmbed 1.0 defines json and xml; a provider that lacks one answers 501.
FORMATS = ("json", "xml")


class OEmbedQuery(Schema):
    url: str = Field(
        ..., description="The URL of an article or video page of this site.", min_length=1
    )
    format: str = Field(
        "json",
        description="json; xml answers 501 as oEmbed 1.0 asks of a provider without it, "
        "another value 400.",
        json_schema_extra=declared(type="string", enum=["json"], default="json"),
    )
    maxwidth: str | None = Field(
        None,
        description="The widest the embed may be, in pixels.",
        json_schema_extra=declared(type="integer", minimum=1, maximum=INT64),
    )
    maxheight: str | None = Field(
        None,
        description="The tallest the embed may be, in pixels.",
        json_schema_extra=declared(type="integer", minimum=1, maximum=INT64),
    )


def _pixels(name: str, value: str | None) -> int | None:
    pixels = parse_int(name, value)
    if pixels is not None and pixels < 1:
        raise HttpError(400, f"{name} must be positive")
    return pixels


@router.get(
    "",
    operation_id=operations.OEMBED,
    summary="oEmbed for an article or video URL",
    response={200: OEmbed, 404: Error, 501: Error},
    openapi_extra={
        "responses": {
            "404": {"description": "url is not a published page of this site"},
            "501": {"description": "format=xml: this provider answers in json only (oEmbed 1.0)"},
        }
    },
)
def oembed(request: HttpRequest, query: Query[OEmbedQuery]) -> HttpResponse:
    if query.format not in FORMATS:
        raise HttpError(
            400, f"format must be json (oEmbed 1.0 knows json and xml), not {query.format!r}"
        )
    if query.format != "json":
        # oEmbed 1.0: a provider that cannot give the requested format answers 501.
        raise HttpError(501, f"format {query.format!r} is not offered; use json")
    width, height = _pixels("maxwidth", query.maxwidth), _pixels("maxheight", query.maxheight)
    article = _article_for(query.url)
    answer = article_oembed(article, width, height)
    return cached_json(request, answer, facts.modified(article))
