"""Background tasks of the related engine (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from dateline.related import service


@task()
def refresh_related(article_id: int) -> None:
    """Re-index one article, re-place it in a story and recompute the lists it touches."""
    service.refresh_article(article_id)


@task()
def refresh_lists(article_ids: list[int]) -> None:
    """Recompute the stored related lists of these articles (after a story edit)."""
    service.refresh_many(article_ids)
