"""A related-items backend for tests: answers from a dictionary set by the test."""

from __future__ import annotations

from dateline.articles.models import Article
from dateline.related.backends.base import BaseRelatedBackend

PICKS: dict[int, list[int]] = {}


class InMemoryRelatedBackend(BaseRelatedBackend):
    """Return ``PICKS[article.pk]`` (public items only), oldest first."""

    def candidates(self, article: Article, limit: int, exclude: set[int]) -> list[Article]:
        ids = [i for i in PICKS.get(article.pk, []) if i not in exclude]
        rows = Article.objects.public().for_listing().filter(pk__in=ids).order_by("-sort")
        return list(rows[:limit])
