"""Receivers of the publishing events: queue the related-items work after the commit."""

from __future__ import annotations

from django.db import transaction

from dateline.articles import signals as article_signals


def queue_refresh(sender, article, **kwargs) -> None:
    """Queue ``refresh_related`` for the article once the current transaction commits."""
    from dateline.related.tasks import refresh_related

    article_id = article.pk
    transaction.on_commit(lambda: refresh_related.enqueue(article_id))


def connect() -> None:
    """Connect the receivers (from ``RelatedConfig.ready``)."""
    article_signals.connect_to_every_change(queue_refresh, "dateline.related")
