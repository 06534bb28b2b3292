"""The related-items engine interface."""

from __future__ import annotations

from dateline.articles.models import Article


class BaseRelatedBackend:
    """Find the related items of an article. Subclasses implement ``candidates``.

    Editor decisions are applied here, for every backend: pinned items always come first
    in the editor's order, excluded items never appear.
    """

    def related(self, article: Article, limit: int) -> list[Article]:
        """Return up to ``limit`` public items: editor pins first in their order, then
        the backend's candidates, oldest first. The article itself never appears."""
        pinned = self.pinned(article)[:limit]
        exclude = {article.pk, *(a.pk for a in pinned), *self.excluded(article)}
        remaining = limit - len(pinned)
        found = self.candidates(article, remaining, exclude) if remaining > 0 else []
        return pinned + [a for a in found if a.pk not in exclude][:remaining]

    def pinned(self, article: Article) -> list[Article]:
        """Return the public items pinned under ``article``, in the editor's order."""
        ids = list(article.pins.order_by("position").values_list("target_id", flat=True))
        if not ids:
            return []
        found = {a.pk: a for a in Article.objects.public().for_listing().filter(pk__in=ids)}
        return [found[i] for i in ids if i in found]

    def excluded(self, article: Article) -> set[int]:
        """Return the ids an editor excluded from ``article``'s list."""
        return set(article.related_exclusions.values_list("target_id", flat=True))

    def candidates(self, article: Article, limit: int, exclude: set[int]) -> list[Article]:
        """Return up to ``limit`` automatic picks, oldest first, none of ``exclude``."""
        raise NotImplementedError
