"""The ``related`` step of ``dateline.events``: queue the related-items work of a change.

The work runs in a task (``tasks.refresh_related``): the related index lives in worker
processes, not in every web process. When the task changes a story or a related list, it
hands the articles to ``events.follow_up``, which rebuilds the pages that show them.
"""

from __future__ import annotations

from dateline import events


def queue_refresh(event: events.Event) -> None:
    """Queue ``refresh_related`` for the article of ``event``."""
    from dateline.related.tasks import refresh_related

    refresh_related.enqueue(event.article.pk, event.kind, event.id)


def connect() -> None:
    """Register the step (from ``RelatedConfig.ready``)."""
    events.register("related", queue_refresh)
