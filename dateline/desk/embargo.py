"""An embargo put back on a live item takes it off every public output at once.

Editors set ``embargo_until`` in the article's admin form, which saves the placement fields
directly, without a workflow step, so no publishing event would follow: the item would stay
in baked pages, related lists and search until something else changed. When a save turns a
public item into an embargoed one, ``article_unpublished`` is sent after the commit, so
every receiver drops it as it would an unpublished item (when the embargo passes, the next
update or index rebuild brings it back, as for any item published under embargo).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from dateline.articles import signals
from dateline.articles.models import Article

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
