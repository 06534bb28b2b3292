"""Embargoes: put back on a live item, it leaves every public output at once; when it passes,
the item joins them.

Pages, feeds and search ask ``Article.objects.public()`` at request time, so they follow an
embargo by the clock. What is built ahead (baked pages, stored related lists, story
timelines, webhooks) is built by the consumers of the publishing events, so both edges of an
embargo send one, recorded by the step that moves it: ``unpublished`` when an editor puts
it back and ``published`` when an editor lifts it early (both through
``dateline.desk.workflow.save_edit``), ``published`` when ``dateline worker`` finds it
passed (``lift_passed``).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk import announcements
from dateline.desk.models import Transition


def passed(now: datetime | None = None):
    """Return the published items whose embargo has passed and has not been lifted yet."""
    now = now or timezone.now()
    return Article.objects.filter(status=Article.Status.PUBLISHED, embargo_until__lte=now)


def lift_passed(now: datetime | None = None, limit: int = 100) -> list[int]:
    """Lift up to ``limit`` passed embargoes; return the ids. Safe with several workers."""
    now = now or timezone.now()
    lifted = []
    for pk in list(passed(now).order_by("embargo_until").values_list("pk", flat=True)[:limit]):
        if _lift_one(pk, now):
            lifted.append(pk)
    return lifted


@transaction.atomic
def _lift_one(pk: int, now: datetime) -> bool:
    # skip_locked: a second worker passes over the row the first is lifting.
    article = passed(now).select_for_update(skip_locked=True).filter(pk=pk).first()
    if article is None:
        return False
    until = article.embargo_until
    # A plain update: the embargo is over, and no save receiver should read it as an edit.
    Article.objects.filter(pk=pk).update(embargo_until=None)
    article.embargo_until = None
    Transition.objects.create(
        article=article,
        action="lift embargo",
        from_status=article.status,
        to_status=article.status,
        reason=f"embargo until {until:%Y-%m-%d %H:%M:%S %Z} passed",
    )
    announcements.track(article, "published")
    return True
