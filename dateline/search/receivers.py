"""The ``search`` step of ``dateline.events``: index a changed article, or drop it."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from dateline import events
from dateline.search import indexing

logger = logging.getLogger("dateline.search")


def update_index(event: events.Event) -> None:
    """Index a published or updated article; drop one that is hidden or no longer qualifies."""
    try:
        if event.hides:
            indexing.backend().remove([event.article.pk])
        else:
            indexing.refresh(event.article)
    except DatabaseError:
        # The change has committed; a search failure must not turn it into an error for the
        # editor. The next rebuild repairs the index, and the log says which article to check.
        logger.exception("Search index not updated for article %s", event.article.pk)


def connect() -> None:
    """Register the step (from ``SearchConfig.ready``)."""
    events.register("search", update_index)
