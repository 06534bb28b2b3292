"""Signal receivers: publishing events (sent after commit) update the index."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from dateline.articles.models import Article
from dateline.search import indexing

logger = logging.getLogger("dateline.search")


def index_article(sender, article: Article, **kwargs) -> None:
    """Index a published or updated article (or drop it if it no longer qualifies)."""
    _safely(indexing.refresh, article)


def remove_article(sender, article: Article, **kwargs) -> None:
    """Drop an unpublished or killed article from the index."""
    _safely(lambda a: indexing.backend().remove([a.pk]), article)


def _safely(action, article: Article) -> None:
    # The publish has committed; a search failure must not turn it into an error for the
    # editor. The next rebuild repairs the index, and the log says which article to check.
    try:
        action(article)
    except DatabaseError:
        logger.exception("Search index not updated for article %s", article.pk)
