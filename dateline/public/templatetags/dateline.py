"""Template filters for the reader site."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from dateline.site.dates import format_dateline

register = template.Library()


@register.filter
def dateline(value: datetime | None, language: str = "en") -> str:
    """Render a time as the reference's dateline: ``Fri Feb 26, 2016 11:14:49``."""
    if value is None:
        return ""
    return format_dateline(value, language)


@register.filter
def iso(value: datetime | None) -> str:
    """Render a time as ISO 8601 in the site's time zone, for ``<time datetime>``."""
    if value is None:
        return ""
    # HTML allows at most three digits of fractional seconds in a datetime attribute.
    return timezone.localtime(value).isoformat(timespec="seconds")
