"""Every workflow step's announcement is made, even when the process making it dies.

A step commits the article's new state and, in the same transaction, an
``UnfinishedRelease`` row naming the event (published, updated, unpublished, killed). The
event's receivers (search, related lists, stories, baked pages, CDN purge, webhooks) run after
the commit; the row goes once they have returned. A web or worker process killed in between
leaves the row, and ``dateline worker`` sends the event again (``finish_interrupted``): rows
of a process of this host that has ended at once, any other after ``OTHER_HOST_PATIENCE``
(a receiver that raised, or a process on another host, which cannot be checked).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.desk.models import UnfinishedRelease
from dateline.publishing.baker import new_worker_id, owner_is_gone, release_dead_claims
from dateline.syndication.models import WebhookDelivery

logger = logging.getLogger("dateline.desk.announcements")

# Whether a process on another host still runs cannot be checked; receivers take seconds.
OTHER_HOST_PATIENCE = timedelta(minutes=10)

S = Article.Status
# The status an article must still have for its event to be worth sending again; a later
# step has sent its own event (and its receivers have run) otherwise.
STATUS_OF = {
    "published": S.PUBLISHED,
    "updated": S.PUBLISHED,
    "unpublished": S.UNPUBLISHED,
    "killed": S.KILLED,
}


def track(article: Article, event: str) -> None:
    """Record that ``event``'s receivers are still to run for ``article``.

    Call it inside the step's transaction, after the step has queued its signal: commit
    hooks run in order, so the row goes once the receivers have returned.
    """
    row = UnfinishedRelease.objects.create(article=article, owner=new_worker_id(), event=event)
    transaction.on_commit(lambda: UnfinishedRelease.objects.filter(pk=row.pk).delete())


def finish_interrupted() -> list[int]:
    """Send again the events whose process stopped before their receivers ran; return the ids.

    Each row is claimed first, so two workers never both send it.
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
            _announce_again(row.article_id, row.event, row.created_at)
        except Exception:
            # A receiver that fails again is logged; the event is not retried forever.
            logger.exception(
                "Finishing the %s event of article %s failed", row.event, row.article_id
            )
        UnfinishedRelease.objects.filter(pk=row.pk).delete()
        finished.append(row.article_id)
    return finished


def _announce_again(article_id: int, event: str, since: datetime) -> None:
    article = Article.objects.filter(pk=article_id, status=STATUS_OF[event]).first()
    if article is None:
        return  # moved on since: the later step's receivers have run instead
    logger.warning(
        "Sending the %s event of article %s again: its process stopped", event, article_id
    )
    # The stopped process may hold claims on the article's baked pages; free them first.
    release_dead_claims()
    recorded = set(_deliveries(article_id, event, since).values_list("pk", flat=True))
    signals.BY_NAME[event].send(sender=Article, article=article)
    if recorded:
        _keep_one_delivery_each(article_id, event, since, recorded)


def _deliveries(article_id: int, event: str, since: datetime):
    return WebhookDelivery.objects.filter(article_id=article_id, event=event, created_at__gte=since)


def _keep_one_delivery_each(
    article_id: int, event: str, since: datetime, recorded: set[int]
) -> None:
    # Webhook deliveries are the one receiver whose effect is not idempotent: a partner must
    # get one event. The stopped process may have recorded its deliveries without queueing
    # them; the copies just made are queued. Keep the copy unless the original has been
    # attempted already.
    copies = _deliveries(article_id, event, since).exclude(pk__in=recorded)
    for original in WebhookDelivery.objects.filter(pk__in=recorded):
        untouched = WebhookDelivery.objects.filter(
            pk=original.pk, attempts=0, state=WebhookDelivery.State.PENDING
        )
        if not untouched.delete()[0]:
            copies.filter(endpoint_id=original.endpoint_id).delete()
