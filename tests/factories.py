"""Small factories for test data: real rows, no mocks."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from dateline.articles.models import Article, Label
from dateline.articles.sortkeys import allocate_sort_key
from dateline.media.models import MediaAsset
from dateline.media.paths import datetime_to_ticks
from dateline.people.models import Person
from dateline.people.names import keyed
from dateline.stories.models import Story
from dateline.taxonomy.models import Section, Topic

_counter = itertools.count(1)


def make_section(slug: str = "world", name: str = "World") -> Section:
    return Section.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_topic(slug: str = "libya", name: str = "Libya") -> Topic:
    return Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_story(title: str = "Libya conflict") -> Story:
    return Story.objects.create(title=title)


def make_person(name: str, slug: str, **fields) -> Person:
    """Return a new person saved as the people admin saves one (with the names' search key)."""
    person = keyed(Person(name=name, slug=slug, **fields))
    person.save()
    return person


def make_media(moment: datetime | None = None, ext: str = "jpg", ratio: str = "4x3") -> MediaAsset:
    moment = moment or timezone.now()
    ticks = datetime_to_ticks(moment) + next(_counter)
    day = moment.astimezone(UTC)
    asset = MediaAsset.from_path(f"/{day:%Y/%m/%d}/test_{ticks}_25f_{ratio}.{ext}")
    asset.save()
    return asset


def make_article(
    headline: str | None = None,
    *,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = None,
    label: str | None = None,
    language: str = "en",
    topics=(),
    **fields,
) -> Article:
    n = next(_counter)
    # Seconds, not minutes: a long test session must not push items out of two-day windows.
    published_at = published_at or timezone.now() - timedelta(hours=1, seconds=n)
    article = Article.objects.create(
        headline=headline or f"Headline number {n}",
        slug=f"headline-{n}",
        body=fields.pop("body", f"<p>Body of article {n}.</p>"),
        language=language,
        status=status,
        published_at=published_at,
        label=Label.objects.get(code=label) if label else None,
        sort=fields.pop("sort", None) or allocate_sort_key(),
        **fields,
    )
    if topics:
        article.topics.set(topics)
    return article
