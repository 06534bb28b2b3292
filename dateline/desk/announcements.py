"""Every workflow step's event is recorded, and its consumers run even when the process
taking the step dies.

A step commits the article's new state and, in the same transaction, an
``UnfinishedRelease`` row naming the event (published, updated, unpublished, killed): the
event's record, whose id the consumers see. After the commit the consumers run in the order
of ``dateline.events.ORDER``; each finished step is noted on the row, and the row goes once
all have run. A web or worker process killed in between leaves the row, and ``dateline
worker`` runs the steps not done yet (``finish_interrupted``): rows of a process of this
host that has ended at once, any other after ``OTHER_HOST_PATIENCE`` (a step that raised, a
process on another host, which cannot be checked, or steps handed to a worker's task).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dateline import events
from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.desk.models import UnfinishedRelease
from dateline.site.processes import new_worker_id, owner_is_gone

logger = logging.getLogger("dateline.desk.announcements")

# Whether a process on another host still runs cannot be checked; steps take seconds.
OTHER_HOST_PATIENCE = timedelta(minutes=10)

S = Article.Status
# The status an article must still have for its event to be worth running again; a later
# step has sent its own event (whose consumers see the same state) otherwise.
STATUS_OF = {
    "published": S.PUBLISHED,
    "updated": S.PUBLISHED,
    "unpublished": S.UNPUBLISHED,
    "killed": S.KILLED,
}


def track(article: Article, event: str) -> int:
    """Announce ``event`` for ``article`` after the commit, recorded; return the record's id.

    Call it inside the step's transaction. A step that already announced the article
    (``lifecycle.publish``, ``unpublish``, ``kill``) is joined, so the change goes out as
    one event.
    """
    # Outside a transaction the event would go out at once, before its record exists.
    with transaction.atomic():
        announcement = lifecycle.announce(article, event)
        if announcement.event_id is None:
            row = UnfinishedRelease.objects.create(
                article=article, owner=new_worker_id(), event=announcement.kind
            )
            announcement.event_id = row.pk
        else:
            UnfinishedRelease.objects.filter(pk=announcement.event_id).update(
                event=announcement.kind
            )
    return announcement.event_id


def finish_interrupted(before_replay: Callable[[], object] | None = None) -> list[int]:
    """Run the steps of events whose process stopped before they finished; return the
    articles' ids. Each row is claimed first, so two workers never both run it.

    ``before_replay`` runs before each replay: the worker frees the baked-page claims of
    stopped processes there (the desk knows nothing of baking)."""
    finished = []
    patience = timezone.now() - OTHER_HOST_PATIENCE
    for row in UnfinishedRelease.objects.order_by("pk"):
        if not (owner_is_gone(row.owner) or row.created_at < patience):
            continue
        owner = new_worker_id()
        if not UnfinishedRelease.objects.filter(pk=row.pk, owner=row.owner).update(owner=owner):
            continue
        article = Article.objects.filter(pk=row.article_id, status=STATUS_OF[row.event]).first()
        if article is None:
            # Moved on since: the later step's event has run its consumers instead.
            UnfinishedRelease.objects.filter(pk=row.pk).delete()
        else:
            logger.warning(
                "Running again the %s event of article %s (steps done: %s): its process stopped",
                row.event,
                row.article_id,
                row.done or "none",
            )
            if before_replay is not None:
                before_replay()
            if not events.run(events.Event(row.event, article, row.pk)):
                # A step that fails again is logged; the event is not retried forever.
                UnfinishedRelease.objects.filter(pk=row.pk).delete()
        finished.append(row.article_id)
    return finished
