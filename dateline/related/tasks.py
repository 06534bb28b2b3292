"""Background tasks of the related engine (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from dateline import events
from dateline.articles.models import Article
from dateline.related import service


@task()
def refresh_related(article_id: int, kind: str = "updated", event_id: int | None = None) -> None:
    """Re-index one article, re-place it in a story and recompute the lists it touches; then
    rebuild the pages that show what changed (``events.follow_up``)."""
    touched = service.refresh_article(article_id)
    article = Article.objects.filter(pk=article_id).first() or Article(pk=article_id)
    events.follow_up(events.Event(kind, article, event_id), touched)


@task()
def refresh_lists(article_ids: list[int]) -> None:
    """Recompute the stored related lists of these articles (after a story edit)."""
    service.refresh_many(article_ids)
