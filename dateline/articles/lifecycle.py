"""Publish, update, unpublish and kill articles; each change sends its signal after commit."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.articles.sortkeys import allocate_sort_key


def _send_after_commit(signal: Signal, article: Article) -> None:
    transaction.on_commit(lambda: signal.send(sender=Article, article=article))


@transaction.atomic
def publish(article: Article, at: datetime | None = None) -> Article:
    """Publish ``article`` now (or at ``at``), giving it a sort key if it has none."""
    was_published = article.status == Article.Status.PUBLISHED
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or not was_published:
        article.published_at = at or article.published_at or timezone.now()
    if article.sort is None:
        article.sort = allocate_sort_key()
    article.save()
    _send_after_commit(
        signals.article_updated if was_published else signals.article_published, article
    )
    return article


def _withdraw(article: Article, status: str, signal: Signal) -> Article:
    article.status = status
    article.save(update_fields=["status", "updated_at"])
    _send_after_commit(signal, article)
    return article


@transaction.atomic
def unpublish(article: Article) -> Article:
    """Take ``article`` off every public output, keeping it for editors."""
    return _withdraw(article, Article.Status.UNPUBLISHED, signals.article_unpublished)


@transaction.atomic
def kill(article: Article) -> Article:
    """Remove ``article`` from every output for good; its URL answers 410."""
    return _withdraw(article, Article.Status.KILLED, signals.article_killed)
