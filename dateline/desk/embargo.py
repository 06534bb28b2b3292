"""Embargoes: put back on a live item, it leaves every public output at once; when it passes,
the item joins them.

Pages, feeds and search ask ``Article.objects.public()`` at request time, so they follow an
embargo by the clock. What is built ahead (baked pages, stored related lists, story
timelines, webhooks) is built by the receivers of the publishing events, so both edges of an
embargo send one: ``article_unpublished`` when an editor re-imposes it, ``article_published``
when ``dateline worker`` finds it passed (``lift_passed``).

Editors set ``embargo_until`` in the article's admin form, which saves the placement fields
directly, without a workflow step, so no publishing event would follow: the item would stay
in baked pages, related lists and search until something else changed. When a save turns a
public item into an embargoed one, ``article_unpublished`` is sent after the commit, so
every receiver drops it as it would an unpublished item.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.desk import announcements
from dateline.desk.models import Transition

_WAS_PUBLIC = "_dateline_was_public"


def _note_visibility(sender, instance: Article, update_fields=None, **kwargs) -> None:
    """Before a save that may set an embargo on a live item, note whether it is public now."""
    if instance.pk is None or instance.status != Article.Status.PUBLISHED:
        return
    if update_fields is not None and "embargo_until" not in update_fields:
        return
    setattr(instance, _WAS_PUBLIC, Article.objects.public().filter(pk=instance.pk).exists())


def _announce_embargo(sender, instance: Article, created: bool, **kwargs) -> None:
    """After the save, announce the item as withdrawn if the embargo hid it."""
    was_public = instance.__dict__.pop(_WAS_PUBLIC, False)
    if created or not was_public or instance.is_public:
        return
    transaction.on_commit(
        lambda: signals.article_unpublished.send(sender=Article, article=instance)
    )


def connect() -> None:
    """Connect the receivers (from ``DeskConfig.ready``)."""
    pre_save.connect(_note_visibility, sender=Article, dispatch_uid="desk-embargo-before")
    post_save.connect(_announce_embargo, sender=Article, dispatch_uid="desk-embargo-after")


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
    transaction.on_commit(lambda: signals.article_published.send(sender=Article, article=article))
    announcements.track(article, "published")
    return True
