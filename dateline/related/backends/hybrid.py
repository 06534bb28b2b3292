"""The default engine: reads the lists the background task computed and stored.

The hybrid ranking (lexical BM25, shared topics and entities, same story, recency, an
optional dense signal) runs in ``dateline.related.service`` after each publish; a page view
only reads ``RelatedLink`` rows, so it never computes similarity. Until the task has run
for an article, its list falls back to the simple engine's one indexed query.
"""

from __future__ import annotations

from dateline.articles.models import Article
from dateline.related.backends.simple import SimpleRelatedBackend
from dateline.related.models import RelatedLink


class HybridRelatedBackend(SimpleRelatedBackend):
    """Return the stored picks that are still public, oldest first."""

    def candidates(self, article: Article, limit: int, exclude: set[int]) -> list[Article]:
        links = RelatedLink.objects.filter(article=article)
        ids = list(links.order_by("rank").values_list("target_id", flat=True))
        if not ids:
            return super().candidates(article, limit, exclude)
        ids = [i for i in ids if i not in exclude]
        rows = list(Article.objects.public().for_listing().filter(pk__in=ids))
        best = sorted(rows, key=lambda a: ids.index(a.pk))[:limit]
        return sorted(best, key=_oldest_first)


def _oldest_first(article: Article) -> tuple:
    # Sort keys fall as time rises: the largest key is the oldest item.
    return (-(article.sort or 0), article.published_at, article.pk)
