"""The read counter behind "most read": reads per item per hour, nothing about the reader.

The beacon (``static/dateline/reads.js``) posts to ``/hit/<id>``; ``count_read`` adds one to
the item's row for the current hour. No cookie, address, agent or referrer is stored; see
docs/readership.md for what is counted and what is not.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.fronts.models import ReadCount

# How many ranked items are read per item wanted: the others may be of another edition or
# no longer public.
CANDIDATES = 10


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def count_read(article_id: int, now: datetime | None = None) -> bool:
    """Count one read of a public item in the current hour; return whether it counted."""
    if not Article.objects.public().filter(pk=article_id).exists():
        return False
    hour = _hour(now or timezone.now())
    rows = ReadCount.objects.filter(article_id=article_id, hour=hour)
    if rows.update(reads=F("reads") + 1):
        return True
    try:
        # Two first reads in one hour race to create the row: the loser adds to it.
        with transaction.atomic():
            ReadCount.objects.create(article_id=article_id, hour=hour, reads=1)
    except IntegrityError:
        rows.update(reads=F("reads") + 1)
    return True


def most_read(
    language: str, limit: int, exclude: set[int] = frozenset(), now: datetime | None = None
) -> list[Article]:
    """Return the ``limit`` public items of ``language`` read most in the last
    ``DATELINE_MOST_READ_HOURS`` hours, most read first."""
    since = _hour(now or timezone.now()) - timedelta(hours=int(setting("DATELINE_MOST_READ_HOURS")))
    # Rank the hour rows alone (the hour index), then keep the public items of the edition:
    # joining the ranking to the articles walks the whole archive.
    ranked = (
        ReadCount.objects.filter(hour__gte=since)
        .values("article")
        .annotate(total=Sum("reads"))
        .order_by("-total", "article")[: limit * CANDIDATES + len(exclude)]
    )
    ids = [row["article"] for row in ranked if row["article"] not in exclude]
    found = Article.objects.public().filter(language=language).for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:limit]


def forget_before(moment: datetime) -> int:
    """Delete the hourly rows older than ``moment``; return how many went."""
    return ReadCount.objects.filter(hour__lt=moment).delete()[0]
