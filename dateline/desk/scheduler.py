"""Scheduled publishing: release every item whose time has come, and alert on late ones.

``publish_due`` is called by ``dateline worker`` every second or so. Items due while no worker
ran are released as soon as one starts; any released more than
``DATELINE_SCHEDULE_GRACE_SECONDS`` after its time raises an ``Alert`` (shown in the admin)
and a warning in the ``dateline.desk`` log.

A release is a workflow step, so ``announcements`` sees that its event reaches every receiver
even if the worker is killed right after the commit: the item is published exactly once and
none of its outputs is missing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.desk import workflow
from dateline.desk.models import Alert

logger = logging.getLogger("dateline.desk.scheduler")


def due(now: datetime | None = None):
    """Return the scheduled items whose time has come, oldest first."""
    now = now or timezone.now()
    return Article.objects.filter(status=Article.Status.SCHEDULED, scheduled_at__lte=now).order_by(
        "scheduled_at"
    )


def overdue(now: datetime | None = None):
    """Return the scheduled items past their time by more than the grace period."""
    now = now or timezone.now()
    grace = timedelta(seconds=setting("DATELINE_SCHEDULE_GRACE_SECONDS"))
    return due(now - grace)


def publish_due(now: datetime | None = None, limit: int = 100) -> list[Article]:
    """Publish up to ``limit`` due items and return them; safe with several workers."""
    released = []
    for pk in list(due(now).values_list("pk", flat=True)[:limit]):
        try:
            article = _release_one(pk)
        except Exception:
            # One failing item (or a failing receiver of its signal) must not stop the
            # items due after it; the failure is logged with its traceback.
            logger.exception("Publishing scheduled article %s failed", pk)
            continue
        if article is not None:
            released.append(article)
    return released


@transaction.atomic
def _release_one(pk: int) -> Article | None:
    # skip_locked lets a second worker pass over a row the first is releasing.
    article = (
        Article.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, status=Article.Status.SCHEDULED)
        .first()
    )
    if article is None:
        return None
    now = timezone.now()
    late = now - article.scheduled_at
    grace = timedelta(seconds=setting("DATELINE_SCHEDULE_GRACE_SECONDS"))
    # On time, the item carries its scheduled time; late, the time it really went out.
    workflow.perform(article, "publish", None, at=article.scheduled_at if late <= grace else now)
    if late > grace:
        _alert_late(article, late)
    return article


def _alert_late(article: Article, late: timedelta) -> None:
    message = (
        f"Article {article.pk} ({article.headline[:80]}) was due at "
        f"{article.scheduled_at:%Y-%m-%d %H:%M:%S %Z} and went out {int(late.total_seconds())} s "
        "late: no worker was running. Run `dateline worker` permanently."
    )
    Alert.objects.create(article=article, message=message, due_at=article.scheduled_at)
    logger.warning(message)
