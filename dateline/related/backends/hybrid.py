"""The default engine: reads the lists the background task computed and stored.

The hybrid ranking (lexical BM25, shared topics and entities, same story, recency, an
optional dense signal) runs in ``dateline.related.service`` after each publish; a page view
only reads ``RelatedLink`` rows, so it never computes similarity. Until the task has run
for an article, its list falls back to the simple engine's one indexed query.
"""

from __future__ import annotations

from dateline.articles.models import Article
from dateline.related.backends.simple import SimpleRelatedBackend, oldest
from dateline.related.models import RelatedLink


class HybridRelatedBackend(SimpleRelatedBackend):
    """Return the stored picks that are still public, oldest first: those in the article's
    language, then those in another (``DATELINE_RELATED_OTHER_LANGUAGES``), so coverage in
    another language always comes after the article's own."""

    def candidates(self, article: Article, limit: int, exclude: set[int]) -> list[Article]:
        links = RelatedLink.objects.filter(article=article)
        ids = list(links.order_by("rank").values_list("target_id", flat=True))
        if not ids:
            return super().candidates(article, limit, exclude)
        ids = [i for i in ids if i not in exclude]
        rows = list(Article.objects.public().for_listing().filter(pk__in=ids))
        best = sorted(rows, key=lambda a: ids.index(a.pk))[:limit]
        return sorted(best, key=lambda item: (item.language != article.language, *oldest(item)))
