"""Background tasks (django-tasks) used when ``DATELINE_BAKE_IN_BACKGROUND`` is on."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_article_pages(article_id: int) -> dict:
    """Rebuild the pages a change to ``article_id`` affects; return the bake summary."""
    from dateline.publishing.changes import rebuild_article

    return rebuild_article(article_id).summary()


@task()
def purge_keys(keys: list[str]) -> bool:
    """Purge ``keys`` from the CDN, with retries; return whether it went through."""
    from dateline.publishing.purge import purge_with_retries

    return purge_with_retries(keys)
