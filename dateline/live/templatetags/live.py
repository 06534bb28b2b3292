from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from dateline.articles.models import Article
from dateline.live import reader
from dateline.site.dates import format_dateline

register = template.Library()


@register.inclusion_tag("live/_live.html")
def live_block(article: Article) -> dict:
    """Render the live block of a live item's page: state, summary, key events, entries."""
    return reader.block_context(reader.page_state(article))


@register.filter
def entry_time(value: datetime) -> str:
    """Return the clock time of an entry in the site's time zone (``14:05``)."""
    return f"{timezone.localtime(value):%H:%M}"


@register.filter
def full_time(value: datetime, language: str = "en") -> str:
    return format_dateline(value, language)


@register.filter
def is_live_item(article: Article) -> bool:
    return reader.is_live_item(article)


@register.simple_tag
def entry_people(entry, language: str) -> list[tuple[str, str, str]]:
    """Return the people credited on ``entry`` as (separator, name, author page) in
    ``language``: "A, B and C" in English, "أ وب" in Arabic."""
    from dateline.people.credits import separators
    from dateline.site.urlbuilder import urls

    people = entry.people()
    names = [p.name_in(language) for p in people]
    return [
        (sep, name, urls.author(person, language))
        for sep, name, person in zip(separators(names, language), names, people, strict=True)
    ]
