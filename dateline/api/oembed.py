"""``/api/v1/oembed``: oEmbed 1.0 for article and video URLs of this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from ninja import Router
from ninja.errors import HttpError

from dateline.api.conditional import cached_json
from dateline.api.pagination import parse_int
from dateline.api.schemas import OEmbed
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


@router.get(
    "",
    summary="oEmbed for an article or video URL",
    response={200: OEmbed},
    openapi_extra={
        "responses": {
            "404": {"description": "url is not a published page of this site"},
            "501": {"description": "the format asked for is not offered (oEmbed 1.0)"},
        }
    },
)
def oembed(
    request: HttpRequest,
    url: str,
    format: str = "json",
    maxwidth: str | None = None,
    maxheight: str | None = None,
) -> HttpResponse:
    if format != "json":
        # oEmbed 1.0: a provider that cannot give the requested format answers 501.
        raise HttpError(501, f"format {format!r} is not offered; use json")
    width, height = parse_int("maxwidth", maxwidth), parse_int("maxheight", maxheight)
    if (width is not None and width < 1) or (height is not None and height < 1):
        raise HttpError(400, "maxwidth and maxheight must be positive")
    article = _article_for(url)
    answer = article_oembed(article, width, height)
    return cached_json(request, answer, facts.modified(article))
