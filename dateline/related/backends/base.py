"""The related-items engine interface."""

from __future__ import annotations

from dateline.articles.models import Article


class BaseRelatedBackend:
    """Find the related items of an article. Subclasses implement ``candidates``."""

    def related(self, article: Article, limit: int) -> list[Article]:
        """Return up to ``limit`` public items: editor pins first in their order, then
        the backend's candidates, oldest first. The article itself never appears."""
        pinned = self.pinned(article)[:limit]
        exclude = {article.pk, *(a.pk for a in pinned)}
        remaining = limit - len(pinned)
        found = self.candidates(article, remaining, exclude) if remaining > 0 else []
        return pinned + found

    def pinned(self, article: Article) -> list[Article]:
        """Return the public items pinned under ``article``, in the editor's order."""
        ids = list(article.pins.order_by("position").values_list("target_id", flat=True))
        if not ids:
            return []
        found = {a.pk: a for a in Article.objects.public().for_listing().filter(pk__in=ids)}
        return [found[i] for i in ids if i in found]

    def candidates(self, article: Article, limit: int, exclude: set[int]) -> list[Article]:
        """Return up to ``limit`` automatic picks, oldest first, none of ``exclude``."""
        raise NotImplementedError
