"""Whether an urgent or breaking item is still news: its mark expires.

An item labelled urgent or breaking is shown as such until its own ``breaking_until`` when
the desk set one, else for ``DATELINE_URGENT_HOURS`` after publication; a week-old item is
never shown as breaking.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from dateline.articles.models import Article
from dateline.conf import setting


def window() -> timedelta:
    return timedelta(hours=float(setting("DATELINE_URGENT_HOURS")))


def still_breaking(now: datetime | None = None) -> Q:
    """Return the filter of items whose urgent or breaking mark has not expired at ``now``."""
    now = now or timezone.now()
    own_end = Q(breaking_until__isnull=False, breaking_until__gt=now)
    default_end = Q(breaking_until__isnull=True, published_at__gt=now - window())
    return Q(label__is_breaking=True) & (own_end | default_end)


def is_breaking_now(article: Article, now: datetime | None = None) -> bool:
    """Return whether ``article`` shows as urgent or breaking at ``now``."""
    if article.label_id is None or not article.label.is_breaking:
        return False
    now = now or timezone.now()
    if article.breaking_until is not None:
        return article.breaking_until > now
    return article.published_at is not None and article.published_at > now - window()
