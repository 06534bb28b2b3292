"""Turn API query parameters into a queryset of public articles, refusing bad values clearly."""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from ninja.errors import HttpError

from dateline.api.pagination import parse_int
from dateline.articles.models import Article, ArticleType
from dateline.conf import setting

# Slugs as the taxonomy stores them (Unicode letters allowed); anything else, NUL bytes
# included (PostgreSQL refuses them in text), is refused before it reaches a query.
_SLUG = re.compile(r"[-\w]{1,100}")


def is_slug(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None


def _slug(name: str, value: str | None) -> str | None:
    if value and not is_slug(value):
        raise HttpError(400, f"{name} must be a slug (letters, digits, - and _)")
    return value


def _time(name: str, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise HttpError(400, f"{name} must be an ISO 8601 date-time such as 2016-02-26T11:14:49Z")
    return make_aware(moment) if is_naive(moment) else moment


def _article_type(value: str) -> int:
    if value.isdigit():
        type_id = parse_int("type", value)
        if ArticleType.objects.filter(pk=type_id).exists():
            return type_id
    else:
        found = ArticleType.objects.filter(code=value).values_list("pk", flat=True).first()
        if found is not None:
            return found
    raise HttpError(400, f"type {value!r} is not a content type id or code")


def filter_articles(
    items: QuerySet[Article],
    *,
    section: str | None = None,
    topic: str | None = None,
    type: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> QuerySet[Article]:
    """Narrow public ``items`` by section and topic slug, content type, language and time."""
    if language:
        if language not in setting("DATELINE_LANGUAGES"):
            raise HttpError(400, f"language must be one of {setting('DATELINE_LANGUAGES')}")
        items = items.filter(language=language)
    if _slug("section", section):
        items = items.filter(section__slug=section)
    if _slug("topic", topic):
        items = items.filter(topics__slug=topic)
    if type:
        items = items.filter(article_type_id=_article_type(type))
    start, end = _time("since", since), _time("until", until)
    if start:
        items = items.filter(published_at__gte=start)
    if end:
        items = items.filter(published_at__lt=end)
    return items
