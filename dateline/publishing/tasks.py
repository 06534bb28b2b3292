"""Background tasks (django-tasks) of baking: every rebuild with ``DATELINE_BAKE_IN_BACKGROUND``,
the long tail of a change with ``DATELINE_BAKE_TAIL_IN_BACKGROUND``."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_article_pages(article_id: int) -> dict:
    """Rebuild the pages a change to ``article_id`` affects; return the bake summary."""
    from dateline.publishing.changes import rebuild_article

    return rebuild_article(article_id).summary()


@task()
def rebuild_pages(page_ids: list[int]) -> dict:
    """Rebuild the ledger's pages ``page_ids`` (the long tail of a change); return the summary."""
    from dateline.publishing.changes import rebuild_marked

    return rebuild_marked(page_ids).summary()


@task()
def purge_keys(keys: list[str]) -> bool:
    """Purge ``keys`` from the CDN, with retries; return whether it went through."""
    from dateline.publishing.purge import purge_with_retries

    return purge_with_retries(keys)
