"""Publish, update, unpublish and kill articles; each change announces its event after commit.

Every change that alters what readers see of an item goes out as one event (``announce``):
the status steps here, and the desk's other steps (corrections, placement edits, embargoes,
pins) through the same function, recorded by ``dateline.desk.announcements.track``. The
event is sent once the transaction commits; its consumers run in the order
``dateline.events`` declares.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.articles.sortkeys import allocate_sort_key


class Announcement:
    """The event of one article's change, sent when the transaction commits.

    ``event_id`` is the id of the event's record when a step recorded it
    (``dateline.desk.announcements.track``), so that consumers can tell a replay.
    """

    def __init__(self, kind: str, article: Article) -> None:
        self.kind = kind
        self.article = article
        self.event_id: int | None = None
        self.sent = False

    def __call__(self) -> None:
        self.sent = True
        signals.BY_NAME[self.kind].send(
            sender=Article, article=self.article, event_id=self.event_id
        )


def announce(article: Article, kind: str) -> Announcement:
    """Send ``kind``'s event for ``article`` after the commit; return the announcement.

    A transaction announces each article once: a later call joins the pending
    announcement, and its kind wins unless it is a mere ``updated`` (a publish followed by
    a placement edit is still a publish).
    """
    if kind not in signals.BY_NAME:
        raise ValueError(f"unknown event {kind!r}; choose one of {', '.join(signals.BY_NAME)}")
    pending = pending_announcement(article.pk)
    if pending is not None:
        pending.article = article
        if kind != "updated":
            pending.kind = kind
        return pending
    announcement = Announcement(kind, article)
    transaction.on_commit(announcement)
    return announcement


def pending_announcement(article_id: int) -> Announcement | None:
    """Return the announcement of ``article_id`` waiting for this transaction's commit."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    # Django keeps the commit hooks of the open transaction here, and drops those of a
    # rolled-back savepoint, so a hook found here will run (tests run hooks early: ``sent``).
    for _savepoints, hook, _robust in connection.run_on_commit:
        if isinstance(hook, Announcement) and hook.article.pk == article_id and not hook.sent:
            return hook
    return None


@transaction.atomic
def publish(article: Article, at: datetime | None = None) -> Article:
    """Publish ``article`` now (or at ``at``), giving it a sort key if it has none."""
    was_published = article.status == Article.Status.PUBLISHED
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or not was_published:
        article.published_at = at or article.published_at or timezone.now()
    if article.sort is None:
        article.sort = allocate_sort_key()
    article.save()
    announce(article, "updated" if was_published else "published")
    return article


def _withdraw(article: Article, status: str, kind: str) -> Article:
    article.status = status
    article.save(update_fields=["status", "updated_at"])
    announce(article, kind)
    return article


@transaction.atomic
def unpublish(article: Article) -> Article:
    """Take ``article`` off every public output, keeping it for editors."""
    return _withdraw(article, Article.Status.UNPUBLISHED, "unpublished")


@transaction.atomic
def kill(article: Article) -> Article:
    """Remove ``article`` from every output for good; its URL answers 410."""
    return _withdraw(article, Article.Status.KILLED, "killed")
