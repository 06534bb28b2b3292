"""Rebuild baked pages when an article is published, updated, unpublished or killed.

The ``article_*`` signals are sent after the commit. With ``DATELINE_BAKE_IN_BACKGROUND``
the rebuild is a django-tasks task for the worker (``dateline db_worker``); without it (the
default, so one process with no worker still publishes) the rebuild runs right away in the
publishing process, which keeps publish-to-live under a second. Either way the pages to
build are first marked in the ledger, so a crash leaves work that ``dateline bake --resume``
finishes.
"""

from __future__ import annotations

import logging

from dateline.articles import signals as article_signals
from dateline.conf import setting

logger = logging.getLogger("dateline.publishing")


def schedule_rebuild(article_id: int) -> None:
    """Rebuild the pages of ``article_id`` now or in the background; never raise."""
    if setting("DATELINE_BAKE_IN_BACKGROUND"):
        from dateline.publishing.tasks import rebuild_article_pages

        rebuild_article_pages.enqueue(article_id)
        return
    from dateline.publishing.changes import rebuild_article

    try:
        rebuild_article(article_id, tail_in_background=setting("DATELINE_BAKE_TAIL_IN_BACKGROUND"))
    except Exception:
        # The article is already published; a failed bake must not turn that into an error.
        logger.exception("Rebuilding the pages of article %s failed", article_id)


def _changed(sender, article, **kwargs) -> None:
    if setting("DATELINE_BAKE"):
        schedule_rebuild(article.pk)


def connect() -> None:
    article_signals.connect_to_every_change(_changed, "dateline-publishing")
