"""Scheduled publishing: release every item whose time has come, and alert on late ones.

``publish_due`` is called by ``dateline worker`` every second or so. Items due while no worker
ran are released as soon as one starts; any released more than
``DATELINE_SCHEDULE_GRACE_SECONDS`` after its time raises an ``Alert`` (shown in the admin)
and a warning in the ``dateline.desk`` log.

Each release commits with an ``UnfinishedRelease`` row that goes once the publish's receivers
(search, related lists, baked pages, webhooks) have run. A worker killed in between leaves the
row; ``finish_interrupted`` runs the receivers again, so the item is published exactly once
and none of its outputs is missing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.conf import setting
from dateline.desk import workflow
from dateline.desk.models import Alert, UnfinishedRelease
from dateline.publishing.baker import new_worker_id, owner_is_gone, release_dead_claims
from dateline.syndication.models import WebhookDelivery

logger = logging.getLogger("dateline.desk.scheduler")

# Whether a worker on another host still runs cannot be checked; its receivers take seconds.
OTHER_HOST_PATIENCE = timedelta(minutes=10)


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
    owner = new_worker_id()
    for pk in list(due(now).values_list("pk", flat=True)[:limit]):
        try:
            article = _release_one(pk, owner)
        except Exception:
            # One failing item (or a failing receiver of its signal) must not stop the
            # items due after it; the failure is logged with its traceback.
            logger.exception("Publishing scheduled article %s failed", pk)
            continue
        if article is not None:
            released.append(article)
    return released


@transaction.atomic
def _release_one(pk: int, owner: str) -> Article | None:
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
    unfinished = UnfinishedRelease.objects.create(article=article, owner=owner)
    # Commit hooks run in order: this one runs once the publish's receivers have returned.
    transaction.on_commit(lambda: UnfinishedRelease.objects.filter(pk=unfinished.pk).delete())
    return article


def finish_interrupted() -> list[int]:
    """Run the receivers of releases whose worker stopped before they ran; return the ids.

    Only releases of workers that are gone are taken (those of this host at once, others
    after ``OTHER_HOST_PATIENCE``), each claimed first so that two workers never both run it.
    """
    finished = []
    patience = timezone.now() - OTHER_HOST_PATIENCE
    for row in UnfinishedRelease.objects.order_by("pk"):
        if not (owner_is_gone(row.owner) or row.created_at < patience):
            continue
        owner = new_worker_id()
        if not UnfinishedRelease.objects.filter(pk=row.pk, owner=row.owner).update(owner=owner):
            continue
        try:
            _announce_again(row.article_id, row.created_at)
        except Exception:
            # A receiver that fails again is logged; the release is not retried forever.
            logger.exception("Finishing the release of article %s failed", row.article_id)
        UnfinishedRelease.objects.filter(pk=row.pk).delete()
        finished.append(row.article_id)
    return finished


def _announce_again(article_id: int, since: datetime) -> None:
    article = Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED).first()
    if article is None:
        return  # taken down since: the later step's receivers have run instead
    logger.warning("Finishing the release of article %s: its worker stopped midway", article_id)
    # The stopped worker may hold claims on the article's baked pages; free them first.
    release_dead_claims()
    recorded = set(_published_deliveries(article_id, since).values_list("pk", flat=True))
    signals.article_published.send(sender=Article, article=article)
    if recorded:
        _keep_one_delivery_each(article_id, since, recorded)


def _published_deliveries(article_id: int, since: datetime):
    return WebhookDelivery.objects.filter(
        article_id=article_id, event="published", created_at__gte=since
    )


def _keep_one_delivery_each(article_id: int, since: datetime, recorded: set[int]) -> None:
    # Webhook deliveries are the one receiver whose effect is not idempotent: a partner must
    # get one "published" event. The stopped worker may have recorded its deliveries without
    # queueing them; the copies just made are queued. Keep the copy unless the original has
    # been attempted already.
    copies = _published_deliveries(article_id, since).exclude(pk__in=recorded)
    for original in WebhookDelivery.objects.filter(pk__in=recorded):
        untouched = WebhookDelivery.objects.filter(
            pk=original.pk, attempts=0, state=WebhookDelivery.State.PENDING
        )
        if not untouched.delete()[0]:
            copies.filter(endpoint_id=original.endpoint_id).delete()


def _alert_late(article: Article, late: timedelta) -> None:
    message = (
        f"Article {article.pk} ({article.headline[:80]}) was due at "
        f"{article.scheduled_at:%Y-%m-%d %H:%M:%S %Z} and went out {int(late.total_seconds())} s "
        "late: no worker was running. Run `dateline worker` permanently."
    )
    Alert.objects.create(article=article, message=message, due_at=article.scheduled_at)
    logger.warning(message)
