"""Turn API query parameters into a queryset of public articles, refusing bad values clearly."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from django.utils.timezone import is_naive, make_aware
from ninja.errors import HttpError

from dateline.api.params import SLUG_PATTERN
from dateline.articles.models import Article
from dateline.conf import setting

# Anything but a slug, NUL bytes included (PostgreSQL refuses them in text), is refused
# before it reaches a query.
_SLUG = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))
_TYPE_ID = re.compile(r"[0-9]{1,18}")
# RFC 3339 (``format: date-time`` in the OpenAPI document), T and Z in either case, with the
# offset optional: a time without one is read in the site's time zone.
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def is_slug(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None


def _slug(name: str, value: str | None) -> str | None:
    if value and not is_slug(value):
        raise HttpError(400, f"{name} must be a slug (letters, digits, - and _)")
    return value


def parse_date_time(name: str, value: str | None) -> datetime | None:
    """Return an RFC 3339 date-time (aware; naive ones in the site's zone), None if absent.

    A leap second reads as the second before it; a bad value is refused with a 400.
    """
    if value is None:
        return None
    match = _DATE_TIME.fullmatch(value)
    moment = None
    if match is not None:
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        iso = (
            f"{year}-{month}-{day}T{hour}:{minute}:{min(int(second), 59):02d}"
            f".{(fraction or '0')[:6].ljust(6, '0')}{(offset or '').upper()}"
        )
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:  # a day or hour that does not exist
            moment = None
    if moment is not None:
        try:
            # The database compares in UTC: the first and last hours of years 1 and 9999
            # have no UTC time.
            moment = (make_aware(moment) if is_naive(moment) else moment).astimezone(UTC)
        except (OverflowError, ValueError):
            moment = None
    if moment is None:
        raise HttpError(400, f"{name} must be an RFC 3339 date-time such as 2016-02-26T11:14:49Z")
    return moment


def _article_type(value: str) -> Q:
    # A type that does not exist matches nothing, like a section or topic that does not.
    if _TYPE_ID.fullmatch(value):
        return Q(article_type_id=int(value))
    return Q(article_type__code=value)


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
    if language is not None:
        if language not in setting("DATELINE_LANGUAGES"):
            raise HttpError(400, f"language must be one of {setting('DATELINE_LANGUAGES')}")
        items = items.filter(language=language)
    if _slug("section", section):
        items = items.filter(section__slug=section)
    if _slug("topic", topic):
        items = items.filter(topics__slug=topic)
    if _slug("type", type):
        items = items.filter(_article_type(type))
    start, end = parse_date_time("since", since), parse_date_time("until", until)
    if start:
        items = items.filter(published_at__gte=start)
    if end:
        items = items.filter(published_at__lt=end)
    return items
